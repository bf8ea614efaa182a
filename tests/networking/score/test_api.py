"""API of the networking score: the snapshots a caller may read, and asking for a computation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from networking.models import NetworkingScore, NetworkingScoreRun
from networking.score import services
from tests.factories import EmployeeFactory
from tests.networking.score.conftest import TODAY, activities_make, url


@pytest.fixture
def api(org):
    def _client(who):
        c = APIClient()
        c.force_authenticate(org[who].user)
        return c
    return _client


@pytest.fixture
def two_days(tenant, org):
    activities_make(tenant, org["rep"].employee, 36)
    services.networking_scores_compute(tenant=tenant, today=TODAY - timedelta(days=1))
    services.networking_scores_compute(tenant=tenant, today=TODAY)


def _ids(response):
    body = response.json()
    return [row["employee"] for row in (body["results"] if isinstance(body, dict) else body)]


def test_list_is_the_latest_per_employee_the_caller_may_see(tenant, org, api, two_days):
    everyone = _ids(api("executive").get(url(tenant, "api-networking-score-list")))
    assert sorted(everyone) == sorted(m.employee.pk for k, m in org.items() if k not in ("site", "other_site", "department", "admin"))
    team = _ids(api("manager").get(url(tenant, "api-networking-score-list")))
    assert sorted(team) == sorted([org["manager"].employee.pk, org["rep"].employee.pk, org["rep2"].employee.pk])
    assert _ids(api("rep").get(url(tenant, "api-networking-score-list"))) == [org["rep"].employee.pk]
    assert _ids(api("admin").get(url(tenant, "api-networking-score-list")))  # admin: group figures


def test_list_filters_by_employee_and_day(tenant, org, api, two_days):
    rep = org["rep"].employee
    history = api("manager").get(url(tenant, "api-networking-score-list"), {"employee": rep.pk}).json()
    rows = history["results"] if isinstance(history, dict) else history
    assert [r["computed_on"] for r in rows] == [TODAY.isoformat(), (TODAY - timedelta(days=1)).isoformat()]
    assert rows[0]["engage"] == "10.0"
    assert {i["key"] for i in rows[0]["inputs"]} >= {"engage.activities", "brand.completeness"}
    assert rows[0]["next_steps"][0]["text"] == "Complete your social profiles: 0 % now, full points at 100 %"
    day = api("executive").get(url(tenant, "api-networking-score-list"), {"date": (TODAY - timedelta(days=1)).isoformat()})
    assert len(_ids(day)) == 5
    # Someone else's history: nothing (not an error: the filter names no one the caller may see).
    assert _ids(api("rep").get(url(tenant, "api-networking-score-list"), {"employee": org["colleague"].employee.pk})) == []
    assert api("rep").get(url(tenant, "api-networking-score-list"), {"date": "not-a-date"}).status_code == 400


def test_retrieve_follows_the_same_rules(tenant, other_tenant, org, api, two_days):
    colleague_score = NetworkingScore.unscoped.filter(tenant=tenant, employee=org["colleague"].employee).first()
    assert api("executive").get(url(tenant, "api-networking-score-detail", pk=colleague_score.pk)).status_code == 200
    assert api("rep").get(url(tenant, "api-networking-score-detail", pk=colleague_score.pk)).status_code == 404
    stranger = EmployeeFactory(tenant=other_tenant)
    services.networking_scores_compute(tenant=other_tenant, today=TODAY)
    theirs = NetworkingScore.unscoped.get(tenant=other_tenant, employee=stranger)
    assert api("executive").get(url(tenant, "api-networking-score-detail", pk=theirs.pk)).status_code == 404


def test_post_asks_for_a_run_and_get_shows_its_progress(tenant, org, api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api("rep").post(url(tenant, "api-networking-score-run-list"), {}, format="json")
    assert response.status_code == 202
    run_id = response.json()["id"]
    got = api("rep").get(url(tenant, "api-networking-score-run-detail", pk=run_id))  # the task ran after commit
    assert got.status_code == 200
    assert (got.json()["status"], got.json()["percent"], got.json()["employees_done"]) == ("done", 100, 5)


def test_post_while_a_run_is_under_way_returns_it(tenant, org, api):
    running = NetworkingScoreRun.unscoped.create(tenant=tenant, status="running", employees_total=10, employees_done=3)
    response = api("rep").post(url(tenant, "api-networking-score-run-list"), {}, format="json")
    assert response.status_code == 202 and response.json()["id"] == running.pk and response.json()["percent"] == 30
    assert NetworkingScoreRun.unscoped.filter(tenant=tenant).count() == 1


def test_another_groups_run_is_404(tenant, other_tenant, org, api):
    theirs = NetworkingScoreRun.unscoped.create(tenant=other_tenant)
    assert api("rep").get(url(tenant, "api-networking-score-run-detail", pk=theirs.pk)).status_code == 404
