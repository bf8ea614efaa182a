"""The referral status machine: one step at a time, moved by the receiving side only, closed ones never change."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext

from bns.models import Notification
from contacts.models import LedgerEntry
from contacts.referrals import services
from contacts.referrals.models import Referral, ReferralEvent
from contacts.referrals.selectors import referral_is_receiver
from tests.contacts.referrals.conftest import move, submit

pytestmark = pytest.mark.django_db

S = Referral.Status
STEPS_TO = {  # how to reach each status from submitted, as the receiver
    S.SUBMITTED: (),
    S.ACCEPTED: ("accept",),
    S.QUALIFIED: ("accept", "qualify"),
    S.WON: ("accept", "qualify", "win"),
    S.LOST: ("accept", "lose"),
}
ALLOWED = {S.SUBMITTED: {"accept", "lose"}, S.ACCEPTED: {"qualify", "lose"}, S.QUALIFIED: {"win", "lose"}, S.WON: set(), S.LOST: set()}


def _do(tenant, org, referral, action, by="colleague"):
    actor = org[by].user
    if action == "win":
        return services.referral_win(tenant=tenant, actor=actor, referral=referral, deal_value="1000")
    if action == "lose":
        return services.referral_lose(tenant=tenant, actor=actor, referral=referral, reason="Pas de budget")
    return getattr(services, f"referral_{action}")(tenant=tenant, actor=actor, referral=referral)


def test_full_flow_writes_events_ledger_and_notifications(tenant, org):
    referral = submit(tenant, org)
    assert referral.status == S.SUBMITTED and referral.consent
    assert LedgerEntry.unscoped.filter(tenant=tenant, verb=LedgerEntry.Verb.REFERRAL, data__referral=referral.pk).count() == 1
    colleague_user = org["colleague"].user
    assert Notification.unscoped.filter(tenant=tenant, recipient=colleague_user, key=f"referral:{referral.pk}:submitted").count() == 1

    referral = move(tenant, org, referral, "colleague", "accept", "qualify")
    referral = services.referral_win(tenant=tenant, actor=colleague_user, referral=referral, deal_value="32000", vehicles=2,
                                     margin="4200")
    referral.refresh_from_db()
    assert referral.status == S.WON and referral.closed_at and referral.accepted_at and referral.qualified_at
    assert referral.handled_by_id == org["colleague"].employee_id
    assert referral.deal_department_id == org["colleague"].employee.department_id  # no department given: the handler's
    assert list(ReferralEvent.unscoped.filter(referral=referral).values_list("from_status", "to_status")) == [
        ("", "submitted"), ("submitted", "accepted"), ("accepted", "qualified"), ("qualified", "won"),
    ]
    assert LedgerEntry.unscoped.filter(tenant=tenant, verb=LedgerEntry.Verb.REFERRAL_STATUS).count() == 3
    referrer_keys = set(Notification.unscoped.filter(recipient=org["referrer"].user).values_list("key", flat=True))
    assert {f"referral:{referral.pk}:{s}" for s in ("accepted", "qualified", "won")} <= referrer_keys


@pytest.mark.parametrize("status", list(STEPS_TO))
@pytest.mark.parametrize("action", ["accept", "qualify", "win", "lose"])
def test_every_illegal_transition_is_refused_with_a_clear_message(tenant, org, status, action):
    referral = move(tenant, org, submit(tenant, org), "colleague", *STEPS_TO[status])
    assert referral.status == status
    if action in ALLOWED[status]:
        assert _do(tenant, org, referral, action).status != status
        return
    before = ReferralEvent.unscoped.filter(referral=referral).count()
    with pytest.raises(ValidationError) as exc:
        _do(tenant, org, referral, action)
    message = " ".join(exc.value.messages)
    label = str(Referral.Status(status).label)
    assert label in message  # names the current status
    if status in Referral.CLOSED:
        assert message == gettext("This referral is closed (“%(status)s”): it can no longer change.") % {"status": label}
    else:
        assert message.startswith(gettext("This referral is “%(status)s”: it can only be %(allowed)s now.").split("%(status)s")[0])
    referral.refresh_from_db()
    assert referral.status == status
    assert ReferralEvent.unscoped.filter(referral=referral).count() == before


def test_no_step_can_be_skipped(tenant, org):
    referral = submit(tenant, org)
    for action in ("qualify", "win"):
        with pytest.raises(ValidationError):
            _do(tenant, org, referral, action)
    referral = move(tenant, org, referral, "colleague", "accept")
    with pytest.raises(ValidationError):
        _do(tenant, org, referral, "win")


def test_lost_from_submitted_accepted_and_qualified(tenant, org):
    for steps in ((), ("accept",), ("accept", "qualify")):
        referral = move(tenant, org, submit(tenant, org), "colleague", *steps, "lose")
        assert referral.status == S.LOST and referral.lost_reason == "Déjà équipé ailleurs"


def test_lose_needs_a_reason_and_win_a_deal_value(tenant, org):
    referral = move(tenant, org, submit(tenant, org), "colleague", "accept", "qualify")
    with pytest.raises(ValidationError) as exc:
        services.referral_lose(tenant=tenant, actor=org["colleague"].user, referral=referral, reason="  ")
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.referral_win(tenant=tenant, actor=org["colleague"].user, referral=referral, deal_value=None)
    assert "deal_value" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.referral_win(tenant=tenant, actor=org["colleague"].user, referral=referral, deal_value="-5")
    assert "deal_value" in exc.value.message_dict
    referral.refresh_from_db()
    assert referral.status == S.QUALIFIED


def test_closed_referral_never_changes(tenant, org):
    won = move(tenant, org, submit(tenant, org), "colleague", "accept", "qualify", "win")
    lost = move(tenant, org, submit(tenant, org), "colleague", "lose")
    for referral in (won, lost):
        before = Referral.unscoped.filter(pk=referral.pk).values().get()
        for action in ("accept", "qualify", "win", "lose"):
            with pytest.raises(ValidationError):
                _do(tenant, org, referral, action, by="colleague")
            for by in ("admin", "executive"):  # not on the receiving side of a named colleague's referral
                with pytest.raises(PermissionDenied):
                    _do(tenant, org, referral, action, by=by)
        assert Referral.unscoped.filter(pk=referral.pk).values().get() == before


def test_referrer_can_never_move_their_own_referral(tenant, org):
    # Even a manager referring to their own dealership, where they are on the receiving side of others' referrals.
    referral = submit(tenant, org, by="vn_rennes", to_employee=None, to_site=org.rennes)
    assert not referral_is_receiver(referral=referral, membership=org["vn_rennes"])
    for action in ("accept", "lose"):
        with pytest.raises(PermissionDenied) as exc:
            _do(tenant, org, referral, action, by="vn_rennes")
        assert str(exc.value) == gettext("You referred this lead: only the receiving side moves it forward.")
    # The director of that dealership receives it.
    assert _do(tenant, org, referral, "accept", by="director_rennes").status == S.ACCEPTED


# --- Receiving side --------------------------------------------------------------------------------------


def _receivers(tenant, org, referral) -> set[str]:
    return {name for name, m in org.items() if referral_is_receiver(referral=referral, membership=m)}


def test_named_colleague_only(tenant, org):
    referral = submit(tenant, org, to_employee=org["colleague"].employee)
    assert _receivers(tenant, org, referral) == {"colleague"}
    with pytest.raises(PermissionDenied):
        _do(tenant, org, referral, "accept", by="admin")  # executives and admins do not answer for a named colleague


def test_site_receivers_are_its_approvers_and_leaders(tenant, org):
    referral = submit(tenant, org, to_employee=None, to_site=org.rennes)
    assert _receivers(tenant, org, referral) == {"vn_rennes", "vo_rennes", "director_rennes", "executive", "admin"}


def test_department_receivers_are_its_managers_and_leaders(tenant, org):
    referral = submit(tenant, org, to_employee=None, to_department=org.vo)
    assert _receivers(tenant, org, referral) == {"vo_rennes", "vo_brest", "executive", "admin"}


def test_department_at_a_site(tenant, org):
    referral = submit(tenant, org, to_employee=None, to_site=org.brest, to_department=org.vo)
    assert _receivers(tenant, org, referral) == {"vo_brest", "director_brest", "executive", "admin"}
    with pytest.raises(PermissionDenied):
        _do(tenant, org, referral, "accept", by="vo_rennes")
    assert _do(tenant, org, referral, "accept", by="vo_brest").status == S.ACCEPTED


def test_colleague_and_site_both_receive(tenant, org):
    referral = submit(tenant, org, to_employee=org["colleague"].employee, to_site=org.brest)
    assert _receivers(tenant, org, referral) == {"colleague", "vo_brest", "director_brest", "executive", "admin"}


def test_colleague_who_left_hands_over_to_leaders(tenant, org):
    referral = submit(tenant, org)
    colleague = org["colleague"]
    colleague.is_active = False
    colleague.save()
    assert _receivers(tenant, org, referral) == {"executive", "admin"}


@pytest.mark.parametrize("who", ["outsider", "marketing", "vo_brest", "director_brest"])
def test_others_cannot_move_it(tenant, org, who):
    referral = submit(tenant, org, to_employee=None, to_site=org.rennes, to_department=org.vn)
    with pytest.raises(PermissionDenied):
        _do(tenant, org, referral, "accept", by=who)


def test_receivers_are_notified_on_submit(tenant, org):
    referral = submit(tenant, org, to_employee=None, to_site=org.rennes, to_department=org.vn)
    notified = set(Notification.unscoped.filter(key=f"referral:{referral.pk}:submitted").values_list("recipient__email", flat=True))
    assert notified == {"vn_rennes.user@test.example", "director_rennes.user@test.example"}
    # Nobody left to tell at the dealership: the leaders are.
    lonely = submit(tenant, org, to_employee=None, to_department=org.apv)
    notified = set(Notification.unscoped.filter(key=f"referral:{lonely.pk}:submitted").values_list("recipient__email", flat=True))
    assert notified == {"executive.user@test.example", "admin.user@test.example"}
