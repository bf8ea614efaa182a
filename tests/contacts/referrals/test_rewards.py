"""Rewards: the rule in force when the referral was submitted, the computation (cap, margin), approval and payment."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext

from bns.models import AuditEvent, Notification
from contacts.models import LedgerEntry
from contacts.referrals import rewards, services
from contacts.referrals.models import Reward, RewardRule
from tests.contacts.referrals.conftest import make_rule, move, submit
from tests.factories import TenantFactory

pytestmark = pytest.mark.django_db


def _won(tenant, org, *, margin=None, deal_department=None, now=None, **submit_kwargs):
    referral = submit(tenant, org, now=now, **submit_kwargs)
    referral = move(tenant, org, referral, "colleague", "accept", "qualify")
    return services.referral_win(
        tenant=tenant, actor=org["colleague"].user, referral=referral, deal_value="30000", margin=margin,
        deal_department=deal_department or org.vo,
    )


def _reward(referral):
    return Reward.unscoped.filter(referral=referral).first()


# --- Computation ----------------------------------------------------------------------------------------


def test_fixed_amount(tenant, org):
    rule = make_rule(tenant, org, name="Prime VO", department=org.vo, amount=Decimal("150"))
    reward = _reward(_won(tenant, org))
    assert reward.rule == rule and reward.amount == Decimal("150.00") and reward.status == Reward.Status.PENDING
    assert reward.referrer_id == org["referrer"].employee_id
    with translation.override("fr"):
        assert "150" in reward.explanation and "Prime VO" in reward.explanation


def test_percentage_of_margin_capped_with_the_explanation_in_french(tenant, org):
    make_rule(tenant, org, name="Prime VO", department=org.vo, kind="margin_percent", amount=None, percent=Decimal("5"),
              cap=Decimal("200"))
    reward = _reward(_won(tenant, org, margin="4200"))
    assert reward.amount == Decimal("200.00")
    expected = gettext("%(percent)s %% of %(margin)s margin = %(amount)s") % {"percent": "5", "margin": "4 200 €", "amount": "210 €"}
    expected = gettext("%(computation)s, capped at %(cap)s") % {"computation": expected, "cap": "200 €"}
    spaces = str.maketrans({"\u00a0": " ", "\u202f": " "})
    assert reward.explanation.translate(spaces) == f"Prime VO · {expected}"


def test_percentage_below_the_cap_and_rounding(tenant, org):
    make_rule(tenant, org, department=org.vo, kind="margin_percent", amount=None, percent=Decimal("2.5"), cap=Decimal("300"))
    assert _reward(_won(tenant, org, margin="1234.50")).amount == Decimal("30.86")  # 30.8625 rounded half up


def test_cap_applies_to_a_fixed_amount_too_and_a_negative_margin_earns_nothing(tenant, org):
    make_rule(tenant, org, department=org.vo, amount=Decimal("500"), cap=Decimal("300"))
    assert _reward(_won(tenant, org)).amount == Decimal("300.00")
    make_rule(tenant, org, department=org.vn, kind="margin_percent", amount=None, percent=Decimal("10"))
    assert _reward(_won(tenant, org, margin="-800", deal_department=org.vn)).amount == Decimal("0.00")


def test_margin_missing_for_a_percentage_rule_refuses_the_win(tenant, org):
    make_rule(tenant, org, name="Prime VO marge", department=org.vo, kind="margin_percent", amount=None, percent=Decimal("5"))
    referral = move(tenant, org, submit(tenant, org), "colleague", "accept", "qualify")
    with pytest.raises(ValidationError) as exc:
        services.referral_win(tenant=tenant, actor=org["colleague"].user, referral=referral, deal_value="30000",
                              deal_department=org.vo)
    assert "Prime VO marge" in exc.value.message_dict["margin"][0]
    referral.refresh_from_db()
    assert referral.status == "qualified" and not Reward.unscoped.exists()


def test_no_rule_no_reward(tenant, org):
    referral = _won(tenant, org)
    assert referral.status == "won" and _reward(referral) is None


def test_department_rule_wins_over_any_department_then_latest_created(tenant, org):
    make_rule(tenant, org, name="Any", amount=Decimal("50"), created_at=timezone.now() - timedelta(days=40))
    vo_old = make_rule(tenant, org, name="VO old", department=org.vo, amount=Decimal("100"), created_at=timezone.now() - timedelta(days=30))
    vo_new = make_rule(tenant, org, name="VO new", department=org.vo, amount=Decimal("120"), created_at=timezone.now() - timedelta(days=20))
    assert vo_old.pk != vo_new.pk
    assert _reward(_won(tenant, org, deal_department=org.vo)).rule == vo_new
    # Another department: the rule for any department.
    assert _reward(_won(tenant, org, deal_department=org.vn)).rule.name == "Any"


def test_deal_department_defaults_to_the_department_referred_to(tenant, org):
    make_rule(tenant, org, name="VN", department=org.vn, amount=Decimal("150"))
    referral = submit(tenant, org, to_employee=None, to_department=org.vn)
    referral = move(tenant, org, referral, "vn_rennes", "accept", "qualify")
    referral = services.referral_win(tenant=tenant, actor=org["vn_rennes"].user, referral=referral, deal_value="25000")
    assert referral.deal_department == org.vn and _reward(referral).rule.name == "VN"


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "applies"),
    [
        (date(2025, 3, 1), None, True),
        (date(2025, 3, 15), None, True),  # first day counts
        (date(2025, 3, 16), None, False),  # not yet valid when submitted
        (date(2025, 1, 1), date(2025, 3, 15), True),  # last day counts
        (date(2025, 1, 1), date(2025, 3, 14), False),  # expired when submitted
    ],
)
def test_rule_validity_is_judged_on_the_submission_date(tenant, org, valid_from, valid_until, applies):
    submitted = timezone.make_aware(timezone.datetime(2025, 3, 15, 10, 0))
    make_rule(tenant, org, department=org.vo, valid_from=valid_from, valid_until=valid_until,
              created_at=submitted - timedelta(days=90))
    referral = _won(tenant, org, now=submitted)
    assert (_reward(referral) is not None) is applies


def test_rule_created_after_submission_does_not_apply(tenant, org):
    submitted = timezone.now() - timedelta(days=10)
    make_rule(tenant, org, department=org.vo, created_at=timezone.now() - timedelta(days=5), valid_from=date(2020, 1, 1))
    assert _reward(_won(tenant, org, now=submitted)) is None


def test_rule_changed_after_submission_the_old_rule_applies(tenant, org):
    old = make_rule(tenant, org, name="VO 2024", department=org.vo, amount=Decimal("150"))
    before = submit(tenant, org, now=timezone.now() - timedelta(days=2))
    new = rewards.reward_rule_change(
        tenant=tenant, actor=org["admin"].user, rule=old, name="VO 2025", department=org.vo, kind="fixed", amount=Decimal("250"),
        valid_from=date(2020, 1, 1), now=timezone.now() - timedelta(days=1),
    )
    RewardRule.unscoped.filter(pk=new.pk).update(created_at=timezone.now() - timedelta(days=1))
    old.refresh_from_db()
    assert old.ended_at and old.replaced_by == new
    after = submit(tenant, org, now=timezone.now() - timedelta(hours=1))
    for referral in (before, after):
        move(tenant, org, referral, "colleague", "accept", "qualify")
        referral.refresh_from_db()
        services.referral_win(tenant=tenant, actor=org["colleague"].user, referral=referral, deal_value="1", deal_department=org.vo)
    assert _reward(before).rule == old and _reward(before).amount == Decimal("150.00")
    assert _reward(after).rule == new and _reward(after).amount == Decimal("250.00")


def test_ended_rule_no_longer_applies(tenant, org):
    rule = make_rule(tenant, org, department=org.vo)
    rewards.reward_rule_end(tenant=tenant, actor=org["admin"].user, rule=rule, now=timezone.now() - timedelta(days=1))
    assert _reward(_won(tenant, org, now=timezone.now() - timedelta(hours=2))) is None
    assert _reward(_won(tenant, org, now=timezone.now() - timedelta(days=2))) is not None  # submitted while in force
    with pytest.raises(ValidationError):
        rewards.reward_rule_end(tenant=tenant, actor=org["admin"].user, rule=rule)
    with pytest.raises(ValidationError):
        rewards.reward_rule_change(tenant=tenant, actor=org["admin"].user, rule=rule, name="x", kind="fixed", amount=1,
                                   valid_from=date(2020, 1, 1))


# --- Rule validation -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": "fixed", "amount": None}, "amount"),
        ({"kind": "fixed", "amount": Decimal("-1")}, "amount"),
        ({"kind": "fixed", "amount": Decimal("10"), "percent": Decimal("5")}, "percent"),
        ({"kind": "margin_percent", "amount": None, "percent": None}, "percent"),
        ({"kind": "margin_percent", "amount": None, "percent": Decimal("101")}, "percent"),
        ({"kind": "margin_percent", "amount": None, "percent": Decimal("-1")}, "percent"),
        ({"kind": "margin_percent", "amount": Decimal("10"), "percent": Decimal("5")}, "amount"),
        ({"kind": "fixed", "amount": Decimal("10"), "cap": Decimal("-1")}, "cap"),
        ({"kind": "fixed", "amount": Decimal("10"), "valid_until": date(2019, 12, 31)}, "valid_until"),
        ({"kind": "bonus", "amount": Decimal("10")}, "kind"),
        ({"kind": "fixed", "amount": Decimal("10"), "name": " "}, "name"),
    ],
)
def test_rule_validation(tenant, org, values, field):
    base = dict(name="Prime", valid_from=date(2020, 1, 1))
    with pytest.raises(ValidationError) as exc:
        rewards.reward_rule_create(tenant=tenant, actor=org["admin"].user, **(base | values))
    assert field in exc.value.message_dict
    assert not RewardRule.unscoped.exists()


def test_rules_are_for_payroll_and_of_the_group(tenant, org):
    for who in ("vn_rennes", "executive", "referrer"):
        with pytest.raises(PermissionDenied):
            rewards.reward_rule_create(tenant=tenant, actor=org[who].user, name="x", kind="fixed", amount=1, valid_from=date(2020, 1, 1))
    other = TenantFactory()
    from tests.factories import DepartmentFactory

    with pytest.raises(ValidationError) as exc:
        rewards.reward_rule_create(tenant=tenant, actor=org["admin"].user, name="x", kind="fixed", amount=1,
                                   valid_from=date(2020, 1, 1), department=DepartmentFactory(tenant=other))
    assert "department" in exc.value.message_dict
    rule = rewards.reward_rule_create(tenant=tenant, actor=org["admin"].user, name="x", kind="fixed", amount=1, valid_from=date(2020, 1, 1))
    assert AuditEvent.unscoped.filter(tenant=tenant, verb="reward_rule.create", object_id=str(rule.pk)).exists()


# --- Approval and payment --------------------------------------------------------------------------------


@pytest.fixture
def pending(tenant, org):
    make_rule(tenant, org, department=org.vo, amount=Decimal("150"))
    return _reward(_won(tenant, org))


def test_approve_then_pay(tenant, org, pending):
    reward = rewards.reward_approve(tenant=tenant, actor=org["vo_brest"].user, reward=pending)
    assert reward.status == "approved" and reward.approved_by == org["vo_brest"].user and reward.approved_at
    reward = rewards.reward_mark_paid(tenant=tenant, actor=org["admin"].user, reward=pending, now=timezone.make_aware(
        timezone.datetime(2025, 4, 17, 9, 0)))
    assert reward.status == "paid" and reward.payroll_month == date(2025, 4, 1) and reward.paid_by == org["admin"].user
    verbs = list(LedgerEntry.unscoped.filter(tenant=tenant, verb=LedgerEntry.Verb.REWARD).values_list("data__status", flat=True))
    assert sorted(verbs) == ["approved", "paid", "pending"]
    keys = set(Notification.unscoped.filter(recipient=org["referrer"].user).values_list("key", flat=True))
    assert {f"reward:{reward.pk}:pending", f"reward:{reward.pk}:approved", f"reward:{reward.pk}:paid"} <= keys


def test_pay_in_a_given_month(tenant, org, pending):
    rewards.reward_approve(tenant=tenant, actor=org["executive"].user, reward=pending)
    reward = rewards.reward_mark_paid(tenant=tenant, actor=org["admin"].user, reward=pending, month=date(2025, 6, 19))
    assert reward.payroll_month == date(2025, 6, 1)


def test_approve_twice_approves_once(tenant, org, pending):
    rewards.reward_approve(tenant=tenant, actor=org["vo_brest"].user, reward=pending)
    with pytest.raises(ValidationError) as exc:
        rewards.reward_approve(tenant=tenant, actor=org["vn_rennes"].user, reward=pending)  # the stale object, as a second tab would
    assert "approved" in exc.value.messages[0] or "validée" in exc.value.messages[0]
    pending.refresh_from_db()
    assert pending.approved_by == org["vo_brest"].user
    assert LedgerEntry.unscoped.filter(verb=LedgerEntry.Verb.REWARD, data__status="approved").count() == 1
    assert Notification.unscoped.filter(key=f"reward:{pending.pk}:approved").count() == 1


def test_paid_once(tenant, org, pending):
    rewards.reward_approve(tenant=tenant, actor=org["vo_brest"].user, reward=pending)
    rewards.reward_mark_paid(tenant=tenant, actor=org["admin"].user, reward=pending, month=date(2025, 5, 1))
    with pytest.raises(ValidationError):
        rewards.reward_mark_paid(tenant=tenant, actor=org["admin"].user, reward=pending, month=date(2025, 6, 1))
    pending.refresh_from_db()
    assert pending.payroll_month == date(2025, 5, 1)
    assert LedgerEntry.unscoped.filter(verb=LedgerEntry.Verb.REWARD, data__status="paid").count() == 1


def test_pending_cannot_be_paid_and_rejected_is_final(tenant, org, pending):
    with pytest.raises(ValidationError):
        rewards.reward_mark_paid(tenant=tenant, actor=org["admin"].user, reward=pending)
    with pytest.raises(ValidationError) as exc:
        rewards.reward_reject(tenant=tenant, actor=org["vo_brest"].user, reward=pending, reason="")
    assert "reason" in exc.value.message_dict
    rewards.reward_reject(tenant=tenant, actor=org["vo_brest"].user, reward=pending, reason="Client déjà suivi par l'atelier")
    for call in (
        lambda: rewards.reward_approve(tenant=tenant, actor=org["vn_rennes"].user, reward=pending),
        lambda: rewards.reward_mark_paid(tenant=tenant, actor=org["admin"].user, reward=pending),
        lambda: rewards.reward_reject(tenant=tenant, actor=org["vn_rennes"].user, reward=pending, reason="again"),
    ):
        with pytest.raises(ValidationError):
            call()
    pending.refresh_from_db()
    assert pending.status == "rejected" and pending.rejection_reason == "Client déjà suivi par l'atelier"


def test_who_approves_and_pays(tenant, org, pending):
    for who in ("referrer", "colleague", "outsider", "marketing"):
        with pytest.raises(PermissionDenied):
            rewards.reward_approve(tenant=tenant, actor=org[who].user, reward=pending)
    with pytest.raises(PermissionDenied):  # payroll only
        rewards.reward_mark_paid(tenant=tenant, actor=org["vo_brest"].user, reward=pending)


def test_nobody_approves_their_own_reward(tenant, org):
    make_rule(tenant, org, department=org.vo)
    referral = submit(tenant, org, by="vn_rennes", to_employee=org["colleague"].employee)
    move(tenant, org, referral, "colleague", "accept", "qualify", "win", deal_department=org.vo)
    reward = _reward(referral)
    with pytest.raises(PermissionDenied):
        rewards.reward_approve(tenant=tenant, actor=org["vn_rennes"].user, reward=reward)
    with pytest.raises(PermissionDenied):
        rewards.reward_reject(tenant=tenant, actor=org["vn_rennes"].user, reward=reward, reason="non")
    assert rewards.reward_approve(tenant=tenant, actor=org["vo_rennes"].user, reward=reward).status == "approved"


def test_other_tenant_reward_is_refused(tenant, org, pending):
    from tests.factories import MembershipFactory, UserFactory

    other = TenantFactory()
    outsider = MembershipFactory(tenant=other, user=UserFactory(), role="admin")
    with pytest.raises(PermissionDenied):
        rewards.reward_approve(tenant=other, actor=outsider.user, reward=pending)
    with pytest.raises(PermissionDenied):
        rewards.reward_approve(tenant=tenant, actor=outsider.user, reward=pending)
