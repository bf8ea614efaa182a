"""Writes of the programme home: an iteration's lifecycle (start, change, close, next iteration pre-filled from the
previous one), its 8 steps, the group's vision (versioned) and the workshops ("ateliers").

Keyword-only, tenant and actor explicit, atomic, each change in the audit trail in the same transaction.
Who may write (bns.programme.access): executives and admins (Perm.MANAGE_PROGRAMME) start an iteration; they and the
iteration's process owner change it, its steps and workshops, close it and start the next one from it (a closed
iteration only by Perm.MANAGE_PROGRAMME). The vision is the group's, not an iteration's: Perm.MANAGE_PROGRAMME publishes
it, and so does the process owner of the iteration in progress.

One iteration in progress per group: the service refuses a second one, and the partial unique index
``programme_one_active`` stops whatever slips past it (its IntegrityError becomes the same message).
An iteration lasts 3 to 6 months (seed 000: "a 3-6 month programme").
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bns.access import membership_of_actor
from bns.models import Employee, Membership, Tenant
from bns.permissions import Perm
from bns.programme.access import programme_require_edit
from bns.programme.home.selectors import add_months
from bns.programme.models import (
    ActionRole,
    Kpi,
    KpiValue,
    Lesson,
    Objective,
    Programme,
    ProgrammeAction,
    ProgrammeStep,
    RoleBehaviour,
    Step,
    StrategyOption,
    VisionVersion,
    Workshop,
    WorkshopParticipant,
)
from bns.programme.strategy.validation import clean_date, clean_text
from bns.services.audit import audit_record

MIN_MONTHS = 3
MAX_MONTHS = 6
CADENCE_MIN, CADENCE_MAX = 7, 120
TEXT_MAX = 10_000
VISION_MAX = 20_000
PROGRAMME_EDITABLE = ("title", "process_owner", "sponsor", "starts_on", "target_end_on", "review_cadence_days", "current_step")
STEP_EDITABLE = ("status", "owner", "done_notes", "missing_notes", "next_action", "due_on")
WORKSHOP_EDITABLE = ("title", "step", "held_on", "agenda", "outcomes", "participants")
UNFINISHED = (ProgrammeAction.Status.PLANNED, ProgrammeAction.Status.IN_PROGRESS, ProgrammeAction.Status.BLOCKED)

AUDIT_VERB_LABELS = {
    "programme.iteration.start": gettext_lazy("Programme iteration started"),
    "programme.iteration.update": gettext_lazy("Programme iteration changed"),
    "programme.iteration.close": gettext_lazy("Programme iteration closed"),
    "programme.iteration.next": gettext_lazy("Next programme iteration started from the previous one"),
    "programme.step.update": gettext_lazy("Programme step changed"),
    "programme.vision.publish": gettext_lazy("Vision published"),
    "programme.workshop.create": gettext_lazy("Workshop added"),
    "programme.workshop.update": gettext_lazy("Workshop changed"),
    "programme.workshop.delete": gettext_lazy("Workshop deleted"),
}


# --- Helpers ------------------------------------------------------------------------------------------


def _membership(tenant: Tenant, actor) -> Membership:
    return membership_of_actor(tenant=tenant, actor=actor)


def _check_tenant(tenant: Tenant, *objs) -> None:
    for obj in objs:
        if obj is not None and obj.tenant_id != tenant.pk:
            raise PermissionDenied


def _require_edit(tenant: Tenant, actor, programme: Programme) -> Membership:
    _check_tenant(tenant, programme)
    membership = _membership(tenant, actor)
    programme_require_edit(membership=membership, programme=programme)
    return membership


def _plain(value):
    """A value as the audit row's JSON holds it."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return getattr(value, "pk", value)


def _changes(obj, values: dict, *, long_texts: tuple[str, ...] = ()) -> dict:
    out = {}
    for name, value in values.items():
        old = getattr(obj, name)
        if old != value:
            out[name] = "changed" if name in long_texts else {"from": _plain(old), "to": _plain(value)}
    return out


def _check_employee(tenant: Tenant, values: dict, name: str, errors: dict, *, keep: int | None = None,
                    required: bool = False) -> None:
    """``values[name]`` must be an active employee of the group (``keep``: the current holder stays allowed after leaving)."""
    if name not in values:
        return
    employee = values[name]
    if employee is None:
        if required:
            errors[name] = _("Choose an active employee of the group.")
        return
    if not isinstance(employee, Employee) or employee.tenant_id != tenant.pk or (not employee.is_active and employee.pk != keep):
        errors[name] = _("Choose an active employee of the group.")


def _clean_int(values: dict, name: str, errors: dict, low: int, high: int, message: str, *, nullable: bool = False) -> None:
    if name not in values:
        return
    raw = values[name]
    if raw in (None, "") and nullable:
        values[name] = None
        return
    try:
        number = int(raw)
    except (TypeError, ValueError):
        number = None
    if number is None or isinstance(raw, bool) or not low <= number <= high:
        errors[name] = message
    else:
        values[name] = number


def _check_dates(starts_on, target_end_on, errors: dict) -> None:
    """The 3-6 month rule of seed 000, with the allowed range of end dates in the message."""
    if "starts_on" in errors or "target_end_on" in errors or not starts_on or not target_end_on:
        return
    if target_end_on <= starts_on:
        errors["target_end_on"] = _("The target end must come after the start.")
        return
    low, high = add_months(starts_on, MIN_MONTHS), add_months(starts_on, MAX_MONTHS)
    if not low <= target_end_on <= high:
        errors["target_end_on"] = _(
            "An iteration of the programme lasts 3 to 6 months: with this start, the target end must be between "
            "%(low)s and %(high)s."
        ) % {"low": date_format(low, "SHORT_DATE_FORMAT"), "high": date_format(high, "SHORT_DATE_FORMAT")}


def _validate_programme(tenant: Tenant, values: dict, *, current: Programme | None = None) -> dict:
    errors: dict = {}
    clean_text(values, "title", 200, errors, required=True, single_line=True)
    _check_employee(tenant, values, "process_owner", errors, keep=current.process_owner_id if current else None,
                    required=current is None)
    _check_employee(tenant, values, "sponsor", errors, keep=current.sponsor_id if current else None)
    for name in ("starts_on", "target_end_on"):
        if name in values and values[name] in (None, ""):
            errors[name] = _("This field is required.")
        clean_date(values, name, errors)
    _clean_int(values, "review_cadence_days", errors, CADENCE_MIN, CADENCE_MAX,
               _("Reviews take place every 7 to 120 days (30: monthly)."))
    _clean_int(values, "current_step", errors, 1, 8, _("Choose a step from 1 to 8."))
    if "starts_on" in values or "target_end_on" in values:
        _check_dates(values.get("starts_on", current.starts_on if current else None),
                     values.get("target_end_on", current.target_end_on if current else None), errors)
    if errors:
        raise ValidationError(errors)
    return values


def _active_error(active: Programme) -> ValidationError:
    return ValidationError(_("Iteration %(n)s (“%(title)s”) is still in progress: close it, or start the next iteration "
                             "from it.") % {"n": active.iteration, "title": active.title})


def _lock_group(tenant: Tenant) -> None:
    """Serialise the starts of one group (PostgreSQL row lock; the unique indexes stay the last guard)."""
    Tenant.objects.select_for_update().filter(pk=tenant.pk).values_list("pk", flat=True).first()


def active_iteration(*, tenant: Tenant) -> Programme | None:
    return Programme.unscoped.filter(tenant=tenant, status=Programme.Status.ACTIVE).first()


def _create_iteration(*, tenant: Tenant, values: dict, previous: Programme | None = None) -> Programme:
    active = active_iteration(tenant=tenant)
    if active is not None:
        raise _active_error(active)
    iteration = (Programme.unscoped.filter(tenant=tenant).aggregate(n=Max("iteration"))["n"] or 0) + 1
    try:
        with transaction.atomic():  # a savepoint: the IntegrityError must not break the outer transaction
            programme = Programme.unscoped.create(tenant=tenant, iteration=iteration, status=Programme.Status.ACTIVE,
                                                  current_step=Step.RULES, previous=previous, **values)
    except IntegrityError:
        active = Programme.unscoped.filter(tenant=tenant, status=Programme.Status.ACTIVE).first()
        if active is not None:
            raise _active_error(active) from None
        raise ValidationError(_("Another iteration was started at the same time: reload the page.")) from None
    ProgrammeStep.unscoped.bulk_create([
        ProgrammeStep(tenant=tenant, programme=programme, number=number,
                      status=ProgrammeStep.Status.IN_PROGRESS if number == Step.RULES else ProgrammeStep.Status.NOT_STARTED)
        for number in Step.values
    ])
    return programme


# --- An iteration -------------------------------------------------------------------------------------


@transaction.atomic
def programme_start(*, tenant: Tenant, actor, title: str, process_owner: Employee | None, sponsor: Employee | None = None,
                    starts_on: date, target_end_on: date, review_cadence_days: int = 30) -> Programme:
    """Start an iteration of the group's programme (Perm.MANAGE_PROGRAMME only): its 8 steps are created, step 1 in
    progress. Refused while another iteration is in progress, or when it would not last 3 to 6 months."""
    membership = _membership(tenant, actor)
    if not membership.has_perm(Perm.MANAGE_PROGRAMME):
        raise PermissionDenied
    values = _validate_programme(tenant, {"title": title, "process_owner": process_owner, "sponsor": sponsor,
                                          "starts_on": starts_on, "target_end_on": target_end_on,
                                          "review_cadence_days": review_cadence_days})
    _lock_group(tenant)
    programme = _create_iteration(tenant=tenant, values=values)
    audit_record(tenant=tenant, actor=actor, verb="programme.iteration.start", obj=programme, data={
        "iteration": programme.iteration, "title": programme.title, "process_owner": programme.process_owner_id,
        "sponsor": programme.sponsor_id, "starts_on": _plain(programme.starts_on), "target_end_on": _plain(programme.target_end_on),
    })
    return programme


def _lock_programme(tenant: Tenant, programme: Programme) -> Programme:
    _check_tenant(tenant, programme)
    return Programme.unscoped.select_for_update(of=("self",)).select_related("process_owner", "sponsor").get(
        tenant=tenant, pk=programme.pk)


@transaction.atomic
def programme_update(*, tenant: Tenant, actor, programme: Programme, **changes) -> Programme:
    """Change an iteration's title, process owner, sponsor, dates (3 to 6 months), review cadence or current step.

    Moving the current step to a step not started yet puts that step in progress."""
    unknown = set(changes) - set(PROGRAMME_EDITABLE)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    programme = _lock_programme(tenant, programme)
    _require_edit(tenant, actor, programme)
    values = _validate_programme(tenant, dict(changes), current=programme)
    changed = _changes(programme, values)
    if not changed:
        return programme
    for name, value in values.items():
        setattr(programme, name, value)
    programme.save()
    if "current_step" in changed:
        ProgrammeStep.unscoped.filter(tenant=tenant, programme=programme, number=programme.current_step,
                                      status=ProgrammeStep.Status.NOT_STARTED).update(status=ProgrammeStep.Status.IN_PROGRESS)
    audit_record(tenant=tenant, actor=actor, verb="programme.iteration.update", obj=programme, data=changed)
    return programme


def _close(tenant: Tenant, actor, programme: Programme) -> None:
    programme.status = Programme.Status.CLOSED
    programme.closed_at = timezone.now()
    programme.save(update_fields=["status", "closed_at"])
    audit_record(tenant=tenant, actor=actor, verb="programme.iteration.close", obj=programme,
                 data={"iteration": programme.iteration, "title": programme.title})


@transaction.atomic
def programme_close(*, tenant: Tenant, actor, programme: Programme) -> Programme:
    """Close an iteration: it stays readable (and correctable by Perm.MANAGE_PROGRAMME only)."""
    programme = _lock_programme(tenant, programme)
    _require_edit(tenant, actor, programme)
    if programme.status == Programme.Status.CLOSED:
        raise ValidationError(_("This iteration is already closed."))
    _close(tenant, actor, programme)
    return programme


# --- The steps ----------------------------------------------------------------------------------------


@transaction.atomic
def programme_step_update(*, tenant: Tenant, actor, step: ProgrammeStep, **changes) -> ProgrammeStep:
    """A step's status, owner, notes (what is done, what is missing), next thing to do and due date."""
    unknown = set(changes) - set(STEP_EDITABLE)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    _check_tenant(tenant, step)
    step = ProgrammeStep.unscoped.select_for_update(of=("self",)).select_related("programme").get(tenant=tenant, pk=step.pk)
    _require_edit(tenant, actor, step.programme)
    values = dict(changes)
    errors: dict = {}
    if "status" in values and values["status"] not in ProgrammeStep.Status.values:
        errors["status"] = _("Unknown status: not started, in progress or done.")
    _check_employee(tenant, values, "owner", errors, keep=step.owner_id)
    clean_text(values, "done_notes", TEXT_MAX, errors)
    clean_text(values, "missing_notes", TEXT_MAX, errors)
    clean_text(values, "next_action", 300, errors, single_line=True)
    clean_date(values, "due_on", errors)
    if errors:
        raise ValidationError(errors)
    changed = _changes(step, values, long_texts=("done_notes", "missing_notes"))
    if not changed:
        return step
    for name, value in values.items():
        setattr(step, name, value)
    step.save()
    audit_record(tenant=tenant, actor=actor, verb="programme.step.update", obj=step,
                 data={"programme": step.programme_id, "step": step.number, **changed})
    return step


# --- The next iteration, pre-filled -------------------------------------------------------------------


def _latest_values(tenant: Tenant, kpi_ids: list[int]) -> dict[int, Decimal]:
    """The latest value of each KPI (one query)."""
    latest: dict[int, Decimal] = {}
    for kpi_id, value in (KpiValue.unscoped.filter(tenant=tenant, kpi_id__in=kpi_ids)
                          .order_by("kpi_id", "-measured_on", "-pk").values_list("kpi_id", "value")):
        latest.setdefault(kpi_id, value)
    return latest


@transaction.atomic
def programme_next_iteration(*, tenant: Tenant, actor, previous: Programme, title: str, starts_on: date,
                             target_end_on: date) -> Programme:
    """Start iteration N+1 from ``previous`` (closed first when still in progress), in one transaction, pre-filled:

    - the same process owner, sponsor and review cadence;
    - the KPI definitions (no values: they are measured again);
    - the objectives (statement, KPI mapped to its copy, baseline = the KPI's latest value in the previous iteration when
      there is one, else the old baseline; target, owner, scope; deadline = the new target end);
    - the retained strategy option as a candidate, so that it is challenged again;
    - the unfinished actions (planned, in progress, blocked) as planned, with their RACI roles (nothing spent yet; a
      deadline inside the new iteration is kept, an older one dropped);
    - the expected behaviours per role;
    - the lessons of the previous iteration (``carried_from`` names the original).

    The vision is the group's (nothing to copy). Who: the previous iteration's editors (Perm.MANAGE_PROGRAMME, or its
    process owner while it is in progress)."""
    previous = _lock_programme(tenant, previous)
    _require_edit(tenant, actor, previous)
    latest = Programme.unscoped.filter(tenant=tenant).order_by("-iteration").values_list("pk", "iteration").first()
    if latest is not None and latest[0] != previous.pk:
        raise ValidationError(_("Start the next iteration from the latest one (iteration %(n)s).") % {"n": latest[1]})
    values = _validate_programme(tenant, {"title": title, "starts_on": starts_on, "target_end_on": target_end_on})
    _lock_group(tenant)
    closed_now = previous.status == Programme.Status.ACTIVE
    if closed_now:
        _close(tenant, actor, previous)
    values.update(process_owner=previous.process_owner, sponsor=previous.sponsor,
                  review_cadence_days=previous.review_cadence_days)
    if values["process_owner"] is not None and not values["process_owner"].is_active:
        values["process_owner"] = None  # a former employee does not lead the new iteration
    if values["sponsor"] is not None and not values["sponsor"].is_active:
        values["sponsor"] = None
    new = _create_iteration(tenant=tenant, values=values, previous=previous)
    copied = _copy_content(tenant, previous, new)
    audit_record(tenant=tenant, actor=actor, verb="programme.iteration.next", obj=new, data={
        "iteration": new.iteration, "title": new.title, "previous": previous.pk, "previous_closed_now": closed_now, **copied,
    })
    return new


def _copy_content(tenant: Tenant, previous: Programme, new: Programme) -> dict[str, int]:
    """Copy what the next iteration starts from (a bounded number of queries, whatever the amount)."""
    old_kpis = list(Kpi.unscoped.filter(tenant=tenant, programme=previous).order_by("pk"))
    new_kpis = Kpi.unscoped.bulk_create([
        Kpi(tenant=tenant, programme=new, metric_key=k.metric_key, name=k.name, unit=k.unit, direction=k.direction,
            target=k.target, scope_kind=k.scope_kind, site_id=k.site_id, department_id=k.department_id,
            manual_source=k.manual_source)
        for k in old_kpis
    ])
    kpi_map = {old.pk: created.pk for old, created in zip(old_kpis, new_kpis, strict=True)}
    latest = _latest_values(tenant, list(kpi_map))

    objectives = [
        Objective(tenant=tenant, programme=new, statement=o.statement, kpi_id=kpi_map.get(o.kpi_id),
                  baseline=latest.get(o.kpi_id, o.baseline) if o.kpi_id else o.baseline, target=o.target,
                  deadline=new.target_end_on, owner_id=o.owner_id, scope_kind=o.scope_kind, site_id=o.site_id,
                  department_id=o.department_id)
        for o in Objective.unscoped.filter(tenant=tenant, programme=previous).order_by("pk")
    ]
    Objective.unscoped.bulk_create(objectives)

    options = [
        StrategyOption(tenant=tenant, programme=new, title=o.title, description=o.description, pros=o.pros, cons=o.cons,
                       cost=o.cost, feasibility=o.feasibility, status=StrategyOption.Status.CANDIDATE)
        for o in StrategyOption.unscoped.filter(tenant=tenant, programme=previous, status=StrategyOption.Status.RETAINED)
    ]
    StrategyOption.unscoped.bulk_create(options)

    old_actions = list(ProgrammeAction.unscoped.filter(tenant=tenant, programme=previous, status__in=UNFINISHED).order_by("pk"))
    new_actions = ProgrammeAction.unscoped.bulk_create([
        ProgrammeAction(tenant=tenant, programme=new, title=a.title, kind=a.kind, description=a.description,
                        owner_id=a.owner_id, status=ProgrammeAction.Status.PLANNED, budget_planned=a.budget_planned,
                        budget_actual=Decimal("0"), starts_on=None,
                        deadline=a.deadline if a.deadline and new.starts_on <= a.deadline <= new.target_end_on else None)
        for a in old_actions
    ])
    action_map = {old.pk: created.pk for old, created in zip(old_actions, new_actions, strict=True)}
    roles = [
        ActionRole(tenant=tenant, action_id=action_map[r.action_id], employee_id=r.employee_id, raci=r.raci)
        for r in ActionRole.unscoped.filter(tenant=tenant, action_id__in=list(action_map)).order_by("pk")
    ]
    ActionRole.unscoped.bulk_create(roles)

    behaviours = [
        RoleBehaviour(tenant=tenant, programme=new, role=b.role, behaviours=b.behaviours)
        for b in RoleBehaviour.unscoped.filter(tenant=tenant, programme=previous).order_by("pk")
    ]
    RoleBehaviour.unscoped.bulk_create(behaviours)

    lessons = [
        Lesson(tenant=tenant, programme=new, step=lesson.step, text=lesson.text, author_id=lesson.author_id, carried_from=lesson)
        for lesson in Lesson.unscoped.filter(tenant=tenant, programme=previous).order_by("pk")
    ]
    Lesson.unscoped.bulk_create(lessons)
    return {"kpis": len(new_kpis), "objectives": len(objectives), "strategy_options": len(options),
            "actions": len(new_actions), "action_roles": len(roles), "behaviours": len(behaviours), "lessons": len(lessons)}


# --- The vision ---------------------------------------------------------------------------------------


def vision_can_publish(*, membership: Membership, tenant: Tenant) -> bool:
    """Perm.MANAGE_PROGRAMME, or the process owner of the iteration in progress."""
    if membership.has_perm(Perm.MANAGE_PROGRAMME):
        return True
    if not membership.employee_id:
        return False
    return Programme.unscoped.filter(tenant=tenant, status=Programme.Status.ACTIVE,
                                     process_owner_id=membership.employee_id).exists()


@transaction.atomic
def vision_publish(*, tenant: Tenant, actor, text: str, programme: Programme | None = None) -> VisionVersion:
    """A new version of the group's vision (version = the latest + 1). The same text as the current version is refused.

    ``programme``: the iteration it was written in (the one in progress when left out)."""
    _check_tenant(tenant, programme)
    membership = _membership(tenant, actor)
    if not vision_can_publish(membership=membership, tenant=tenant):
        raise PermissionDenied
    values = {"text": text}
    errors: dict = {}
    clean_text(values, "text", VISION_MAX, errors, required=True)
    if errors:
        raise ValidationError(errors)
    current = VisionVersion.unscoped.filter(tenant=tenant).order_by("-version").first()
    if current is not None and current.text.strip() == values["text"]:
        raise ValidationError({"text": _("This text is identical to the current version (version %(n)s): change it before "
                                         "publishing.") % {"n": current.version}})
    if programme is None:
        programme = Programme.unscoped.filter(tenant=tenant, status=Programme.Status.ACTIVE).first()
    try:
        with transaction.atomic():
            vision = VisionVersion.unscoped.create(tenant=tenant, programme=programme, text=values["text"], created_by=actor,
                                                   version=(current.version if current else 0) + 1)
    except IntegrityError:
        raise ValidationError(_("Someone published a version at the same time: reload the page and try again.")) from None
    audit_record(tenant=tenant, actor=actor, verb="programme.vision.publish", obj=vision,
                 data={"version": vision.version, "programme": programme.pk if programme else None})
    return vision


# --- Workshops ----------------------------------------------------------------------------------------


def _validate_workshop(tenant: Tenant, values: dict, *, current: Workshop | None = None) -> dict:
    errors: dict = {}
    clean_text(values, "title", 200, errors, required=True, single_line=True)
    clean_text(values, "agenda", TEXT_MAX, errors)
    clean_text(values, "outcomes", TEXT_MAX, errors)
    _clean_int(values, "step", errors, 1, 8, _("Choose a step from 1 to 8."), nullable=True)
    if "held_on" in values and values["held_on"] in (None, ""):
        errors["held_on"] = _("This field is required.")
    clean_date(values, "held_on", errors)
    if "participants" in values:
        keep = set(WorkshopParticipant.unscoped.filter(tenant=tenant, workshop=current).values_list("employee_id", flat=True)
                   ) if current else set()
        people = list(dict.fromkeys(values["participants"] or ()))
        for person in people:
            if not isinstance(person, Employee) or person.tenant_id != tenant.pk or (not person.is_active and person.pk not in keep):
                errors["participants"] = _("Participants are active employees of the group.")
                break
        values["participants"] = people
    if errors:
        raise ValidationError(errors)
    return values


def _set_participants(tenant: Tenant, workshop: Workshop, people: Iterable[Employee]) -> tuple[list[int], list[int]]:
    wanted = {p.pk for p in people}
    have = set(WorkshopParticipant.unscoped.filter(tenant=tenant, workshop=workshop).values_list("employee_id", flat=True))
    removed, added = sorted(have - wanted), sorted(wanted - have)
    if removed:
        WorkshopParticipant.unscoped.filter(tenant=tenant, workshop=workshop, employee_id__in=removed).delete()
    WorkshopParticipant.unscoped.bulk_create([WorkshopParticipant(tenant=tenant, workshop=workshop, employee_id=pk) for pk in added])
    return added, removed


@transaction.atomic
def workshop_create(*, tenant: Tenant, actor, programme: Programme, title: str, held_on: date, step: int | None = None,
                    agenda: str = "", outcomes: str = "", participants: Iterable[Employee] = ()) -> Workshop:
    """A workshop ("atelier") of the iteration: date, participants (employees of the group), agenda, outcomes."""
    _require_edit(tenant, actor, programme)
    values = _validate_workshop(tenant, {"title": title, "held_on": held_on, "step": step, "agenda": agenda,
                                         "outcomes": outcomes, "participants": participants})
    people = values.pop("participants")
    workshop = Workshop.unscoped.create(tenant=tenant, programme=programme, **values)
    _set_participants(tenant, workshop, people)
    audit_record(tenant=tenant, actor=actor, verb="programme.workshop.create", obj=workshop, data={
        "programme": programme.pk, "title": workshop.title, "held_on": _plain(workshop.held_on), "step": workshop.step,
        "participants": sorted(p.pk for p in people),
    })
    return workshop


def _lock_workshop(tenant: Tenant, workshop: Workshop) -> Workshop:
    _check_tenant(tenant, workshop)
    return Workshop.unscoped.select_for_update(of=("self",)).select_related("programme").get(tenant=tenant, pk=workshop.pk)


@transaction.atomic
def workshop_update(*, tenant: Tenant, actor, workshop: Workshop, **changes) -> Workshop:
    """Change a workshop; ``participants`` replaces the whole list."""
    unknown = set(changes) - set(WORKSHOP_EDITABLE)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    workshop = _lock_workshop(tenant, workshop)
    _require_edit(tenant, actor, workshop.programme)
    values = _validate_workshop(tenant, dict(changes), current=workshop)
    people = values.pop("participants", None)
    changed = _changes(workshop, values, long_texts=("agenda", "outcomes"))
    if changed:
        for name, value in values.items():
            setattr(workshop, name, value)
        workshop.save()
    if people is not None:
        added, removed = _set_participants(tenant, workshop, people)
        if added or removed:
            changed["participants"] = {"added": added, "removed": removed}
    if changed:
        audit_record(tenant=tenant, actor=actor, verb="programme.workshop.update", obj=workshop, data=changed)
    return workshop


@transaction.atomic
def workshop_delete(*, tenant: Tenant, actor, workshop: Workshop) -> None:
    workshop = _lock_workshop(tenant, workshop)
    _require_edit(tenant, actor, workshop.programme)
    audit_record(tenant=tenant, actor=actor, verb="programme.workshop.delete", obj=workshop, data={
        "programme": workshop.programme_id, "title": workshop.title, "held_on": _plain(workshop.held_on)})
    WorkshopParticipant.unscoped.filter(tenant=tenant, workshop=workshop).delete()
    workshop.delete()
