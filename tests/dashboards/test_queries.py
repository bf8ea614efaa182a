"""snapshot_compute issues the same number of queries for a group and for one three times its size: one grouped
query per metric and level (the maturity metrics: a fixed number per level, shared by the nine of them), never one per
site, department or employee."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboards.compute import snapshot_metrics
from dashboards.metrics_coordination import metric_memo
from dashboards.services import snapshot_compute
from tests.dashboards.conftest import AS_OF, build_org

pytestmark = pytest.mark.django_db

# Measured (SQLite): 139 = 1 run insert + 1 "running" + 3 entity lists + 66 grouped queries of the 22 metrics other
# than maturity (18 metrics x their 58 levels, 4 pulse metrics x 2) + 31 of the nine maturity metrics, which share one
# computation per level in a run (dashboards.compute runs inside metrics_coordination.metric_memo(): group 1 answers
# + 11 indicator queries, dealership 3 + 7, department 3 + 6) + 31 progress updates + the swap (savepoint, tenant
# lock, delete, insert, done, release).
BUDGET = 139
GROUPED_QUERIES = 66  # the metrics other than maturity, one query per metric and level (the pulse's two)
MATURITY_QUERIES = 31  # the nine maturity metrics at their three levels, with the memo of one run


def _queries(tenant) -> int:
    with CaptureQueriesContext(connection) as ctx:
        run = snapshot_compute(tenant=tenant, day=AS_OF)
    assert run.status == "done"
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_the_group(tenant, other_tenant, django_assert_max_num_queries):
    build_org(tenant)
    small = _queries(tenant)
    for suffix in ("-2", "-3"):  # 3x: 9 dealerships, 9 departments, 18 active employees
        build_org(other_tenant, suffix, pulse=suffix == "-2")
    build_org(other_tenant, "-1", pulse=False)
    large = _queries(other_tenant)
    print(f"snapshot_compute queries: small group {small}, 3x group {large}")  # noqa: T201
    assert small == large, (small, large)
    with django_assert_max_num_queries(BUDGET):
        snapshot_compute(tenant=tenant, day=AS_OF)
    with django_assert_max_num_queries(BUDGET):
        snapshot_compute(tenant=other_tenant, day=AS_OF)


def test_one_grouped_query_per_metric_and_level(org):
    """The grouped queries, counted apart from the run's bookkeeping: one per metric and level (the pulse's group
    figures: two, the answers and the group's minimum of respondents). The maturity metrics are the exception: each
    blends its dimensions' indicators (test_maturity_metrics_share_one_computation_per_level)."""
    total = 0
    for metric in snapshot_metrics():
        if metric.key.startswith("maturity_"):
            continue
        for level in metric.scopes:
            with CaptureQueriesContext(connection) as ctx:
                metric.compute_grouped(tenant=org.tenant, level=level, as_of=AS_OF)
            assert len(ctx.captured_queries) == (2 if metric.key.startswith("pulse_") else 1), (metric.key, level)
            total += len(ctx.captured_queries)
    assert total == GROUPED_QUERIES


def test_maturity_metrics_share_one_computation_per_level(org):
    """Inside one run's memo (as dashboards.compute runs them) the nine maturity metrics cost one computation per level,
    whatever their number: the first metric of a level pays for every dimension, the others none."""
    maturity = [m for m in snapshot_metrics() if m.key.startswith("maturity_")]
    assert len(maturity) == 9
    per_level = {}
    with metric_memo():
        for metric in maturity:
            for level in metric.scopes:
                with CaptureQueriesContext(connection) as ctx:
                    metric.compute_grouped(tenant=org.tenant, level=level, as_of=AS_OF)
                per_level.setdefault(level, []).append(len(ctx.captured_queries))
    assert {level: counts[1:] for level, counts in per_level.items()} == {level: [0] * 8 for level in per_level}
    assert {level: counts[0] for level, counts in per_level.items()} == {"group": 12, "site": 10, "department": 9}
    assert sum(sum(counts) for counts in per_level.values()) == MATURITY_QUERIES
