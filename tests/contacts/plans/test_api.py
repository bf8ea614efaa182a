"""The account-plan and affiliation API: the same services and rules as the pages."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from contacts.plans.models import (
    AccountPlan,
    Affiliation,
    EmployeeAffiliation,
    PersonAffiliation,
    PlanAction,
    Stakeholder,
)
from tests.factories import relationship_make

pytestmark = pytest.mark.django_db


def api(membership) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=membership.user)
    return client


def base(tenant) -> str:
    return f"/api/v1/g/{tenant.slug}"


def test_plans_crud_and_permissions(world, tenant):
    account = relationship_make(tenant=tenant, owner=world.m("kam").employee, company="TP Morvan", visibility="shared",
                                scope="group").person.account
    payload = {"account": account.pk, "owner": world.m("kam").employee.pk, "objectives": "10 pick-up"}
    assert api(world.m("kam")).post(f"{base(tenant)}/account-plans/", payload, format="json").status_code == 403
    response = api(world.m("manager")).post(f"{base(tenant)}/account-plans/", payload, format="json")
    assert response.status_code == 201, response.content
    plan_id = response.json()["id"]
    assert response.json()["account_name"] == "TP Morvan" and response.json()["stakeholder_count"] == 0
    listed = api(world.m("sharer")).get(f"{base(tenant)}/account-plans/", {"search": "morvan"}).json()
    assert [p["id"] for p in listed["results"]] == [plan_id]
    patch = api(world.m("kam")).patch(f"{base(tenant)}/account-plans/{plan_id}/", {"status": "on_hold"}, format="json")
    assert patch.status_code == 200 and patch.json()["status"] == "on_hold"
    put = api(world.m("kam")).put(f"{base(tenant)}/account-plans/{plan_id}/", {"strategy": "Par le club"}, format="json")
    assert put.status_code == 200 and put.json()["strategy"] == "Par le club"
    assert api(world.m("sharer")).patch(f"{base(tenant)}/account-plans/{plan_id}/", {"status": "closed"},
                                        format="json").status_code == 403
    assert AccountPlan.unscoped.get(pk=plan_id).status == "on_hold"
    bad = api(world.m("manager")).post(f"{base(tenant)}/account-plans/", {"account": account.pk}, format="json")
    assert bad.status_code == 400 and "account" in bad.json()  # one open plan per account


def test_stakeholders_and_cycles(world, tenant):
    kam = api(world.m("kam"))
    st = world.stakeholders
    listed = kam.get(f"{base(tenant)}/account-plan-stakeholders/", {"plan": world.plan.pk}).json()
    assert listed["count"] == 4
    loop = kam.patch(f"{base(tenant)}/account-plan-stakeholders/{st['daf'].pk}/", {"reports_to": st["parc"].pk}, format="json")
    assert loop.status_code == 400 and "loop" in loop.json()["reports_to"][0]
    newcomer = relationship_make(tenant=tenant, owner=world.m("kam").employee, first_name="Nina", last_name="Nouvelle",
                                 company="Régie Armor Énergie")
    created = kam.post(f"{base(tenant)}/account-plan-stakeholders/",
                       {"plan": world.plan.pk, "person": newcomer.person.pk, "buying_role": "gatekeeper"}, format="json")
    assert created.status_code == 201 and created.json()["person_name"] == "Nina Nouvelle"
    hidden = kam.post(f"{base(tenant)}/account-plan-stakeholders/",
                      {"plan": world.plan.pk, "person": world.relationships["parc"].person.pk}, format="json")
    assert hidden.status_code == 400 and "person" in hidden.json()
    assert kam.delete(f"{base(tenant)}/account-plan-stakeholders/{created.json()['id']}/").status_code == 204
    assert api(world.m("sharer")).delete(f"{base(tenant)}/account-plan-stakeholders/{st['dg'].pk}/").status_code == 403
    assert Stakeholder.unscoped.filter(pk=st["dg"].pk).exists()


def test_actions(world, tenant):
    kam = api(world.m("kam"))
    created = kam.post(f"{base(tenant)}/account-plan-actions/", {"plan": world.plan.pk, "title": "Démo VUL",
                                                                  "owner": world.m("rep").employee.pk, "due_date": "2000-01-01"},
                       format="json")
    assert created.status_code == 201 and created.json()["overdue"] is True
    action_id = created.json()["id"]
    mine = api(world.m("rep")).get(f"{base(tenant)}/account-plan-actions/", {"mine": "true"}).json()
    assert [a["id"] for a in mine["results"]] == [action_id]
    done = api(world.m("rep")).post(f"{base(tenant)}/account-plan-actions/{action_id}/complete/")
    assert done.status_code == 200 and done.json()["status"] == "done"
    again = kam.post(f"{base(tenant)}/account-plan-actions/{action_id}/complete/")
    assert again.status_code == 400
    assert PlanAction.unscoped.get(pk=action_id).status == "done"


def test_suggestions_and_coverage(world, tenant):
    data = api(world.m("manager")).get(f"{base(tenant)}/account-plans/{world.plan.pk}/suggestions/").json()
    assert data["coverage"]["covered"] == 3 and data["coverage"]["gaps"] == [world.stakeholders["daf"].pk]
    daf = next(c for c in data["stakeholders"] if c["stakeholder_id"] == world.stakeholders["daf"].pk)
    top = daf["suggestions"][0]
    assert top["employee_name"].endswith("Ancien") and top["score"] == 4
    assert top["reasons"][0] == {"code": "school", "text": "went to the same school: ESC Rennes School of Business", "points": 3}


def test_affiliations_create_with_suggestions_links_and_merge(world, tenant):
    kam = api(world.m("kam"))
    url = f"{base(tenant)}/affiliations/"
    suggested = kam.post(url, {"name": "ESC Rennes", "kind": "school"}, format="json")
    assert suggested.status_code == 200
    assert suggested.json()["affiliation"] is None and suggested.json()["suggestions"][0]["name"] == "ESC Rennes School of Business"
    created = kam.post(url, {"name": "ESC Rennes", "kind": "school", "confirm_new": True}, format="json")
    assert created.status_code == 201 and created.json()["created"] is True
    short_id = created.json()["affiliation"]["id"]
    same = kam.post(url, {"name": "esc  RENNES", "kind": "school"}, format="json")
    assert same.status_code == 200 and same.json()["affiliation"]["id"] == short_id
    similar = kam.get(f"{url}similar/", {"name": "ESC Renes", "kind": "school"}).json()
    assert {a["name"] for a in similar} == {"ESC Rennes", "ESC Rennes School of Business"}
    mine = kam.post(f"{base(tenant)}/employee-affiliations/", {"affiliation": short_id}, format="json")
    assert mine.status_code == 201 and mine.json()["employee"] == world.m("kam").employee_id
    other = kam.post(f"{base(tenant)}/employee-affiliations/", {"affiliation": short_id, "employee": world.m("rep").employee_id},
                     format="json")
    assert other.status_code == 403
    person = kam.post(f"{base(tenant)}/person-affiliations/", {"affiliation": short_id, "person": world.relationships["buyer"].person.pk},
                      format="json")
    assert person.status_code == 201
    hidden = kam.post(f"{base(tenant)}/person-affiliations/", {"affiliation": short_id, "person": world.relationships["parc"].person.pk},
                      format="json")
    assert hidden.status_code == 400 and "person" in hidden.json()
    long_id = world.affiliations["school"].pk
    assert kam.post(f"{url}{long_id}/merge/", {"merged": short_id}, format="json").status_code == 403
    merged = api(world.m("admin")).post(f"{url}{long_id}/merge/", {"merged": short_id}, format="json")
    assert merged.status_code == 200 and merged.json()["employee_count"] == 2
    assert not Affiliation.unscoped.filter(pk=short_id).exists()
    assert EmployeeAffiliation.unscoped.filter(affiliation_id=long_id, employee=world.m("kam").employee).exists()
    assert PersonAffiliation.unscoped.filter(affiliation_id=long_id).count() == 2
    listed = kam.get(f"{base(tenant)}/person-affiliations/", {"affiliation": long_id}).json()
    assert listed["count"] == 2


def test_person_affiliations_list_hides_persons_not_visible(world, tenant):
    from contacts.plans import services

    services.person_affiliation_add(tenant=tenant, actor=world.m("rep").user, person=world.relationships["parc"].person,
                                    affiliation=world.affiliations["club"])
    names = {row["person_name"] for row in api(world.m("manager")).get(f"{base(tenant)}/person-affiliations/").json()["results"]}
    assert "Paul Parc" not in names and "Denis Général" in names
    names = {row["person_name"] for row in api(world.m("rep")).get(f"{base(tenant)}/person-affiliations/").json()["results"]}
    assert "Paul Parc" in names


def test_other_tenant_is_404(world, tenant, other_tenant):
    from bns.models import Role
    from tests.contacts.plans.conftest import member

    stranger = api(member(other_tenant, None, Role.ADMIN))
    assert stranger.get(f"{base(tenant)}/account-plans/").status_code == 404
    assert stranger.get(f"{base(other_tenant)}/account-plans/{world.plan.pk}/").status_code == 404
    assert stranger.get(f"{base(other_tenant)}/account-plans/{world.plan.pk}/suggestions/").status_code == 404
    assert stranger.post(f"{base(other_tenant)}/affiliations/{world.affiliations['school'].pk}/merge/",
                         {"merged": world.affiliations["club"].pk}, format="json").status_code == 404
