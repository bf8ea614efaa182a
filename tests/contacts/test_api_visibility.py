"""Contacts API: what each role gets from every endpoint. THE rule: nobody but the owner ever gets a rep's
private notes or learns of a PRIVATE relationship: not a manager, not an executive, not an administrator."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from bns.models import Role
from contacts.models import LedgerEntry
from tests.contacts.api_helpers import api, u
from tests.factories import EmployeeFactory, MembershipFactory, SiteFactory, UserFactory, relationship_make

pytestmark = pytest.mark.django_db

SECRET_NOTE = "NOTE-Qx7vZ-unique"
SECRET_NAME = "Zorglubovski"


@pytest.fixture
def org(tenant):
    site, other_site = SiteFactory(tenant=tenant), SiteFactory(tenant=tenant)
    boss = EmployeeFactory(tenant=tenant, site=site)
    rep = EmployeeFactory(tenant=tenant, site=site, manager=boss)
    teammate = EmployeeFactory(tenant=tenant, site=site, manager=boss)
    far = EmployeeFactory(tenant=tenant, site=other_site)

    def member(employee, role):
        return MembershipFactory(tenant=tenant, user=UserFactory(), role=role, employee=employee)

    return {
        "rep": member(rep, Role.EMPLOYEE),
        "manager": member(boss, Role.MANAGER),
        "teammate": member(teammate, Role.EMPLOYEE),
        "executive": member(far, Role.EXECUTIVE),
        "admin": member(None, Role.ADMIN),
    }


@pytest.fixture
def book(tenant, org):
    """The rep's address book: one relationship of each visibility, each with private notes."""
    rep = org["rep"]
    common = dict(tenant=tenant, owner=rep.employee, actor=rep.user)
    return {
        "private": relationship_make(**common, first_name="Paul", last_name=SECRET_NAME, company="Garage Lambert",
                                     email="paul@garage-lambert.fr", visibility="private", private_notes=SECRET_NOTE),
        "discoverable": relationship_make(**common, first_name="Dora", last_name="Explo", company="Transports Kervella",
                                          visibility="discoverable", strength=5, private_notes=SECRET_NOTE + "-d"),
        "team": relationship_make(**common, first_name="Tea", last_name="Mate", company="Flotte Ouest",
                                  visibility="shared", scope="team", private_notes=SECRET_NOTE + "-t"),
        "group": relationship_make(**common, first_name="Sara", last_name="Groupe", company="Armor Logistique",
                                   visibility="shared", scope="group", private_notes=SECRET_NOTE + "-g"),
    }


def _every_read(client, tenant, book) -> list[tuple[str, object]]:
    """Every contacts GET endpoint, with every way to ask (filters, searches, each id)."""
    responses = []
    queries = [
        ("relationships", {}),
        ("relationships", {"mine": "true"}),
        ("relationships", {"visibility": "private"}),
        ("relationships", {"search": SECRET_NAME}),
        ("relationships", {"search": "Lambert"}),
        ("relationships", {"search": "paul@garage"}),
        ("who-knows", {"q": SECRET_NAME}),
        ("who-knows", {"q": "Lambert"}),
        ("who-knows", {"q": "Paul"}),
        ("who-knows", {"q": "Kervella"}),
        ("ledger", {}),
        ("ledger", {"verb": "create"}),
    ]
    for name, params in queries:
        route = "relationship-list" if name == "relationships" else f"{name}-list"
        responses.append((f"{name} {params}", client.get(u(tenant, route), params)))
    for key, rel in book.items():
        responses.append((f"relationship {key}", client.get(u(tenant, "relationship-detail", rel.pk))))
        responses.append((f"person {key}", client.get(u(tenant, "person-detail", rel.person_id))))
    return responses


@pytest.mark.parametrize("role", ["manager", "executive", "admin", "teammate"])
def test_no_role_ever_gets_private_notes_or_private_relationships(tenant, org, book, role):
    client = api(org[role])
    private = book["private"]
    for what, response in _every_read(client, tenant, book):
        assert response.status_code in (200, 404), (what, response.status_code)
        body = response.content.decode()
        assert SECRET_NOTE not in body, f"{role} got private notes from {what}"
        assert "private_notes" not in body, f"{role} got a private_notes field from {what}"
        if what == "person private" and role == "admin":
            # The data-protection officer reaches any person by id (access, objection, erasure requests),
            # but nothing says who knows them or how.
            data = response.json()
            assert response.status_code == 200 and "relationships" not in data and "owner" not in data
            continue
        assert SECRET_NAME not in body, f"{role} learnt of the PRIVATE relationship from {what}"
        if response.status_code == 200 and "results" in response.json():
            ids = {row.get("id") for row in response.json()["results"]}
            assert private.pk not in ids or what.startswith("ledger"), f"{role} sees the private relationship in {what}"
    assert client.get(u(tenant, "relationship-detail", private.pk)).status_code == 404


def test_the_guard_can_fail_the_owner_gets_everything(tenant, org, book):
    client = api(org["rep"])
    bodies = "".join(r.content.decode() for _w, r in _every_read(client, tenant, book))
    assert SECRET_NOTE in bodies and SECRET_NAME in bodies
    detail = client.get(u(tenant, "relationship-detail", book["private"].pk)).json()
    assert detail["access"] == "owner" and detail["private_notes"] == SECRET_NOTE and detail["person_name"] == f"Paul {SECRET_NAME}"


def test_existence_rows_carry_no_person_details(tenant, org, book):
    client = api(org["executive"])  # another dealership: the team relationship is existence only
    rows = {row["id"]: row for row in client.get(u(tenant, "relationship-list")).json()["results"]}
    assert set(rows) == {book["discoverable"].pk, book["team"].pk, book["group"].pk}
    for key in ("discoverable", "team"):
        row = rows[book[key].pk]
        assert row["access"] == "existence"
        assert not {"person_id", "person_name", "position", "linkedin_url", "strength", "context", "tags"} & set(row)
    assert rows[book["discoverable"].pk]["strength_band"] == "strong"
    assert rows[book["discoverable"].pk]["company"] == "Transports Kervella"
    assert rows[book["group"].pk]["access"] == "details" and rows[book["group"].pk]["person_name"] == "Sara Groupe"
    # A person's name does not find an existence row (no probing by name); the company does.
    assert client.get(u(tenant, "relationship-list"), {"search": "Explo"}).json()["count"] == 0
    assert client.get(u(tenant, "relationship-list"), {"search": "Kervella"}).json()["count"] == 1
    assert client.get(u(tenant, "who-knows-list"), {"q": "Dora"}).json()["count"] == 0
    assert client.get(u(tenant, "who-knows-list"), {"q": "Kervella"}).json()["results"][0]["access"] == "existence"
    # Persons: only through a relationship with details.
    assert client.get(u(tenant, "person-detail", book["team"].person_id)).status_code == 404
    assert client.get(u(tenant, "person-detail", book["group"].person_id)).status_code == 200


def test_team_scope_gives_details_to_the_team(tenant, org, book):
    for role in ("manager", "teammate"):
        row = api(org[role]).get(u(tenant, "relationship-detail", book["team"].pk)).json()
        assert row["access"] == "details" and row["person_name"] == "Tea Mate" and "private_notes" not in row


def test_mine_and_visibility_filters(tenant, org, book):
    client = api(org["rep"])
    assert client.get(u(tenant, "relationship-list"), {"mine": "true"}).json()["count"] == 4
    rows = client.get(u(tenant, "relationship-list"), {"visibility": "private"}).json()["results"]
    assert [r["id"] for r in rows] == [book["private"].pk]
    assert api(org["teammate"]).get(u(tenant, "relationship-list"), {"mine": "true"}).json()["count"] == 0
    assert api(org["admin"]).get(u(tenant, "relationship-list"), {"mine": "true"}).json()["count"] == 0
    assert client.get(u(tenant, "relationship-list"), {"visibility": "nope"}).status_code == 400
    assert client.get(u(tenant, "relationship-list"), {"mine": "maybe"}).status_code == 400


def test_retrieve_with_details_is_a_ledger_view_once(tenant, org, book):
    rel = book["group"]
    views = LedgerEntry.unscoped.filter(tenant=tenant, relationship=rel, verb="view")
    api(org["rep"]).get(u(tenant, "relationship-detail", rel.pk))
    assert not views.exists()  # the owner's own look is no event
    api(org["executive"]).get(u(tenant, "relationship-detail", book["discoverable"].pk))
    assert not LedgerEntry.unscoped.filter(tenant=tenant, verb="view").exists()  # existence only: nothing seen
    client = api(org["executive"])
    client.get(u(tenant, "relationship-detail", rel.pk))
    client.get(u(tenant, "relationship-detail", rel.pk))
    assert list(views.values_list("actor_id", flat=True)) == [org["executive"].user_id]
    # The owner reads it in their ledger ("who looked at my contacts").
    mine = api(org["rep"]).get(u(tenant, "ledger-list")).json()["results"]
    assert [(e["verb"], e["actor"], e["subject_label"]) for e in mine] == [("view", org["executive"].user_id, "Sara Groupe")]


def test_group_ledger_for_admins_hides_who_private_relationships_are_with(tenant, org, book):
    rows = api(org["admin"]).get(u(tenant, "ledger-list"), {"verb": "create"}).json()["results"]
    assert len(rows) == 4  # every sharing act of the group is there...
    by_rel = {r["relationship"]: r for r in rows}
    assert book["group"].pk in by_rel and by_rel[book["group"].pk]["subject_label"] == "Sara Groupe"
    hidden = [r for r in rows if not r["subject_visible"]]
    # ...but the subject of the private, discoverable and out-of-audience ones stays hidden.
    assert len(hidden) == 3 and all(r["person"] is None and r["subject_label"] == "" and r["data"] == {} for r in hidden)
    # Not an admin: only entries about one's own relationships (none for the manager).
    assert api(org["manager"]).get(u(tenant, "ledger-list")).json()["count"] == 0


def test_ledger_filters(tenant, org, book):
    client = api(org["admin"])
    assert client.get(u(tenant, "ledger-list"), {"actor": org["rep"].user_id}).json()["count"] == 4
    assert client.get(u(tenant, "ledger-list"), {"actor": org["manager"].user_id}).json()["count"] == 0
    assert client.get(u(tenant, "ledger-list"), {"since": "2999-01-01T00:00:00Z"}).json()["count"] == 0
    assert client.get(u(tenant, "ledger-list"), {"until": "2999-01-01T00:00:00Z"}).json()["count"] == 4
    for bad in ({"verb": "nope"}, {"actor": "x"}, {"since": "yesterday"}):
        assert client.get(u(tenant, "ledger-list"), bad).status_code == 400
    # The ledger is read-only.
    assert client.post(u(tenant, "ledger-list"), {}, format="json").status_code == 405


def test_who_knows_without_query_is_empty(tenant, org, book):
    response = api(org["teammate"]).get(u(tenant, "who-knows-list"))
    assert response.status_code == 200 and response.json()["count"] == 0


def test_person_fields(tenant, org, book):
    data = api(org["rep"]).get(u(tenant, "person-detail", book["private"].person_id)).json()
    assert data["emails"] == ["paul@garage-lambert.fr"] and data["last_name"] == SECRET_NAME
    assert data["legal_basis"] == "legitimate_interest" and data["source"] == "manual" and data["objected"] is False
    assert data["retention_until"]
    for role in ("manager", "executive", "teammate"):
        assert api(org[role]).get(u(tenant, "person-detail", book["private"].person_id)).status_code == 404


def test_other_tenant_is_404(tenant, other_tenant, org, book):
    outsider = MembershipFactory(tenant=other_tenant, user=UserFactory(), role=Role.ADMIN)
    client = api(outsider)
    for url in (
        u(tenant, "relationship-list"),
        u(tenant, "relationship-detail", book["group"].pk),
        u(tenant, "who-knows-list") + "?q=Armor",
        u(tenant, "account-list"),
        u(tenant, "person-detail", book["group"].person_id),
        u(tenant, "ledger-list"),
    ):
        assert client.get(url).status_code == 404, url
    # Own slug, the other group's ids: like ids that do not exist.
    assert client.get(u(other_tenant, "relationship-detail", book["group"].pk)).status_code == 404
    assert client.get(u(other_tenant, "person-detail", book["group"].person_id)).status_code == 404
    response = client.patch(u(other_tenant, "relationship-detail", book["group"].pk), {"strength": 1}, format="json")
    assert response.status_code == 404
    assert json.dumps(client.get(u(other_tenant, "relationship-list")).json()).count("Sara") == 0


def test_anonymous_is_401(tenant, book):
    assert APIClient().get(u(tenant, "relationship-list")).status_code == 401
