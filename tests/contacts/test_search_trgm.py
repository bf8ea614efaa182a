"""who_knows tolerates typos on PostgreSQL (pg_trgm) and matches plain substrings everywhere, under the visibility rule."""

from __future__ import annotations

import pytest
from django.db import connection

from bns.models import Role
from contacts.selectors import trigram_planner_costs, who_knows, who_knows_person_lookup
from contacts.services import account_update
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


# --- the person-ids-first match (PostgreSQL) keeps the rule: company for everyone, name/position only with details ---


@pytest.fixture
def book(tenant):
    """The rep's relationships, seen by a colleague of the same dealership and by an executive of another one."""
    site, other_site = SiteFactory(tenant=tenant), SiteFactory(tenant=tenant)
    rep = EmployeeFactory(tenant=tenant, site=site)
    members = {
        "owner": MembershipFactory(tenant=tenant, user=UserFactory(), role=Role.EMPLOYEE, employee=rep),
        "colleague": MembershipFactory(tenant=tenant, user=UserFactory(), role=Role.EMPLOYEE,
                                       employee=EmployeeFactory(tenant=tenant, site=site)),
        "executive": MembershipFactory(tenant=tenant, user=UserFactory(), role=Role.EXECUTIVE,
                                       employee=EmployeeFactory(tenant=tenant, site=other_site)),
    }

    def make(first, last, company, visibility, position=""):
        return relationship_make(tenant=tenant, owner=rep, first_name=first, last_name=last, company=company,
                                 visibility=visibility, scope="group" if visibility == "shared" else None, position=position)

    rels = {
        "by_company": make("Anne", "Martin", "Kervella Logistique", "discoverable"),  # the company matches
        "by_name_hidden": make("Soizic", "Kervella", "Riou Conseil", "discoverable"),  # only the name matches
        "by_name_shared": make("Yann", "Kervella", "Garage Le Gall", "shared"),
        "private": make("Gwenola", "Kervella", "Kervella Logistique", "private"),  # company AND name match
        "position_hidden": make("Marc", "Le Bihan", "Menuiserie Riou", "discoverable", position="Responsable de parc"),
        "position_shared": make("Lena", "Guivarch", "Menuiserie Riou", "shared", position="Responsable de parc"),
    }
    return {"tenant": tenant, "members": members, "rels": rels}


def _found(book, viewer, query):
    qs = who_knows(tenant=book["tenant"], membership=book["members"][viewer], query=query)
    found = set(qs.values_list("pk", flat=True))
    return {key for key, rel in book["rels"].items() if rel.pk in found}


@pytest.mark.parametrize("viewer", ["colleague", "executive"])
def test_company_finds_existence_name_and_position_need_details(book, viewer):
    assert _found(book, viewer, "Kervella") == {"by_company", "by_name_shared"}
    assert _found(book, viewer, "kervella logistique") == {"by_company"}
    assert _found(book, viewer, "Responsable de parc") == {"position_shared"}
    assert _found(book, viewer, "Gwenola") == set()


@on_postgres
@pytest.mark.parametrize("viewer", ["colleague", "executive"])
def test_typos_keep_the_rule_on_postgres(book, viewer):
    assert _found(book, viewer, "Kervela") == {"by_company", "by_name_shared"}  # never the private one
    assert _found(book, viewer, "Kervela Logistik") == {"by_company"}
    assert _found(book, viewer, "Soizik Kervela") == set()  # a name typo never reveals an existence-only relationship


def test_the_owner_finds_all_their_own_the_private_one_included(book):
    assert _found(book, "owner", "Kervella") == {"by_company", "by_name_hidden", "by_name_shared", "private"}
    assert _found(book, "owner", "Responsable de parc") == {"position_hidden", "position_shared"}


def test_the_account_name_finds_its_persons(book):
    """A person is found by their account's name too, when it differs from the company name they were logged with."""
    tenant = book["tenant"]
    account = book["rels"]["by_company"].person.account
    account_update(tenant=tenant, actor=None, account=account, name="Groupe Ouest Logistique")
    assert _found(book, "colleague", "Groupe Ouest") == {"by_company"}  # the private one (same account) never
    if connection.vendor == "postgresql":
        assert _found(book, "colleague", "Groupe Oest Logistique") == {"by_company"}  # a typo, through the account


@on_postgres
def test_person_lookup_on_postgres(book):
    tenant = book["tenant"]
    persons = {key: rel.person_id for key, rel in book["rels"].items()}
    rows = set(who_knows_person_lookup(tenant=tenant, query="Kervela"))
    # persons, found by company (True) or by name (False): the visibility rule comes after, on the relationships
    assert rows == {(persons["by_company"], True), (persons["private"], True), (persons["by_name_hidden"], False),
                    (persons["by_name_shared"], False), (persons["private"], False)}
    assert who_knows_person_lookup(tenant=tenant, query="Ker") is None  # too short for trigrams: substrings only


def test_person_lookup_is_postgres_only(book):
    if connection.vendor == "postgresql":
        pytest.skip("the SQLite path")
    assert who_knows_person_lookup(tenant=book["tenant"], query="Kervella") is None
    assert who_knows(tenant=book["tenant"], membership=book["members"]["colleague"], query="Zzyzx").count() == 0


@on_postgres
def test_trigram_indexes_keep_short_pending_lists():
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reloptions FROM pg_class WHERE relname LIKE %s", ["%_trgm"])
        options = {name: opts or [] for name, opts in cursor.fetchall()}
    assert "person_position_trgm" in options
    for name in ("person_company_key_trgm", "person_name_key_trgm", "account_name_key_trgm", "person_position_trgm"):
        assert "gin_pending_list_limit=256" in options[name], name


@on_postgres
def test_trigram_planner_costs_do_not_leak(book):
    """who_knows costs the trigram operators for its person look-up only: the other queries of the request (here
    the test's transaction) are planned with the usual costs, also after an error in the block."""

    def cost():
        with connection.cursor() as cursor:
            cursor.execute("SHOW cpu_operator_cost")
            return cursor.fetchone()[0]

    before = cost()
    assert _found(book, "colleague", "Kervella") == {"by_company", "by_name_shared"}
    assert cost() == before
    with trigram_planner_costs():
        assert cost() != before
    assert cost() == before
    with pytest.raises(RuntimeError), trigram_planner_costs():
        raise RuntimeError("boom")
    assert cost() == before
