"""The selectors the pages will read: latest run, a day's values, trends, medians; one query each."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dashboards.models import MetricSnapshot, SnapshotRun
from dashboards.selectors import (
    medians,
    site_median,
    snapshot_latest_day,
    snapshot_latest_run,
    snapshot_run_get,
    snapshot_series,
    snapshot_table,
    snapshot_values,
)
from dashboards.services import snapshot_compute
from tests.dashboards.conftest import AS_OF, build_org

pytestmark = pytest.mark.django_db

D = Decimal


def test_latest_run_and_day(org, django_assert_num_queries):
    assert snapshot_latest_run(tenant=org.tenant) is None and snapshot_latest_day(tenant=org.tenant) is None
    done = snapshot_compute(tenant=org.tenant, day=AS_OF)
    queued = SnapshotRun.unscoped.create(tenant=org.tenant, day=date(2026, 4, 1))
    with django_assert_num_queries(1):
        assert snapshot_latest_run(tenant=org.tenant) == queued
    with django_assert_num_queries(1):
        assert snapshot_latest_run(tenant=org.tenant, done=True) == done
    assert snapshot_latest_day(tenant=org.tenant) == AS_OF
    assert snapshot_run_get(tenant=org.tenant, pk=str(done.pk)) == done
    for bad in ("x", None, -1, 0, 2**70, "1e3"):
        assert snapshot_run_get(tenant=org.tenant, pk=bad) is None


def test_run_of_another_tenant_is_not_found(org, other_tenant):
    theirs = SnapshotRun.unscoped.create(tenant=other_tenant, day=AS_OF)
    assert snapshot_run_get(tenant=org.tenant, pk=theirs.pk) is None
    assert snapshot_latest_run(tenant=org.tenant) is None


def test_values_of_a_day_and_level(org, django_assert_num_queries):
    snapshot_compute(tenant=org.tenant, day=AS_OF)
    with django_assert_num_queries(1):
        rows = snapshot_values(tenant=org.tenant, day=AS_OF, level="site", metric_keys=["active_employees", "network_coverage"])
    assert [(r.key, r.metric_key, r.value) for r in rows] == [
        (org.rennes.pk, "active_employees", D("33.33")), (org.rennes.pk, "network_coverage", D("50.00")),
        (org.brest.pk, "active_employees", D("100.00")), (org.brest.pk, "network_coverage", D("50.00")),
        (org.quimper.pk, "active_employees", None), (org.quimper.pk, "network_coverage", None),
    ]
    group = snapshot_values(tenant=org.tenant, day=AS_OF, level="group", metric_keys=["pulse_pride"])
    assert [(r.key, r.metric_key, r.value) for r in group] == [(None, "pulse_pride", D("3.83"))]
    with django_assert_num_queries(1):
        table = snapshot_table(tenant=org.tenant, day=AS_OF, level="employee", keys=[org.a.pk, org.b.pk])
    assert set(table) == {org.a.pk, org.b.pk}
    assert table[org.b.pk]["active_employees"] == D("0.00") and table[org.b.pk]["referrals_won"] is None
    assert snapshot_values(tenant=org.tenant, day=date(2026, 4, 1), level="site") == []
    with pytest.raises(ValueError):
        snapshot_values(tenant=org.tenant, day=AS_OF, level="planet")


def test_series_for_trends(org, django_assert_num_queries):
    for day in (date(2026, 3, 1), date(2026, 3, 15), AS_OF, date(2026, 4, 1)):
        snapshot_compute(tenant=org.tenant, day=day)
    with django_assert_num_queries(1):
        series = snapshot_series(tenant=org.tenant, level="employee", key=org.a.pk, metric_key="networking_score", days=30,
                                 until=AS_OF)
    assert series == [(date(2026, 3, 15), D("40.00")), (AS_OF, D("60.00"))]  # 03-01 is 30 days before: out
    with django_assert_num_queries(2):
        latest = snapshot_series(tenant=org.tenant, level="group", key=None, metric_key="active_employees", days=2)
    assert latest == [(AS_OF, D("66.67")), (date(2026, 4, 1), D("83.33"))]
    site = snapshot_series(tenant=org.tenant, level="site", key=org.quimper.pk, metric_key="active_employees", days=90,
                           until=AS_OF)
    assert site == [(date(2026, 3, 1), None), (date(2026, 3, 15), None), (AS_OF, None)]
    assert snapshot_series(tenant=org.tenant, level="site", key=org.rennes.pk, metric_key="nope", days=9) == []


def test_site_median_leaves_out_the_sites_without_data(org, django_assert_num_queries):
    snapshot_compute(tenant=org.tenant, day=AS_OF)
    with django_assert_num_queries(1):
        assert site_median(tenant=org.tenant, day=AS_OF, metric_key="active_employees") == D("66.67")  # (33.33 + 100) / 2
    assert site_median(tenant=org.tenant, day=AS_OF, metric_key="pulse_pride") is None  # no site level
    MetricSnapshot.unscoped.filter(tenant=org.tenant, level="site", site=org.quimper, metric_key="active_employees").update(
        value=D("10"))
    assert site_median(tenant=org.tenant, day=AS_OF, metric_key="active_employees") == D("33.33")  # 10, 33.33, 100
    with django_assert_num_queries(1):
        by_metric = medians(tenant=org.tenant, day=AS_OF, level="department")
    assert by_metric["networking_score"] == D("55.38")  # (60 + 50.75) / 2
    assert by_metric["profile_completeness"] == D("37.25")  # (45 + 29.5) / 2
    assert "network_coverage" not in by_metric  # no department level


def test_medians_of_the_other_tenant_do_not_mix(org, other_tenant):
    other = build_org(other_tenant, pulse=False)
    snapshot_compute(tenant=org.tenant, day=AS_OF)
    snapshot_compute(tenant=other_tenant, day=AS_OF)
    MetricSnapshot.unscoped.filter(tenant=other_tenant).update(value=D("99"))
    assert site_median(tenant=org.tenant, day=AS_OF, metric_key="active_employees") == D("66.67")
    assert other.tenant == other_tenant
