"""Pages of the objectives and KPIs: employees read, the process owner and executives write, CSV exports, the chart."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone

from bns.programme.models import Kpi, KpiValue, Objective, Programme
from bns.programme.objectives import services
from networking.models import Activity
from tests.bns.programme.objectives.conftest import body, login, make_programme, url
from tests.factories import TenantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(org):
    t, owner = org.tenant, org.u("owner")
    kpi = services.kpi_create(tenant=t, actor=owner, programme=org.programme, name="Leads from the CRM", unit="leads",
                              manual_source="CRM report", target=D("120"))
    today = timezone.localdate()
    for days, value in ((60, 80), (30, 90), (0, 100)):
        services.kpi_value_record(tenant=t, actor=owner, kpi=kpi, measured_on=today - timedelta(days=days), value=value)
    computed = services.kpi_create(tenant=t, actor=owner, programme=org.programme, metric_key="networking_score", target=D("50"))
    good = services.objective_create(tenant=t, actor=owner, programme=org.programme, kpi=kpi, baseline=D("80"), target=D("120"),
                                     deadline=org.programme.target_end_on, owner=org.e("owner"),
                                     statement="Double the leads our own networks bring in")
    weak = services.objective_create(tenant=t, actor=owner, programme=org.programme, statement="More networking")
    return {"kpi": kpi, "computed": computed, "good": good, "weak": weak}


# --- Reading ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["rep", "admin", "exec"])
def test_everyone_reads_the_objectives(client, org, data, who):
    page = body(login(client, org.m(who)).get(url(org.tenant, "programme_objectives")))
    assert "Double the leads our own networks bring in" in page
    # the weak objective says which letters fail, and why
    assert "The statement has 2 word(s)" in page
    assert "No KPI and no target: not measurable." in page
    assert "No deadline: not time-bound." in page
    assert "No owner: nobody answers for it." in page
    assert "50 % of the way" in page  # 80 -> 120, latest 100
    can_write = who != "rep"
    assert ("New objective" in page) is can_write


def test_objective_page_lists_the_five_checks(client, org, data):
    page = body(login(client, org.m("rep")).get(url(org.tenant, "programme_objective_detail", pk=data["good"].pk)))
    for name in ("Specific", "Measurable", "Achievable", "Relevant", "Time-bound"):
        assert name in page
    assert "Measured by “Leads from the CRM”, target 120." in page
    assert "Edit" not in page


def test_kpi_list_shows_latest_value_target_status(client, org, data):
    page = body(login(client, org.m("rep")).get(url(org.tenant, "programme_kpis")))
    assert "Leads from the CRM" in page and "CRM report" in page
    assert "no computed value yet" in page  # the catalogue KPI with nothing measured
    assert "on track" in page  # +10 a month, 100 -> 120 in 150 days
    assert "The catalogue of metrics" in page and "profile_completeness" in page


def test_kpi_page_draws_the_chart_with_its_table(client, org, data):
    page = body(login(client, org.m("rep")).get(url(org.tenant, "programme_kpi_detail", pk=data["kpi"].pk)))
    assert "/static/vendor/plotly.min.js" in page and "cdn" not in page.lower()
    figure = json.loads(re.search(r'<script id="kpi-chart-data" type="application/json">(.*?)</script>', page, re.S).group(1))
    assert figure["data"][0]["y"] == [80.0, 90.0, 100.0]
    assert figure["layout"]["shapes"][0]["y0"] == 120.0  # the target line
    assert page.count("<tr>") >= 4  # the table alternative: a header and three values
    assert "Record a value" not in page and "Measure now" not in page  # reading only


def test_a_catalogue_kpi_without_value_says_so_and_shows_no_number(client, org, data):
    page = body(login(client, org.m("owner")).get(url(org.tenant, "programme_kpi_detail", pk=data["computed"].pk)))
    assert "No computed value yet." in page and "kpi-chart-data" not in page
    assert "Measure now" in page
    assert "How it is computed" in page


def test_no_programme_yet_shows_the_way_to_start(client, tenant, admin_user):
    client.force_login(admin_user)
    for name in ("programme_objectives", "programme_kpis"):
        page = body(client.get(url(tenant, name)))
        assert "has not started its BNS programme yet" in page


def test_an_earlier_iteration_stays_readable(client, org, data):
    old = make_programme(org.tenant, iteration=0, status=Programme.Status.CLOSED, title="Première itération")
    Objective.unscoped.create(tenant=org.tenant, programme=old, statement="An objective of the first iteration")
    login(client, org.m("rep"))
    page = body(client.get(url(org.tenant, "programme_objectives") + f"?programme={old.pk}"))
    assert "An objective of the first iteration" in page and "Double the leads" not in page
    assert "You are reading a closed iteration" in page
    for bad in ("abc", "999999"):
        assert client.get(url(org.tenant, "programme_objectives") + f"?programme={bad}").status_code == 404
    other = make_programme(TenantFactory(slug="elsewhere"))
    assert client.get(url(org.tenant, "programme_kpis") + f"?programme={other.pk}").status_code == 404


def test_exports(client, org, data):
    login(client, org.m("rep"))
    response = client.get(url(org.tenant, "programme_objectives_export"))
    raw = response.content.decode("utf-8")
    assert raw.startswith("\ufeff") and response["Content-Type"].startswith("text/csv")
    lines = raw.lstrip("\ufeff").splitlines()
    assert lines[0].split(";")[:3] == ["Objective", "KPI", "Unit"] and len(lines) == 3
    assert "No KPI and no target" in raw
    values = client.get(url(org.tenant, "programme_kpis_export")).content.decode("utf-8").lstrip("\ufeff").splitlines()
    assert len(values) == 4 and values[1].split(";")[0] == "Leads from the CRM"


# --- Writing ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["programme_objective_create", "programme_kpi_create"])
def test_employees_may_not_open_the_forms(client, org, name):
    login(client, org.m("rep"))
    assert client.get(url(org.tenant, name)).status_code == 403
    assert client.post(url(org.tenant, name), {"statement": "x"}).status_code == 403


def test_employees_may_not_change_anything(client, org, data):
    login(client, org.m("rep"))
    t = org.tenant
    value = KpiValue.unscoped.filter(kpi=data["kpi"]).first()
    for name, pk in [("programme_objective_edit", data["good"].pk), ("programme_objective_delete", data["good"].pk),
                     ("programme_kpi_edit", data["kpi"].pk), ("programme_kpi_delete", data["kpi"].pk),
                     ("programme_kpi_value_record", data["kpi"].pk), ("programme_kpi_measure", data["computed"].pk),
                     ("programme_kpi_value_delete", value.pk)]:
        assert client.post(url(t, name, pk=pk), {"statement": "x", "value": "1", "measured_on": "2026-01-01"}).status_code == 403, name
    assert Objective.unscoped.filter(tenant=t).count() == 2 and KpiValue.unscoped.filter(tenant=t).count() == 3


def test_the_process_owner_writes_objectives(client, org, data):
    login(client, org.m("owner"))
    t = org.tenant
    response = client.post(url(t, "programme_objective_create"), {
        "statement": "Share more relationships with the colleagues", "kpi": data["kpi"].pk, "target": "130",
        "deadline": org.programme.target_end_on.isoformat(), "owner": org.e("rep").pk, "scope_kind": "site", "site": org.rennes.pk,
    })
    created = Objective.unscoped.get(tenant=t, statement="Share more relationships with the colleagues")
    assert response.status_code == 302 and response["Location"].endswith(f"/{created.pk}/")
    assert (created.baseline, created.site) == (D("100.00"), org.rennes)
    response = client.post(url(t, "programme_objective_edit", pk=created.pk), {
        "statement": created.statement, "target": "abc", "scope_kind": "group"})
    assert response.status_code == 400 and "Enter a number." in body(response)
    response = client.post(url(t, "programme_objective_edit", pk=created.pk), {
        "statement": created.statement, "target": "140", "scope_kind": "department"})
    assert response.status_code == 400 and "Choose the department." in body(response)
    assert client.post(url(t, "programme_objective_delete", pk=created.pk)).status_code == 302
    assert not Objective.unscoped.filter(pk=created.pk).exists()


def test_the_process_owner_writes_kpis_and_values(client, org):
    login(client, org.m("owner"))
    t = org.tenant
    response = client.post(url(t, "programme_kpi_create"), {"metric_key": "active_employees", "direction": "up", "target": "60",
                                                            "scope_kind": "site", "site": org.rennes.pk})
    kpi = Kpi.unscoped.get(tenant=t, metric_key="active_employees")
    assert response.status_code == 302 and (kpi.unit, kpi.site) == ("%", org.rennes)
    # measure now with no activity in Rennes yet: 0 %, a real figure (employees in scope, none active)
    client.post(url(t, "programme_kpi_measure", pk=kpi.pk))
    assert KpiValue.unscoped.get(kpi=kpi).value == D("0")
    Activity.unscoped.create(tenant=t, employee=org.e("rep"), occurred_on=timezone.localdate(), channel="offline", kind="message")
    response = client.post(url(t, "programme_kpi_measure", pk=kpi.pk), follow=True)
    assert "Measured: 33.33 %" in body(response)  # 1 of the 3 employees of Rennes
    manual = client.post(url(t, "programme_kpi_create"), {"name": "Leads", "direction": "up", "scope_kind": "group"})
    assert manual.status_code == 400 and "Say where the figures of a KPI entered by hand come from" in body(manual)
    client.post(url(t, "programme_kpi_create"), {"name": "Leads", "direction": "up", "scope_kind": "group", "manual_source": "CRM"})
    leads = Kpi.unscoped.get(tenant=t, name="Leads")
    response = client.post(url(t, "programme_kpi_value_record", pk=leads.pk), {"measured_on": timezone.localdate().isoformat(),
                                                                             "value": "12"})
    assert response.status_code == 302 and KpiValue.unscoped.get(kpi=leads).source == "CRM"
    future = client.post(url(t, "programme_kpi_value_record", pk=leads.pk), {
        "measured_on": (timezone.localdate() + timedelta(days=3)).isoformat(), "value": "12"})
    assert future.status_code == 400 and "cannot be measured in the future" in body(future)
    value = KpiValue.unscoped.get(kpi=leads)
    assert client.post(url(t, "programme_kpi_value_delete", pk=value.pk)).status_code == 302
    assert client.post(url(t, "programme_kpi_delete", pk=leads.pk)).status_code == 302
    assert not Kpi.unscoped.filter(pk=leads.pk).exists()


def test_measuring_a_catalogue_kpi_with_no_data_says_so(client, org):
    login(client, org.m("exec"))
    kpi = services.kpi_create(tenant=org.tenant, actor=org.u("exec"), programme=org.programme, metric_key="pulse_pride")
    page = body(client.post(url(org.tenant, "programme_kpi_measure", pk=kpi.pk), follow=True))
    assert "No computed value yet" in page and not KpiValue.unscoped.filter(kpi=kpi).exists()


def test_kpi_form_prefills_from_the_catalogue(client, org):
    page = body(login(client, org.m("owner")).get(url(org.tenant, "programme_kpi_create") + "?metric=relationships_shared"))
    assert 'value="relationships_shared" selected' in page and 'value="Relationships shared"' in page
