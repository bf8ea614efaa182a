"""Hand-computed fixtures of the CoDir dashboards, on top of tests/dashboards/conftest.py's build_org:

    Rennes:  a (VN), b (APV), f (VN)
    Brest:   c (VN), e (APV), g (no department), d (VN, has left the group)
    Quimper: nobody                              RH: nobody

``add_coordination`` adds what the coordination, sharing and results metrics count (worked out in test_metrics.py);
``add_programme`` adds an iteration with a budget and self-assessment answers (the maturity blending).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from bns.models import Role
from bns.programme.models import BudgetLine, DiagnosticAnswer, Programme, ProgrammeAction
from contacts.models import Account, IntroRequest, Person, Relationship, RelationshipStatus, Solicitation
from contacts.referrals.models import Referral, Reward
from networking.models import Network, NetworkMembership, NetworkTarget
from tests.dashboards.conftest import AS_OF, at, build_org
from tests.factories import MembershipFactory, UserFactory, relationship_make

D = Decimal


def add_coordination(o) -> None:
    t, s = o.tenant, o.suffix

    # Solicitations (cap 3 in 30 days; the window is 03-02 .. 03-31): X1 4 in the window (over); X2 3 in the window and
    # 2 before it (at the cap: not over); X3 5 of which 2 not commercial (3: not over); X4 3 in the window + 1 after the
    # day (not over).
    def person(name):
        return relationship_make(tenant=t, owner=o.a, last_name=f"{name}{s}", email=f"{name.lower()}{s}@x.example",
                                 company="").person

    for name, days, extra in [("X1", [1, 5, 10, 20], []), ("X2", [1, 2, 3, 40, 50], []), ("X3", [1, 2, 3, 4, 5], [3, 4]),
                              ("X4", [1, 2, 3, -1], [])]:
        who = person(name)
        for n, back in enumerate(days):
            Solicitation.unscoped.create(tenant=t, person=who, employee=[o.a, o.c, o.e][n % 3], channel="call",
                                         commercial=n not in extra, occurred_at=at(AS_OF - timedelta(days=back)))

    # Persons known by several employees: K1 (account without owner) a + f: group, Rennes; K2 (account owned by c) a + c:
    # no; K3 (no account) a + c: group only (not two of one dealership); K4 (account of d, who left) c + e: group, Brest;
    # K5 a + d (d has left): no; K6 c + g, g's ended: no.
    a1 = Account.unscoped.create(tenant=t, name=f"A1{s}", name_key=f"a1{s}")
    a2 = Account.unscoped.create(tenant=t, name=f"A2{s}", name_key=f"a2{s}", owner=o.c)
    a3 = Account.unscoped.create(tenant=t, name=f"A3{s}", name_key=f"a3{s}", owner=o.d)

    def known(name, owners, account, ended=()):
        rels = [relationship_make(tenant=t, owner=owner, last_name=f"{name}{s}", email=f"{name.lower()}{s}@x.example", company="")
                for owner in owners]
        Person.unscoped.filter(pk=rels[0].person_id).update(account=account)
        for rel in rels:
            if rel.owner in ended:
                Relationship.unscoped.filter(pk=rel.pk).update(status=RelationshipStatus.ENDED)
        return rels[0].person

    known("K1", [o.a, o.f], a1)
    known("K2", [o.a, o.c], a2)
    known("K3", [o.a, o.c], None)
    known("K4", [o.c, o.e], a3)
    known("K5", [o.a, o.d], None)
    known("K6", [o.c, o.g], None, ended=(o.g,))

    # Target accounts: T1 (owner a) known at strength 3 by c: strong; T2 (owner a) strength 2 by a, 4 by d (left): weak;
    # T3 (owner c) nobody: weak; T4 (no owner) strength 5 by e, ended: weak; T5 not a target.
    targets = {}
    for name, owner, target in [("T1", o.a, True), ("T2", o.a, True), ("T3", o.c, True), ("T4", None, True), ("T5", None, False)]:
        targets[name] = Account.unscoped.create(tenant=t, name=f"{name}{s}", name_key=f"{name.lower()}{s}", owner=owner,
                                                is_target=target)

    def at_account(name, account, owner, strength, ended=False):
        rel = relationship_make(tenant=t, owner=owner, last_name=f"{name}{s}", email=f"{name.lower()}{s}@x.example", company="",
                                strength=strength)
        Person.unscoped.filter(pk=rel.person_id).update(account=account)
        if ended:
            Relationship.unscoped.filter(pk=rel.pk).update(status=RelationshipStatus.ENDED)

    at_account("S1", targets["T1"], o.c, 3)
    at_account("S2", targets["T2"], o.a, 2)
    at_account("S3", targets["T2"], o.d, 4)
    at_account("S4", targets["T4"], o.e, 5, ended=True)
    at_account("S5", targets["T5"], o.a, 1)

    # Networks (build_org: CCI Brest has e as member and a lead who left): g joins CCI Brest (overlap: group, Brest);
    # Rotary a + c, no target (overlap: group only); BNI a + f with b as lead member (led); Golf b + f, f's ended;
    # Lions a + f with a target led by a.
    cci = Network.unscoped.get(tenant=t, name=f"CCI Brest{s}")
    NetworkMembership.unscoped.create(tenant=t, network=cci, employee=o.g)

    def network(name, members, *, lead_member=None, ended=None, target_lead=None):
        net = Network.unscoped.create(tenant=t, name=f"{name}{s}", kind="service_club")
        for employee in members:
            NetworkMembership.unscoped.create(tenant=t, network=net, employee=employee,
                                              ended_on=AS_OF if employee == ended else None,
                                              role="lead" if employee == lead_member else "member")
        if target_lead is not None:
            NetworkTarget.unscoped.create(tenant=t, network=net, site=None, lead=target_lead)

    network("Rotary", [o.a, o.c])
    network("BNI", [o.a, o.f, o.b], lead_member=o.b)
    network("Golf", [o.b, o.f], ended=o.f)
    network("Lions", [o.a, o.f], target_lead=o.a)

    # Rewards: a's won referral 300 approved 03-25; e's 150 approved 02-15, paid 03-01; e's November one 500 approved
    # 2025-11-20 (before the 90 days); f's 100 pending.
    def reward(referrer, amount, status, approved=None, paid=None, closed=None):
        referral = Referral.unscoped.filter(tenant=t, referrer=referrer, status="won")
        if closed:
            referral = referral.filter(closed_at=at(closed))
        found = Reward.unscoped.create(tenant=t, referral=referral.get(), referrer=referrer, amount=D(amount), explanation="x",
                                       status=status, approved_at=at(approved) if approved else None,
                                       paid_at=at(paid) if paid else None)
        Reward.unscoped.filter(pk=found.pk).update(created_at=at(approved or AS_OF) - timedelta(days=1))

    reward(o.a, "300", "approved", approved=date(2026, 3, 25))
    reward(o.e, "150", "paid", approved=date(2026, 2, 15), paid=date(2026, 3, 1), closed=date(2026, 2, 10))
    reward(o.e, "500", "approved", approved=date(2025, 11, 20), closed=date(2025, 11, 15))
    reward(o.f, "100", "pending")

    # Introductions (all requested by b): a's accepted one ends in a deal on 03-20; c's in "we met".
    IntroRequest.unscoped.filter(tenant=t, owner=o.a, status="accepted").update(outcome="deal", outcome_at=at(date(2026, 3, 20)))
    IntroRequest.unscoped.filter(tenant=t, owner=o.c, status="accepted").update(outcome="met", outcome_at=at(date(2026, 3, 20)))
    # Every relationship logged before the day (as build_org's).
    Relationship.unscoped.filter(tenant=t).update(created_at=at(date(2026, 1, 5)))


def add_programme(o, *, answers: bool = True) -> Programme:
    """The active iteration with its budget (net saving 2100) and self-assessment answers, beside a closed earlier one."""
    t = o.tenant
    Programme.unscoped.create(tenant=t, iteration=1, title="Iteration 1", starts_on=date(2025, 6, 1),
                              target_end_on=date(2025, 12, 1), status=Programme.Status.CLOSED)
    programme = Programme.unscoped.create(tenant=t, iteration=2, title="Iteration 2", starts_on=date(2026, 1, 1),
                                          target_end_on=date(2026, 6, 30))
    old = Programme.unscoped.get(tenant=t, iteration=1)
    BudgetLine.unscoped.create(tenant=t, programme=old, label="old", actual=D("50"), replaced_amount=D("99999"))
    # Spent: action X max(1000, 600 + 300) + action Y max(0, 500) + the unlinked line 200 = 1700; replaced 2000 + 800 +
    # 1000 = 3800: a net saving of 2100.
    x = ProgrammeAction.unscoped.create(tenant=t, programme=programme, title="X", kind="content", budget_actual=D("1000"))
    y = ProgrammeAction.unscoped.create(tenant=t, programme=programme, title="Y", kind="event")
    for action, actual, replaced in [(x, "600", "2000"), (x, "300", "0"), (y, "500", "800"), (None, "200", "1000")]:
        BudgetLine.unscoped.create(tenant=t, programme=programme, action=action, label="line", actual=D(actual),
                                   replaced_amount=D(replaced))
    if answers:
        # a (Rennes, VN): profiles 4 and 2; c (Brest, VN): leadership 5; b (Rennes, APV): leadership 1 and 3; g (Brest):
        # conviction 2. An answer of the closed iteration is ignored.
        for respondent, question, level, prog in [(o.a, "profiles_1", 4, programme), (o.a, "profiles_2", 2, programme),
                                                  (o.c, "leadership_governance_1", 5, programme),
                                                  (o.b, "leadership_governance_1", 1, programme),
                                                  (o.b, "leadership_governance_2", 3, programme),
                                                  (o.g, "conviction_1", 2, programme), (o.g, "results_1", 5, old)]:
            DiagnosticAnswer.unscoped.create(tenant=t, programme=prog, respondent=respondent, question=question,
                                             dimension=question.rsplit("_", 1)[0], level=level)
    return programme


@pytest.fixture
def coord(tenant):
    o = build_org(tenant)
    add_coordination(o)
    return o


@pytest.fixture
def matured(tenant):
    o = build_org(tenant)
    o.programme = add_programme(o)
    return o


def member(tenant, role, *, employee=None):
    return MembershipFactory(tenant=tenant, user=UserFactory(), role=role, employee=employee).user


@pytest.fixture
def users(tenant):
    return {role: member(tenant, role) for role in (Role.ADMIN, Role.EXECUTIVE, Role.SITE_DIRECTOR, Role.MANAGER,
                                                     Role.EMPLOYEE, Role.MARKETING, Role.CONSULTANT)}
