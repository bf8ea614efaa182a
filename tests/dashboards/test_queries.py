"""snapshot_compute issues the same number of queries for a group and for one three times its size: one grouped
query per metric and level, never one per site, department or employee."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboards.compute import snapshot_metrics
from dashboards.services import snapshot_compute
from tests.dashboards.conftest import AS_OF, build_org

pytestmark = pytest.mark.django_db

# Measured (SQLite and PostgreSQL): 66 = 1 run insert + 1 "running" + 3 entity lists + 42 grouped metric queries
# (9 metrics x their 34 levels, 4 pulse metrics x 2) + 13 progress updates + the swap (savepoint, tenant lock,
# delete, insert, done, release).
BUDGET = 66
GROUPED_QUERIES = 42


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
    assert small == large, (small, large)
    with django_assert_max_num_queries(BUDGET):
        snapshot_compute(tenant=tenant, day=AS_OF)
    with django_assert_max_num_queries(BUDGET):
        snapshot_compute(tenant=other_tenant, day=AS_OF)
    print(f"snapshot_compute queries: small group {small}, 3x group {large}")  # noqa: T201


def test_one_grouped_query_per_metric_and_level(org):
    """The grouped queries, counted apart from the run's bookkeeping: one per metric and level (the pulse's group
    figures: two, the answers and the group's minimum of respondents)."""
    total = 0
    for metric in snapshot_metrics():
        for level in metric.scopes:
            with CaptureQueriesContext(connection) as ctx:
                metric.compute_grouped(tenant=org.tenant, level=level, as_of=AS_OF)
            assert len(ctx.captured_queries) == (2 if metric.key.startswith("pulse_") else 1), (metric.key, level)
            total += len(ctx.captured_queries)
    assert total == GROUPED_QUERIES
