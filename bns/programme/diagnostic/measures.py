"""Measured indicators beside the declared answers: what the data says about each maturity dimension.

The figures come from the metric catalogue (``dashboards.catalogue``, the one registry of what the system measures),
for the whole group, on the day the iteration is judged (today while it runs, its closing day once closed). Each
figure is turned into a MEASURED LEVEL 1-5 with the thresholds below (ONE place: change them here and the page, the
API and the export follow). A dimension's measured level is the mean of its indicators' levels, rounded half up;
indicators without data ("no measure yet": the catalogue answers None, never a made-up 0) are left out, and a
dimension whose indicators all lack data has no measured level. Leadership and governance, and strategy and
objectives, have no measured indicator: they rest on the answers alone.

Thresholds (``bands``): a value below the first band is level 1, from the first band up to the second level 2, and so
on; from the fourth band up, level 5.
- shares in % (profile completeness, active employees, relationships shared, introduction requests answered in
  time, target networks covered, offered our products to their own circle): 20, 40, 60, 80
  (0-20 % -> 1, 20-40 % -> 2, 40-60 % -> 3, 60-80 % -> 4, 80-100 % -> 5);
- activity per active employee (activities in 30 days): 2, 4, 8, 12 (one post every fortnight is level 2, about
  two a week level 4);
- referrals won in 90 days (a count for the group): 1, 3, 6, 10 (none -> 1, 1-2 -> 2, 3-5 -> 3, 6-9 -> 4, 10+ -> 5);
- pride in the conviction pulse (a mean 1-5): 1.5, 2.5, 3.5, 4.5 (the mean rounded half up).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from bns.programme.diagnostic.questionnaire import DIMENSION_KEYS
from dashboards.catalogue import metric_get, metric_value

PERCENT_BANDS = (Decimal(20), Decimal(40), Decimal(60), Decimal(80))

# Metric key -> the thresholds of levels 2, 3, 4 and 5.
BANDS: dict[str, tuple[Decimal, Decimal, Decimal, Decimal]] = {
    "profile_completeness": PERCENT_BANDS,
    "active_employees": PERCENT_BANDS,
    "activity_per_active_employee": (Decimal(2), Decimal(4), Decimal(8), Decimal(12)),
    "relationships_shared": PERCENT_BANDS,
    "intro_requests_answered": PERCENT_BANDS,
    "network_coverage": PERCENT_BANDS,
    "referrals_won": (Decimal(1), Decimal(3), Decimal(6), Decimal(10)),
    "pulse_pride": (Decimal("1.5"), Decimal("2.5"), Decimal("3.5"), Decimal("4.5")),
    "pulse_offered_own_circle": PERCENT_BANDS,
}

# Dimension key -> the catalogue's metrics that measure it (the dimensions not listed have none).
DIMENSION_METRICS: dict[str, tuple[str, ...]] = {
    "profiles": ("profile_completeness",),
    "activity": ("active_employees", "activity_per_active_employee"),
    "real_networks": ("network_coverage",),
    "sharing_culture": ("relationships_shared", "intro_requests_answered"),
    "results": ("referrals_won",),
    "conviction": ("pulse_pride", "pulse_offered_own_circle"),
}
assert all(key in BANDS for keys in DIMENSION_METRICS.values() for key in keys)


def measured_level(metric_key: str, value) -> int | None:
    """A figure of the catalogue as a level 1-5 with its thresholds (None without a value)."""
    if value is None:
        return None
    value = Decimal(str(value))
    return 1 + sum(1 for threshold in BANDS[metric_key] if value >= threshold)


@dataclass
class Indicator:
    key: str
    label: str
    formula: str
    unit: str
    value: Decimal | None  # None: no measure yet
    level: int | None
    bands: tuple[Decimal, ...]


@dataclass
class DimensionMeasure:
    dimension: str
    indicators: list[Indicator] = field(default_factory=list)

    @property
    def measurable(self) -> bool:
        """Whether the system measures anything for this dimension at all."""
        return bool(self.indicators)

    @property
    def level(self) -> int | None:
        levels = [i.level for i in self.indicators if i.level is not None]
        if not levels:
            return None
        return int((Decimal(sum(levels)) / len(levels)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def dimension_measures(*, tenant, as_of: date | None = None) -> dict[str, DimensionMeasure]:
    """The measured indicators of every dimension for the whole group (one or two aggregate queries per metric, a
    fixed number whatever the data)."""
    out: dict[str, DimensionMeasure] = {}
    for key in DIMENSION_KEYS:
        measure = DimensionMeasure(dimension=key)
        for metric_key in DIMENSION_METRICS.get(key, ()):
            metric = metric_get(metric_key)
            if metric is None:  # pragma: no cover - the catalogue lost a metric: say nothing rather than fail
                continue
            value = metric_value(metric, tenant=tenant, scope_kind="group", as_of=as_of)
            measure.indicators.append(Indicator(
                key=metric_key, label=metric.label, formula=metric.formula, unit=metric.unit, value=value,
                level=measured_level(metric_key, value), bands=BANDS[metric_key],
            ))
        out[key] = measure
    return out
