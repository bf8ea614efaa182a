"""Contacts API: writes through the services (quick add, owner-only changes, bulk, accounts), clean 400s on bad
input, query counts that do not grow with data, and the OpenAPI schema."""

from __future__ import annotations

import pytest
from django.utils import timezone

from bns.models import Role
from contacts.models import Account, LedgerEntry, Person, PersonEmail, PersonPhone, Relationship, Solicitation
from tests.contacts.api_helpers import api, u
from tests.factories import EmployeeFactory, MembershipFactory, SiteFactory, UserFactory, relationship_make

pytestmark = pytest.mark.django_db

VALID_SIREN = "732829320"


@pytest.fixture
def org(tenant):
    site = SiteFactory(tenant=tenant)
    boss = EmployeeFactory(tenant=tenant, site=site)
    rep = EmployeeFactory(tenant=tenant, site=site, manager=boss)

    def member(employee, role):
        return MembershipFactory(tenant=tenant, user=UserFactory(), role=role, employee=employee)

    return {
        "rep": member(rep, Role.EMPLOYEE),
        "manager": member(boss, Role.MANAGER),
        "admin": member(None, Role.ADMIN),
    }


# --- Quick add --------------------------------------------------------------------------------------------


def test_quick_add_creates_person_account_and_relationship_once(tenant, org):
    client = api(org["rep"])
    payload = {
        "first_name": "Yann", "last_name": "Kervella", "company": "Transports Kervella", "siren": VALID_SIREN,
        "email": "Yann@Kervella.fr", "phone": "06 12 34 56 78", "linkedin_url": "linkedin.com/in/yann-kervella",
        "strength": 4, "kind": "client", "visibility": "shared", "scope": "group", "private_notes": "likes rugby",
        "tags": "flotte, vip",
    }
    response = client.post(u(tenant, "relationship-list"), payload, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["access"] == "owner" and data["person_name"] == "Yann Kervella" and data["private_notes"] == "likes rugby"
    assert data["strength"] == 4 and data["company"] == "Transports Kervella"
    person = Person.unscoped.get(tenant=tenant)
    assert person.account.siren == VALID_SIREN
    assert list(PersonEmail.unscoped.filter(person=person).values_list("email", flat=True)) == ["yann@kervella.fr"]
    assert list(PersonPhone.unscoped.filter(person=person).values_list("number", flat=True)) == ["+33612345678"]
    assert LedgerEntry.unscoped.filter(tenant=tenant, verb="create").count() == 1
    # Again: the same relationship (200), no duplicate.
    again = client.post(u(tenant, "relationship-list"), {"email": "yann@kervella.fr"}, format="json")
    assert again.status_code == 200 and again.json()["id"] == data["id"]
    assert Relationship.unscoped.filter(tenant=tenant).count() == 1


def test_quick_add_uses_the_group_policy_defaults(tenant, org):
    data = api(org["rep"]).post(u(tenant, "relationship-list"), {"last_name": "Martin"}, format="json").json()
    assert data["visibility"] == tenant.default_relationship_visibility


def test_member_without_employee_gets_a_clear_400(tenant, org):
    for path in ("relationship-list", "relationship-bulk"):
        body = {"last_name": "Martin"} if path == "relationship-list" else {"ids": [1], "strength": 3}
        response = api(org["admin"]).post(u(tenant, path), body, format="json")
        assert response.status_code == 400
        assert "collaborateur" in response.json()["non_field_errors"][0]
    assert not Person.unscoped.filter(tenant=tenant).exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"last_name": "Martin", "phone": "12"}, "phone"),
        ({"last_name": "Martin", "email": "not-an-email"}, "email"),
        ({"last_name": "Martin", "company": "ACME", "siren": "123456789"}, "siren"),
        ({"last_name": "Martin", "linkedin_url": "https://example.com/me"}, "linkedin_url"),
        ({"last_name": "Martin", "strength": 9}, "strength"),
        ({"last_name": "Martin", "strength": "strong"}, "strength"),
        ({"last_name": "Martin", "visibility": "everyone"}, "visibility"),
        ({"last_name": "Martin", "scope": "world"}, "scope"),
        ({"last_name": ["Martin"]}, "last_name"),
        ({"last_name": "Martin", "open_to_offer": "perhaps"}, "open_to_offer"),
        ({"last_name": "x" * 101}, "last_name"),
        ({"last_name": "a\x00b"}, "last_name"),
        ({}, "last_name"),
    ],
)
def test_quick_add_bad_input_is_a_400_naming_the_field(tenant, org, payload, field):
    response = api(org["rep"]).post(u(tenant, "relationship-list"), payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert not Relationship.unscoped.filter(tenant=tenant).exists()
    assert not Person.unscoped.filter(tenant=tenant).exists()


def test_quick_add_body_that_is_not_an_object_is_a_400(tenant, org):
    client = api(org["rep"])
    assert client.post(u(tenant, "relationship-list"), "[1, 2]", content_type="application/json").status_code == 400
    assert client.post(u(tenant, "relationship-list"), "{nope", content_type="application/json").status_code == 400


# --- Owner-only changes -------------------------------------------------------------------------------------


def test_owner_patches_and_the_visibility_change_is_in_the_ledger(tenant, org):
    rel = relationship_make(tenant=tenant, owner=org["rep"].employee, actor=org["rep"].user, visibility="private")
    response = api(org["rep"]).patch(
        u(tenant, "relationship-detail", rel.pk), {"visibility": "shared", "scope": "site", "private_notes": "n"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["visibility"] == "shared" and response.json()["private_notes"] == "n"
    verbs = set(LedgerEntry.unscoped.filter(tenant=tenant, relationship=rel).values_list("verb", flat=True))
    assert verbs == {"create", "visibility", "update"}
    bad = api(org["rep"]).patch(u(tenant, "relationship-detail", rel.pk), {"strength": 0}, format="json")
    assert bad.status_code == 400 and "strength" in bad.json()


def test_others_cannot_change_or_delete(tenant, org):
    shared = relationship_make(tenant=tenant, owner=org["rep"].employee, actor=org["rep"].user, visibility="shared",
                               scope="group", strength=3)
    private = relationship_make(tenant=tenant, owner=org["rep"].employee, actor=org["rep"].user, visibility="private",
                                first_name="Pia", last_name="Secret", company="Garage Lambert")
    for role in ("manager", "admin"):
        client = api(org[role])
        assert client.patch(u(tenant, "relationship-detail", shared.pk), {"strength": 1}, format="json").status_code == 403
        assert client.delete(u(tenant, "relationship-detail", shared.pk)).status_code == 403
        # A private relationship does not exist for them: 404, like a missing one.
        assert client.patch(u(tenant, "relationship-detail", private.pk), {"strength": 1}, format="json").status_code == 404
        assert client.delete(u(tenant, "relationship-detail", private.pk)).status_code == 404
    shared.refresh_from_db()
    assert shared.strength == 3 and Relationship.unscoped.filter(tenant=tenant).count() == 2
    # No PUT: PATCH only.
    assert api(org["rep"]).put(u(tenant, "relationship-detail", shared.pk), {}, format="json").status_code == 405
    assert api(org["rep"]).delete(u(tenant, "relationship-detail", shared.pk)).status_code == 204
    assert not Relationship.unscoped.filter(pk=shared.pk).exists()
    assert LedgerEntry.unscoped.filter(tenant=tenant, verb="delete").count() == 1


def test_bulk_changes_only_the_callers_relationships(tenant, org):
    mine = [relationship_make(tenant=tenant, owner=org["rep"].employee, last_name=f"P{i}", company=f"C{i}",
                              visibility="private") for i in range(3)]
    theirs = relationship_make(tenant=tenant, owner=org["manager"].employee, last_name="Q", company="D", visibility="private")
    client = api(org["rep"])
    response = client.post(u(tenant, "relationship-bulk"),
                           {"ids": [r.pk for r in mine] + [theirs.pk], "visibility": "discoverable"}, format="json")
    assert response.status_code == 200 and response.json() == {"updated": 3}
    assert set(Relationship.unscoped.filter(pk__in=[r.pk for r in mine]).values_list("visibility", flat=True)) == {"discoverable"}
    theirs.refresh_from_db()
    assert theirs.visibility == "private"
    for bad in ({"ids": [mine[0].pk]}, {"ids": [], "strength": 2}, {"ids": ["x"], "strength": 2},
                {"ids": [mine[0].pk], "strength": 7}, {"visibility": "shared"}):
        assert client.post(u(tenant, "relationship-bulk"), bad, format="json").status_code == 400, bad


# --- Accounts -----------------------------------------------------------------------------------------------


def test_accounts_find_or_create_list_and_search(tenant, org):
    client = api(org["rep"])
    created = client.post(u(tenant, "account-list"), {"name": "Transports Kervella", "siren": VALID_SIREN, "city": "Brest"},
                          format="json")
    assert created.status_code == 201, created.content
    again = client.post(u(tenant, "account-list"), {"name": "TRANSPORTS KERVELLA SAS"}, format="json")
    assert again.json()["id"] == created.json()["id"]
    client.post(u(tenant, "account-list"), {"name": "Mairie de Vannes"}, format="json")
    assert Account.unscoped.filter(tenant=tenant).count() == 2
    # Group data: every member sees every account.
    names = [a["name"] for a in api(org["manager"]).get(u(tenant, "account-list")).json()["results"]]
    assert names == ["Mairie de Vannes", "Transports Kervella"]
    assert [a["name"] for a in client.get(u(tenant, "account-list"), {"search": "brest"}).json()["results"]] == [
        "Transports Kervella"
    ]
    detail = client.get(u(tenant, "account-detail", created.json()["id"])).json()
    assert detail["siren"] == VALID_SIREN and detail["city"] == "Brest"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "ACME", "siren": "123456789"}, "siren"),
        ({"name": "ACME", "siren": "abc"}, "siren"),
        ({"name": ""}, "name"),
        ({}, "name"),
        ({"name": ["ACME"]}, "name"),
    ],
)
def test_account_bad_input_is_a_400(tenant, org, payload, field):
    response = api(org["rep"]).post(u(tenant, "account-list"), payload, format="json")
    assert response.status_code == 400 and field in response.json(), response.content
    assert not Account.unscoped.filter(tenant=tenant).exists()


def test_account_changes_need_the_manage_organisation_permission(tenant, other_tenant, org):
    account = Account.unscoped.create(tenant=tenant, name="Garage Lambert", name_key="garage lambert")
    url = u(tenant, "account-detail", account.pk)
    assert api(org["rep"]).patch(url, {"is_target": True}, format="json").status_code == 403
    assert api(org["manager"]).patch(url, {"is_target": True}, format="json").status_code == 403
    admin = api(org["admin"])
    response = admin.patch(url, {"is_target": True, "owner": org["rep"].employee_id, "city": "Lorient", "name": "Garage Lambert SA"},
                           format="json")
    assert response.status_code == 200, response.content
    assert response.json()["owner_name"] == org["rep"].employee.full_name and response.json()["is_target"] is True
    account.refresh_from_db()
    assert (account.name, account.city, account.owner_id) == ("Garage Lambert SA", "Lorient", org["rep"].employee_id)
    foreign = EmployeeFactory(tenant=other_tenant)
    for bad, field in (({"owner": foreign.pk}, "owner"), ({"name": ""}, "name"), ({"is_target": "x"}, "is_target")):
        response = admin.patch(url, bad, format="json")
        assert response.status_code == 400 and field in response.json(), response.content
    assert admin.put(url, {"name": "x"}, format="json").status_code == 405
    assert admin.delete(url).status_code == 405


# --- Query counts ---------------------------------------------------------------------------------------------


def _grow(tenant, org, n):
    start = Relationship.unscoped.filter(tenant=tenant).count()
    for i in range(start, start + n):
        owner = org["rep"] if i % 2 else org["manager"]
        rel = relationship_make(tenant=tenant, owner=owner.employee, actor=owner.user, first_name=f"P{i}",
                                last_name=f"Name{i}", company=f"Company {i}", email=f"p{i}@example.com",
                                visibility=["private", "discoverable", "shared"][i % 3], scope="group")
        Solicitation.unscoped.create(tenant=tenant, person=rel.person, employee=org["rep"].employee, channel="call",
                                     occurred_at=timezone.now())


LISTS = [
    ("relationship-list", {}),
    ("relationship-list", {"search": "Company"}),
    ("who-knows-list", {"q": "Company"}),
    ("account-list", {}),
    ("ledger-list", {}),
    ("solicitation-list", {}),
]


def test_list_query_counts_do_not_grow(tenant, org, django_assert_max_num_queries):
    clients = {role: api(org[role]) for role in ("rep", "admin")}
    counts: dict[tuple, list[int]] = {}
    for size in (3, 15):
        _grow(tenant, org, size)
        for role, client in clients.items():
            for route, params in LISTS:
                with django_assert_max_num_queries(6) as ctx:
                    response = client.get(u(tenant, route), params)
                assert response.status_code == 200
                counts.setdefault((role, route, str(params)), []).append(len(ctx.captured_queries))
    assert all(first == second for first, second in counts.values()), counts


def test_retrieve_query_counts_are_flat(tenant, org, django_assert_max_num_queries):
    _grow(tenant, org, 4)
    rel = Relationship.unscoped.filter(tenant=tenant, visibility="shared").first()
    person_url = u(tenant, "person-detail", rel.person_id)
    with django_assert_max_num_queries(8):
        assert api(org["admin"]).get(u(tenant, "relationship-detail", rel.pk)).status_code == 200
    with django_assert_max_num_queries(6):
        assert api(org["admin"]).get(person_url).status_code == 200


# --- Schema ---------------------------------------------------------------------------------------------------


def test_schema_validates_and_documents_every_contacts_route(tmp_path):
    import yaml
    from django.core.management import call_command
    from drf_spectacular.drainage import GENERATOR_STATS

    GENERATOR_STATS.reset()  # warnings are counted per process: count only this generation's
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    schema = yaml.safe_load((tmp_path / "schema.yaml").read_text())
    paths = schema["paths"]
    prefix = "/api/v1/g/{tenant_slug}/"
    assert set(paths[prefix + "relationships/{id}/"]) == {"get", "patch", "delete", "parameters"} or set(
        paths[prefix + "relationships/{id}/"]
    ) == {"get", "patch", "delete"}
    for path, method, operation_id in (
        ("relationships/", "get", "relationships_list"),
        ("relationships/", "post", "relationships_create"),
        ("relationships/bulk/", "post", "relationships_bulk_create"),
        ("who-knows/", "get", "who_knows_list"),
        ("accounts/", "get", "accounts_list"),
        ("accounts/{id}/", "patch", "accounts_partial_update"),
        ("persons/{id}/", "get", "persons_retrieve"),
        ("ledger/", "get", "ledger_list"),
        ("solicitations/", "post", "solicitations_create"),
        ("persons/{id}/export/", "get", "persons_export_retrieve"),
        ("persons/{id}/object/", "post", "persons_object_create"),
        ("persons/{id}/erase/", "post", "persons_erase_create"),
        ("imports/", "post", "imports_create"),
        ("imports/{id}/", "get", "imports_retrieve"),
        ("imports/{id}/start/", "post", "imports_start_create"),
    ):
        operation = paths[prefix + path][method]
        assert operation["operationId"] == operation_id
        assert operation["tags"] == [path.split("/")[0]]
        assert "tenant_slug" in {p["name"] for p in operation["parameters"]}
    assert set(paths[prefix + "ledger/"]) == {"get"}
    assert set(paths[prefix + "persons/{id}/"]) == {"get"}
    params = {p["name"] for p in paths[prefix + "relationships/"]["get"]["parameters"]}
    assert {"mine", "visibility", "search", "page"} <= params
    # The schema says which fields may be absent (existence rows, private notes).
    component = schema["components"]["schemas"]["Relationship"]
    assert "private_notes" not in component.get("required", []) and "person_name" not in component.get("required", [])
