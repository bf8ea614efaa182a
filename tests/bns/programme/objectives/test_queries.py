"""The objectives and KPI lists (pages and API) read the same number of queries whatever the amount of data."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bns.programme.models import Kpi, Objective
from bns.programme.objectives import services
from tests.bns.programme.objectives.conftest import api, login, url

pytestmark = pytest.mark.django_db

PAGES = ["programme_objectives", "programme_kpis", "programme_objectives_export", "programme_kpis_export"]
API = ["api-programme-objective-list", "api-programme-kpi-list", "api-programme-kpi-value-list"]


def grow(org, n: int, start: int = 0) -> None:
    """``n`` more KPIs (every other one from the catalogue), each with 8 values and 2 objectives on various scopes."""
    t, owner = org.tenant, org.u("owner")
    today = timezone.localdate()
    for i in range(start, start + n):
        if i % 2:
            kpi = services.kpi_create(tenant=t, actor=owner, programme=org.programme, metric_key="relationships_shared",
                                      name=f"Shared {i}", target=D("60"), scope_kind="site", site=org.rennes)
        else:
            kpi = services.kpi_create(tenant=t, actor=owner, programme=org.programme, name=f"Leads {i}", manual_source="CRM",
                                      target=D("100"))
        for k in range(8):
            services.kpi_value_record(tenant=t, actor=owner, kpi=kpi, measured_on=today - timedelta(days=10 * k), value=50 + k)
        for scope in ({"scope_kind": "group"}, {"scope_kind": "department", "department": org.vn}):
            services.objective_create(tenant=t, actor=owner, programme=org.programme, kpi=kpi, target=D("90"),
                                      deadline=org.programme.target_end_on, owner=org.e("rep"),
                                      statement=f"Objective number {i} for the scope {scope['scope_kind']}", **scope)


def _count(fetch) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = fetch()
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", PAGES)
def test_pages_read_a_constant_number_of_queries(client, org, name, django_assert_max_num_queries):
    login(client, org.m("rep"))
    grow(org, 2)
    small = _count(lambda: client.get(url(org.tenant, name)))
    grow(org, 10, start=2)
    with django_assert_max_num_queries(small):
        client.get(url(org.tenant, name))
    assert small <= 12


@pytest.mark.parametrize("name", API)
def test_api_lists_read_a_constant_number_of_queries(org, name, django_assert_max_num_queries):
    client = api(org.m("rep"))
    grow(org, 2)
    small = _count(lambda: client.get(url(org.tenant, name)))
    grow(org, 10, start=2)
    with django_assert_max_num_queries(small):
        client.get(url(org.tenant, name))


def test_detail_pages_are_bounded(client, org, django_assert_max_num_queries):
    login(client, org.m("owner"))
    grow(org, 3)
    kpi = Kpi.unscoped.filter(tenant=org.tenant).first()
    objective = Objective.unscoped.filter(tenant=org.tenant).first()
    with django_assert_max_num_queries(14):
        assert client.get(url(org.tenant, "programme_kpi_detail", pk=kpi.pk)).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(url(org.tenant, "programme_objective_detail", pk=objective.pk)).status_code == 200
