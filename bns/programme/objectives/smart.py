"""The SMART checks of an objective: for each of the five letters, pass or fail and the reason in words.

A pure function of plain data (``SmartInput``; the selectors build it in a bounded number of queries), so every
rule below is tested by hand. The rules:

- **S, specific**: a statement of at least ``MIN_WORDS`` words (what changes, for whom) and a complete scope: the
  whole group, or a dealership / a department that is actually chosen.
- **M, measurable**: a KPI is linked and a target is set (no KPI or no target: not measurable).
- **A, achievable**: needs a baseline and a target. The improvement still needed (from the KPI's latest value, or
  the baseline when none) per month until the deadline is compared with the KPI's recent trend (least-squares
  slope of its last values, progress.py): "perhaps not achievable" when the trend does not improve at all or when
  the need is more than ``TREND_FACTOR`` times the trend. Without a trend (fewer than two values) or without a
  future deadline: "perhaps not achievable" when the target more than doubles the baseline (higher is better) or
  more than halves it (lower is better); that ratio is only meaningful for a positive baseline.
- **R, relevant**: linked to the programme AND owned inside its scope. Linked: its KPI is a metric of the
  catalogue (dashboards.catalogue: the figures the BNS programme is about) or the iteration has retained a
  strategy option that the objective then serves. Owned: an active employee of the scope (any employee for the
  group, one of the dealership or of the department otherwise), or the iteration's process owner, who steers every
  objective. No owner fails here: an objective nobody answers for is nobody's priority.
- **T, time-bound**: a deadline, not passed, within the iteration (from its start to its target end).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bns.programme.objectives.progress import (
    DAYS_PER_MONTH,
    DOWN,
    TREND_POINTS,
    Points,
    better,
    trend_per_month,
)

MIN_WORDS = 4
TREND_FACTOR = 2  # "far beyond the trend": more than twice the recent pace

LETTERS = {
    "S": gettext_lazy("Specific"),
    "M": gettext_lazy("Measurable"),
    "A": gettext_lazy("Achievable"),
    "R": gettext_lazy("Relevant"),
    "T": gettext_lazy("Time-bound"),
}


@dataclass(frozen=True)
class SmartCheck:
    letter: str
    ok: bool
    reason: str

    @property
    def name(self) -> str:
        return str(LETTERS[self.letter])


@dataclass
class SmartInput:
    statement: str
    scope_kind: str = "group"  # group, site, department
    site_id: int | None = None
    site_name: str = ""
    department_id: int | None = None
    department_name: str = ""
    kpi_name: str | None = None  # None: no KPI linked
    kpi_in_catalogue: bool = False
    direction: str = "up"
    baseline: Decimal | None = None
    target: Decimal | None = None
    deadline: date | None = None
    owner_name: str | None = None  # None: no owner
    owner_active: bool = True
    owner_site_id: int | None = None
    owner_department_id: int | None = None
    owner_is_process_owner: bool = False
    retained_strategy: str | None = None  # the title of the iteration's retained option
    points: Points = field(default_factory=list)  # the KPI's values up to ``today``, oldest first
    iteration_start: date | None = None
    iteration_end: date | None = None
    today: date | None = None


def num(value) -> str:
    """A figure as people read it: at most two decimals, none when whole, in the active language's format."""
    value = Decimal(value).quantize(Decimal("0.01"))
    whole = value == value.to_integral_value()
    return formats.number_format(value, decimal_pos=0 if whole else 2)


def day(value: date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _scope_label(data: SmartInput) -> str:
    if data.scope_kind == "site":
        return _("the dealership %(name)s") % {"name": data.site_name}
    if data.scope_kind == "department":
        return _("the department %(name)s") % {"name": data.department_name}
    return _("the whole group")


def check_specific(data: SmartInput) -> SmartCheck:
    words = len(data.statement.split())
    if words < MIN_WORDS:
        return SmartCheck("S", False, _("The statement has %(n)s word(s): say in at least %(min)s words what changes and for "
                                        "whom.") % {"n": words, "min": MIN_WORDS})
    if data.scope_kind == "site" and not data.site_id:
        return SmartCheck("S", False, _("The scope is a dealership, but none is chosen."))
    if data.scope_kind == "department" and not data.department_id:
        return SmartCheck("S", False, _("The scope is a department, but none is chosen."))
    return SmartCheck("S", True, _("Says what changes, for %(scope)s.") % {"scope": _scope_label(data)})


def check_measurable(data: SmartInput) -> SmartCheck:
    if data.kpi_name is None and data.target is None:
        return SmartCheck("M", False, _("No KPI and no target: not measurable."))
    if data.kpi_name is None:
        return SmartCheck("M", False, _("No KPI: nothing measures it."))
    if data.target is None:
        return SmartCheck("M", False, _("No target: the KPI “%(kpi)s” says where we are, not where we want to be.") % {
            "kpi": data.kpi_name})
    return SmartCheck("M", True, _("Measured by “%(kpi)s”, target %(target)s.") % {"kpi": data.kpi_name, "target": num(data.target)})


def check_achievable(data: SmartInput) -> SmartCheck:
    if data.baseline is None or data.target is None:
        return SmartCheck("A", False, _("Without a baseline and a target, whether it is achievable cannot be judged."))
    needed = better(data.direction, data.target - data.baseline)
    if needed <= 0:
        return SmartCheck("A", True, _("The target (%(target)s) asks for no improvement on the baseline (%(baseline)s).") % {
            "target": num(data.target), "baseline": num(data.baseline)})
    latest = Decimal(data.points[-1][1]) if data.points else None
    start = latest if latest is not None else data.baseline
    remaining = better(data.direction, data.target - start)
    if remaining <= 0:
        return SmartCheck("A", True, _("Already reached: the latest value is %(value)s for a target of %(target)s.") % {
            "value": num(start), "target": num(data.target)})
    trend = trend_per_month(data.points)
    future = data.deadline is not None and data.today is not None and data.deadline > data.today
    if trend is not None and future:
        months = Decimal((data.deadline - data.today).days) / DAYS_PER_MONTH
        required = remaining / months
        pace = better(data.direction, trend)
        values = {"required": num(required), "deadline": day(data.deadline), "trend": num(pace),
                  "n": min(len(data.points), TREND_POINTS), "factor": TREND_FACTOR}
        if pace <= 0:
            return SmartCheck("A", False, _("Perhaps not achievable: it needs an improvement of %(required)s per month until "
                                            "%(deadline)s, and the KPI has not improved over its last %(n)s values (trend "
                                            "%(trend)s per month).") % values)
        if required > TREND_FACTOR * pace:
            return SmartCheck("A", False, _("Perhaps not achievable: it needs an improvement of %(required)s per month until "
                                            "%(deadline)s, more than %(factor)s times the recent trend (%(trend)s per month "
                                            "over the last %(n)s values).") % values)
        return SmartCheck("A", True, _("Achievable at the recent pace: it needs %(required)s per month until %(deadline)s; "
                                       "the KPI improves by %(trend)s per month.") % values)
    values = {"baseline": num(data.baseline), "target": num(data.target)}
    if data.baseline <= 0:
        return SmartCheck("A", True, _("No trend yet to compare with, and a baseline of %(baseline)s: judged on the next "
                                       "values.") % values)
    if data.direction == DOWN and data.target * 2 < data.baseline:
        return SmartCheck("A", False, _("Perhaps not achievable: with no trend yet, the target more than halves the baseline "
                                        "(%(baseline)s → %(target)s).") % values)
    if data.direction != DOWN and data.target > data.baseline * 2:
        return SmartCheck("A", False, _("Perhaps not achievable: with no trend yet, the target more than doubles the "
                                        "baseline (%(baseline)s → %(target)s).") % values)
    return SmartCheck("A", True, _("Within reach: with no trend yet, the target stays within twice (or half) the baseline "
                                   "(%(baseline)s → %(target)s).") % values)


def _owner_in_scope(data: SmartInput) -> bool:
    if data.owner_is_process_owner or data.scope_kind == "group":
        return True
    if data.scope_kind == "site":
        return data.site_id is not None and data.owner_site_id == data.site_id
    return data.department_id is not None and data.owner_department_id == data.department_id


def check_relevant(data: SmartInput) -> SmartCheck:
    if data.owner_name is None:
        return SmartCheck("R", False, _("No owner: nobody answers for it."))
    if not data.owner_active:
        return SmartCheck("R", False, _("The owner, %(owner)s, has left the group.") % {"owner": data.owner_name})
    if not _owner_in_scope(data):
        return SmartCheck("R", False, _("The owner, %(owner)s, works outside %(scope)s: choose someone of the scope.") % {
            "owner": data.owner_name, "scope": _scope_label(data)})
    if data.kpi_in_catalogue:
        link = _("its KPI is a metric of the catalogue")
    elif data.retained_strategy:
        link = _("it serves the retained strategy “%(option)s”") % {"option": data.retained_strategy}
    else:
        return SmartCheck("R", False, _("Not linked to the programme: its KPI is not a metric of the catalogue and no strategy "
                                        "option is retained yet."))
    return SmartCheck("R", True, _("Relevant: %(link)s, and %(owner)s owns it.") % {"link": link, "owner": data.owner_name})


def check_time_bound(data: SmartInput) -> SmartCheck:
    if data.deadline is None:
        return SmartCheck("T", False, _("No deadline: not time-bound."))
    values = {"deadline": day(data.deadline)}
    if data.today is not None and data.deadline < data.today:
        return SmartCheck("T", False, _("The deadline (%(deadline)s) has passed.") % values)
    if data.iteration_end is not None and data.deadline > data.iteration_end:
        return SmartCheck("T", False, _("The deadline (%(deadline)s) is after the end of the iteration (%(end)s): bring it "
                                        "within the iteration.") % {**values, "end": day(data.iteration_end)})
    if data.iteration_start is not None and data.deadline < data.iteration_start:
        return SmartCheck("T", False, _("The deadline (%(deadline)s) is before the iteration starts (%(start)s).") % {
            **values, "start": day(data.iteration_start)})
    return SmartCheck("T", True, _("Deadline %(deadline)s, within the iteration.") % values)


def smart_check(data: SmartInput) -> list[SmartCheck]:
    """The five checks, in the order S, M, A, R, T."""
    return [check_specific(data), check_measurable(data), check_achievable(data), check_relevant(data), check_time_bound(data)]
