"""The snapshot reader plugged into the catalogue: metric_value (and so the programme's KPIs) reads a day's snapshot
when there is one, and computes live when there is none."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from bns.models import Role
from bns.programme.models import KpiValue
from bns.programme.objectives import services as objectives
from dashboards import catalogue
from dashboards.models import MetricSnapshot
from dashboards.selectors import snapshot_value_read
from dashboards.services import snapshot_compute
from tests.bns.programme.objectives.conftest import make_programme
from tests.dashboards.conftest import AS_OF
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _value(org, key, scope_kind="group", as_of=AS_OF, **kwargs):
    return catalogue.metric_value(key, tenant=org.tenant, scope_kind=scope_kind, as_of=as_of, **kwargs)


def _set(org, key, value, **lookup):
    MetricSnapshot.unscoped.filter(tenant=org.tenant, day=AS_OF, metric_key=key, **lookup).update(value=value)


def test_the_app_installs_the_reader():
    assert catalogue.value_source_get() is snapshot_value_read


def test_metric_value_reads_the_snapshot_of_the_day(org):
    snapshot_compute(tenant=org.tenant, day=AS_OF)
    # Mark the stored values so that reading them is told apart from computing live.
    _set(org, "active_employees", Decimal("11.11"), level="group")
    _set(org, "active_employees", Decimal("22.22"), level="site", site=org.rennes)
    _set(org, "active_employees", Decimal("33.33"), level="department", department=org.apv)
    _set(org, "active_employees", Decimal("44.44"), level="employee", employee=org.b)
    assert _value(org, "active_employees") == Decimal("11.11")
    assert _value(org, "active_employees", "site", site=org.rennes) == Decimal("22.22")
    assert _value(org, "active_employees", "department", department=org.apv) == Decimal("33.33")
    assert _value(org, "active_employees", "employee", employee=org.b) == Decimal("44.44")
    # The snapshot says "no data": None, not computed live (100 % for a)
    _set(org, "active_employees", None, level="employee", employee=org.a)
    assert _value(org, "active_employees", "employee", employee=org.a) is None
    # Another day: no row, computed live (a, b, c, e, g of 6 on 04-01)
    assert _value(org, "active_employees", as_of=date(2026, 4, 1)) == Decimal("83.33")
    # The departed employee has no row: computed live (None: not active)
    assert _value(org, "active_employees", "employee", employee=org.d) is None
    # A scope the metric does not have, and a scope object missing: None as before
    assert _value(org, "pulse_pride", "site", site=org.rennes) is None
    assert _value(org, "active_employees", "site") is None


def test_the_reader_says_missing_without_a_row(org):
    metric = catalogue.REGISTRY["active_employees"]
    assert snapshot_value_read(metric, tenant=org.tenant, scope_kind="group", as_of=AS_OF) is catalogue.MISSING
    assert snapshot_value_read(metric, tenant=org.tenant, scope_kind="site", site=None, as_of=AS_OF) is catalogue.MISSING
    assert snapshot_value_read(metric, tenant=org.tenant, scope_kind="nope", as_of=AS_OF) is catalogue.MISSING
    assert _value(org, "active_employees") == Decimal("66.67")  # live


def test_the_reader_never_reads_another_tenants_snapshot(org, other_tenant):
    from tests.dashboards.conftest import build_org

    build_org(other_tenant, pulse=False)
    snapshot_compute(tenant=other_tenant, day=AS_OF)
    MetricSnapshot.unscoped.filter(tenant=other_tenant).update(value=Decimal("99.99"))
    assert _value(org, "active_employees") == Decimal("66.67")


def test_reading_a_snapshot_is_one_query(org, django_assert_num_queries):
    snapshot_compute(tenant=org.tenant, day=AS_OF)
    for key in ("profile_completeness", "pulse_pride", "network_coverage"):
        with django_assert_num_queries(1):
            _value(org, key)
    with django_assert_num_queries(1):
        _value(org, "networking_score", "employee", employee=org.a)


def test_a_kpi_measured_now_stores_the_snapshots_value(tenant):
    from tests.dashboards.conftest import build_org

    org = build_org(tenant)
    executive = MembershipFactory(tenant=tenant, user=UserFactory(), role=Role.EXECUTIVE).user
    programme = make_programme(tenant)
    kpi = objectives.kpi_create(tenant=tenant, actor=executive, programme=programme, metric_key="active_employees",
                                target=Decimal("80"))
    today = timezone.localdate()
    snapshot_compute(tenant=tenant, day=today)
    MetricSnapshot.unscoped.filter(tenant=tenant, day=today, level="group", metric_key="active_employees").update(
        value=Decimal("12.34"))
    stored = objectives.kpi_measure(tenant=tenant, actor=executive, kpi=kpi)
    assert stored is not None and stored.value == Decimal("12.34")
    assert KpiValue.unscoped.get(tenant=tenant, kpi=kpi, measured_on=today).value == Decimal("12.34")
    assert org.tenant == tenant
