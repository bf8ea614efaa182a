"""Celery tasks of the contacts app. Tasks take ids (JSON only), enter the tenant scope, are idempotent,
declare acks_late, retries and time limits. Business e-mails are sent only from here."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.db import OperationalError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from bns.models import AuditEvent, Employee, Tenant
from bns.periodic import periodic_register
from bns.services.audit import audit_record
from bns.tenancy import tenant_scope
from contacts.models import Person, Relationship, RelationshipStatus, Visibility

periodic_register("contacts-retention-sweep", "contacts.tasks.contacts_retention_sweep", crontab(hour=2, minute=40))

RETENTION_WARNING_DAYS = 30
RETENTION_PURGE_BATCH = 2000

_TASK = dict(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError, OperationalError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)


def _locale(tenant: Tenant) -> str:
    return tenant.locale or settings.LANGUAGE_CODE


# --- Leaving the group --------------------------------------------------------------------------------


@shared_task(**_TASK, soft_time_limit=120, time_limit=150)
def private_relationships_export_and_remove(tenant_id: int, employee_id: int, relationship_ids: list[int]) -> str:
    """E-mail a departed employee the export of their private relationships, then delete them (idempotent)."""
    from contacts.gdpr import owner_relationships, relationships_csv, relationships_vcard

    tenant = Tenant.objects.get(pk=tenant_id)
    with tenant_scope(tenant), transaction.atomic():
        employee = Employee.unscoped.filter(tenant=tenant, pk=employee_id).first()
        if employee is None:
            return "skipped"
        pending = owner_relationships(tenant=tenant, owner_id=employee.pk, relationship_ids=relationship_ids).filter(
            visibility=Visibility.PRIVATE, status=RelationshipStatus.ENDED
        )
        rows = list(pending)
        if not rows:
            return "nothing"
        if employee.email:
            with translation.override(_locale(tenant)):
                subject = _("Your private contacts from %(group)s") % {"group": tenant.name}
                body = _(
                    "Hello %(name)s,\n\nYou are leaving %(group)s. As promised, here are the %(count)s contacts you kept "
                    "private, as a CSV file and as a vCard file you can import in any address book. They are now removed "
                    "from the group's application.\n"
                ) % {"name": employee.full_name, "group": tenant.name, "count": len(rows)}
            message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [employee.email])
            message.attach("contacts.csv", relationships_csv(rows), "text/csv")
            message.attach("contacts.vcf", relationships_vcard(rows), "text/vcard")
            message.send()
        Relationship.unscoped.filter(pk__in=[r.pk for r in rows]).delete()
        return "sent" if employee.email else "removed"


@shared_task(**_TASK, soft_time_limit=120, time_limit=150)
def account_owners_notify_employee_left(tenant_id: int, employee_id: int, relationship_ids: list[int]) -> int:
    """Tell the owners of the accounts concerned that a departed employee's relationships are now ended (once)."""
    tenant = Tenant.objects.get(pk=tenant_id)
    sent = 0
    with tenant_scope(tenant), transaction.atomic():
        employee = Employee.unscoped.filter(tenant=tenant, pk=employee_id).first()
        if employee is None:
            return 0
        if AuditEvent.unscoped.filter(tenant=tenant, verb="contacts.account_owners_told", object_type="employee",
                                      object_id=str(employee.pk)).exists():
            return 0
        rels = (
            Relationship.unscoped.filter(tenant=tenant, pk__in=relationship_ids, status=RelationshipStatus.ENDED,
                                         person__account__owner__isnull=False)
            .exclude(person__account__owner=employee)
            .select_related("person", "person__account", "person__account__owner")
            .order_by("person__account__name", "pk")
        )
        by_owner: dict[int, list] = defaultdict(list)
        owners = {}
        for rel in rels:
            owner = rel.person.account.owner
            if owner.email and owner.is_active:
                owners[owner.pk] = owner
                by_owner[owner.pk].append(rel)
        with translation.override(_locale(tenant)):
            for owner_id, items in by_owner.items():
                owner = owners[owner_id]
                # A DISCOVERABLE relationship shows colleagues only that it exists, never who: same in this e-mail.
                lines = "\n".join(
                    f"- {r.person.full_name if r.visibility == Visibility.SHARED else _('a contact (not shared)')} "
                    f"({r.person.account.name})"
                    for r in items
                )
                subject = _("%(name)s left the group: relationships on your accounts") % {"name": employee.full_name}
                body = _(
                    "Hello %(owner)s,\n\n%(name)s left the group. They knew these people on accounts you own; the relationships "
                    "stay in the directory, marked “ended”:\n\n%(lines)s\n"
                ) % {"owner": owner.full_name, "name": employee.full_name, "lines": lines}
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [owner.email])
                sent += 1
        audit_record(tenant=tenant, actor=None, verb="contacts.account_owners_told", obj=employee, data={"emails": sent})
    return sent


# --- Retention ----------------------------------------------------------------------------------------


def _retention_warn(tenant: Tenant, today) -> int:
    """E-mail each owner the persons whose retention deadline is within RETENTION_WARNING_DAYS (once per person)."""
    with transaction.atomic():
        persons = list(
            Person.unscoped.select_for_update()
            .filter(tenant=tenant, retention_warned_at__isnull=True, retention_until__gte=today,
                    retention_until__lte=today + timedelta(days=RETENTION_WARNING_DAYS))
            .order_by("retention_until", "pk")[:RETENTION_PURGE_BATCH]
        )
        if not persons:
            return 0
        by_owner: dict[int, list] = defaultdict(list)
        owners = {}
        rels = Relationship.unscoped.filter(
            tenant=tenant, person__in=persons, status=RelationshipStatus.ACTIVE, owner__is_active=True
        ).exclude(owner__email="").select_related("person", "owner")
        for rel in rels:
            owners[rel.owner_id] = rel.owner
            by_owner[rel.owner_id].append(rel.person)
        with translation.override(_locale(tenant)):
            for owner_id, items in by_owner.items():
                owner = owners[owner_id]
                lines = "\n".join(
                    f"- {p.full_name} ({p.company_name}): {formats.date_format(p.retention_until, 'SHORT_DATE_FORMAT')}" for p in items
                )
                subject = _("Contacts about to be deleted (retention deadline)")
                body = _(
                    "Hello %(owner)s,\n\nThe data of these contacts reaches its retention deadline soon and will then be "
                    "deleted, unless they contact you again (a reply, a meeting, a visit) and you record it:\n\n%(lines)s\n"
                ) % {"owner": owner.full_name, "lines": lines}
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [owner.email])
        Person.unscoped.filter(pk__in=[p.pk for p in persons]).update(retention_warned_at=timezone.now())
        return len(persons)


def _retention_purge(tenant: Tenant, today) -> int:
    from contacts.gdpr import person_erase

    purged = 0
    expired = Person.unscoped.filter(tenant=tenant, retention_until__lt=today).order_by("pk").values_list("pk", flat=True)
    for person_id in list(expired[:RETENTION_PURGE_BATCH]):
        with transaction.atomic():
            person = Person.unscoped.select_for_update().filter(tenant=tenant, pk=person_id, retention_until__lt=today).first()
            if person is None:  # erased meanwhile, or the person contacted us again
                continue
            person_erase(tenant=tenant, actor=None, person=person, reason="retention")
            purged += 1
    return purged


@shared_task(**_TASK, soft_time_limit=20 * 60, time_limit=22 * 60)
def contacts_retention_sweep() -> dict:
    """Daily platform job: per tenant, warn owners ahead of the retention deadline, then purge expired persons.

    Idempotent: a person is warned once (``retention_warned_at``; a new inbound contact resets it), and a purged
    person is gone. Returns {"warned": n, "purged": n}.
    """
    today = timezone.localdate()
    totals = {"warned": 0, "purged": 0}
    for tenant_id in Tenant.objects.order_by("pk").values_list("pk", flat=True):
        tenant = Tenant.objects.filter(pk=tenant_id).first()
        if tenant is None:
            continue
        with tenant_scope(tenant):
            totals["warned"] += _retention_warn(tenant, today)
            totals["purged"] += _retention_purge(tenant, today)
    return totals


# Tasks defined next to their feature, registered here so the worker (which imports <app>.tasks) knows them.
from contacts.importing.tasks import contact_import_process  # noqa: E402,F401
from contacts.intros import tasks as _intros_tasks  # noqa: E402,F401
from contacts.intros.tasks import intro_request_notify  # noqa: E402,F401
from contacts.plans import tasks as _plans_tasks  # noqa: E402,F401
from contacts.referrals import tasks as _referrals_tasks  # noqa: E402,F401
