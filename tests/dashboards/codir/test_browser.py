"""End to end in headless Chromium: the executive opens the CoDir dashboard, sees the charts drawn, refreshes and sees
the progress bar end (tests/browser/test_browser.py's browser: skipped without /usr/bin/chromium, except in CI)."""

from __future__ import annotations

import pytest

from bns.models import Role
from dashboards.models import SnapshotRun
from dashboards.services import snapshot_compute
from tests.browser.test_browser import _log_in, browser, page_factory  # noqa: F401 (fixtures)
from tests.dashboards.codir.conftest import add_programme
from tests.dashboards.conftest import AS_OF, build_org
from tests.factories import DEFAULT_PASSWORD, MembershipFactory, TenantFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def codir(transactional_db):
    tenant = TenantFactory(name="Groupe Armor Automobiles", slug="armor", require_mfa_for_leaders=False)
    o = build_org(tenant)
    add_programme(o)
    snapshot_compute(tenant=tenant, day=AS_OF)
    executive = UserFactory(email="dirigeant@bns.example", full_name="Dirigeant Armor")
    MembershipFactory(tenant=tenant, user=executive, role=Role.EXECUTIVE)
    return tenant, executive


def test_the_executive_sees_the_charts_and_refreshes(page_factory, codir):  # noqa: F811
    tenant, executive = codir
    page = page_factory(viewport={"width": 1400, "height": 1000})
    _log_in(page, executive.email, DEFAULT_PASSWORD)
    page.goto(f"/g/{tenant.slug}/dashboards/")
    assert page.locator("[data-testid=maturity-index]").inner_text().startswith("51,79")
    # plotly.js (vendored) drew both charts: an SVG inside each figure's div.
    page.wait_for_selector("#chart-heatmap .main-svg")
    assert page.locator("#chart-heatmap .main-svg").count() >= 1
    assert page.locator("#chart-trends .main-svg").count() >= 1 or page.locator("#chart-trends").count() == 0

    page.click("[data-testid=refresh]")
    page.wait_for_selector("[data-testid=refresh-progress]")
    page.wait_for_selector("[data-testid=refresh-done]", timeout=60_000)  # the bar polled until the run was done
    assert SnapshotRun.unscoped.filter(tenant=tenant, status="done").count() == 2
    with page.expect_navigation():
        page.click("[data-testid=refresh-reload]")
    assert "/dashboards/" in page.url and page.locator("[data-testid=freshness]").inner_text().count("Dirigeant Armor") == 1
