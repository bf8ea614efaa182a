"""API of the objectives, KPIs, KPI values and the metric catalogue."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone

from bns.programme.models import Kpi, KpiValue, Objective
from bns.programme.objectives import services
from dashboards.catalogue import METRICS
from tests.bns.programme.objectives.conftest import api, make_programme, url
from tests.factories import TenantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kpi(org):
    kpi = services.kpi_create(tenant=org.tenant, actor=org.u("owner"), programme=org.programme, name="Leads", manual_source="CRM",
                              target=D("120"))
    services.kpi_value_record(tenant=org.tenant, actor=org.u("owner"), kpi=kpi, measured_on=timezone.localdate(), value=100)
    return kpi


def test_objectives_list_with_their_smart_checks(org, kpi):
    services.objective_create(tenant=org.tenant, actor=org.u("owner"), programme=org.programme, statement="More networking")
    response = api(org.m("rep")).get(url(org.tenant, "api-programme-objective-list"))
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert [c["letter"] for c in row["smart"]] == ["S", "M", "A", "R", "T"]
    assert not any(c["ok"] for c in row["smart"]) and row["smart_passed"] == 0
    assert row["smart"][0]["reason"].startswith("The statement has 2 word(s)")
    assert row["latest_value"] is None and row["progress_percent"] is None


def test_the_process_owner_creates_updates_deletes_an_objective(org, kpi):
    client = api(org.m("owner"))
    response = client.post(url(org.tenant, "api-programme-objective-list"), {
        "statement": "Double the leads our own networks bring in", "kpi": kpi.pk, "baseline": "80", "target": "120",
        "deadline": org.programme.target_end_on.isoformat(), "owner": org.e("owner").pk}, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["programme"] == org.programme.pk and data["progress_percent"] == 50 and data["latest_value"] == "100.00"
    assert {c["letter"]: c["ok"] for c in data["smart"]}["M"] is True
    detail = url(org.tenant, "api-programme-objective-detail", pk=data["id"])
    response = client.patch(detail, {"target": "140", "scope_kind": "site"}, format="json")
    assert response.status_code == 400 and "site" in response.json()
    assert client.patch(detail, {"target": "140"}, format="json").json()["target"] == "140.00"
    assert client.delete(detail).status_code == 204
    assert not Objective.unscoped.filter(tenant=org.tenant).exists()


def test_employees_read_but_do_not_write(org, kpi):
    client = api(org.m("rep"))
    assert client.post(url(org.tenant, "api-programme-objective-list"), {"statement": "a b c d"}, format="json").status_code == 403
    assert client.post(url(org.tenant, "api-programme-kpi-list"), {"metric_key": "referrals_won"}, format="json").status_code == 403
    assert client.post(url(org.tenant, "api-programme-kpi-value-list"), {
        "kpi": kpi.pk, "measured_on": timezone.localdate().isoformat(), "value": "3"}, format="json").status_code == 403
    assert client.post(url(org.tenant, "api-programme-kpi-measure", pk=kpi.pk)).status_code == 403
    assert client.delete(url(org.tenant, "api-programme-kpi-detail", pk=kpi.pk)).status_code == 403
    assert client.get(url(org.tenant, "api-programme-kpi-detail", pk=kpi.pk)).status_code == 200


def test_kpis_with_latest_value_and_status(org, kpi):
    response = api(org.m("rep")).get(url(org.tenant, "api-programme-kpi-list"))
    (row,) = response.json()["results"]
    assert (row["name"], row["latest_value"], row["status"], row["computed"]) == ("Leads", "100.00", "too_early", False)


def test_catalogue_kpi_and_measure(org):
    client = api(org.m("exec"))
    response = client.post(url(org.tenant, "api-programme-kpi-list"), {"metric_key": "networking_score", "target": "50"}, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["unit"], data["direction"], data["computed"], data["latest_value"]) == ("score", "up", True, None)
    measured = client.post(url(org.tenant, "api-programme-kpi-measure", pk=data["id"])).json()
    assert measured == {"computed": False, "detail": "No computed value yet.", "value": None}
    bad = client.post(url(org.tenant, "api-programme-kpi-list"), {"metric_key": "nope"}, format="json")
    assert bad.status_code == 400 and "metric_key" in bad.json()


def test_kpi_values(org, kpi):
    client = api(org.m("owner"))
    day = (timezone.localdate() - timedelta(days=7)).isoformat()
    response = client.post(url(org.tenant, "api-programme-kpi-value-list"), {"kpi": kpi.pk, "measured_on": day, "value": "95.5"},
                           format="json")
    assert response.status_code == 201 and response.json()["source"] == "CRM"
    listed = client.get(url(org.tenant, "api-programme-kpi-value-list") + f"?kpi={kpi.pk}").json()["results"]
    assert [v["value"] for v in listed] == ["95.50", "100.00"]
    value = KpiValue.unscoped.get(kpi=kpi, measured_on=day)
    assert client.delete(url(org.tenant, "api-programme-kpi-value-detail", pk=value.pk)).status_code == 204


def test_metrics_catalogue(org):
    response = api(org.m("rep")).get(url(org.tenant, "api-programme-metric-list"))
    assert response.status_code == 200
    rows = response.json()
    assert [r["key"] for r in rows] == [m.key for m in METRICS]
    first = rows[0]
    assert set(first) == {"key", "label", "formula", "unit", "direction", "scopes", "sources", "computed"}
    assert {r["key"]: r["computed"] for r in rows} == {m.key: m.computed for m in METRICS}
    assert {r["key"]: r["computed"] for r in rows}["maturity_index"] is True  # computed since the CoDir dashboards


def test_another_groups_objects_answer_404(org, kpi):
    other = TenantFactory(slug="elsewhere")
    programme = make_programme(other)
    client = api(org.m("exec"))
    assert client.get(url(org.tenant, "api-programme-objective-list") + f"?programme={programme.pk}").status_code == 404
    response = client.post(url(org.tenant, "api-programme-objective-list"), {"statement": "a b c d e", "programme": programme.pk},
                           format="json")
    assert response.status_code == 400 and "programme" in response.json()
    foreign = Kpi.unscoped.create(tenant=other, programme=programme, name="Foreign", manual_source="y")
    assert client.get(url(org.tenant, "api-programme-kpi-detail", pk=foreign.pk)).status_code == 404
    assert client.post(url(org.tenant, "api-programme-kpi-measure", pk=foreign.pk)).status_code == 404
    response = client.post(url(org.tenant, "api-programme-kpi-value-list"), {
        "kpi": foreign.pk, "measured_on": timezone.localdate().isoformat(), "value": "1"}, format="json")
    assert response.status_code == 400 and "kpi" in response.json()
