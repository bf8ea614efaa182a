"""Writes of affiliations (schools, clubs, associations, former employers) and of who carries them.

Matching is by the shared Affiliation record: creating one first looks for the same folded name (same kind), then
for similar names, offered back as suggestions ("did you mean ESC Rennes School of Business?") unless the caller
confirms a new one. Duplicates that slipped through are merged by an organisation manager (Perm.MANAGE_ORG).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from bns.models import Employee, Tenant
from bns.permissions import Perm
from bns.services.audit import audit_record
from contacts.models import Person
from contacts.plans.access import actor_membership, person_details_visible
from contacts.plans.affiliation_selectors import affiliation_key, affiliation_similar
from contacts.plans.models import Affiliation, EmployeeAffiliation, PersonAffiliation

NAME_MAX = 200
CITY_MAX = 120
DETAIL_MAX = 200


@dataclass
class AffiliationMatch:
    """What ``affiliation_find_or_create`` found: the affiliation (existing or created), or, when only similar
    names exist and no new one was confirmed, ``affiliation`` is None and ``suggestions`` lists them."""

    affiliation: Affiliation | None
    created: bool = False
    suggestions: list[Affiliation] = field(default_factory=list)


def _clean_text(value, max_length: int, field_name: str, errors: dict) -> str:
    value = " ".join(str(value or "").replace("\x00", "").split())
    if len(value) > max_length:
        errors[field_name] = _("At most %(n)s characters.") % {"n": max_length}
    return value


def _same_tenant(tenant: Tenant, *objs) -> None:
    for obj in objs:
        if obj is not None and obj.tenant_id != tenant.pk:
            raise PermissionDenied


@transaction.atomic
def affiliation_find_or_create(*, tenant: Tenant, actor, name: str, kind: str, city: str = "", confirm_new: bool = False
                               ) -> AffiliationMatch:
    """The affiliation of this kind with the same folded name; else similar ones as suggestions (unless
    ``confirm_new``); else a new one (audited). Any member using the contacts may create one."""
    actor_membership(tenant, actor)
    errors: dict = {}
    name = _clean_text(name, NAME_MAX, "name", errors)
    city = _clean_text(city, CITY_MAX, "city", errors)
    if not name:
        errors["name"] = _("Give the name of the school, club, association or company.")
    elif not affiliation_key(name):
        errors["name"] = _("The name needs at least one letter or digit.")
    if kind not in Affiliation.Kind.values:
        errors["kind"] = _("Choose the kind of affiliation: school, club, association, former employer or other.")
    if errors:
        raise ValidationError(errors)
    key = affiliation_key(name)
    existing = Affiliation.unscoped.filter(tenant=tenant, kind=kind, name_key=key).first()
    if existing is not None:
        return AffiliationMatch(existing)
    if not confirm_new:
        suggestions = affiliation_similar(tenant=tenant, name=name, kind=kind)
        if suggestions:
            return AffiliationMatch(None, suggestions=suggestions)
    try:
        with transaction.atomic():
            affiliation = Affiliation.unscoped.create(tenant=tenant, name=name, name_key=key, kind=kind, city=city)
    except IntegrityError:  # created by someone else meanwhile
        return AffiliationMatch(Affiliation.unscoped.get(tenant=tenant, kind=kind, name_key=key))
    audit_record(tenant=tenant, actor=actor, verb="affiliation.create", obj=affiliation, data={"name": name, "kind": kind})
    return AffiliationMatch(affiliation, created=True)


def _merge_links(model, tenant: Tenant, survivor: Affiliation, merged: Affiliation, holder: str) -> int:
    """Repoint ``merged``'s links to ``survivor``; a holder linked to both keeps one link (its detail kept)."""
    kept = {getattr(link, f"{holder}_id"): link for link in model.unscoped.filter(tenant=tenant, affiliation=survivor)}
    moved = 0
    for link in model.unscoped.filter(tenant=tenant, affiliation=merged).order_by("pk"):
        twin = kept.get(getattr(link, f"{holder}_id"))
        if twin is not None:
            if link.detail and not twin.detail:
                twin.detail = link.detail
                twin.save(update_fields=["detail"])
            link.delete()
        else:
            link.affiliation = survivor
            link.save(update_fields=["affiliation"])
            moved += 1
    return moved


@transaction.atomic
def affiliation_merge(*, tenant: Tenant, actor, survivor: Affiliation, merged: Affiliation) -> Affiliation:
    """Merge ``merged`` into ``survivor`` (organisation managers): employees' and persons' links move over, one
    link per employee or person; ``merged`` is deleted. Audited."""
    membership = actor_membership(tenant, actor)
    if not membership.has_perm(Perm.MANAGE_ORG):
        raise PermissionDenied
    _same_tenant(tenant, survivor, merged)
    if survivor.pk == merged.pk:
        raise ValidationError({"merged": _("Choose another affiliation: an affiliation cannot be merged into itself.")})
    locked = {a.pk: a for a in Affiliation.unscoped.select_for_update().filter(tenant=tenant, pk__in=[survivor.pk, merged.pk])}
    if len(locked) != 2:
        raise ValidationError({"merged": _("This affiliation no longer exists (merged or deleted meanwhile).")})
    survivor, merged = locked[survivor.pk], locked[merged.pk]
    employees = _merge_links(EmployeeAffiliation, tenant, survivor, merged, "employee")
    persons = _merge_links(PersonAffiliation, tenant, survivor, merged, "person")
    if not survivor.city and merged.city:
        survivor.city = merged.city
        survivor.save(update_fields=["city"])
    audit_record(
        tenant=tenant, actor=actor, verb="affiliation.merge", obj=survivor,
        data={"name": survivor.name, "merged": merged.name, "employees_moved": employees, "persons_moved": persons},
    )
    merged.delete()
    return survivor


# --- Employees ----------------------------------------------------------------------------------------


def _require_employee_editor(membership, employee: Employee) -> None:
    """An employee for themself, or an organisation manager for anyone."""
    if membership.employee_id == employee.pk or membership.has_perm(Perm.MANAGE_ORG):
        return
    raise PermissionDenied


@transaction.atomic
def employee_affiliation_add(*, tenant: Tenant, actor, employee: Employee, affiliation: Affiliation, detail: str = ""
                             ) -> tuple[EmployeeAffiliation, bool]:
    """Link an employee to an affiliation (idempotent: a second add only updates the detail)."""
    membership = actor_membership(tenant, actor)
    _same_tenant(tenant, employee, affiliation)
    _require_employee_editor(membership, employee)
    errors: dict = {}
    detail = _clean_text(detail, DETAIL_MAX, "detail", errors)
    if errors:
        raise ValidationError(errors)
    link, created = EmployeeAffiliation.unscoped.get_or_create(
        tenant=tenant, affiliation=affiliation, employee=employee, defaults={"detail": detail}
    )
    if not created and detail and detail != link.detail:
        link.detail = detail
        link.save(update_fields=["detail"])
    return link, created


@transaction.atomic
def employee_affiliation_remove(*, tenant: Tenant, actor, link: EmployeeAffiliation) -> None:
    membership = actor_membership(tenant, actor)
    _same_tenant(tenant, link)
    _require_employee_editor(membership, link.employee)
    link.delete()


# --- Persons ------------------------------------------------------------------------------------------


def _require_person_details(tenant: Tenant, membership, person: Person) -> None:
    """Only a member who may see the person's details gives them an affiliation (never through someone else's
    PRIVATE relationship); the refusal reads like a missing person."""
    if not person_details_visible(tenant=tenant, membership=membership, person=person):
        raise ValidationError({"person": _("Choose a person from your contacts or from those shared with you.")})


@transaction.atomic
def person_affiliation_add(*, tenant: Tenant, actor, person: Person, affiliation: Affiliation, detail: str = ""
                           ) -> tuple[PersonAffiliation, bool]:
    """Link a person to an affiliation (idempotent), by a member who may see the person's details."""
    membership = actor_membership(tenant, actor)
    _same_tenant(tenant, person, affiliation)
    _require_person_details(tenant, membership, person)
    errors: dict = {}
    detail = _clean_text(detail, DETAIL_MAX, "detail", errors)
    if errors:
        raise ValidationError(errors)
    link, created = PersonAffiliation.unscoped.get_or_create(
        tenant=tenant, affiliation=affiliation, person=person, defaults={"detail": detail}
    )
    if not created and detail and detail != link.detail:
        link.detail = detail
        link.save(update_fields=["detail"])
    return link, created


@transaction.atomic
def person_affiliation_remove(*, tenant: Tenant, actor, link: PersonAffiliation) -> None:
    membership = actor_membership(tenant, actor)
    _same_tenant(tenant, link)
    _require_person_details(tenant, membership, link.person)
    link.delete()
