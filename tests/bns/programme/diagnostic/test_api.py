"""The self-assessment API: the questionnaire, saving and listing answers, the results; permissions and tenants."""

from __future__ import annotations

import pytest

from bns.programme.models import DiagnosticAnswer, Programme
from tests.bns.programme.diagnostic.support import answer
from tests.bns.programme.objectives.conftest import make_programme
from tests.bns.programme.strategy.support import api, base

pytestmark = pytest.mark.django_db


def test_the_questionnaire(org):
    response = api(org.m("employee")).get(f"{base(org.tenant)}/programme-diagnostic-questions/")
    assert response.status_code == 200
    data = response.json()
    assert [lv["label"] for lv in data["levels"]] == ["disorder", "initial", "structured", "managed", "optimised"]
    assert [d["key"] for d in data["dimensions"]][:3] == ["leadership_governance", "strategy_objectives", "profiles"]
    assert sum(len(d["questions"]) for d in data["dimensions"]) == 24
    profiles = next(d for d in data["dimensions"] if d["key"] == "profiles")
    assert profiles["measured_by"] == ["profile_completeness"] and len(profiles["questions"][0]["levels"]) == 5
    assert next(d for d in data["dimensions"] if d["key"] == "leadership_governance")["measured_by"] == []


def test_saving_answers(org):
    t = org.tenant
    payload = {"answers": [{"question": "profiles_1", "level": 2, "comment": "Profils inégaux"}, {"question": "activity_1", "level": 3}]}
    response = api(org.m("manager")).post(f"{base(t)}/programme-diagnostic-answers/", payload, format="json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["saved"] == 2 and sorted(a["question"] for a in data["answers"]) == ["activity_1", "profiles_1"]
    assert data["answers"][0]["respondent_name"] == "Marc Chefdesventes"
    again = api(org.m("manager")).post(f"{base(t)}/programme-diagnostic-answers/", {
        "programme": org.programme.pk, "answers": [{"question": "profiles_1", "level": 4}]}, format="json")
    assert again.status_code == 200 and again.json()["saved"] == 1 and len(again.json()["answers"]) == 2
    assert DiagnosticAnswer.unscoped.get(question="profiles_1").level == 4


@pytest.mark.parametrize(("payload", "key"), [
    ({"answers": [{"question": "profiles_9", "level": 2}]}, "answers"),
    ({"answers": [{"question": "profiles_1", "level": 6}]}, "answers"),
    ({"answers": [{"question": "profiles_1", "level": 0}]}, "answers"),
    ({"answers": [{"question": "profiles_1", "level": 2}, {"question": "profiles_1", "level": 3}]}, "answers"),
    ({"answers": []}, "answers"),
    ({}, "answers"),
    ({"answers": [{"question": "profiles_1", "level": 2, "comment": "x" * 501}]}, "answers"),
])
def test_bad_answers_are_400(org, payload, key):
    response = api(org.m("executive")).post(f"{base(org.tenant)}/programme-diagnostic-answers/", payload, format="json")
    assert response.status_code == 400 and key in response.json()
    assert not DiagnosticAnswer.unscoped.exists()


def test_who_may_answer(org):
    url = f"{base(org.tenant)}/programme-diagnostic-answers/"
    payload = {"answers": [{"question": "profiles_1", "level": 2}]}
    assert api(org.m("employee")).post(url, payload, format="json").status_code == 403
    response = api(org.m("admin")).post(url, payload, format="json")  # no employee record
    assert response.status_code == 400 and "not linked to an employee" in str(response.json())
    org.programme.status = Programme.Status.CLOSED
    org.programme.save()
    response = api(org.m("executive")).post(url, payload, format="json")
    assert response.status_code == 400 and "closed" in str(response.json())
    assert not DiagnosticAnswer.unscoped.exists()


def test_answers_are_listed_to_their_respondent_and_to_the_editors(org):
    answer(org, "manager", {"profiles_1": 2})
    answer(org, "executive", {"profiles_1": 4, "profiles_2": 3})
    url = f"{base(org.tenant)}/programme-diagnostic-answers/"
    assert api(org.m("employee")).get(url).json()["count"] == 0
    assert api(org.m("admin")).get(url).json()["count"] == 3  # an administrator edits the programme
    mine = api(org.m("manager")).get(url).json()
    assert [a["level"] for a in mine["results"]] == [2]
    assert api(org.m("manager")).get(url, {"respondent": org.employee("executive").pk}).json()["count"] == 0
    owner = api(org.m("owner"))
    assert owner.get(url).json()["count"] == 3
    assert owner.get(url, {"respondent": org.employee("executive").pk}).json()["count"] == 2


def test_results(org):
    answer(org, "manager", {"profiles_1": 2, "profiles_2": 3})
    answer(org, "executive", {"profiles_1": 4})
    response = api(org.m("employee")).get(f"{base(org.tenant)}/programme-diagnostic-results/")
    assert response.status_code == 200
    data = response.json()
    assert data["programme"] == org.programme.pk and data["respondents"] == 2
    profiles = next(d for d in data["dimensions"] if d["key"] == "profiles")
    assert (profiles["mean"], profiles["level"], profiles["index"], profiles["low"], profiles["high"]) == ("3.00", 3, 50, 2, 4)
    assert profiles["measurable"] is True and profiles["indicators"][0]["metric"] == "profile_completeness"
    assert profiles["indicators"][0]["value"] is None and profiles["measured_level"] is None and profiles["gap"] is None
    assert profiles["indicators"][0]["bands"] == ["20.00", "40.00", "60.00", "80.00"]
    assert [q["answers"] for q in profiles["questions"]] == [2, 1, 0]
    leadership = next(d for d in data["dimensions"] if d["key"] == "leadership_governance")
    assert leadership["measurable"] is False and leadership["indicators"] == [] and leadership["level"] is None
    assert "Marc" not in response.content.decode()


def test_another_groups_iteration(org, other_tenant):
    theirs = make_programme(other_tenant)
    t = org.tenant
    client = api(org.m("executive"))
    assert client.get(f"{base(t)}/programme-diagnostic-results/", {"programme": theirs.pk}).status_code == 404
    assert client.get(f"{base(t)}/programme-diagnostic-answers/", {"programme": theirs.pk}).status_code == 404
    response = client.post(f"{base(t)}/programme-diagnostic-answers/", {
        "programme": theirs.pk, "answers": [{"question": "profiles_1", "level": 2}]}, format="json")
    assert response.status_code == 400 and "programme" in response.json()
    assert not DiagnosticAnswer.unscoped.exists()


def test_without_a_programme(tenant):
    from bns.models import Role
    from tests.factories import MembershipFactory, UserFactory

    member = MembershipFactory(tenant=tenant, user=UserFactory(), role=Role.EXECUTIVE)
    assert api(member).get(f"{base(tenant)}/programme-diagnostic-results/").status_code == 404
    assert api(member).get(f"{base(tenant)}/programme-diagnostic-answers/").json()["count"] == 0
    response = api(member).post(f"{base(tenant)}/programme-diagnostic-answers/", {"answers": [{"question": "profiles_1", "level": 2}]},
                                format="json")
    assert response.status_code == 400 and "programme" in response.json()
