"""Writes of coaching notes. Keyword-only, tenant and actor explicit, atomic, audited.

A note is written by a manager for an employee below them (the actor's employee must be in the coachee's manager
line), and only its author changes or deletes it. The follow-up is marked done by the author or by the coachee.
Audit rows carry ids only, never the note's text: the audit trail is read by admins, who must not read coaching.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from bns.models import Employee, Membership, Tenant
from bns.services.audit import audit_record
from bns.services.notifications import notification_send_to_employee
from networking.access import is_in_manager_line
from networking.models import CoachingNote

FOCUS_MAX = 200
ACTIONS_MAX = 4000
REMIND_BATCH = 1000
_UNSET = object()


def _actor_employee(tenant: Tenant, actor) -> Employee | None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    membership = Membership.unscoped.filter(tenant=tenant, user=actor, is_active=True).select_related("employee").first()
    return membership.employee if membership is not None else None


def _check_tenant(tenant: Tenant, *objects) -> None:
    if any(obj.tenant_id != tenant.pk for obj in objects):
        raise PermissionDenied


def _clean_focus(focus) -> str:
    focus = (focus or "").strip()
    if not focus:
        raise ValidationError({"focus": _("Say what the coaching is about (for example: the LinkedIn headline).")})
    if len(focus) > FOCUS_MAX:
        raise ValidationError({"focus": _("At most %(n)s characters.") % {"n": FOCUS_MAX}})
    return focus


def _clean_actions(actions) -> str:
    actions = (actions or "").strip()
    if len(actions) > ACTIONS_MAX:
        raise ValidationError({"actions_agreed": _("At most %(n)s characters.") % {"n": ACTIONS_MAX}})
    return actions


def _clean_follow_up(follow_up_on) -> date | None:
    if follow_up_on in (None, ""):
        return None
    if isinstance(follow_up_on, datetime) or not isinstance(follow_up_on, date):
        raise ValidationError({"follow_up_on": _("Enter a valid date.")})
    if follow_up_on < timezone.localdate():
        raise ValidationError({"follow_up_on": _("The follow-up date cannot be in the past.")})
    return follow_up_on


def _locked(tenant: Tenant, note: CoachingNote) -> CoachingNote:
    _check_tenant(tenant, note)
    locked = CoachingNote.unscoped.select_for_update().filter(tenant=tenant, pk=note.pk).first()
    if locked is None:
        raise ValidationError(_("This coaching note no longer exists."))
    return locked


def _audit(tenant: Tenant, actor, verb: str, note: CoachingNote, **data) -> None:
    audit_record(tenant=tenant, actor=actor, verb=verb, obj=note,
                 data={"employee": note.employee_id, "author": note.author_id, **data})


def _notify_coachee(tenant: Tenant, note: CoachingNote) -> None:
    """Seed 001: nothing is held about an employee behind their back. They are told a note was written."""
    with translation.override(tenant.locale or settings.LANGUAGE_CODE):
        title = _("%(author)s wrote a coaching note with you") % {"author": note.author.full_name}
        body = _("Focus: %(focus)s. Only you and your manager line can read it.") % {"focus": note.focus}
    notification_send_to_employee(
        tenant=tenant, employee=note.employee, key=f"coaching-note:{note.pk}", verb="coaching_note", title=title, body=body,
        url=reverse("networking_coaching_mine", kwargs={"tenant_slug": tenant.slug}),
    )


@transaction.atomic
def coaching_note_create(
    *, tenant: Tenant, actor, employee: Employee, focus: str, actions_agreed: str = "", follow_up_on: date | None = None
) -> CoachingNote:
    """A manager writes a note for an employee below them; the employee is told (bell, once)."""
    _check_tenant(tenant, employee)
    author = _actor_employee(tenant, actor)
    if author is None:
        raise ValidationError(_("Only a member with an employee record can write coaching notes."))
    if not is_in_manager_line(tenant=tenant, viewer=author, employee=employee):
        raise ValidationError({"employee": _("You can write coaching notes only for the employees below you.")})
    note = CoachingNote.unscoped.create(
        tenant=tenant, employee=employee, author=author, focus=_clean_focus(focus), actions_agreed=_clean_actions(actions_agreed),
        follow_up_on=_clean_follow_up(follow_up_on),
    )
    _audit(tenant, actor, "networking.coaching_note_created", note)
    _notify_coachee(tenant, note)
    return note


@transaction.atomic
def coaching_note_update(
    *, tenant: Tenant, actor, note: CoachingNote, focus=_UNSET, actions_agreed=_UNSET, follow_up_on=_UNSET
) -> CoachingNote:
    """The author changes their note. A new follow-up date starts a new follow-up (not done, not reminded)."""
    note = _locked(tenant, note)
    author = _actor_employee(tenant, actor)
    if author is None or author.pk != note.author_id:
        raise PermissionDenied(_("Only the author changes a coaching note."))
    changed = []
    if focus is not _UNSET:
        note.focus = _clean_focus(focus)
        changed.append("focus")
    if actions_agreed is not _UNSET:
        note.actions_agreed = _clean_actions(actions_agreed)
        changed.append("actions_agreed")
    if follow_up_on is not _UNSET and (follow_up_on or None) != note.follow_up_on:
        note.follow_up_on = _clean_follow_up(follow_up_on)
        note.follow_up_done_at = None
        note.reminded_at = None
        changed += ["follow_up_on", "follow_up_done_at", "reminded_at"]
    if changed:
        note.save(update_fields=[*changed, "updated_at"])
        _audit(tenant, actor, "networking.coaching_note_updated", note, fields=sorted(set(changed) - {"reminded_at"}))
    return note


@transaction.atomic
def coaching_follow_up_done(*, tenant: Tenant, actor, note: CoachingNote) -> CoachingNote:
    """The author or the coachee marks the follow-up done (again: nothing changes)."""
    note = _locked(tenant, note)
    who = _actor_employee(tenant, actor)
    if who is None or who.pk not in (note.author_id, note.employee_id):
        raise PermissionDenied(_("Only the author or the employee coached marks the follow-up done."))
    if note.follow_up_on is None:
        raise ValidationError(_("This note has no follow-up date."))
    if note.follow_up_done_at is None:
        note.follow_up_done_at = timezone.now()
        note.save(update_fields=["follow_up_done_at", "updated_at"])
        _audit(tenant, actor, "networking.coaching_follow_up_done", note)
    return note


@transaction.atomic
def coaching_note_delete(*, tenant: Tenant, actor, note: CoachingNote) -> None:
    note = _locked(tenant, note)
    author = _actor_employee(tenant, actor)
    if author is None or author.pk != note.author_id:
        raise PermissionDenied(_("Only the author deletes a coaching note."))
    _audit(tenant, actor, "networking.coaching_note_deleted", note)
    note.delete()


# --- The daily reminder ---------------------------------------------------------------------------------


def coaching_follow_ups_remind(*, tenant: Tenant, today: date | None = None) -> int:
    """Remind each author once of their follow-ups due today or overdue and not done. Idempotent: ``reminded_at``
    marks the note, and the notification's key (note and date) is sent at most once."""
    today = today or timezone.localdate()
    with transaction.atomic():
        notes = list(
            CoachingNote.unscoped.select_for_update()
            .filter(tenant=tenant, follow_up_on__isnull=False, follow_up_on__lte=today, follow_up_done_at__isnull=True,
                    reminded_at__isnull=True)
            .order_by("follow_up_on", "pk")[:REMIND_BATCH]
        )
        if not notes:
            return 0
        CoachingNote.unscoped.filter(pk__in=[n.pk for n in notes]).update(reminded_at=timezone.now())
        employees = {e.pk: e for e in Employee.unscoped.filter(tenant=tenant, pk__in={n.employee_id for n in notes} | {
            n.author_id for n in notes})}
        with translation.override(tenant.locale or settings.LANGUAGE_CODE):
            for note in notes:
                coachee = employees.get(note.employee_id)
                name = coachee.full_name if coachee else ""
                if note.follow_up_on < today:
                    title = _("Coaching follow-up overdue with %(name)s") % {"name": name}
                else:
                    title = _("Coaching follow-up due today with %(name)s") % {"name": name}
                body = _("Focus: %(focus)s. Planned for %(date)s.") % {"focus": note.focus, "date": formats.date_format(note.follow_up_on, "SHORT_DATE_FORMAT")}
                notification_send_to_employee(
                    tenant=tenant, employee=employees.get(note.author_id), key=f"coaching-follow-up:{note.pk}:{note.follow_up_on}",
                    verb="coaching_follow_up", title=title, body=body,
                    url=reverse("networking_coaching_employee", kwargs={"tenant_slug": tenant.slug, "pk": note.employee_id}),
                )
        return len(notes)
