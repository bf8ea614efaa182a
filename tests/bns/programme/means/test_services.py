"""Actions, budget lines and RACI: validation, who writes, one Accountable per action."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from bns.models import AuditEvent
from bns.programme.means import budget_services, services
from bns.programme.models import ActionRole, BudgetLine, Programme, ProgrammeAction
from tests.bns.programme.strategy.support import make_org
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def create(org, who="owner", **values):
    values = {"title": "Formation LinkedIn", "kind": "training", **values}
    return services.programme_action_create(tenant=org.tenant, actor=org.user(who), programme=org.programme, **values)


def test_action_validation(org):
    with pytest.raises(ValidationError) as exc:
        create(org, title=" ", kind="party", status="lost", budget_planned="-1", budget_actual="abc",
               starts_on=date(2026, 3, 1), deadline=date(2026, 2, 1))
    assert set(exc.value.message_dict) == {"title", "kind", "status", "budget_planned", "budget_actual", "deadline"}
    assert exc.value.message_dict["deadline"] == ["The deadline cannot be before the start."]
    action = create(org, owner=org.employee("manager"), budget_planned="1200.5", starts_on="2026-02-01", deadline=date(2026, 3, 1))
    assert action.budget_planned == Decimal("1200.50") and action.budget_actual == 0 and action.status == "planned"
    with pytest.raises(ValidationError):  # the merged dates are checked on update too
        services.programme_action_update(tenant=org.tenant, actor=org.user("owner"), action=action, starts_on=date(2026, 4, 1))
    with pytest.raises(ValidationError):
        services.programme_action_update(tenant=org.tenant, actor=org.user("owner"), action=action, programme=None)


def test_owner_must_be_an_active_employee_of_the_group(org, other_tenant):
    stranger = make_org(other_tenant).employee("employee")
    with pytest.raises(ValidationError):
        create(org, owner=stranger)
    gone = EmployeeFactory(tenant=org.tenant, is_active=False)
    with pytest.raises(ValidationError):
        create(org, owner=gone)


@pytest.mark.parametrize("who, allowed", [("executive", True), ("admin", True), ("owner", True), ("manager", False),
                                          ("employee", False)])
def test_who_writes_actions_and_lines(org, who, allowed):
    if allowed:
        action = create(org, who=who)
        line = budget_services.budget_line_create(tenant=org.tenant, actor=org.user(who), programme=org.programme, label="L",
                                                  action=action, planned="10")
        services.programme_action_update(tenant=org.tenant, actor=org.user(who), action=action, status="done")
        budget_services.budget_line_delete(tenant=org.tenant, actor=org.user(who), line=line)
        return
    with pytest.raises(PermissionDenied):
        create(org, who=who)
    action = create(org)
    with pytest.raises(PermissionDenied):
        services.programme_action_update(tenant=org.tenant, actor=org.user(who), action=action, status="done")
    with pytest.raises(PermissionDenied):
        budget_services.budget_line_create(tenant=org.tenant, actor=org.user(who), programme=org.programme, label="L")
    with pytest.raises(PermissionDenied):
        services.action_role_set(tenant=org.tenant, actor=org.user(who), action=action, accountable=org.employee("owner"))
    with pytest.raises(PermissionDenied):
        services.programme_action_delete(tenant=org.tenant, actor=org.user(who), action=action)


def test_a_closed_iteration_is_written_by_executives_only(org):
    action = create(org)
    Programme.unscoped.filter(pk=org.programme.pk).update(status=Programme.Status.CLOSED)
    with pytest.raises(PermissionDenied):
        services.programme_action_update(tenant=org.tenant, actor=org.user("owner"), action=action, status="done")
    services.programme_action_update(tenant=org.tenant, actor=org.user("executive"), action=action, status="done")


def test_updates_are_audited_with_their_changes(org):
    action = create(org)
    services.programme_action_update(tenant=org.tenant, actor=org.user("owner"), action=action, status="in_progress",
                                     budget_actual=Decimal("99.9"))
    event = AuditEvent.unscoped.get(verb="programme.action.update")
    assert event.data == {"status": {"from": "planned", "to": "in_progress"}, "budget_actual": {"from": "0.00", "to": "99.90"}}
    services.programme_action_update(tenant=org.tenant, actor=org.user("owner"), action=action, status="in_progress")
    assert AuditEvent.unscoped.filter(verb="programme.action.update").count() == 1  # nothing changed: no row


def test_budget_line_validation(org, other_tenant):
    action = create(org)
    with pytest.raises(ValidationError) as exc:
        budget_services.budget_line_create(tenant=org.tenant, actor=org.user("owner"), programme=org.programme, label="",
                                           planned="-5", replaced_amount="300")
    assert set(exc.value.message_dict) == {"label", "planned", "replaces"}
    other_iteration = Programme.unscoped.create(tenant=org.tenant, iteration=2, title="2", starts_on=date(2026, 7, 1),
                                                target_end_on=date(2026, 12, 1), status="closed")
    foreign_action = ProgrammeAction.unscoped.create(tenant=org.tenant, programme=other_iteration, title="Ailleurs", kind="tool")
    with pytest.raises(ValidationError) as exc:
        budget_services.budget_line_create(tenant=org.tenant, actor=org.user("owner"), programme=org.programme, label="X",
                                           action=foreign_action)
    assert set(exc.value.message_dict) == {"action"}
    line = budget_services.budget_line_create(tenant=org.tenant, actor=org.user("owner"), programme=org.programme, label="Vidéos",
                                              action=action, planned="400", actual="350", replaces="Radio", replaced_amount="2500")
    assert (line.planned, line.actual, line.replaced_amount) == (Decimal("400.00"), Decimal("350.00"), Decimal("2500.00"))
    with pytest.raises(ValidationError):  # the replaced amount needs what it replaces
        budget_services.budget_line_update(tenant=org.tenant, actor=org.user("owner"), line=line, replaces="")
    budget_services.budget_line_update(tenant=org.tenant, actor=org.user("owner"), line=line, action=None, actual="360")
    line.refresh_from_db()
    assert line.action_id is None and line.actual == Decimal("360.00")


def test_deleting_an_action_unlinks_its_lines(org):
    action = create(org)
    budget_services.budget_line_create(tenant=org.tenant, actor=org.user("owner"), programme=org.programme, label="L", action=action)
    services.action_role_set(tenant=org.tenant, actor=org.user("owner"), action=action, accountable=org.employee("owner"))
    assert services.programme_action_delete(tenant=org.tenant, actor=org.user("owner"), action=action) == 1
    assert BudgetLine.unscoped.get().action_id is None and not ActionRole.unscoped.exists()
    assert AuditEvent.unscoped.get(verb="programme.action.delete").data["budget_lines_unlinked"] == 1


# --- RACI ---------------------------------------------------------------------------------------------


def roles_of(action) -> set[tuple[str, str]]:
    return {(r.employee.last_name, r.raci) for r in ActionRole.unscoped.filter(action=action).select_related("employee")}


def test_raci_set_replaces_the_whole_matrix(org):
    action = create(org)
    owner, manager, employee, executive = (org.employee(n) for n in ("owner", "manager", "employee", "executive"))
    services.action_role_set(tenant=org.tenant, actor=org.user("owner"), action=action, accountable=owner,
                             responsible=[manager, employee], consulted=[executive], informed=[employee])
    assert roles_of(action) == {("Pilote", "A"), ("Chefdesventes", "R"), ("Vendeur", "R"), ("Dirigeante", "C"), ("Vendeur", "I")}
    services.action_role_set(tenant=org.tenant, actor=org.user("owner"), action=action, accountable=manager, responsible=[manager])
    assert roles_of(action) == {("Chefdesventes", "A"), ("Chefdesventes", "R")}
    event = AuditEvent.unscoped.filter(verb="programme.action_roles.set").order_by("pk").last()
    assert f"A:{owner.pk}" in event.data["removed"] and f"A:{manager.pk}" in event.data["added"]


def test_raci_refuses_other_groups_and_inactive_employees(org, other_tenant):
    action = create(org)
    stranger = make_org(other_tenant).employee("employee")
    with pytest.raises(ValidationError) as exc:
        services.action_role_set(tenant=org.tenant, actor=org.user("owner"), action=action, responsible=[stranger])
    assert "responsible" in exc.value.message_dict
    holder = EmployeeFactory(tenant=org.tenant)
    services.action_role_set(tenant=org.tenant, actor=org.user("owner"), action=action, informed=[holder])
    holder.is_active = False
    holder.save()
    # A former employee keeps the role they hold; nobody gives a new one to them.
    services.action_role_set(tenant=org.tenant, actor=org.user("owner"), action=action, informed=[holder], consulted=[org.employee("manager")])
    with pytest.raises(ValidationError):
        services.action_role_set(tenant=org.tenant, actor=org.user("owner"), action=action, accountable=holder)


def test_one_accountable_per_action_in_the_service(org):
    action = create(org)
    services.action_role_add(tenant=org.tenant, actor=org.user("owner"), action=action, employee=org.employee("owner"), raci="A")
    with pytest.raises(ValidationError) as exc:
        services.action_role_add(tenant=org.tenant, actor=org.user("owner"), action=action, employee=org.employee("manager"), raci="A")
    assert exc.value.message_dict["accountable"] == ["Paul Pilote is already accountable for this action: one Accountable per action."]
    for who in ("manager", "employee"):
        services.action_role_add(tenant=org.tenant, actor=org.user("owner"), action=action, employee=org.employee(who), raci="R")
    with pytest.raises(ValidationError):
        services.action_role_add(tenant=org.tenant, actor=org.user("owner"), action=action, employee=org.employee("manager"), raci="R")
    with pytest.raises(ValidationError):
        services.action_role_add(tenant=org.tenant, actor=org.user("owner"), action=action, employee=org.employee("manager"), raci="X")
    role = ActionRole.unscoped.get(action=action, raci="A")
    services.action_role_remove(tenant=org.tenant, actor=org.user("owner"), role=role)
    services.action_role_add(tenant=org.tenant, actor=org.user("owner"), action=action, employee=org.employee("manager"), raci="A")
    assert roles_of(action) == {("Chefdesventes", "A"), ("Chefdesventes", "R"), ("Vendeur", "R")}


def test_one_accountable_per_action_in_the_database(org):
    action = create(org)
    ActionRole.unscoped.create(tenant=org.tenant, action=action, employee=org.employee("owner"), raci="A")
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionRole.unscoped.create(tenant=org.tenant, action=action, employee=org.employee("manager"), raci="A")
    ActionRole.unscoped.create(tenant=org.tenant, action=action, employee=org.employee("manager"), raci="R")
    ActionRole.unscoped.create(tenant=org.tenant, action=action, employee=org.employee("employee"), raci="R")
    other = create(org, title="Autre")
    ActionRole.unscoped.create(tenant=org.tenant, action=other, employee=org.employee("manager"), raci="A")


def test_a_concurrent_accountable_becomes_a_clean_refusal(org, monkeypatch):
    """An A written by someone else between the service's check and its insert: the index refuses, the service explains."""
    action = create(org)
    real_create = ActionRole.unscoped.create

    def racing_create(**kwargs):
        real_create(tenant=org.tenant, action=action, employee=org.employee("executive"), raci="A")
        return real_create(**kwargs)

    monkeypatch.setattr(ActionRole.unscoped, "create", racing_create)
    with pytest.raises(ValidationError) as exc:
        services.action_role_add(tenant=org.tenant, actor=org.user("owner"), action=action, employee=org.employee("owner"), raci="A")
    assert "changed by someone else at the same time" in exc.value.messages[0]
