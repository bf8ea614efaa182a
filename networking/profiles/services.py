"""Writes of social profiles: keyword-only, tenant and actor explicit, atomic, audited in the same transaction.

Who may write (networking.profiles.access): the employee for their own profiles, administrators (Perm.MANAGE_ORG)
to correct them; the manager line reads only. Every write validates the address for its platform (validators.py,
stored in its canonical form) and recomputes the stored completeness (checklists.py).
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bns.access import membership_of_actor
from bns.models import Employee, Tenant
from bns.services.audit import audit_record
from networking.models import Platform, SocialProfile
from networking.profiles.access import profile_can_edit
from networking.profiles.checklists import checklist_codes, checklist_normalize, completeness_compute
from networking.profiles.validators import profile_url_normalize

POSITIONING_MAX = 500
AUDIENCE_MAX = 2_147_483_647
EDITABLE = ("url", "audience_size", "checked_on", "checklist", "positioning")


def _deny() -> PermissionDenied:
    return PermissionDenied(_("Only the employee, or an administrator, may change these social profiles."))


def _validate(platform: str, values: dict, errors: dict, *, current_checklist: dict | None = None) -> None:
    """Check and clean ``values`` in place (only the keys present); errors by field."""
    if "url" in values:
        try:
            values["url"] = profile_url_normalize(platform, values["url"])
        except ValidationError as exc:
            errors["url"] = exc.messages
    if "audience_size" in values:
        size = values["audience_size"]
        if size is not None and (isinstance(size, bool) or not isinstance(size, int) or not 0 <= size <= AUDIENCE_MAX):
            errors["audience_size"] = _("The audience is a whole number of followers or connections, 0 or more.")
    if "checked_on" in values:
        day = values["checked_on"]
        if isinstance(day, datetime):
            day = values["checked_on"] = day.date()
        if day is not None and not isinstance(day, date):
            errors["checked_on"] = _("Give a date.")
        elif day is not None and day > timezone.localdate():
            errors["checked_on"] = _("The date checked cannot be in the future.")
    if "positioning" in values:
        text = str(values["positioning"] or "").replace("\x00", "").strip()
        if len(text) > POSITIONING_MAX:
            errors["positioning"] = _("At most %(n)s characters.") % {"n": POSITIONING_MAX}
        values["positioning"] = text
    if "checklist" in values:
        _validate_checklist(platform, values, errors, current_checklist)


def _validate_checklist(platform: str, values: dict, errors: dict, current: dict | None) -> None:
    given = values["checklist"]
    if given is None:
        given = {}
    if not isinstance(given, dict):
        errors["checklist"] = _("The checklist maps item codes to true or false.")
        return
    codes = checklist_codes(platform)
    unknown = sorted(str(code) for code in given if code not in codes)
    if unknown:
        errors["checklist"] = _("Unknown items for %(platform)s: %(unknown)s. Expected: %(codes)s.") % {
            "platform": Platform(platform).label, "unknown": ", ".join(unknown)[:300], "codes": ", ".join(codes)}
        return
    if any(not isinstance(value, bool) for value in given.values()):
        errors["checklist"] = _("The checklist maps item codes to true or false.")
        return
    # Items left out keep their value: ticking one box sends one item.
    values["checklist"] = checklist_normalize(platform, {**(current or {}), **given})


def _changes(profile: SocialProfile, values: dict) -> dict:
    """What changes, as the audit trail shows it (the positioning statement only says it changed)."""
    out: dict = {}
    for name, value in values.items():
        old = getattr(profile, name)
        if old == value:
            continue
        if name == "positioning":
            out[name] = "changed"
        elif name == "checklist":
            old = old if isinstance(old, dict) else {}
            ticked = sorted(code for code, done in value.items() if done and old.get(code) is not True)
            unticked = sorted(code for code, done in value.items() if not done and old.get(code) is True)
            if ticked or unticked:
                out.update(ticked=ticked, unticked=unticked)
        elif isinstance(value, date) or isinstance(old, date):
            out[name] = {"from": old.isoformat() if old else None, "to": value.isoformat() if value else None}
        else:
            out[name] = {"from": old, "to": value}
    return out


def _duplicate_error(employee: Employee, platform: str) -> ValidationError:
    return ValidationError({"platform": _("%(name)s already has a profile on %(platform)s: edit that one instead.") % {
        "name": employee.full_name, "platform": Platform(platform).label}})


@transaction.atomic
def social_profile_create(*, tenant: Tenant, actor, employee: Employee, platform: str, url: str,
                          audience_size: int | None = None, checked_on: date | None = None, checklist: dict | None = None,
                          positioning: str = "") -> SocialProfile:
    """Record an employee's profile on a platform (one per employee and platform)."""
    membership = membership_of_actor(tenant=tenant, actor=actor)
    if not isinstance(employee, Employee) or employee.tenant_id != tenant.pk:
        raise ValidationError({"employee": _("Choose an employee of the group.")})
    if not profile_can_edit(membership, employee.pk):
        raise _deny()
    if platform not in Platform.values:
        raise ValidationError({"platform": _("Choose a platform: LinkedIn, Facebook, Instagram, X, YouTube or TikTok.")})
    values = {"url": url, "audience_size": audience_size, "checked_on": checked_on, "checklist": checklist or {},
              "positioning": positioning}
    errors: dict = {}
    _validate(platform, values, errors)
    if SocialProfile.unscoped.filter(tenant=tenant, employee=employee, platform=platform).exists():
        errors.setdefault("platform", _duplicate_error(employee, platform).message_dict["platform"])
    if errors:
        raise ValidationError(errors)
    profile = SocialProfile(tenant=tenant, employee=employee, platform=platform, **values)
    profile.completeness = completeness_compute(platform=platform, checklist=profile.checklist, positioning=profile.positioning)
    try:
        with transaction.atomic():  # a concurrent twin loses on the unique constraint: same message, no 500
            profile.save()
    except IntegrityError:
        raise _duplicate_error(employee, platform) from None
    audit_record(tenant=tenant, actor=actor, verb="social_profile.create", obj=profile, data={
        "employee": employee.pk, "platform": platform, "url": profile.url, "completeness": profile.completeness})
    return profile


@transaction.atomic
def social_profile_update(*, tenant: Tenant, actor, profile: SocialProfile, **changes) -> SocialProfile:
    """Change the address, audience, date checked, checklist (items sent are set, the others kept) or positioning."""
    membership = membership_of_actor(tenant=tenant, actor=actor)
    if profile.tenant_id != tenant.pk:
        raise PermissionDenied
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    profile = SocialProfile.unscoped.select_for_update(of=("self",)).select_related("employee").get(tenant=tenant, pk=profile.pk)
    if not profile_can_edit(membership, profile.employee_id):
        raise _deny()
    values, errors = dict(changes), {}
    _validate(profile.platform, values, errors, current_checklist=checklist_normalize(profile.platform, profile.checklist))
    if errors:
        raise ValidationError(errors)
    changed = _changes(profile, values)
    for name, value in values.items():
        setattr(profile, name, value)
    completeness = completeness_compute(platform=profile.platform, checklist=profile.checklist, positioning=profile.positioning)
    if completeness != profile.completeness:
        changed["completeness"] = {"from": profile.completeness, "to": completeness}
        profile.completeness = completeness
    if not changed:
        return profile
    profile.save()
    audit_record(tenant=tenant, actor=actor, verb="social_profile.update", obj=profile,
                 data={"employee": profile.employee_id, "platform": profile.platform, **changed})
    return profile


@transaction.atomic
def social_profile_delete(*, tenant: Tenant, actor, profile: SocialProfile) -> None:
    membership = membership_of_actor(tenant=tenant, actor=actor)
    if profile.tenant_id != tenant.pk:
        raise PermissionDenied
    profile = SocialProfile.unscoped.select_for_update().get(tenant=tenant, pk=profile.pk)
    if not profile_can_edit(membership, profile.employee_id):
        raise _deny()
    audit_record(tenant=tenant, actor=actor, verb="social_profile.delete", obj=profile,
                 data={"employee": profile.employee_id, "platform": profile.platform, "url": profile.url})
    profile.delete()
