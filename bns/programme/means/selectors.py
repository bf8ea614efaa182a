"""Reads of step 5 (means): the actions (board, timeline, filters), their RACI matrix and the budget lines.

Tenant explicit; lookups 404 for another group's rows like for missing ones. The budget arithmetic: budget.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from bns.models import Employee, Tenant
from bns.programme.means.budget import actions_with_budget
from bns.programme.models import ActionRole, BudgetLine, ProgrammeAction

OPEN_STATUSES = (ProgrammeAction.Status.PLANNED, ProgrammeAction.Status.IN_PROGRESS, ProgrammeAction.Status.BLOCKED)


def _pk(pk) -> int:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk < 2**31:
        raise Http404
    return pk


def _roles_prefetch(tenant: Tenant) -> Prefetch:
    return Prefetch("roles", queryset=ActionRole.unscoped.filter(tenant=tenant).select_related("employee").order_by(
        "raci", "employee__last_name", "employee__first_name", "pk"))


def action_list(*, tenant: Tenant, programme_id=None, kind: str = "", status: str = "", owner_id=None, search: str = "",
                with_roles: bool = False) -> QuerySet[ProgrammeAction]:
    """Actions with their owner and budget annotations (lines, counted amounts); optional RACI prefetch."""
    if programme_id:
        qs = actions_with_budget(tenant=tenant, programme_id=programme_id)
    else:
        qs = ProgrammeAction.unscoped.filter(tenant=tenant)
    qs = qs.select_related("owner", "programme")
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if owner_id:
        qs = qs.filter(owner_id=owner_id)
    for term in (search or "").split()[:5]:
        qs = qs.filter(Q(title__icontains=term) | Q(description__icontains=term))
    if with_roles:
        qs = qs.prefetch_related(_roles_prefetch(tenant))
    return qs.order_by("programme_id", "deadline", "pk")


def action_get_for(*, tenant: Tenant, pk) -> ProgrammeAction:
    pk = _pk(pk)
    found = ProgrammeAction.unscoped.filter(tenant=tenant, pk=pk).values_list("programme_id", flat=True).first()
    if found is None:
        raise Http404
    return action_list(tenant=tenant, programme_id=found, with_roles=True).get(pk=pk)


def action_is_overdue(action: ProgrammeAction, today: date) -> bool:
    return action.deadline is not None and action.deadline < today and action.status in OPEN_STATUSES


def action_role_list(*, tenant: Tenant, programme_id=None, action_id=None, employee_id=None) -> QuerySet[ActionRole]:
    qs = ActionRole.unscoped.filter(tenant=tenant).select_related("employee", "action")
    if programme_id:
        qs = qs.filter(action__programme_id=programme_id)
    if action_id:
        qs = qs.filter(action_id=action_id)
    if employee_id:
        qs = qs.filter(employee_id=employee_id)
    return qs.order_by("action_id", "raci", "pk")


def action_role_get_for(*, tenant: Tenant, pk) -> ActionRole:
    role = action_role_list(tenant=tenant).filter(pk=_pk(pk)).first()
    if role is None:
        raise Http404
    return role


def budget_line_list(*, tenant: Tenant, programme_id=None, action_id=None) -> QuerySet[BudgetLine]:
    qs = BudgetLine.unscoped.filter(tenant=tenant).select_related("action")
    if programme_id:
        qs = qs.filter(programme_id=programme_id)
    if action_id:
        qs = qs.filter(action_id=action_id)
    return qs.order_by("programme_id", "pk")


def budget_line_get_for(*, tenant: Tenant, pk) -> BudgetLine:
    line = budget_line_list(tenant=tenant).select_related("programme").filter(pk=_pk(pk)).first()
    if line is None:
        raise Http404
    return line


def programme_employees(*, tenant: Tenant) -> QuerySet[Employee]:
    """The group's active employees, for the owner and RACI choices."""
    return Employee.unscoped.filter(tenant=tenant, is_active=True).select_related("site").order_by("last_name", "first_name", "pk")


# --- The board, the timeline and the RACI matrix (from one list of actions) ---------------------------


@dataclass
class RaciPerson:
    employee: Employee
    cells: list[str]  # per action of the matrix: "", "R", "A", "RA"...


@dataclass
class Timeline:
    start: date
    end: date
    today_percent: float | None
    bars: list[dict] = field(default_factory=list)


def board_columns(actions: list[ProgrammeAction], today: date) -> list[dict]:
    columns = {status: {"status": status, "label": label, "cards": []} for status, label in ProgrammeAction.Status.choices}
    for action in actions:
        columns[action.status]["cards"].append({"action": action, "overdue": action_is_overdue(action, today)})
    return list(columns.values())


def timeline(actions: list[ProgrammeAction], today: date, *, programme_start: date, programme_end: date) -> Timeline:
    """Bars positioned in percent of the span from the earliest date to the latest (the programme's dates included).

    An action without a start starts at its deadline (a milestone); one without any date is left out."""
    dated = [a for a in actions if a.starts_on or a.deadline]
    start = min([programme_start, *[(a.starts_on or a.deadline) for a in dated]])
    end = max([programme_end, *[(a.deadline or a.starts_on) for a in dated]])
    span = max((end - start).days, 1)
    result = Timeline(start=start, end=end, today_percent=round(100 * (today - start).days / span, 2) if start <= today <= end else None)
    for action in dated:
        first = action.starts_on or action.deadline
        last = action.deadline or action.starts_on
        left = 100 * (first - start).days / span
        width = max(100 * ((last - first).days + 1) / span, 0.8)
        result.bars.append({
            "action": action,
            "left": round(left, 2),
            "width": round(min(width, 100 - left), 2),
            "overdue": action_is_overdue(action, today),
            "milestone": action.starts_on is None,
        })
    return result


def raci_matrix(actions: list[ProgrammeAction]) -> list[RaciPerson]:
    """People × actions from the prefetched roles (no query): one row per person who holds a role."""
    people: dict[int, RaciPerson] = {}
    index = {action.pk: i for i, action in enumerate(actions)}
    for action in actions:
        for role in action.roles.all():
            person = people.setdefault(role.employee_id, RaciPerson(employee=role.employee, cells=[""] * len(actions)))
            cell = person.cells[index[action.pk]]
            person.cells[index[action.pk]] = "".join(letter for letter in "RACI" if letter in cell + role.raci)
    return sorted(people.values(), key=lambda p: (p.employee.last_name, p.employee.first_name, p.employee.pk))

