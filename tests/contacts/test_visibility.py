"""The rep owns the relationship: what each role may see, through the one visibility selector."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from bns.models import Role
from contacts.models import LedgerEntry, Person, Relationship
from contacts.selectors import (
    DETAILS,
    EXISTENCE,
    OWNER,
    relationship_get_for,
    relationship_present,
    relationship_visible,
    who_knows,
)
from contacts.services import relationship_update
from tests.factories import EmployeeFactory, MembershipFactory, SiteFactory, UserFactory, relationship_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(tenant):
    site, other_site = SiteFactory(tenant=tenant), SiteFactory(tenant=tenant)
    boss = EmployeeFactory(tenant=tenant, site=site)
    rep = EmployeeFactory(tenant=tenant, site=site, manager=boss)
    teammate = EmployeeFactory(tenant=tenant, site=site, manager=boss)
    far = EmployeeFactory(tenant=tenant, site=other_site)

    def member(employee, role):
        user = UserFactory()
        return MembershipFactory(tenant=tenant, user=user, role=role, employee=employee)

    return {
        "rep": member(rep, Role.EMPLOYEE),
        "manager": member(boss, Role.MANAGER),
        "teammate": member(teammate, Role.EMPLOYEE),
        "far": member(far, Role.EXECUTIVE),
        "admin": member(None, Role.ADMIN),
    }


def _access(tenant, membership, relationship):
    row = relationship_visible(tenant=tenant, membership=membership).filter(pk=relationship.pk).first()
    return row.access if row is not None else None


def test_private_is_invisible_to_everyone_but_the_owner(tenant, org):
    rel = relationship_make(tenant=tenant, owner=org["rep"].employee, actor=org["rep"].user, visibility="private",
                            private_notes="SECRET-NOTE")
    assert _access(tenant, org["rep"], rel) == OWNER
    for role in ("manager", "teammate", "far", "admin"):
        assert _access(tenant, org[role], rel) is None, role
        with pytest.raises(Http404):
            relationship_get_for(tenant=tenant, membership=org[role], pk=rel.pk)
        assert not who_knows(tenant=tenant, membership=org[role], query="Kervella").exists()


def test_discoverable_shows_existence_and_band_never_details(tenant, org):
    rel = relationship_make(tenant=tenant, owner=org["rep"].employee, actor=org["rep"].user, visibility="discoverable",
                            strength=5, private_notes="SECRET-NOTE")
    for role in ("manager", "teammate", "far", "admin"):
        row = relationship_get_for(tenant=tenant, membership=org[role], pk=rel.pk)
        shown = relationship_present(row)
        assert shown["access"] == EXISTENCE
        assert shown["company"] == "Transports Kervella" and shown["strength_band"] == "strong"
        assert "person_name" not in shown and "private_notes" not in shown and "strength" not in shown
        # A person's name does not find a discoverable relationship; the company does.
        assert not who_knows(tenant=tenant, membership=org[role], query="Yann").exists()
        assert who_knows(tenant=tenant, membership=org[role], query="Transports").exists()


def test_shared_scope_decides_who_sees_details(tenant, org):
    rel = relationship_make(tenant=tenant, owner=org["rep"].employee, actor=org["rep"].user, visibility="shared",
                            scope="team", private_notes="SECRET-NOTE")
    assert _access(tenant, org["teammate"], rel) == DETAILS
    assert _access(tenant, org["manager"], rel) == DETAILS
    assert _access(tenant, org["far"], rel) == EXISTENCE
    assert _access(tenant, org["admin"], rel) == EXISTENCE
    for role in ("teammate", "manager"):
        shown = relationship_present(relationship_get_for(tenant=tenant, membership=org[role], pk=rel.pk))
        assert shown["person_name"] == "Yann Kervella"
        assert "private_notes" not in shown
    relationship_update(tenant=tenant, actor=org["rep"].user, relationship=rel, scope="group")
    assert _access(tenant, org["far"], rel) == DETAILS
    assert _access(tenant, org["admin"], rel) == DETAILS
    assert "private_notes" not in relationship_present(relationship_get_for(tenant=tenant, membership=org["admin"], pk=rel.pk))


def test_only_the_owner_edits_and_visibility_changes_are_in_the_ledger(tenant, org):
    rel = relationship_make(tenant=tenant, owner=org["rep"].employee, actor=org["rep"].user, visibility="private")
    for role in ("manager", "admin"):
        with pytest.raises(PermissionDenied):
            relationship_update(tenant=tenant, actor=org[role].user, relationship=rel, visibility="shared")
    relationship_update(tenant=tenant, actor=org["rep"].user, relationship=rel, visibility="shared", private_notes="x")
    verbs = list(LedgerEntry.unscoped.filter(tenant=tenant, relationship=rel).values_list("verb", flat=True))
    assert sorted(verbs) == ["create", "update", "visibility"]
    entry = LedgerEntry.unscoped.get(tenant=tenant, relationship=rel, verb="update")
    assert "x" not in str(entry.data.values())


def test_same_person_known_by_two_reps_is_one_person(tenant, org):
    relationship_make(tenant=tenant, owner=org["rep"].employee, email="yann@kervella.fr")
    relationship_make(tenant=tenant, owner=org["teammate"].employee, first_name="YANN", last_name="KERVELLA",
                      company="Transports Kervella SAS")
    assert Person.unscoped.filter(tenant=tenant).count() == 1
    assert Relationship.unscoped.filter(tenant=tenant).count() == 2
