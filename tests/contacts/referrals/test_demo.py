"""seed_demo's referrals: every status, rewards pending/approved/paid, rules (one replaced), deterministic, idempotent."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from bns.models import Membership, Tenant
from contacts.models import LedgerEntry
from contacts.referrals.demo import PLANS
from contacts.referrals.models import Referral, ReferralEvent, Reward, RewardRule


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _counts():
    return (Referral.unscoped.count(), ReferralEvent.unscoped.count(), Reward.unscoped.count(), RewardRule.unscoped.count(),
            LedgerEntry.unscoped.filter(verb__in=["referral", "referral_status", "reward"]).count())


@pytest.mark.django_db
def test_demo_referrals(settings):
    settings.DEBUG = True
    _seed()
    armor = Tenant.objects.get(slug="armor")
    referrals = Referral.unscoped.filter(tenant=armor)
    assert referrals.count() == len(PLANS)
    assert set(referrals.values_list("status", flat=True)) == set(Referral.Status.values)
    assert set(Reward.unscoped.filter(tenant=armor).values_list("status", flat=True)) == set(Reward.Status.values)
    assert len(set(referrals.values_list("referrer__department__code", flat=True))) >= 4  # APV, VO, VN, RC, PR...
    assert referrals.filter(to_employee__isnull=False).exists() and referrals.filter(to_site__isnull=False).exists()
    assert referrals.filter(to_department__isnull=False).exists()
    assert referrals.filter(status="won", reward__isnull=True).exists()  # no rule for parts
    # The VN rule changed 60 days ago: the older VN deal keeps 100 €, the newer one gets 150 €.
    vn = {r.referral.submitted_at: r.amount for r in Reward.unscoped.filter(tenant=armor, rule__department__code="VN")}
    assert [vn[k] for k in sorted(vn)] == [Decimal("100.00"), Decimal("150.00")]
    assert {r.amount for r in Reward.unscoped.filter(tenant=armor, rule__name="Prime VO")} == {Decimal("210.00"), Decimal("130.00")}
    rep = Membership.unscoped.get(tenant=armor, user__email="vendeur@armor.example").employee
    assert set(Reward.unscoped.filter(referrer=rep).values_list("status", flat=True)) == {"paid", "pending"}
    assert RewardRule.unscoped.get(tenant=armor, name="Prime VN 2024").replaced_by.name == "Prime VN"
    assert Reward.unscoped.filter(tenant=armor, status="paid", payroll_month__isnull=False).exists()
    # every referral has its history and its ledger entry
    assert ReferralEvent.unscoped.filter(tenant=armor, to_status="submitted").count() == len(PLANS)
    assert LedgerEntry.unscoped.filter(tenant=armor, verb="referral").count() == len(PLANS)
    assert not Referral.unscoped.exclude(tenant=armor).exists()

    before = _counts()
    _seed()
    assert _counts() == before
