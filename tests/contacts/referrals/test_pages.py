"""Referral and reward pages: who sees what, the forms (400 on errors), the payroll CSV, query counts."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from contacts.referrals import rewards
from contacts.referrals.models import Referral, Reward, RewardRule
from tests.contacts.referrals.conftest import make_rule, move, submit
from tests.factories import MembershipFactory, TenantFactory, UserFactory, relationship_make

pytestmark = pytest.mark.django_db


def url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


def as_(client, membership):
    client.force_login(membership.user)
    return client


def text(response) -> str:
    return response.content.decode()


# --- Entry pages and permissions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "allowed", "refused"),
    [
        ("referrals_mine", ["referrer", "outsider", "admin", "marketing"], []),
        ("referrals_new", ["referrer", "admin"], []),
        ("referrals_received", ["colleague", "vn_rennes", "admin"], []),
        ("referrals_reward_queue", ["vn_rennes", "director_rennes", "executive", "admin"], ["referrer", "marketing"]),
        ("referrals_payroll", ["admin"], ["vn_rennes", "executive", "referrer"]),
        ("referrals_rules", ["admin"], ["vn_rennes", "executive", "referrer"]),
        ("referrals_payroll_export", ["admin"], ["vn_rennes", "executive"]),
    ],
)
def test_entry_pages_and_their_permissions(client, tenant, org, name, allowed, refused):
    for who in allowed:
        assert as_(client, org[who]).get(url(tenant, name)).status_code == 200, who
    for who in refused:
        assert as_(client, org[who]).get(url(tenant, name)).status_code == 403, who


@pytest.mark.parametrize(
    ("who", "status", "details"),
    [
        ("referrer", 200, True),
        ("vn_rennes", 200, True),  # receiving side (VN at Rennes)
        ("director_rennes", 200, True),
        ("executive", 200, True),
        ("admin", 200, True),
        ("vo_brest", 200, False),  # approves rewards: sees it, not the lead's phone
        ("colleague", 404, False),
        ("outsider", 404, False),
        ("marketing", 404, False),
    ],
)
def test_who_sees_a_referral(client, tenant, org, who, status, details):
    referral = submit(tenant, org, to_employee=None, to_site=org.rennes, to_department=org.vn, email="yann@kervella.example")
    response = as_(client, org[who]).get(url(tenant, "referrals_detail", pk=referral.pk))
    assert response.status_code == status
    if status == 200:
        assert "Kervella" in text(response)
        assert ("yann@kervella.example" in text(response)) is details
        assert ("+33612345678" in text(response)) is details


def test_other_tenant_referral_is_404(client, tenant, org):
    referral = submit(tenant, org)
    other = TenantFactory(slug="autre")
    stranger = MembershipFactory(tenant=other, user=UserFactory(), role="admin")
    client.force_login(stranger.user)
    assert client.get(reverse("referrals_detail", kwargs={"tenant_slug": "autre", "pk": referral.pk})).status_code == 404
    assert client.get(url(tenant, "referrals_detail", pk=referral.pk)).status_code == 404


def test_lists_show_the_right_referrals(client, tenant, org):
    mine = submit(tenant, org, need="Besoin Alpha")
    site = submit(tenant, org, by="outsider", to_employee=None, to_site=org.rennes, need="Besoin Beta")
    body = text(as_(client, org["referrer"]).get(url(tenant, "referrals_mine")))
    assert f"/referrals/{mine.pk}/" in body and f"/referrals/{site.pk}/" not in body
    body = text(as_(client, org["colleague"]).get(url(tenant, "referrals_received")))
    assert f"/referrals/{mine.pk}/" in body and f"/referrals/{site.pk}/" not in body
    body = text(as_(client, org["vn_rennes"]).get(url(tenant, "referrals_received")))
    assert f"/referrals/{site.pk}/" in body and f"/referrals/{mine.pk}/" not in body
    body = text(as_(client, org["vn_rennes"]).get(url(tenant, "referrals_received"), {"scope": "all", "status": "all"}))
    assert f"/referrals/{site.pk}/" in body and f"/referrals/{mine.pk}/" in body
    move(tenant, org, mine, "colleague", "lose")
    body = text(as_(client, org["colleague"]).get(url(tenant, "referrals_received")))  # open ones by default
    assert f"/referrals/{mine.pk}/" not in body
    body = text(as_(client, org["colleague"]).get(url(tenant, "referrals_received"), {"status": "lost", "q": "Alpha"}))
    assert f"/referrals/{mine.pk}/" in body


# --- Refer a lead ---------------------------------------------------------------------------------------


def _form(org, **values):
    data = {"first_name": "Yann", "last_name": "Kervella", "company": "Transports Kervella", "phone": "06 12 34 56 78",
            "need": "4 fourgons", "urgency": "high", "consent": "yes", "to_employee": org["colleague"].employee_id}
    data.update(values)
    return {k: v for k, v in data.items() if v is not None}


def test_refer_a_lead_from_the_page(client, tenant, org):
    response = as_(client, org["referrer"]).post(url(tenant, "referrals_new"), _form(org))
    referral = Referral.unscoped.get(tenant=tenant)
    assert response.status_code == 302 and response["Location"] == url(tenant, "referrals_detail", pk=referral.pk)
    assert referral.urgency == "high" and referral.person.full_name == "Yann Kervella"


def test_the_form_is_phone_friendly(client, tenant, org):
    body = text(as_(client, org["referrer"]).get(url(tenant, "referrals_new")))
    assert 'type="tel"' in body and 'inputmode="email"' in body and 'name="viewport"' in body


@pytest.mark.parametrize(
    ("values", "field"),
    [({"consent": "no"}, "consent"), ({"consent": None}, "consent"), ({"need": ""}, "need"),
     ({"to_employee": None}, "to_employee"), ({"to_employee": 999_999}, "to_employee")],
)
def test_refer_a_lead_errors_answer_400(client, tenant, org, values, field):
    response = as_(client, org["referrer"]).post(url(tenant, "referrals_new"), _form(org, **values))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Referral.unscoped.exists()


def test_consent_refusal_is_explained(client, tenant, org):
    response = as_(client, org["referrer"]).post(url(tenant, "referrals_new"), _form(org, consent="no"))
    assert response.status_code == 400 and "CNIL" in " ".join(response.context["form"].errors["consent"])


def test_a_member_without_employee_record_cannot_refer(client, tenant, org):
    response = as_(client, org["admin"]).post(url(tenant, "referrals_new"), _form(org))
    assert response.status_code == 400 and not Referral.unscoped.exists()


def test_picking_a_contact_shows_only_those_whose_details_i_see(client, tenant, org):
    owner = org["outsider"].employee
    shared = relationship_make(tenant=tenant, owner=owner, first_name="Sara", last_name="Partagee", company="Kervella",
                               visibility="shared", scope="group")
    relationship_make(tenant=tenant, owner=owner, first_name="Paul", last_name="Cachee", company="Kervella", visibility="private")
    relationship_make(tenant=tenant, owner=owner, first_name="Dora", last_name="Discrete", company="Kervella", visibility="discoverable")
    body = text(as_(client, org["referrer"]).get(url(tenant, "referrals_new"), {"find": "Kervella"}))
    assert "Partagee" in body and "Cachee" not in body and "Discrete" not in body
    body = text(client.get(url(tenant, "referrals_new"), {"person": shared.person_id}))
    assert "Sara Partagee" in body
    response = client.post(url(tenant, "referrals_new"), _form(org, person=shared.person_id, first_name="", last_name="",
                                                              company="", phone=""))
    assert response.status_code == 302 and Referral.unscoped.get().person_id == shared.person_id


# --- Steps ----------------------------------------------------------------------------------------------


def test_receiver_moves_it_from_the_pages(client, tenant, org):
    referral = submit(tenant, org)
    as_(client, org["colleague"])
    detail = text(client.get(url(tenant, "referrals_detail", pk=referral.pk)))
    assert url(tenant, "referrals_accept", pk=referral.pk) in detail and url(tenant, "referrals_lose", pk=referral.pk) in detail
    assert url(tenant, "referrals_win", pk=referral.pk) not in detail
    assert client.get(url(tenant, "referrals_accept", pk=referral.pk)).status_code == 200
    assert client.post(url(tenant, "referrals_accept", pk=referral.pk), {"accept-note": "J'appelle demain"}).status_code == 302
    assert client.post(url(tenant, "referrals_qualify", pk=referral.pk), {}).status_code == 302
    response = client.post(url(tenant, "referrals_win", pk=referral.pk), {"win-deal_value": "abc"})
    assert response.status_code == 400
    response = client.post(url(tenant, "referrals_win", pk=referral.pk), {"win-deal_value": "30000", "win-vehicles": "2"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "won" and referral.vehicles == 2
    body = text(client.get(url(tenant, "referrals_detail", pk=referral.pk)))
    assert gettext("No reward rule applied to the deal's department when this referral was submitted: it earns no reward.") in body


def test_illegal_step_from_the_page_answers_400_with_the_reason(client, tenant, org):
    referral = submit(tenant, org)
    as_(client, org["colleague"])
    page = client.get(url(tenant, "referrals_win", pk=referral.pk))
    assert page.status_code == 200 and page.context["form"] is None and page.context["blocked"]
    response = client.post(url(tenant, "referrals_win", pk=referral.pk), {"win-deal_value": "1000"})
    assert response.status_code == 400
    assert str(Referral.Status.SUBMITTED.label) in str(response.context["form"].non_field_errors())


def test_margin_needed_is_said_on_the_win_form(client, tenant, org):
    make_rule(tenant, org, name="VO marge", department=org.vo, kind="margin_percent", amount=None, percent=Decimal("5"))
    referral = move(tenant, org, submit(tenant, org), "colleague", "accept", "qualify")
    as_(client, org["colleague"])
    response = client.post(url(tenant, "referrals_win", pk=referral.pk), {"win-deal_value": "30000", "win-deal_department": org.vo.pk})
    assert response.status_code == 400 and "VO marge" in " ".join(response.context["form"].errors["margin"])


@pytest.mark.parametrize(("who", "status"), [("referrer", 403), ("admin", 403), ("vo_brest", 403), ("outsider", 404)])
def test_only_the_receiving_side_gets_the_step_pages(client, tenant, org, who, status):
    referral = submit(tenant, org)
    as_(client, org[who])
    for name in ("referrals_accept", "referrals_lose"):
        assert client.get(url(tenant, name, pk=referral.pk)).status_code == status
        assert client.post(url(tenant, name, pk=referral.pk), {"lose-reason": "x"}).status_code == status
    referral.refresh_from_db()
    assert referral.status == "submitted"


# --- Rewards --------------------------------------------------------------------------------------------


@pytest.fixture
def won(tenant, org):
    make_rule(tenant, org, name="Prime VO", department=org.vo, amount=Decimal("150"))
    referral = move(tenant, org, submit(tenant, org), "colleague", "accept", "qualify", "win", deal_department=org.vo)
    return referral


def test_approval_queue_approve_and_reject(client, tenant, org, won):
    reward = won.reward
    body = text(as_(client, org["vo_brest"]).get(url(tenant, "referrals_reward_queue")))
    assert "Prime VO" in body and url(tenant, "referrals_reward_approve", pk=reward.pk) in body
    assert client.post(url(tenant, "referrals_reward_approve", pk=reward.pk)).status_code == 302
    reward.refresh_from_db()
    assert reward.status == "approved"
    response = client.post(url(tenant, "referrals_reward_approve", pk=reward.pk), follow=True)  # twice: a message, not a 500
    assert response.status_code == 200 and Reward.unscoped.get(pk=reward.pk).approved_by == org["vo_brest"].user
    # the referrer follows it from their page
    body = text(as_(client, org["referrer"]).get(url(tenant, "referrals_mine")))
    assert "150" in body and str(Reward.Status.APPROVED.label) in body


def test_reject_needs_a_reason(client, tenant, org, won):
    as_(client, org["vo_brest"])
    assert client.post(url(tenant, "referrals_reward_reject", pk=won.reward.pk), {"reason": ""}).status_code == 400
    assert client.post(url(tenant, "referrals_reward_reject", pk=won.reward.pk), {"reason": "Doublon"}).status_code == 302
    assert Reward.unscoped.get(pk=won.reward.pk).rejection_reason == "Doublon"


def test_referrer_cannot_see_the_queue_or_approve(client, tenant, org, won):
    as_(client, org["referrer"])
    assert client.get(url(tenant, "referrals_reward_queue")).status_code == 403
    assert client.post(url(tenant, "referrals_reward_approve", pk=won.reward.pk)).status_code == 403


def test_payroll_mark_paid_and_csv(client, tenant, org, won):
    reward = won.reward
    rewards.reward_approve(tenant=tenant, actor=org["vo_brest"].user, reward=reward)
    as_(client, org["admin"])
    body = text(client.get(url(tenant, "referrals_payroll")))
    assert url(tenant, "referrals_reward_mark_paid", pk=reward.pk) in body
    assert client.post(url(tenant, "referrals_reward_mark_paid", pk=reward.pk), {"month": "2025-03"}).status_code == 302
    reward.refresh_from_db()
    assert reward.status == "paid" and reward.payroll_month == date(2025, 3, 1)
    assert client.post(url(tenant, "referrals_reward_mark_paid", pk=reward.pk), {"month": "2025-04"}).status_code == 400
    response = client.get(url(tenant, "referrals_payroll_export"), {"month": "2025-03"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="rewards-armor-test-2025-03.csv"' in response["Content-Disposition"]
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == [gettext(h) for h in ("Employee number", "Name", "Dealership", "Referral", "Amount (€)", "Approved by", "Paid on")]
    referrer = org["referrer"].employee
    assert rows[1][:5] == [referrer.external_id, referrer.full_name, "Armor Rennes", f"#{won.pk} · Transports Kervella", "150,00"]
    assert rows[1][5] == org["vo_brest"].user.get_full_name() and rows[1][6]
    assert "Yann" not in content  # the lead's name stays out of payroll
    empty = client.get(url(tenant, "referrals_payroll_export"), {"month": "2025-04"})
    assert len(list(csv.reader(io.StringIO(empty.content.decode().lstrip("\ufeff")), delimiter=";"))) == 1
    assert client.get(url(tenant, "referrals_payroll_export"), {"month": "mars"}).status_code == 400
    body = text(client.get(url(tenant, "referrals_payroll"), {"view": "paid", "month": "2025-03"}))
    assert referrer.full_name in body


def test_rules_page_create_change_end(client, tenant, org):
    as_(client, org["admin"])
    data = {"name": "Prime VN", "department": org.vn.pk, "kind": "fixed", "amount": "150", "valid_from": "2025-01-01"}
    assert client.post(url(tenant, "referrals_rules"), {**data, "percent": "5"}).status_code == 400
    assert client.post(url(tenant, "referrals_rules"), data).status_code == 302
    rule = RewardRule.unscoped.get(tenant=tenant)
    assert client.get(url(tenant, "referrals_rule_change", pk=rule.pk)).status_code == 200
    changed = {**data, "name": "Prime VN 2", "amount": "200"}
    assert client.post(url(tenant, "referrals_rule_change", pk=rule.pk), changed).status_code == 302
    rule.refresh_from_db()
    new = RewardRule.unscoped.get(tenant=tenant, name="Prime VN 2")
    assert rule.ended_at and rule.replaced_by == new
    assert client.post(url(tenant, "referrals_rule_change", pk=rule.pk), changed).status_code == 400  # already replaced
    assert client.post(url(tenant, "referrals_rule_end", pk=new.pk)).status_code == 302
    assert RewardRule.unscoped.filter(tenant=tenant, ended_at__isnull=True).count() == 0
    body = text(client.get(url(tenant, "referrals_rules")))
    assert "Prime VN 2" in body


# --- Query counts ---------------------------------------------------------------------------------------


def _fill(tenant, org, n):
    make_rule(tenant, org, department=org.vo, amount=Decimal("100"))
    for i in range(n):
        referral = submit(tenant, org, to_employee=None, to_site=org.rennes, email=f"lead{i}@example.com", first_name=f"L{i}")
        referral = move(tenant, org, referral, "vn_rennes", "accept", "qualify", "win", deal_department=org.vo)
        if i % 2:
            rewards.reward_approve(tenant=tenant, actor=org["vo_brest"].user, reward=referral.reward)
        make_rule(tenant, org, name=f"R{i}", amount=Decimal("10"))


@pytest.mark.parametrize(
    ("name", "who", "params"),
    [
        ("referrals_mine", "referrer", {}),
        ("referrals_received", "vn_rennes", {"status": "all"}),
        ("referrals_received", "admin", {"scope": "all", "status": "all"}),
        ("referrals_reward_queue", "vo_brest", {}),
        ("referrals_payroll", "admin", {}),
        ("referrals_rules", "admin", {}),
        ("referrals_new", "referrer", {}),
    ],
)
def test_list_pages_query_counts_do_not_grow(client, tenant, org, django_assert_max_num_queries, name, who, params):
    as_(client, org[who])
    _fill(tenant, org, 2)
    with django_assert_max_num_queries(16) as small:
        assert client.get(url(tenant, name), params).status_code == 200
    _fill(tenant, org, 8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url(tenant, name), params).status_code == 200


def test_detail_query_count_does_not_grow_with_history(client, tenant, org, django_assert_max_num_queries):
    make_rule(tenant, org, department=org.vo)
    referral = move(tenant, org, submit(tenant, org), "colleague", "accept")
    as_(client, org["colleague"])
    with django_assert_max_num_queries(20) as small:
        client.get(url(tenant, "referrals_detail", pk=referral.pk))
    move(tenant, org, referral, "colleague", "qualify", "win", deal_department=org.vo)
    with django_assert_max_num_queries(len(small.captured_queries) + 2):  # + the reward's approval state
        assert client.get(url(tenant, "referrals_detail", pk=referral.pk)).status_code == 200
