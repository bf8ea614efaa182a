"""One chunk of an import, set-based: a bounded number of queries whatever the chunk's size.

Row-by-row (``service._import_row``: person_upsert + relationship_create per row) costs about 20 queries a
row, so a 10,000-row LinkedIn export took half an hour. Here a chunk is read in a few ``IN (...)`` queries
(suppressions, persons by e-mail, LinkedIn URL and name, the owner's relationships, accounts) and written
with one ``bulk_create`` per table. The matching rules are those of ``services.person_match`` and
``services.person_upsert``: e-mail, then LinkedIn URL, then name + company; blanks of a known person are
filled, nothing known is overwritten; rows earlier in the chunk count as known.

The chunk runs in a savepoint: when any of it fails (a row too long for a column, a concurrent write
that breaks a unique constraint...), the caller rolls it back and replays the chunk row by row, where each
row has its own savepoint and its own error in the report. ``BulkUnavailable`` says the database cannot do
it (no primary keys returned from bulk inserts).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bns.models import Tenant
from contacts import services
from contacts.importing import parsers
from contacts.models import (
    Account,
    ContactImport,
    MergeSuggestion,
    Person,
    PersonEmail,
    PersonPhone,
    Relationship,
    Suppression,
)
from contacts.normalize import company_key, identity_hash, name_key

PERSON_FILLABLE = ("first_name", "last_name", "position", "company_name", "linkedin_url")


class BulkUnavailable(Exception):
    """The database did not return primary keys from a bulk insert: use the row-by-row path."""


@dataclass
class _Item:
    index: int
    row: parsers.ParsedRow
    clean: object  # service._Clean
    entry: dict
    nkey: str = ""
    ckey: str = ""
    person: Person | None = None
    new_person: bool = False
    reason: str = ""
    relationship: Relationship | None = None
    local_duplicate_of: int | None = None  # position of the earlier row of this chunk with the same person
    suspects: list = field(default_factory=list)


def _keys(item: _Item) -> list[str]:
    clean = item.clean
    keys = [f"e:{e}" for e in clean.emails]
    if clean.linkedin_url:
        keys.append(f"l:{clean.linkedin_url}")
    if item.nkey and item.ckey:
        keys.append(f"n:{item.nkey}|{item.ckey}")
    return keys


def import_chunk_bulk(
    *, tenant: Tenant, contact_import: ContactImport, rows: list[parsers.ParsedRow], source: str, clean_row, row_base,
    error_text, labels,
) -> list[dict]:
    """The report entries of ``rows``, every write done in bulk. Call inside a savepoint (see the module doc)."""
    from contacts.importing.service import CREATED, ERROR, MERGED, SKIPPED, UNCHANGED

    now = timezone.now()
    entries: list[dict | None] = [None] * len(rows)
    items: list[_Item] = []
    for i, row in enumerate(rows):
        entry = row_base(row)
        if row.error:
            entries[i] = {**entry, "action": ERROR, "reason": row.error}
            continue
        if row.skip_reason:
            entries[i] = {**entry, "action": SKIPPED, "reason": row.skip_reason}
            continue
        try:
            clean = clean_row(row.contact)
        except ValidationError as exc:
            entries[i] = {**entry, "action": ERROR, "reason": error_text(exc)}
            continue
        if not (clean.first_name or clean.last_name or clean.emails or clean.linkedin_url):
            entries[i] = {**entry, "action": ERROR, "reason": _("Give at least a name, an e-mail or a LinkedIn profile.")}
            continue
        if clean.dropped_phones:
            entry["warning"] = _("Phone numbers ignored (not valid): %(numbers)s") % {"numbers": ", ".join(clean.dropped_phones)}
        items.append(_Item(i, row, clean, entry, name_key(clean.first_name, clean.last_name), company_key(clean.company)))

    # --- Reads: a fixed number of queries for the whole chunk ------------------------------------------------
    def hashes(values):
        return {identity_hash(tenant.pk, v) for v in values if v}

    email_hashes = hashes(e for it in items for e in it.clean.emails)
    phone_hashes = hashes(p for it in items for p in it.clean.phones)
    url_hashes = hashes(it.clean.linkedin_url for it in items)
    suppressed: set[str] = set()
    if email_hashes or phone_hashes or url_hashes:
        for found in Suppression.unscoped.filter(tenant=tenant).filter(
            Q(email_hash__in=email_hashes) | Q(phone_hash__in=phone_hashes) | Q(linkedin_hash__in=url_hashes)
        ).values_list("email_hash", "phone_hash", "linkedin_hash"):
            suppressed |= set(found) - {""}
    all_emails = {e for it in items for e in it.clean.emails}
    by_email: dict[str, Person] = {}
    for hit in PersonEmail.unscoped.filter(tenant=tenant, email__in=all_emails).select_related("person").order_by("pk"):
        by_email.setdefault(hit.email, hit.person)
    all_urls = {it.clean.linkedin_url for it in items if it.clean.linkedin_url}
    by_url = {p.linkedin_url: p for p in Person.unscoped.filter(tenant=tenant, linkedin_url__in=all_urls)}
    by_name: dict[str, list[Person]] = {}
    for person in Person.unscoped.filter(tenant=tenant, name_key__in={it.nkey for it in items} - {""}).order_by("pk"):
        by_name.setdefault(person.name_key, []).append(person)
    # One instance per person, whichever lookup found it (fills apply to the same object).
    persons: dict[int, Person] = {}
    for person in [*by_email.values(), *by_url.values(), *(p for ps in by_name.values() for p in ps)]:
        persons.setdefault(person.pk, person)
    by_email = {k: persons[p.pk] for k, p in by_email.items()}
    by_url = {k: persons[p.pk] for k, p in by_url.items()}
    by_name = {k: [persons[p.pk] for p in ps] for k, ps in by_name.items()}

    # --- Match, row by row in memory ------------------------------------------------------------------------
    local: dict[str, _Item] = {}  # identity key -> first item of this chunk that holds it
    for item in items:
        clean = item.clean
        if hashes([*clean.emails, *clean.phones, clean.linkedin_url]) & suppressed:
            entries[item.index] = {**item.entry, "action": SKIPPED, "reason": _("This person asked not to be contacted and was erased.")}
            item.entry = None
            continue
        person, reason = None, ""
        for email in clean.emails:
            if email in by_email:
                person, reason = by_email[email], "email"
                break
        if person is None and clean.linkedin_url in by_url:
            person, reason = by_url[clean.linkedin_url], "linkedin"
        if person is None and item.nkey and item.ckey:
            person = next((p for p in by_name.get(item.nkey, []) if p.company_key == item.ckey), None)
            reason = "name_company" if person else ""
        earlier = next((local[k] for k in _keys(item) if k in local), None)
        if person is None and earlier is not None:
            item.local_duplicate_of = earlier.row.position
            item.person, item.reason = earlier.person, earlier.reason
        elif person is not None:
            item.person, item.reason = person, reason
            if earlier is not None and earlier.person is person:
                item.local_duplicate_of = earlier.row.position
        else:
            item.person = Person(
                tenant=tenant, first_name=clean.first_name, last_name=clean.last_name, name_key=item.nkey,
                company_name=clean.company, company_key=item.ckey, position=(item.row.contact.position or "").strip(),
                linkedin_url=clean.linkedin_url, source=source, collected_at=now,
                retention_until=services.retention_deadline(tenant=tenant, since=now),
            )
            item.new_person = True
            item.suspects = [p for p in by_name.get(item.nkey, []) if p.company_key != item.ckey or not item.ckey]
        for key in _keys(item):
            local.setdefault(key, item)

    live = [it for it in items if it.entry is not None]
    known = {it.person.pk for it in live if it.person.pk is not None}
    owned = set(
        Relationship.unscoped.filter(tenant=tenant, owner=contact_import.owner, person_id__in=known).values_list("person_id", flat=True)
    )
    known_phones: dict[int, set[str]] = {}
    for person_id, number in PersonPhone.unscoped.filter(tenant=tenant, person_id__in=known).values_list("person_id", "number"):
        known_phones.setdefault(person_id, set()).add(number)

    # --- Fill known persons' blanks; find or create the accounts ---------------------------------------------
    filled: dict[int, Person] = {}
    for item in live:
        person, clean = item.person, item.clean
        if item.new_person or item.local_duplicate_of is not None and person.pk is None:
            continue
        values = {"first_name": clean.first_name, "last_name": clean.last_name,
                  "position": (item.row.contact.position or "").strip(), "company_name": clean.company,
                  "linkedin_url": clean.linkedin_url}
        changed = False
        for name in PERSON_FILLABLE:
            if values[name] and not getattr(person, name):
                if name == "linkedin_url" and values[name] in by_url:
                    continue  # another person holds this profile (unique per group)
                setattr(person, name, values[name])
                changed = True
        if changed:
            person.name_key = name_key(person.first_name, person.last_name)
            person.company_key = company_key(person.company_name)
            filled[person.pk] = person
    need_account = [it for it in live if it.clean.company and (it.new_person or it.person.account_id is None)]
    account_keys = {company_key(it.clean.company) or it.clean.company.lower(): it.clean.company for it in need_account}
    accounts: dict[str, Account] = {}
    for account in Account.unscoped.filter(tenant=tenant, name_key__in=account_keys).order_by("pk"):
        accounts.setdefault(account.name_key, account)
    missing = [Account(tenant=tenant, name=name, name_key=key) for key, name in account_keys.items() if key not in accounts]
    for account in Account.unscoped.bulk_create(missing):
        if account.pk is None:
            raise BulkUnavailable
        accounts[account.name_key] = account
    for item in need_account:
        person = item.person
        if person.account_id is None and getattr(person, "account", None) is None:
            person.account = accounts[company_key(item.clean.company) or item.clean.company.lower()]
            if person.pk is not None:
                filled[person.pk] = person

    # --- Writes: one bulk statement per table ----------------------------------------------------------------
    new_persons = list({id(it.person): it.person for it in live if it.new_person}.values())
    for person in Person.unscoped.bulk_create(new_persons):
        if person.pk is None:
            raise BulkUnavailable
    if filled:
        for person in filled.values():
            person.updated_at = now
        Person.unscoped.bulk_update(list(filled.values()), [*PERSON_FILLABLE, "name_key", "company_key", "account", "updated_at"])
    taken_emails = set(by_email)
    new_emails, new_phones = [], []
    for item in live:
        person = item.person
        for email in item.clean.emails:
            if email not in taken_emails:
                taken_emails.add(email)
                new_emails.append(PersonEmail(tenant=tenant, person=person, email=email))
        numbers = known_phones.setdefault(person.pk, set())
        for number in item.clean.phones:
            if number not in numbers:
                numbers.add(number)
                new_phones.append(PersonPhone(tenant=tenant, person=person, number=number))
    PersonEmail.unscoped.bulk_create(new_emails)
    PersonPhone.unscoped.bulk_create(new_phones)

    defaults = services.relationship_defaults(
        tenant=tenant, strength=contact_import.default_strength, visibility=contact_import.default_visibility
    )
    new_relationships: dict[int, Relationship] = {}
    for item in live:
        person, contact = item.person, item.row.contact
        if person.pk in owned or person.pk in new_relationships:
            continue
        context = ""
        if contact.connected_on:
            context = _("LinkedIn connection since %(date)s") % {"date": contact.connected_on.strftime("%d/%m/%Y")}
        item.relationship = Relationship(
            tenant=tenant, owner=contact_import.owner, person=person, contact_import=contact_import,
            context=context[:300], private_notes=(contact.note or "").strip(), **defaults,
        )
        new_relationships[person.pk] = item.relationship
    for relationship in Relationship.unscoped.bulk_create(list(new_relationships.values())):
        if relationship.pk is None:
            raise BulkUnavailable

    suggestions = []
    first_new_by_name: dict[str, Person] = {}
    for item in live:
        if not item.new_person:
            continue
        suspect = item.suspects[0] if item.suspects else None
        if suspect is None and item.nkey:
            earlier = first_new_by_name.get(item.nkey)
            if earlier is not None and earlier is not item.person and (earlier.company_key != item.ckey or not item.ckey):
                suspect = earlier
        if item.nkey:
            first_new_by_name.setdefault(item.nkey, item.person)
        if suspect is None:
            continue
        suggestions.append(MergeSuggestion(
            tenant=tenant, person_a=suspect, person_b=item.person,
            reason=_("Same name (%(name)s), company differs or is unknown") % {"name": item.person.full_name},
        ))
        item.entry["suggestion"] = _("Maybe the same person as %(name)s (%(company)s): a merge is suggested.") % {
            "name": suspect.full_name, "company": suspect.company_name or _("no company"),
        }
    MergeSuggestion.unscoped.bulk_create(suggestions, ignore_conflicts=True)

    # --- The report ------------------------------------------------------------------------------------------
    for item in live:
        person = item.person
        entry = {**item.entry, "person_id": person.pk, "person_name": person.full_name}
        relationship = item.relationship or new_relationships.get(person.pk)
        if relationship is not None:
            entry["relationship_id"] = relationship.pk
        if item.relationship is None and item.local_duplicate_of is not None:
            entry.update(action=UNCHANGED, reason=_("Same person as row %(row)s of this file.") % {"row": item.local_duplicate_of})
        elif item.relationship is None:
            entry.update(action=UNCHANGED, reason=_("Already in your contacts."))
        elif item.new_person:
            entry.update(action=CREATED, reason="")
        else:
            entry.update(action=MERGED, reason=labels(item.reason))
        entries[item.index] = entry
    return entries
