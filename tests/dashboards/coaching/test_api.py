"""The coaching dashboards' API: the pages' figures and rules, as JSON."""

from __future__ import annotations

from datetime import timedelta

import pytest
from rest_framework.authtoken.models import Token

from tests.dashboards.coaching.conftest import SECRET, login, url
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def test_team(client, tenant, team):
    login(client, team.manager)
    response = client.get(url(tenant, "api-dashboards-team"))
    assert response.status_code == 200
    data = response.json()
    assert data["has_employee"] is True and data["team_size"] == 3 and data["sort"] == "-score" and data["site"] is None
    assert data["freshness"]["snapshot_day"] == team.day.isoformat() and data["freshness"]["computed_by"] == ""
    assert [row["employee"]["id"] for row in data["rows"]] == [team.r1.employee.pk, team.r2.employee.pk, team.r3.employee.pk]
    r1 = data["rows"][0]
    assert r1["score"] == 61.5 and r1["pillars"] == {"brand": 20.0, "reach": 15.0, "engage": 16.5, "relate": 10.0}
    assert (r1["profile_completeness"], r1["profile_gaps"], r1["activity_30_days"]) == (80.0, 2, 4.0)
    assert sum(r1["activity_weeks"]) == 4 and len(r1["activity_weeks"]) == 8
    assert (r1["relationships"], r1["relationships_shared_percent"]) == (3, 66.67)
    assert (r1["referrals_submitted"], r1["referrals_won"], r1["referral_deal_value"]) == (2, 1.0, 10000.0)
    assert (r1["follow_ups_due"], r1["follow_ups_overdue"]) == (2, 1)
    assert r1["next_follow_up"] == (team.day - timedelta(days=2)).isoformat()
    assert data["rows"][2]["score"] is None and data["rows"][2]["profile_completeness"] is None
    averages = data["averages"]
    assert averages["n"] == 3 and averages["score"] == 45.75 and averages["pillars"]["engage"] == 13.25
    assert averages["relationships_shared_percent"] == 33.34
    assert SECRET not in response.content.decode()


def test_team_filter_and_bad_query(client, tenant, team):
    login(client, team.manager)
    data = client.get(url(tenant, "api-dashboards-team"), {"site": team.brest.pk, "sort": "name"}).json()
    assert [row["employee"]["id"] for row in data["rows"]] == [team.r3.employee.pk] and data["averages"]["n"] == 1
    assert client.get(url(tenant, "api-dashboards-team"), {"sort": "salary"}).status_code == 400
    assert client.get(url(tenant, "api-dashboards-team"), {"site": "x"}).status_code == 400


def test_team_of_a_member_without_one_is_empty(client, tenant, team):
    login(client, team.r1)
    data = client.get(url(tenant, "api-dashboards-team")).json()
    assert (data["has_employee"], data["team_size"], data["rows"], data["averages"]) == (True, 0, [], None)
    login(client, team.admin)
    data = client.get(url(tenant, "api-dashboards-team")).json()
    assert (data["has_employee"], data["team_size"]) == (False, 0)


@pytest.mark.parametrize("who, status, notes", [
    ("manager", 200, True), ("director", 200, True), ("r1", 200, True),
    ("executive", 200, False), ("admin", 200, False), ("r2", 404, None), ("other_manager", 404, None),
])
def test_rep_permission_matrix(client, tenant, team, who, status, notes):
    login(client, getattr(team, who))
    response = client.get(url(tenant, "api-dashboards-rep", employee_pk=team.r1.employee.pk))
    assert response.status_code == status
    if status != 200:
        return
    data = response.json()
    assert data["score"]["total"] == 61.5 and data["coaching_notes_visible"] is notes
    assert (SECRET in response.content.decode()) is notes
    if notes:
        assert [f["follow_up_on"] for f in data["follow_ups"]] == [
            (team.day - timedelta(days=2)).isoformat(), (team.day + timedelta(days=3)).isoformat()]
    else:
        assert data["follow_ups"] is None


def test_rep_figures(client, tenant, team):
    login(client, team.manager)
    data = client.get(url(tenant, "api-dashboards-rep", employee_pk=team.r1.employee.pk)).json()
    assert [p["pillar"] for p in data["score"]["pillars"]] == ["brand", "reach", "engage", "relate"]
    assert [s["key"] for s in data["score"]["next_steps"]] == ["reach.target_accounts", "reach.relationships", "engage.activities"]
    assert [h["total"] for h in data["history"]] == [61.5, 40.0]
    assert data["trend"] == [{"day": team.day.isoformat(), "value": 61.5}]
    assert data["snapshot"]["referral_deal_value"] == 10000.0 and data["snapshot"]["profile_completeness"] == 80.0
    assert [g["code"] for g in data["profile_gaps"]] == ["recommendations", "skills"]
    assert data["contacts"]["total"] == 3 and [s["n"] for s in data["contacts"]["by_strength"]] == [0, 1, 1, 0, 1]
    assert data["referrals"] == {"submitted": 1, "accepted": 0, "qualified": 0, "won": 2, "lost": 0}


def test_me(client, tenant, team):
    login(client, team.r1)
    data = client.get(url(tenant, "api-dashboards-me")).json()
    assert data["has_employee"] is True and data["page"]["employee"]["id"] == team.r1.employee.pk
    assert data["waiting"]["intro_requests_pending"] == 1 and data["waiting"]["referrals_to_accept"] == 1
    assert data["waiting"]["intro_requests"][0]["requester_name"] == team.r2.employee.full_name
    assert data["rewards"] == {"pending": 0.0, "approved": 250.0, "paid": 100.0, "rejected": 0.0}
    assert data["page"]["score"]["total"] == 61.5
    login(client, team.admin)
    data = client.get(url(tenant, "api-dashboards-me")).json()
    assert (data["has_employee"], data["page"], data["waiting"], data["rewards"]) == (False, None, None, None)


def test_api_across_groups_and_without_login(client, tenant, other_tenant, team):
    stranger = EmployeeFactory(tenant=other_tenant)
    token = Token.objects.create(user=team.executive.user)
    auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    assert client.get(url(tenant, "api-dashboards-rep", employee_pk=stranger.pk), **auth).status_code == 404
    assert client.get(url(tenant, "api-dashboards-rep", employee_pk=team.r1.employee.pk), **auth).status_code == 200
    for name, kwargs in [("api-dashboards-team", {}), ("api-dashboards-me", {}),
                         ("api-dashboards-rep", {"employee_pk": stranger.pk})]:
        assert client.get(url(other_tenant, name, **kwargs), **auth).status_code == 404
        assert client.get(url(tenant, name, **kwargs)).status_code == 401
    assert client.post(url(tenant, "api-dashboards-team"), **auth).status_code == 405
