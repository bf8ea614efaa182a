"""Contacts API on top of the solicitation, GDPR and import services: thin endpoints, permissions, clean 400s."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bns.models import Role
from contacts.models import ContactImport, LedgerEntry, Person, Relationship, Solicitation
from tests.contacts.api_helpers import api, u
from tests.factories import EmployeeFactory, MembershipFactory, SiteFactory, UserFactory, relationship_make

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def org(tenant):
    site = SiteFactory(tenant=tenant)
    boss = EmployeeFactory(tenant=tenant, site=site)
    rep = EmployeeFactory(tenant=tenant, site=site, manager=boss)
    colleague = EmployeeFactory(tenant=tenant, site=site, manager=boss)

    def member(employee, role):
        return MembershipFactory(tenant=tenant, user=UserFactory(), role=role, employee=employee)

    return {
        "rep": member(rep, Role.EMPLOYEE),
        "colleague": member(colleague, Role.EMPLOYEE),
        "manager": member(boss, Role.MANAGER),
        "admin": member(None, Role.ADMIN),
    }


@pytest.fixture
def shared(tenant, org):
    return relationship_make(tenant=tenant, owner=org["rep"].employee, actor=org["rep"].user, visibility="shared",
                             scope="group", email="yann@kervella.fr", private_notes="NOTE-gdpr-secret")


# --- Solicitations ----------------------------------------------------------------------------------------


def test_solicitation_log_with_the_cap_warning(tenant, org, shared):
    tenant.solicitation_cap = 1
    tenant.save()
    client = api(org["colleague"])
    first = client.post(u(tenant, "solicitation-list"), {"person": shared.person_id, "channel": "call", "note": "fleet"},
                        format="json")
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["warning"] == "" and body["pressure"]["count"] == 1 and body["pressure"]["cap"] == 1
    assert body["solicitation"]["person"] == shared.person_id and body["solicitation"]["channel"] == "call"
    # The cap is reached: refused, unless the caller logs it anyway (then with a warning).
    refused = client.post(u(tenant, "solicitation-list"), {"person": shared.person_id, "channel": "email"}, format="json")
    assert refused.status_code == 400
    forced = client.post(u(tenant, "solicitation-list"),
                         {"person": shared.person_id, "channel": "email", "override_cap": True}, format="json")
    assert forced.status_code == 201 and forced.json()["warning"] and forced.json()["pressure"]["over_cap"] is True
    rows = client.get(u(tenant, "solicitation-list")).json()["results"]
    assert [r["channel"] for r in rows] == ["email", "call"]
    assert api(org["rep"]).get(u(tenant, "solicitation-list")).json()["count"] == 0  # one's own only
    assert client.get(u(tenant, "solicitation-list"), {"person": shared.person_id + 1}).json()["count"] == 0


def test_solicitation_bad_input(tenant, org, shared):
    private = relationship_make(tenant=tenant, owner=org["rep"].employee, visibility="private", first_name="Pia",
                                last_name="Secret", company="Garage Lambert")
    client = api(org["colleague"])
    for payload, field in (
        ({"person": shared.person_id, "channel": "pigeon"}, "channel"),
        ({"person": "x", "channel": "call"}, "person"),
        ({"person": private.person_id, "channel": "call"}, "person"),  # a person they may not see: like a missing one
        ({"person": 2_000_000_000, "channel": "call"}, "person"),
        ({"person": shared.person_id, "channel": "call", "occurred_at": "2999-01-01T00:00:00Z"}, "occurred_at"),
        ({"person": shared.person_id, "channel": "call", "occurred_at": "soon"}, "occurred_at"),
        ({}, "person"),
    ):
        response = client.post(u(tenant, "solicitation-list"), payload, format="json")
        assert response.status_code == 400 and field in response.json(), (payload, response.content)
    admin = api(org["admin"]).post(u(tenant, "solicitation-list"), {"person": shared.person_id, "channel": "call"},
                                   format="json")
    assert admin.status_code == 400 and "collaborateur" in admin.json()["non_field_errors"][0]
    assert not Solicitation.unscoped.filter(tenant=tenant).exists()


# --- GDPR -------------------------------------------------------------------------------------------------


def test_gdpr_actions_need_the_data_protection_permission(tenant, org, shared):
    for role in ("rep", "manager", "colleague"):
        client = api(org[role])
        assert client.get(u(tenant, "person-export", shared.person_id)).status_code == 403
        assert client.post(u(tenant, "person-object", shared.person_id)).status_code == 403
        assert client.post(u(tenant, "person-erase", shared.person_id)).status_code == 403
    assert Person.unscoped.get(pk=shared.person_id).objected_at is None


def test_gdpr_export_object_erase(tenant, org, shared):
    client = api(org["admin"])
    export = client.get(u(tenant, "person-export", shared.person_id))
    assert export.status_code == 200
    data = export.json()
    assert data["emails"] == ["yann@kervella.fr"] and len(data["relationships"]) == 1
    assert "NOTE-gdpr-secret" not in export.content.decode()  # the rep's notes are not the person's data
    assert LedgerEntry.unscoped.filter(tenant=tenant, verb="export").count() == 1

    objected = client.post(u(tenant, "person-object", shared.person_id))
    assert objected.status_code == 200 and objected.json()["objected"] is True
    assert client.post(u(tenant, "person-object", shared.person_id)).status_code == 200  # idempotent
    assert LedgerEntry.unscoped.filter(tenant=tenant, verb="objection").count() == 1

    erased = client.post(u(tenant, "person-erase", shared.person_id))
    assert erased.status_code == 200 and erased.json()["pseudonym"]
    assert not Person.unscoped.filter(pk=shared.person_id).exists()
    assert not Relationship.unscoped.filter(pk=shared.pk).exists()
    assert client.post(u(tenant, "person-erase", shared.person_id)).status_code == 404
    # The objecting person cannot come back through the API.
    again = api(org["rep"]).post(u(tenant, "relationship-list"), {"last_name": "Kervella", "email": "yann@kervella.fr"},
                                 format="json")
    assert again.status_code == 400


def test_gdpr_actions_on_another_groups_person_are_404(tenant, other_tenant, org):
    foreign_rep = EmployeeFactory(tenant=other_tenant)
    foreign = relationship_make(tenant=other_tenant, owner=foreign_rep, visibility="shared", scope="group")
    client = api(org["admin"])
    assert client.get(u(tenant, "person-export", foreign.person_id)).status_code == 404
    assert client.post(u(tenant, "person-object", foreign.person_id)).status_code == 404
    assert client.post(u(tenant, "person-erase", foreign.person_id)).status_code == 404
    assert Person.unscoped.filter(pk=foreign.person_id, objected_at__isnull=True).exists()


# --- Imports ----------------------------------------------------------------------------------------------


def _upload(name="Connections.csv"):
    return SimpleUploadedFile(name, (FIXTURES / "linkedin_connections.csv").read_bytes(), content_type="text/csv")


def test_import_upload_preview_start_and_status(tenant, org, django_capture_on_commit_callbacks):
    client = api(org["rep"])
    response = client.post(u(tenant, "import-list"), {"file": _upload(), "default_visibility": "discoverable"},
                           format="multipart")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "preview" and data["format"] == "linkedin" and data["total"] >= 3
    assert data["report"] and not Relationship.unscoped.filter(tenant=tenant).exists()  # a preview writes nothing
    pk = data["id"]
    assert [i["id"] for i in client.get(u(tenant, "import-list")).json()["results"]] == [pk]
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(u(tenant, "import-start", pk))
    assert started.status_code == 200
    status = client.get(u(tenant, "import-detail", pk)).json()
    assert status["status"] == "done" and status["percent"] == 100 and status["counts"]["created"] >= 3
    assert Relationship.unscoped.filter(tenant=tenant, owner=org["rep"].employee, visibility="discoverable").count() >= 3
    # Someone else's import does not exist for them.
    assert api(org["manager"]).get(u(tenant, "import-detail", pk)).status_code == 404
    assert api(org["manager"]).post(u(tenant, "import-start", pk)).status_code == 404


def test_import_bad_input_is_a_400(tenant, org):
    client = api(org["rep"])
    junk = SimpleUploadedFile("junk.csv", b"\x00\xff\xfe" * 100, content_type="text/csv")
    empty = SimpleUploadedFile("empty.csv", b"", content_type="text/csv")
    for payload, field in (
        ({}, "file"),
        ({"file": junk}, "file"),
        ({"file": empty}, "file"),
        ({"file": _upload(), "format": "excel"}, "format"),
        ({"file": _upload(), "default_strength": 9}, "default_strength"),
        ({"file": _upload(), "default_visibility": "public"}, "default_visibility"),
    ):
        response = client.post(u(tenant, "import-list"), payload, format="multipart")
        assert response.status_code == 400 and field in response.json(), (payload, response.content)
    assert client.post(u(tenant, "import-list"), {"file": "x"}, format="json").status_code == 415
    admin = api(org["admin"]).post(u(tenant, "import-list"), {"file": _upload()}, format="multipart")
    assert admin.status_code == 400 and "collaborateur" in admin.json()["non_field_errors"][0]
    assert not ContactImport.unscoped.filter(tenant=tenant).exists()
