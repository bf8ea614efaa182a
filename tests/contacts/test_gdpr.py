"""GDPR: access export, objection, erasure (pseudonymous ledger + suppression), a rep's own export, pages."""

import csv
import io
import json

import pytest
import vobject
from django.core.exceptions import ValidationError
from django.urls import reverse

from bns.models import Role
from contacts.gdpr import my_export, person_access_export, person_erase, person_object
from contacts.models import (
    LedgerEntry,
    Person,
    PersonEmail,
    PersonPhone,
    Relationship,
    Solicitation,
    Suppression,
)
from contacts.services import contact_quick_add, relationship_record_view
from contacts.solicitations import solicitation_log
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory, relationship_make

pytestmark = pytest.mark.django_db


def _member(tenant, role=Role.EMPLOYEE, employee=True):
    emp = EmployeeFactory(tenant=tenant) if employee else None
    return MembershipFactory(tenant=tenant, user=UserFactory(), role=role, employee=emp)


@pytest.fixture
def world(tenant):
    rep, colleague, admin = _member(tenant), _member(tenant), _member(tenant, Role.ADMIN, employee=False)
    rel = relationship_make(
        tenant=tenant, owner=rep.employee, actor=rep.user, visibility="shared", scope="group", email="yann@kervella.example",
        phone="06 12 34 56 78", linkedin_url="https://www.linkedin.com/in/yann-kervella", private_notes="SECRET-NOTE",
        context="Club de voile",
    )
    relationship_record_view(tenant=tenant, actor=colleague.user, relationship=rel)
    solicitation_log(tenant=tenant, actor=colleague.user, person=rel.person, channel="call", note="premier appel")
    return {"rep": rep, "colleague": colleague, "admin": admin, "rel": rel, "person": rel.person}


def test_access_export_holds_everything_but_the_notes_content(tenant, world):
    data = person_access_export(tenant=tenant, actor=world["admin"].user, person=world["person"])
    assert set(data) >= {"person", "emails", "phones", "account", "relationships", "solicitations", "ledger", "exported_at"}
    assert data["person"]["last_name"] == "Kervella"
    assert data["emails"] == ["yann@kervella.example"] and data["phones"] == ["+33612345678"]
    assert data["account"]["name"] == "Transports Kervella"
    [rel] = data["relationships"]
    assert rel["owner"] == world["rep"].employee.full_name and rel["context"] == "Club de voile" and rel["has_private_notes"] is True
    assert "SECRET-NOTE" not in json.dumps(data)
    assert data["solicitations"][0]["channel"] == "call"
    assert {"create", "view", "solicitation"} <= {row["verb"] for row in data["ledger"]}
    assert LedgerEntry.unscoped.filter(verb="export", person=world["person"], actor=world["admin"].user).exists()


def test_objection_is_recorded_once(tenant, world):
    person_object(tenant=tenant, actor=world["admin"].user, person=world["person"])
    person_object(tenant=tenant, actor=world["admin"].user, person=world["person"])
    assert Person.unscoped.get(pk=world["person"].pk).objected_at is not None
    assert LedgerEntry.unscoped.filter(verb="objection", person=world["person"]).count() == 1


def test_erasure_leaves_only_pseudonymous_traces(tenant, world):
    person = world["person"]
    label = person_erase(tenant=tenant, actor=world["admin"].user, person=person)
    assert label.startswith("person #") and len(label) == len("person #") + 8
    assert not Person.unscoped.filter(pk=person.pk).exists()
    assert not PersonEmail.unscoped.filter(tenant=tenant).exists() and not PersonPhone.unscoped.filter(tenant=tenant).exists()
    assert not Relationship.unscoped.filter(tenant=tenant).exists() and not Solicitation.unscoped.filter(tenant=tenant).exists()
    rows = list(LedgerEntry.unscoped.filter(tenant=tenant))
    assert rows and all(r.subject_label == label and r.person_id is None for r in rows)
    dump = json.dumps([[r.subject_label, r.data] for r in rows])
    for value in ("Kervella", "Yann", "yann@kervella.example", "premier appel", "SECRET-NOTE"):
        assert value not in dump
    erasure = LedgerEntry.unscoped.get(verb="erasure")
    assert erasure.data == {"reason": "request", "suppressed": False}
    assert not Suppression.unscoped.filter(tenant=tenant).exists()  # no objection: nothing kept
    # Not objected: the person may be added again.
    relationship_make(tenant=tenant, owner=world["rep"].employee, email="yann@kervella.example")


def test_erasure_after_objection_suppresses_re_adds(tenant, world):
    person_object(tenant=tenant, actor=world["admin"].user, person=world["person"])
    person_erase(tenant=tenant, actor=world["admin"].user, person=world["person"])
    assert Suppression.unscoped.filter(tenant=tenant).count() == 3  # e-mail, phone, LinkedIn
    assert LedgerEntry.unscoped.get(verb="erasure").data["suppressed"] is True
    owner = world["colleague"].employee
    for identity in ({"email": "YANN@kervella.example"}, {"phone": "+33 6 12 34 56 78"},
                     {"linkedin_url": "https://linkedin.com/in/yann-kervella/"}):
        with pytest.raises(ValidationError):
            contact_quick_add(tenant=tenant, actor=world["colleague"].user, owner=owner, first_name="Yann", last_name="K", **identity)
    assert not Person.unscoped.filter(tenant=tenant).exists()


def test_rep_export_csv_and_vcard(tenant, world):
    relationship_make(tenant=tenant, owner=world["rep"].employee, first_name="Anne", last_name="Le Gall", company="Mairie",
                      email="anne@mairie.example", visibility="private")
    content, count = my_export(tenant=tenant, actor=world["rep"].user, membership=world["rep"], fmt="csv")
    assert count == 2
    rows = list(csv.DictReader(io.StringIO(content)))
    assert {r["last_name"] for r in rows} == {"Kervella", "Le Gall"}
    assert next(r for r in rows if r["last_name"] == "Kervella")["emails"] == "yann@kervella.example"
    content, count = my_export(tenant=tenant, actor=world["rep"].user, membership=world["rep"], fmt="vcf")
    cards = list(vobject.readComponents(content))
    assert len(cards) == 2
    by_name = {c.fn.value: c for c in cards}
    assert by_name["Yann Kervella"].email.value == "yann@kervella.example"
    assert by_name["Yann Kervella"].tel.value == "+33612345678"
    assert by_name["Yann Kervella"].version.value == "3.0"
    assert LedgerEntry.unscoped.filter(verb="export", owner=world["rep"].employee).count() == 2
    # A member with no employee record owns nothing.
    assert my_export(tenant=tenant, actor=world["admin"].user, membership=world["admin"], fmt="vcf") == ("", 0)


# --- Pages --------------------------------------------------------------------------------------------


def _url(name, tenant, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


def test_gdpr_pages_are_for_admins_only(client, tenant, world):
    pid = world["person"].pk
    client.force_login(world["rep"].user)
    assert client.get(_url("contacts_gdpr_search", tenant)).status_code == 403
    assert client.get(_url("contacts_gdpr_person", tenant, person_id=pid)).status_code == 403
    assert client.get(_url("contacts_gdpr_export", tenant, person_id=pid) + "?format=json").status_code == 403
    assert client.post(_url("contacts_gdpr_object", tenant, person_id=pid)).status_code == 403
    assert client.post(_url("contacts_gdpr_erase", tenant, person_id=pid), {"confirm": "erase"}).status_code == 403
    assert Person.unscoped.get(pk=pid).objected_at is None


def test_gdpr_search_and_person_page(client, tenant, world, django_assert_max_num_queries):
    client.force_login(world["admin"].user)
    response = client.get(_url("contacts_gdpr_search", tenant) + "?q=kervella.example")
    assert [p.pk for p in response.context["page"].object_list] == [world["person"].pk]
    assert client.get(_url("contacts_gdpr_search", tenant)).status_code == 200
    with django_assert_max_num_queries(20):
        response = client.get(_url("contacts_gdpr_person", tenant, person_id=world["person"].pk))
    assert response.status_code == 200
    assert "SECRET-NOTE" not in response.content.decode()
    assert client.get(_url("contacts_gdpr_person", tenant, person_id=999999)).status_code == 404


def test_gdpr_export_downloads(client, tenant, world):
    client.force_login(world["admin"].user)
    url = _url("contacts_gdpr_export", tenant, person_id=world["person"].pk)
    response = client.get(url + "?format=json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["emails"] == ["yann@kervella.example"]
    response = client.get(url + "?format=csv")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["section", "item", "field", "value"] and ["email", "1", "email", "yann@kervella.example"] in rows
    assert client.get(url + "?format=xml").status_code == 400
    assert LedgerEntry.unscoped.filter(verb="export", person=world["person"]).count() == 2


def test_gdpr_object_and_erase_pages(client, tenant, world):
    client.force_login(world["admin"].user)
    pid = world["person"].pk
    assert client.post(_url("contacts_gdpr_object", tenant, person_id=pid)).status_code == 302
    assert Person.unscoped.get(pk=pid).objected_at is not None
    response = client.post(_url("contacts_gdpr_erase", tenant, person_id=pid), {})
    assert response.status_code == 400 and Person.unscoped.filter(pk=pid).exists()
    response = client.post(_url("contacts_gdpr_erase", tenant, person_id=pid), {"confirm": "erase"})
    assert response.status_code == 302 and not Person.unscoped.filter(pk=pid).exists()
    assert Suppression.unscoped.filter(tenant=tenant).exists()
    assert client.post(_url("contacts_gdpr_erase", tenant, person_id=pid), {"confirm": "erase"}).status_code == 404


def test_my_export_pages(client, tenant, world, django_assert_max_num_queries):
    client.force_login(world["rep"].user)
    with django_assert_max_num_queries(20) as small:
        response = client.get(_url("contacts_my_export", tenant, fmt="csv"))
    assert response.status_code == 200 and "Kervella" in response.content.decode()
    for i in range(5):
        relationship_make(tenant=tenant, owner=world["rep"].employee, first_name=f"P{i}", last_name="Nom", company=f"C{i}",
                          email=f"p{i}@example.com", phone=f"06 00 00 00 0{i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(_url("contacts_my_export", tenant, fmt="vcf"))
    assert response["Content-Type"].startswith("text/vcard")
    assert len(list(vobject.readComponents(response.content.decode()))) == 6
    client.force_login(world["colleague"].user)
    assert "Kervella" not in client.get(_url("contacts_my_export", tenant, fmt="csv")).content.decode()
