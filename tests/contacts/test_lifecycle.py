"""Retention (warn, purge, inbound restarts the clock) and an employee leaving the group."""

from datetime import timedelta

import pytest
import vobject
from django.core import mail
from django.utils import timezone

from bns.models import AuditEvent, Role
from bns.services.org import employee_update
from contacts.gdpr import person_record_inbound
from contacts.models import Account, LedgerEntry, Person, Relationship
from contacts.services import retention_deadline
from contacts.solicitations import solicitation_log
from contacts.tasks import account_owners_notify_employee_left, contacts_retention_sweep
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory, relationship_make

pytestmark = pytest.mark.django_db


def _member(tenant, role=Role.EMPLOYEE, employee=True):
    emp = EmployeeFactory(tenant=tenant) if employee else None
    return MembershipFactory(tenant=tenant, user=UserFactory(), role=role, employee=emp)


# --- Retention ----------------------------------------------------------------------------------------


def test_retention_warns_once_then_purges(tenant, other_tenant):
    rep = _member(tenant)
    today = timezone.localdate()
    soon = relationship_make(tenant=tenant, owner=rep.employee, first_name="Soon", last_name="Due", email="soon@example.com").person
    later = relationship_make(tenant=tenant, owner=rep.employee, first_name="Later", last_name="Fine", company="Autre").person
    Person.unscoped.filter(pk=soon.pk).update(retention_until=today + timedelta(days=10))
    Person.unscoped.filter(pk=later.pk).update(retention_until=today + timedelta(days=200))
    result = contacts_retention_sweep.delay().get()
    assert result == {"warned": 1, "purged": 0}
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [rep.employee.email] and "Soon Due" in mail.outbox[0].body
    assert "Later" not in mail.outbox[0].body
    assert contacts_retention_sweep() == {"warned": 0, "purged": 0}  # once
    assert len(mail.outbox) == 1
    # Past the deadline: purged like an erasure.
    Person.unscoped.filter(pk=soon.pk).update(retention_until=today - timedelta(days=1))
    assert contacts_retention_sweep() == {"warned": 0, "purged": 1}
    assert not Person.unscoped.filter(pk=soon.pk).exists() and Person.unscoped.filter(pk=later.pk).exists()
    erasure = LedgerEntry.unscoped.get(tenant=tenant, verb="erasure")
    assert erasure.data["reason"] == "retention" and erasure.subject_label.startswith("person #")
    assert not LedgerEntry.unscoped.filter(subject_label="Soon Due").exists()
    assert contacts_retention_sweep() == {"warned": 0, "purged": 0}


def test_inbound_restarts_the_clock_outbound_does_not(tenant):
    rep, colleague = _member(tenant), _member(tenant)
    person = relationship_make(tenant=tenant, owner=rep.employee, visibility="shared").person
    before = Person.unscoped.get(pk=person.pk).retention_until
    solicitation_log(tenant=tenant, actor=colleague.user, person=person, channel="call")
    assert Person.unscoped.get(pk=person.pk).retention_until == before
    when = timezone.now() + timedelta(days=400)
    Person.unscoped.filter(pk=person.pk).update(retention_warned_at=timezone.now())
    person_record_inbound(tenant=tenant, actor=rep.user, person=Person.unscoped.get(pk=person.pk), when=when)
    person = Person.unscoped.get(pk=person.pk)
    assert person.last_inbound_at == when and person.retention_until == retention_deadline(tenant=tenant, since=when)
    assert person.retention_until > before and person.retention_warned_at is None


# --- Leaving the group --------------------------------------------------------------------------------


@pytest.fixture
def leaving(tenant):
    rep, colleague = _member(tenant), _member(tenant)
    admin = _member(tenant, Role.ADMIN, employee=False)
    account_owner = EmployeeFactory(tenant=tenant, email="owner@example.com")
    private = relationship_make(tenant=tenant, owner=rep.employee, actor=rep.user, visibility="private", first_name="Paul",
                                last_name="Prive", company="Perso", email="paul@perso.example", private_notes="ami d'enfance")
    shared = relationship_make(tenant=tenant, owner=rep.employee, actor=rep.user, visibility="shared", first_name="Sara",
                               last_name="Partage", company="Flotte SA")
    discoverable = relationship_make(tenant=tenant, owner=rep.employee, actor=rep.user, visibility="discoverable",
                                     first_name="Dora", last_name="Decouvrable", company="Flotte SA")
    Account.unscoped.filter(pk=shared.person.account_id).update(owner=account_owner)
    untouched = relationship_make(tenant=tenant, owner=colleague.employee, visibility="private", first_name="Other")
    return {"rep": rep, "admin": admin, "private": private, "shared": shared, "discoverable": discoverable,
            "untouched": untouched, "account_owner": account_owner}


def test_employee_leaving(tenant, leaving, django_capture_on_commit_callbacks):
    rep = leaving["rep"]
    with django_capture_on_commit_callbacks(execute=True):
        employee_update(tenant=tenant, actor=leaving["admin"].user, employee=rep.employee, is_active=False)
    # Private: exported by e-mail, then removed.
    assert not Relationship.unscoped.filter(pk=leaving["private"].pk).exists()
    export = next(m for m in mail.outbox if m.to == [rep.employee.email])
    names = {name: content for name, content, _mime in export.attachments}
    assert "Prive" in names["contacts.csv"] and "Partage" not in names["contacts.csv"]
    [card] = list(vobject.readComponents(names["contacts.vcf"]))
    assert card.fn.value == "Paul Prive" and card.email.value == "paul@perso.example"
    # Discoverable and shared: ended, kept.
    for key in ("shared", "discoverable"):
        rel = Relationship.unscoped.get(pk=leaving[key].pk)
        assert rel.status == "ended" and rel.ended_at is not None
    assert Relationship.unscoped.get(pk=leaving["untouched"].pk).status == "active"
    # The account's owner is told, once.
    told = [m for m in mail.outbox if m.to == ["owner@example.com"]]
    assert len(told) == 1 and "Sara Partage" in told[0].body and "Dora" not in told[0].body  # discoverable: not named
    assert told[0].body.count("Flotte SA") == 2
    assert account_owners_notify_employee_left(tenant.pk, rep.employee.pk, [leaving["shared"].pk]) == 0
    assert AuditEvent.unscoped.filter(verb="contacts.account_owners_told").count() == 1
    # Ledger: one ENDED row per kept relationship, one (nameless) for the private ones.
    ended = LedgerEntry.unscoped.filter(verb="ended")
    assert {e.relationship_id for e in ended if e.relationship_id} == {leaving["shared"].pk, leaving["discoverable"].pk}
    private_row = ended.get(relationship__isnull=True)
    assert private_row.data["count"] == 1 and private_row.subject_label == "" and private_row.person_id is None


def test_leaving_export_task_is_idempotent_and_reactivation_does_nothing(tenant, leaving, django_capture_on_commit_callbacks):
    from contacts.tasks import private_relationships_export_and_remove

    rep = leaving["rep"]
    with django_capture_on_commit_callbacks(execute=True):
        employee_update(tenant=tenant, actor=leaving["admin"].user, employee=rep.employee, is_active=False)
    sent = len(mail.outbox)
    assert private_relationships_export_and_remove(tenant.pk, rep.employee.pk, [leaving["private"].pk]) == "nothing"
    assert len(mail.outbox) == sent
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        employee_update(tenant=tenant, actor=leaving["admin"].user, employee=rep.employee, is_active=True)
        employee_update(tenant=tenant, actor=leaving["admin"].user, employee=rep.employee, job_title="Autre")
    assert callbacks == [] and LedgerEntry.unscoped.filter(verb="ended").count() == 3


def test_leaving_without_email_still_removes_private(tenant, leaving, django_capture_on_commit_callbacks):
    rep = leaving["rep"]
    type(rep.employee).unscoped.filter(pk=rep.employee.pk).update(email="")
    rep.employee.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        employee_update(tenant=tenant, actor=leaving["admin"].user, employee=rep.employee, is_active=False)
    assert not Relationship.unscoped.filter(pk=leaving["private"].pk).exists()
    assert all(m.to != [""] for m in mail.outbox)


def test_deactivation_by_employee_import_runs_the_same_flow(tenant, leaving, django_capture_on_commit_callbacks):
    from bns.imports import employee_import_apply

    rep = leaving["rep"].employee
    text = f"prenom;nom;email;actif\n{rep.first_name};{rep.last_name};{rep.email};non\n"
    with django_capture_on_commit_callbacks(execute=True):
        employee_import_apply(tenant=tenant, actor=leaving["admin"].user, text=text)
    rep.refresh_from_db()
    assert rep.is_active is False
    assert not Relationship.unscoped.filter(pk=leaving["private"].pk).exists()
    assert Relationship.unscoped.get(pk=leaving["shared"].pk).status == "ended"
    assert any(m.to == [rep.email] and m.attachments for m in mail.outbox)
