"""Referrals API: same rules as the pages (who sees, who moves, who approves and pays), clean 400s, the payroll
CSV, query counts that do not grow with data."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from contacts.referrals import rewards
from contacts.referrals.models import Referral, RewardRule
from tests.contacts.referrals.conftest import make_rule, move, submit
from tests.factories import MembershipFactory, TenantFactory, UserFactory

pytestmark = pytest.mark.django_db


def api(membership) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=membership.user)
    return client


def u(tenant, name, pk=None, **query) -> str:
    kwargs = {"tenant_slug": tenant.slug}
    if pk is not None:
        kwargs["pk"] = pk
    return reverse(f"api-referrals-{name}", kwargs=kwargs)


def test_create_and_follow(tenant, org):
    payload = {"first_name": "Yann", "last_name": "Kervella", "company": "Transports Kervella", "email": "yann@kervella.example",
               "need": "4 fourgons", "urgency": "high", "consent": True, "to_department": org.vn.pk, "to_site": org.rennes.pk}
    response = api(org["referrer"]).post(u(tenant, "referral-list"), payload, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "submitted" and data["lead"] == "Yann Kervella (Transports Kervella)"
    assert data["lead_contact"] == {"emails": ["yann@kervella.example"], "phones": []}
    assert data["next_actions"] == [] and data["events"][0]["to_status"] == "submitted"
    mine = api(org["referrer"]).get(u(tenant, "referral-list")).json()
    assert [r["id"] for r in mine["results"]] == [data["id"]]
    received = api(org["vn_rennes"]).get(u(tenant, "referral-list"), {"box": "received"}).json()
    assert [r["id"] for r in received["results"]] == [data["id"]] and received["results"][0]["next_actions"] == ["accept", "lose"]
    assert api(org["outsider"]).get(u(tenant, "referral-list"), {"box": "received"}).json()["results"] == []


@pytest.mark.parametrize(("consent", "code"), [(False, 400), (None, 400)])
def test_create_refuses_without_consent(tenant, org, consent, code):
    payload = {"company": "ACME", "need": "x", "consent": consent, "to_site": org.rennes.pk}
    response = api(org["referrer"]).post(u(tenant, "referral-list"), payload, format="json")
    assert response.status_code == code and "consent" in response.json()
    assert not Referral.unscoped.exists()


def test_create_refuses_another_groups_receiver_like_a_missing_one(tenant, org):
    from tests.factories import SiteFactory

    foreign = SiteFactory(tenant=TenantFactory())
    answers = []
    for pk in (foreign.pk, 999_999):
        response = api(org["referrer"]).post(u(tenant, "referral-list"), {"company": "ACME", "need": "x", "consent": True,
                                                                          "to_site": pk}, format="json")
        assert response.status_code == 400
        answers.append(str(response.json()["to_site"]).replace(str(pk), "<id>"))
    assert answers[0] == answers[1]


def test_transitions_through_the_api(tenant, org):
    make_rule(tenant, org, name="VO", department=org.vo, kind="margin_percent", amount=None, percent=Decimal("5"), cap=Decimal("300"))
    referral = submit(tenant, org)
    client = api(org["colleague"])
    assert client.post(u(tenant, "referral-win", referral.pk), {"deal_value": "1000"}, format="json").status_code == 400
    assert client.post(u(tenant, "referral-accept", referral.pk), {"note": "ok"}, format="json").status_code == 200
    assert client.post(u(tenant, "referral-qualify", referral.pk), {}, format="json").status_code == 200
    response = client.post(u(tenant, "referral-win", referral.pk), {"deal_value": "30000", "deal_department": org.vo.pk}, format="json")
    assert response.status_code == 400 and "margin" in response.json()
    response = client.post(u(tenant, "referral-win", referral.pk),
                           {"deal_value": "30000", "margin": "4200", "vehicles": 3, "deal_department": org.vo.pk}, format="json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "won" and data["reward"]["amount"] == "210.00" and data["reward"]["status"] == "pending"
    assert client.post(u(tenant, "referral-lose", referral.pk), {"reason": "x"}, format="json").status_code == 400


@pytest.mark.parametrize(("who", "code"), [("referrer", 403), ("admin", 403), ("outsider", 404), ("vo_brest", 403)])
def test_only_the_receiving_side_moves_it(tenant, org, who, code):
    referral = submit(tenant, org)
    response = api(org[who]).post(u(tenant, "referral-accept", referral.pk), {}, format="json")
    assert response.status_code == code
    referral.refresh_from_db()
    assert referral.status == "submitted"


def test_retrieve_hides_the_lead_contact_from_approvers(tenant, org):
    referral = submit(tenant, org, email="yann@kervella.example")
    assert api(org["vo_brest"]).get(u(tenant, "referral-detail", referral.pk)).json()["lead_contact"] is None
    assert api(org["colleague"]).get(u(tenant, "referral-detail", referral.pk)).json()["lead_contact"]["emails"]
    assert api(org["outsider"]).get(u(tenant, "referral-detail", referral.pk)).status_code == 404


def test_other_tenant_is_404(tenant, org):
    referral = submit(tenant, org)
    other = TenantFactory(slug="autre")
    stranger = MembershipFactory(tenant=other, user=UserFactory(), role="admin")
    client = api(stranger)
    assert client.get(reverse("api-referrals-referral-detail", kwargs={"tenant_slug": "autre", "pk": referral.pk})).status_code == 404
    assert client.get(u(tenant, "referral-detail", referral.pk)).status_code == 404


# --- Rewards --------------------------------------------------------------------------------------------


@pytest.fixture
def reward(tenant, org):
    make_rule(tenant, org, department=org.vo, amount=Decimal("150"))
    referral = move(tenant, org, submit(tenant, org), "colleague", "accept", "qualify", "win", deal_department=org.vo)
    return referral.reward


def test_rewards_list_approve_twice_reject_pay(tenant, org, reward):
    assert [r["id"] for r in api(org["referrer"]).get(u(tenant, "reward-list")).json()["results"]] == [reward.pk]
    assert api(org["outsider"]).get(u(tenant, "reward-list")).json()["results"] == []
    assert api(org["outsider"]).get(u(tenant, "reward-detail", reward.pk)).status_code == 404
    assert api(org["referrer"]).post(u(tenant, "reward-approve", reward.pk)).status_code == 403
    approver = api(org["vo_brest"])
    assert approver.post(u(tenant, "reward-approve", reward.pk)).status_code == 200
    second = api(org["vn_rennes"]).post(u(tenant, "reward-approve", reward.pk))
    assert second.status_code == 400 and "non_field_errors" in second.json()
    assert approver.post(u(tenant, "reward-reject", reward.pk), {"reason": "x"}, format="json").status_code == 400
    assert approver.post(u(tenant, "reward-mark-paid", reward.pk), {}, format="json").status_code == 403
    payroll = api(org["admin"])
    assert payroll.post(u(tenant, "reward-mark-paid", reward.pk), {"month": "2025-13"}, format="json").status_code == 400
    response = payroll.post(u(tenant, "reward-mark-paid", reward.pk), {"month": "2025-03"}, format="json")
    assert response.status_code == 200 and response.json()["payroll_month"] == "2025-03-01"
    assert payroll.post(u(tenant, "reward-mark-paid", reward.pk), {"month": "2025-04"}, format="json").status_code == 400
    paid = payroll.get(u(tenant, "reward-list"), {"status": "paid", "month": "2025-03"}).json()["results"]
    assert [r["id"] for r in paid] == [reward.pk]
    csv = payroll.get(u(tenant, "reward-payroll-export"), {"month": "2025-03"})
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode()
    assert text.startswith("\ufeff") and ";150,00;" in text
    assert api(org["vo_brest"]).get(u(tenant, "reward-payroll-export"), {"month": "2025-03"}).status_code == 403
    assert payroll.get(u(tenant, "reward-payroll-export"), {"month": "x"}).status_code == 400


def test_reward_rules_api(tenant, org):
    payload = {"name": "Prime VO", "department": org.vo.pk, "kind": "margin_percent", "percent": "5", "cap": "300",
               "valid_from": "2025-01-01"}
    assert api(org["vn_rennes"]).post(u(tenant, "reward-rule-list"), payload, format="json").status_code == 403
    client = api(org["admin"])
    bad = client.post(u(tenant, "reward-rule-list"), {**payload, "amount": "10"}, format="json")
    assert bad.status_code == 400 and "amount" in bad.json()
    response = client.post(u(tenant, "reward-rule-list"), payload, format="json")
    assert response.status_code == 201, response.content
    rule_id = response.json()["id"]
    changed = client.post(u(tenant, "reward-rule-change", rule_id), {**payload, "percent": "6"}, format="json")
    assert changed.status_code == 201 and changed.json()["percent"] == "6.00"
    old = RewardRule.unscoped.get(pk=rule_id)
    assert old.ended_at and old.replaced_by_id == changed.json()["id"]
    assert client.post(u(tenant, "reward-rule-change", rule_id), payload, format="json").status_code == 400
    # every member reads the rules
    current = api(org["referrer"]).get(u(tenant, "reward-rule-list"), {"current": "true"}).json()["results"]
    assert [r["id"] for r in current] == [changed.json()["id"]]
    assert client.post(u(tenant, "reward-rule-end", changed.json()["id"])).status_code == 200
    assert api(org["referrer"]).post(u(tenant, "reward-rule-end", rule_id)).status_code == 403


# --- Query counts ---------------------------------------------------------------------------------------


def _fill(tenant, org, n):
    make_rule(tenant, org, department=org.vo, amount=Decimal("100"))
    for i in range(n):
        referral = submit(tenant, org, to_employee=None, to_site=org.rennes, email=f"lead{i}@example.com", first_name=f"L{i}")
        referral = move(tenant, org, referral, "vn_rennes", "accept", "qualify", "win", deal_department=org.vo)
        rewards.reward_approve(tenant=tenant, actor=org["vo_brest"].user, reward=referral.reward)


@pytest.mark.parametrize(
    ("name", "who", "params"),
    [
        ("referral-list", "referrer", {}),
        ("referral-list", "admin", {"box": "all"}),
        ("reward-list", "admin", {}),
        ("reward-rule-list", "referrer", {}),
    ],
)
def test_api_lists_query_counts_do_not_grow(tenant, org, django_assert_max_num_queries, name, who, params):
    client = api(org[who])
    _fill(tenant, org, 2)
    with django_assert_max_num_queries(12) as small:
        assert client.get(u(tenant, name), params).status_code == 200
    _fill(tenant, org, 7)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(u(tenant, name), params)
    assert response.status_code == 200 and response.json()["count"] >= 2


def test_schema_is_valid():
    from django.core.management import call_command
    from drf_spectacular.drainage import GENERATOR_STATS

    GENERATOR_STATS.reset()
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
