"""A target account with stakeholders known in every way (shared, discoverable, private) and shared affiliations.

- ``dg`` (decision maker, ally): SHARED (group) relationship of ``sharer``, strength 4; same rugby club as sharer.
- ``daf`` (decision maker, adversary): SHARED (group) relationship of ``sharer``, strength 1, and a PRIVATE one of
  ``rep``, strength 5, with private notes; same school as ``alumnus``.
- ``parc`` (the fleet manager, reports to the DAF): DISCOVERABLE relationship of ``rep``, strength 4.
- ``buyer`` (reports to the DAF): SHARED (group) relationship of ``kam``, strength 3.
The plan's owner is ``kam``; the account is in Rennes (``alumnus``, ``sharer`` and ``kam`` work in Rennes, ``rep`` in Brest).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import reverse

from bns.models import Membership, Role
from contacts.plans import services
from contacts.plans.models import Stakeholder
from tests.factories import EmployeeFactory, MembershipFactory, SiteFactory, UserFactory, relationship_make

PRIVATE_NOTE = "NOTE-PRIVATE-5521"
DISC_NOTE = "NOTE-DISC-8812"
REP_LAST_NAME = "Secretrep"
ACCOUNT = "Régie Armor Énergie"


@dataclass
class World:
    tenant: object
    members: dict[str, Membership]
    plan: object
    stakeholders: dict[str, Stakeholder]
    relationships: dict
    affiliations: dict

    def m(self, name: str) -> Membership:
        return self.members[name]


def member(tenant, employee, role) -> Membership:
    return MembershipFactory(tenant=tenant, user=UserFactory(), role=role, employee=employee)


def url(tenant, name, **kwargs) -> str:
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


def body(response) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.fixture
def world(tenant) -> World:
    rennes, brest = SiteFactory(tenant=tenant, city="Rennes"), SiteFactory(tenant=tenant, city="Brest")
    boss = EmployeeFactory(tenant=tenant, site=rennes, first_name="Maud", last_name="Chefdesventes")
    kam = EmployeeFactory(tenant=tenant, site=rennes, manager=boss, first_name="Karl", last_name="Grandscomptes")
    rep = EmployeeFactory(tenant=tenant, site=brest, first_name="Ronan", last_name=REP_LAST_NAME)
    sharer = EmployeeFactory(tenant=tenant, site=rennes, first_name="Sophie", last_name="Partage")
    alumnus = EmployeeFactory(tenant=tenant, site=rennes, first_name="Alain", last_name="Ancien")
    exec_employee = EmployeeFactory(tenant=tenant, site=brest, first_name="Eva", last_name="Codir")
    members = {
        "manager": member(tenant, boss, Role.MANAGER),
        "kam": member(tenant, kam, Role.EMPLOYEE),
        "rep": member(tenant, rep, Role.EMPLOYEE),
        "sharer": member(tenant, sharer, Role.EMPLOYEE),
        "alumnus": member(tenant, alumnus, Role.EMPLOYEE),
        "executive": member(tenant, exec_employee, Role.EXECUTIVE),
        "admin": member(tenant, None, Role.ADMIN),
    }
    common = dict(tenant=tenant, company=ACCOUNT)
    rels = {
        "dg": relationship_make(**common, owner=sharer, first_name="Denis", last_name="Général", visibility="shared", scope="group",
                                strength=4, position="Directeur général"),
        "daf_shared": relationship_make(**common, owner=sharer, first_name="Anne", last_name="Financière", visibility="shared",
                                        scope="group", strength=1, email="anne@regie.example", position="DAF"),
        "daf_private": relationship_make(**common, owner=rep, first_name="Anne", last_name="Financière", visibility="private",
                                         strength=5, email="anne@regie.example", private_notes=PRIVATE_NOTE),
        "parc": relationship_make(**common, owner=rep, first_name="Paul", last_name="Parc", visibility="discoverable", strength=4,
                                  private_notes=DISC_NOTE, position="Responsable du parc"),
        "buyer": relationship_make(**common, owner=kam, first_name="Bea", last_name="Acheteuse", visibility="shared", scope="group",
                                   strength=3, position="Acheteuse"),
    }
    assert rels["daf_shared"].person_id == rels["daf_private"].person_id
    account = rels["dg"].person.account
    account.city = "Rennes"
    account.save()
    manager_user = members["manager"].user
    plan = services.account_plan_create(tenant=tenant, actor=manager_user, account=account, owner=kam,
                                        objectives="Renouveler 40 utilitaires", strategy="Passer par le DAF")
    kam_user = members["kam"].user
    add = dict(tenant=tenant, actor=kam_user, plan=plan)
    st = {
        "dg": services.stakeholder_add(**add, person=rels["dg"].person, level=1, buying_role="decision_maker", stance="ally"),
        "daf": services.stakeholder_add(**add, person=rels["daf_shared"].person, level=2, buying_role="decision_maker",
                                        stance="adversary"),
    }
    # Only the rep sees the fleet manager's details (a discoverable relationship): the rep adds them, as a manager
    # for a moment (the account-plans permission), then back to employee.
    rep_membership = members["rep"]
    rep_membership.role = Role.MANAGER
    rep_membership.save()
    st["parc"] = services.stakeholder_add(tenant=tenant, actor=rep_membership.user, plan=plan, person=rels["parc"].person, level=3,
                                          buying_role="user", stance="neutral", reports_to=st["daf"])
    rep_membership.role = Role.EMPLOYEE
    rep_membership.save()
    st["buyer"] = services.stakeholder_add(**add, person=rels["buyer"].person, level=3, buying_role="buyer", reports_to=st["daf"])
    school = services.affiliation_find_or_create(tenant=tenant, actor=kam_user, name="ESC Rennes School of Business",
                                                 kind="school").affiliation
    club = services.affiliation_find_or_create(tenant=tenant, actor=kam_user, name="Stade Rennais Rugby", kind="club").affiliation
    services.employee_affiliation_add(tenant=tenant, actor=members["alumnus"].user, employee=alumnus, affiliation=school,
                                      detail="promo 2008")
    services.employee_affiliation_add(tenant=tenant, actor=members["sharer"].user, employee=sharer, affiliation=club)
    services.person_affiliation_add(tenant=tenant, actor=members["sharer"].user, person=rels["daf_shared"].person, affiliation=school)
    services.person_affiliation_add(tenant=tenant, actor=members["sharer"].user, person=rels["dg"].person, affiliation=club)
    return World(tenant, members, plan, st, rels, {"school": school, "club": club})


@pytest.fixture(autouse=True)
def _english_messages(settings):
    """These tests read the English messages: pages and services speak English here (French is tested elsewhere)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
