"""Who may see what of an employee's networking (seed 001: never surveillance of a private space).

- Everyone sees everything held about themselves.
- An employee's manager line (their manager, that manager's manager, and so on up) sees their profiles,
  activity, score and coaching notes: that is what coaching needs.
- Members with Perm.VIEW_NETWORKING (executives, site directors, admins, consultants) see group-wide figures and
  profiles, activity and scores, but NOT coaching notes: those are for the employee and their manager line only.

The manager line is walked one level per query (bounded by MAX_DEPTH), so the cost grows with the depth of the
organisation, never with the size of a team.
"""

from __future__ import annotations

from django.http import Http404

from bns.models import Employee, Membership
from bns.permissions import Perm

MAX_DEPTH = 12  # deeper than any dealership group's org chart; also stops a (refused) manager loop


def manager_line_ids(*, tenant, employee: Employee) -> list[int]:
    """Ids of the employee's managers, nearest first (empty when none)."""
    line: list[int] = []
    manager_id = employee.manager_id
    while manager_id and manager_id not in line and manager_id != employee.pk and len(line) < MAX_DEPTH:
        line.append(manager_id)
        manager_id = Employee.unscoped.filter(tenant=tenant, pk=manager_id).values_list("manager_id", flat=True).first()
    return line


def team_ids(*, tenant, manager: Employee, include_inactive: bool = False) -> list[int]:
    """Ids of every employee below ``manager`` (direct and indirect reports), one query per level."""
    found: list[int] = []
    seen = {manager.pk}
    level = [manager.pk]
    for _depth in range(MAX_DEPTH):
        qs = Employee.unscoped.filter(tenant=tenant, manager_id__in=level)
        if not include_inactive:
            qs = qs.filter(is_active=True)
        level = [pk for pk in qs.values_list("pk", flat=True) if pk not in seen]
        if not level:
            break
        seen.update(level)
        found.extend(level)
    return found


def is_in_manager_line(*, tenant, viewer: Employee | None, employee: Employee) -> bool:
    return viewer is not None and viewer.pk in manager_line_ids(tenant=tenant, employee=employee)


def employee_networking_visible(*, membership: Membership, employee: Employee) -> bool:
    """May this member see the employee's profiles, activity and score?"""
    if membership.employee_id and membership.employee_id == employee.pk:
        return True
    if membership.has_perm(Perm.VIEW_NETWORKING):
        return True
    return is_in_manager_line(tenant=membership.tenant, viewer=membership.employee, employee=employee)


def coaching_visible(*, membership: Membership, employee: Employee) -> bool:
    """May this member read the employee's coaching notes? Only the employee and their manager line."""
    if membership.employee_id and membership.employee_id == employee.pk:
        return True
    return is_in_manager_line(tenant=membership.tenant, viewer=membership.employee, employee=employee)


def employee_networking_get_for(*, membership: Membership, employee_id) -> Employee:
    """The employee whose networking the member may see, or Http404 (missing, other group, or not theirs to see)."""
    try:
        pk = int(employee_id)
    except (TypeError, ValueError):
        raise Http404 from None
    employee = Employee.objects.filter(tenant=membership.tenant, pk=pk).select_related("site", "department").first()
    if employee is None or not employee_networking_visible(membership=membership, employee=employee):
        raise Http404
    return employee
