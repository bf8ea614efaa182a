"""GDPR actions on persons (access export, objection, erasure), retention, and a rep's own export.

Choice about private notes in the access export: the export lists each relationship (owner, kind,
strength, context, visibility...) and says whether the owner keeps private notes (``has_private_notes``),
not their content. The notes are the rep's working notes and the product promises reps that no one else
(managers, executives and admins included) ever reads them; an admin-run export must not be a way around
that. When a data subject asks for them, the DPO asks the owner, who may export their own relationships
(``contacts_my_export``) and hand over what concerns the person.

Erasure deletes the person, their e-mails, phones, relationships and solicitations; the ledger keeps its
rows but pseudonymised ("person #<hash8>", personal values dropped from ``data``). When the person had
objected, a Suppression keeps the hashes of their e-mails, phones and LinkedIn URL so that a later import
or quick add is refused.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

import vobject
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from bns.models import Employee, Membership, Tenant
from contacts.models import (
    LedgerEntry,
    Person,
    PersonEmail,
    PersonPhone,
    Relationship,
    Solicitation,
    Suppression,
)
from contacts.normalize import identity_hash
from contacts.services import ledger_record, retention_deadline

# Ledger ``data`` keys that never hold personal values of the subject (kept by the pseudonymisation).
LEDGER_SAFE_KEYS = frozenset(
    {"visibility", "scope", "strength", "fields", "channel", "commercial", "override", "reason", "format", "count", "exclusive"}
)


def person_pseudonym(person: Person) -> str:
    return "person #" + identity_hash(person.tenant_id, f"person:{person.pk}")[:8]


def _same_tenant(tenant: Tenant, person: Person) -> None:
    if person.tenant_id != tenant.pk:
        raise PermissionDenied


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


# --- Search (admins) ----------------------------------------------------------------------------------


def gdpr_person_search(*, tenant: Tenant, query: str) -> QuerySet[Person]:
    """Persons by name, company or e-mail (the GDPR officer finds the data subject)."""
    query = (query or "").replace("\x00", "").strip()
    if not query:
        return Person.unscoped.none()
    qs = Person.unscoped.filter(tenant=tenant)
    for term in query.split():
        qs = qs.filter(
            Q(first_name__icontains=term) | Q(last_name__icontains=term) | Q(company_name__icontains=term)
            | Q(emails__email__icontains=term)
        )
    return qs.distinct().select_related("account").order_by("last_name", "first_name", "pk")


def gdpr_person_get_for(*, tenant: Tenant, pk) -> Person:
    from django.http import Http404

    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    person = Person.unscoped.filter(tenant=tenant, pk=pk).select_related("account").first()
    if person is None:
        raise Http404
    return person


# --- Access export ------------------------------------------------------------------------------------


def person_access_data(*, tenant: Tenant, person: Person) -> dict:
    """Everything held on the person (read only; ``person_access_export`` records the act)."""
    _same_tenant(tenant, person)
    account = person.account
    relationships = Relationship.unscoped.filter(tenant=tenant, person=person).select_related("owner").order_by("pk")
    solicitations = Solicitation.unscoped.filter(tenant=tenant, person=person).select_related("employee").order_by("occurred_at", "pk")
    ledger = LedgerEntry.unscoped.filter(tenant=tenant, person=person).order_by("created_at", "pk")
    return {
        "person": {
            "id": person.pk,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "company_name": person.company_name,
            "position": person.position,
            "linkedin_url": person.linkedin_url,
            "legal_basis": person.legal_basis,
            "source": person.source,
            "collected_at": _iso(person.collected_at),
            "last_inbound_at": _iso(person.last_inbound_at),
            "retention_until": _iso(person.retention_until),
            "objected_at": _iso(person.objected_at),
        },
        "emails": list(PersonEmail.unscoped.filter(tenant=tenant, person=person).order_by("pk").values_list("email", flat=True)),
        "phones": list(PersonPhone.unscoped.filter(tenant=tenant, person=person).order_by("pk").values_list("number", flat=True)),
        "account": (
            {"name": account.name, "siren": account.siren, "city": account.city, "website": account.website} if account else None
        ),
        "relationships": [
            {
                "owner": r.owner.full_name,
                "kind": r.kind,
                "strength": r.strength,
                "context": r.context,
                "visibility": r.visibility,
                "scope": r.scope,
                "exclusive": r.exclusive,
                "open_to_offer": r.open_to_offer,
                "tags": r.tags,
                "status": r.status,
                "created_at": _iso(r.created_at),
                "ended_at": _iso(r.ended_at),
                # The notes belong to the rep: their existence is disclosed, not their content (module docstring).
                "has_private_notes": bool(r.private_notes),
            }
            for r in relationships
        ],
        "solicitations": [
            {"employee": s.employee.full_name, "channel": s.channel, "commercial": s.commercial, "occurred_at": _iso(s.occurred_at),
             "note": s.note}
            for s in solicitations
        ],
        "ledger": [
            {"created_at": _iso(e.created_at), "verb": e.verb, "actor": e.actor_label, "data": e.data} for e in ledger
        ],
    }


@transaction.atomic
def person_access_export(*, tenant: Tenant, actor, person: Person, fmt: str = "json") -> dict:
    """The access export of ``person`` (GDPR art. 15), recorded in the ledger (EXPORT)."""
    data = person_access_data(tenant=tenant, person=person)
    data["exported_at"] = timezone.now().isoformat()
    ledger_record(tenant=tenant, actor=actor, verb=LedgerEntry.Verb.EXPORT, person=person, data={"format": fmt, "reason": "access"})
    return data


def person_access_csv(data: dict) -> str:
    """The access export as a CSV of (section, item, field, value) rows."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "item", "field", "value"])
    for field, value in data["person"].items():
        writer.writerow(["person", "", field, value if value is not None else ""])
    for i, email in enumerate(data["emails"], 1):
        writer.writerow(["email", i, "email", email])
    for i, phone in enumerate(data["phones"], 1):
        writer.writerow(["phone", i, "number", phone])
    for field, value in (data["account"] or {}).items():
        writer.writerow(["account", "", field, value])
    for section in ("relationships", "solicitations", "ledger"):
        for i, row in enumerate(data[section], 1):
            for field, value in row.items():
                writer.writerow([section, i, field, value if value is not None else ""])
    writer.writerow(["export", "", "exported_at", data.get("exported_at", "")])
    return out.getvalue()


# --- Objection ----------------------------------------------------------------------------------------


@transaction.atomic
def person_object(*, tenant: Tenant, actor, person: Person) -> Person:
    """The person objects ("do not contact"): solicitations are blocked group-wide. Idempotent."""
    _same_tenant(tenant, person)
    person = Person.unscoped.select_for_update().get(pk=person.pk)
    if person.objected_at is not None:
        return person
    person.objected_at = timezone.now()
    person.save(update_fields=["objected_at", "updated_at"])
    ledger_record(tenant=tenant, actor=actor, verb=LedgerEntry.Verb.OBJECTION, person=person)
    return person


# --- Erasure ------------------------------------------------------------------------------------------


@transaction.atomic
def person_erase(*, tenant: Tenant, actor, person: Person, reason: str = "request") -> str:
    """Erase the person; the ledger keeps a pseudonymous trace. Returns the pseudonym."""
    _same_tenant(tenant, person)
    person = Person.unscoped.select_for_update().filter(pk=person.pk).first()
    if person is None:
        raise ValidationError(_("This person was already erased."))
    label = person_pseudonym(person)
    if person.objected_at is not None:
        emails = PersonEmail.unscoped.filter(tenant=tenant, person=person).values_list("email", flat=True)
        phones = PersonPhone.unscoped.filter(tenant=tenant, person=person).values_list("number", flat=True)
        rows = [Suppression(tenant=tenant, email_hash=identity_hash(tenant.pk, e)) for e in emails]
        rows += [Suppression(tenant=tenant, phone_hash=identity_hash(tenant.pk, p)) for p in phones]
        if person.linkedin_url:
            rows.append(Suppression(tenant=tenant, linkedin_hash=identity_hash(tenant.pk, person.linkedin_url)))
        Suppression.unscoped.bulk_create(rows)
    # Pseudonymise the ledger rows about the person (the only change ledger rows ever get).
    for entry in LedgerEntry.unscoped.filter(tenant=tenant, person=person):
        entry.subject_label = label
        entry.data = {k: v for k, v in (entry.data or {}).items() if k in LEDGER_SAFE_KEYS}
        entry.person = None
        entry.relationship = None
        entry._pseudonymising = True
        entry.save(update_fields=["subject_label", "data", "person", "relationship"])
    objected = person.objected_at is not None
    person.delete()  # e-mails, phones, relationships, solicitations, merge suggestions: cascade
    LedgerEntry.unscoped.create(
        tenant=tenant,
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        actor_label=(actor.get_full_name() if actor is not None and getattr(actor, "is_authenticated", False) else ""),
        verb=LedgerEntry.Verb.ERASURE,
        subject_label=label,
        data={"reason": reason, "suppressed": objected},
    )
    return label


# --- Retention ----------------------------------------------------------------------------------------


@transaction.atomic
def person_record_inbound(*, tenant: Tenant, actor, person: Person, when: datetime | None = None) -> Person:
    """The person contacted us (a reply, a meeting, a visit): the retention clock restarts from ``when``."""
    _same_tenant(tenant, person)
    when = when or timezone.now()
    if person.last_inbound_at is not None and person.last_inbound_at >= when:
        return person
    person.last_inbound_at = when
    person.retention_until = retention_deadline(tenant=tenant, since=when)
    person.retention_warned_at = None
    person.save(update_fields=["last_inbound_at", "retention_until", "retention_warned_at", "updated_at"])
    return person


# --- A rep's own export -------------------------------------------------------------------------------

EXPORT_COLUMNS = [
    "first_name", "last_name", "company", "position", "emails", "phones", "linkedin_url", "kind", "strength", "visibility",
    "scope", "status", "context", "tags", "open_to_offer", "exclusive", "private_notes",
]


def owner_relationships(*, tenant: Tenant, owner_id, relationship_ids=None) -> QuerySet[Relationship]:
    """An employee's own relationships with the person's e-mails and phones (fixed number of queries)."""
    qs = Relationship.unscoped.filter(tenant=tenant, owner_id=owner_id)
    if relationship_ids is not None:
        qs = qs.filter(pk__in=relationship_ids)
    return qs.select_related("person", "person__account").prefetch_related(
        Prefetch("person__emails", queryset=PersonEmail.unscoped.order_by("pk")),
        Prefetch("person__phones", queryset=PersonPhone.unscoped.order_by("pk")),
    ).order_by("person__last_name", "person__first_name", "pk")


def relationships_csv(relationships) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for r in relationships:
        p = r.person
        writer.writerow([
            p.first_name, p.last_name, (p.account.name if p.account_id else p.company_name), p.position,
            " ".join(e.email for e in p.emails.all()), " ".join(t.number for t in p.phones.all()), p.linkedin_url,
            r.kind, r.strength, r.visibility, r.scope, r.status, r.context, r.tags, r.open_to_offer, r.exclusive, r.private_notes,
        ])
    return out.getvalue()


def relationships_vcard(relationships) -> str:
    """vCard 3.0, one card per relationship (built with vobject)."""
    cards = []
    for r in relationships:
        p = r.person
        card = vobject.vCard()
        card.add("version").value = "3.0"
        card.add("n").value = vobject.vcard.Name(family=p.last_name, given=p.first_name)
        card.add("fn").value = p.full_name
        company = p.account.name if p.account_id else p.company_name
        if company:
            card.add("org").value = [company]
        if p.position:
            card.add("title").value = p.position
        for e in p.emails.all():
            line = card.add("email")
            line.value = e.email
            line.type_param = "INTERNET"
        for t in p.phones.all():
            card.add("tel").value = t.number
        if p.linkedin_url:
            card.add("url").value = p.linkedin_url
        note = "\n".join(x for x in (r.context, r.private_notes) if x)
        if note:
            card.add("note").value = note
        cards.append(card.serialize())
    return "".join(cards)


@transaction.atomic
def my_export(*, tenant: Tenant, actor, membership: Membership, fmt: str) -> tuple[str, int]:
    """The member's own relationships as CSV or vCard; an EXPORT ledger row. Returns (content, count)."""
    if fmt not in ("csv", "vcf"):
        raise ValidationError({"format": _("Unknown export format.")})
    if membership.tenant_id != tenant.pk:
        raise PermissionDenied
    if membership.employee_id is None:
        return (relationships_csv([]) if fmt == "csv" else ""), 0
    rows = list(owner_relationships(tenant=tenant, owner_id=membership.employee_id))
    content = relationships_csv(rows) if fmt == "csv" else relationships_vcard(rows)
    employee = Employee.unscoped.get(pk=membership.employee_id)
    ledger_record(tenant=tenant, actor=actor, verb=LedgerEntry.Verb.EXPORT, owner=employee, data={"format": fmt, "count": len(rows)})
    return content, len(rows)
