"""Pure arithmetic of KPIs and objectives: the recent trend, an objective's progress, a KPI's status.

No database here: the selectors read the values (a bounded number of queries) and pass them in.

- **Trend**: the least-squares slope of the KPI's last ``TREND_POINTS`` values, per month (30.44 days).
- **Progress** of an objective: where the latest value stands between the baseline (0 %) and the target (100 %).
- **Status** of a KPI against its target: "target reached" (the latest value is at or beyond it, in the KPI's
  direction), "on track" (the trend, carried on to the end of the iteration, reaches it), "off track" (it does
  not), "too early to tell" (a single value: no trend yet), "no value yet", "no target".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

TREND_POINTS = 6  # "recent": the last six values
DAYS_PER_MONTH = Decimal("30.44")
UP, DOWN = "up", "down"

STATUS_LABELS = {
    "reached": _("target reached"),
    "on_track": _("on track"),
    "off_track": _("off track"),
    "too_early": _("too early to tell"),
    "no_value": _("no value yet"),
    "no_target": _("no target"),
}
STATUS_BADGES = {"reached": "badge-ok", "on_track": "badge-ok", "off_track": "badge-danger", "too_early": "badge-warn"}

Points = Sequence[tuple[date, Decimal]]


def trend_per_month(points: Points) -> Decimal | None:
    """Slope of the least-squares line through the last ``TREND_POINTS`` (date, value) points, per month; None with
    fewer than two distinct dates. ``points`` oldest first."""
    recent = list(points)[-TREND_POINTS:]
    if len({day for day, _value in recent}) < 2:
        return None
    origin = recent[0][0]
    xs = [Decimal((day - origin).days) for day, _value in recent]
    ys = [Decimal(value) for _day, value in recent]
    n = Decimal(len(recent))
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    covariance = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    variance = sum((x - mean_x) ** 2 for x in xs)
    return covariance / variance * DAYS_PER_MONTH


def better(direction: str, amount: Decimal) -> Decimal:
    """A change expressed as an improvement: as is when higher is better, negated when lower is better."""
    return -amount if direction == DOWN else amount


def progress_percent(*, baseline: Decimal | None, target: Decimal | None, value: Decimal | None) -> Decimal | None:
    """0 % at the baseline, 100 % at the target (beyond either end as measured); None without all three or when the
    target equals the baseline."""
    if baseline is None or target is None or value is None or target == baseline:
        return None
    return ((value - baseline) * 100 / (target - baseline)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def kpi_status(*, direction: str, target: Decimal | None, points: Points, end_on: date | None, today: date) -> str:
    """One of STATUS_LABELS' keys (see the module docstring). ``points`` oldest first, up to ``today``."""
    if target is None:
        return "no_target"
    if not points:
        return "no_value"
    latest = Decimal(points[-1][1])
    if better(direction, latest - target) >= 0:
        return "reached"
    trend = trend_per_month(points)
    if trend is None:
        return "too_early"
    months = Decimal(max((end_on - today).days, 0)) / DAYS_PER_MONTH if end_on else Decimal(0)
    projected = latest + trend * months
    return "on_track" if better(direction, projected - target) >= 0 else "off_track"


UNIT_LABELS = {
    "%": "%",
    "count": _("count"),
    "€": "€",
    "score": _("points"),
    "days": _("days"),
    "per_employee": _("per employee"),
}


def unit_label(unit: str) -> str:
    """A catalogue unit code as people read it; a unit typed by hand as is."""
    return str(UNIT_LABELS.get(unit, unit))


SCOPE_LABELS = {"group": _("group"), "site": _("dealership"), "department": _("department"), "employee": _("employee")}


def catalogue_rows(metrics) -> list[dict]:
    """The catalogue as the KPI page shows it: units and scope levels in words."""
    return [{"metric": m, "unit": unit_label(m.unit), "scopes": ", ".join(str(SCOPE_LABELS[s]) for s in m.scopes)} for m in metrics]
