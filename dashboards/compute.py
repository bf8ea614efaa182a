"""The set-based computation of a tenant's snapshot for a day (no writes here: services.snapshot_compute swaps).

For every computed metric of the catalogue and every level it is defined for, ONE grouped query
(``Metric.compute_grouped``: GROUP BY the employee's dealership, department, or the employee; the pulse's group
figures take two), never a query per site, department or employee. The rows are then laid out in memory: one per
(level, entity, metric) for the entities that exist (every dealership, every department, every active employee,
and the group), ``None`` where the catalogue has no value for that entity. The number of rows is bounded by
(#sites + #departments + #active employees + 1) x #metrics; the number of queries does not depend on the data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from bns.models import Department, Employee, Site, Tenant
from dashboards.catalogue import METRICS, Metric
from dashboards.metrics_coordination import metric_memo
from dashboards.models import Level, MetricSnapshot, SnapshotRun

LEVELS = (Level.GROUP, Level.SITE, Level.DEPARTMENT, Level.EMPLOYEE)
_KEY_FIELD = {Level.SITE: "site_id", Level.DEPARTMENT: "department_id", Level.EMPLOYEE: "employee_id"}


def snapshot_metrics() -> list[Metric]:
    """The metrics a snapshot holds: those of the catalogue something computes."""
    return [metric for metric in METRICS if metric.compute_grouped is not None]


@dataclass
class SnapshotResult:
    rows: list[MetricSnapshot] = field(default_factory=list)
    level_counts: dict[str, int] = field(default_factory=dict)
    metric: str = ""  # the metric being computed (named in the run's error when it fails)


def snapshot_entities(*, tenant: Tenant) -> dict[str, list[int | None]]:
    """The keys of each level: the group (None), every dealership, every department, every active employee
    (three queries). A departed employee has no row: the catalogue gives them no value anyway."""
    return {
        Level.GROUP: [None],
        Level.SITE: list(Site.unscoped.filter(tenant=tenant).order_by("pk").values_list("pk", flat=True)),
        Level.DEPARTMENT: list(Department.unscoped.filter(tenant=tenant).order_by("pk").values_list("pk", flat=True)),
        Level.EMPLOYEE: list(Employee.unscoped.filter(tenant=tenant, is_active=True).order_by("pk").values_list("pk", flat=True)),
    }


def snapshot_rows_compute(*, tenant: Tenant, day: date, run: SnapshotRun, result: SnapshotResult | None = None,
                          progress: Callable[[int, int], None] | None = None) -> SnapshotResult:
    """Every row of the tenant's snapshot for ``day`` (unsaved ``MetricSnapshot`` objects of ``run``).

    ``progress(done, total)`` is called after each metric. ``result`` may be given by the caller to know which
    metric was being computed when an exception escapes."""
    result = result if result is not None else SnapshotResult()
    entities = snapshot_entities(tenant=tenant)
    metrics = snapshot_metrics()
    counts = dict.fromkeys((str(level) for level in LEVELS), 0)
    with metric_memo():  # the nine maturity metrics share their measured figures within one run
        _rows_compute(tenant=tenant, day=day, run=run, result=result, progress=progress, entities=entities,
                      metrics=metrics, counts=counts)
    result.metric = ""
    result.level_counts = counts
    return result


def _rows_compute(*, tenant, day, run, result, progress, entities, metrics, counts) -> None:
    for done, metric in enumerate(metrics, start=1):
        result.metric = metric.key
        for level in LEVELS:
            if level not in metric.scopes:
                continue
            values = metric.compute_grouped(tenant=tenant, level=str(level), as_of=day)
            key_field = _KEY_FIELD.get(level)
            for key in entities[level]:
                row = MetricSnapshot(tenant=tenant, day=day, level=str(level), metric_key=metric.key, value=values.get(key),
                                     run=run)
                if key_field:
                    setattr(row, key_field, key)
                result.rows.append(row)
            counts[str(level)] += len(entities[level])
        if progress is not None:
            progress(done, len(metrics))
