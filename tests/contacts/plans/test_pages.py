"""Account-plan pages: permissions, forms (400 on errors), overdue actions, exports in the ledger, other tenant 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from bns.models import Role
from contacts.models import LedgerEntry
from contacts.plans import services
from contacts.plans.models import AccountPlan, PlanAction, Stakeholder
from tests.contacts.plans.conftest import body, member, url
from tests.factories import EmployeeFactory, relationship_make

pytestmark = pytest.mark.django_db


def login(client, membership):
    client.force_login(membership.user)
    return client


def test_every_member_reads_only_editors_edit(client, world, tenant):
    plan = world.plan
    login(client, world.m("sharer"))
    page = body(client.get(url(tenant, "plans_detail", pk=plan.pk)))
    assert "Renouveler 40 utilitaires" in page
    assert url(tenant, "plans_edit", pk=plan.pk) not in page
    assert client.get(url(tenant, "plans_edit", pk=plan.pk)).status_code == 403
    assert client.get(url(tenant, "plans_create")).status_code == 403
    assert client.post(url(tenant, "plans_stakeholder_remove", pk=world.stakeholders["dg"].pk)).status_code == 403
    login(client, world.m("kam"))  # the plan's owner
    assert url(tenant, "plans_edit", pk=plan.pk) in body(client.get(url(tenant, "plans_detail", pk=plan.pk)))
    response = client.post(url(tenant, "plans_edit", pk=plan.pk), {"status": "on_hold", "objectives": "Gagner", "strategy": "",
                                                               "owner": world.m("kam").employee.pk})
    assert response.status_code == 302
    assert AccountPlan.unscoped.get(pk=plan.pk).status == "on_hold"
    assert client.post(url(tenant, "plans_edit", pk=plan.pk), {"status": "bogus"}).status_code == 400


def test_create_plan_page(client, world, tenant):
    account = relationship_make(tenant=tenant, owner=world.m("kam").employee, company="Mairie de Vannes").person.account
    login(client, world.m("manager"))
    page = url(tenant, "plans_create")
    assert client.get(page, {"account": account.pk}).status_code == 200
    assert client.post(page, {"account": "", "status": "active"}).status_code == 400
    response = client.post(page, {"account": account.pk, "owner": world.m("kam").employee.pk, "status": "active",
                                  "objectives": "", "strategy": ""})
    assert response.status_code == 302
    plan = AccountPlan.unscoped.get(account=account)
    assert response["Location"] == url(tenant, "plans_detail", pk=plan.pk)
    response = client.post(page, {"account": account.pk, "status": "active"})  # a second open plan
    assert response.status_code == 400 and "already has an open plan" in body(response)


def test_stakeholder_pages(client, world, tenant):
    login(client, world.m("kam"))
    add = url(tenant, "plans_stakeholder_add", pk=world.plan.pk)
    offered = set(client.get(add).context["form"].fields["person"].queryset)
    assert world.relationships["buyer"].person in offered  # a person kam may see
    assert world.relationships["parc"].person not in offered  # discoverable to kam: not offered
    newcomer = relationship_make(tenant=tenant, owner=world.m("kam").employee, first_name="Nina", last_name="Nouvelle",
                                 company="Régie Armor Énergie", visibility="private")
    data = {"person": newcomer.person.pk, "title": "", "level": 4, "buying_role": "gatekeeper", "stance": "unknown",
            "reports_to": world.stakeholders["dg"].pk, "notes": ""}
    assert client.post(add, data).status_code == 302
    stakeholder = Stakeholder.unscoped.get(plan=world.plan, person=newcomer.person)
    assert stakeholder.reports_to == world.stakeholders["dg"]
    assert client.post(add, {**data, "person": world.relationships["parc"].person.pk}).status_code == 400
    edit = url(tenant, "plans_stakeholder_edit", pk=world.stakeholders["daf"].pk)
    response = client.post(edit, {"title": "DAF", "level": 2, "buying_role": "decision_maker", "stance": "neutral",
                                  "reports_to": world.stakeholders["parc"].pk, "notes": ""})
    assert response.status_code == 400 and "loop" in body(response)
    response = client.post(edit, {"title": "DAF", "level": 2, "buying_role": "decision_maker", "stance": "ally", "notes": ""})
    assert response.status_code == 302
    assert Stakeholder.unscoped.get(pk=world.stakeholders["daf"].pk).stance == "ally"
    assert client.post(url(tenant, "plans_stakeholder_remove", pk=stakeholder.pk)).status_code == 302
    assert not Stakeholder.unscoped.filter(pk=stakeholder.pk).exists()


def test_actions_with_owners_and_overdue_highlighted(client, world, tenant):
    kam, rep = world.m("kam"), world.m("rep")
    yesterday = timezone.localdate() - timedelta(days=1)
    login(client, kam)
    create = url(tenant, "plans_action_create", pk=world.plan.pk)
    assert client.get(create, {"stakeholder": world.stakeholders["daf"].pk}).status_code == 200
    assert client.post(create, {"title": ""}).status_code == 400
    response = client.post(create, {"title": "Relancer le DAF", "owner": rep.employee.pk, "stakeholder": world.stakeholders["daf"].pk,
                                    "due_date": yesterday.isoformat()})
    assert response.status_code == 302
    action = PlanAction.unscoped.get(title="Relancer le DAF")
    page = body(client.get(url(tenant, "plans_detail", pk=world.plan.pk)))
    assert 'class="overdue"' in page and "Relancer le DAF" in page
    login(client, rep)  # the action's owner completes it
    assert client.post(url(tenant, "plans_action_complete", pk=action.pk)).status_code == 302
    assert PlanAction.unscoped.get(pk=action.pk).status == "done"
    assert 'class="overdue"' not in body(client.get(url(tenant, "plans_detail", pk=world.plan.pk)))
    login(client, world.m("sharer"))
    assert client.post(url(tenant, "plans_action_complete", pk=action.pk)).status_code == 403
    assert client.get(url(tenant, "plans_action_edit", pk=action.pk)).status_code == 403


def test_export_is_in_the_ledger(client, world, tenant):
    login(client, world.m("manager"))
    response = client.get(url(tenant, "plans_stakeholders_export", pk=world.plan.pk))
    assert response["Content-Type"].startswith("text/csv")
    entry = LedgerEntry.unscoped.get(tenant=tenant, verb="export", actor=world.m("manager").user)
    assert entry.data == {"what": "account_plan_stakeholders", "plan": world.plan.pk, "rows": 4}


def test_list_filters_and_empty_state(client, world, tenant):
    login(client, world.m("sharer"))
    page = body(client.get(url(tenant, "plans_list")))
    assert "Régie Armor Énergie" in page and "New account plan" not in page
    assert "Régie Armor Énergie" not in body(client.get(url(tenant, "plans_list"), {"status": "closed"}))
    assert "Régie Armor Énergie" not in body(client.get(url(tenant, "plans_list"), {"mine": "1"}))
    login(client, world.m("kam"))
    assert "Régie Armor Énergie" in body(client.get(url(tenant, "plans_list"), {"mine": "1", "q": "armor"}))
    assert client.get(url(tenant, "plans_list"), {"status": "nope", "page": "x"}).status_code == 200


def test_other_tenant_objects_answer_404(client, world, tenant, other_tenant):
    stranger = member(other_tenant, EmployeeFactory(tenant=other_tenant), Role.ADMIN)
    login(client, stranger)
    for name, pk in (
        ("plans_detail", world.plan.pk), ("plans_edit", world.plan.pk), ("plans_stakeholders_export", world.plan.pk),
        ("plans_stakeholder_edit", world.stakeholders["dg"].pk), ("plans_affiliation_detail", world.affiliations["school"].pk),
    ):
        assert client.get(reverse_other(other_tenant, name, pk)).status_code == 404, name
    assert client.post(reverse_other(other_tenant, "plans_stakeholder_remove", world.stakeholders["dg"].pk)).status_code == 404
    assert Stakeholder.unscoped.filter(pk=world.stakeholders["dg"].pk).exists()


def reverse_other(other_tenant, name, pk):
    return url(other_tenant, name, pk=pk)


def test_member_without_employee_record(client, world, tenant):
    login(client, world.m("admin"))
    page = client.get(url(tenant, "plans_affiliation_mine"))
    assert page.status_code == 200 and "no employee record" in body(page)
    assert client.post(url(tenant, "plans_affiliation_mine"), {"name": "ESC", "kind": "school"}).status_code == 400
    page = body(client.get(url(tenant, "plans_detail", pk=world.plan.pk)))
    assert "request an introduction" not in page  # introductions are asked by employees


def test_plan_action_notifies_only_once_per_owner(world, tenant):
    from bns.models import Notification

    action = services.plan_action_create(tenant=tenant, actor=world.m("kam").user, plan=world.plan, title="Visite",
                                         owner=world.m("rep").employee)
    services.plan_action_update(tenant=tenant, actor=world.m("kam").user, action=action, owner=world.m("sharer").employee)
    services.plan_action_update(tenant=tenant, actor=world.m("kam").user, action=action, owner=world.m("rep").employee)
    assert Notification.unscoped.filter(tenant=tenant, recipient=world.m("rep").user, verb="plan_action").count() == 1
    assert Notification.unscoped.filter(tenant=tenant, recipient=world.m("sharer").user, verb="plan_action").count() == 1
