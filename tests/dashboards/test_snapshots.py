"""The snapshot engine: every computed metric at every level on the hand-computed group of conftest.py, grouped
computing equal to the per-scope one, rows bounded, idempotence, the atomic swap, progress, and the tenant walls."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from bns.models import Employee
from dashboards import compute as compute_module
from dashboards import services
from dashboards.catalogue import METRICS, REGISTRY
from dashboards.compute import snapshot_metrics
from dashboards.models import MetricSnapshot, SnapshotRun
from dashboards.selectors import snapshot_table
from dashboards.services import snapshot_compute
from networking.models import Activity
from tests.dashboards.codir.test_metrics import EXPECTED_ON_BUILD_ORG
from tests.dashboards.conftest import AS_OF, build_org

pytestmark = pytest.mark.django_db

D = Decimal
SITES, DEPARTMENTS, EMPLOYEES = ("rennes", "brest", "quimper"), ("vn", "apv", "rh"), ("a", "b", "c", "e", "f", "g")

# Worked out by hand from conftest.build_org (the comments there give the data). None: no data, never 0.
EXPECTED: dict[str, dict[str, dict[str, Decimal | None]]] = {
    "profile_completeness": {
        # per employee: a 60, b 25, c 75, e 34, f 0, g 0 (no profile: None on their own line)
        "group": {"group": D("32.33")},  # 194 / 6
        "site": {"rennes": D("28.33"), "brest": D("36.33"), "quimper": None},  # 85 / 3, 109 / 3
        "department": {"vn": D("45.00"), "apv": D("29.50"), "rh": None},  # (60 + 75 + 0) / 3, (25 + 34) / 2
        "employee": {"a": D("60.00"), "b": D("25.00"), "c": D("75.00"), "e": D("34.00"), "f": None, "g": None},
    },
    "active_employees": {
        "group": {"group": D("66.67")},  # a, c, e, g of 6
        "site": {"rennes": D("33.33"), "brest": D("100.00"), "quimper": None},
        "department": {"vn": D("66.67"), "apv": D("50.00"), "rh": None},
        "employee": {"a": D("100.00"), "b": D("0.00"), "c": D("100.00"), "e": D("100.00"), "f": D("0.00"), "g": D("100.00")},
    },
    "activity_per_active_employee": {
        "group": {"group": D("1.75")},  # (3 + 1 + 2 + 1) / 4
        "site": {"rennes": D("3.00"), "brest": D("1.33"), "quimper": None},  # 3 / 1, 4 / 3
        "department": {"vn": D("2.00"), "apv": D("2.00"), "rh": None},  # (3 + 1) / 2, 2 / 1 (g has none)
        "employee": {"a": D("3.00"), "b": None, "c": D("1.00"), "e": D("2.00"), "f": None, "g": D("1.00")},
    },
    "relationships_shared": {
        "group": {"group": D("57.14")},  # 4 of 7 (a 2/3, c 0/1, e 1/1, g 1/2)
        "site": {"rennes": D("66.67"), "brest": D("50.00"), "quimper": None},
        "department": {"vn": D("50.00"), "apv": D("100.00"), "rh": None},
        "employee": {"a": D("66.67"), "b": None, "c": D("0.00"), "e": D("100.00"), "f": None, "g": D("50.00")},
    },
    "intro_requests_answered": {
        "group": {"group": D("50.00")},  # judged: a 3 (1 in time), c 1 (1), e 1 (1), g 1 (0): 3 of 6
        "site": {"rennes": D("33.33"), "brest": D("66.67"), "quimper": None},
        "department": {"vn": D("50.00"), "apv": D("100.00"), "rh": None},
        "employee": {"a": D("33.33"), "b": None, "c": D("100.00"), "e": D("100.00"), "f": None, "g": D("0.00")},
    },
    "referrals_won": {
        "group": {"group": D("3.00")},  # a, e, f (e's November one is before the 90 days)
        "site": {"rennes": D("2.00"), "brest": D("1.00"), "quimper": None},
        "department": {"vn": D("2.00"), "apv": D("1.00"), "rh": None},
        "employee": {"a": D("1.00"), "b": None, "c": D("0.00"), "e": D("1.00"), "f": D("1.00"), "g": None},
    },
    "referral_deal_value": {
        "group": {"group": D("13500.50")},  # 10000 + 2500.50 + 1000
        "site": {"rennes": D("11000.00"), "brest": D("2500.50"), "quimper": None},
        "department": {"vn": D("11000.00"), "apv": D("2500.50"), "rh": None},
        "employee": {"a": D("10000.00"), "b": None, "c": D("0.00"), "e": D("2500.50"), "f": D("1000.00"), "g": None},
    },
    "network_coverage": {
        "group": {"group": D("60.00")},  # 3 of 5 active targets covered
        "site": {"rennes": D("50.00"), "brest": D("50.00"), "quimper": None},  # the dealership's own targets
    },
    "pulse_pride": {"group": {"group": D("3.83")}},  # 23 / 6
    "pulse_offered_own_circle": {"group": {"group": D("50.00")}},  # 3 of 6
    "pulse_recommend_products": {"group": {"group": D("16.67")}},  # (3 - 2) / 6
    "pulse_recommend_employer": {"group": {"group": D("0.00")}},  # (2 - 2) / 6
    "networking_score": {
        "group": {"group": D("45.38")},  # (60 + 30 + 71.5 + 20) / 4 = 45.375
        "site": {"rennes": D("45.00"), "brest": D("45.75"), "quimper": None},
        "department": {"vn": D("60.00"), "apv": D("50.75"), "rh": None},
        "employee": {"a": D("60.00"), "b": D("30.00"), "c": None, "e": D("71.50"), "f": None, "g": D("20.00")},
    },
    # The CoDir metrics (coordination, sharing culture, results, maturity) on the same build_org, worked out in
    # tests/dashboards/codir/test_metrics.py.
    **EXPECTED_ON_BUILD_ORG,
}


def _names(org) -> dict[str, dict[int | None, str]]:
    return {
        "group": {None: "group"},
        "site": {getattr(org, n).pk: n for n in SITES},
        "department": {getattr(org, n).pk: n for n in DEPARTMENTS},
        "employee": {getattr(org, n).pk: n for n in EMPLOYEES},
    }


def _snapshot_by_name(org, day=AS_OF) -> dict[str, dict[str, dict[str, Decimal | None]]]:
    """The stored snapshot as {metric: {level: {entity name: value}}}."""
    names = _names(org)
    out: dict = {}
    for level in ("group", "site", "department", "employee"):
        for key, values in snapshot_table(tenant=org.tenant, day=day, level=level).items():
            for metric_key, value in values.items():
                out.setdefault(metric_key, {}).setdefault(level, {})[names[level][key]] = value
    return out


def _row_set(tenant, day=AS_OF) -> set[tuple]:
    return set(MetricSnapshot.unscoped.filter(tenant=tenant, day=day).values_list(
        "level", "site_id", "department_id", "employee_id", "metric_key", "value"))


# --- Values ----------------------------------------------------------------------------------------------


def test_every_computed_metric_is_in_the_hand_computed_table():
    computed = {m.key for m in METRICS if m.computed}
    assert set(EXPECTED) == computed
    assert {m.key for m in snapshot_metrics()} == computed
    for metric in METRICS:
        if metric.computed:
            assert set(EXPECTED[metric.key]) == set(metric.scopes), metric.key


def test_each_metric_at_each_level_matches_the_hand_computed_values(org):
    run = snapshot_compute(tenant=org.tenant, day=AS_OF)
    assert run.status == SnapshotRun.Status.DONE, run.error
    assert _snapshot_by_name(org) == EXPECTED


@pytest.mark.parametrize("metric", [m for m in METRICS if m.computed], ids=lambda m: m.key)
def test_grouped_equals_per_scope_for_every_level_and_key(org, metric):
    """compute_grouped is the same definition as compute: for every level and every entity (the empty dealership
    and department, the employee who has left, the employee with no department included)."""
    entities = {
        "site": [org.rennes, org.brest, org.quimper],
        "department": [org.vn, org.apv, org.rh],
        "employee": [org.a, org.b, org.c, org.e, org.f, org.g, org.d],
    }
    for level in metric.scopes:
        grouped = metric.compute_grouped(tenant=org.tenant, level=level, as_of=AS_OF)
        if level == "group":
            assert grouped == {None: metric.compute(tenant=org.tenant, scope_kind="group", site=None, department=None,
                                                    as_of=AS_OF)}
            continue
        assert None not in grouped
        for entity in entities[level]:
            one = metric.compute(tenant=org.tenant, scope_kind=level, site=entity if level == "site" else None,
                                 department=entity if level == "department" else None,
                                 employee=entity if level == "employee" else None, as_of=AS_OF)
            assert grouped.get(entity.pk) == one, (metric.key, level, entity)
        assert set(grouped) <= {e.pk for e in entities[level]}


def test_grouped_refuses_a_level_the_metric_does_not_have(org):
    with pytest.raises(ValueError):
        REGISTRY["network_coverage"].compute_grouped(tenant=org.tenant, level="employee", as_of=AS_OF)
    with pytest.raises(ValueError):
        REGISTRY["pulse_pride"].compute_grouped(tenant=org.tenant, level="site", as_of=AS_OF)


def test_rows_are_bounded_by_the_entities_and_none_means_no_data(org):
    run = snapshot_compute(tenant=org.tenant, day=AS_OF)
    per_level = {"group": 1, "site": 3, "department": 3, "employee": 6}  # the departed employee has no row
    expected = {level: sum(n for m in snapshot_metrics() if level in m.scopes) for level, n in per_level.items()}
    assert run.level_counts == expected
    assert run.row_count == sum(expected.values()) == MetricSnapshot.unscoped.filter(tenant=org.tenant).count()
    assert not MetricSnapshot.unscoped.filter(tenant=org.tenant, employee=org.d).exists()
    assert run.duration_ms is not None and run.progress == 100 and run.finished_at and run.started_at
    stored = MetricSnapshot.unscoped.get(tenant=org.tenant, level="employee", employee=org.f, metric_key="relationships_shared")
    assert stored.value is None and stored.run_id == run.pk and stored.key_id == org.f.pk


# --- Idempotence and the atomic swap ---------------------------------------------------------------------


def test_running_twice_gives_the_same_rows(org):
    first = snapshot_compute(tenant=org.tenant, day=AS_OF)
    rows = _row_set(org.tenant)
    second = snapshot_compute(tenant=org.tenant, day=AS_OF)
    assert second.pk != first.pk
    assert _row_set(org.tenant) == rows
    assert set(MetricSnapshot.unscoped.filter(tenant=org.tenant).values_list("run_id", flat=True)) == {second.pk}
    assert MetricSnapshot.unscoped.filter(tenant=org.tenant).count() == first.row_count == second.row_count


def test_a_run_already_done_is_not_computed_again(org):
    run = snapshot_compute(tenant=org.tenant, day=AS_OF)
    MetricSnapshot.unscoped.filter(tenant=org.tenant).delete()
    assert snapshot_compute(tenant=org.tenant, run=run) is run
    assert not MetricSnapshot.unscoped.filter(tenant=org.tenant).exists()


def test_a_day_replaces_only_that_day(org):
    snapshot_compute(tenant=org.tenant, day=AS_OF)
    snapshot_compute(tenant=org.tenant, day=date(2026, 4, 1))
    snapshot_compute(tenant=org.tenant, day=AS_OF)
    assert _snapshot_by_name(org) == EXPECTED
    assert _snapshot_by_name(org, date(2026, 4, 1))["active_employees"]["employee"]["b"] == D("100.00")  # b's 04-01 post


def _failing(metric_key: str, monkeypatch):
    """Make one metric's grouped computing raise (the Metric is frozen: the snapshot's list is replaced)."""
    def boom(**kwargs):
        raise RuntimeError("secret internals")

    metrics = [dataclasses.replace(m, compute_grouped=boom) if m.key == metric_key else m for m in snapshot_metrics()]
    monkeypatch.setattr(compute_module, "snapshot_metrics", lambda: metrics)


def test_a_failure_midway_keeps_the_previous_snapshot_and_marks_the_run_failed(org, monkeypatch):
    done = snapshot_compute(tenant=org.tenant, day=AS_OF)
    before = _row_set(org.tenant)
    Activity.unscoped.create(tenant=org.tenant, employee=org.b, occurred_on=AS_OF, channel="linkedin", kind="post")
    _failing("referrals_won", monkeypatch)
    run = SnapshotRun.unscoped.create(tenant=org.tenant, day=AS_OF)
    with pytest.raises(RuntimeError):
        snapshot_compute(tenant=org.tenant, day=AS_OF, run=run)
    run.refresh_from_db()
    assert run.status == SnapshotRun.Status.FAILED
    assert run.error == "RuntimeError while computing referrals_won"  # no internals, no traceback
    assert 0 < run.progress < 100  # the metrics before it had been computed
    assert _row_set(org.tenant) == before  # b's new post is not half-applied
    assert set(MetricSnapshot.unscoped.filter(tenant=org.tenant).values_list("run_id", flat=True)) == {done.pk}


def test_a_failure_inside_the_swap_rolls_the_whole_day_back(org, monkeypatch):
    snapshot_compute(tenant=org.tenant, day=AS_OF)
    before = _row_set(org.tenant)
    Activity.unscoped.create(tenant=org.tenant, employee=org.b, occurred_on=AS_OF, channel="linkedin", kind="post")
    real_insert = services._rows_insert

    def insert_half_then_fail(rows):
        real_insert(rows[: len(rows) // 2])
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_rows_insert", insert_half_then_fail)
    with pytest.raises(RuntimeError):
        snapshot_compute(tenant=org.tenant, day=AS_OF)
    assert _row_set(org.tenant) == before
    assert SnapshotRun.unscoped.filter(tenant=org.tenant).order_by("-pk").first().status == SnapshotRun.Status.FAILED


def test_progress_is_written_on_the_run_before_the_swap(org):
    seen = []

    def progress(percent):
        stored = SnapshotRun.unscoped.filter(tenant=org.tenant).order_by("-pk").values_list("status", "progress").first()
        seen.append((percent, stored, MetricSnapshot.unscoped.filter(tenant=org.tenant).exists()))

    run = snapshot_compute(tenant=org.tenant, day=AS_OF, progress=progress)
    assert len(seen) == len(snapshot_metrics())
    assert [p for p, _stored, _rows in seen] == sorted(p for p, _stored, _rows in seen)
    assert all(stored == ("running", percent) for percent, stored, _rows in seen)  # already on the run row
    assert not any(rows for _p, _stored, rows in seen)  # nothing of the new snapshot visible before the swap
    assert seen[-1][0] == services.COMPUTE_SHARE and run.progress == 100


def test_a_run_of_another_tenant_or_another_day_is_refused(org, other_tenant):
    foreign = SnapshotRun.unscoped.create(tenant=other_tenant, day=AS_OF)
    with pytest.raises(ValidationError):
        snapshot_compute(tenant=org.tenant, run=foreign)
    mine = SnapshotRun.unscoped.create(tenant=org.tenant, day=AS_OF)
    with pytest.raises(ValueError):
        snapshot_compute(tenant=org.tenant, day=date(2026, 4, 1), run=mine)


# --- Tenants -----------------------------------------------------------------------------------------------


def test_tenants_never_mix(org, other_tenant):
    other = build_org(other_tenant, pulse=False)
    Employee.unscoped.filter(pk__in=[other.a.pk, other.c.pk]).update(is_active=False)
    snapshot_compute(tenant=org.tenant, day=AS_OF)
    theirs = snapshot_compute(tenant=other_tenant, day=AS_OF)
    assert _snapshot_by_name(org) == EXPECTED  # unchanged by the other group's run
    assert theirs.level_counts["employee"] == 4 * sum(1 for m in snapshot_metrics() if "employee" in m.scopes)
    assert _snapshot_by_name(other)["pulse_pride"]["group"]["group"] is None
    assert not MetricSnapshot.unscoped.filter(tenant=other_tenant, site__tenant=org.tenant).exists()
