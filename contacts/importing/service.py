"""Address-book imports: preview (nothing written but the import itself), background run, undo.

- ``contact_import_create`` decodes and parses the file, stores it with its sha256, and computes the preview:
  per row, what will happen (created / merged with which existing person and why / unchanged / skipped / error),
  with a bounded number of queries whatever the row count. No person is written.
- ``contact_import_remap`` changes a CSV import's column mapping and recomputes the preview.
- ``contact_import_start`` queues ``contact_import_process`` once the transaction commits.
- ``contact_import_run`` processes the rows in chunks of ``CHUNK_SIZE``, progress committed every chunk, so a rerun
  after a crash resumes at ``processed``. A chunk is written set-based (``bulk.import_chunk_bulk``: a few queries
  for the whole chunk); if any of it fails, the chunk is replayed row by row, each row in its own savepoint, so a
  broken row never stops the others. It ends
  with the counts, the per-row report and ONE ledger IMPORT row. A done import is left alone (idempotent).
- ``contact_import_undo`` deletes the relationships the import created (and the persons it created that nobody
  else knows), with one ledger row.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bns.models import Employee, Tenant
from contacts import services
from contacts.importing import bulk, parsers
from contacts.importing.parsers import ImportFileError, ParsedContact
from contacts.models import (
    ContactImport,
    LedgerEntry,
    MergeSuggestion,
    Person,
    PersonEmail,
    Relationship,
    Source,
    Suppression,
    Visibility,
)
from contacts.normalize import company_key, identity_hash, name_key, phone_normalize

logger = logging.getLogger(__name__)

CHUNK_SIZE = 500

CREATED, MERGED, UNCHANGED, SKIPPED, ERROR = "created", "merged", "unchanged", "skipped", "error"
OUTCOMES = (CREATED, MERGED, UNCHANGED, SKIPPED, ERROR)
COUNT_KEYS = {CREATED: "created", MERGED: "merged", UNCHANGED: "unchanged", SKIPPED: "skipped", ERROR: "errors"}

SOURCES = {parsers.LINKEDIN: Source.LINKEDIN, parsers.VCARD: Source.ADDRESS_BOOK, parsers.CSV: Source.CSV}


def match_reason_label(reason: str) -> str:
    return {
        "email": _("same e-mail"),
        "linkedin": _("same LinkedIn profile"),
        "name_company": _("same name and company"),
        "file": _("already earlier in this file"),
    }.get(reason, reason)


def _empty_counts() -> dict[str, int]:
    return {key: 0 for key in COUNT_KEYS.values()}


@dataclass
class _Clean:
    first_name: str
    last_name: str
    emails: list[str]
    phones: list[str]
    linkedin_url: str
    company: str
    dropped_phones: list[str]


def _clean(contact: ParsedContact) -> _Clean:
    """Normalised identity; an invalid e-mail or LinkedIn URL raises, an invalid phone is dropped (and reported)."""
    phones = [p for p in contact.phones if phone_normalize(p)]
    dropped = [p for p in contact.phones if not phone_normalize(p)]
    emails, phones, url = services.clean_identity(emails=contact.emails, phones=phones, linkedin_url=contact.linkedin_url)
    return _Clean(contact.first_name.strip(), contact.last_name.strip(), emails, phones, url, contact.company.strip(), dropped)


def _error_text(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def _parse(contact_import: ContactImport) -> parsers.ParseResult:
    return parsers.parse(contact_import.content, contact_import.format, contact_import.column_mapping or None)


def _row_base(row: parsers.ParsedRow) -> dict:
    contact = row.contact
    return {
        "position": row.position,
        "name": contact.display_name if contact else "",
        "company": contact.company if contact else "",
        "emails": list(contact.emails) if contact else [],
    }


# --- Preview ----------------------------------------------------------------------------------------------


def _preview(*, tenant: Tenant, owner: Employee, result: parsers.ParseResult) -> tuple[dict, list[dict]]:
    """What the run would do, row by row, with a bounded number of queries (nothing written)."""
    cleaned: dict[int, _Clean | ValidationError] = {}
    for i, row in enumerate(result.rows):
        if row.contact is not None and not row.error and not row.skip_reason:
            try:
                cleaned[i] = _clean(row.contact)
            except ValidationError as exc:
                cleaned[i] = exc
    ok = [c for c in cleaned.values() if isinstance(c, _Clean)]
    all_emails = {e for c in ok for e in c.emails}
    all_urls = {c.linkedin_url for c in ok if c.linkedin_url}
    all_names = {name_key(c.first_name, c.last_name) for c in ok} - {""}
    by_email: dict[str, Person] = {}
    for hit in PersonEmail.unscoped.filter(tenant=tenant, email__in=all_emails).select_related("person").order_by("pk"):
        by_email.setdefault(hit.email, hit.person)
    by_url = {p.linkedin_url: p for p in Person.unscoped.filter(tenant=tenant, linkedin_url__in=all_urls)}
    by_name: dict[str, list[Person]] = {}
    for person in Person.unscoped.filter(tenant=tenant, name_key__in=all_names).order_by("pk"):
        by_name.setdefault(person.name_key, []).append(person)
    known_ids = set(Relationship.unscoped.filter(tenant=tenant, owner=owner).values_list("person_id", flat=True))
    hashes = set()
    for c in ok:
        hashes |= {identity_hash(tenant.pk, v) for v in [*c.emails, *c.phones, c.linkedin_url] if v}
    suppressed = set()
    if hashes:
        for row in Suppression.unscoped.filter(tenant=tenant).filter(
            Q(email_hash__in=hashes) | Q(phone_hash__in=hashes) | Q(linkedin_hash__in=hashes)
        ).values_list("email_hash", "phone_hash", "linkedin_hash"):
            suppressed |= set(row) - {""}
    suppressed &= hashes

    counts, report = _empty_counts(), []
    seen: dict[str, int] = {}  # identity key -> position of its first row in the file
    for i, row in enumerate(result.rows):
        entry = _row_base(row)
        clean = cleaned.get(i)
        if row.error:
            entry.update(action=ERROR, reason=row.error)
        elif row.skip_reason:
            entry.update(action=SKIPPED, reason=row.skip_reason)
        elif isinstance(clean, ValidationError):
            entry.update(action=ERROR, reason=_error_text(clean))
        else:
            nkey, ckey = name_key(clean.first_name, clean.last_name), company_key(clean.company)
            keys = [f"e:{e}" for e in clean.emails] + ([f"l:{clean.linkedin_url}"] if clean.linkedin_url else [])
            keys += [f"n:{nkey}|{ckey}"] if nkey and ckey else []
            first_seen = next((seen[k] for k in keys if k in seen), None)
            person, reason = None, ""
            for email in clean.emails:
                if email in by_email:
                    person, reason = by_email[email], "email"
                    break
            if person is None and clean.linkedin_url in by_url:
                person, reason = by_url[clean.linkedin_url], "linkedin"
            if person is None and nkey and ckey:
                person = next((p for p in by_name.get(nkey, []) if p.company_key == ckey), None)
                reason = "name_company" if person else ""
            if {identity_hash(tenant.pk, v) for v in [*clean.emails, *clean.phones, clean.linkedin_url] if v} & suppressed:
                entry.update(action=SKIPPED, reason=_("This person asked not to be contacted and was erased."))
            elif first_seen is not None:
                entry.update(action=UNCHANGED, reason=_("Same person as row %(row)s of this file.") % {"row": first_seen})
            elif person is not None and person.pk in known_ids:
                entry.update(action=UNCHANGED, reason=_("Already in your contacts."), person_id=person.pk, person_name=person.full_name)
            elif person is not None:
                entry.update(action=MERGED, reason=match_reason_label(reason), person_id=person.pk, person_name=person.full_name)
            else:
                entry.update(action=CREATED, reason="")
                suspects = [p for p in by_name.get(nkey, []) if p.company_key != ckey or not ckey]
                if suspects:
                    entry["suggestion"] = _("Maybe the same person as %(name)s (%(company)s): a merge will be suggested.") % {
                        "name": suspects[0].full_name, "company": suspects[0].company_name or _("no company"),
                    }
            for k in keys:
                seen.setdefault(k, row.position)
            if clean.dropped_phones:
                entry["warning"] = _("Phone numbers ignored (not valid): %(numbers)s") % {"numbers": ", ".join(clean.dropped_phones)}
        counts[COUNT_KEYS[entry["action"]]] += 1
        report.append(entry)
    return counts, report


def _refresh_preview(contact_import: ContactImport, result: parsers.ParseResult) -> None:
    counts, report = _preview(tenant=contact_import.tenant, owner=contact_import.owner, result=result)
    contact_import.counts, contact_import.report, contact_import.total = counts, report, len(result.rows)


@transaction.atomic
def contact_import_create(
    *,
    tenant: Tenant,
    actor,
    owner: Employee,
    filename: str,
    raw_bytes: bytes,
    format: str,
    column_mapping: dict | None = None,
    default_visibility: str | None = None,
    default_strength: int = 2,
) -> ContactImport:
    """Store the file and compute its preview. ImportFileError -> ValidationError({"file": ...}), nothing stored."""
    if owner.tenant_id != tenant.pk:
        raise ValidationError(_("This object does not belong to the group."))
    if format not in ("auto", *parsers.FORMATS):
        raise ValidationError({"format": _("Unknown format.")})
    visibility = default_visibility or Visibility.PRIVATE
    if visibility not in Visibility.values:
        raise ValidationError({"default_visibility": _("Unknown visibility.")})
    try:
        strength = int(default_strength)
    except (TypeError, ValueError):
        strength = 0
    if not 1 <= strength <= 5:
        raise ValidationError({"default_strength": _("The strength goes from 1 to 5.")})
    try:
        text = parsers.decode(raw_bytes)
        result = parsers.parse(text, format, column_mapping)
    except ImportFileError as exc:
        raise ValidationError({"file": str(exc)}) from None
    if not result.rows:
        raise ValidationError({"file": _("The file has no contact rows.")})
    contact_import = ContactImport(
        tenant=tenant, owner=owner, created_by=actor if getattr(actor, "is_authenticated", False) else None,
        format=result.format, filename=(filename or "")[:255], content=text,
        content_sha256=hashlib.sha256(raw_bytes).hexdigest(), column_mapping=result.mapping,
        default_visibility=visibility, default_strength=strength, status=ContactImport.Status.PREVIEW,
    )
    contact_import.owner = owner
    _refresh_preview(contact_import, result)
    contact_import.save()
    return contact_import


@transaction.atomic
def contact_import_remap(*, tenant: Tenant, actor, contact_import: ContactImport, column_mapping: dict) -> ContactImport:
    """Change a CSV import's column mapping (before it starts) and recompute its preview."""
    if contact_import.tenant_id != tenant.pk:
        raise ValidationError(_("This object does not belong to the group."))
    if contact_import.status != ContactImport.Status.PREVIEW or contact_import.format != parsers.CSV:
        raise ValidationError(_("The columns can only be changed on a CSV import that has not started."))
    mapping = {k: v for k, v in column_mapping.items() if k in parsers.CSV_FIELDS and v}
    contact_import.column_mapping = mapping
    try:
        result = _parse(contact_import)
    except ImportFileError as exc:
        raise ValidationError({"file": str(exc)}) from None
    if not {"first_name", "last_name", "full_name", "email", "linkedin_url"} & set(result.mapping):
        raise ValidationError(_("Choose the column of the name, of the e-mail or of the LinkedIn profile."))
    contact_import.column_mapping = result.mapping
    _refresh_preview(contact_import, result)
    contact_import.save(update_fields=["column_mapping", "counts", "report", "total"])
    return contact_import


@transaction.atomic
def contact_import_start(*, tenant: Tenant, actor, contact_import: ContactImport) -> ContactImport:
    """Queue the background run (once: an import already started is left as it is)."""
    if contact_import.tenant_id != tenant.pk:
        raise ValidationError(_("This object does not belong to the group."))
    updated = ContactImport.unscoped.filter(
        tenant=tenant, pk=contact_import.pk, status=ContactImport.Status.PREVIEW
    ).update(status=ContactImport.Status.QUEUED, processed=0, counts=_empty_counts(), report=[])
    contact_import.refresh_from_db()
    if updated:
        from contacts.importing.tasks import contact_import_process

        pk, tenant_id = contact_import.pk, tenant.pk
        transaction.on_commit(lambda: contact_import_process.delay(pk, tenant_id))
    return contact_import


def contact_import_start_sync(*, tenant: Tenant, contact_import: ContactImport) -> None:
    """Mark a previewed import queued without Celery (the command line runs it right after)."""
    ContactImport.unscoped.filter(tenant=tenant, pk=contact_import.pk, status=ContactImport.Status.PREVIEW).update(
        status=ContactImport.Status.QUEUED, processed=0, counts=_empty_counts(), report=[]
    )


# --- Run --------------------------------------------------------------------------------------------------


def _import_row(*, tenant: Tenant, actor, contact_import: ContactImport, row: parsers.ParsedRow, source: str) -> dict:
    entry = _row_base(row)
    if row.error:
        return {**entry, "action": ERROR, "reason": row.error}
    if row.skip_reason:
        return {**entry, "action": SKIPPED, "reason": row.skip_reason}
    contact = row.contact
    try:
        clean = _clean(contact)
    except ValidationError as exc:
        return {**entry, "action": ERROR, "reason": _error_text(exc)}
    if clean.dropped_phones:
        entry["warning"] = _("Phone numbers ignored (not valid): %(numbers)s") % {"numbers": ", ".join(clean.dropped_phones)}
    if services.person_is_suppressed(tenant=tenant, emails=clean.emails, phones=clean.phones, linkedin_url=clean.linkedin_url):
        return {**entry, "action": SKIPPED, "reason": _("This person asked not to be contacted and was erased.")}
    existing, reason = services.person_match(
        tenant=tenant, emails=clean.emails, linkedin_url=clean.linkedin_url, first_name=clean.first_name,
        last_name=clean.last_name, company_name=clean.company,
    )
    person, person_created = services.person_upsert(
        tenant=tenant, actor=actor, first_name=clean.first_name, last_name=clean.last_name, emails=clean.emails,
        phones=clean.phones, linkedin_url=clean.linkedin_url, company_name=clean.company, position=contact.position, source=source,
    )
    if person_created:
        nkey, ckey = person.name_key, person.company_key
        suspect = (
            Person.unscoped.filter(tenant=tenant, name_key=nkey).exclude(pk=person.pk).order_by("pk").first() if nkey else None
        )
        if suspect is not None and (suspect.company_key != ckey or not ckey):
            MergeSuggestion.unscoped.get_or_create(
                tenant=tenant, person_a=suspect, person_b=person,
                defaults={"reason": _("Same name (%(name)s), company differs or is unknown") % {"name": person.full_name}},
            )
            entry["suggestion"] = _("Maybe the same person as %(name)s (%(company)s): a merge is suggested.") % {
                "name": suspect.full_name, "company": suspect.company_name or _("no company"),
            }
    context = ""
    if contact.connected_on:
        context = _("LinkedIn connection since %(date)s") % {"date": contact.connected_on.strftime("%d/%m/%Y")}
    relationship, rel_created = services.relationship_create(
        tenant=tenant, actor=actor, owner=contact_import.owner, person=person, strength=contact_import.default_strength,
        visibility=contact_import.default_visibility, context=context, private_notes=contact.note,
        contact_import=contact_import, ledger=False,
    )
    entry.update(person_id=person.pk, person_name=person.full_name, relationship_id=relationship.pk)
    if not rel_created:
        return {**entry, "action": UNCHANGED, "reason": _("Already in your contacts.")}
    if person_created:
        return {**entry, "action": CREATED, "reason": ""}
    return {**entry, "action": MERGED, "reason": match_reason_label(reason)}


def _import_rows_one_by_one(*, tenant: Tenant, actor, contact_import: ContactImport, rows, source: str) -> list[dict]:
    entries = []
    for row in rows:
        try:
            with transaction.atomic():
                entry = _import_row(tenant=tenant, actor=actor, contact_import=contact_import, row=row, source=source)
        except ValidationError as exc:
            entry = {**_row_base(row), "action": ERROR, "reason": _error_text(exc)}
        except Exception as exc:  # noqa: BLE001 - a broken row must never stop the others
            entry = {**_row_base(row), "action": ERROR, "reason": _("Unexpected error: %(error)s") % {"error": str(exc)[:200]}}
        entries.append(entry)
    return entries


def _import_chunk(*, tenant: Tenant, actor, contact_import: ContactImport, rows, source: str) -> list[dict]:
    """The chunk set-based; when any of it fails, rolled back and replayed row by row (each row's error reported)."""
    try:
        with transaction.atomic():
            return bulk.import_chunk_bulk(
                tenant=tenant, contact_import=contact_import, rows=rows, source=source, clean_row=_clean, row_base=_row_base,
                error_text=_error_text, labels=match_reason_label,
            )
    except Exception:  # noqa: BLE001 - DataError, IntegrityError, BulkUnavailable...: the slow path reports per row
        logger.info("Import %s: a chunk fell back to row-by-row processing", contact_import.pk, exc_info=True)
        return _import_rows_one_by_one(tenant=tenant, actor=actor, contact_import=contact_import, rows=rows, source=source)


def contact_import_run(*, tenant: Tenant, contact_import_id: int, actor=None) -> ContactImport:
    """Process the rows not processed yet, chunk by chunk (progress committed), then finish once."""
    contact_import = ContactImport.unscoped.select_related("owner", "created_by").get(tenant=tenant, pk=contact_import_id)
    if contact_import.status == ContactImport.Status.DONE:
        return contact_import
    actor = actor or contact_import.created_by
    try:
        result = _parse(contact_import)
    except ImportFileError as exc:
        ContactImport.unscoped.filter(pk=contact_import.pk).update(
            status=ContactImport.Status.FAILED, error=str(exc), finished_at=timezone.now()
        )
        contact_import.refresh_from_db()
        return contact_import
    rows = result.rows
    if contact_import.status != ContactImport.Status.RUNNING:
        # A fresh run: the preview's counts and report make way for the real ones.
        contact_import.processed, contact_import.counts, contact_import.report = 0, _empty_counts(), []
        ContactImport.unscoped.filter(pk=contact_import.pk).update(processed=0, counts=_empty_counts(), report=[])
    ContactImport.unscoped.filter(pk=contact_import.pk).update(status=ContactImport.Status.RUNNING, total=len(rows))
    contact_import.status, contact_import.total = ContactImport.Status.RUNNING, len(rows)
    source = SOURCES.get(contact_import.format, Source.CSV)
    while contact_import.processed < len(rows):
        chunk = rows[contact_import.processed : contact_import.processed + CHUNK_SIZE]
        with transaction.atomic():
            # Re-read under lock: another delivery of the task may have moved on.
            current = ContactImport.unscoped.select_for_update().get(pk=contact_import.pk)
            if current.status == ContactImport.Status.DONE or current.processed != contact_import.processed:
                contact_import = ContactImport.unscoped.select_related("owner", "created_by").get(pk=contact_import.pk)
                if contact_import.status == ContactImport.Status.DONE:
                    return contact_import
                continue
            counts = {**_empty_counts(), **(current.counts or {})}
            report = list(current.report or [])
            for entry in _import_chunk(tenant=tenant, actor=actor, contact_import=contact_import, rows=chunk, source=source):
                counts[COUNT_KEYS[entry["action"]]] += 1
                report.append(entry)
            contact_import.processed += len(chunk)
            contact_import.counts, contact_import.report = counts, report
            ContactImport.unscoped.filter(pk=contact_import.pk).update(processed=contact_import.processed, counts=counts, report=report)
    with transaction.atomic():
        current = ContactImport.unscoped.select_for_update().get(pk=contact_import.pk)
        if current.status != ContactImport.Status.DONE:
            # The file itself is not kept once imported: the per-row report is what remains.
            current.status, current.finished_at, current.content = ContactImport.Status.DONE, timezone.now(), ""
            current.save(update_fields=["status", "finished_at", "content"])
            services.ledger_record(
                tenant=tenant, actor=actor, verb=LedgerEntry.Verb.IMPORT, owner=contact_import.owner,
                data={"import": current.pk, "format": current.format, "filename": current.filename, **current.counts},
            )
    contact_import.refresh_from_db()
    return contact_import


def contact_import_fail(*, tenant: Tenant, contact_import_id: int, error: str) -> None:
    ContactImport.unscoped.filter(tenant=tenant, pk=contact_import_id).exclude(status=ContactImport.Status.DONE).update(
        status=ContactImport.Status.FAILED, error=error[:2000], finished_at=timezone.now()
    )


# --- Undo -------------------------------------------------------------------------------------------------


@transaction.atomic
def contact_import_undo(*, tenant: Tenant, actor, contact_import: ContactImport) -> int:
    """Delete the relationships this import created (and the persons it created that nobody else knows now)."""
    if contact_import.tenant_id != tenant.pk:
        raise ValidationError(_("This object does not belong to the group."))
    if contact_import.status != ContactImport.Status.DONE:
        raise ValidationError(_("Only a finished import can be undone."))
    if "undone" in (contact_import.counts or {}):
        raise ValidationError(_("This import was already undone."))
    relationships = Relationship.unscoped.filter(tenant=tenant, contact_import=contact_import, owner=contact_import.owner)
    count = relationships.count()
    relationships.delete()
    created_ids = [r.get("person_id") for r in contact_import.report or [] if r.get("action") == CREATED and r.get("person_id")]
    orphans = (
        Person.unscoped.filter(tenant=tenant, pk__in=created_ids).annotate(n=Count("relationships")).filter(n=0)
        .values_list("pk", flat=True)
    )
    persons_deleted = Person.unscoped.filter(tenant=tenant, pk__in=list(orphans)).delete()[1].get("contacts.Person", 0)
    counts = {**(contact_import.counts or {}), "undone": count}
    ContactImport.unscoped.filter(pk=contact_import.pk).update(counts=counts)
    contact_import.counts = counts
    services.ledger_record(
        tenant=tenant, actor=actor, verb=LedgerEntry.Verb.DELETE, owner=contact_import.owner,
        data={"import": contact_import.pk, "undo": True, "relationships": count, "persons": persons_deleted},
    )
    return count
