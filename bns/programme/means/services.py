"""Writes of step 5 (means): the programme's actions and tactics, and who does what (RACI).

Keyword-only, tenant and actor explicit, atomic, each change in the audit trail in the same transaction. Only the
programme's editors write (bns.programme.access: Perm.MANAGE_PROGRAMME or the iteration's process owner; a closed
iteration only with Perm.MANAGE_PROGRAMME). Budget lines: budget_services.py.

RACI: one Accountable per action (the partial unique index ``actionrole_one_accountable`` and these services),
Responsible, Consulted and Informed as many as needed, all of them employees of the group.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bns.access import membership_of_actor
from bns.models import Employee, Tenant
from bns.programme.access import programme_require_edit
from bns.programme.models import ActionRole, BudgetLine, Programme, ProgrammeAction
from bns.programme.strategy.validation import clean_amount, clean_date, clean_text
from bns.services.audit import audit_record

ACTION_EDITABLE = ("title", "kind", "description", "owner", "status", "budget_planned", "budget_actual", "starts_on", "deadline")
RACI_ORDER = ("R", "A", "C", "I")

AUDIT_VERB_LABELS = {
    "programme.action.create": gettext_lazy("Programme action added"),
    "programme.action.update": gettext_lazy("Programme action changed"),
    "programme.action.delete": gettext_lazy("Programme action deleted"),
    "programme.action_roles.set": gettext_lazy("RACI of a programme action changed"),
    "programme.action_role.add": gettext_lazy("RACI role given"),
    "programme.action_role.remove": gettext_lazy("RACI role removed"),
    "programme.budget_line.create": gettext_lazy("Budget line added"),
    "programme.budget_line.update": gettext_lazy("Budget line changed"),
    "programme.budget_line.delete": gettext_lazy("Budget line deleted"),
}


def check_tenant(tenant: Tenant, *objs) -> None:
    for obj in objs:
        if obj is not None and obj.tenant_id != tenant.pk:
            raise PermissionDenied


def require_edit(tenant: Tenant, actor, programme: Programme) -> None:
    programme_require_edit(membership=membership_of_actor(tenant=tenant, actor=actor), programme=programme)


def plain(value):
    """A value as the audit row's JSON holds it."""
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return getattr(value, "pk", value)


def changes_of(obj, values: dict, *, long_texts: tuple[str, ...] = ("description",)) -> dict:
    out = {}
    for name, value in values.items():
        old = getattr(obj, name)
        if old != value:
            out[name] = "changed" if name in long_texts else {"from": plain(old), "to": plain(value)}
    return out


def _check_employee(tenant: Tenant, employee, errors: dict, field: str, *, allowed_inactive: set[int] | frozenset[int] = frozenset()) -> None:
    if employee is None:
        return
    if not isinstance(employee, Employee) or employee.tenant_id != tenant.pk or (
            not employee.is_active and employee.pk not in allowed_inactive):
        errors[field] = _("Choose an active employee of the group.")


def _validate_action(tenant: Tenant, values: dict, *, current: ProgrammeAction | None = None) -> dict:
    errors: dict = {}
    clean_text(values, "title", 200, errors, required=True, single_line=True)
    clean_text(values, "description", 10_000, errors)
    if "kind" in values and values["kind"] not in ProgrammeAction.Kind.values:
        errors["kind"] = _("Unknown type: training, tool, content, event, process or recruitment.")
    if "status" in values and values["status"] not in ProgrammeAction.Status.values:
        errors["status"] = _("Unknown status: planned, in progress, done, blocked or cancelled.")
    if "owner" in values:
        keep = {current.owner_id} if current is not None and current.owner_id else set()
        _check_employee(tenant, values["owner"], errors, "owner", allowed_inactive=keep)
    for name in ("budget_planned", "budget_actual"):
        clean_amount(values, name, errors)
    for name in ("starts_on", "deadline"):
        clean_date(values, name, errors)
    starts_on = values.get("starts_on", current.starts_on if current else None)
    deadline = values.get("deadline", current.deadline if current else None)
    if "starts_on" not in errors and "deadline" not in errors and starts_on and deadline and starts_on > deadline:
        errors["deadline"] = _("The deadline cannot be before the start.")
    if errors:
        raise ValidationError(errors)
    return values


# --- Actions ------------------------------------------------------------------------------------------


@transaction.atomic
def programme_action_create(*, tenant: Tenant, actor, programme: Programme, title: str, kind: str, description: str = "",
                            owner: Employee | None = None, status: str = ProgrammeAction.Status.PLANNED, budget_planned=0,
                            budget_actual=0, starts_on=None, deadline=None) -> ProgrammeAction:
    check_tenant(tenant, programme)
    require_edit(tenant, actor, programme)
    values = _validate_action(tenant, {
        "title": title, "kind": kind, "description": description, "owner": owner, "status": status,
        "budget_planned": budget_planned, "budget_actual": budget_actual, "starts_on": starts_on, "deadline": deadline,
    })
    action = ProgrammeAction.unscoped.create(tenant=tenant, programme=programme, **values)
    audit_record(tenant=tenant, actor=actor, verb="programme.action.create", obj=action,
                 data={"programme": programme.pk, "title": action.title, "kind": action.kind, "status": action.status})
    return action


def _lock_action(tenant: Tenant, action: ProgrammeAction) -> ProgrammeAction:
    check_tenant(tenant, action)
    return ProgrammeAction.unscoped.select_for_update(of=("self",)).select_related("programme").get(tenant=tenant, pk=action.pk)


@transaction.atomic
def programme_action_update(*, tenant: Tenant, actor, action: ProgrammeAction, **changes) -> ProgrammeAction:
    """Change an action (also its status, from the board)."""
    unknown = set(changes) - set(ACTION_EDITABLE)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    action = _lock_action(tenant, action)
    require_edit(tenant, actor, action.programme)
    values = _validate_action(tenant, dict(changes), current=action)
    changed = changes_of(action, values)
    if not changed:
        return action
    for name, value in values.items():
        setattr(action, name, value)
    action.save()
    audit_record(tenant=tenant, actor=actor, verb="programme.action.update", obj=action, data=changed)
    return action


@transaction.atomic
def programme_action_delete(*, tenant: Tenant, actor, action: ProgrammeAction) -> int:
    """Delete an action and its RACI; its budget lines stay in the budget, no longer linked (returns how many)."""
    action = _lock_action(tenant, action)
    require_edit(tenant, actor, action.programme)
    unlinked = BudgetLine.unscoped.filter(tenant=tenant, action=action).update(action=None)
    audit_record(tenant=tenant, actor=actor, verb="programme.action.delete", obj=action,
                 data={"programme": action.programme_id, "title": action.title, "budget_lines_unlinked": unlinked})
    action.delete()
    return unlinked


# --- RACI ---------------------------------------------------------------------------------------------


def _one_accountable_error(name: str) -> ValidationError:
    return ValidationError({"accountable": _("%(name)s is already accountable for this action: one Accountable per action.")
                            % {"name": name}})


@transaction.atomic
def action_role_set(*, tenant: Tenant, actor, action: ProgrammeAction, accountable: Employee | None = None,
                    responsible: Iterable[Employee] = (), consulted: Iterable[Employee] = (),
                    informed: Iterable[Employee] = ()) -> list[ActionRole]:
    """The action's whole RACI becomes exactly this: one Accountable (or none yet), any number of R, C and I.

    Employees must be active employees of the group (one who already holds a role here keeps it after leaving, but gets
    no new one)."""
    action = _lock_action(tenant, action)
    require_edit(tenant, actor, action.programme)
    existing = list(ActionRole.unscoped.filter(tenant=tenant, action=action).select_related("employee"))
    wanted: dict[tuple[int, str], Employee] = {}
    errors: dict = {}
    groups = {"A": [accountable] if accountable is not None else [], "R": list(responsible), "C": list(consulted),
              "I": list(informed)}
    fields = {"A": "accountable", "R": "responsible", "C": "consulted", "I": "informed"}
    for raci, employees in groups.items():
        for employee in employees:
            holders = {role.employee_id for role in existing if role.raci == raci}
            _check_employee(tenant, employee, errors, fields[raci], allowed_inactive=holders)
            if fields[raci] not in errors:
                wanted[(employee.pk, raci)] = employee
    if errors:
        raise ValidationError(errors)
    have = {(role.employee_id, role.raci): role for role in existing}
    to_delete = [role.pk for key, role in have.items() if key not in wanted]
    to_add = [ActionRole(tenant=tenant, action=action, employee=employee, raci=raci)
              for (pk, raci), employee in wanted.items() if (pk, raci) not in have]
    if not to_delete and not to_add:
        return existing
    try:
        with transaction.atomic():
            ActionRole.unscoped.filter(tenant=tenant, pk__in=to_delete).delete()
            ActionRole.unscoped.bulk_create(to_add)
    except IntegrityError:
        raise ValidationError(_("The roles of this action were changed by someone else at the same time: reload and try again.")) from None
    audit_record(tenant=tenant, actor=actor, verb="programme.action_roles.set", obj=action, data={
        "added": sorted(f"{raci}:{pk}" for (pk, raci) in wanted if (pk, raci) not in have),
        "removed": sorted(f"{raci}:{pk}" for (pk, raci) in have if (pk, raci) not in wanted),
    })
    return list(ActionRole.unscoped.filter(tenant=tenant, action=action).select_related("employee"))


@transaction.atomic
def action_role_add(*, tenant: Tenant, actor, action: ProgrammeAction, employee: Employee, raci: str) -> ActionRole:
    """Give one role to one employee; a second Accountable is refused (remove the first one's A before)."""
    action = _lock_action(tenant, action)
    require_edit(tenant, actor, action.programme)
    errors: dict = {}
    if raci not in ActionRole.Raci.values:
        errors["raci"] = _("Unknown role: R (Responsible), A (Accountable), C (Consulted) or I (Informed).")
    _check_employee(tenant, employee, errors, "employee")
    if errors:
        raise ValidationError(errors)
    same = ActionRole.unscoped.filter(tenant=tenant, action=action, raci=raci)
    if same.filter(employee=employee).exists():
        raise ValidationError({"employee": _("%(name)s already has this role on this action.") % {"name": employee.full_name}})
    if raci == ActionRole.Raci.ACCOUNTABLE:
        current = same.select_related("employee").first()
        if current is not None:
            raise _one_accountable_error(current.employee.full_name)
    try:
        with transaction.atomic():
            role = ActionRole.unscoped.create(tenant=tenant, action=action, employee=employee, raci=raci)
    except IntegrityError:
        raise ValidationError(_("The roles of this action were changed by someone else at the same time: reload and try again.")) from None
    audit_record(tenant=tenant, actor=actor, verb="programme.action_role.add", obj=role,
                 data={"action": action.pk, "employee": employee.pk, "raci": raci})
    return role


@transaction.atomic
def action_role_remove(*, tenant: Tenant, actor, role: ActionRole) -> None:
    check_tenant(tenant, role)
    role = ActionRole.unscoped.select_related("action__programme").get(tenant=tenant, pk=role.pk)
    require_edit(tenant, actor, role.action.programme)
    audit_record(tenant=tenant, actor=actor, verb="programme.action_role.remove", obj=role,
                 data={"action": role.action_id, "employee": role.employee_id, "raci": role.raci})
    role.delete()
