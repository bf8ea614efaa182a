"""Contacts met at an event become the attendee's own relationships, through the contacts services."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from bns.models import AuditEvent
from contacts.gdpr import person_erase, person_object
from contacts.models import LedgerEntry, Person, PersonEmail, PersonPhone, Relationship, Source
from networking.models import EventContact
from networking.networks import selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(org, make_network):
    network = make_network(name="BNI Vannes Golfe", kind="business_club")
    event = services.network_event_create(tenant=org.tenant, actor=org.u("rep"), title="Réunion BNI",
                                          held_on=timezone.localdate(), network=network, i_attended=True)
    services.event_attendance_set(tenant=org.tenant, actor=org.u("rep"), event=event, employee=org.e("rep2"))
    return event


def add(org, who, event, **kwargs):
    data = {"first_name": "Gaëlle", "last_name": "Le Goff", "company": "Transports Le Goff", "email": "gaelle@legoff.example",
            "phone": "06 12 34 56 78", "position": "Gérante", "strength": 2, "notes": "Flotte de 12 utilitaires", **kwargs}
    return services.event_contact_add(tenant=org.tenant, actor=org.u(who), event=event, **data)


def test_a_contact_met_becomes_the_attendees_relationship(org, event):
    result = add(org, "rep", event)
    rel = Relationship.unscoped.get(pk=result.relationship.pk)
    assert rel.owner == org.e("rep") and rel.strength == 2
    assert rel.visibility == org.tenant.default_relationship_visibility  # the group's policy by default
    assert "Réunion BNI" in rel.context
    assert rel.private_notes == "Flotte de 12 utilitaires"
    assert rel.kind == "club_fellow"  # met in a network
    person = rel.person
    assert (person.first_name, person.last_name, person.company_name, person.position) == ("Gaëlle", "Le Goff",
                                                                                           "Transports Le Goff", "Gérante")
    assert person.source == Source.EVENT
    assert list(PersonEmail.unscoped.filter(person=person).values_list("email", flat=True)) == ["gaelle@legoff.example"]
    assert list(PersonPhone.unscoped.filter(person=person).values_list("number", flat=True)) == ["+33612345678"]
    contact = EventContact.unscoped.get()
    assert (contact.event, contact.attendee, contact.person, contact.relationship) == (event, org.e("rep"), person, rel)
    assert LedgerEntry.unscoped.filter(tenant=org.tenant, verb="create", relationship=rel).exists()
    assert AuditEvent.unscoped.filter(tenant=org.tenant, verb="networking.event_contact_add").count() == 1
    assert result.relationship_created and result.person_created and not result.already_recorded


def test_the_person_is_deduplicated(org, event):
    first = add(org, "rep", event)
    again = add(org, "rep", event, first_name="Gaelle", last_name="LE GOFF", company="", phone="")  # same e-mail
    assert Person.unscoped.filter(tenant=org.tenant).count() == 1
    assert again.already_recorded and not again.relationship_created and again.relationship.pk == first.relationship.pk
    assert EventContact.unscoped.count() == 1
    # Another attendee met the same person: one person, two relationships, each owned by its attendee.
    other = add(org, "rep2", event, email="GAELLE@legoff.example", visibility="private", strength=4)
    assert Person.unscoped.filter(tenant=org.tenant).count() == 1
    assert other.person_created is False and other.relationship_created
    assert other.relationship.owner == org.e("rep2") and other.relationship.visibility == "private"
    # By name + company, without e-mail.
    by_name = add(org, "rep2", event, email="", phone="", first_name="Gaëlle", last_name="Le Goff")
    assert by_name.relationship.pk == other.relationship.pk and Person.unscoped.count() == 1


def test_only_an_attendee_adds_contacts_met(org, event):
    with pytest.raises(PermissionDenied):
        add(org, "brest", event)  # not marked as present
    with pytest.raises(PermissionDenied):
        add(org, "admin", event)  # no employee record
    services.event_attendance_set(tenant=org.tenant, actor=org.u("rep2"), event=event, attended=False)
    with pytest.raises(PermissionDenied):
        add(org, "rep2", event)  # took the mark back
    assert not Person.unscoped.exists() and not EventContact.unscoped.exists()


def test_contacts_services_errors_surface(org, event):
    with pytest.raises(ValidationError) as exc:
        add(org, "rep", event, email="not-an-email")
    assert "email" in exc.value.message_dict
    with pytest.raises(ValidationError):
        add(org, "rep", event, first_name="", last_name="", email="", phone="", company="")
    with pytest.raises(ValidationError):
        add(org, "rep", event, strength=9)
    assert not Person.unscoped.exists() and not Relationship.unscoped.exists()  # nothing half-written
    # An erased person who objected cannot come back.
    first = add(org, "rep", event)
    person = first.relationship.person
    person_object(tenant=org.tenant, actor=org.u("admin"), person=person)
    person_erase(tenant=org.tenant, actor=org.u("admin"), person=Person.unscoped.get(pk=person.pk))
    with pytest.raises(ValidationError, match="asked not to be contacted"):
        add(org, "rep2", event)


def test_an_objecting_person_is_flagged(org, event):
    first = add(org, "rep", event)
    person_object(tenant=org.tenant, actor=org.u("admin"), person=first.relationship.person)
    second = add(org, "rep2", event)
    assert second.objected and second.relationship.owner == org.e("rep2")


def test_only_the_attendee_sees_the_names(org, event):
    add(org, "rep", event, visibility="shared")
    add(org, "rep2", event, email="yann@kervella.example", first_name="Yann", last_name="Kervella", visibility="private")
    mine = selectors.event_detail(tenant=org.tenant, membership=org.m("rep"), event=event)
    assert [c.visible_person.last_name for c in mine.my_contacts] == ["Le Goff"]
    assert mine.others_contact_count == 1
    outsider = selectors.event_detail(tenant=org.tenant, membership=org.m("exec"), event=event)
    assert outsider.my_contacts == [] and outsider.others_contact_count == 2
    # A deleted relationship: the name is no longer shown, even to the attendee.
    Relationship.unscoped.filter(owner=org.e("rep")).delete()
    mine = selectors.event_detail(tenant=org.tenant, membership=org.m("rep"), event=event)
    assert [c.visible_person for c in mine.my_contacts] == [None]
