"""The strategy API: same services and rules as the pages."""

from __future__ import annotations

import pytest

from bns.programme.models import StrategyOption
from tests.bns.programme.strategy.support import api, base

pytestmark = pytest.mark.django_db


def test_options_crud_and_permissions(org):
    tenant = org.tenant
    payload = {"title": "Ambassadeurs", "cost": "4200.00", "feasibility": 4, "pros": "Rapide"}
    assert api(org.m("employee")).post(f"{base(tenant)}/programme-strategy-options/", payload, format="json").status_code == 403
    assert api(org.m("manager")).post(f"{base(tenant)}/programme-strategy-options/", payload, format="json").status_code == 403
    created = api(org.m("owner")).post(f"{base(tenant)}/programme-strategy-options/", payload, format="json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["programme"] == org.programme.pk and data["status"] == "candidate" and data["challenge_count"] == 0
    bad = api(org.m("owner")).post(f"{base(tenant)}/programme-strategy-options/", {"title": "X", "cost": "-1", "feasibility": 8},
                                   format="json")
    assert bad.status_code == 400 and {"cost", "feasibility"} <= set(bad.json())
    listed = api(org.m("employee")).get(f"{base(tenant)}/programme-strategy-options/").json()
    assert [o["title"] for o in listed["results"]] == ["Ambassadeurs"]
    patch = api(org.m("executive")).patch(f"{base(tenant)}/programme-strategy-options/{data['id']}/", {"feasibility": 5},
                                          format="json")
    assert patch.status_code == 200 and patch.json()["feasibility"] == 5
    assert api(org.m("employee")).patch(f"{base(tenant)}/programme-strategy-options/{data['id']}/", {"title": "Z"},
                                        format="json").status_code == 403
    assert api(org.m("employee")).delete(f"{base(tenant)}/programme-strategy-options/{data['id']}/").status_code == 403
    assert api(org.m("owner")).delete(f"{base(tenant)}/programme-strategy-options/{data['id']}/").status_code == 204


def test_challenge_retain_and_reopen(org):
    tenant = org.tenant
    owner = api(org.m("owner"))
    ids = [owner.post(f"{base(tenant)}/programme-strategy-options/", {"title": t}, format="json").json()["id"] for t in "ABC"]
    challenged = api(org.m("manager")).post(f"{base(tenant)}/programme-strategy-options/{ids[0]}/challenge/",
                                            {"comment": "Qui ?", "score": 4}, format="json")
    assert challenged.status_code == 201 and challenged.json()["author_name"] == "Marc Chefdesventes"
    assert api(org.m("employee")).post(f"{base(tenant)}/programme-strategy-options/{ids[0]}/challenge/",
                                       {"comment": "Moi"}, format="json").status_code == 403
    via_list = api(org.m("executive")).post(f"{base(tenant)}/programme-strategy-challenges/",
                                            {"option": ids[0], "comment": "Budget ?", "score": 2}, format="json")
    assert via_list.status_code == 201
    option = api(org.m("employee")).get(f"{base(tenant)}/programme-strategy-options/{ids[0]}/").json()
    assert option["challenge_count"] == 2 and option["average_score"] == 3.0
    challenges = api(org.m("employee")).get(f"{base(tenant)}/programme-strategy-challenges/", {"option": ids[0]}).json()
    assert challenges["count"] == 2

    assert owner.post(f"{base(tenant)}/programme-strategy-options/{ids[0]}/retain/", {}, format="json").status_code == 400
    retained = owner.post(f"{base(tenant)}/programme-strategy-options/{ids[0]}/retain/",
                          {"rationale": "Réaliste", "rejection_reasons": {str(ids[1]): "Trop cher"}}, format="json")
    assert retained.status_code == 200 and retained.json()["status"] == "retained"
    rejected = api(org.m("employee")).get(f"{base(tenant)}/programme-strategy-options/", {"status": "rejected"}).json()["results"]
    assert {o["id"]: o["rationale"] for o in rejected} == {ids[1]: "Trop cher", ids[2]: "Not retained: “A” was preferred."}
    second = api(org.m("executive")).post(f"{base(tenant)}/programme-strategy-options/{ids[1]}/retain/", {"rationale": "Non"},
                                          format="json")
    assert second.status_code == 400 and "already retained" in str(second.json())
    assert owner.post(f"{base(tenant)}/programme-strategy-options/{ids[0]}/reopen/").status_code == 403
    reopened = api(org.m("executive")).post(f"{base(tenant)}/programme-strategy-options/{ids[0]}/reopen/")
    assert reopened.status_code == 200 and reopened.json() == {"reopened": 3}
    assert set(StrategyOption.unscoped.values_list("status", flat=True)) == {"candidate"}


def test_another_groups_ids_are_404(org, other_tenant):
    from tests.bns.programme.strategy.support import make_org

    theirs = make_org(other_tenant)
    foreign = StrategyOption.unscoped.create(tenant=other_tenant, programme=theirs.programme, title="Chez eux")
    executive = api(org.m("executive"))
    assert executive.get(f"{base(org.tenant)}/programme-strategy-options/{foreign.pk}/").status_code == 404
    assert executive.post(f"{base(org.tenant)}/programme-strategy-options/{foreign.pk}/retain/", {"rationale": "x"},
                          format="json").status_code == 404
    refused = executive.post(f"{base(org.tenant)}/programme-strategy-challenges/", {"option": foreign.pk, "comment": "x"},
                             format="json")
    assert refused.status_code == 400
    created = executive.post(f"{base(org.tenant)}/programme-strategy-options/", {"title": "X", "programme": theirs.programme.pk},
                             format="json")
    assert created.status_code == 400
