"""End to end in headless Chromium (Playwright): the real login form, the chooser and the tenant switcher.

Uses Debian's /usr/bin/chromium (never `playwright install`). Skipped when it is missing, except with
BNS_REQUIRE_SERVICES=1 (CI), where a missing browser is a failure. BNS_UPDATE_SCREENSHOT=1 also refreshes
docs/home.png from the demo data.
"""

from __future__ import annotations

import os
import re
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from bns.models import Role
from tests.factories import DEFAULT_PASSWORD, MembershipFactory, SiteFactory, TenantFactory, UserFactory

# One xdist worker runs them all (`--dist loadgroup`), so Chromium starts once per run, not once per worker.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "home.png"
TIMEOUT_MS = 20_000


def _unavailable(reason: str):
    if os.environ.get("BNS_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason} (BNS_REQUIRE_SERVICES=1: the browser test must run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        _unavailable("Chromium is not installed at /usr/bin/chromium (Debian: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (make install)")
    # Playwright's sync API keeps an asyncio loop running in this thread for as long as it is open; Django
    # refuses ORM calls from such a thread (the tests' own and pytest-django's flush) unless told otherwise.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            try:
                yield browser
            finally:
                browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page_factory(browser, live_server):
    contexts = []

    def make(**options):
        context = browser.new_context(base_url=live_server.url, locale="fr-FR", **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _log_in(page, email: str, password: str) -> None:
    page.goto("/")
    assert "/accounts/login/" in page.url  # anonymous: sent to the login form
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("[data-testid=login-form] button[type=submit]")
    assert "/accounts/login/" not in page.url, page.content()


def _tenant_name(page) -> str:
    return page.locator("[data-testid=tenant-name]").inner_text().strip()


@pytest.fixture
def two_groups(transactional_db):
    armor = TenantFactory(name="Groupe Armor Automobiles", slug="armor")
    atlantique = TenantFactory(name="Groupe Atlantique Auto", slug="atlantique")
    SiteFactory(tenant=armor, name="Armor Rennes", city="Rennes")
    SiteFactory(tenant=atlantique, name="Atlantique Nantes Est", city="Nantes")
    consultant = UserFactory(email="consultant@bns.example", full_name="Consultant BNS")
    for tenant in (armor, atlantique):
        MembershipFactory(tenant=tenant, user=consultant, role=Role.CONSULTANT)
    return armor, atlantique, consultant


def test_consultant_logs_in_and_switches_group(page_factory, two_groups):
    armor, atlantique, consultant = two_groups
    page = page_factory(viewport={"width": 1280, "height": 800})
    _log_in(page, consultant.email, DEFAULT_PASSWORD)

    # A member of two groups lands on the chooser, with no group in the header yet.
    assert urlsplit(page.url).path == "/"
    assert _tenant_name(page) == "Business Networking Strategy"
    assert page.locator(f"a[href='/g/{armor.slug}/']").count() == 1
    assert page.locator(f"a[href='/g/{atlantique.slug}/']").count() == 1

    # The header's switcher submits itself on change (JavaScript on).
    for tenant in (atlantique, armor, atlantique):
        with page.expect_navigation():
            page.select_option("select#tenant-switch", tenant.slug)
        assert re.search(rf"/g/{tenant.slug}/$", page.url), page.url
        assert _tenant_name(page) == tenant.name
        assert page.locator("select#tenant-switch").input_value() == tenant.slug


def test_switcher_works_without_javascript(page_factory, two_groups):
    armor, atlantique, consultant = two_groups
    page = page_factory(java_script_enabled=False)
    _log_in(page, consultant.email, DEFAULT_PASSWORD)
    page.goto(f"/g/{armor.slug}/")
    assert _tenant_name(page) == armor.name
    page.select_option("select#tenant-switch", atlantique.slug)
    with page.expect_navigation():
        page.click("form.tenant-switcher button[type=submit]")  # the <noscript> button
    assert page.url.endswith(f"/g/{atlantique.slug}/")
    assert _tenant_name(page) == atlantique.name


def test_other_group_is_not_found(page_factory, two_groups):
    armor, _atlantique, _consultant = two_groups
    outsider = UserFactory(email="outsider@bns.example")
    other = TenantFactory(name="Groupe Tiers", slug="tiers")
    MembershipFactory(tenant=other, user=outsider, role=Role.ADMIN)
    page = page_factory()
    _log_in(page, outsider.email, DEFAULT_PASSWORD)
    assert page.url.endswith("/g/tiers/")  # a single group: straight to its home
    response = page.goto(f"/g/{armor.slug}/")
    assert response.status == 404


@pytest.mark.skipif(os.environ.get("BNS_UPDATE_SCREENSHOT") != "1", reason="set BNS_UPDATE_SCREENSHOT=1 to refresh docs/home.png")
def test_update_home_screenshot(page_factory, transactional_db):
    call_command("seed_demo", "--force", stdout=StringIO())
    page = page_factory(viewport={"width": 1280, "height": 800}, device_scale_factor=1)
    _log_in(page, "codir@armor.example", "demo")
    page.goto("/g/armor/")
    assert _tenant_name(page) == "Groupe Armor Automobiles"
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 10_000

