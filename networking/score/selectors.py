"""Reads of the networking score (tenant explicit; who may see whom: networking.access)."""

from __future__ import annotations

from datetime import date

from django.db.models import Avg, Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from bns.models import Department, Employee, Membership, Site, Tenant
from bns.permissions import Perm
from networking.access import team_ids
from networking.models import NetworkingScore, NetworkingScoreRun, NetworkingSettings
from networking.score import formula

HISTORY_LENGTH = 12

GROUP_SORTS = {
    "name": ("employee__last_name", "employee__first_name", "employee_id"),
    "-total": ("-total", "employee__last_name", "employee_id"),
    "total": ("total", "employee__last_name", "employee_id"),
    "-brand": ("-brand", "employee__last_name", "employee_id"),
    "-reach": ("-reach", "employee__last_name", "employee_id"),
    "-engage": ("-engage", "employee__last_name", "employee_id"),
    "-relate": ("-relate", "employee__last_name", "employee_id"),
    "site": ("employee__site__name", "employee__last_name", "employee_id"),
}


def score_weights_for(*, tenant: Tenant) -> dict[str, dict[str, float]]:
    """The weights and targets the group computes with (the defaults, overlaid with its settings)."""
    stored = NetworkingSettings.unscoped.filter(tenant=tenant).values_list("score_weights", flat=True).first()
    return formula.weights_effective(stored)


def score_history(*, tenant: Tenant, employee_id: int, limit: int = HISTORY_LENGTH) -> list[NetworkingScore]:
    """The employee's latest snapshots, newest first (the first one is the current score)."""
    return list(NetworkingScore.unscoped.filter(tenant=tenant, employee_id=employee_id).order_by("-computed_on")[:limit])


def score_latest(*, tenant: Tenant) -> QuerySet:
    """Each employee's latest snapshot (one row per employee who has any)."""
    latest_day = (
        NetworkingScore.unscoped.filter(tenant=tenant, employee_id=OuterRef("employee_id"))
        .order_by("-computed_on")
        .values("computed_on")[:1]
    )
    return NetworkingScore.unscoped.filter(tenant=tenant, computed_on=Subquery(latest_day))


def score_visible_employee_ids(*, membership: Membership) -> list[int] | None:
    """Whose scores the member may read: None means everyone of the group (VIEW_NETWORKING); otherwise their own
    and those of the employees below them in the management line."""
    if membership.has_perm(Perm.VIEW_NETWORKING):
        return None
    if membership.employee_id is None:
        return []
    return [membership.employee_id, *team_ids(tenant=membership.tenant, manager=membership.employee, include_inactive=True)]


def score_list_for(*, membership: Membership, employee_id: int | None = None, day: date | None = None) -> QuerySet:
    """The snapshots the member may read: the latest per employee by default; one day's with ``day``; every
    snapshot of one employee with ``employee_id`` (newest first)."""
    tenant = membership.tenant
    if day is not None or employee_id is not None:
        qs = NetworkingScore.unscoped.filter(tenant=tenant)
        if day is not None:
            qs = qs.filter(computed_on=day)
        if employee_id is not None:
            qs = qs.filter(employee_id=employee_id)
    else:
        qs = score_latest(tenant=tenant)
    visible = score_visible_employee_ids(membership=membership)
    if visible is not None:
        qs = qs.filter(employee_id__in=visible)
    return qs.select_related("employee").order_by("-computed_on", "employee__last_name", "employee__first_name", "pk")


def score_get_for(*, membership: Membership, pk) -> NetworkingScore:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    score = NetworkingScore.unscoped.filter(tenant=membership.tenant, pk=pk).select_related("employee").first()
    visible = score_visible_employee_ids(membership=membership)
    if score is None or (visible is not None and score.employee_id not in visible):
        raise Http404
    return score


def score_group_list(*, tenant: Tenant, site_id: int | None = None, department_id: int | None = None, search: str = "",
                     sort: str = "-total") -> QuerySet:
    """The latest snapshot of each active employee, filtered and sorted for the group page and its export."""
    qs = score_latest(tenant=tenant).filter(employee__is_active=True)
    if site_id:
        qs = qs.filter(employee__site_id=site_id)
    if department_id:
        qs = qs.filter(employee__department_id=department_id)
    for word in (search or "").split()[:5]:
        qs = qs.filter(Q(employee__first_name__icontains=word) | Q(employee__last_name__icontains=word)
                       | Q(employee__job_title__icontains=word))
    return qs.select_related("employee", "employee__site", "employee__department").order_by(*GROUP_SORTS.get(sort, GROUP_SORTS["-total"]))


def score_site_averages(queryset: QuerySet) -> list[dict]:
    """Averages of the list's snapshots per dealership (employees with no dealership grouped last), one query."""
    rows = (
        queryset.order_by()
        .values("employee__site_id", "employee__site__name")
        .annotate(n=Count("id"), total=Avg("total"), brand=Avg("brand"), reach=Avg("reach"), engage=Avg("engage"),
                  relate=Avg("relate"))
        .order_by("employee__site__name")
    )
    return [
        {"site_id": r["employee__site_id"], "site": r["employee__site__name"], "n": r["n"],
         **{k: round(float(r[k] or 0), 1) for k in ("total", "brand", "reach", "engage", "relate")}}
        for r in rows
    ]


def score_filter_choices(*, tenant: Tenant) -> dict:
    return {
        "sites": list(Site.unscoped.filter(tenant=tenant).order_by("name").values_list("pk", "name")),
        "departments": list(Department.unscoped.filter(tenant=tenant).order_by("name").values_list("pk", "name")),
    }


def score_run_latest(*, tenant: Tenant) -> NetworkingScoreRun | None:
    return NetworkingScoreRun.unscoped.filter(tenant=tenant).order_by("-created_at", "-pk").first()


def score_run_get_for(*, tenant: Tenant, pk) -> NetworkingScoreRun:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    run = NetworkingScoreRun.unscoped.filter(tenant=tenant, pk=pk).first()
    if run is None:
        raise Http404
    return run


def score_runs(*, tenant: Tenant) -> QuerySet:
    return NetworkingScoreRun.unscoped.filter(tenant=tenant).order_by("-created_at", "-pk")


def run_percent(run: NetworkingScoreRun | None) -> int:
    if run is None:
        return 0
    if run.status == NetworkingScoreRun.Status.DONE:
        return 100
    return int(100 * run.employees_done / run.employees_total) if run.employees_total else 0


def employee_label(*, tenant: Tenant, employee_id: int) -> Employee | None:
    return Employee.unscoped.filter(tenant=tenant, pk=employee_id).select_related("site", "department").first()
