"""The means API: actions, RACI roles, budget lines and the budget summary, with the pages' rules."""

from __future__ import annotations

import pytest

from bns.programme.models import ActionRole, BudgetLine, ProgrammeAction
from networking.models import ToolLicence
from tests.bns.programme.strategy.support import api, base, make_org

pytestmark = pytest.mark.django_db


def test_actions_crud_and_permissions(org):
    t = org.tenant
    payload = {"title": "Formation LinkedIn", "kind": "training", "owner": org.employee("manager").pk, "budget_planned": "1200.00",
               "starts_on": "2026-02-01", "deadline": "2026-03-01"}
    assert api(org.m("employee")).post(f"{base(t)}/programme-actions/", payload, format="json").status_code == 403
    assert api(org.m("manager")).post(f"{base(t)}/programme-actions/", payload, format="json").status_code == 403
    created = api(org.m("owner")).post(f"{base(t)}/programme-actions/", payload, format="json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["programme"] == org.programme.pk and data["owner_name"] == "Marc Chefdesventes" and data["status"] == "planned"
    assert data["counted_planned"] == "1200.00" and data["roles"] == [] and data["overdue"] is True
    bad = api(org.m("owner")).post(f"{base(t)}/programme-actions/", {**payload, "kind": "party", "budget_actual": "-1",
                                                                    "deadline": "2026-01-01"}, format="json")
    assert bad.status_code == 400 and {"kind", "budget_actual"} <= set(bad.json())
    dates = api(org.m("owner")).post(f"{base(t)}/programme-actions/", {**payload, "deadline": "2026-01-01"}, format="json")
    assert dates.status_code == 400 and "deadline" in dates.json()
    listed = api(org.m("employee")).get(f"{base(t)}/programme-actions/", {"kind": "training"}).json()
    assert [a["title"] for a in listed["results"]] == ["Formation LinkedIn"]
    assert api(org.m("employee")).get(f"{base(t)}/programme-actions/", {"kind": "tool"}).json()["count"] == 0
    patched = api(org.m("executive")).patch(f"{base(t)}/programme-actions/{data['id']}/", {"status": "done"}, format="json")
    assert patched.status_code == 200 and patched.json()["status"] == "done" and patched.json()["overdue"] is False
    assert api(org.m("employee")).patch(f"{base(t)}/programme-actions/{data['id']}/", {"status": "blocked"},
                                        format="json").status_code == 403
    assert api(org.m("employee")).delete(f"{base(t)}/programme-actions/{data['id']}/").status_code == 403
    assert api(org.m("owner")).delete(f"{base(t)}/programme-actions/{data['id']}/").status_code == 204
    assert not ProgrammeAction.unscoped.exists()


def test_raci_roles(org):
    t = org.tenant
    action = api(org.m("owner")).post(f"{base(t)}/programme-actions/", {"title": "Salon", "kind": "event"}, format="json").json()
    owner = api(org.m("owner"))
    first = owner.post(f"{base(t)}/programme-action-roles/", {"action": action["id"], "employee": org.employee("owner").pk,
                                                               "raci": "A"}, format="json")
    assert first.status_code == 201 and first.json()["employee_name"] == "Paul Pilote"
    second = owner.post(f"{base(t)}/programme-action-roles/", {"action": action["id"], "employee": org.employee("manager").pk,
                                                                "raci": "A"}, format="json")
    assert second.status_code == 400 and "one Accountable per action" in str(second.json())
    for who in ("manager", "employee"):
        assert owner.post(f"{base(t)}/programme-action-roles/", {"action": action["id"], "employee": org.employee(who).pk,
                                                                  "raci": "R"}, format="json").status_code == 201
    assert api(org.m("employee")).post(f"{base(t)}/programme-action-roles/", {
        "action": action["id"], "employee": org.employee("employee").pk, "raci": "I"}, format="json").status_code == 403
    listed = api(org.m("employee")).get(f"{base(t)}/programme-action-roles/", {"action": action["id"]}).json()
    assert sorted(r["raci"] for r in listed["results"]) == ["A", "R", "R"]
    detail = api(org.m("employee")).get(f"{base(t)}/programme-actions/{action['id']}/").json()
    assert len(detail["roles"]) == 3
    assert api(org.m("employee")).delete(f"{base(t)}/programme-action-roles/{first.json()['id']}/").status_code == 403
    assert owner.delete(f"{base(t)}/programme-action-roles/{first.json()['id']}/").status_code == 204
    assert not ActionRole.unscoped.filter(raci="A").exists()


def test_budget_lines_and_summary(org):
    t = org.tenant
    owner = api(org.m("owner"))
    action = owner.post(f"{base(t)}/programme-actions/", {"title": "Formation", "kind": "training", "budget_planned": "1000",
                                                           "budget_actual": "800"}, format="json").json()
    line = owner.post(f"{base(t)}/programme-budget-lines/", {"label": "Supports", "action": action["id"], "planned": "300",
                                                              "actual": "950", "replaces": "Presse", "replaced_amount": "1200"},
                      format="json")
    assert line.status_code == 201 and line.json()["action_title"] == "Formation"
    bad = owner.post(f"{base(t)}/programme-budget-lines/", {"label": "X", "replaced_amount": "10"}, format="json")
    assert bad.status_code == 400 and "replaces" in bad.json()
    assert owner.post(f"{base(t)}/programme-budget-lines/", {"label": "Radio", "actual": "100.50", "replaces": "Radio",
                                                              "replaced_amount": "2000"}, format="json").status_code == 201
    assert api(org.m("employee")).post(f"{base(t)}/programme-budget-lines/", {"label": "X"}, format="json").status_code == 403
    ToolLicence.unscoped.create(tenant=t, tool="Sales Navigator", monthly_cost="80", employee=None)
    summary = api(org.m("employee")).get(f"{base(t)}/programme-budget/")
    assert summary.status_code == 200
    data = summary.json()
    # Spent: the action counts max(800, 950) = 950, plus the line without an action 100.50; replaced 1200 + 2000.
    assert (data["planned"], data["actual"], data["replaced"], data["net"]) == ("1000.00", "1050.50", "3200.00", "-2149.50")
    assert data["net_text"] == "net saving of 2,149.50\u00a0€"
    assert [(r["key"], r["actual"]) for r in data["rows"]] == [("training", "950.00"), ("unlinked", "100.50")]
    assert data["licences"]["yearly"] == "960.00" and data["licences"]["unused_yearly"] == "960.00"
    patched = owner.patch(f"{base(t)}/programme-budget-lines/{line.json()['id']}/", {"action": None}, format="json")
    assert patched.status_code == 200 and patched.json()["action"] is None
    assert api(org.m("employee")).get(f"{base(t)}/programme-budget/").json()["actual"] == "1850.50"
    assert owner.delete(f"{base(t)}/programme-budget-lines/{line.json()['id']}/").status_code == 204
    assert BudgetLine.unscoped.count() == 1


def test_no_programme_yet(tenant):
    from bns.models import Role
    from tests.factories import MembershipFactory, UserFactory

    member = MembershipFactory(tenant=tenant, user=UserFactory(), role=Role.EXECUTIVE)
    assert api(member).get(f"{base(tenant)}/programme-budget/").status_code == 404
    assert api(member).get(f"{base(tenant)}/programme-actions/").json()["count"] == 0
    created = api(member).post(f"{base(tenant)}/programme-actions/", {"title": "X", "kind": "tool"}, format="json")
    assert created.status_code == 400 and "programme" in created.json()


def test_another_groups_references_are_refused(org, other_tenant):
    theirs = make_org(other_tenant)
    foreign = ProgrammeAction.unscoped.create(tenant=other_tenant, programme=theirs.programme, title="Chez eux", kind="tool")
    executive = api(org.m("executive"))
    t = org.tenant
    assert executive.get(f"{base(t)}/programme-actions/{foreign.pk}/").status_code == 404
    assert executive.post(f"{base(t)}/programme-budget-lines/", {"label": "X", "action": foreign.pk}, format="json").status_code == 400
    assert executive.post(f"{base(t)}/programme-actions/", {"title": "X", "kind": "tool", "owner": theirs.employee("owner").pk},
                          format="json").status_code == 400
    assert executive.get(f"{base(t)}/programme-budget/", {"programme": theirs.programme.pk}).status_code == 404
