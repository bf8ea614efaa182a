"""Account-plan services: permissions, the org chart without loops, the visibility rule on adding persons, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from bns.models import AuditEvent, Notification
from contacts.models import Account
from contacts.plans import services
from contacts.plans.models import AccountPlan, PlanAction, Stakeholder
from tests.factories import relationship_make

pytestmark = pytest.mark.django_db


def test_create_needs_the_account_plans_permission_and_marks_a_target(world, tenant):
    other = relationship_make(tenant=tenant, owner=world.m("kam").employee, company="Mairie de Vannes").person.account
    with pytest.raises(PermissionDenied):
        services.account_plan_create(tenant=tenant, actor=world.m("kam").user, account=other)
    assert not Account.unscoped.get(pk=other.pk).is_target
    plan = services.account_plan_create(tenant=tenant, actor=world.m("executive").user, account=other)
    assert Account.unscoped.get(pk=other.pk).is_target
    assert AuditEvent.unscoped.filter(tenant=tenant, verb="account_plan.create", object_id=str(plan.pk)).exists()
    with pytest.raises(ValidationError) as exc:  # one open plan per account
        services.account_plan_create(tenant=tenant, actor=world.m("executive").user, account=other)
    assert "already has an open plan" in str(exc.value)
    services.account_plan_update(tenant=tenant, actor=world.m("executive").user, plan=plan, status="closed")
    assert services.account_plan_create(tenant=tenant, actor=world.m("executive").user, account=other).pk != plan.pk


def test_account_of_another_tenant_refused(world, tenant, other_tenant):
    from contacts.services import account_find_or_create

    foreign = account_find_or_create(tenant=other_tenant, actor=None, name="Ailleurs SA")
    with pytest.raises(ValidationError):
        services.account_plan_create(tenant=tenant, actor=world.m("manager").user, account=foreign)


def test_update_by_owner_or_permission_only(world, tenant):
    plan = world.plan
    services.account_plan_update(tenant=tenant, actor=world.m("kam").user, plan=plan, objectives="Nouvel objectif")
    services.account_plan_update(tenant=tenant, actor=world.m("manager").user, plan=plan, status="on_hold")
    for who in ("rep", "sharer"):
        with pytest.raises(PermissionDenied):
            services.account_plan_update(tenant=tenant, actor=world.m(who).user, plan=plan, status="active")
    plan.refresh_from_db()
    assert (plan.objectives, plan.status) == ("Nouvel objectif", "on_hold")
    event = AuditEvent.unscoped.filter(tenant=tenant, verb="account_plan.update").order_by("-pk").first()
    assert event.data == {"status": {"from": "active", "to": "on_hold"}}
    with pytest.raises(ValidationError):
        services.account_plan_update(tenant=tenant, actor=world.m("kam").user, plan=plan, account=plan.account)


def test_org_chart_cycle_refused_with_a_clear_message(world, tenant):
    st = world.stakeholders
    kam = world.m("kam").user
    with pytest.raises(ValidationError) as exc:  # the DAF's own report cannot become their boss
        services.stakeholder_update(tenant=tenant, actor=kam, stakeholder=st["daf"], reports_to=st["parc"])
    message = exc.value.message_dict["reports_to"][0]
    assert "Paul Parc already reports, directly or not, to Anne Financière" in message
    assert "loop" in message
    with pytest.raises(ValidationError) as exc:
        services.stakeholder_update(tenant=tenant, actor=kam, stakeholder=st["daf"], reports_to=st["daf"])
    assert "themself" in exc.value.message_dict["reports_to"][0]
    # deeper: dg <- daf <- parc; dg may not report to parc
    services.stakeholder_update(tenant=tenant, actor=kam, stakeholder=st["daf"], reports_to=st["dg"])
    with pytest.raises(ValidationError):
        services.stakeholder_update(tenant=tenant, actor=kam, stakeholder=st["dg"], reports_to=st["parc"])
    assert Stakeholder.unscoped.get(pk=st["dg"].pk).reports_to_id is None
    event = AuditEvent.unscoped.filter(tenant=tenant, verb="account_plan.stakeholder_update").order_by("-pk").first()
    assert event.data["reports_to"] == {"from": None, "to": st["dg"].pk}


def test_reports_to_must_be_on_the_same_plan(world, tenant):
    other_account = relationship_make(tenant=tenant, owner=world.m("kam").employee, company="TP Morvan", visibility="shared",
                                      scope="group")
    plan2 = services.account_plan_create(tenant=tenant, actor=world.m("manager").user, account=other_account.person.account,
                                         owner=world.m("kam").employee)
    s2 = services.stakeholder_add(tenant=tenant, actor=world.m("kam").user, plan=plan2, person=other_account.person)
    with pytest.raises(ValidationError) as exc:
        services.stakeholder_update(tenant=tenant, actor=world.m("kam").user, stakeholder=s2, reports_to=world.stakeholders["dg"])
    assert "reports_to" in exc.value.message_dict


def test_a_person_the_actor_cannot_see_cannot_be_added(world, tenant):
    hidden = relationship_make(tenant=tenant, owner=world.m("rep").employee, first_name="Claire", last_name="Secrète",
                               company="Régie Armor Énergie", visibility="private")
    discoverable = world.relationships["parc"]
    for person in (hidden.person, discoverable.person):
        for who in ("manager", "admin"):
            with pytest.raises(ValidationError) as exc:
                services.stakeholder_add(tenant=tenant, actor=world.m(who).user, plan=world.plan, person=person)
            assert "Choose a person from your contacts" in exc.value.message_dict["person"][0]
    with pytest.raises(ValidationError) as exc:  # already on the plan
        services.stakeholder_add(tenant=tenant, actor=world.m("kam").user, plan=world.plan, person=world.relationships["dg"].person)
    assert "already a stakeholder" in exc.value.message_dict["person"][0]


def test_stakeholder_editing_needs_plan_rights(world, tenant):
    with pytest.raises(PermissionDenied):
        services.stakeholder_update(tenant=tenant, actor=world.m("sharer").user, stakeholder=world.stakeholders["dg"], stance="neutral")
    with pytest.raises(PermissionDenied):
        services.stakeholder_remove(tenant=tenant, actor=world.m("sharer").user, stakeholder=world.stakeholders["dg"])
    with pytest.raises(ValidationError) as exc:
        services.stakeholder_update(tenant=tenant, actor=world.m("kam").user, stakeholder=world.stakeholders["dg"], stance="hostile")
    assert "stance" in exc.value.message_dict
    services.stakeholder_remove(tenant=tenant, actor=world.m("kam").user, stakeholder=world.stakeholders["daf"])
    assert Stakeholder.unscoped.get(pk=world.stakeholders["parc"].pk).reports_to_id is None
    assert AuditEvent.unscoped.filter(tenant=tenant, verb="account_plan.stakeholder_remove").exists()


def test_actions_owner_notified_completed_once(world, tenant):
    kam, rep = world.m("kam"), world.m("rep")
    due = timezone.localdate() + timedelta(days=3)
    action = services.plan_action_create(tenant=tenant, actor=kam.user, plan=world.plan, title="Déjeuner avec le DAF",
                                         owner=rep.employee, stakeholder=world.stakeholders["daf"], due_date=due)
    notes = Notification.unscoped.filter(tenant=tenant, recipient=rep.user, verb="plan_action")
    assert notes.count() == 1 and "Déjeuner avec le DAF" in notes.get().title
    # the action's owner may update and complete it, not another employee
    services.plan_action_update(tenant=tenant, actor=rep.user, action=action, due_date=due + timedelta(days=1))
    with pytest.raises(PermissionDenied):
        services.plan_action_complete(tenant=tenant, actor=world.m("sharer").user, action=action)
    services.plan_action_complete(tenant=tenant, actor=rep.user, action=action)
    assert PlanAction.unscoped.get(pk=action.pk).status == "done"
    with pytest.raises(ValidationError) as exc:
        services.plan_action_complete(tenant=tenant, actor=kam.user, action=action)
    assert "already" in exc.value.messages[0]
    verbs = set(AuditEvent.unscoped.filter(tenant=tenant, verb__startswith="account_plan.action").values_list("verb", flat=True))
    assert verbs == {"account_plan.action_create", "account_plan.action_update", "account_plan.action_complete"}
    with pytest.raises(ValidationError):  # a stakeholder of another plan
        services.plan_action_create(tenant=tenant, actor=kam.user, plan=world.plan, title="x", stakeholder=Stakeholder(pk=0))


def test_other_tenant_objects_refused(world, tenant, other_tenant):
    with pytest.raises(PermissionDenied):
        services.account_plan_update(tenant=other_tenant, actor=world.m("manager").user, plan=world.plan, status="closed")
    assert AccountPlan.unscoped.get(pk=world.plan.pk).status == "active"
