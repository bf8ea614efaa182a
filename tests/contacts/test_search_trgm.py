"""who_knows tolerates typos on PostgreSQL (pg_trgm) and matches plain substrings everywhere, under the visibility rule."""

from __future__ import annotations

import pytest
from django.db import connection

from bns.models import Role
from contacts.selectors import who_knows
from tests.factories import EmployeeFactory, MembershipFactory, SiteFactory, UserFactory, relationship_make

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm needs PostgreSQL (DATABASE_URL)")


@pytest.fixture
def world(tenant, other_tenant):
    site = SiteFactory(tenant=tenant)
    rep = EmployeeFactory(tenant=tenant, site=site)
    colleague = EmployeeFactory(tenant=tenant, site=site)
    viewer = MembershipFactory(tenant=tenant, user=UserFactory(), role=Role.EMPLOYEE, employee=colleague)
    shared = relationship_make(tenant=tenant, owner=rep, first_name="Yann", last_name="Kervella", company="Transports Kervella",
                               visibility="shared", scope="group")
    discoverable = relationship_make(tenant=tenant, owner=rep, first_name="Soizic", last_name="Le Bihan",
                                     company="Hôpital de Quimperlé", visibility="discoverable")
    private = relationship_make(tenant=tenant, owner=rep, first_name="Gwenola", last_name="Kervella",
                                company="Boulangerie Kervella", visibility="private")
    unrelated = relationship_make(tenant=tenant, owner=rep, first_name="Anne", last_name="Martin", company="Menuiserie Riou",
                                  visibility="shared", scope="group")
    elsewhere = relationship_make(tenant=other_tenant, owner=EmployeeFactory(tenant=other_tenant), company="Transports Kervella",
                                  visibility="shared", scope="group")
    return {"tenant": tenant, "viewer": viewer, "shared": shared, "discoverable": discoverable, "private": private,
            "unrelated": unrelated, "elsewhere": elsewhere}


def _ids(world, query):
    return set(who_knows(tenant=world["tenant"], membership=world["viewer"], query=query).values_list("pk", flat=True))


def test_exact_substrings_and_folded_keys(world):
    assert _ids(world, "Kervella") == {world["shared"].pk}  # the private one stays invisible, the other group's too
    assert _ids(world, "transports kerv") == {world["shared"].pk}
    assert _ids(world, "Hôpital") == {world["discoverable"].pk}  # company names match discoverable relationships
    assert _ids(world, "hopital") == {world["discoverable"].pk}  # accent-folded company_key
    assert _ids(world, "Soizic") == set()  # a person's name only matches where the details are visible
    assert _ids(world, "Riou") == {world["unrelated"].pk}
    assert _ids(world, "") == set()


@on_postgres
def test_typos_match_on_postgres(world):
    assert _ids(world, "Kervela") == {world["shared"].pk}  # company (and person name: shared)
    assert _ids(world, "Transport Kervela") == {world["shared"].pk}
    assert _ids(world, "Quimperle hopitl") == {world["discoverable"].pk}  # company typo, discoverable: still found
    assert _ids(world, "Soizik") == set()  # a person's name typo never reveals a discoverable relationship
    assert _ids(world, "Martn") == {world["unrelated"].pk}  # person name typo where the details are shared
    assert _ids(world, "Zzyzx") == set()


@on_postgres
def test_trigram_indexes_exist():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE %s", ["%_trgm"])
        names = {row[0] for row in cursor.fetchall()}
    assert {"person_company_key_trgm", "person_name_key_trgm", "account_name_key_trgm"} <= names
