"""Writes of step 7 (steering reviews) and step 8 (lessons learned).

Keyword-only, tenant and actor explicit, atomic, each change in the audit trail in the same transaction.

Reviews: only the programme's editors (Perm.MANAGE_PROGRAMME or the iteration's process owner; a closed iteration only
with Perm.MANAGE_PROGRAMME) record, change and delete them. Recording a review FREEZES the KPI values: each KPI of the
iteration gets a ReviewKpiValue row copying its name, unit, target and latest value measured on or before the review's
date (no value: a row saying so). Those copies never change afterwards: later values, a new target, a renamed or
deleted KPI leave a past review as it was. The new actions decided at the review are created through the means
services and linked to it.

Lessons: any member with an employee record writes lessons of the ACTIVE iteration (field feedback from the reps
counts); the programme's editors too (a closed iteration: only Perm.MANAGE_PROGRAMME). A lesson is changed or deleted
by its author (while the iteration runs) or by an editor.

The overdue reminder (``review_overdue_remind``, run nightly by tasks.py) tells the process owner once per due date.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bns.access import membership_of_actor
from bns.models import Employee, Membership, Tenant
from bns.permissions import Perm
from bns.programme.access import programme_can_edit, programme_require_edit
from bns.programme.means.services import programme_action_create
from bns.programme.models import STEP_NUMBERS, Lesson, Programme, ProgrammeAction, Review, ReviewKpiValue
from bns.programme.reviews.selectors import kpi_values_as_of, review_schedule
from bns.programme.strategy.validation import clean_date, clean_text
from bns.services.audit import audit_record
from bns.services.notifications import notification_send

NEW_ACTIONS_MAX = 5
REVIEW_EDITABLE = ("participants", "decisions", "notes")
LESSON_EDITABLE = ("step", "text")
TEXT_LIMITS = {"participants": 5_000, "decisions": 20_000, "notes": 20_000}
LESSON_TEXT_MAX = 5_000

AUDIT_VERB_LABELS = {
    "programme.review.record": gettext_lazy("Programme review recorded (KPI values frozen)"),
    "programme.review.update": gettext_lazy("Programme review changed"),
    "programme.review.delete": gettext_lazy("Programme review deleted"),
    "programme.review.remind": gettext_lazy("Overdue review reminder sent to the process owner"),
    "programme.lesson.create": gettext_lazy("Lesson learned added"),
    "programme.lesson.update": gettext_lazy("Lesson learned changed"),
    "programme.lesson.delete": gettext_lazy("Lesson learned deleted"),
}


def _check_tenant(tenant: Tenant, *objs) -> None:
    for obj in objs:
        if obj is not None and obj.tenant_id != tenant.pk:
            raise PermissionDenied


def _membership(tenant: Tenant, actor) -> Membership:
    membership = membership_of_actor(tenant=tenant, actor=actor)
    if not membership.has_perm(Perm.VIEW_PROGRAMME):
        raise PermissionDenied
    return membership


# --- Who may write what (the pages and the API ask the same questions) --------------------------------


def review_can_edit(*, membership: Membership, programme: Programme) -> bool:
    return programme_can_edit(membership=membership, programme=programme)


def lesson_can_write(*, membership: Membership, programme: Programme) -> bool:
    """Editors; and any member with an employee record while the iteration runs."""
    if programme_can_edit(membership=membership, programme=programme):
        return True
    return programme.status == Programme.Status.ACTIVE and bool(membership.employee_id) and membership.has_perm(Perm.VIEW_PROGRAMME)


def lesson_can_change(*, membership: Membership, lesson: Lesson, programme: Programme | None = None) -> bool:
    """Editors; and the lesson's author while the iteration runs."""
    programme = programme or lesson.programme
    if programme_can_edit(membership=membership, programme=programme):
        return True
    return (programme.status == Programme.Status.ACTIVE and bool(membership.employee_id)
            and lesson.author_id == membership.employee_id and membership.has_perm(Perm.VIEW_PROGRAMME))


# --- Reviews ------------------------------------------------------------------------------------------


def _clean_texts(values: dict, errors: dict) -> None:
    for name, limit in TEXT_LIMITS.items():
        clean_text(values, name, limit, errors)


def _clean_held_on(programme: Programme, values: dict, errors: dict, today: date) -> None:
    if values.get("held_on") in (None, ""):
        errors["held_on"] = _("Enter the date of the review.")
        return
    clean_date(values, "held_on", errors)
    if "held_on" in errors:
        return
    if values["held_on"] > today:
        errors["held_on"] = _("A review is recorded once held: the date cannot be in the future.")
    elif values["held_on"] < programme.starts_on:
        errors["held_on"] = _("The iteration starts on %(date)s: a review cannot be before.") % {
            "date": formats.date_format(programme.starts_on, "SHORT_DATE_FORMAT")}


def _clean_new_actions(tenant: Tenant, rows: Iterable[dict], errors: dict) -> list[dict]:
    """The new actions' rows (blank rows skipped): a title and a type each, an owner of the group, a deadline."""
    cleaned: list[dict] = []
    messages: list[str] = []
    for number, raw in enumerate(rows or [], start=1):
        if not isinstance(raw, dict):
            messages.append(_("New action %(n)s: give a title and a type.") % {"n": number})
            continue
        row = {"title": raw.get("title") or "", "kind": raw.get("kind") or "", "owner": raw.get("owner"),
               "deadline": raw.get("deadline")}
        row["title"] = " ".join(str(row["title"]).replace("\x00", "").split())
        if not row["title"] and not row["kind"] and row["owner"] is None and not row["deadline"]:
            continue
        if not row["title"]:
            messages.append(_("New action %(n)s: give it a title.") % {"n": number})
        elif len(row["title"]) > 200:
            messages.append(_("New action %(n)s: at most 200 characters in the title.") % {"n": number})
        if row["kind"] not in ProgrammeAction.Kind.values:
            messages.append(_("New action %(n)s: choose its type (training, tool, content, event, process or recruitment).")
                            % {"n": number})
        owner = row["owner"]
        if owner is not None and (not isinstance(owner, Employee) or owner.tenant_id != tenant.pk or not owner.is_active):
            messages.append(_("New action %(n)s: choose an active employee of the group as owner.") % {"n": number})
        date_errors: dict = {}
        clean_date(row, "deadline", date_errors)
        if date_errors:
            messages.append(_("New action %(n)s: enter a valid deadline.") % {"n": number})
        cleaned.append(row)
    if len(cleaned) > NEW_ACTIONS_MAX:
        messages.append(_("At most %(n)s new actions per review: add the others on the means page.") % {"n": NEW_ACTIONS_MAX})
    if messages:
        errors["new_actions"] = messages
    return cleaned


def _lock_programme(tenant: Tenant, programme: Programme) -> Programme:
    _check_tenant(tenant, programme)
    return Programme.unscoped.select_for_update().get(tenant=tenant, pk=programme.pk)


@transaction.atomic
def review_record(*, tenant: Tenant, actor, programme: Programme, held_on, participants: str = "", decisions: str = "",
                  notes: str = "", new_actions: Iterable[dict] = (), today: date | None = None) -> Review:
    """Record a held review: its texts, the KPI values frozen as of ``held_on`` and the new actions decided.

    ``new_actions``: up to 5 dicts {title, kind, owner (Employee or None), deadline (date or None)}; blank ones skipped.
    """
    programme = _lock_programme(tenant, programme)  # one recorder at a time, and not while the reminder runs
    membership = _membership(tenant, actor)
    programme_require_edit(membership=membership, programme=programme)
    today = today or timezone.localdate()
    values = {"held_on": held_on, "participants": participants, "decisions": decisions, "notes": notes}
    errors: dict = {}
    _clean_held_on(programme, values, errors, today)
    _clean_texts(values, errors)
    rows = _clean_new_actions(tenant, new_actions, errors)
    if errors:
        raise ValidationError(errors)
    review = Review.unscoped.create(tenant=tenant, programme=programme, created_by=actor, **values)
    frozen = [
        ReviewKpiValue(tenant=tenant, review=review, kpi=kpi, kpi_name=kpi.name, unit=kpi.unit, target=kpi.target,
                       value=kpi.value_as_of, value_on=kpi.value_on)
        for kpi in kpi_values_as_of(tenant=tenant, programme=programme, as_of=review.held_on)
    ]
    ReviewKpiValue.unscoped.bulk_create(frozen)
    action_ids = []
    for number, row in enumerate(rows, start=1):
        try:
            action = programme_action_create(tenant=tenant, actor=actor, programme=programme, title=row["title"], kind=row["kind"],
                                             owner=row["owner"], deadline=row["deadline"])
        except ValidationError as exc:
            raise ValidationError({"new_actions": [_("New action %(n)s: %(error)s") % {"n": number, "error": " ".join(exc.messages)}]}) from None
        action_ids.append(action.pk)
    if action_ids:  # the means services do not set the review: link the new actions here, in the same transaction
        ProgrammeAction.unscoped.filter(tenant=tenant, pk__in=action_ids).update(review=review)
    Programme.unscoped.filter(tenant=tenant, pk=programme.pk).update(review_reminder_due_on=None)
    audit_record(tenant=tenant, actor=actor, verb="programme.review.record", obj=review, data={
        "programme": programme.pk, "held_on": review.held_on.isoformat(), "kpi_values": len(frozen),
        "kpi_values_missing": sum(1 for row in frozen if row.value is None), "new_actions": action_ids,
    })
    return review


def _lock_review(tenant: Tenant, review: Review) -> Review:
    _check_tenant(tenant, review)
    return Review.unscoped.select_for_update(of=("self",)).select_related("programme").get(tenant=tenant, pk=review.pk)


@transaction.atomic
def review_update(*, tenant: Tenant, actor, review: Review, **changes) -> Review:
    """Change a review's participants, decisions or notes. The date and the frozen values never change."""
    unknown = set(changes) - set(REVIEW_EDITABLE)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %(fields)s. The date and the frozen KPI values of a review stay "
                                "as recorded.") % {"fields": ", ".join(sorted(unknown))})
    review = _lock_review(tenant, review)
    programme_require_edit(membership=_membership(tenant, actor), programme=review.programme)
    values = dict(changes)
    errors: dict = {}
    _clean_texts(values, errors)
    if errors:
        raise ValidationError(errors)
    changed = [name for name, value in values.items() if getattr(review, name) != value]
    if not changed:
        return review
    for name in changed:
        setattr(review, name, values[name])
    review.save(update_fields=changed)
    audit_record(tenant=tenant, actor=actor, verb="programme.review.update", obj=review, data={"changed": sorted(changed)})
    return review


@transaction.atomic
def review_delete(*, tenant: Tenant, actor, review: Review) -> int:
    """Delete a review and its frozen values; the actions decided at it stay, no longer linked. Returns how many."""
    review = _lock_review(tenant, review)
    programme_require_edit(membership=_membership(tenant, actor), programme=review.programme)
    unlinked = ProgrammeAction.unscoped.filter(tenant=tenant, review=review).update(review=None)
    audit_record(tenant=tenant, actor=actor, verb="programme.review.delete", obj=review, data={
        "programme": review.programme_id, "held_on": review.held_on.isoformat(), "actions_unlinked": unlinked})
    review.delete()
    return unlinked


# --- The overdue reminder -----------------------------------------------------------------------------


def review_overdue_remind(*, tenant: Tenant, today: date | None = None) -> int:
    """Tell the process owner of the active iteration that its review is overdue, once per due date (returns 0 or 1).

    Idempotent: ``Programme.review_reminder_due_on`` keeps the due date reminded of (the programme row is locked while
    deciding), and the notification's key (iteration and due date) is sent at most once. Recording a review resets
    it; the next due date is reminded again when it is overdue in turn. A process owner without a login has no bell
    nor e-mail: nothing is recorded, they are reminded once given one."""
    today = today or timezone.localdate()
    with transaction.atomic():
        programme = (Programme.unscoped.select_for_update().filter(tenant=tenant, status=Programme.Status.ACTIVE)
                     .order_by("pk").first())
        if programme is None or programme.process_owner_id is None:
            return 0
        schedule = review_schedule(tenant=tenant, programme=programme, today=today)
        if not schedule.overdue or programme.review_reminder_due_on == schedule.next_due_on:
            return 0
        membership = (Membership.unscoped.filter(tenant=tenant, employee_id=programme.process_owner_id, is_active=True)
                      .select_related("user").order_by("pk").first())
        if membership is None:
            return 0
        with translation.override(tenant.locale or settings.LANGUAGE_CODE):
            due = formats.date_format(schedule.next_due_on, "SHORT_DATE_FORMAT")
            title = _("The steering review of “%(title)s” is overdue") % {"title": programme.title}
            body = _("The next review was due on %(date)s (%(days)s days ago; one review every %(cadence)s days). Gather the "
                     "executive committee, look at the KPIs and record the review with its decisions and new actions.") % {
                "date": due, "days": schedule.days_overdue, "cadence": schedule.cadence_days}
        notification_send(
            tenant=tenant, recipient=membership.user, key=f"programme-review-overdue:{programme.pk}:{schedule.next_due_on.isoformat()}",
            verb="programme_review_overdue", title=title, body=body,
            url=reverse("programme_reviews", kwargs={"tenant_slug": tenant.slug}),
        )
        Programme.unscoped.filter(tenant=tenant, pk=programme.pk).update(review_reminder_due_on=schedule.next_due_on)
        audit_record(tenant=tenant, actor=None, verb="programme.review.remind", obj=programme, data={
            "due_on": schedule.next_due_on.isoformat(), "days_overdue": schedule.days_overdue, "recipient": membership.user_id})
        return 1


# --- Lessons ------------------------------------------------------------------------------------------


def _validate_lesson(values: dict) -> dict:
    errors: dict = {}
    if "step" in values:
        try:
            step = int(values["step"])
        except (TypeError, ValueError):
            step = 0
        if step not in STEP_NUMBERS:
            errors["step"] = _("Tag the lesson with a step of the programme, 1 to 8.")
        else:
            values["step"] = step
    clean_text(values, "text", LESSON_TEXT_MAX, errors, required=True)
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def lesson_create(*, tenant: Tenant, actor, programme: Programme, step, text: str) -> Lesson:
    _check_tenant(tenant, programme)
    membership = _membership(tenant, actor)
    if not lesson_can_write(membership=membership, programme=programme):
        raise PermissionDenied
    values = _validate_lesson({"step": step, "text": text})
    lesson = Lesson.unscoped.create(tenant=tenant, programme=programme, author_id=membership.employee_id, **values)
    audit_record(tenant=tenant, actor=actor, verb="programme.lesson.create", obj=lesson,
                 data={"programme": programme.pk, "step": lesson.step})
    return lesson


def _lock_lesson(tenant: Tenant, lesson: Lesson) -> Lesson:
    _check_tenant(tenant, lesson)
    return Lesson.unscoped.select_for_update(of=("self",)).select_related("programme").get(tenant=tenant, pk=lesson.pk)


@transaction.atomic
def lesson_update(*, tenant: Tenant, actor, lesson: Lesson, **changes) -> Lesson:
    unknown = set(changes) - set(LESSON_EDITABLE)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    lesson = _lock_lesson(tenant, lesson)
    if not lesson_can_change(membership=_membership(tenant, actor), lesson=lesson):
        raise PermissionDenied
    values = _validate_lesson(dict(changes))
    changed = [name for name, value in values.items() if getattr(lesson, name) != value]
    if not changed:
        return lesson
    data = {"changed": sorted(changed)}
    if "step" in changed:
        data["step"] = {"from": lesson.step, "to": values["step"]}
    for name in changed:
        setattr(lesson, name, values[name])
    lesson.save(update_fields=changed)
    audit_record(tenant=tenant, actor=actor, verb="programme.lesson.update", obj=lesson, data=data)
    return lesson


@transaction.atomic
def lesson_delete(*, tenant: Tenant, actor, lesson: Lesson) -> None:
    """Delete a lesson; a lesson carried from it into a later iteration stays there (it no longer names its origin)."""
    lesson = _lock_lesson(tenant, lesson)
    if not lesson_can_change(membership=_membership(tenant, actor), lesson=lesson):
        raise PermissionDenied
    audit_record(tenant=tenant, actor=actor, verb="programme.lesson.delete", obj=lesson,
                 data={"programme": lesson.programme_id, "step": lesson.step})
    lesson.delete()
