"""Reads of the programme home: an iteration's 8 steps (the manual status, owner, notes and next action of each
ProgrammeStep row, with the facts computed from the data), its timeline, the review schedule, the workshops, the
iterations, and the group's vision.

Tenant explicit; lookups answer 404 for another group's rows like for missing ones. The overview reads a bounded number
of queries whatever the amount of data: the facts come from ONE annotated query on the iteration (a correlated subquery
per figure), the step rows, the workshops and the iterations from one query each, the review schedule from one.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bns.models import Employee, Membership, Role, Tenant
from bns.programme.models import (
    DiagnosticAnswer,
    Kpi,
    KpiValue,
    Lesson,
    Objective,
    Programme,
    ProgrammeAction,
    ProgrammeStep,
    Review,
    Step,
    StrategyOption,
    VisionVersion,
    Workshop,
    WorkshopParticipant,
)
from bns.programme.reviews.selectors import review_schedule

OPEN_ACTIONS = (ProgrammeAction.Status.PLANNED, ProgrammeAction.Status.IN_PROGRESS, ProgrammeAction.Status.BLOCKED)
WORKSHOPS_ON_HOME = 5

# Where each step's work is done (URL names of the areas; a name not routed yet gives no link).
STEP_LINKS: dict[int, str] = {
    Step.RULES: "programme_vision",
    Step.SELF_ASSESSMENT: "programme_diagnostic",
    Step.OBJECTIVES: "programme_objectives",
    Step.STRATEGY: "programme_strategy",
    Step.TACTICS: "programme_means",
    Step.INDICATORS: "programme_kpis",
    Step.REVIEWS: "programme_reviews",
    Step.LESSONS: "programme_lessons",
}


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (the 31st becomes the month's last day when it has fewer)."""
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _pk(pk) -> int:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk < 2**63:
        raise Http404
    return pk


def _count(qs: QuerySet, group: str, *, distinct: str | None = None):
    """A correlated ``COUNT`` subquery (0 when no row)."""
    counted = Count(distinct, distinct=True) if distinct else Count("pk")
    sub = qs.order_by().values(group).annotate(n=counted).values("n")[:1]
    return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))


def programme_facts(*, tenant: Tenant, programme: Programme, today: date) -> Programme:
    """The iteration with one attribute per fact of its steps, in ONE query."""
    p = OuterRef("pk")
    actions = ProgrammeAction.unscoped.filter(tenant=tenant, programme=p)
    kpis = Kpi.unscoped.filter(tenant=tenant, programme=p)
    objectives = Objective.unscoped.filter(tenant=tenant, programme=p)
    workshops = Workshop.unscoped.filter(tenant=tenant, programme=p)
    retained = StrategyOption.unscoped.filter(tenant=tenant, programme=p, status=StrategyOption.Status.RETAINED)
    annotations = {
        # Step 1: the vision (the group's, whatever the iteration) and the workshops held on the new rules.
        "f_vision_version": Subquery(VisionVersion.unscoped.filter(tenant=tenant).order_by("-version").values("version")[:1],
                                     output_field=IntegerField()),
        "f_workshops": _count(workshops, "programme"),
        "f_workshops_held": _count(workshops.filter(held_on__lte=today), "programme"),
        "f_workshops_rules": _count(workshops.filter(step=Step.RULES, held_on__lte=today), "programme"),
        # Step 2: the self-assessment.
        "f_answers": _count(DiagnosticAnswer.unscoped.filter(tenant=tenant, programme=p), "programme"),
        "f_respondents": _count(DiagnosticAnswer.unscoped.filter(tenant=tenant, programme=p), "programme", distinct="respondent"),
        # Step 3: the objectives (and those that cannot be measured: no KPI or no target).
        "f_objectives": _count(objectives, "programme"),
        "f_objectives_unmeasurable": _count(objectives.filter(Q(kpi__isnull=True) | Q(target__isnull=True)), "programme"),
        # Step 4: the strategy.
        "f_options": _count(StrategyOption.unscoped.filter(tenant=tenant, programme=p), "programme"),
        "f_retained": Exists(retained),
        "f_retained_title": Subquery(retained.values("title")[:1]),
        # Step 5: the actions by status, the overdue ones.
        **{f"f_actions_{status}": _count(actions.filter(status=status), "programme") for status in ProgrammeAction.Status.values},
        "f_actions_overdue": _count(actions.filter(status__in=OPEN_ACTIONS, deadline__lt=today), "programme"),
        # Step 6: the KPIs, and those with at least one value.
        "f_kpis": _count(kpis, "programme"),
        "f_kpis_measured": _count(kpis.filter(Exists(KpiValue.unscoped.filter(tenant=tenant, kpi=OuterRef("pk")))), "programme"),
        # Step 7: the reviews held.
        "f_reviews": _count(Review.unscoped.filter(tenant=tenant, programme=p, held_on__lte=today), "programme"),
        # Step 8: the lessons (and those carried from the previous iteration).
        "f_lessons": _count(Lesson.unscoped.filter(tenant=tenant, programme=p), "programme"),
        "f_lessons_carried": _count(Lesson.unscoped.filter(tenant=tenant, programme=p, carried_from__isnull=False), "programme"),
        # The process owner sits at the CoDir (an executive or administrator login).
        "f_owner_is_executive": Exists(Membership.unscoped.filter(
            tenant=tenant, employee_id=OuterRef("process_owner_id"), is_active=True, role__in=(Role.EXECUTIVE, Role.ADMIN))),
    }
    found = (Programme.unscoped.filter(tenant=tenant, pk=programme.pk).select_related("process_owner", "sponsor", "previous")
             .annotate(**annotations).first())
    if found is None:
        raise Http404
    found.facts = {name[2:]: getattr(found, name) for name in annotations}
    return found


@dataclass
class StepView:
    number: int
    label: str
    status: str
    status_label: str
    row: ProgrammeStep | None
    owner: Employee | None
    due_on: date | None
    done: list[str]  # the manual note when written, else the facts
    missing: list[str]
    next_action: str
    next_is_suggestion: bool  # True: computed from the data (no manual next action)
    link_name: str
    link_query: str = ""
    figure: str = ""  # one short figure always shown
    is_current: bool = False
    overdue: bool = False
    done_is_manual: bool = False
    missing_is_manual: bool = False


@dataclass
class Timeline:
    starts_on: date
    target_end_on: date
    total_days: int
    elapsed_days: int
    percent: int  # of the time elapsed, 0-100
    month: int  # month N of the iteration (1-based, capped to the months it lasts)
    months: int
    days_left: int  # negative once the target end is past
    late: bool

    @property
    def days_late(self) -> int:
        return max(-self.days_left, 0)


@dataclass
class Overview:
    programme: Programme
    steps: list[StepView]
    timeline: Timeline
    schedule: object  # bns.programme.reviews.selectors.ReviewSchedule
    workshops: list[Workshop]
    workshops_count: int
    iterations: list[Programme]
    owner_is_executive: bool
    facts: dict = field(default_factory=dict)


def _months_reached(start: date, day: date) -> int:
    """How many calendar months from ``start`` are needed to pass ``day`` (1 on the first month)."""
    n = 1
    while n < 240 and add_months(start, n) <= day:
        n += 1
    return n


def programme_timeline(programme: Programme, today: date) -> Timeline:
    """Start, target end, the share of the time elapsed and the month of the iteration (0 before it starts)."""
    start, end = programme.starts_on, programme.target_end_on
    total = max((end - start).days, 1)
    elapsed = min(max((today - start).days, 0), total)
    months = _months_reached(start, end - timedelta(days=1))
    month = 0 if today < start else min(_months_reached(start, today), months)
    return Timeline(starts_on=start, target_end_on=end, total_days=total, elapsed_days=elapsed,
                    percent=round(100 * elapsed / total), month=month, months=months, days_left=(end - today).days,
                    late=programme.status == Programme.Status.ACTIVE and today > end)


def _step_facts(number: int, f: dict, schedule, programme: Programme, today: date) -> tuple[list[str], list[str], str, str, str]:
    """(done, missing, suggested next thing to do, link query, figure) of one step, from the facts."""
    done: list[str] = []
    missing: list[str] = []
    query = ""
    if number == Step.RULES:
        if f["vision_version"]:
            done.append(_("The group's vision is written (version %(n)s).") % {"n": f["vision_version"]})
        else:
            missing.append(_("No vision yet: why does the group network, in its own words?"))
        if f["workshops_rules"]:
            done.append(ngettext("%(n)s workshop held on the new rules.", "%(n)s workshops held on the new rules.",
                                 f["workshops_rules"]) % {"n": f["workshops_rules"]})
        else:
            missing.append(_("No workshop held yet on the new rules of networking."))
        if not f["vision_version"]:
            suggestion = _("Write the group's vision.")
        elif not f["workshops_rules"]:
            suggestion, query = _("Hold a workshop on the new rules with the CoDir and the managers."), "step=1"
        else:
            suggestion = _("Move on to the self-assessment.")
        figure = _("vision v%(n)s") % {"n": f["vision_version"]} if f["vision_version"] else _("no vision")
    elif number == Step.SELF_ASSESSMENT:
        if f["answers"]:
            done.append(ngettext("%(n)s answer to the self-assessment", "%(n)s answers to the self-assessment", f["answers"])
                        % {"n": f["answers"]} + " " + ngettext("from %(n)s respondent.", "from %(n)s respondents.",
                                                               f["respondents"]) % {"n": f["respondents"]})
            suggestion = _("Compare the declared answers with the measured indicators, then set the objectives.")
        else:
            missing.append(_("Nobody has answered the self-assessment yet."))
            suggestion = _("Ask the executives and managers to answer the self-assessment.")
        figure = ngettext("%(n)s respondent", "%(n)s respondents", f["respondents"]) % {"n": f["respondents"]}
    elif number == Step.OBJECTIVES:
        if f["objectives"]:
            done.append(ngettext("%(n)s objective written.", "%(n)s objectives written.", f["objectives"]) % {"n": f["objectives"]})
            if f["objectives_unmeasurable"]:
                missing.append(ngettext("%(n)s objective has no KPI or no target: it cannot be measured.",
                                        "%(n)s objectives have no KPI or no target: they cannot be measured.",
                                        f["objectives_unmeasurable"]) % {"n": f["objectives_unmeasurable"]})
                suggestion = _("Give every objective a KPI and a target.")
            else:
                suggestion = _("Check the five SMART letters of each objective.")
        else:
            missing.append(_("No SMART objective yet."))
            suggestion = _("Write the first SMART objectives: statement, KPI, baseline, target, deadline, owner.")
        figure = ngettext("%(n)s objective", "%(n)s objectives", f["objectives"]) % {"n": f["objectives"]}
    elif number == Step.STRATEGY:
        if f["retained"]:
            done.append(_("Strategy retained: “%(title)s”.") % {"title": f["retained_title"]})
            suggestion = _("Break the retained strategy into tactics and actions.")
        elif f["options"]:
            done.append(ngettext("%(n)s option under discussion.", "%(n)s options under discussion.", f["options"])
                        % {"n": f["options"]})
            missing.append(_("No option retained yet."))
            suggestion = _("Challenge the options, then retain the most realistic one.")
        else:
            missing.append(_("No strategy option yet."))
            suggestion = _("Write down two or three possible strategies.")
        figure = _("retained") if f["retained"] else ngettext("%(n)s option", "%(n)s options", f["options"]) % {"n": f["options"]}
    elif number == Step.TACTICS:
        total = sum(f[f"actions_{s}"] for s in ProgrammeAction.Status.values)
        if total:
            done.append(_("%(total)s actions: %(planned)s planned, %(in_progress)s in progress, %(done)s done, "
                          "%(blocked)s blocked, %(cancelled)s cancelled.")
                        % {"total": total, **{s: f[f"actions_{s}"] for s in ProgrammeAction.Status.values}})
            if f["actions_overdue"]:
                missing.append(ngettext("%(n)s action is overdue.", "%(n)s actions are overdue.", f["actions_overdue"])
                               % {"n": f["actions_overdue"]})
            if f["actions_blocked"]:
                missing.append(ngettext("%(n)s action is blocked.", "%(n)s actions are blocked.", f["actions_blocked"])
                               % {"n": f["actions_blocked"]})
            if f["actions_overdue"] or f["actions_blocked"]:
                suggestion = _("Unblock or re-plan the late actions with their owners.")
                query = "status=blocked" if f["actions_blocked"] and not f["actions_overdue"] else ""
            else:
                suggestion = _("Follow the actions on the board; give each one an owner, a budget and a deadline.")
        else:
            missing.append(_("No action yet."))
            suggestion = _("Plan the actions: trainings, tools, content, events; who does what, budget, deadline.")
        figure = ngettext("%(n)s action", "%(n)s actions", total) % {"n": total}
    elif number == Step.INDICATORS:
        if f["kpis"]:
            done.append(ngettext("%(n)s KPI defined", "%(n)s KPIs defined", f["kpis"]) % {"n": f["kpis"]} + ", "
                        + ngettext("%(n)s with a value.", "%(n)s with a value.", f["kpis_measured"]) % {"n": f["kpis_measured"]})
            unmeasured = f["kpis"] - f["kpis_measured"]
            if unmeasured:
                missing.append(ngettext("%(n)s KPI has no value yet.", "%(n)s KPIs have no value yet.", unmeasured) % {"n": unmeasured})
                suggestion = _("Measure the KPIs that have no value yet.")
            else:
                suggestion = _("Keep the KPIs measured before each review.")
        else:
            missing.append(_("No KPI yet."))
            suggestion = _("Choose the KPIs from the catalogue, or enter your own with their source.")
        figure = ngettext("%(n)s KPI", "%(n)s KPIs", f["kpis"]) % {"n": f["kpis"]}
    elif number == Step.REVIEWS:
        if f["reviews"]:
            done.append(ngettext("%(n)s review held", "%(n)s reviews held", f["reviews"]) % {"n": f["reviews"]}
                        + (_(", the last one on %(date)s.") % {"date": _date(schedule.last_held_on)} if schedule.last_held_on else "."))
        else:
            missing.append(_("No review held yet."))
        if schedule.overdue:
            missing.append(_("The review due on %(date)s is %(days)s days late.") % {"date": _date(schedule.next_due_on),
                                                                                     "days": schedule.days_overdue})
            suggestion = _("Hold the overdue review now: freeze the KPIs, take decisions.")
        else:
            suggestion = _("Next review due on %(date)s.") % {"date": _date(schedule.next_due_on)}
        figure = ngettext("%(n)s review", "%(n)s reviews", f["reviews"]) % {"n": f["reviews"]}
    else:  # Step.LESSONS
        if f["lessons"]:
            done.append(ngettext("%(n)s lesson recorded", "%(n)s lessons recorded", f["lessons"]) % {"n": f["lessons"]}
                        + (ngettext(" (%(n)s carried from the previous iteration).", " (%(n)s carried from the previous iteration).",
                                    f["lessons_carried"]) % {"n": f["lessons_carried"]} if f["lessons_carried"] else "."))
        else:
            missing.append(_("No lesson recorded yet: what does the field say?"))
        if programme.status == Programme.Status.ACTIVE and today >= programme.target_end_on:
            suggestion = _("The target end is reached: record the lessons, then start the next iteration.")
        else:
            suggestion = _("Collect the field feedback and the lessons learned, step by step.")
        figure = ngettext("%(n)s lesson", "%(n)s lessons", f["lessons"]) % {"n": f["lessons"]}
    return done, missing, suggestion, query, figure


def _date(day: date | None) -> str:
    return date_format(day, "SHORT_DATE_FORMAT") if day else ""


def programme_step_rows(*, tenant: Tenant, programme: Programme) -> dict[int, ProgrammeStep]:
    rows = ProgrammeStep.unscoped.filter(tenant=tenant, programme=programme).select_related("owner").order_by("number", "pk")
    return {row.number: row for row in rows}


def workshop_list(*, tenant: Tenant, programme: Programme | None = None, step: int | None = None, search: str = "",
                  with_participants: bool = False) -> QuerySet[Workshop]:
    """Workshops with their participant count, latest first; ``with_participants`` prefetches the people."""
    qs = Workshop.unscoped.filter(tenant=tenant).select_related("programme")
    if programme is not None:
        qs = qs.filter(programme=programme)
    if step:
        qs = qs.filter(step=step)
    for term in (search or "").split()[:5]:
        qs = qs.filter(Q(title__icontains=term) | Q(agenda__icontains=term) | Q(outcomes__icontains=term))
    qs = qs.annotate(participant_count=_count(WorkshopParticipant.unscoped.filter(tenant=tenant, workshop=OuterRef("pk")),
                                              "workshop"))
    if with_participants:
        qs = qs.prefetch_related(_participants_prefetch(tenant))
    return qs.order_by("-held_on", "-pk")


def _participants_prefetch(tenant: Tenant):
    return Prefetch("participants", queryset=Employee.unscoped.filter(tenant=tenant).select_related("site").order_by(
        "last_name", "first_name", "pk"))


def workshop_get_for(*, tenant: Tenant, pk) -> Workshop:
    workshop = workshop_list(tenant=tenant, with_participants=True).filter(pk=_pk(pk)).first()
    if workshop is None:
        raise Http404
    return workshop


def programme_step_list(*, tenant: Tenant, programme_id=None) -> QuerySet[ProgrammeStep]:
    qs = ProgrammeStep.unscoped.filter(tenant=tenant).select_related("owner", "programme")
    if programme_id:
        qs = qs.filter(programme_id=programme_id)
    return qs.order_by("programme_id", "number", "pk")


def programme_step_get_for(*, tenant: Tenant, pk) -> ProgrammeStep:
    step = programme_step_list(tenant=tenant).filter(pk=_pk(pk)).first()
    if step is None:
        raise Http404
    return step


def programme_list(*, tenant: Tenant) -> QuerySet[Programme]:
    """Every iteration of the group, latest first."""
    return Programme.unscoped.filter(tenant=tenant).select_related("process_owner", "sponsor").order_by("-iteration")


def vision_current(*, tenant: Tenant) -> VisionVersion | None:
    return vision_history(tenant=tenant).first()


def vision_history(*, tenant: Tenant) -> QuerySet[VisionVersion]:
    """Every version of the group's vision, latest first."""
    return VisionVersion.unscoped.filter(tenant=tenant).select_related("created_by", "programme").order_by("-version")


def vision_get_for(*, tenant: Tenant, pk) -> VisionVersion:
    vision = vision_history(tenant=tenant).filter(pk=_pk(pk)).first()
    if vision is None:
        raise Http404
    return vision


def programme_overview(*, tenant: Tenant, programme: Programme, today: date) -> Overview:
    """The iteration's 8 steps with their status, owner, what is done and what is missing, and the next thing to do.

    A step's manual notes (ProgrammeStep) win; where they are blank the facts computed from the data speak. Six queries
    whatever the amount of data."""
    p = programme_facts(tenant=tenant, programme=programme, today=today)
    facts = p.facts
    schedule = review_schedule(tenant=tenant, programme=p, today=today)
    rows = programme_step_rows(tenant=tenant, programme=p)
    steps = []
    for number, label in Step.choices:
        row = rows.get(number)
        done, missing, suggestion, query, figure = _step_facts(number, facts, schedule, p, today)
        status = row.status if row else ProgrammeStep.Status.NOT_STARTED
        steps.append(StepView(
            number=number, label=label, status=status, status_label=ProgrammeStep.Status(status).label, row=row,
            owner=row.owner if row else None, due_on=row.due_on if row else None,
            done=[row.done_notes] if row and row.done_notes else done,
            missing=[row.missing_notes] if row and row.missing_notes else missing,
            done_is_manual=bool(row and row.done_notes), missing_is_manual=bool(row and row.missing_notes),
            next_action=row.next_action if row and row.next_action else suggestion,
            next_is_suggestion=not (row and row.next_action),
            link_name=STEP_LINKS[number], link_query=query, figure=figure, is_current=number == p.current_step,
            overdue=bool(row and row.due_on and row.due_on < today and status != ProgrammeStep.Status.DONE),
        ))
    workshops = list(workshop_list(tenant=tenant, programme=p)[:WORKSHOPS_ON_HOME])
    return Overview(programme=p, steps=steps, timeline=programme_timeline(p, today), schedule=schedule, workshops=workshops,
                    workshops_count=facts["workshops"], iterations=list(programme_list(tenant=tenant)),
                    owner_is_executive=bool(facts["owner_is_executive"]), facts=facts)
