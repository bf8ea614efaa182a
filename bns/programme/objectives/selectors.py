"""Reads of the objectives and KPIs of an iteration (tenant explicit; a bounded number of queries per page).

Lists come with their KPI's latest value as a subquery annotation; the SMART checks and the KPI statuses need the
last values of every KPI on the page, read in ONE query with a window function (``kpi_points``), and the iteration's
retained strategy option (one more).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone

from bns.models import Department, Employee, Site, Tenant
from bns.programme.models import Kpi, KpiValue, Objective, Programme, StrategyOption
from bns.programme.objectives import progress
from bns.programme.objectives.smart import SmartCheck, SmartInput, smart_check
from dashboards.catalogue import Metric, metric_get

CHART_VALUES_MAX = 500  # the chart and the table of a KPI show its last 500 values (more than a year of days)


def _pk(pk) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError):
        raise Http404 from None


def programme_as_of(programme: Programme) -> date:
    """The day an iteration is judged on: today while it runs; for a closed one, the day it was closed."""
    today = timezone.localdate()
    if programme.status == Programme.Status.ACTIVE:
        return today
    closed = timezone.localdate(programme.closed_at) if programme.closed_at else programme.target_end_on
    return min(today, closed)


def programme_pick(*, tenant: Tenant, pk=None) -> Programme | None:
    """The iteration ``pk`` of the group (Http404 otherwise), or else the current one (the active iteration, else the
    latest; None before the first). Unscoped reads with an explicit tenant: the browsable API calls it again after the
    request's tenant context has ended."""
    qs = Programme.unscoped.filter(tenant=tenant).select_related("process_owner", "sponsor")
    if pk not in (None, ""):
        found = qs.filter(pk=_pk(pk)).first()
        if found is None:
            raise Http404
        return found
    return qs.filter(status=Programme.Status.ACTIVE).first() or qs.order_by("-iteration").first()


def _latest(tenant: Tenant, outer: str = "pk"):
    return KpiValue.unscoped.filter(tenant=tenant, kpi_id=OuterRef(outer)).order_by("-measured_on", "-pk")


# --- KPIs ---------------------------------------------------------------------------------------------


def kpi_list(*, tenant: Tenant, programme: Programme) -> QuerySet[Kpi]:
    latest = _latest(tenant)
    return (
        Kpi.unscoped.filter(tenant=tenant, programme=programme)
        .select_related("site", "department")
        .annotate(latest_value=Subquery(latest.values("value")[:1]), latest_on=Subquery(latest.values("measured_on")[:1]))
        .order_by("name", "pk")
    )


def kpi_get_for(*, tenant: Tenant, pk) -> Kpi:
    """One KPI of the group (any iteration), or Http404 (missing and another group's alike)."""
    latest = _latest(tenant)
    kpi = (
        Kpi.unscoped.filter(tenant=tenant, pk=_pk(pk))
        .select_related("programme", "programme__process_owner", "site", "department")
        .annotate(latest_value=Subquery(latest.values("value")[:1]), latest_on=Subquery(latest.values("measured_on")[:1]))
        .first()
    )
    if kpi is None:
        raise Http404
    return kpi


def kpi_choices(*, tenant: Tenant, programme: Programme) -> QuerySet[Kpi]:
    return Kpi.unscoped.filter(tenant=tenant, programme=programme).order_by("name", "pk")


def kpi_value_get_for(*, tenant: Tenant, pk) -> KpiValue:
    value = KpiValue.unscoped.filter(tenant=tenant, pk=_pk(pk)).select_related("kpi", "kpi__programme").first()
    if value is None:
        raise Http404
    return value


def kpi_value_list(*, tenant: Tenant, kpi_id: int | None = None, programme: Programme | None = None) -> QuerySet[KpiValue]:
    qs = KpiValue.unscoped.filter(tenant=tenant).select_related("kpi", "entered_by")
    if kpi_id is not None:
        qs = qs.filter(kpi_id=kpi_id)
    if programme is not None:
        qs = qs.filter(kpi__programme=programme)
    return qs.order_by("kpi_id", "measured_on", "pk")


def kpi_history(*, tenant: Tenant, kpi: Kpi) -> list[KpiValue]:
    """The KPI's last ``CHART_VALUES_MAX`` values, oldest first (the chart and its table)."""
    newest = KpiValue.unscoped.filter(tenant=tenant, kpi=kpi).select_related("entered_by").order_by("-measured_on", "-pk")
    return list(reversed(newest[:CHART_VALUES_MAX]))


def kpi_points(*, tenant: Tenant, kpi_ids, until: date | None = None, limit: int = progress.TREND_POINTS) -> dict[int, list]:
    """The last ``limit`` (date, value) points of each KPI, oldest first, up to ``until``: one query (a window)."""
    ids = [pk for pk in set(kpi_ids) if pk is not None]
    out: dict[int, list] = {pk: [] for pk in ids}
    if not ids:
        return out
    qs = KpiValue.unscoped.filter(tenant=tenant, kpi_id__in=ids)
    if until is not None:
        qs = qs.filter(measured_on__lte=until)
    rows = (
        qs.annotate(rank=Window(RowNumber(), partition_by=[F("kpi_id")], order_by=[F("measured_on").desc()]))
        .filter(rank__lte=limit)
        .order_by("kpi_id", "measured_on")
        .values_list("kpi_id", "measured_on", "value")
    )
    for kpi_id, day, value in rows:
        out[kpi_id].append((day, value))
    return out


@dataclass
class KpiRow:
    kpi: Kpi
    metric: Metric | None
    status: str
    points: list

    @property
    def status_label(self) -> str:
        return str(progress.STATUS_LABELS[self.status])

    @property
    def status_badge(self) -> str:
        return progress.STATUS_BADGES.get(self.status, "")

    @property
    def trend(self) -> Decimal | None:
        return progress.trend_per_month(self.points)

    @property
    def unit(self) -> str:
        return progress.unit_label(self.kpi.unit)


def kpi_rows(*, tenant: Tenant, programme: Programme, kpis) -> list[KpiRow]:
    kpis = list(kpis)
    today = programme_as_of(programme)
    points = kpi_points(tenant=tenant, kpi_ids=[k.pk for k in kpis], until=today)
    return [
        KpiRow(kpi=k, metric=metric_get(k.metric_key) if k.metric_key else None, points=points.get(k.pk, []),
               status=progress.kpi_status(direction=k.direction, target=k.target, points=points.get(k.pk, []),
                                          end_on=programme.target_end_on, today=today))
        for k in kpis
    ]


# --- Objectives ---------------------------------------------------------------------------------------


def objective_list(*, tenant: Tenant, programme: Programme, search: str = "") -> QuerySet[Objective]:
    latest = _latest(tenant, "kpi_id")
    qs = (
        Objective.unscoped.filter(tenant=tenant, programme=programme)
        .select_related("kpi", "owner", "site", "department")
        .annotate(latest_value=Subquery(latest.values("value")[:1]), latest_on=Subquery(latest.values("measured_on")[:1]))
    )
    search = " ".join(str(search or "").split())[:100]
    if search:
        qs = qs.filter(Q(statement__icontains=search) | Q(kpi__name__icontains=search) | Q(owner__last_name__icontains=search))
    return qs.order_by("deadline", "pk")


def objective_get_for(*, tenant: Tenant, pk) -> Objective:
    latest = _latest(tenant, "kpi_id")
    objective = (
        Objective.unscoped.filter(tenant=tenant, pk=_pk(pk))
        .select_related("programme", "programme__process_owner", "kpi", "owner", "site", "department")
        .annotate(latest_value=Subquery(latest.values("value")[:1]), latest_on=Subquery(latest.values("measured_on")[:1]))
        .first()
    )
    if objective is None:
        raise Http404
    return objective


def retained_strategy(*, tenant: Tenant, programme: Programme) -> StrategyOption | None:
    return StrategyOption.unscoped.filter(tenant=tenant, programme=programme, status=StrategyOption.Status.RETAINED).first()


def smart_input(objective: Objective, *, programme: Programme, retained: StrategyOption | None, points: list,
                today: date) -> SmartInput:
    kpi, owner = objective.kpi, objective.owner
    return SmartInput(
        statement=objective.statement, scope_kind=objective.scope_kind,
        site_id=objective.site_id, site_name=objective.site.name if objective.site_id else "",
        department_id=objective.department_id, department_name=objective.department.name if objective.department_id else "",
        kpi_name=kpi.name if kpi else None, kpi_in_catalogue=bool(kpi and metric_get(kpi.metric_key)),
        direction=kpi.direction if kpi else "up", baseline=objective.baseline, target=objective.target,
        deadline=objective.deadline, owner_name=owner.full_name if owner else None,
        owner_active=bool(owner and owner.is_active), owner_site_id=owner.site_id if owner else None,
        owner_department_id=owner.department_id if owner else None,
        owner_is_process_owner=bool(owner and owner.pk == programme.process_owner_id),
        retained_strategy=retained.title if retained else None, points=points,
        iteration_start=programme.starts_on, iteration_end=programme.target_end_on, today=today,
    )


@dataclass
class ObjectiveRow:
    objective: Objective
    checks: list[SmartCheck]
    progress: Decimal | None
    latest: tuple[date, Decimal] | None  # the KPI's latest value on the day the iteration is judged

    @property
    def passed(self) -> int:
        return sum(1 for check in self.checks if check.ok)

    @property
    def failed(self) -> list[SmartCheck]:
        return [check for check in self.checks if not check.ok]

    @property
    def progress_bar(self) -> int:
        return int(min(max(self.progress or 0, 0), 100))


def objective_rows(*, tenant: Tenant, programme: Programme, objectives) -> list[ObjectiveRow]:
    """Each objective with its SMART checks and progress: two queries whatever the number of objectives."""
    objectives = list(objectives)
    today = programme_as_of(programme)
    points = kpi_points(tenant=tenant, kpi_ids=[o.kpi_id for o in objectives], until=today)
    retained = retained_strategy(tenant=tenant, programme=programme) if objectives else None
    rows = []
    for objective in objectives:
        series = points.get(objective.kpi_id, [])
        latest = series[-1] if series else None
        rows.append(ObjectiveRow(
            objective=objective,
            checks=smart_check(smart_input(objective, programme=programme, retained=retained, points=series, today=today)),
            progress=progress.progress_percent(baseline=objective.baseline, target=objective.target,
                                               value=latest[1] if latest else None),
            latest=latest,
        ))
    return rows


# --- Choices for the forms ----------------------------------------------------------------------------


def employee_choices(*, tenant: Tenant) -> QuerySet[Employee]:
    return Employee.unscoped.filter(tenant=tenant, is_active=True).order_by("last_name", "first_name", "pk")


def site_choices(*, tenant: Tenant) -> QuerySet[Site]:
    return Site.unscoped.filter(tenant=tenant).order_by("name", "pk")


def department_choices(*, tenant: Tenant) -> QuerySet[Department]:
    return Department.unscoped.filter(tenant=tenant).order_by("name", "pk")
