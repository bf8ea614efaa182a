"""Reads of coaching notes. A note is read only by the employee it is about and by their manager line
(networking.access.coaching_visible): executives, admins and consultants outside the line see nothing, and a note
they may not read answers 404, exactly like one that does not exist.

The team page's rows are read in a bounded number of queries whatever the size of the team: one per level of the
organisation below the manager (networking.access.team_ids), then one per column (profiles, activity, and the
employees annotated with their latest score, last note and open follow-ups).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from bns.models import Employee, Membership, Tenant
from networking.access import coaching_visible, manager_line_ids, team_ids
from networking.models import CoachingNote, NetworkingScore
from networking.selectors import activity_weekly_counts, profile_completeness_by_employee

TREND_WEEKS = 8
DUE_SOON_DAYS = 7  # a follow-up within a week shows as "due soon" on the team page


def _pk(value) -> int:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if pk <= 0 or pk > 2**62:
        raise Http404
    return pk


def follow_up_state(note: CoachingNote, today: date | None = None) -> str:
    """none, done, planned, due (today) or overdue: what the pages and the API show next to a note."""
    if note.follow_up_on is None:
        return "none"
    if note.follow_up_done_at is not None:
        return "done"
    today = today or timezone.localdate()
    if note.follow_up_on < today:
        return "overdue"
    return "due" if note.follow_up_on == today else "planned"


def coaching_employee_get_for(*, membership: Membership, employee_id) -> Employee:
    """The employee whose coaching notes the member may read (themselves, or someone below them), else Http404."""
    employee = (
        Employee.unscoped.filter(tenant=membership.tenant, pk=_pk(employee_id)).select_related("site", "department", "manager").first()
    )
    if employee is None or not coaching_visible(membership=membership, employee=employee):
        raise Http404
    return employee


def coaching_notes_of(*, tenant: Tenant, employee: Employee) -> QuerySet[CoachingNote]:
    """An employee's notes, newest first (call only after checking the reader may see them)."""
    return CoachingNote.unscoped.filter(tenant=tenant, employee=employee).select_related("author", "employee").order_by("-created_at", "-pk")


def coaching_note_get_for(*, membership: Membership, pk) -> CoachingNote:
    """One note the member may read, or Http404 (missing, another group's, or outside their line)."""
    note = CoachingNote.unscoped.filter(tenant=membership.tenant, pk=_pk(pk)).select_related("employee", "author").first()
    if note is None or not coaching_visible(membership=membership, employee=note.employee):
        raise Http404
    return note


def coaching_notes_visible(*, membership: Membership, employee_id: int | None = None) -> QuerySet[CoachingNote]:
    """Every note the member may read: their own, and those of everyone below them (active or not)."""
    tenant = membership.tenant
    me = membership.employee
    if me is None:
        return CoachingNote.unscoped.filter(tenant=tenant).none()
    ids = [me.pk, *team_ids(tenant=tenant, manager=me, include_inactive=True)]
    if employee_id is not None:
        ids = [pk for pk in ids if pk == employee_id]
    return (
        CoachingNote.unscoped.filter(tenant=tenant, employee_id__in=ids)
        .select_related("employee", "author")
        .order_by("-created_at", "-pk")
    )


def coaching_readers(*, tenant: Tenant, employee: Employee) -> list[Employee]:
    """Who, besides the employee, reads their notes: their manager line, nearest first."""
    line = manager_line_ids(tenant=tenant, employee=employee)
    found = {e.pk: e for e in Employee.unscoped.filter(tenant=tenant, pk__in=line)}
    return [found[pk] for pk in line if pk in found]


def has_reports(*, tenant: Tenant, employee: Employee | None) -> bool:
    return employee is not None and Employee.unscoped.filter(tenant=tenant, manager=employee, is_active=True).exists()


# --- The team page -----------------------------------------------------------------------------------------


@dataclass
class TeamRow:
    employee: Employee
    completeness: int
    trend: list[int]
    score: object = None  # Decimal or None ("not computed yet")
    score_on: date | None = None
    last_note_on: object = None  # datetime or None
    last_note_focus: str = ""
    overdue: int = 0
    due_soon: int = 0
    next_follow_up: date | None = None
    bars: list[dict] = field(default_factory=list)


ORDERINGS = {NetworkingScore: ("-computed_on", "-pk"), CoachingNote: ("-created_at", "-pk")}


def _latest(model, value: str, **filters):
    """The newest row's ``value`` per employee, as a correlated subquery (latest score, last note)."""
    return Subquery(model.unscoped.filter(**filters).order_by(*ORDERINGS[model]).values(value)[:1])


def team_employee_ids(*, tenant: Tenant, manager: Employee) -> list[int]:
    return team_ids(tenant=tenant, manager=manager)


def team_employees(*, tenant: Tenant, ids: list[int], search: str = "", today: date | None = None) -> QuerySet[Employee]:
    """The team's employees with their latest score, last note and open follow-ups, in one query."""
    today = today or timezone.localdate()
    score = {"tenant": tenant, "employee": OuterRef("pk")}
    note = {"tenant": tenant, "employee": OuterRef("pk")}
    open_follow_up = Q(coaching_notes__follow_up_on__isnull=False, coaching_notes__follow_up_done_at__isnull=True)
    qs = (
        Employee.unscoped.filter(tenant=tenant, pk__in=ids)
        .select_related("site", "department", "manager")
        .annotate(
            score_total=_latest(NetworkingScore, "total", **score),
            score_on=_latest(NetworkingScore, "computed_on", **score),
            last_note_at=_latest(CoachingNote, "created_at", **note),
            last_note_focus=_latest(CoachingNote, "focus", **note),
            overdue=Count("coaching_notes", filter=open_follow_up & Q(coaching_notes__follow_up_on__lt=today)),
            due_soon=Count(
                "coaching_notes",
                filter=open_follow_up & Q(coaching_notes__follow_up_on__gte=today,
                                          coaching_notes__follow_up_on__lte=today + timedelta(days=DUE_SOON_DAYS)),
            ),
            next_follow_up=Min("coaching_notes__follow_up_on", filter=open_follow_up),
        )
        .order_by("last_name", "first_name", "pk")
    )
    for word in search.split()[:5]:
        qs = qs.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(job_title__icontains=word))
    return qs


SPARK_HEIGHT = 24


def _bars(trend: list[int]) -> list[dict]:
    """The sparkline's bars (SVG units): a week with any activity shows at least 2 units high."""
    top = max(trend, default=0)
    bars = []
    for i, n in enumerate(trend):
        h = max(2, round(SPARK_HEIGHT * n / top)) if n else 0
        bars.append({"n": n, "x": i * 6, "h": h, "y": SPARK_HEIGHT - h})
    return bars


def team_rows(*, tenant: Tenant, employees: list[Employee], today: date | None = None) -> list[TeamRow]:
    """The team page's rows for these employees (already annotated by team_employees): two more queries."""
    ids = [e.pk for e in employees]
    completeness = profile_completeness_by_employee(tenant=tenant, employee_ids=ids)
    trends = activity_weekly_counts(tenant=tenant, employee_ids=ids, weeks=TREND_WEEKS, today=today)
    rows = []
    for e in employees:
        trend = trends.get(e.pk, [0] * TREND_WEEKS)
        rows.append(TeamRow(
            employee=e, completeness=completeness.get(e.pk, 0), trend=trend, score=e.score_total, score_on=e.score_on,
            last_note_on=e.last_note_at, last_note_focus=e.last_note_focus or "", overdue=e.overdue, due_soon=e.due_soon,
            next_follow_up=e.next_follow_up, bars=_bars(trend),
        ))
    return rows
