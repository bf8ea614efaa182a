"""Reads of networking activity and tool licences (tenant explicit; who sees whom: networking.access).

- Activity is seen by its employee, their manager line, and members with Perm.VIEW_NETWORKING.
- A person named on an activity is shown only to a viewer who may see that person's details (their own contact, or
  one shared with them): an activity never reveals a colleague's private contact.
- Licences: the last use is the later of the recorded use and the holder's latest activity on the licence's channel,
  computed in SQL (a correlated subquery), with the "unused" flag and the costs aggregated in the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.utils import timezone

from bns.models import Employee, Membership, Tenant
from bns.permissions import Perm
from bns.tenancy import tenant_scope
from contacts.selectors import DETAILS, OWNER, relationship_visible
from networking.access import team_ids
from networking.activity.import_services import import_can_see
from networking.models import Activity, ActivityImport, ActivityKind, ToolLicence
from networking.selectors import activity_weekly_counts, networking_settings_get, week_start

WEEK_LIST_MAX = 300  # a week of one person: beyond that the list says how many more there are
TREND_WEEKS = 8


def _pk(value) -> int:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk < 2**31:
        raise Http404
    return pk


def _with_person_shown(qs: QuerySet, *, tenant: Tenant, membership: Membership) -> QuerySet:
    detail = relationship_visible(tenant=tenant, membership=membership).filter(
        person_id=OuterRef("person_id"), access__in=[OWNER, DETAILS]).order_by()
    return qs.annotate(person_shown=Exists(detail))


def visible_employee_ids(*, tenant: Tenant, membership: Membership) -> list[int] | None:
    """The employees whose activity the member may see; None means all of the group (Perm.VIEW_NETWORKING)."""
    if membership.has_perm(Perm.VIEW_NETWORKING):
        return None
    if membership.employee is None:
        return []
    with tenant_scope(tenant):  # networking.access reads through the scoped manager (DRF may render after the scope)
        return [membership.employee_id, *team_ids(tenant=tenant, manager=membership.employee, include_inactive=True)]


def activity_list_for(*, tenant: Tenant, membership: Membership, employee_id=None, date_from=None, date_to=None,
                      kind: str = "", channel: str = "") -> QuerySet[Activity]:
    qs = Activity.unscoped.filter(tenant=tenant)
    allowed = visible_employee_ids(tenant=tenant, membership=membership)
    if allowed is not None:
        qs = qs.filter(employee_id__in=allowed)
    if employee_id:
        qs = qs.filter(employee_id=employee_id)
    if date_from:
        qs = qs.filter(occurred_on__gte=date_from)
    if date_to:
        qs = qs.filter(occurred_on__lte=date_to)
    if kind:
        qs = qs.filter(kind=kind)
    if channel:
        qs = qs.filter(channel=channel)
    qs = _with_person_shown(qs, tenant=tenant, membership=membership)
    return qs.select_related("employee", "person", "account").order_by("-occurred_on", "-pk")


def activity_get_for(*, tenant: Tenant, membership: Membership, pk) -> Activity:
    """An activity the member may see, else 404 (missing, another group's or not theirs to see)."""
    activity = activity_list_for(tenant=tenant, membership=membership).filter(pk=_pk(pk)).first()
    if activity is None:
        raise Http404
    return activity


# --- The weekly view -----------------------------------------------------------------------------------------


def week_parse(value: str | None, *, today: date | None = None) -> date:
    """The Monday of ``?week=2026-W48`` (ISO week); the current week when absent or not a valid week."""
    today = today or timezone.localdate()
    if value and isinstance(value, str) and len(value) <= 10:
        try:
            year, week = value.upper().split("-W")
            return date.fromisocalendar(int(year), int(week), 1)
        except ValueError:
            pass
    return week_start(today)


def week_label(monday: date) -> str:
    year, week, _day = monday.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass
class WeekView:
    monday: date
    sunday: date
    total: int
    counts: list[tuple[str, str, int]]  # (kind, label, n) for every kind
    days: list[tuple[date, list[Activity]]]  # Monday to Sunday
    more: int  # activities of the week beyond WEEK_LIST_MAX
    trend: list[tuple[str, int]]  # (week label, n), oldest first, the shown week last
    trend_max: int
    previous: str
    next: str | None  # None for the current week (no future)
    is_current: bool


def activity_week(*, tenant: Tenant, membership: Membership, employee: Employee, monday: date,
                  today: date | None = None) -> WeekView:
    """An employee's week, Monday to Sunday: counts per kind, the list per day and the trend of the last 8 weeks.
    Four queries whatever the amount of activity."""
    today = today or timezone.localdate()
    monday = min(monday, week_start(today))
    sunday = monday + timedelta(days=6)
    base = Activity.unscoped.filter(tenant=tenant, employee=employee, occurred_on__gte=monday, occurred_on__lte=sunday)
    by_kind = dict(base.order_by().values_list("kind").annotate(n=Count("pk")))
    total = sum(by_kind.values())
    listed = list(_with_person_shown(base, tenant=tenant, membership=membership).select_related("person", "account")
                  .order_by("occurred_on", "pk")[:WEEK_LIST_MAX])
    days = [(monday + timedelta(days=i), []) for i in range(7)]
    for activity in listed:
        days[(activity.occurred_on - monday).days][1].append(activity)
    counts = activity_weekly_counts(tenant=tenant, employee_ids=[employee.pk], weeks=TREND_WEEKS, today=min(sunday, today))
    series = counts[employee.pk]
    last = week_start(min(sunday, today))
    trend = [(week_label(last - timedelta(weeks=TREND_WEEKS - 1 - i)), n) for i, n in enumerate(series)]
    current = week_start(today)
    return WeekView(
        monday=monday, sunday=sunday, total=total,
        counts=[(k, str(label), by_kind.get(k, 0)) for k, label in ActivityKind.choices],
        days=days, more=max(0, total - len(listed)), trend=trend, trend_max=max(series) if series else 0,
        previous=week_label(monday - timedelta(weeks=1)),
        next=None if monday >= current else week_label(monday + timedelta(weeks=1)), is_current=monday == current,
    )


# --- Imports ---------------------------------------------------------------------------------------------------


def activity_import_list(*, tenant: Tenant, membership: Membership) -> QuerySet[ActivityImport]:
    qs = ActivityImport.unscoped.filter(tenant=tenant).select_related("created_by")
    if not membership.has_perm(Perm.MANAGE_NETWORKS):
        qs = qs.filter(created_by_id=membership.user_id)
    return qs.defer("content", "report").order_by("-created_at", "-pk")


def activity_import_get_for(*, tenant: Tenant, membership: Membership, pk) -> ActivityImport:
    found = ActivityImport.unscoped.filter(tenant=tenant, pk=_pk(pk)).defer("content").first()
    if found is None or not import_can_see(membership, found):
        raise Http404
    return found


# --- Exports ---------------------------------------------------------------------------------------------------


def activity_export_rows(*, tenant: Tenant, employee_id: int | None = None, site_id=None, department_id=None,
                         date_from=None, date_to=None) -> QuerySet[Activity]:
    """The rows of a CSV export (one query, streamed by the caller with iterator())."""
    qs = Activity.unscoped.filter(tenant=tenant)
    if employee_id is not None:
        qs = qs.filter(employee_id=employee_id)
    if site_id:
        qs = qs.filter(employee__site_id=site_id)
    if department_id:
        qs = qs.filter(employee__department_id=department_id)
    if date_from:
        qs = qs.filter(occurred_on__gte=date_from)
    if date_to:
        qs = qs.filter(occurred_on__lte=date_to)
    return qs.select_related("employee", "employee__site", "employee__department", "account").order_by("occurred_on", "pk")


# --- Tool licences ---------------------------------------------------------------------------------------------

LICENCE_FILTERS = ("active", "unused", "ended", "all")


def licence_unused_days(*, tenant: Tenant) -> int:
    # networking_settings_get reads through the scoped manager: callers outside a tenant context (DRF's browsable
    # API renders the filters after the request's scope ended) get it through an explicit scope.
    with tenant_scope(tenant):
        return networking_settings_get(tenant=tenant).licence_unused_days


def licence_list(*, tenant: Tenant, status: str = "active", search: str = "", employee_id=None,
                 today: date | None = None, unused_days: int | None = None) -> QuerySet[ToolLicence]:
    """Licences annotated with ``last_activity_on``, ``last_use``, ``is_active`` and ``unused`` (all in SQL).

    Unused: an active licence with no holder, or whose last use (or, never used, its start) is older than the
    group's ``licence_unused_days``."""
    today = today or timezone.localdate()
    if unused_days is None:
        unused_days = licence_unused_days(tenant=tenant)
    cutoff = today - timedelta(days=unused_days)
    latest = (
        Activity.unscoped.filter(tenant=tenant, employee_id=OuterRef("employee_id"), channel=OuterRef("channel"),
                                 occurred_on__lte=today)
        .order_by().values("employee_id").annotate(latest=Max("occurred_on")).values("latest")[:1]
    )
    active = Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    qs = (
        ToolLicence.unscoped.filter(tenant=tenant)
        .select_related("employee", "employee__site")
        .annotate(last_activity_on=Subquery(latest))
        .annotate(last_use=Greatest(Coalesce("last_used_on", "last_activity_on"), Coalesce("last_activity_on", "last_used_on")))
        .annotate(
            is_active=Case(When(active, then=Value(True)), default=Value(False), output_field=BooleanField()),
            unused=Case(
                When(~active, then=Value(False)),
                When(employee__isnull=True, then=Value(True)),
                When(Q(last_use__isnull=False, last_use__lt=cutoff), then=Value(True)),
                When(Q(last_use__isnull=True) & Q(starts_on__lt=cutoff), then=Value(True)),
                When(Q(last_use__isnull=True, starts_on__isnull=True, created_at__lt=_start_of(cutoff)), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
    )
    if status == "active":
        qs = qs.filter(active)
    elif status == "unused":
        qs = qs.filter(unused=True)
    elif status == "ended":
        qs = qs.exclude(active)
    for term in (search or "").split()[:5]:
        qs = qs.filter(Q(tool__icontains=term) | Q(employee__first_name__icontains=term) | Q(employee__last_name__icontains=term))
    if employee_id:
        qs = qs.filter(employee_id=employee_id)
    return qs.order_by("tool", "employee__last_name", "pk")


def _start_of(day: date):
    from datetime import datetime, time

    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass
class LicenceTotals:
    count: int
    unused_count: int
    monthly: object
    unused_monthly: object

    @property
    def unused_yearly(self):
        return self.unused_monthly * 12


def licence_totals(*, tenant: Tenant, today: date | None = None, unused_days: int | None = None) -> LicenceTotals:
    """Costs of the active licences, and of the unused seats among them, in one query."""
    from decimal import Decimal

    qs = licence_list(tenant=tenant, status="active", today=today, unused_days=unused_days)
    row = qs.order_by().aggregate(
        count=Count("pk"), unused_count=Count("pk", filter=Q(unused=True)),
        monthly=Sum("monthly_cost"), unused_monthly=Sum("monthly_cost", filter=Q(unused=True)),
    )
    return LicenceTotals(count=row["count"], unused_count=row["unused_count"], monthly=row["monthly"] or Decimal("0"),
                         unused_monthly=row["unused_monthly"] or Decimal("0"))


def licence_get_for(*, tenant: Tenant, membership: Membership, pk) -> ToolLicence:
    """A licence the member may see (Perm.VIEW_NETWORKING, or its holder), else 404."""
    licence = licence_list(tenant=tenant, status="all").filter(pk=_pk(pk)).first()
    if licence is None:
        raise Http404
    if not membership.has_perm(Perm.VIEW_NETWORKING) and (not membership.employee_id or licence.employee_id != membership.employee_id):
        raise Http404
    return licence
