"""The CoDir dashboards' API: the figures as JSON, the definitions, refresh and the run's progress; permissions and the
tenant wall (another group's ids answer 404)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from bns.models import Role
from dashboards.models import SnapshotRun
from dashboards.services import snapshot_compute
from tests.dashboards.codir.conftest import add_programme, member
from tests.dashboards.conftest import AS_OF, build_org

pytestmark = pytest.mark.django_db


def api(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


@pytest.fixture
def snap(tenant):
    o = build_org(tenant)
    o.programme = add_programme(o)
    o.run = snapshot_compute(tenant=tenant, day=AS_OF)
    return o


def client_as(tenant, role) -> APIClient:
    client = APIClient()
    client.force_authenticate(member(tenant, role))
    return client


def test_the_codir_figures(snap):
    data = client_as(snap.tenant, Role.EXECUTIVE).get(api(snap.tenant, "api-dashboards-codir")).json()
    assert data["level"] == "group" and data["entity"] is None and data["day"] == "2026-03-31"
    assert data["run"]["id"] == snap.run.pk and data["run"]["status"] == "done" and data["run"]["requested_by"] is None
    figures = {f["key"]: f for f in data["figures"]}
    assert figures["maturity_index"]["value"] == "51.79" and figures["maturity_index"]["level"] == 3
    assert figures["maturity_index"]["section"] == "maturity" and figures["maturity_index"]["median"] is None
    assert figures["pulse_pride"]["value"] == "3.83" and figures["network_coverage"]["section"] == "coordination"
    assert figures["uncoordinated_overlaps"]["definition"] == api(snap.tenant, "api-dashboards-metric-detail",
                                                                   key="uncoordinated_overlaps")
    heat = {row["name"]: row for row in data["heatmap"]}
    assert heat["Brest"]["values"]["maturity_leadership_governance"] == "100.00" and heat["Brest"]["id"] == snap.brest.pk
    assert {row["name"] for row in data["by_department"]} == {"VN", "APV", "RH"}
    assert len(data["trends"]["weeks"]) == 12 and data["trends"]["series"][0]["values"][-1] == "51.79"
    assert [b["count"] for b in data["profile_quality"]] == [0, 2, 1, 1, 2]
    assert data["kpis"] == []


def test_a_dealership_and_a_department(snap):
    client = client_as(snap.tenant, Role.SITE_DIRECTOR)
    data = client.get(api(snap.tenant, "api-dashboards-site", pk=snap.rennes.pk)).json()
    figures = {f["key"]: f for f in data["figures"]}
    assert data["entity"] == {"id": snap.rennes.pk, "name": "Rennes"}
    assert (figures["maturity_index"]["value"], figures["maturity_index"]["median"]) == ("33.93", "41.67")
    assert data["heatmap"] is None and data["kpis"] is None and "pulse_pride" not in figures
    data = client.get(api(snap.tenant, "api-dashboards-department", pk=snap.vn.pk)).json()
    assert {f["key"]: f for f in data["figures"]}["maturity_index"]["median"] == "43.75"


def test_no_snapshot_yet(tenant):
    build_org(tenant)
    data = client_as(tenant, Role.ADMIN).get(api(tenant, "api-dashboards-codir")).json()
    assert data["run"] is None and data["day"] is None and data["figures"] == [] and data["trends"] is None


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.MANAGER, Role.MARKETING])
def test_members_without_the_dashboards_get_403_but_read_definitions(snap, role):
    client = client_as(snap.tenant, role)
    assert client.get(api(snap.tenant, "api-dashboards-codir")).status_code == 403
    assert client.get(api(snap.tenant, "api-dashboards-site", pk=snap.rennes.pk)).status_code == 403
    assert client.get(api(snap.tenant, "api-dashboards-run", pk=snap.run.pk)).status_code == 403
    assert client.post(api(snap.tenant, "api-dashboards-refresh")).status_code == 403
    rows = client.get(api(snap.tenant, "api-dashboards-metric-list")).json()
    assert {"maturity_index", "persons_known_no_owner"} <= {r["key"] for r in rows}
    assert set(rows[0]) == {"key", "label", "formula", "unit", "direction", "scopes", "sources", "computed"}
    detail = client.get(api(snap.tenant, "api-dashboards-metric-detail", key="maturity_index")).json()
    assert detail["group_value"] is None and detail["day"] == "2026-03-31"


def test_the_definition(snap):
    client = client_as(snap.tenant, Role.CONSULTANT)
    detail = client.get(api(snap.tenant, "api-dashboards-metric-detail", key="maturity_index")).json()
    assert detail["group_value"] == "51.79" and detail["scopes"] == ["group", "site", "department"] and detail["as_of"]
    assert client.get(api(snap.tenant, "api-dashboards-metric-detail", key="nope")).status_code == 404


def test_refresh_then_poll_the_run(snap, django_capture_on_commit_callbacks):
    client = client_as(snap.tenant, Role.EXECUTIVE)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(api(snap.tenant, "api-dashboards-refresh"))
    assert response.status_code == 202
    run_id = response.json()["id"]
    assert response.json()["status"] == "queued"
    data = client.get(api(snap.tenant, "api-dashboards-run", pk=run_id)).json()
    assert data["status"] == "done" and data["progress"] == 100 and data["requested_by"] and data["row_count"] > 0


@pytest.mark.parametrize("role", [Role.SITE_DIRECTOR, Role.CONSULTANT])
def test_only_executives_and_admins_refresh(snap, role):
    assert client_as(snap.tenant, role).post(api(snap.tenant, "api-dashboards-refresh")).status_code == 403
    assert SnapshotRun.unscoped.filter(tenant=snap.tenant).count() == 1


def test_another_groups_ids_are_404(snap, other_tenant):
    other = build_org(other_tenant, pulse=False)
    theirs = snapshot_compute(tenant=other_tenant, day=AS_OF)
    client = client_as(snap.tenant, Role.ADMIN)
    assert client.get(api(snap.tenant, "api-dashboards-site", pk=other.rennes.pk)).status_code == 404
    assert client.get(api(snap.tenant, "api-dashboards-department", pk=other.vn.pk)).status_code == 404
    assert client.get(api(snap.tenant, "api-dashboards-run", pk=theirs.pk)).status_code == 404
    assert client.get(api(other_tenant, "api-dashboards-codir")).status_code == 404
    assert client.post(api(other_tenant, "api-dashboards-refresh")).status_code == 404


def test_anonymous_is_401(snap):
    assert APIClient().get(api(snap.tenant, "api-dashboards-codir")).status_code == 401
