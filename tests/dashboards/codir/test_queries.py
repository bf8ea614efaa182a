"""The dashboards' pages and API issue the same number of queries for a small group and for one four times its size
(more dealerships, departments, employees, snapshot days and KPIs): every read is grouped, never one per row."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bns.models import Role
from bns.programme.models import Kpi, KpiValue
from dashboards.services import snapshot_compute
from tests.dashboards.codir.conftest import add_coordination, add_programme, member
from tests.dashboards.conftest import AS_OF, build_org

pytestmark = pytest.mark.django_db

# Measured on SQLite (small group and 4x: the same): CoDir 21, dealership 16, department 15 — the session, the user,
# the membership, the shell's memberships and bell, the latest done run, the run under way, the day's values, 5 trend
# series, the profile buckets; the entity pages add the entity and the medians; the group page the dealerships, the
# departments, their two tables, the current iteration, its KPIs and their last values.
BUDGET = {"dashboards_codir": 21, "dashboards_site": 16, "dashboards_department": 15}


def _group(tenant, copies: int, days: int):
    orgs = [build_org(tenant, f"-{n}" if n else "", pulse=n == 0) for n in range(copies)]
    for o in orgs:
        add_coordination(o)
    programme = add_programme(orgs[0])
    for n in range(copies * 2):
        kpi = Kpi.unscoped.create(tenant=tenant, programme=programme, name=f"KPI {n}", metric_key="active_employees", target=50)
        KpiValue.unscoped.create(tenant=tenant, kpi=kpi, measured_on=AS_OF, value=n)
    for back in range(days):
        snapshot_compute(tenant=tenant, day=AS_OF - timedelta(days=7 * back))
    return orgs[0]


def _count(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


def test_page_queries_do_not_grow_with_the_group(client, tenant, other_tenant, django_assert_max_num_queries):
    small, large = _group(tenant, 1, 1), _group(other_tenant, 4, 3)
    counts = {}
    for o in (small, large):
        client.force_login(member(o.tenant, Role.EXECUTIVE))
        for name, kwargs in [("dashboards_codir", {}), ("dashboards_site", {"pk": o.rennes.pk}),
                             ("dashboards_department", {"pk": o.vn.pk})]:
            path = reverse(name, kwargs={"tenant_slug": o.tenant.slug, **kwargs})
            _count(client, path)  # warm the caches (session, translations)
            counts.setdefault(name, []).append(_count(client, path))
            with django_assert_max_num_queries(BUDGET[name]):
                client.get(path)
        for name, kwargs in [("api-dashboards-codir", {}), ("api-dashboards-site", {"pk": o.rennes.pk}),
                             ("api-dashboards-department", {"pk": o.vn.pk})]:
            path = reverse(name, kwargs={"tenant_slug": o.tenant.slug, **kwargs})
            counts.setdefault(name, []).append(_count(client, path))
        path = reverse("dashboards_export", kwargs={"tenant_slug": o.tenant.slug, "table": "heatmap"})
        counts.setdefault("dashboards_export", []).append(_count(client, path))
    for name, (a, b) in counts.items():
        assert a == b, (name, a, b)
    print("queries (small, 4x):", counts)  # noqa: T201
