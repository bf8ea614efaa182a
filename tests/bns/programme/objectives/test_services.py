"""Services of the objectives and KPIs: who may write, validation, audit, catalogue KPIs and their measure."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext

from bns.models import AuditEvent
from bns.programme.models import Kpi, KpiValue, Objective, Programme
from bns.programme.objectives import services
from dashboards.catalogue import metric_get
from networking.models import Activity
from tests.bns.programme.objectives.conftest import make_programme
from tests.factories import EmployeeFactory, TenantFactory

pytestmark = pytest.mark.django_db


def manual_kpi(org, who="owner", **kwargs):
    values = {"name": "Leads from the CRM", "unit": "leads", "manual_source": "CRM monthly report", "target": D("120")}
    values.update(kwargs)
    return services.kpi_create(tenant=org.tenant, actor=org.u(who), programme=org.programme, **values)


def objective(org, who="owner", **kwargs):
    values = {"statement": "Raise the leads coming from our own networks", "target": D("120"),
              "deadline": org.programme.target_end_on, "owner": org.e("owner")}
    values.update(kwargs)
    return services.objective_create(tenant=org.tenant, actor=org.u(who), programme=org.programme, **values)


def verbs(org) -> list[str]:
    return list(AuditEvent.unscoped.filter(tenant=org.tenant).order_by("pk").values_list("verb", flat=True))


# --- Who may write ------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "exec", "admin"])
def test_the_process_owner_executives_and_admins_write(org, who):
    created = objective(org, who)
    assert created.programme == org.programme
    assert verbs(org) == ["programme.objective_create"]


@pytest.mark.parametrize("who", ["rep", "brest"])
def test_employees_do_not_write(org, who):
    with pytest.raises(PermissionDenied):
        objective(org, who)
    with pytest.raises(PermissionDenied):
        manual_kpi(org, who)
    assert not Objective.unscoped.filter(tenant=org.tenant).exists()


def test_a_closed_iteration_is_written_only_by_executives(org):
    org.programme.status = Programme.Status.CLOSED
    org.programme.save()
    with pytest.raises(PermissionDenied):
        objective(org, "owner")
    assert objective(org, "exec").pk


def test_another_groups_programme_is_refused(org):
    other = TenantFactory(slug="elsewhere")
    programme = make_programme(other)
    with pytest.raises(PermissionDenied):
        services.objective_create(tenant=org.tenant, actor=org.u("exec"), programme=programme, statement="x y z w")


# --- Objectives ---------------------------------------------------------------------------------------


def test_objective_validation(org):
    other_programme = make_programme(org.tenant, iteration=2, status=Programme.Status.CLOSED)
    foreign_kpi = Kpi.unscoped.create(tenant=org.tenant, programme=other_programme, name="Old", manual_source="x")
    stranger = EmployeeFactory(tenant=TenantFactory(slug="strangers"))
    with pytest.raises(ValidationError) as exc:
        objective(org, statement="   ", kpi=foreign_kpi, owner=stranger, scope_kind="site", target="abc")
    errors = exc.value.message_dict
    assert set(errors) == {"statement", "kpi", "owner", "site", "target"}
    assert errors["site"] == ["Choose the dealership."]


def test_objective_scope_clears_what_it_does_not_use(org):
    created = objective(org, scope_kind="site", site=org.rennes, department=org.vn)
    assert (created.site, created.department) == (org.rennes, None)
    services.objective_update(tenant=org.tenant, actor=org.u("owner"), objective=created, scope_kind="group")
    created.refresh_from_db()
    assert (created.scope_kind, created.site, created.department) == ("group", None, None)


def test_objective_baseline_defaults_to_the_kpis_latest_value(org):
    kpi = manual_kpi(org)
    today = timezone.localdate()
    services.kpi_value_record(tenant=org.tenant, actor=org.u("owner"), kpi=kpi, measured_on=today - timedelta(days=10), value="80")
    services.kpi_value_record(tenant=org.tenant, actor=org.u("owner"), kpi=kpi, measured_on=today, value="84.5")
    assert objective(org, kpi=kpi).baseline == D("84.50")
    assert objective(org, kpi=kpi, baseline=D("70")).baseline == D("70")
    assert objective(org).baseline is None


def test_objective_update_and_delete_are_audited(org):
    created = objective(org)
    services.objective_update(tenant=org.tenant, actor=org.u("exec"), objective=created, target=D("150"), statement="New words here now")
    created.refresh_from_db()
    assert created.target == D("150")
    event = AuditEvent.unscoped.filter(tenant=org.tenant, verb="programme.objective_update").get()
    assert event.data["changes"] == {"target": {"from": "120.00", "to": "150.00"}, "statement": "changed"}
    services.objective_update(tenant=org.tenant, actor=org.u("exec"), objective=created, target=D("150"))  # no change: no row
    services.objective_delete(tenant=org.tenant, actor=org.u("owner"), objective=created)
    assert not Objective.unscoped.filter(pk=created.pk).exists()
    assert verbs(org) == ["programme.objective_create", "programme.objective_update", "programme.objective_delete"]


# --- KPIs ---------------------------------------------------------------------------------------------


def test_a_catalogue_kpi_takes_the_metrics_unit_and_direction(org):
    kpi = services.kpi_create(tenant=org.tenant, actor=org.u("owner"), programme=org.programme, metric_key="active_employees",
                              unit="whatever", direction="down", manual_source="ignored", target=D("60"))
    assert (kpi.unit, kpi.direction, kpi.manual_source) == ("%", "up", "")
    assert kpi.name  # the metric's label, in the group's language
    named = services.kpi_create(tenant=org.tenant, actor=org.u("owner"), programme=org.programme, metric_key="referrals_won",
                                name="Affaires apportées")
    assert (named.name, named.unit) == ("Affaires apportées", "count")


def test_kpi_validation(org):
    with pytest.raises(ValidationError) as exc:
        services.kpi_create(tenant=org.tenant, actor=org.u("owner"), programme=org.programme, name="Leads")
    assert set(exc.value.message_dict) == {"manual_source"}
    with pytest.raises(ValidationError) as exc:
        services.kpi_create(tenant=org.tenant, actor=org.u("owner"), programme=org.programme, metric_key="nope")
    assert "metric_key" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:  # the pulse is group-wide only
        services.kpi_create(tenant=org.tenant, actor=org.u("owner"), programme=org.programme, metric_key="pulse_pride",
                            scope_kind="site", site=org.rennes)
    assert "scope_kind" in exc.value.message_dict


def test_a_kpi_with_values_keeps_its_metric(org):
    kpi = manual_kpi(org)
    services.kpi_value_record(tenant=org.tenant, actor=org.u("owner"), kpi=kpi, measured_on=timezone.localdate(), value=3)
    with pytest.raises(ValidationError) as exc:
        services.kpi_update(tenant=org.tenant, actor=org.u("owner"), kpi=kpi, metric_key="referrals_won")
    assert "metric_key" in exc.value.message_dict
    services.kpi_update(tenant=org.tenant, actor=org.u("owner"), kpi=kpi, target=D("200"), name="Leads (CRM)")
    kpi.refresh_from_db()
    assert (kpi.target, kpi.name, kpi.manual_source) == (D("200"), "Leads (CRM)", "CRM monthly report")


def test_deleting_a_kpi_unlinks_its_objectives(org):
    kpi = manual_kpi(org)
    linked = objective(org, kpi=kpi)
    services.kpi_delete(tenant=org.tenant, actor=org.u("exec"), kpi=kpi)
    linked.refresh_from_db()
    assert linked.kpi is None
    assert AuditEvent.unscoped.get(tenant=org.tenant, verb="programme.kpi_delete").data["objectives"] == [linked.pk]


# --- Values -------------------------------------------------------------------------------------------


def test_recording_a_value_by_hand(org):
    kpi = manual_kpi(org)
    today = timezone.localdate()
    row = services.kpi_value_record(tenant=org.tenant, actor=org.u("owner"), kpi=kpi, measured_on=today, value="42.456")
    assert (row.value, row.source, row.entered_by) == (D("42.46"), "CRM monthly report", org.u("owner"))
    again = services.kpi_value_record(tenant=org.tenant, actor=org.u("exec"), kpi=kpi, measured_on=today, value=50, source="Audit")
    assert again.pk == row.pk and KpiValue.unscoped.filter(kpi=kpi).count() == 1
    assert (again.value, again.source) == (D("50.00"), "Audit")
    last = AuditEvent.unscoped.filter(tenant=org.tenant, verb="programme.kpi_value_record").order_by("pk").last()
    assert last.data["replaced"] == "42.46"
    with pytest.raises(ValidationError) as exc:
        services.kpi_value_record(tenant=org.tenant, actor=org.u("owner"), kpi=kpi, measured_on=today + timedelta(days=1), value="x")
    assert set(exc.value.message_dict) == {"measured_on", "value"}
    services.kpi_value_delete(tenant=org.tenant, actor=org.u("owner"), kpi_value=again)
    assert not KpiValue.unscoped.filter(kpi=kpi).exists()


def test_measure_now_stores_the_catalogues_value(org):
    kpi = services.kpi_create(tenant=org.tenant, actor=org.u("owner"), programme=org.programme, metric_key="active_employees")
    today = timezone.localdate()
    Activity.unscoped.create(tenant=org.tenant, employee=org.e("rep"), occurred_on=today, channel="linkedin", kind="post")
    row = services.kpi_measure(tenant=org.tenant, actor=org.u("owner"), kpi=kpi)
    assert (row.measured_on, row.value) == (today, D("25.00"))  # 1 of the 4 employees
    with translation.override(org.tenant.locale):  # the source is written in the group's language
        formula = str(metric_get("active_employees").formula)
        assert row.source == (gettext("computed: %(formula)s") % {"formula": formula})[:300]
    assert formula in row.source
    assert AuditEvent.unscoped.filter(tenant=org.tenant, verb="programme.kpi_measure").count() == 1


def test_measure_now_stores_nothing_without_data(org):
    kpi = services.kpi_create(tenant=org.tenant, actor=org.u("owner"), programme=org.programme, metric_key="networking_score")
    assert services.kpi_measure(tenant=org.tenant, actor=org.u("owner"), kpi=kpi) is None
    assert not KpiValue.unscoped.filter(kpi=kpi).exists()
    pride = services.kpi_create(tenant=org.tenant, actor=org.u("owner"), programme=org.programme, metric_key="pulse_pride")
    assert services.kpi_measure(tenant=org.tenant, actor=org.u("owner"), kpi=pride) is None  # no pulse closed
    assert not KpiValue.unscoped.filter(tenant=org.tenant).exists()
    assert not AuditEvent.unscoped.filter(tenant=org.tenant, verb="programme.kpi_measure").exists()


def test_measure_refuses_a_manual_kpi_and_employees(org):
    with pytest.raises(ValidationError):
        services.kpi_measure(tenant=org.tenant, actor=org.u("owner"), kpi=manual_kpi(org))
    kpi = services.kpi_create(tenant=org.tenant, actor=org.u("owner"), programme=org.programme, metric_key="active_employees")
    with pytest.raises(PermissionDenied):
        services.kpi_measure(tenant=org.tenant, actor=org.u("rep"), kpi=kpi)
