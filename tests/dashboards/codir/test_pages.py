"""The CoDir, dealership and department dashboards, the definitions, the refresh flow and the CSV exports."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from bns.models import Role
from dashboards.models import MetricSnapshot, SnapshotRun
from dashboards.services import snapshot_compute
from tests.dashboards.codir.conftest import add_programme, member
from tests.dashboards.conftest import AS_OF, build_org

pytestmark = pytest.mark.django_db


def url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


def login(client, tenant, role, **kwargs):
    client.force_login(member(tenant, role, **kwargs))
    return client


@pytest.fixture
def snap(tenant):
    o = build_org(tenant)
    o.programme = add_programme(o)
    o.run = snapshot_compute(tenant=tenant, day=AS_OF)
    return o


# --- Who sees what ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.ADMIN, Role.EXECUTIVE, Role.SITE_DIRECTOR, Role.CONSULTANT])
def test_leaders_and_consultants_see_the_dashboards(client, snap, role):
    login(client, snap.tenant, role)
    for name, kwargs in [("dashboards_codir", {}), ("dashboards_site", {"pk": snap.rennes.pk}),
                         ("dashboards_department", {"pk": snap.vn.pk})]:
        response = client.get(url(snap.tenant, name, **kwargs))
        assert response.status_code == 200, (role, name)


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.MANAGER, Role.MARKETING])
def test_other_members_get_403_on_the_dashboards_but_read_the_definitions(client, snap, role):
    login(client, snap.tenant, role)
    for name, kwargs in [("dashboards_codir", {}), ("dashboards_site", {"pk": snap.rennes.pk}),
                         ("dashboards_department", {"pk": snap.vn.pk}), ("dashboards_export", {"table": "maturity"}),
                         ("dashboards_run_progress", {"pk": snap.run.pk})]:
        assert client.get(url(snap.tenant, name, **kwargs)).status_code == 403, name
    assert client.post(url(snap.tenant, "dashboards_refresh")).status_code == 403
    assert client.get(url(snap.tenant, "dashboards_metric_list")).status_code == 200
    page = client.get(url(snap.tenant, "dashboards_metric_detail", key="maturity_index"))
    assert page.status_code == 200 and 'data-testid="group-value"' not in page.content.decode()


def test_anonymous_is_sent_to_login(client, snap):
    response = client.get(url(snap.tenant, "dashboards_codir"))
    assert response.status_code in (302, 404)


# --- The CoDir dashboard ---------------------------------------------------------------------------------------


def test_the_codir_dashboard_shows_the_snapshot(client, snap):
    login(client, snap.tenant, Role.EXECUTIVE)
    response = client.get(url(snap.tenant, "dashboards_codir"))
    page = response.content.decode()
    assert 'data-testid="maturity-index"' in page and "51,79" in page  # conftest's hand-computed maturity
    assert 'data-testid="maturity-level"' in page and "3/5" in page
    assert 'data-plotly-figure="chart-heatmap-data"' in page and 'id="chart-heatmap-data"' in page
    assert "vendor/plotly.min.js" in page and "<script>" not in page  # no inline script (CSP)
    for section in ("coordination", "sharing", "results", "pulse", "activity", "profile_quality", "kpis", "heatmap", "trends"):
        assert f'data-section="{section}"' in page, section
    assert url(snap.tenant, "dashboards_metric_detail", key="uncoordinated_overlaps") in page  # each figure: its definition
    assert url(snap.tenant, "networking_coordination") in page  # the rows behind, for those who may see them
    assert url(snap.tenant, "dashboards_site", pk=snap.rennes.pk) in page
    assert "3,83" in page  # the pulse's pride
    assert "traitement de nuit" in page  # French by default: "computed by the nightly job"
    assert url(snap.tenant, "dashboards_export", table="heatmap") in page
    assert "@media print" in page


def test_the_freshness_line_names_who_computed(client, snap, django_capture_on_commit_callbacks):
    executive = member(snap.tenant, Role.EXECUTIVE)
    SnapshotRun.unscoped.filter(pk=snap.run.pk).update(requested_by=executive)
    client.force_login(executive)
    page = client.get(url(snap.tenant, "dashboards_codir")).content.decode()
    assert executive.full_name in page
    assert 'data-testid="refresh"' in page


def test_the_pulse_too_few_answers_is_said(client, tenant):
    build_org(tenant, pulse=False)
    snapshot_compute(tenant=tenant, day=AS_OF)
    login(client, tenant, Role.EXECUTIVE)
    page = client.get(url(tenant, "dashboards_codir")).content.decode()
    assert 'data-testid="pulse-hidden"' in page


def test_the_pulse_absent_from_the_snapshot_is_not_shown(client, snap):
    MetricSnapshot.unscoped.filter(tenant=snap.tenant, metric_key__startswith="pulse_").delete()
    login(client, snap.tenant, Role.EXECUTIVE)
    page = client.get(url(snap.tenant, "dashboards_codir")).content.decode()
    assert 'data-section="pulse"' not in page and 'data-testid="pulse-absent"' in page


def test_without_a_snapshot_the_page_says_so_and_offers_to_compute(client, tenant):
    build_org(tenant)
    login(client, tenant, Role.ADMIN)
    page = client.get(url(tenant, "dashboards_codir")).content.decode()
    assert 'data-testid="no-snapshot"' in page and 'data-testid="empty"' in page and 'data-testid="refresh"' in page
    client.force_login(member(tenant, Role.CONSULTANT))
    page = client.get(url(tenant, "dashboards_codir")).content.decode()
    assert 'data-testid="empty"' in page and 'data-testid="refresh"' not in page


def test_the_page_reads_the_latest_done_run_only(client, snap):
    """A later run still running (or failed) changes nothing: the rows shown are those of the last done run's day."""
    SnapshotRun.unscoped.create(tenant=snap.tenant, day=date(2026, 4, 2), status=SnapshotRun.Status.RUNNING, progress=40)
    SnapshotRun.unscoped.create(tenant=snap.tenant, day=date(2026, 4, 3), status=SnapshotRun.Status.FAILED)
    login(client, snap.tenant, Role.EXECUTIVE)
    response = client.get(url(snap.tenant, "dashboards_codir"))
    assert response.context["page"].day == AS_OF
    page = response.content.decode()
    assert 'data-testid="refresh-progress"' in page and 'hx-trigger="every 1s"' in page  # the run under way shows its bar
    assert 'value="40"' in page


def test_the_kpis_against_their_targets(client, snap):
    from bns.programme.models import Kpi, KpiValue

    kpi = Kpi.unscoped.create(tenant=snap.tenant, programme=snap.programme, name="Active share", metric_key="active_employees",
                              unit="%", target=80)
    KpiValue.unscoped.create(tenant=snap.tenant, kpi=kpi, measured_on=AS_OF, value=66)
    login(client, snap.tenant, Role.EXECUTIVE)
    page = client.get(url(snap.tenant, "dashboards_codir")).content.decode()
    assert 'data-testid="kpis"' in page and "Active share" in page and url(snap.tenant, "programme_kpi_detail", pk=kpi.pk) in page


# --- Dealership and department --------------------------------------------------------------------------------


def test_the_dealership_page_compares_with_the_median(client, snap):
    login(client, snap.tenant, Role.SITE_DIRECTOR)
    response = client.get(url(snap.tenant, "dashboards_site", pk=snap.rennes.pk))
    page = response.context["page"]
    assert page.level == "site" and page.entity == snap.rennes
    assert str(page.maturity.value) == "33.93"
    assert str(page.maturity.median) == "41.67"  # the median of Rennes 33.93, Brest 51.79 and Quimper 41.67
    assert page.maturity.comparison == "worse" and page.maturity.gap_text.startswith("−7,74")
    html = response.content.decode()
    assert "data-plotly-figure=\"chart-dimensions-data\"" in html and "41,67" in html
    assert url(snap.tenant, "dashboards_export", table="maturity") + f"?site={snap.rennes.pk}" in html
    keys = {f.key for section in page.sections for f in section.figures}
    assert "persons_over_solicitation_cap" not in keys and "uncoordinated_overlaps" in keys  # group-only figures left out
    assert not page.pulse_present


def test_the_department_page(client, snap):
    login(client, snap.tenant, Role.CONSULTANT)
    response = client.get(url(snap.tenant, "dashboards_department", pk=snap.vn.pk))
    page = response.context["page"]
    assert page.level == "department" and str(page.maturity.value) == "50.00"
    # APV: leadership (b) 2, profiles (3 + 2) / 2, activity 3, sharing 5, results 2, conviction 2: 16.5 / 6 -> 43.75;
    # RH (nobody): the group's declared 3, 3, 2 -> 41.67. The median of 50, 43.75 and 41.67:
    assert str(page.maturity.median) == "43.75"
    assert all("department" in f.metric.scopes for section in page.sections for f in section.figures)
    assert page.buckets and page.profiles_total == 3  # a, f, c


def test_another_groups_dealership_or_department_is_404(client, snap, other_tenant):
    other = build_org(other_tenant, pulse=False)
    login(client, snap.tenant, Role.ADMIN)
    assert client.get(url(snap.tenant, "dashboards_site", pk=other.rennes.pk)).status_code == 404
    assert client.get(url(snap.tenant, "dashboards_department", pk=other.vn.pk)).status_code == 404
    assert client.get(url(snap.tenant, "dashboards_export", table="maturity") + f"?site={other.rennes.pk}").status_code == 404
    assert client.get(url(snap.tenant, "dashboards_export", table="maturity") + "?department=abc").status_code == 404
    foreign_run = SnapshotRun.unscoped.create(tenant=other_tenant, day=AS_OF)
    assert client.get(url(snap.tenant, "dashboards_run_progress", pk=foreign_run.pk)).status_code == 404
    assert client.get(url(other_tenant, "dashboards_codir")).status_code == 404


# --- Definitions -----------------------------------------------------------------------------------------------


def test_the_definitions(client, snap):
    login(client, snap.tenant, Role.EMPLOYEE)
    page = client.get(url(snap.tenant, "dashboards_metric_list")).content.decode()
    assert 'data-metric="maturity_index"' in page and 'data-metric="programme_net_saving"' in page
    detail = client.get(url(snap.tenant, "dashboards_metric_detail", key="persons_known_no_owner"))
    html = detail.content.decode()
    assert detail.status_code == 200 and "contacts_relationship" in html and 'data-testid="as-of"' in html
    assert 'data-testid="formula"' in html
    assert client.get(url(snap.tenant, "dashboards_metric_detail", key="nope")).status_code == 404
    login(client, snap.tenant, Role.EXECUTIVE)
    html = client.get(url(snap.tenant, "dashboards_metric_detail", key="maturity_index")).content.decode()
    assert 'data-testid="group-value"' in html and "51,79" in html


# --- Refresh ---------------------------------------------------------------------------------------------------


def test_the_refresh_flow(client, snap, django_capture_on_commit_callbacks):
    """Request -> a queued run and its bar -> the bar polls -> the run is done -> the fragment says so, polling stops."""
    login(client, snap.tenant, Role.EXECUTIVE)
    codir = url(snap.tenant, "dashboards_codir")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url(snap.tenant, "dashboards_refresh"), {"next": codir}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and len(callbacks) == 1
    run = SnapshotRun.unscoped.filter(tenant=snap.tenant).order_by("-pk").first()
    assert run.status == SnapshotRun.Status.QUEUED and run.day == timezone.localdate()
    fragment = response.content.decode()
    progress_url = url(snap.tenant, "dashboards_run_progress", pk=run.pk)
    assert "<progress" in fragment and f'hx-get="{progress_url}?next=' in fragment and 'hx-trigger="every 1s"' in fragment

    SnapshotRun.unscoped.filter(pk=run.pk).update(status=SnapshotRun.Status.RUNNING, progress=57)
    polled = client.get(progress_url, {"next": codir}, HTTP_HX_REQUEST="true").content.decode()
    assert 'value="57"' in polled and 'hx-trigger="every 1s"' in polled
    assert client.get(codir).context["page"].day == AS_OF  # the page keeps the previous snapshot meanwhile

    callbacks[0]()  # the task runs (eager Celery)
    run.refresh_from_db()
    assert run.status == SnapshotRun.Status.DONE
    done = client.get(progress_url, {"next": codir}, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-testid="refresh-done"' in done and "hx-trigger" not in done and f'href="{codir}"' in done
    assert client.get(codir).context["page"].day == timezone.localdate()


def test_the_refresh_without_javascript(client, snap, django_capture_on_commit_callbacks):
    login(client, snap.tenant, Role.ADMIN)
    site_page = url(snap.tenant, "dashboards_site", pk=snap.rennes.pk)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(url(snap.tenant, "dashboards_refresh"), {"next": site_page})
    run = SnapshotRun.unscoped.filter(tenant=snap.tenant).order_by("-pk").first()
    assert response.status_code == 302 and response["Location"].startswith(url(snap.tenant, "dashboards_run_progress", pk=run.pk))
    page = client.get(response["Location"]).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page and "<progress" in page and f'href="{site_page}"' in page
    SnapshotRun.unscoped.filter(pk=run.pk).update(status=SnapshotRun.Status.FAILED, error="database unavailable")
    page = client.get(response["Location"]).content.decode()
    assert "http-equiv" not in page and "database unavailable" in page


def test_the_refresh_ignores_a_next_outside_the_dashboards(client, snap, django_capture_on_commit_callbacks):
    login(client, snap.tenant, Role.EXECUTIVE)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(url(snap.tenant, "dashboards_refresh"), {"next": "https://evil.example/"})
    assert "evil" not in response["Location"]


@pytest.mark.parametrize("role", [Role.SITE_DIRECTOR, Role.CONSULTANT])
def test_who_may_not_refresh(client, snap, role):
    login(client, snap.tenant, role)
    assert client.post(url(snap.tenant, "dashboards_refresh")).status_code == 403
    assert 'data-testid="refresh"' not in client.get(url(snap.tenant, "dashboards_codir")).content.decode()
    assert SnapshotRun.unscoped.filter(tenant=snap.tenant).count() == 1


def test_refresh_is_post_only(client, snap):
    login(client, snap.tenant, Role.ADMIN)
    assert client.get(url(snap.tenant, "dashboards_refresh")).status_code == 405


# --- Exports ---------------------------------------------------------------------------------------------------


def _csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


@pytest.mark.parametrize("table", ["maturity", "heatmap", "trends", "coordination", "activity", "sharing", "results", "pulse",
                                   "activity_sites", "activity_departments", "profile_quality", "kpis"])
def test_every_table_of_the_codir_page_exports(client, snap, table):
    login(client, snap.tenant, Role.EXECUTIVE)
    response = client.get(url(snap.tenant, "dashboards_export", table=table))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert f"-{table}-2026-03-31.csv" in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0]


def test_the_exports_hold_the_figures(client, snap):
    login(client, snap.tenant, Role.EXECUTIVE)
    rows = _csv(client.get(url(snap.tenant, "dashboards_export", table="heatmap")))
    by_site = {row[0]: row for row in rows[1:]}
    assert set(by_site) == {"Rennes", "Brest", "Quimper"} and by_site["Brest"][1] == "100.00"  # leadership (c: 5)
    rows = _csv(client.get(url(snap.tenant, "dashboards_export", table="profile_quality")))
    assert [row[1] for row in rows[1:]] == ["0", "2", "1", "1", "2"]  # b 25, e 34; a 60; c 75; f and g none
    rows = _csv(client.get(url(snap.tenant, "dashboards_export", table="maturity") + f"?site={snap.rennes.pk}"))
    assert rows[1][1] == "33.93" and rows[1][4] == "41.67"  # the value, then the median
    rows = _csv(client.get(url(snap.tenant, "dashboards_export", table="profile_quality") + f"?department={snap.apv.pk}"))
    assert [row[1] for row in rows[1:]] == ["0", "2", "0", "0", "0"]


def test_an_export_not_on_that_page_or_unknown_is_404(client, snap):
    login(client, snap.tenant, Role.EXECUTIVE)
    assert client.get(url(snap.tenant, "dashboards_export", table="heatmap") + f"?site={snap.rennes.pk}").status_code == 404
    assert client.get(url(snap.tenant, "dashboards_export", table="kpis") + f"?department={snap.vn.pk}").status_code == 404
    assert client.get(url(snap.tenant, "dashboards_export", table="nope")).status_code == 404


def test_an_export_before_any_snapshot_is_404(client, tenant):
    build_org(tenant)
    login(client, tenant, Role.EXECUTIVE)
    assert client.get(url(tenant, "dashboards_export", table="maturity")).status_code == 404
