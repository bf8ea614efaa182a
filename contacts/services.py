"""Every write of the contact ledger. Keyword-only, tenant and actor explicit, atomic, in the ledger.

The rep owns the relationship: only its owner changes or deletes it. Each act that shares, changes
visibility, shows details to someone else, merges, exports, objects or erases writes a LedgerEntry in the
same transaction.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bns.models import Employee, Membership, Tenant
from contacts.models import (
    Account,
    LedgerEntry,
    Person,
    PersonEmail,
    PersonPhone,
    Relationship,
    RelationshipKind,
    Scope,
    Source,
    Suppression,
    Visibility,
)
from contacts.normalize import (
    company_key,
    email_normalize,
    identity_hash,
    linkedin_normalize,
    name_key,
    phone_normalize,
    siren_validate,
)

RELATIONSHIP_EDITABLE = ("strength", "kind", "context", "open_to_offer", "exclusive", "visibility", "scope", "private_notes", "tags")


# --- Ledger -------------------------------------------------------------------------------------------


def ledger_record(
    *,
    tenant: Tenant,
    actor,
    verb: str,
    person: Person | None = None,
    relationship: Relationship | None = None,
    owner: Employee | None = None,
    data: dict | None = None,
) -> LedgerEntry:
    """Append one ledger row; call inside the service's transaction."""
    if relationship is not None:
        person = person or relationship.person
        owner = owner or relationship.owner
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return LedgerEntry.unscoped.create(
        tenant=tenant,
        actor=user,
        actor_label=(user.get_full_name() if user else ""),
        verb=verb,
        person=person,
        relationship=relationship,
        owner=owner,
        subject_label=person.full_name if person is not None else "",
        data=data or {},
    )


# --- Accounts -----------------------------------------------------------------------------------------


@transaction.atomic
def account_find_or_create(*, tenant: Tenant, actor, name: str, siren: str = "", city: str = "") -> Account | None:
    """The account named ``name`` (or with this SIREN), created when missing. Blank name -> None."""
    name = (name or "").strip()
    siren = (siren or "").strip()
    if siren:
        try:
            siren = siren_validate(siren)
        except ValueError:
            raise ValidationError({"siren": _("This SIREN is not valid (9 digits with a valid check digit).")}) from None
        existing = Account.unscoped.filter(tenant=tenant, siren=siren).first()
        if existing is not None:
            return existing
    if not name:
        if siren:
            raise ValidationError({"company": _("Give the company's name with its SIREN.")})
        return None
    key = company_key(name) or name.lower()
    existing = Account.unscoped.filter(tenant=tenant, name_key=key).order_by("pk").first()
    if existing is not None:
        if siren and not existing.siren:
            existing.siren = siren
            existing.save(update_fields=["siren"])
        return existing
    return Account.unscoped.create(tenant=tenant, name=name, name_key=key, siren=siren, city=(city or "").strip())


# --- Persons ------------------------------------------------------------------------------------------


def retention_deadline(*, tenant: Tenant, since: datetime) -> date:
    years = tenant.contact_retention_years or 3
    start = since.date() if isinstance(since, datetime) else since
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February
        return start.replace(year=start.year + years, day=28)


def person_is_suppressed(*, tenant: Tenant, emails: list[str], phones: list[str], linkedin_url: str = "") -> bool:
    """True when an erased, objecting person matches: they must not come back silently."""
    hashes_email = [identity_hash(tenant.pk, e) for e in emails if e]
    hashes_phone = [identity_hash(tenant.pk, p) for p in phones if p]
    hash_linkedin = identity_hash(tenant.pk, linkedin_url) if linkedin_url else None
    qs = Suppression.unscoped.filter(tenant=tenant)
    cond = Q(pk__in=[])
    if hashes_email:
        cond |= Q(email_hash__in=hashes_email)
    if hashes_phone:
        cond |= Q(phone_hash__in=hashes_phone)
    if hash_linkedin:
        cond |= Q(linkedin_hash=hash_linkedin)
    return qs.filter(cond).exists()


def person_match(
    *, tenant: Tenant, emails: list[str], linkedin_url: str, first_name: str, last_name: str, company_name: str
) -> tuple[Person | None, str]:
    """The existing person this describes, with the reason ("email", "linkedin", "name_company"), or (None, "")."""
    if emails:
        hit = PersonEmail.unscoped.filter(tenant=tenant, email__in=emails).select_related("person").order_by("pk").first()
        if hit is not None:
            return hit.person, "email"
    if linkedin_url:
        hit = Person.unscoped.filter(tenant=tenant, linkedin_url=linkedin_url).first()
        if hit is not None:
            return hit, "linkedin"
    nkey, ckey = name_key(first_name, last_name), company_key(company_name)
    if nkey and ckey:
        hit = Person.unscoped.filter(tenant=tenant, name_key=nkey, company_key=ckey).order_by("pk").first()
        if hit is not None:
            return hit, "name_company"
    return None, ""


def clean_identity(*, emails: list[str] | None, phones: list[str] | None, linkedin_url: str | None) -> tuple[list[str], list[str], str]:
    """Normalised e-mails, phones and LinkedIn URL; raises ValidationError naming the bad value."""
    clean_emails: list[str] = []
    for raw in emails or []:
        email = email_normalize(raw)
        if not email:
            continue
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError({"email": _("“%(value)s” is not a valid e-mail address.") % {"value": raw}}) from None
        if email not in clean_emails:
            clean_emails.append(email)
    clean_phones: list[str] = []
    for raw in phones or []:
        if not (raw or "").strip():
            continue
        phone = phone_normalize(raw)
        if phone is None:
            raise ValidationError({"phone": _("“%(value)s” is not a valid phone number.") % {"value": raw}})
        if phone not in clean_phones:
            clean_phones.append(phone)
    url = ""
    if (linkedin_url or "").strip():
        url = linkedin_normalize(linkedin_url) or ""
        if not url:
            raise ValidationError({"linkedin_url": _("This is not a LinkedIn profile address (https://www.linkedin.com/in/...).")})
    return clean_emails, clean_phones, url


@transaction.atomic
def person_upsert(
    *,
    tenant: Tenant,
    actor,
    first_name: str = "",
    last_name: str = "",
    emails: list[str] | None = None,
    phones: list[str] | None = None,
    linkedin_url: str = "",
    company_name: str = "",
    siren: str = "",
    position: str = "",
    source: str = Source.MANUAL,
    now: datetime | None = None,
) -> tuple[Person, bool]:
    """Find the person (e-mail, LinkedIn URL, name + company) or create them. Returns (person, created).

    Missing details are added to an existing person (a new e-mail, a phone, the position) but nothing
    known is overwritten. A person who objected and was erased is refused (ValidationError).
    """
    now = now or timezone.now()
    first_name, last_name = (first_name or "").strip(), (last_name or "").strip()
    emails, phones, linkedin_url = clean_identity(emails=emails, phones=phones, linkedin_url=linkedin_url)
    if not (first_name or last_name or emails or linkedin_url):
        raise ValidationError({"last_name": _("Give at least a name, an e-mail or a LinkedIn profile.")})
    if person_is_suppressed(tenant=tenant, emails=emails, phones=phones, linkedin_url=linkedin_url):
        raise ValidationError(_("This person asked not to be contacted and was erased: they cannot be added again."))
    account = account_find_or_create(tenant=tenant, actor=actor, name=company_name, siren=siren)
    person, _reason = person_match(
        tenant=tenant, emails=emails, linkedin_url=linkedin_url, first_name=first_name, last_name=last_name, company_name=company_name
    )
    created = person is None
    if created:
        person = Person.unscoped.create(
            tenant=tenant,
            first_name=first_name,
            last_name=last_name,
            name_key=name_key(first_name, last_name),
            company_name=(company_name or "").strip(),
            company_key=company_key(company_name or ""),
            account=account,
            position=(position or "").strip(),
            linkedin_url=linkedin_url,
            source=source,
            collected_at=now,
            retention_until=retention_deadline(tenant=tenant, since=now),
        )
    else:
        fill = {}
        for field, value in (("first_name", first_name), ("last_name", last_name), ("position", (position or "").strip()),
                             ("company_name", (company_name or "").strip()), ("linkedin_url", linkedin_url)):
            if value and not getattr(person, field):
                fill[field] = value
        if account is not None and person.account_id is None:
            fill["account"] = account
        if fill:
            for field, value in fill.items():
                setattr(person, field, value)
            person.name_key = name_key(person.first_name, person.last_name)
            person.company_key = company_key(person.company_name)
            person.save()
    known_emails = set(PersonEmail.unscoped.filter(tenant=tenant, email__in=emails).values_list("email", flat=True))
    PersonEmail.unscoped.bulk_create([PersonEmail(tenant=tenant, person=person, email=e) for e in emails if e not in known_emails])
    known_phones = set(PersonPhone.unscoped.filter(tenant=tenant, person=person).values_list("number", flat=True))
    PersonPhone.unscoped.bulk_create([PersonPhone(tenant=tenant, person=person, number=p) for p in phones if p not in known_phones])
    return person, created


# --- Relationships ------------------------------------------------------------------------------------


def _actor_employee(tenant: Tenant, actor) -> Employee | None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    membership = Membership.unscoped.filter(tenant=tenant, user=actor, is_active=True).select_related("employee").first()
    return membership.employee if membership is not None else None


def _require_owner(tenant: Tenant, actor, relationship: Relationship) -> None:
    """Only the employee who owns a relationship changes it (managers and admins included: no)."""
    if relationship.tenant_id != tenant.pk:
        raise PermissionDenied
    employee = _actor_employee(tenant, actor)
    if employee is None or employee.pk != relationship.owner_id:
        raise PermissionDenied


def _validate_relationship_values(values: dict) -> dict:
    errors = {}
    if "strength" in values:
        try:
            values["strength"] = int(values["strength"])
        except (TypeError, ValueError):
            values["strength"] = 0
        if not 1 <= values["strength"] <= 5:
            errors["strength"] = _("The strength goes from 1 to 5.")
    if "kind" in values and values["kind"] not in RelationshipKind.values:
        errors["kind"] = _("Unknown kind of relationship.")
    if "visibility" in values and values["visibility"] not in Visibility.values:
        errors["visibility"] = _("Unknown visibility.")
    if "scope" in values and values["scope"] not in Scope.values:
        errors["scope"] = _("Unknown audience.")
    for text_field in ("context", "private_notes", "tags"):
        if text_field in values:
            values[text_field] = (values[text_field] or "").strip()
    if "tags" in values:
        values["tags"] = ", ".join(dict.fromkeys(t.strip() for t in values["tags"].split(",") if t.strip()))
    if errors:
        raise ValidationError(errors)
    return values


def relationship_defaults(*, tenant: Tenant, strength: int = 2, visibility: str | None = None, scope: str | None = None) -> dict:
    """The validated field values of a new relationship with the group's defaults (for bulk creation by imports)."""
    return _validate_relationship_values(
        dict(
            strength=strength,
            kind=RelationshipKind.OTHER,
            open_to_offer=False,
            exclusive=False,
            visibility=visibility or tenant.default_relationship_visibility,
            scope=scope or tenant.default_relationship_scope,
            tags="",
        )
    )


@transaction.atomic
def relationship_create(
    *,
    tenant: Tenant,
    actor,
    owner: Employee,
    person: Person,
    strength: int = 2,
    kind: str = RelationshipKind.OTHER,
    context: str = "",
    open_to_offer: bool = False,
    exclusive: bool = False,
    visibility: str | None = None,
    scope: str | None = None,
    private_notes: str = "",
    tags: str = "",
    contact_import=None,
    ledger: bool = True,
) -> tuple[Relationship, bool]:
    """The owner's relationship to ``person`` (created, or the existing one). Returns (relationship, created)."""
    if owner.tenant_id != tenant.pk or person.tenant_id != tenant.pk:
        raise ValidationError(_("This object does not belong to the group."))
    existing = Relationship.unscoped.filter(tenant=tenant, owner=owner, person=person).first()
    if existing is not None:
        return existing, False
    values = _validate_relationship_values(
        dict(
            strength=strength,
            kind=kind or RelationshipKind.OTHER,
            context=context,
            open_to_offer=bool(open_to_offer),
            exclusive=bool(exclusive),
            visibility=visibility or tenant.default_relationship_visibility,
            scope=scope or tenant.default_relationship_scope,
            private_notes=private_notes,
            tags=tags,
        )
    )
    relationship = Relationship.unscoped.create(tenant=tenant, owner=owner, person=person, contact_import=contact_import, **values)
    if ledger:
        ledger_record(
            tenant=tenant, actor=actor, verb=LedgerEntry.Verb.CREATE, relationship=relationship,
            data={"visibility": relationship.visibility, "scope": relationship.scope, "strength": relationship.strength},
        )
    return relationship, True


@transaction.atomic
def contact_quick_add(
    *,
    tenant: Tenant,
    actor,
    owner: Employee,
    first_name: str = "",
    last_name: str = "",
    company: str = "",
    siren: str = "",
    position: str = "",
    email: str = "",
    phone: str = "",
    linkedin_url: str = "",
    kind: str = RelationshipKind.OTHER,
    strength: int = 2,
    context: str = "",
    open_to_offer: bool = False,
    exclusive: bool = False,
    visibility: str | None = None,
    scope: str | None = None,
    private_notes: str = "",
    tags: str = "",
) -> tuple[Relationship, bool]:
    """Log a contact in one step: find or create the person (and account), then the owner's relationship."""
    person, _created = person_upsert(
        tenant=tenant, actor=actor, first_name=first_name, last_name=last_name, emails=[email], phones=[phone],
        linkedin_url=linkedin_url, company_name=company, siren=siren, position=position, source=Source.MANUAL,
    )
    return relationship_create(
        tenant=tenant, actor=actor, owner=owner, person=person, strength=strength, kind=kind, context=context,
        open_to_offer=open_to_offer, exclusive=exclusive, visibility=visibility, scope=scope,
        private_notes=private_notes, tags=tags,
    )


@transaction.atomic
def relationship_update(*, tenant: Tenant, actor, relationship: Relationship, **changes) -> Relationship:
    """The owner edits their relationship; a visibility or audience change is its own ledger entry."""
    _require_owner(tenant, actor, relationship)
    unknown = set(changes) - set(RELATIONSHIP_EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    values = _validate_relationship_values(dict(changes))
    changed = {k: v for k, v in values.items() if getattr(relationship, k) != v}
    if not changed:
        return relationship
    before = {k: getattr(relationship, k) for k in changed}
    for field, value in changed.items():
        setattr(relationship, field, value)
    relationship.save(update_fields=[*changed, "updated_at"])
    sharing = {k for k in changed if k in ("visibility", "scope", "exclusive")}
    if sharing:
        ledger_record(
            tenant=tenant, actor=actor, verb=LedgerEntry.Verb.VISIBILITY, relationship=relationship,
            data={k: {"from": before[k], "to": changed[k]} for k in sharing},
        )
    others = [k for k in changed if k not in sharing and k != "private_notes"]
    if others or "private_notes" in changed:
        # The private notes' content never enters the ledger: only the fact that they changed.
        ledger_record(
            tenant=tenant, actor=actor, verb=LedgerEntry.Verb.UPDATE, relationship=relationship,
            data={"fields": sorted(k for k in changed if k not in sharing)},
        )
    return relationship


@transaction.atomic
def relationship_bulk_update(
    *, tenant: Tenant, actor, owner: Employee, relationship_ids: list[int], **changes
) -> int:
    """The owner changes visibility/audience/strength/tags of several of their relationships at once."""
    count = 0
    for relationship in Relationship.unscoped.filter(tenant=tenant, owner=owner, pk__in=relationship_ids).select_related("person", "owner"):
        before = relationship.updated_at
        relationship_update(tenant=tenant, actor=actor, relationship=relationship, **changes)
        count += relationship.updated_at != before
    return count


@transaction.atomic
def relationship_delete(*, tenant: Tenant, actor, relationship: Relationship) -> None:
    _require_owner(tenant, actor, relationship)
    ledger_record(tenant=tenant, actor=actor, verb=LedgerEntry.Verb.DELETE, relationship=relationship)
    relationship.delete()


@transaction.atomic
def relationship_record_view(*, tenant: Tenant, actor, relationship: Relationship) -> None:
    """A colleague opened the details of someone else's relationship: the owner will see it."""
    viewer = _actor_employee(tenant, actor)
    if viewer is not None and viewer.pk == relationship.owner_id:
        return
    ledger_record(tenant=tenant, actor=actor, verb=LedgerEntry.Verb.VIEW, relationship=relationship)


def relationship_recent_views_window() -> timedelta:
    return timedelta(minutes=10)


# --- Pages helpers (C1): bulk tag/delete, introduction requests ----------------------------------------


@transaction.atomic
def relationship_bulk_add_tags(*, tenant: Tenant, actor, owner: Employee, relationship_ids: list[int], tags: str) -> int:
    """Add ``tags`` to each of the owner's relationships (existing tags kept). Returns how many changed."""
    count = 0
    for relationship in Relationship.unscoped.filter(tenant=tenant, owner=owner, pk__in=relationship_ids).select_related("person", "owner"):
        merged = ", ".join(filter(None, [relationship.tags, tags or ""]))
        before = relationship.updated_at
        relationship_update(tenant=tenant, actor=actor, relationship=relationship, tags=merged)
        count += relationship.updated_at != before
    return count


@transaction.atomic
def relationship_bulk_delete(*, tenant: Tenant, actor, owner: Employee, relationship_ids: list[int]) -> int:
    """Delete several of the owner's relationships (one DELETE ledger row each)."""
    count = 0
    for relationship in Relationship.unscoped.filter(tenant=tenant, owner=owner, pk__in=relationship_ids).select_related("person", "owner"):
        relationship_delete(tenant=tenant, actor=actor, relationship=relationship)
        count += 1
    return count


def intro_request_create(**kwargs):
    """Moved to contacts.intros.services (the introductions' package); kept here for older callers."""
    from contacts.intros.services import intro_request_create as create

    return create(**kwargs)


# --- Accounts (C3, API) -------------------------------------------------------------------------------

ACCOUNT_EDITABLE = ("name", "city", "is_target", "owner")


@transaction.atomic
def account_update(*, tenant: Tenant, actor, account: Account, **changes) -> Account:
    """Rename an account, set its city, mark it a target account or give it an owner (group data)."""
    unknown = set(changes) - set(ACCOUNT_EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    if account.tenant_id != tenant.pk:
        raise PermissionDenied
    if "name" in changes:
        changes["name"] = (changes["name"] or "").strip()
        if not changes["name"]:
            raise ValidationError({"name": _("Give the company's name.")})
    if "city" in changes:
        changes["city"] = (changes["city"] or "").strip()
    owner = changes.get("owner")
    if owner is not None and owner.tenant_id != tenant.pk:
        raise ValidationError({"owner": _("This object does not belong to the group.")})
    changed = {k: v for k, v in changes.items() if getattr(account, k) != v}
    if not changed:
        return account
    before = {k: (getattr(account, k).pk if k == "owner" and getattr(account, k) else getattr(account, k)) for k in changed}
    for field, value in changed.items():
        setattr(account, field, value)
    if "name" in changed:
        account.name_key = company_key(account.name) or account.name.lower()
    account.save()
    from bns.services.audit import audit_record

    after = {k: (v.pk if k == "owner" and v is not None else v) for k, v in changed.items()}
    audit_record(tenant=tenant, actor=actor, verb="contacts.account_update", obj=account,
                 data={k: {"from": before[k], "to": after[k]} for k in changed})
    return account
