"""Reads of the dashboards' snapshots (tenant-scoped by an explicit tenant; a bounded number of queries each).

Pages read snapshots, never the raw event tables (brief section 6). Each selector below is ONE query whatever
the size of the group, except ``medians`` on SQLite (one query, then the median in Python over at most one value
per dealership or department and metric).

``snapshot_value_read`` is the reader installed in ``catalogue.value_source_set`` (dashboards/apps.py): the
programme's KPIs read a day's snapshot when there is one, and compute live otherwise.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Aggregate, DecimalField

from bns.models import Tenant
from dashboards.catalogue import MISSING, Metric
from dashboards.models import Level, MetricSnapshot, SnapshotRun

_KEY_FIELD = {Level.SITE: "site_id", Level.DEPARTMENT: "department_id", Level.EMPLOYEE: "employee_id"}


def _level(level: str) -> str:
    if level not in Level.values:
        raise ValueError(f"unknown level {level!r}")
    return level


# --- Runs ---------------------------------------------------------------------------------------------------


def snapshot_latest_run(*, tenant: Tenant, done: bool = False) -> SnapshotRun | None:
    """The tenant's latest run (any status), or with ``done`` the latest finished one (the "as of" of the pages)."""
    runs = SnapshotRun.unscoped.filter(tenant=tenant)
    if done:
        runs = runs.filter(status=SnapshotRun.Status.DONE)
        return runs.select_related("requested_by").order_by("-finished_at", "-pk").first()
    return runs.select_related("requested_by").order_by("-created_at", "-pk").first()


def snapshot_run_get(*, tenant: Tenant, pk) -> SnapshotRun | None:
    """A run of the tenant by id (None for a bad, missing or other tenant's id): the progress bar polls it."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    if not 0 < pk < 2**63:
        return None
    return SnapshotRun.unscoped.filter(tenant=tenant, pk=pk).first()


def snapshot_latest_day(*, tenant: Tenant) -> date | None:
    """The latest day with a snapshot."""
    return (MetricSnapshot.unscoped.filter(tenant=tenant).order_by("-day").values_list("day", flat=True).first())


# --- Values -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SnapshotValue:
    key: int | None  # None for the group, else the site, department or employee id
    metric_key: str
    value: Decimal | None  # None: no data


def snapshot_values(*, tenant: Tenant, day: date, level: str, metric_keys=None, keys=None) -> list[SnapshotValue]:
    """The day's values at a level (every entity, or those of ``keys``), for every metric or ``metric_keys``."""
    level = _level(level)
    key_field = _KEY_FIELD.get(level)
    rows = MetricSnapshot.unscoped.filter(tenant=tenant, day=day, level=level)
    if metric_keys is not None:
        rows = rows.filter(metric_key__in=list(metric_keys))
    if keys is not None and key_field:
        rows = rows.filter(**{f"{key_field}__in": list(keys)})
    fields = [key_field, "metric_key", "value"] if key_field else ["metric_key", "value"]
    out = []
    for row in rows.order_by(*fields[:-1]).values_list(*fields):
        out.append(SnapshotValue(row[0], row[1], row[2]) if key_field else SnapshotValue(None, row[0], row[1]))
    return out


def snapshot_table(*, tenant: Tenant, day: date, level: str, metric_keys=None, keys=None) -> dict[int | None, dict[str, Decimal | None]]:
    """``snapshot_values`` as {key: {metric_key: value}} (one query)."""
    table: dict[int | None, dict[str, Decimal | None]] = defaultdict(dict)
    for item in snapshot_values(tenant=tenant, day=day, level=level, metric_keys=metric_keys, keys=keys):
        table[item.key][item.metric_key] = item.value
    return dict(table)


def snapshot_series(*, tenant: Tenant, level: str, key: int | None, metric_key: str, days: int = 90,
                    until: date | None = None) -> list[tuple[date, Decimal | None]]:
    """A metric's trend for the group (key None) or one site, department or employee: (day, value) for each day
    with a snapshot in the ``days`` days up to ``until`` (the series' latest day by default: one more query),
    oldest first."""
    level = _level(level)
    rows = MetricSnapshot.unscoped.filter(tenant=tenant, level=level, metric_key=metric_key)
    key_field = _KEY_FIELD.get(level)
    if key_field:
        rows = rows.filter(**{key_field: key})
    if until is None:  # a second query: pages pass the day of the run they show
        until = rows.order_by("-day").values_list("day", flat=True).first()
        if until is None:
            return []
    rows = rows.filter(day__lte=until, day__gt=until - timedelta(days=days))
    return list(rows.order_by("day").values_list("day", "value"))


# --- Medians ------------------------------------------------------------------------------------------------


class _Median(Aggregate):
    """The median on PostgreSQL, exactly: the mean of the lower and upper middle values (``percentile_disc`` both
    ways), the same figure as ``percentile_cont(0.5)`` without its cast to floating point (66.665 stays 66.665)."""

    function = "PERCENTILE_DISC"
    name = "Median"
    template = ("((%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
                " + %(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s DESC)) / 2)")
    output_field = DecimalField(max_digits=16, decimal_places=4)


def _round(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def medians(*, tenant: Tenant, day: date, level: str = Level.SITE, metric_keys=None) -> dict[str, Decimal | None]:
    """For each metric, the median of its values over the dealerships (or departments, employees) of the day,
    the entities with no data left out; None when none has a value. One query: on PostgreSQL the median in SQL
    (``_Median``); on SQLite (no such aggregate) the median is taken in Python over the values fetched (at most one per
    entity and metric: #sites x #metrics for the site level)."""
    level = _level(level)
    rows = MetricSnapshot.unscoped.filter(tenant=tenant, day=day, level=level)
    if metric_keys is not None:
        rows = rows.filter(metric_key__in=list(metric_keys))
    out: dict[str, Decimal | None] = {}
    if connection.vendor == "postgresql":
        for metric_key, median in rows.order_by().values("metric_key").annotate(m=_Median("value")).values_list("metric_key", "m"):
            out[metric_key] = _round(median)
        return out
    values: dict[str, list[Decimal]] = defaultdict(list)
    for metric_key, value in rows.order_by().values_list("metric_key", "value"):
        out.setdefault(metric_key, None)
        if value is not None:
            values[metric_key].append(value)
    for metric_key, found in values.items():
        out[metric_key] = _round(statistics.median(found))
    return out


def site_median(*, tenant: Tenant, day: date, metric_key: str) -> Decimal | None:
    """The median of a metric over the group's dealerships on the day (None: no dealership has a value)."""
    return medians(tenant=tenant, day=day, level=Level.SITE, metric_keys=[metric_key]).get(metric_key)


# --- The catalogue's reader ---------------------------------------------------------------------------------


def snapshot_value_read(metric: Metric, *, tenant, scope_kind: str, site=None, department=None, employee=None,
                        as_of: date | None = None):
    """The snapshot's value of ``metric`` for the scope on ``as_of`` (one query): a Decimal, None when the snapshot
    says "no data", or ``catalogue.MISSING`` when there is no snapshot row for that day and scope (then the
    catalogue computes live)."""
    if as_of is None or scope_kind not in Level.values:
        return MISSING
    key_field = _KEY_FIELD.get(scope_kind)
    lookup = {"tenant": tenant, "day": as_of, "level": scope_kind, "metric_key": metric.key}
    if key_field:
        scope_object = {"site_id": site, "department_id": department, "employee_id": employee}[key_field]
        if scope_object is None:
            return MISSING
        lookup[key_field] = getattr(scope_object, "pk", scope_object)
    found = list(MetricSnapshot.unscoped.filter(**lookup).values_list("value", flat=True)[:1])
    return found[0] if found else MISSING
