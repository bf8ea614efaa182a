"""seed_demo's account plans: three plans for armor with stakeholders known in every way, coverage gaps,
affiliations shared by employees and persons; deterministic and idempotent."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from bns.models import Membership, Tenant
from contacts.plans import selectors
from contacts.plans.models import (
    AccountPlan,
    Affiliation,
    EmployeeAffiliation,
    PersonAffiliation,
    PlanAction,
    Stakeholder,
)

pytestmark = pytest.mark.django_db


def _counts():
    return tuple(m.unscoped.count() for m in (AccountPlan, Stakeholder, PlanAction, Affiliation, EmployeeAffiliation,
                                              PersonAffiliation))


def test_demo_plans(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    armor = Tenant.objects.get(slug="armor")
    plans = AccountPlan.unscoped.filter(tenant=armor).select_related("account")
    assert {p.account.name for p in plans} == {"Énergies Bretagne Réseaux", "Mairie de Vannes", "Bâtiment Guillou et Fils"}
    assert all(p.account.is_target for p in plans)
    assert not AccountPlan.unscoped.filter(tenant__slug="atlantique").exists()
    stakeholders = Stakeholder.unscoped.filter(tenant=armor)
    assert stakeholders.count() == 12
    assert set(stakeholders.values_list("stance", flat=True)) == {"ally", "neutral", "adversary", "unknown"}
    assert stakeholders.filter(reports_to__isnull=False).count() >= 6
    assert PlanAction.unscoped.filter(tenant=armor, status="done").exists()
    assert Affiliation.unscoped.filter(tenant=armor, kind="school").count() == 2  # a duplicate to merge
    assert PersonAffiliation.unscoped.filter(tenant=armor).count() >= 6
    # As the sales manager: gaps and "someone knows them" on the utility's plan, suggestions with reasons
    manager = Membership.unscoped.get(tenant=armor, user__email="chef.ventes@armor.example")
    utility = plans.get(account__name="Énergies Bretagne Réseaux")
    board = selectors.plan_board(tenant=armor, membership=manager, plan=utility)
    assert 0 < board.coverage.covered < board.coverage.stakeholders
    assert any(c.someone_knows for c in board.cards)
    assert any(r.code == "school" for c in board.cards for s in c.suggestions for r in s.reasons)
    before = _counts()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == before
