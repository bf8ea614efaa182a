"""The contacts pages: address book, quick add, relationship page, who knows who, ledgers."""

import pytest
from django.core import mail
from django.urls import reverse

from bns.models import Role
from contacts.models import IntroRequest, LedgerEntry, Person, Relationship
from tests.factories import EmployeeFactory, MembershipFactory, SiteFactory, UserFactory, relationship_make

pytestmark = pytest.mark.django_db

PRIVATE_NAME = "Zorglubovitch"
PRIVATE_NOTE = "NOTE-PRIVATE-7731"
SHARED_NOTE = "NOTE-SHARED-4412"
DISC_NOTE = "NOTE-DISC-9921"


@pytest.fixture
def org(tenant):
    site, other_site = SiteFactory(tenant=tenant), SiteFactory(tenant=tenant)
    boss = EmployeeFactory(tenant=tenant, site=site, email="boss@test.example")
    rep = EmployeeFactory(tenant=tenant, site=site, manager=boss, email="rep@test.example")
    teammate = EmployeeFactory(tenant=tenant, site=site, manager=boss)
    far = EmployeeFactory(tenant=tenant, site=other_site)
    exec_employee = EmployeeFactory(tenant=tenant, site=other_site)

    def member(employee, role):
        return MembershipFactory(tenant=tenant, user=UserFactory(), role=role, employee=employee)

    return {
        "rep": member(rep, Role.EMPLOYEE),
        "manager": member(boss, Role.MANAGER),
        "teammate": member(teammate, Role.EMPLOYEE),
        "far": member(far, Role.EMPLOYEE),
        "executive": member(exec_employee, Role.EXECUTIVE),
        "admin": member(None, Role.ADMIN),
    }


@pytest.fixture
def rels(tenant, org):
    rep = org["rep"]
    private = relationship_make(tenant=tenant, owner=rep.employee, actor=rep.user, first_name="Paul", last_name=PRIVATE_NAME,
                                company="Société Secrète", visibility="private", private_notes=PRIVATE_NOTE)
    shared = relationship_make(tenant=tenant, owner=rep.employee, actor=rep.user, first_name="Sara", last_name="Partagé",
                               company="Transports Kervella", email="sara@kervella.example", visibility="shared", scope="team",
                               private_notes=SHARED_NOTE, strength=4)
    disc = relationship_make(tenant=tenant, owner=rep.employee, actor=rep.user, first_name="Dora", last_name="Discrète",
                             company="Transports Kervella", visibility="discoverable", private_notes=DISC_NOTE, strength=5)
    return {"private": private, "shared": shared, "discoverable": disc}


def url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


def login(client, membership):
    client.force_login(membership.user)
    return client


def body(response) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


# --- The key test -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["manager", "executive", "admin", "teammate", "far"])
def test_private_relationships_and_notes_never_leak(client, tenant, org, rels, role):
    rep = org["rep"]
    # Activity of the owner on the private one (edits, views) lands in the ledger.
    login(client, rep)
    client.post(url(tenant, "contacts_relationship_edit", pk=rels["private"].pk),
                {"kind": "friend", "strength": 3, "visibility": "private", "scope": "group", "private_notes": PRIVATE_NOTE + " bis"})
    client.logout()
    viewer = org[role]
    login(client, viewer)
    company = "Transports Kervella"
    gets = [
        url(tenant, "contacts_list"),
        url(tenant, "contacts_add"),
        url(tenant, "contacts_who_knows") + "?q=" + PRIVATE_NAME,
        url(tenant, "contacts_who_knows") + "?q=Secr",
        url(tenant, "contacts_who_knows") + "?q=Paul",
        url(tenant, "contacts_who_knows") + "?q=" + company,
        url(tenant, "contacts_my_ledger"),
        url(tenant, "contacts_relationship", pk=rels["shared"].pk),
        url(tenant, "contacts_relationship", pk=rels["discoverable"].pk),
        url(tenant, "contacts_ledger"),
        url(tenant, "contacts_ledger_export"),
        url(tenant, "contacts_ledger") + "?verb=update",
    ]
    for address in gets:
        response = client.get(address)
        assert response.status_code in (200, 403), address
        text = body(response)
        if "?q=" in address:  # the search box echoes the query itself: what matters is what it found
            text = text.replace(address.split("?q=")[1], "")
            assert not any(PRIVATE_NAME in str(g) for g in (response.context or {}).get("groups", {}))
        for secret in (PRIVATE_NAME, PRIVATE_NOTE, SHARED_NOTE, DISC_NOTE, "Société Secrète", "Soci&#x27;t"):
            assert secret not in text, (role, address, secret)
    assert client.get(url(tenant, "contacts_relationship", pk=rels["private"].pk)).status_code == 404
    assert client.post(url(tenant, "contacts_intro_request", pk=rels["private"].pk), {"purpose": "x"}).status_code == 404
    assert client.post(url(tenant, "contacts_relationship_delete", pk=rels["private"].pk)).status_code == 404
    assert Relationship.unscoped.filter(pk=rels["private"].pk).exists()


def test_admin_ledger_and_export_do_not_name_private_contacts(client, tenant, org, rels):
    login(client, org["admin"])
    response = client.get(url(tenant, "contacts_ledger"))
    assert response.status_code == 200
    subjects = {row["subject"] for row in response.context["rows"]}
    assert "Sara Partagé" not in subjects  # team-scoped shared: the admin is not in the audience
    assert f"Paul {PRIVATE_NAME}" not in subjects
    export = client.get(url(tenant, "contacts_ledger_export"))
    text = body(export)
    assert text.startswith("\ufeff") and ";" in text and PRIVATE_NAME not in text
    assert LedgerEntry.unscoped.filter(tenant=tenant, verb=LedgerEntry.Verb.EXPORT, actor=org["admin"].user).count() == 1


def test_ledger_is_admin_only_and_filters(client, tenant, org, rels):
    for role in ("rep", "manager", "executive"):
        login(client, org[role])
        assert client.get(url(tenant, "contacts_ledger")).status_code == 403
        assert client.get(url(tenant, "contacts_ledger_export")).status_code == 403
    login(client, org["admin"])
    response = client.get(url(tenant, "contacts_ledger"), {"verb": "create", "actor": org["rep"].user.pk, "since": "2000-01-01"})
    assert response.status_code == 200 and len(response.context["rows"]) == 3
    response = client.get(url(tenant, "contacts_ledger"), {"verb": "view"})
    assert len(response.context["rows"]) == 0
    response = client.get(url(tenant, "contacts_ledger"), {"until": "2000-01-01"})
    assert len(response.context["rows"]) == 0
    assert client.get(url(tenant, "contacts_ledger"), {"since": "garbage", "actor": "x"}).status_code == 200


# --- Owner's pages ------------------------------------------------------------------------------------


def test_owner_sees_own_list_and_details(client, tenant, org, rels):
    login(client, org["rep"])
    response = client.get(url(tenant, "contacts_list"))
    assert response.status_code == 200
    assert {r.pk for r in response.context["page"].object_list} == {r.pk for r in rels.values()}
    assert PRIVATE_NAME in body(response)
    response = client.get(url(tenant, "contacts_list"), {"visibility": "private"})
    assert [r.pk for r in response.context["page"].object_list] == [rels["private"].pk]
    response = client.get(url(tenant, "contacts_list"), {"q": "Sara"})
    assert [r.pk for r in response.context["page"].object_list] == [rels["shared"].pk]
    response = client.get(url(tenant, "contacts_relationship", pk=rels["private"].pk))
    assert response.status_code == 200 and PRIVATE_NOTE in body(response)
    assert response.context["access"] == "owner"
    # The owner viewing their own page writes no VIEW row.
    assert not LedgerEntry.unscoped.filter(verb=LedgerEntry.Verb.VIEW).exists()


def test_member_without_employee_gets_an_explanation(client, tenant, org):
    login(client, org["admin"])
    response = client.get(url(tenant, "contacts_list"))
    assert response.status_code == 200 and response.context["has_employee"] is False
    response = client.post(url(tenant, "contacts_add"), {"last_name": "Martin", "strength": 2, "kind": "other",
                                                         "visibility": "private", "scope": "group"})
    assert response.status_code == 400 and not Person.unscoped.exists()
    assert client.get(url(tenant, "contacts_my_ledger")).status_code == 200
    assert client.post(url(tenant, "contacts_bulk"), {"action": "strength", "strength": 3, "all": "1"}).status_code == 400


def test_empty_state(client, tenant, org):
    login(client, org["rep"])
    response = client.get(url(tenant, "contacts_list"))
    assert response.status_code == 200 and not response.context["page"].object_list
    assert reverse("contacts_add", kwargs={"tenant_slug": tenant.slug}) in body(response)


# --- Quick add ----------------------------------------------------------------------------------------


def _add_payload(**overrides):
    data = {"first_name": "Yann", "last_name": "Kervella", "company": "Transports Kervella", "siren": "", "position": "DG",
            "email": "yann@kervella.example", "phone": "06 12 34 56 78", "linkedin_url": "", "kind": "client", "context": "",
            "strength": "3", "visibility": "shared", "scope": "site", "private_notes": "pn", "tags": "flotte"}
    data.update(overrides)
    return data


@pytest.mark.parametrize("field,value", [
    ("phone", "12"), ("email", "not-an-email"), ("siren", "123456789"), ("linkedin_url", "https://example.com/yann"),
    ("strength", "9"),
])
def test_quick_add_errors_keep_the_form_and_write_nothing(client, tenant, org, field, value):
    login(client, org["rep"])
    response = client.post(url(tenant, "contacts_add"), _add_payload(**{field: value}))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors and form.data["last_name"] == "Kervella"
    assert field in form.errors or form.non_field_errors()
    assert not Person.unscoped.exists() and not Relationship.unscoped.exists() and not LedgerEntry.unscoped.exists()


def test_quick_add_creates_then_says_it_existed(client, tenant, org):
    login(client, org["rep"])
    response = client.post(url(tenant, "contacts_add"), _add_payload(siren="732829320"))
    rel = Relationship.unscoped.get()
    assert response.status_code == 302 and response.url == url(tenant, "contacts_relationship", pk=rel.pk)
    assert rel.visibility == "shared" and rel.scope == "site" and rel.strength == 3 and rel.owner == org["rep"].employee
    assert rel.person.account.siren == "732829320"
    assert LedgerEntry.unscoped.filter(verb=LedgerEntry.Verb.CREATE, relationship=rel).count() == 1
    response = client.post(url(tenant, "contacts_add"), _add_payload())
    assert response.status_code == 302 and response.url == url(tenant, "contacts_relationship", pk=rel.pk)
    assert Relationship.unscoped.count() == 1


def test_quick_add_defaults_from_policy(client, tenant, org):
    tenant.default_relationship_visibility = "discoverable"
    tenant.save()
    login(client, org["rep"])
    form = client.get(url(tenant, "contacts_add")).context["form"]
    assert form.fields["visibility"].initial == "discoverable"


# --- Relationship page: edit, delete, views, intro requests -------------------------------------------


def test_owner_edits_and_deletes(client, tenant, org, rels):
    login(client, org["rep"])
    rel = rels["private"]
    response = client.post(url(tenant, "contacts_relationship_edit", pk=rel.pk),
                           {"kind": "friend", "strength": 5, "visibility": "shared", "scope": "group", "tags": "a"})
    assert response.status_code == 302
    rel.refresh_from_db()
    assert rel.visibility == "shared" and rel.strength == 5
    assert LedgerEntry.unscoped.filter(verb=LedgerEntry.Verb.VISIBILITY, relationship=rel).count() == 1
    response = client.post(url(tenant, "contacts_relationship_edit", pk=rel.pk), {"strength": 7})
    assert response.status_code == 400
    assert client.post(url(tenant, "contacts_relationship_delete", pk=rel.pk)).status_code == 302
    assert not Relationship.unscoped.filter(pk=rel.pk).exists()
    assert LedgerEntry.unscoped.filter(verb=LedgerEntry.Verb.DELETE).count() == 1


def test_colleague_with_details_records_one_view_and_cannot_edit(client, tenant, org, rels):
    login(client, org["teammate"])
    rel = rels["shared"]
    for _ in range(3):
        response = client.get(url(tenant, "contacts_relationship", pk=rel.pk))
        assert response.status_code == 200 and response.context["access"] == "details"
    assert "sara@kervella.example" in body(response) and SHARED_NOTE not in body(response)
    assert LedgerEntry.unscoped.filter(verb=LedgerEntry.Verb.VIEW, relationship=rel, actor=org["teammate"].user).count() == 1
    assert client.post(url(tenant, "contacts_relationship_edit", pk=rel.pk), {"strength": 1}).status_code == 403
    assert client.post(url(tenant, "contacts_relationship_delete", pk=rel.pk)).status_code == 403
    # The owner sees it in "who looked at my contacts".
    login(client, org["rep"])
    response = client.get(url(tenant, "contacts_my_ledger"))
    assert [e.verb for e in response.context["page"].object_list] == ["view"]


def test_existence_page_and_intro_request(client, tenant, org, rels, django_capture_on_commit_callbacks):
    login(client, org["far"])
    rel = rels["shared"]  # team-scoped: the far colleague only knows it exists
    response = client.get(url(tenant, "contacts_relationship", pk=rel.pk))
    assert response.status_code == 200 and response.context["access"] == "existence"
    assert "Sara" not in body(response) and "sara@kervella.example" not in body(response)
    assert not LedgerEntry.unscoped.filter(verb=LedgerEntry.Verb.VIEW).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(tenant, "contacts_intro_request", pk=rel.pk), {"purpose": "Fleet renewal", "message": "Hi"})
    assert response.status_code == 302
    intro = IntroRequest.unscoped.get()
    assert intro.requester == org["far"].employee and intro.owner == org["rep"].employee and intro.status == "pending"
    assert LedgerEntry.unscoped.filter(verb=LedgerEntry.Verb.INTRO_REQUEST, relationship=rel).count() == 1
    # The owner is notified once (bell + e-mail to their login, contacts/intros).
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [org["rep"].user.email]
    # A duplicate pending request is refused, with the form kept.
    response = client.post(url(tenant, "contacts_intro_request", pk=rel.pk), {"purpose": "Again"})
    assert response.status_code == 400 and IntroRequest.unscoped.count() == 1
    assert client.post(url(tenant, "contacts_intro_request", pk=rel.pk), {"purpose": ""}).status_code == 400
    # The owner sees it waiting, on the list and on the relationship page.
    login(client, org["rep"])
    assert [i.pk for i in client.get(url(tenant, "contacts_list")).context["intro_requests"]] == [intro.pk]
    assert [i.pk for i in client.get(url(tenant, "contacts_relationship", pk=rel.pk)).context["intro_requests"]] == [intro.pk]
    # ...and cannot ask for an introduction to their own contact.
    response = client.post(url(tenant, "contacts_intro_request", pk=rel.pk), {"purpose": "me"})
    assert response.status_code == 400 and IntroRequest.unscoped.count() == 1


def test_exclusive_is_announced(client, tenant, org):
    rel = relationship_make(tenant=tenant, owner=org["rep"].employee, actor=org["rep"].user, visibility="discoverable",
                            exclusive=True)
    login(client, org["far"])
    response = client.get(url(tenant, "contacts_relationship", pk=rel.pk))
    assert response.context["shown"]["exclusive"] is True


# --- Who knows who ------------------------------------------------------------------------------------


def test_who_knows_groups_by_company(client, tenant, org, rels):
    login(client, org["teammate"])
    response = client.get(url(tenant, "contacts_who_knows"), {"q": "Kervella"})
    groups = response.context["groups"]
    assert list(groups) == ["Transports Kervella"]
    group = groups["Transports Kervella"]
    assert [p["name"] for p in group["persons"].values()] == ["Sara Partagé"]
    assert [row["id"] for row in group["existence"]] == [rels["discoverable"].pk]
    # A person's name only finds relationships whose details the viewer may see.
    login(client, org["far"])
    response = client.get(url(tenant, "contacts_who_knows"), {"q": "Sara"})
    assert not response.context["groups"]
    assert not client.get(url(tenant, "contacts_who_knows")).context["groups"]


# --- Bulk actions -------------------------------------------------------------------------------------


def test_bulk_actions(client, tenant, org, rels):
    login(client, org["rep"])
    ids = [rels["private"].pk, rels["discoverable"].pk]
    bulk = url(tenant, "contacts_bulk")
    assert client.post(bulk, {"action": "visibility", "visibility": "shared", "scope": "site", "ids": ids}).status_code == 302
    assert set(Relationship.unscoped.filter(pk__in=ids).values_list("visibility", "scope")) == {("shared", "site")}
    assert LedgerEntry.unscoped.filter(verb=LedgerEntry.Verb.VISIBILITY).count() == 2
    assert client.post(bulk, {"action": "strength", "strength": "1", "ids": ids}).status_code == 302
    assert set(Relationship.unscoped.filter(pk__in=ids).values_list("strength", flat=True)) == {1}
    assert client.post(bulk, {"action": "tags", "tags": "salon", "all": "1", "q": "Dora"}).status_code == 302
    rels["discoverable"].refresh_from_db()
    rels["shared"].refresh_from_db()
    assert "salon" in rels["discoverable"].tags and "salon" not in rels["shared"].tags
    # Errors: no row ticked, missing value.
    assert client.post(bulk, {"action": "strength", "strength": "2"}).status_code == 400
    assert client.post(bulk, {"action": "tags", "ids": ids}).status_code == 400
    # Delete asks for confirmation first.
    response = client.post(bulk, {"action": "delete", "ids": ids})
    assert response.status_code == 200 and response.context["count"] == 2 and Relationship.unscoped.count() == 3
    assert client.post(bulk, {"action": "delete", "ids": ids, "confirm": "1"}).status_code == 302
    assert list(Relationship.unscoped.values_list("pk", flat=True)) == [rels["shared"].pk]
    assert LedgerEntry.unscoped.filter(verb=LedgerEntry.Verb.DELETE).count() == 2


def test_bulk_cannot_touch_a_colleagues_relationships(client, tenant, org, rels):
    login(client, org["teammate"])
    client.post(url(tenant, "contacts_bulk"), {"action": "delete", "ids": [rels["shared"].pk], "confirm": "1"})
    client.post(url(tenant, "contacts_bulk"), {"action": "strength", "strength": "1", "ids": [rels["shared"].pk]})
    rels["shared"].refresh_from_db()
    assert rels["shared"].strength == 4


# --- Query counts -------------------------------------------------------------------------------------


def _grow(tenant, org, n):
    for i in range(n):
        relationship_make(tenant=tenant, owner=org["rep"].employee, actor=org["rep"].user, first_name=f"P{i}",
                          last_name=f"Kervella{i}", email=f"p{i}@kervella.example", visibility="shared", scope="group")
        relationship_make(tenant=tenant, owner=org["far"].employee, actor=org["far"].user, first_name=f"Q{i}",
                          last_name=f"Kervella{i}", email=f"q{i}@kervella.example", visibility="discoverable")


def _counts(client, tenant, org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rep_rels = list(Relationship.unscoped.filter(owner=org["rep"].employee).order_by("pk"))
    login(client, org["teammate"])
    client.get(url(tenant, "contacts_relationship", pk=rep_rels[-1].pk))  # a VIEW row in the ledgers
    pages = [
        ("rep", url(tenant, "contacts_list")),
        ("teammate", url(tenant, "contacts_who_knows") + "?q=Kervella"),
        ("rep", url(tenant, "contacts_my_ledger")),
        ("admin", url(tenant, "contacts_ledger")),
        ("admin", url(tenant, "contacts_ledger_export")),
        ("rep", url(tenant, "contacts_relationship", pk=rep_rels[0].pk)),
    ]
    counts = {}
    for role, address in pages:
        login(client, org[role])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(address).status_code == 200, address
        counts[address] = len(ctx)
    return counts


def test_query_counts_do_not_grow(client, tenant, org):
    _grow(tenant, org, 2)
    IntroRequest.unscoped.create(tenant=tenant, relationship=Relationship.unscoped.filter(owner=org["rep"].employee).first(),
                                 requester=org["far"].employee, owner=org["rep"].employee, purpose="p")
    small = _counts(client, tenant, org)
    _grow_more = 12
    for i in range(2, _grow_more):
        relationship_make(tenant=tenant, owner=org["rep"].employee, actor=org["rep"].user, first_name=f"P{i}",
                          last_name=f"Kervella{i}", email=f"p{i}@kervella.example", visibility="shared", scope="group")
        relationship_make(tenant=tenant, owner=org["far"].employee, actor=org["far"].user, first_name=f"Q{i}",
                          last_name=f"Kervella{i}", email=f"q{i}@kervella.example", visibility="discoverable")
    IntroRequest.unscoped.create(tenant=tenant, relationship=Relationship.unscoped.filter(owner=org["rep"].employee).last(),
                                 requester=org["manager"].employee, owner=org["rep"].employee, purpose="p2")
    large = _counts(client, tenant, org)
    assert small == large
    assert max(large.values()) <= 20, large
