"""Helpers of the self-assessment tests: respondents and their answers, built through the service."""

from __future__ import annotations

from bns.models import Role
from bns.programme.diagnostic import services
from bns.programme.diagnostic.questionnaire import QUESTIONS
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory


def answer(org, who, answers: dict, programme=None):
    """``who``: a member name of the org, or a Membership."""
    membership = org.m(who) if isinstance(who, str) else who
    return services.diagnostic_answer_save(tenant=org.tenant, actor=membership.user, programme=programme or org.programme,
                                           answers=answers)


def respondents(org, n: int, *, role=Role.MANAGER, start: int = 0) -> list:
    """``n`` more sales managers (with an employee record) who answer."""
    return [MembershipFactory(tenant=org.tenant, user=UserFactory(), role=role,
                              employee=EmployeeFactory(tenant=org.tenant, first_name="Resp", last_name=f"N{start + i:03d}"))
            for i in range(n)]


def answer_all(org, membership, level: int, comment: str = ""):
    return answer(org, membership, {code: (level, comment) for code in QUESTIONS})
