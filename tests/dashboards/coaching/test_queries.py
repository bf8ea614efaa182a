"""The coaching dashboards read a number of queries that does not grow with the team or with the data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contacts.models import IntroRequest
from dashboards.services import snapshot_compute
from networking.models import Activity
from tests.dashboards.coaching.conftest import (
    add_reps,
    login,
    note_make,
    referral_make,
    relationship_make,
    score_make,
    url,
)

pytestmark = pytest.mark.django_db

TEAM_PAGE_MAX = 20
PERSON_PAGE_MAX = 22


def _count(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def _recompute(team):
    snapshot_compute(tenant=team.tenant, day=team.day)


@pytest.mark.parametrize("extra", [0, 27])
def test_team_page_at_3_and_30_reps(client, tenant, team, extra, django_assert_max_num_queries):
    add_reps(tenant, team.manager.employee, extra, site=team.rennes)
    _recompute(team)
    login(client, team.manager)
    with django_assert_max_num_queries(TEAM_PAGE_MAX):
        response = client.get(url(tenant, "dashboards_team"))
    assert response.content.decode().count('class="spark"') == 3 + extra


def test_team_page_and_export_count_the_same_queries_at_3_and_30_reps(client, tenant, team):
    login(client, team.manager)
    small = (_count(client, url(tenant, "dashboards_team")), _count(client, url(tenant, "dashboards_team_export")),
             _count(client, url(tenant, "api-dashboards-team")))
    add_reps(tenant, team.manager.employee, 27, site=team.rennes)
    _recompute(team)
    large = (_count(client, url(tenant, "dashboards_team")), _count(client, url(tenant, "dashboards_team_export")),
             _count(client, url(tenant, "api-dashboards-team")))
    assert small == large, (small, large)
    assert max(large) <= TEAM_PAGE_MAX


def _more_data_for(team, membership, n: int = 20):
    """Many more rows of every kind about one employee."""
    tenant, employee, day = team.tenant, membership.employee, team.day
    for i in range(n):
        rel = relationship_make(tenant=tenant, owner=employee, last_name=f"More{i}", email=f"more{i}@x.example",
                                visibility="discoverable", strength=1 + i % 5)
        IntroRequest.unscoped.create(tenant=tenant, relationship=rel, requester=team.r2.employee, owner=employee, purpose="p")
        referral_make(tenant, employee, "submitted", submitted=day - timedelta(days=i), site=team.rennes)
        referral_make(tenant, team.r3.employee, "submitted", submitted=day, to_employee=employee)
        Activity.unscoped.create(tenant=tenant, employee=employee, occurred_on=day - timedelta(days=i), channel="linkedin",
                                 kind="post")
        score_make(tenant, employee, day - timedelta(days=40 + i), 30 + i, 5, 5, 10, 10)
        note_make(tenant, employee, team.manager.employee, day + timedelta(days=i % 8))
    _recompute(team)


def test_my_network_counts_the_same_queries_with_more_data(client, tenant, team):
    login(client, team.r1)
    before = (_count(client, url(tenant, "dashboards_me")), _count(client, url(tenant, "api-dashboards-me")))
    _more_data_for(team, team.r1)
    after = (_count(client, url(tenant, "dashboards_me")), _count(client, url(tenant, "api-dashboards-me")))
    assert before == after, (before, after)
    assert max(after) <= PERSON_PAGE_MAX


def test_rep_page_counts_the_same_queries_with_more_data(client, tenant, team):
    login(client, team.manager)
    path = url(tenant, "dashboards_rep", employee_pk=team.r1.employee.pk)
    api_path = url(tenant, "api-dashboards-rep", employee_pk=team.r1.employee.pk)
    before = (_count(client, path), _count(client, api_path))
    _more_data_for(team, team.r1)
    after = (_count(client, path), _count(client, api_path))
    assert before == after, (before, after)
    assert max(after) <= PERSON_PAGE_MAX
    assert timezone.localdate() == team.day  # the fixture's day is today (the follow-ups are relative to it)
