"""CSV import of activity: preview (nothing written but the import itself), start, background run.

- ``activity_import_create`` decodes and parses the file, resolves whose activity each row is and validates it with
  the shared rules; the per-row report says what will happen (new, duplicate, error with the reasons in words).
- ``activity_import_start`` queues ``activity_import_process`` once the transaction commits.
- ``activity_import_run`` checks the rows again against the current data, chunk by chunk with the progress committed
  (``processed_rows``), then writes ALL the valid rows in ONE transaction (all or nothing), with one audit row.

Keys: a row's "client key" column when given, otherwise a key derived from the row's content and its employee
(rules.derived_client_key), so importing the same file twice counts nothing twice.
Whose activity: a member's file is their own activity; a member with Perm.MANAGE_NETWORKS may name the employee of
each row by e-mail or employee number (rows naming nobody are the importer's own).
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from bns.models import Employee, Membership, Tenant
from bns.permissions import Perm
from bns.services.audit import audit_record
from networking.activity import importing, rules
from networking.activity.importing import LABELS, ImportFileError
from networking.activity.services import (
    CREATED,
    DUPLICATE,
    ERROR,
    actor_membership,
    batch_prepare,
    batch_write,
)
from networking.models import ActivityImport, ActivitySource

logger = logging.getLogger(__name__)

NEW = "new"  # in a preview: will be created
CHUNK_SIZE = 250
STATUSES = (NEW, CREATED, DUPLICATE, ERROR)


def import_can_see(membership: Membership, activity_import: ActivityImport) -> bool:
    return activity_import.created_by_id == membership.user_id or membership.has_perm(Perm.MANAGE_NETWORKS)


def _employees_named(tenant: Tenant, rows: list[importing.ParsedRow]) -> tuple[dict, dict]:
    emails = {r.values["employee_email"].lower() for r in rows if r.values.get("employee_email")}
    numbers = {r.values["employee_number"] for r in rows if r.values.get("employee_number")}
    if not emails and not numbers:
        return {}, {}
    found = Employee.unscoped.filter(tenant=tenant).annotate(email_lower=Lower("email")).filter(
        Q(email_lower__in=emails) | Q(external_id__in=numbers))
    by_email = {e.email_lower: e for e in found if e.email_lower}
    by_number = {e.external_id: e for e in found if e.external_id}
    return by_email, by_number


def _employee_of(row, membership: Membership, by_email: dict, by_number: dict) -> tuple[Employee | None, str | None]:
    """Whose activity the row is (an employee or an id), or the reason it cannot be said."""
    email, number = row.values.get("employee_email", "").lower(), row.values.get("employee_number", "")
    named = None
    if email or number:
        named = by_email.get(email) if email else None
        named = named or (by_number.get(number) if number else None)
        if named is None:
            return None, _("Employee: nobody in the group has this e-mail or employee number.")
        if email and number and by_email.get(email) is not None and by_number.get(number) is not None \
                and by_email[email].pk != by_number[number].pk:
            return None, _("Employee: the e-mail and the employee number are two different people.")
    if named is not None and named.pk != membership.employee_id and not membership.has_perm(Perm.MANAGE_NETWORKS):
        return None, _("Employee: you can only import your own activity.")
    if named is not None:
        return named, None
    if membership.employee_id:
        return membership.employee, None
    return None, _("Employee: say whose activity this is (an e-mail or employee number column).")


def _messages(errors: dict) -> list[str]:
    out = []
    for name, messages in errors.items():
        label = LABELS.get(name)
        for message in messages:
            out.append(f"{label}: {message}" if label else str(message))
    return out


def _plan(*, tenant: Tenant, membership: Membership, parsed: importing.ParseResult, actor, activity_import=None,
          progress=None) -> tuple[list[dict], list]:
    """The per-row report and the activities to insert. Queries per chunk are bounded; ``progress(n)`` is called
    after each chunk with the number of rows checked."""
    by_email, by_number = _employees_named(tenant, parsed.rows)
    report: list[dict] = []
    pending: list = []
    occurrences: dict[tuple, int] = {}
    keys_in_file: set[str] = set()
    for start in range(0, max(len(parsed.rows), 1), CHUNK_SIZE):
        chunk = parsed.rows[start:start + CHUNK_SIZE]
        items, item_rows = [], []
        for row in chunk:
            entry = {"row": row.row, "status": ERROR, "date": row.values["occurred_on"].isoformat() if row.values.get("occurred_on")
                     else "", "kind": row.values.get("kind") or "", "channel": row.values.get("channel") or "",
                     "employee": "", "client_key": "", "id": None, "errors": list(row.errors)}
            report.append(entry)
            employee, problem = _employee_of(row, membership, by_email, by_number)
            if problem:
                entry["errors"].append(problem)
            if entry["errors"]:
                continue
            entry["employee"] = employee.full_name
            values = {k: v for k, v in row.values.items() if k not in ("employee_email", "employee_number", "client_key")}
            values["employee"] = employee.pk
            key = row.values.get("client_key", "")
            if not key:
                signature = tuple(sorted((k, str(v)) for k, v in values.items()))
                occurrences[signature] = occurrences.get(signature, 0) + 1
                key = rules.derived_client_key(employee_id=values["employee"], values=values, occurrence=occurrences[signature])
            if key in keys_in_file:
                entry.update(status=DUPLICATE, client_key=key)
                entry["errors"] = [_("Same client key as an earlier row of this file.")]
                continue
            keys_in_file.add(key)
            items.append({**values, "client_key": key})
            item_rows.append(entry)
        results, chunk_pending = batch_prepare(tenant=tenant, membership=membership, items=items, source=ActivitySource.CSV,
                                               actor=actor, activity_import=activity_import)
        for entry, result in zip(item_rows, results, strict=True):
            entry.update(status=NEW if result["status"] == CREATED else result["status"], client_key=result["client_key"],
                         id=result["id"], errors=_messages(result["errors"]))
        for index, activity in chunk_pending:
            pending.append((item_rows[index], activity))
        if progress is not None:
            progress(min(start + CHUNK_SIZE, len(parsed.rows)))
    return report, pending


def _counts(report: list[dict]) -> dict[str, int]:
    return {
        "created_count": sum(1 for r in report if r["status"] in (NEW, CREATED)),
        "duplicate_count": sum(1 for r in report if r["status"] == DUPLICATE),
        "error_count": sum(1 for r in report if r["status"] == ERROR),
    }


@transaction.atomic
def activity_import_create(*, tenant: Tenant, actor, filename: str, raw_bytes: bytes) -> ActivityImport:
    """Store the file and its preview. A file that cannot be used -> ValidationError({"file": ...}), nothing stored."""
    membership = actor_membership(tenant, actor)
    if membership.employee_id is None and not membership.has_perm(Perm.MANAGE_NETWORKS):
        raise ValidationError({"file": _("You have no employee record in this group, so you have no activity to import.")})
    if len(raw_bytes) > importing.MAX_FILE_BYTES:
        raise ValidationError({"file": _("The file is too large (2 MB at most): split it into several files.")})
    try:
        text, _encoding = importing.employee_csv_decode(raw_bytes)
        parsed = importing.activity_csv_parse(text)
    except ImportFileError as exc:
        raise ValidationError({"file": exc.message}) from None
    if not parsed.rows:
        raise ValidationError({"file": _("The file has no activity rows under its header line.")})
    report, _pending = _plan(tenant=tenant, membership=membership, parsed=parsed, actor=actor)
    activity_import = ActivityImport.unscoped.create(
        tenant=tenant, created_by=actor if getattr(actor, "is_authenticated", False) else None,
        filename=(filename or "activity.csv")[:255], content=text, status=ActivityImport.Status.PREVIEW,
        total_rows=len(parsed.rows), report=report, **_counts(report),
    )
    audit_record(tenant=tenant, actor=actor, verb="activity_import.preview", obj=activity_import,
                 data={"filename": activity_import.filename, "rows": activity_import.total_rows})
    return activity_import


@transaction.atomic
def activity_import_start(*, tenant: Tenant, actor, activity_import: ActivityImport) -> ActivityImport:
    """Queue the background run (once: an import already running or done is left as it is)."""
    membership = actor_membership(tenant, actor)
    if activity_import.tenant_id != tenant.pk or not import_can_see(membership, activity_import):
        raise PermissionDenied
    updated = ActivityImport.unscoped.filter(
        tenant=tenant, pk=activity_import.pk, status__in=[ActivityImport.Status.PREVIEW, ActivityImport.Status.FAILED]
    ).update(status=ActivityImport.Status.RUNNING, processed_rows=0)
    activity_import.refresh_from_db()
    if updated:
        from networking.activity.tasks import activity_import_process

        pk, tenant_id = activity_import.pk, tenant.pk
        audit_record(tenant=tenant, actor=actor, verb="activity_import.start", obj=activity_import)
        transaction.on_commit(lambda: activity_import_process.delay(pk, tenant_id))
    return activity_import


def _set_progress(activity_import_id: int, processed: int) -> None:
    ActivityImport.unscoped.filter(pk=activity_import_id).update(processed_rows=processed)


def activity_import_run(*, tenant: Tenant, activity_import_id: int) -> ActivityImport:
    """Check the rows again (progress committed per chunk), then write every valid row in one transaction."""
    activity_import = ActivityImport.unscoped.select_related("created_by").get(tenant=tenant, pk=activity_import_id)
    if activity_import.status != ActivityImport.Status.RUNNING:
        return activity_import
    actor = activity_import.created_by
    try:
        membership = actor_membership(tenant, actor)
    except PermissionDenied:
        activity_import_fail(tenant=tenant, activity_import_id=activity_import.pk,
                             error=_("The person who uploaded the file is no longer a member of the group."))
        return ActivityImport.unscoped.get(pk=activity_import.pk)
    try:
        parsed = importing.activity_csv_parse(activity_import.content)
    except ImportFileError as exc:
        activity_import_fail(tenant=tenant, activity_import_id=activity_import.pk, error=exc.message)
        return ActivityImport.unscoped.get(pk=activity_import.pk)
    _set_progress(activity_import.pk, 0)
    report, pending = _plan(tenant=tenant, membership=membership, parsed=parsed, actor=actor, activity_import=activity_import,
                            progress=lambda n: _set_progress(activity_import.pk, n))
    with transaction.atomic():
        current = ActivityImport.unscoped.select_for_update().get(pk=activity_import.pk)
        if current.status != ActivityImport.Status.RUNNING:  # another delivery of the task finished it
            return current
        results = [{"client_key": a.client_key, "status": CREATED, "id": None, "errors": {}} for _e, a in pending]
        batch_write(tenant=tenant, results=results, pending=list(enumerate(a for _e, a in pending)))
        for (entry, _activity), result in zip(pending, results, strict=True):
            entry.update(status=result["status"], id=result["id"])
            if result["status"] == DUPLICATE:
                entry["errors"] = [_("Already recorded (imported meanwhile).")]
        counts = _counts(report)
        current.status, current.report, current.finished_at, current.content = (
            ActivityImport.Status.DONE, report, timezone.now(), "")
        current.processed_rows, current.total_rows = len(parsed.rows), len(parsed.rows)
        for name, value in counts.items():
            setattr(current, name, value)
        current.save()
        audit_record(tenant=tenant, actor=actor, verb="activity_import.done", obj=current,
                     data={"filename": current.filename, **counts})
    return current


def activity_import_fail(*, tenant: Tenant, activity_import_id: int, error: str) -> None:
    """Mark the import failed (nothing was written: the write is one transaction); the reason heads the report."""
    current = ActivityImport.unscoped.filter(tenant=tenant, pk=activity_import_id).exclude(status=ActivityImport.Status.DONE).first()
    if current is None:
        return
    report = [r for r in (current.report or []) if r.get("row") != 0]
    current.report = [{"row": 0, "status": ERROR, "date": "", "kind": "", "channel": "", "employee": "", "client_key": "",
                       "id": None, "errors": [error[:1000]]}, *report]
    current.status, current.finished_at = ActivityImport.Status.FAILED, timezone.now()
    current.save(update_fields=["report", "status", "finished_at"])
