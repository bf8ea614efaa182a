"""The attitudes API: behaviours per role (CRUD, editors only) and the attitudes summary with the charter."""

from __future__ import annotations

import pytest

from bns.programme.models import RoleBehaviour
from tests.bns.programme.attitudes.support import acknowledge, publish
from tests.bns.programme.objectives.conftest import make_programme
from tests.bns.programme.strategy.support import api, base

pytestmark = pytest.mark.django_db


def test_role_behaviours_crud_and_permissions(org):
    t = org.tenant
    url = f"{base(t)}/programme-role-behaviours/"
    payload = {"role": "manager", "behaviours": "Coacher chaque semaine"}
    assert api(org.m("employee")).post(url, payload, format="json").status_code == 403
    assert api(org.m("manager")).post(url, payload, format="json").status_code == 403
    created = api(org.m("owner")).post(url, payload, format="json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["programme"] == org.programme.pk and data["role"] == "manager" and data["role_label"] == "Sales manager"
    replaced = api(org.m("executive")).post(url, {**payload, "behaviours": "Coacher 15 min par semaine"}, format="json")
    assert replaced.status_code == 200 and replaced.json()["id"] == data["id"]
    listed = api(org.m("employee")).get(url).json()
    assert [(r["role"], r["behaviours"]) for r in listed["results"]] == [("manager", "Coacher 15 min par semaine")]
    assert api(org.m("employee")).get(url, {"role": "employee"}).json()["count"] == 0
    detail = f"{url}{data['id']}/"
    assert api(org.m("employee")).get(detail).json()["behaviours"] == "Coacher 15 min par semaine"
    assert api(org.m("employee")).patch(detail, {"behaviours": "x"}, format="json").status_code == 403
    assert api(org.m("employee")).patch(detail, {}, format="json").status_code == 403
    patched = api(org.m("owner")).patch(detail, {"behaviours": "Coacher et suivre"}, format="json")
    assert patched.status_code == 200 and patched.json()["behaviours"] == "Coacher et suivre"
    assert api(org.m("owner")).patch(detail, {"behaviours": ""}, format="json").status_code == 400
    assert api(org.m("employee")).delete(detail).status_code == 403
    assert api(org.m("owner")).delete(detail).status_code == 204
    assert not RoleBehaviour.unscoped.exists()


@pytest.mark.parametrize("payload", [{"role": "boss", "behaviours": "x"}, {"role": "manager", "behaviours": ""},
                                     {"role": "manager"}, {"behaviours": "x"}, {"role": "manager", "behaviours": "x" * 5001}])
def test_bad_writes_are_400(org, payload):
    response = api(org.m("owner")).post(f"{base(org.tenant)}/programme-role-behaviours/", payload, format="json")
    assert response.status_code == 400
    assert not RoleBehaviour.unscoped.exists()


def test_another_groups_rows_are_404(org, other_tenant):
    theirs = make_programme(other_tenant)
    row = RoleBehaviour.unscoped.create(tenant=other_tenant, programme=theirs, role="manager", behaviours="theirs")
    url = f"{base(org.tenant)}/programme-role-behaviours/"
    client = api(org.m("executive"))
    assert client.get(f"{url}{row.pk}/").status_code == 404
    assert client.patch(f"{url}{row.pk}/", {"behaviours": "x"}, format="json").status_code == 404
    assert client.delete(f"{url}{row.pk}/").status_code == 404
    assert client.get(url, {"programme": theirs.pk}).json()["count"] == 0
    response = client.post(url, {"programme": theirs.pk, "role": "manager", "behaviours": "x"}, format="json")
    assert response.status_code == 400 and "programme" in response.json()
    assert client.get(f"{base(org.tenant)}/programme-attitudes/", {"programme": theirs.pk}).status_code == 404
    assert RoleBehaviour.unscoped.get().behaviours == "theirs"


def test_the_attitudes_summary(org):
    t = org.tenant
    empty = api(org.m("employee")).get(f"{base(t)}/programme-attitudes/").json()
    assert empty["programme"] == org.programme.pk and empty["charter"] is None and len(empty["roles"]) == 7
    assert empty["roles"][0]["role"] == "executive" and empty["roles"][0]["behaviours"] is None
    assert empty["roles"][0]["id"] is None and "Sponsor the programme visibly" in empty["roles"][0]["suggestion"]
    publish(org)
    acknowledge(org, org.m("owner"))
    api(org.m("owner")).post(f"{base(t)}/programme-role-behaviours/", {"role": "employee", "behaviours": "Profil complet"}, format="json")
    data = api(org.m("employee")).get(f"{base(t)}/programme-attitudes/").json()
    charter = data["charter"]
    assert charter["version"] == 1 and charter["title"] == "Charte réseautage" and charter["url"] == f"/g/{t.slug}/networking/charter/"
    assert charter["rate"] == {"site": None, "site_name": "Whole group", "active": 4, "acknowledged": 1, "percent": 25}
    assert charter["sites"] is None  # an employee does not read the rates per dealership
    employee = next(r for r in data["roles"] if r["role"] == "employee")
    assert employee["behaviours"] == "Profil complet" and employee["id"] is not None
    sites = api(org.m("executive")).get(f"{base(t)}/programme-attitudes/").json()["charter"]["sites"]
    assert [(s["site_name"], s["active"], s["acknowledged"]) for s in sites] == [("Rennes", 4, 1)]


def test_without_a_programme(tenant):
    from bns.models import Role
    from tests.factories import MembershipFactory, UserFactory

    member = MembershipFactory(tenant=tenant, user=UserFactory(), role=Role.EXECUTIVE)
    data = api(member).get(f"{base(tenant)}/programme-attitudes/").json()
    assert data == {"programme": None, "charter": None, "roles": []}
    response = api(member).post(f"{base(tenant)}/programme-role-behaviours/", {"role": "manager", "behaviours": "x"}, format="json")
    assert response.status_code == 400 and "programme" in response.json()
