"""Writes of the conviction pulse (seed 001). Keyword-only, tenant and actor explicit, atomic.

Managing a pulse (create, change a draft, open, close) needs Perm.MANAGE_PULSE and is in the audit trail.
Answering is deliberately NOT: no audit row, no ledger entry, no notification, no log line says who answered,
when, or what. The answer and the participation are written in one transaction with no link between them
(see networking/models/pulse.py), and closing rewrites the answers with new random keys in a random order.
"""

from __future__ import annotations

import random
import uuid
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bns.access import membership_of_actor
from bns.models import Department, Membership, Site, Tenant
from bns.permissions import Perm
from bns.services.audit import audit_record
from networking.models import OfferedOwnCircle, Pulse, PulseAnswer, PulseParticipation
from networking.pulse import selectors

TITLE_MAX = 200
COMMENT_MAX = 2_000
EDITABLE = ("title", "opens_on", "closes_on", "audience_site_ids", "audience_department_ids")


def _manager(tenant: Tenant, actor) -> Membership:
    membership = membership_of_actor(tenant=tenant, actor=actor)
    if not membership.has_perm(Perm.MANAGE_PULSE):
        raise PermissionDenied
    return membership


def _check_pulse(tenant: Tenant, pulse: Pulse) -> None:
    if pulse.tenant_id != tenant.pk:
        raise PermissionDenied


def _locked(tenant: Tenant, pulse: Pulse) -> Pulse:
    """The pulse row, locked: opening, closing and answering one pulse never interleave."""
    _check_pulse(tenant, pulse)
    return Pulse.unscoped.select_for_update().get(tenant=tenant, pk=pulse.pk)


def _ids(tenant: Tenant, values, model, field: str, message: str, errors: dict) -> list[int]:
    """The ids as a clean list; each must be one of the group's own rows (another group's: refused like a missing one)."""
    if values is None:
        return []
    ids: list[int] = []
    for value in values:
        pk = getattr(value, "pk", value)
        if isinstance(pk, bool) or not isinstance(pk, int) or not 0 < pk < 2**31:
            errors[field] = message
            return []
        if pk not in ids:
            ids.append(pk)
    if ids and model.unscoped.filter(tenant=tenant, pk__in=ids).count() != len(ids):
        errors[field] = message
        return []
    return sorted(ids)


def _clean(tenant: Tenant, values: dict) -> dict:
    """Validate the editable fields present in ``values``; raises ValidationError naming the fields."""
    errors: dict[str, str] = {}
    out = dict(values)
    if "title" in values:
        title = " ".join(str(values["title"] or "").replace("\x00", "").split())
        if not title:
            errors["title"] = _("Give the pulse a title.")
        elif len(title) > TITLE_MAX:
            errors["title"] = _("At most %(n)s characters.") % {"n": TITLE_MAX}
        out["title"] = title
    for name in ("opens_on", "closes_on"):
        if name in values and not isinstance(values[name], date):
            errors[name] = _("Enter a valid date.")
    if "audience_site_ids" in values:
        out["audience_site_ids"] = _ids(tenant, values["audience_site_ids"], Site, "audience_site_ids",
                                        _("Choose dealerships of the group."), errors)
    if "audience_department_ids" in values:
        out["audience_department_ids"] = _ids(tenant, values["audience_department_ids"], Department, "audience_department_ids",
                                              _("Choose departments of the group."), errors)
    if errors:
        raise ValidationError(errors)
    return out


def _check_dates(opens_on: date, closes_on: date) -> None:
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("The pulse must close on or after the day it opens.")})


def _audience_size(tenant: Tenant, pulse: Pulse) -> int:
    return selectors.audience_employees(
        tenant=tenant, site_ids=selectors.clean_ids(pulse.audience_site_ids),
        department_ids=selectors.clean_ids(pulse.audience_department_ids),
    ).count()


def _notify_after_commit(tenant: Tenant, pulse: Pulse) -> None:
    from networking.pulse.tasks import pulse_notify_audience

    pulse_id, tenant_id = pulse.pk, tenant.pk
    transaction.on_commit(lambda: pulse_notify_audience.delay(pulse_id, tenant_id))


@transaction.atomic
def pulse_create(
    *, tenant: Tenant, actor, title: str, opens_on: date, closes_on: date, audience_site_ids=None,
    audience_department_ids=None, open_now: bool = False,
) -> Pulse:
    """A new pulse, as a draft or opened right away; its audience size is counted now (and again on opening)."""
    _manager(tenant, actor)
    values = _clean(tenant, {"title": title, "opens_on": opens_on, "closes_on": closes_on,
                             "audience_site_ids": audience_site_ids or [], "audience_department_ids": audience_department_ids or []})
    _check_dates(values["opens_on"], values["closes_on"])
    if open_now and values["closes_on"] < timezone.localdate():
        raise ValidationError({"closes_on": _("This pulse would already be over: choose a closing date from today on.")})
    pulse = Pulse(tenant=tenant, created_by=actor if getattr(actor, "is_authenticated", False) else None,
                  status=Pulse.Status.OPEN if open_now else Pulse.Status.DRAFT, **values)
    pulse.audience_size = _audience_size(tenant, pulse)
    pulse.save()
    audit_record(tenant=tenant, actor=actor, verb="pulse_create", obj=pulse,
                 data={"status": pulse.status, "audience_size": pulse.audience_size})
    if open_now:
        _notify_after_commit(tenant, pulse)
    return pulse


@transaction.atomic
def pulse_update(*, tenant: Tenant, actor, pulse: Pulse, **values) -> Pulse:
    """Change a draft (title, dates, audience); an open or closed pulse no longer changes."""
    _manager(tenant, actor)
    pulse = _locked(tenant, pulse)
    if pulse.status != Pulse.Status.DRAFT:
        raise ValidationError(_("Only a draft pulse can be changed: this one is already %(status)s.") % {
            "status": pulse.get_status_display()})
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    values = _clean(tenant, values)
    _check_dates(values.get("opens_on", pulse.opens_on), values.get("closes_on", pulse.closes_on))
    changed = [name for name, value in values.items() if getattr(pulse, name) != value]
    for name in changed:
        setattr(pulse, name, values[name])
    pulse.audience_size = _audience_size(tenant, pulse)
    pulse.save()
    if changed:
        audit_record(tenant=tenant, actor=actor, verb="pulse_update", obj=pulse, data={"fields": sorted(changed)})
    return pulse


@transaction.atomic
def pulse_open(*, tenant: Tenant, actor, pulse: Pulse) -> Pulse:
    """Open a draft: its audience is counted again and told (once each, after commit)."""
    _manager(tenant, actor)
    pulse = _locked(tenant, pulse)
    if pulse.status != Pulse.Status.DRAFT:
        raise ValidationError(_("Only a draft pulse can be opened: this one is already %(status)s.") % {
            "status": pulse.get_status_display()})
    if pulse.closes_on < timezone.localdate():
        raise ValidationError(_("This pulse's closing date is past: change its dates before opening it."))
    pulse.status = Pulse.Status.OPEN
    pulse.audience_size = _audience_size(tenant, pulse)
    pulse.save(update_fields=["status", "audience_size"])
    audit_record(tenant=tenant, actor=actor, verb="pulse_open", obj=pulse, data={"audience_size": pulse.audience_size})
    _notify_after_commit(tenant, pulse)
    return pulse


def _shuffle_answers(tenant: Tenant, pulse: Pulse) -> int:
    """Rewrite the pulse's answers with new random keys, in a random order: even the rows' physical order (or an
    insertion counter such as SQLite's rowid) no longer follows the order of answering."""
    fields = ("offered_own_circle", "pride", "recommend_products", "recommend_employer", "comment")
    rows = list(PulseAnswer.unscoped.filter(tenant=tenant, pulse=pulse).values_list(*fields))
    random.SystemRandom().shuffle(rows)
    PulseAnswer.unscoped.filter(tenant=tenant, pulse=pulse).delete()
    PulseAnswer.unscoped.bulk_create(
        [PulseAnswer(id=uuid.uuid4(), tenant=tenant, pulse=pulse, **dict(zip(fields, row, strict=True))) for row in rows],
        batch_size=500,
    )
    return len(rows)


def _close(tenant: Tenant, actor, pulse: Pulse) -> Pulse:
    pulse.status = Pulse.Status.CLOSED
    pulse.closed_at = timezone.now()
    pulse.save(update_fields=["status", "closed_at"])
    _shuffle_answers(tenant, pulse)
    audit_record(tenant=tenant, actor=actor, verb="pulse_close", obj=pulse, data={})
    return pulse


@transaction.atomic
def pulse_close(*, tenant: Tenant, actor, pulse: Pulse) -> Pulse:
    """Close an open pulse: no more answers; results appear if enough people answered."""
    _manager(tenant, actor)
    pulse = _locked(tenant, pulse)
    if pulse.status != Pulse.Status.OPEN:
        raise ValidationError(_("Only an open pulse can be closed: this one is %(status)s.") % {"status": pulse.get_status_display()})
    return _close(tenant, actor, pulse)


def pulses_close_due(*, tenant: Tenant, today: date | None = None) -> int:
    """Close the open pulses whose closing date is past (the nightly task); each in its own transaction."""
    today = today or timezone.localdate()
    closed = 0
    due = Pulse.unscoped.filter(tenant=tenant, status=Pulse.Status.OPEN, closes_on__lt=today).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            pulse = Pulse.unscoped.select_for_update().filter(tenant=tenant, pk=pk, status=Pulse.Status.OPEN).first()
            if pulse is not None:
                _close(tenant, None, pulse)
                closed += 1
    return closed


def _score(value, low: int, high: int, field: str, errors: dict) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        errors[field] = _("Choose a value from %(low)s to %(high)s.") % {"low": low, "high": high}
        return None
    return value


@transaction.atomic
def pulse_answer_submit(
    *, tenant: Tenant, actor, pulse: Pulse, offered_own_circle: str, pride: int, recommend_products: int,
    recommend_employer: int, comment: str = "",
) -> None:
    """Record the actor's anonymous answer, once. Returns nothing: there is nothing to tie back to the person.

    Two rows in one transaction: the participation (this employee answered; unique) and the answer (no person,
    no time, a random key). Nothing else is written: no audit row, no ledger entry, no notification.
    """
    membership = membership_of_actor(tenant=tenant, actor=actor)
    if not membership.has_perm(Perm.USE_NETWORKING):
        raise PermissionDenied
    employee = membership.employee
    if employee is None:
        raise ValidationError(_("Only employees of the group answer the pulse, and no employee record is linked to your account."))
    errors: dict[str, str] = {}
    if offered_own_circle not in OfferedOwnCircle.values:
        errors["offered_own_circle"] = _("Choose one of the three answers.")
    values = {
        "pride": _score(pride, 1, 5, "pride", errors),
        "recommend_products": _score(recommend_products, 0, 10, "recommend_products", errors),
        "recommend_employer": _score(recommend_employer, 0, 10, "recommend_employer", errors),
    }
    comment = str(comment or "").replace("\x00", "").strip()
    if len(comment) > COMMENT_MAX:
        errors["comment"] = _("At most %(n)s characters.") % {"n": COMMENT_MAX}
    if errors:
        raise ValidationError(errors)
    pulse = _locked(tenant, pulse)
    today = timezone.localdate()
    if pulse.status != Pulse.Status.OPEN or not pulse.opens_on <= today <= pulse.closes_on:
        raise ValidationError(_("This pulse is not open for answers."))
    if not selectors.employee_in_audience(pulse=pulse, employee=employee):
        raise ValidationError(_("You are not among the employees asked for this pulse."))
    already = _("You have already answered this pulse: one answer per person, and it cannot be changed.")
    if PulseParticipation.unscoped.filter(tenant=tenant, pulse=pulse, employee=employee).exists():
        raise ValidationError(already)
    try:
        with transaction.atomic():  # a second answer sent at the same moment hits the unique constraint
            PulseParticipation.unscoped.create(tenant=tenant, pulse=pulse, employee=employee)
    except IntegrityError:
        raise ValidationError(already) from None
    PulseAnswer.unscoped.create(tenant=tenant, pulse=pulse, offered_own_circle=offered_own_circle, comment=comment, **values)
