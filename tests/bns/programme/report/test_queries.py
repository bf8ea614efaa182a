"""The report reads a bounded number of queries whatever the amount of data (the fixture, then 3 and 30 more of
each: KPIs with values, objectives, actions with budget lines, lessons)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bns.programme.report.selectors import programme_report
from tests.bns.programme.objectives.conftest import api, login, url
from tests.bns.programme.report.support import grow

pytestmark = pytest.mark.django_db

MAX_QUERIES = 42  # 18 of them: the measured indicators of the self-assessment (the catalogue's fixed set)


def _count(fetch) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fetch()
    return len(ctx.captured_queries)


def test_the_selector(filled, django_assert_max_num_queries):
    def read():
        return programme_report(tenant=filled.tenant, programme=filled.programme, today=timezone.localdate())

    grow(filled, 3)
    small = _count(read)
    grow(filled, 30, start=3)
    with django_assert_max_num_queries(small):
        report = read()
    assert report.objectives_total == 35 and len(report.objectives) == 6
    assert small <= MAX_QUERIES, small


@pytest.mark.parametrize("name", ["programme_report", "programme_report_pdf", "programme_report_html"])
def test_the_pages(client, filled, name, django_assert_max_num_queries):
    login(client, filled.m("rep"))
    target = url(filled.tenant, name)

    def fetch():
        response = client.get(target)
        assert response.status_code == 200
        return response

    grow(filled, 3)
    fetch()  # warm the session and the caches
    small = _count(fetch)
    grow(filled, 30, start=3)
    with django_assert_max_num_queries(small):
        fetch()
    assert small <= MAX_QUERIES + 12, small


@pytest.mark.parametrize("name", ["api-programme-report", "api-programme-report-pdf"])
def test_the_api(filled, name, django_assert_max_num_queries):
    client = api(filled.m("rep"))
    target = reverse(name, kwargs={"tenant_slug": filled.tenant.slug})

    def fetch():
        response = client.get(target)
        assert response.status_code == 200
        return response

    grow(filled, 3)
    fetch()
    small = _count(fetch)
    grow(filled, 30, start=3)
    with django_assert_max_num_queries(small):
        fetch()
    assert small <= MAX_QUERIES + 12, small
