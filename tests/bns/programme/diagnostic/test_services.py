"""Saving the self-assessment: who may answer, validation, upsert, the audit row."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bns.models import AuditEvent, Role
from bns.programme.diagnostic import services
from bns.programme.models import DiagnosticAnswer, Programme
from tests.bns.programme.diagnostic.support import answer, respondents
from tests.bns.programme.objectives.conftest import make_programme
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_answers_are_saved_with_their_dimension_then_replaced(org):
    saved = answer(org, "manager", {"profiles_1": (2, "  Peu de profils   LinkedIn "), "activity_3": 4})
    assert len(saved) == 2
    rows = {a.question: a for a in DiagnosticAnswer.unscoped.filter(tenant=org.tenant)}
    assert rows["profiles_1"].dimension == "profiles" and rows["profiles_1"].level == 2
    assert rows["profiles_1"].comment == "Peu de profils LinkedIn"
    assert rows["activity_3"].dimension == "activity" and rows["activity_3"].comment == ""
    assert rows["profiles_1"].respondent == org.employee("manager")
    # Again: the same question is replaced, the others are kept; the same answer twice changes nothing.
    saved = answer(org, "manager", {"profiles_1": (3, ""), "activity_3": 4})
    assert [a.question for a in saved] == ["profiles_1"]
    assert DiagnosticAnswer.unscoped.filter(tenant=org.tenant).count() == 2
    assert DiagnosticAnswer.unscoped.get(question="profiles_1").level == 3
    assert answer(org, "manager", {"activity_3": (4, "")}) == []
    events = AuditEvent.unscoped.filter(tenant=org.tenant, verb="programme.diagnostic.answer").order_by("pk")
    assert events.count() == 2  # the no-op wrote nothing
    assert events[0].data == {"respondent": org.employee("manager").pk, "created": ["activity_3", "profiles_1"], "updated": []}
    assert events[1].data["updated"] == ["profiles_1"] and "level" not in str(events[1].data)


@pytest.mark.parametrize("who", ["executive", "owner", "manager"])
def test_executives_and_managers_answer(org, who):
    answer(org, who, {"leadership_governance_1": 1})
    assert DiagnosticAnswer.unscoped.filter(respondent=org.employee(who)).count() == 1


def test_site_directors_consultants_and_admins_with_an_employee_answer(org):
    for role in (Role.SITE_DIRECTOR, Role.CONSULTANT, Role.ADMIN):
        member = respondents(org, 1, role=role)[0]
        answer(org, member, {"results_2": 5})
    assert DiagnosticAnswer.unscoped.count() == 3


def test_employees_and_marketing_may_not_answer(org):
    with pytest.raises(PermissionDenied):
        answer(org, "employee", {"profiles_1": 3})
    marketing = MembershipFactory(tenant=org.tenant, user=UserFactory(), role=Role.MARKETING, employee=EmployeeFactory(tenant=org.tenant))
    with pytest.raises(PermissionDenied):
        answer(org, marketing, {"profiles_1": 3})
    assert not DiagnosticAnswer.unscoped.exists()


def test_a_login_without_an_employee_is_told_why(org):
    with pytest.raises(ValidationError, match="not linked to an employee"):
        answer(org, "admin", {"profiles_1": 3})


@pytest.mark.parametrize(("answers", "key", "message"), [
    ({"profiles_9": 3}, "answers", "Unknown questions: profiles_9."),
    ({"profiles_1": 0}, "profiles_1", "Choose a level from 1 to 5."),
    ({"profiles_1": 6}, "profiles_1", "Choose a level from 1 to 5."),
    ({"profiles_1": "x"}, "profiles_1", "Choose a level from 1 to 5."),
    ({"profiles_1": True}, "profiles_1", "Choose a level from 1 to 5."),
    ({"profiles_1": 2.5}, "profiles_1", "Choose a level from 1 to 5."),
    ({"profiles_1": (3, "x" * 501)}, "profiles_1", "at most 500 characters"),
    ({}, "answers", "Answer at least one question."),
])
def test_bad_answers_are_refused_with_a_clear_message(org, answers, key, message):
    with pytest.raises(ValidationError) as exc:
        answer(org, "manager", {**answers})
    assert message in " ".join(exc.value.message_dict[key])
    assert not DiagnosticAnswer.unscoped.exists()


def test_one_bad_answer_refuses_the_whole_save(org):
    with pytest.raises(ValidationError):
        answer(org, "manager", {"profiles_1": 3, "profiles_2": 9, "nope": 1})
    assert not DiagnosticAnswer.unscoped.exists()


def test_only_while_the_iteration_runs(org):
    org.programme.status = Programme.Status.CLOSED
    org.programme.save()
    with pytest.raises(ValidationError, match="This iteration is closed"):
        answer(org, "executive", {"profiles_1": 3})


def test_another_groups_iteration_or_membership_is_refused(org, other_tenant):
    theirs = make_programme(other_tenant)
    with pytest.raises(PermissionDenied):
        answer(org, "manager", {"profiles_1": 3}, programme=theirs)
    with pytest.raises(PermissionDenied):  # a membership that is not the actor's
        services.diagnostic_answer_save(tenant=org.tenant, actor=org.user("manager"), membership=org.m("executive"),
                                        programme=org.programme, answers={"profiles_1": 3})
    assert not DiagnosticAnswer.unscoped.exists()


def test_answers_are_per_iteration(org):
    answer(org, "manager", {"profiles_1": 2})
    org.programme.status = Programme.Status.CLOSED
    org.programme.save()
    second = make_programme(org.tenant, iteration=2)
    answer(org, "manager", {"profiles_1": 4}, programme=second)
    assert sorted(DiagnosticAnswer.unscoped.values_list("programme_id", "level")) == [(org.programme.pk, 2), (second.pk, 4)]
