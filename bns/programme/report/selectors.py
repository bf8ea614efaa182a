"""The one-page programme summary for the executive committee (CoDir): what the page, the PDF, the HTML download and the
API show, assembled from the other areas' selectors (read-only) in a bounded number of queries.

Every text of the report (labels, statuses, the net phrase) is computed in the language active when
``programme_report`` runs: callers wrap it in ``translation.override(lang)`` (see ``report_language``). Long texts
are shortened here (``shorten``: at a word boundary, with "…") and lists capped (``MAX_*``, with the total kept so
that the report says "and N more"), so the summary always fits on one A4 page.

Queries (whatever the amount of data): the overview of the 8 steps (its facts hold every count used here), the vision,
the self-assessment (grouped queries and the catalogue's fixed set of measures), the objectives with their SMART
checks, the KPIs with their last values, the retained strategy, the budget, the last review and the latest lessons.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bns.models import Tenant
from bns.programme.diagnostic.selectors import diagnostic_results
from bns.programme.home.selectors import programme_overview, vision_current
from bns.programme.means.budget import budget_summary, net_phrase
from bns.programme.models import Programme, ProgrammeAction, Step
from bns.programme.objectives import progress
from bns.programme.objectives.selectors import (
    kpi_list,
    kpi_rows,
    objective_list,
    objective_rows,
    retained_strategy,
)
from bns.programme.report.formatting import percent, with_unit
from bns.programme.reviews.selectors import lesson_list, review_list
from bns.programme.strategy.common import euros

MAX_OBJECTIVES = 6
MAX_KPIS = 8
MAX_LESSONS = 3
VISION_CHARS = 400
STATEMENT_CHARS = 100
NEXT_ACTION_CHARS = 110
RATIONALE_CHARS = 280
DECISIONS_CHARS = 280
LESSON_CHARS = 160
REASON_CHARS = 80


def shorten(text: str | None, limit: int) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters, with "…" when cut."""
    text = " ".join(str(text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 1)]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


def report_language(requested: str | None) -> str:
    """``fr`` or ``en``: the requested language when it is one of the site's, else the active one (else the default)."""
    codes = [code for code, _name in settings.LANGUAGES]
    for candidate in (requested, translation.get_language(), settings.LANGUAGE_CODE):
        code = str(candidate or "").lower().split("-")[0].split("_")[0]
        if code in codes:
            return code
    return codes[0]


# --- The report's parts -------------------------------------------------------------------------------


@dataclass
class ReportIteration:
    pk: int
    iteration: int
    title: str
    status: str
    status_label: str
    is_active: bool
    process_owner: str
    sponsor: str
    starts_on: date
    target_end_on: date
    month: int  # month N of the iteration (0 before it starts)
    months: int
    percent_elapsed: int
    days_left: int
    late: bool
    current_step: int
    current_step_label: str
    workshops: int
    iterations: int  # how many iterations the group has run

    @property
    def days_late(self) -> int:
        """Days past the target end (0 before it)."""
        return max(-self.days_left, 0)


@dataclass
class ReportStep:
    number: int
    label: str
    status: str
    status_label: str
    is_current: bool
    overdue: bool
    owner: str
    figure: str
    next_action: str


@dataclass
class ReportVision:
    version: int
    text: str
    shortened: bool
    published_on: date | None


@dataclass
class ReportDimension:
    key: str
    label: str
    respondents: int
    declared_level: int | None
    declared_label: str
    index: int | None
    measurable: bool
    measured_level: int | None
    measured_label: str
    gap: int | None  # declared - measured


@dataclass
class ReportDiagnostic:
    respondents: int
    level: int | None
    level_label: str
    index: int | None
    dimensions: list[ReportDimension]
    gaps: int  # dimensions where the declared level differs from the measured one


@dataclass
class ReportObjective:
    pk: int
    statement: str
    kpi: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    latest_value: Decimal | None
    deadline: date | None
    owner: str
    smart_passed: int
    smart_ok: bool
    smart_failed: list[str]  # the letters failed, in SMART order
    smart_reason: str  # why the first failed letter fails (shortened)
    progress: Decimal | None  # % from the baseline (0) to the target (100)

    @property
    def latest_text(self) -> str:
        return with_unit(self.latest_value, self.unit)

    @property
    def target_text(self) -> str:
        return with_unit(self.target, self.unit)

    @property
    def baseline_text(self) -> str:
        return with_unit(self.baseline, self.unit)

    @property
    def progress_text(self) -> str:
        return percent(self.progress)

    @property
    def smart_text(self) -> str:
        """"5/5", or "3/5, not M, T"."""
        if self.smart_ok:
            return "5/5"
        return _("%(passed)s/5, not %(letters)s") % {"passed": self.smart_passed, "letters": ", ".join(self.smart_failed)}


@dataclass
class ReportKpi:
    pk: int
    name: str
    unit: str
    direction: str
    target: Decimal | None
    latest_value: Decimal | None
    latest_on: date | None
    status: str
    status_label: str

    @property
    def latest_text(self) -> str:
        return with_unit(self.latest_value, self.unit)

    @property
    def target_text(self) -> str:
        return with_unit(self.target, self.unit)


@dataclass
class ReportStrategy:
    title: str
    rationale: str
    decided_at: date | None
    options: int


@dataclass
class ReportActionStatus:
    status: str
    label: str
    count: int


@dataclass
class ReportMeans:
    actions: int
    by_status: list[ReportActionStatus]
    overdue: int
    planned: Decimal
    spent: Decimal
    replaced: Decimal
    net: Decimal  # spent - replaced classic spend: negative is a net saving
    net_text: str
    is_saving: bool
    planned_text: str
    spent_text: str
    replaced_text: str

    @property
    def counts_text(self) -> str:
        """"planned 3 · in progress 2 · done 1" (the statuses with actions)."""
        return " · ".join(f"{s.label} {s.count}" for s in self.by_status if s.count)


@dataclass
class ReportReviews:
    held: int
    cadence_days: int
    last_held_on: date | None
    last_decisions: str
    next_due_on: date
    overdue: bool
    days_overdue: int


@dataclass
class ReportLesson:
    step: int
    step_label: str
    text: str
    author: str
    created_on: date | None


@dataclass
class Report:
    tenant_name: str
    tenant_slug: str
    language: str
    today: date
    iteration: ReportIteration
    steps: list[ReportStep]
    vision: ReportVision | None
    diagnostic: ReportDiagnostic
    objectives: list[ReportObjective]
    objectives_total: int
    kpis: list[ReportKpi]
    kpis_total: int
    strategy: ReportStrategy | None
    means: ReportMeans
    reviews: ReportReviews
    lessons: list[ReportLesson]
    lessons_total: int
    programme: Programme | None = field(repr=False, default=None)  # the iteration (for the pages' links)
    iteration_list: list[Programme] = field(repr=False, default_factory=list)  # every iteration, for the picker

    @property
    def objectives_more(self) -> int:
        return max(self.objectives_total - len(self.objectives), 0)

    @property
    def kpis_more(self) -> int:
        return max(self.kpis_total - len(self.kpis), 0)

    @property
    def lessons_more(self) -> int:
        return max(self.lessons_total - len(self.lessons), 0)

    @property
    def smart_objectives(self) -> int:
        return sum(1 for o in self.objectives if o.smart_ok)

    @property
    def filename_stem(self) -> str:
        """programme-bns-<slug>-iteration-<n>-<date> (the downloads' file name without extension)."""
        return f"programme-bns-{self.tenant_slug}-iteration-{self.iteration.iteration}-{self.today.isoformat()}"


# --- Assembling it ------------------------------------------------------------------------------------


def _day(moment) -> date | None:
    return timezone.localdate(moment) if moment else None


def _name(employee) -> str:
    return employee.full_name if employee is not None else ""


def _iteration(overview, programme: Programme) -> ReportIteration:
    t = overview.timeline
    return ReportIteration(
        pk=programme.pk, iteration=programme.iteration, title=programme.title, status=programme.status,
        status_label=str(Programme.Status(programme.status).label), is_active=programme.status == Programme.Status.ACTIVE,
        process_owner=_name(programme.process_owner), sponsor=_name(programme.sponsor),
        starts_on=t.starts_on, target_end_on=t.target_end_on, month=t.month, months=t.months, percent_elapsed=t.percent,
        days_left=t.days_left, late=t.late, current_step=programme.current_step,
        current_step_label=str(Step(programme.current_step).label), workshops=overview.workshops_count,
        iterations=len(overview.iterations),
    )


def _steps(overview) -> list[ReportStep]:
    return [
        ReportStep(number=s.number, label=str(s.label), status=str(s.status), status_label=str(s.status_label),
                   is_current=s.is_current, overdue=s.overdue, owner=_name(s.owner), figure=str(s.figure),
                   next_action=shorten(s.next_action, NEXT_ACTION_CHARS))
        for s in overview.steps
    ]


def _vision(tenant: Tenant) -> ReportVision | None:
    vision = vision_current(tenant=tenant)
    if vision is None:
        return None
    text = shorten(vision.text, VISION_CHARS)
    return ReportVision(version=vision.version, text=text, shortened=text != " ".join(vision.text.split()),
                        published_on=_day(vision.created_at))


def _diagnostic(tenant: Tenant, programme: Programme) -> ReportDiagnostic:
    results = diagnostic_results(tenant=tenant, programme=programme)
    dimensions = [
        ReportDimension(key=d.key, label=str(d.label), respondents=d.respondents, declared_level=d.level,
                        declared_label=str(d.level_label), index=d.index, measurable=d.measurable,
                        measured_level=d.measured_level, measured_label=str(d.measured_label), gap=d.gap)
        for d in results.dimensions
    ]
    return ReportDiagnostic(respondents=results.respondents, level=results.level, level_label=str(results.level_label),
                            index=results.index, dimensions=dimensions, gaps=len(results.gaps))


def _objectives(tenant: Tenant, programme: Programme, limit: int) -> list[ReportObjective]:
    objectives = list(objective_list(tenant=tenant, programme=programme)[:limit]) if limit else []
    out = []
    for row in objective_rows(tenant=tenant, programme=programme, objectives=objectives):
        o = row.objective
        failed = row.failed
        out.append(ReportObjective(
            pk=o.pk, statement=shorten(o.statement, STATEMENT_CHARS), kpi=o.kpi.name if o.kpi_id else "",
            unit=progress.unit_label(o.kpi.unit) if o.kpi_id else "", baseline=o.baseline, target=o.target,
            latest_value=row.latest[1] if row.latest else None, deadline=o.deadline, owner=_name(o.owner),
            smart_passed=row.passed, smart_ok=not failed, smart_failed=[c.letter for c in failed],
            smart_reason=shorten(failed[0].reason, REASON_CHARS) if failed else "",
            progress=row.progress,
        ))
    return out


def _kpis(tenant: Tenant, programme: Programme, limit: int) -> list[ReportKpi]:
    kpis = list(kpi_list(tenant=tenant, programme=programme)[:limit]) if limit else []
    out = []
    for row in kpi_rows(tenant=tenant, programme=programme, kpis=kpis):
        latest = row.points[-1] if row.points else None
        out.append(ReportKpi(pk=row.kpi.pk, name=row.kpi.name, unit=row.unit, direction=row.kpi.direction,
                             target=row.kpi.target, latest_value=latest[1] if latest else None,
                             latest_on=latest[0] if latest else None, status=row.status, status_label=row.status_label))
    return out


def _strategy(tenant: Tenant, programme: Programme, options: int) -> ReportStrategy | None:
    option = retained_strategy(tenant=tenant, programme=programme)
    if option is None:
        return None
    return ReportStrategy(title=option.title, rationale=shorten(option.rationale, RATIONALE_CHARS),
                          decided_at=_day(option.decided_at), options=options)


def _means(tenant: Tenant, programme: Programme, facts: dict, today: date) -> ReportMeans:
    summary = budget_summary(tenant=tenant, programme=programme, today=today)
    by_status = [ReportActionStatus(status=value, label=str(label), count=facts[f"actions_{value}"])
                 for value, label in ProgrammeAction.Status.choices]
    net = summary.net
    return ReportMeans(
        actions=sum(s.count for s in by_status), by_status=by_status, overdue=facts["actions_overdue"],
        planned=summary.planned, spent=summary.actual, replaced=summary.replaced, net=net, net_text=net_phrase(net),
        is_saving=net < 0, planned_text=euros(summary.planned), spent_text=euros(summary.actual),
        replaced_text=euros(summary.replaced),
    )


def _reviews(tenant: Tenant, programme: Programme, schedule, held: int) -> ReportReviews:
    last = review_list(tenant=tenant, programme=programme).first()
    return ReportReviews(
        held=held, cadence_days=schedule.cadence_days, last_held_on=last.held_on if last else None,
        last_decisions=shorten(last.decisions, DECISIONS_CHARS) if last else "", next_due_on=schedule.next_due_on,
        overdue=schedule.overdue, days_overdue=schedule.days_overdue,
    )


def _lessons(tenant: Tenant, programme: Programme, limit: int) -> list[ReportLesson]:
    if not limit:
        return []
    rows = lesson_list(tenant=tenant, programme=programme).order_by("-created_at", "-pk")[:limit]
    return [ReportLesson(step=lesson.step, step_label=str(Step(lesson.step).label), text=shorten(lesson.text, LESSON_CHARS),
                         author=_name(lesson.author), created_on=_day(lesson.created_at))
            for lesson in rows]


def programme_report(*, tenant: Tenant, programme: Programme, today: date, max_objectives: int = MAX_OBJECTIVES,
                     max_kpis: int = MAX_KPIS, max_lessons: int = MAX_LESSONS) -> Report:
    """The one-page summary of an iteration, in the active language (see the module docstring)."""
    overview = programme_overview(tenant=tenant, programme=programme, today=today)
    p, facts = overview.programme, overview.facts
    return Report(
        tenant_name=tenant.name, tenant_slug=tenant.slug, language=report_language(None), today=today,
        iteration=_iteration(overview, p), steps=_steps(overview), vision=_vision(tenant),
        diagnostic=_diagnostic(tenant, p),
        objectives=_objectives(tenant, p, max_objectives), objectives_total=facts["objectives"],
        kpis=_kpis(tenant, p, max_kpis), kpis_total=facts["kpis"],
        strategy=_strategy(tenant, p, facts["options"]),
        means=_means(tenant, p, facts, today),
        reviews=_reviews(tenant, p, overview.schedule, facts["reviews"]),
        lessons=_lessons(tenant, p, max_lessons), lessons_total=facts["lessons"],
        programme=p, iteration_list=list(overview.iterations),
    )


def report_title() -> str:
    return _("BNS programme: summary for the executive committee")
