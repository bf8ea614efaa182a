"""An employee leaves the group (deactivated): what happens to their relationships.

- PRIVATE relationships are the employee's own: they are offered to them as an export, then removed. The
  employee can no longer log in, so the export is e-mailed to them (CSV and vCard attachments). Tasks take
  ids only and we add no model, so: the handler (inside the deactivation's transaction) marks them ENDED and
  computes their ids; on commit a task builds the export from those rows, mails it to the employee, then
  deletes them. The task is idempotent: a second delivery finds nothing left to export and does nothing.
  While pending, ENDED private relationships stay invisible to everyone but their (inactive) owner.
- DISCOVERABLE and SHARED relationships become ENDED (``ended_at``) and stay in the group's directory; the
  owners of the persons' accounts (Account.owner) are told by e-mail (a task).
- Ledger: one ENDED row per discoverable/shared relationship; one ENDED row for the private ones as a whole
  (with their count only: a row naming the persons would reveal private relationships to the ledger's readers).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from bns.models import Employee, Tenant
from contacts.models import LedgerEntry, Relationship, RelationshipStatus, Visibility


def relationships_on_employee_left(*, tenant: Tenant, actor, employee: Employee) -> dict:
    """Hook run by bns.services.org when ``employee`` is deactivated (inside its transaction)."""
    from contacts import tasks

    now = timezone.now()
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    label = user.get_full_name() if user else ""
    mine = Relationship.unscoped.filter(tenant=tenant, owner=employee)
    private_ids = list(mine.filter(visibility=Visibility.PRIVATE).values_list("pk", flat=True))
    shared = list(
        mine.filter(visibility__in=[Visibility.DISCOVERABLE, Visibility.SHARED], status=RelationshipStatus.ACTIVE)
        .select_related("person")
        .order_by("pk")
    )
    shared_ids = [r.pk for r in shared]
    Relationship.unscoped.filter(pk__in=[*private_ids, *shared_ids]).update(status=RelationshipStatus.ENDED, ended_at=now, updated_at=now)
    rows = [
        LedgerEntry(
            tenant=tenant, actor=user, actor_label=label, verb=LedgerEntry.Verb.ENDED, person_id=r.person_id, relationship_id=r.pk,
            owner=employee, subject_label=r.person.full_name, data={"visibility": r.visibility},
        )
        for r in shared
    ]
    if private_ids:
        rows.append(
            LedgerEntry(
                tenant=tenant, actor=user, actor_label=label, verb=LedgerEntry.Verb.ENDED, owner=employee,
                data={"visibility": Visibility.PRIVATE, "count": len(private_ids), "reason": "export_then_removal"},
            )
        )
    LedgerEntry.unscoped.bulk_create(rows)
    if private_ids:
        transaction.on_commit(lambda: tasks.private_relationships_export_and_remove.delay(tenant.pk, employee.pk, private_ids))
    if shared_ids:
        transaction.on_commit(lambda: tasks.account_owners_notify_employee_left.delay(tenant.pk, employee.pk, shared_ids))
    return {"private": len(private_ids), "ended": len(shared_ids)}
