"""Two people acting on the same reward (or referral) at the same moment: it happens once.

On PostgreSQL, with two real connections (threads): the row is held locked by a third transaction while both
calls start, so both are queued on the lock (checked in pg_stat_activity) before it is released; the services'
``select_for_update`` then serialises them and the second sees the first one's result. Without the lock both
would read "pending" and both would approve. (On SQLite, select_for_update does nothing and writes are serialised
by the database lock: the sequential double calls of test_rewards.py cover the status checks there.)
"""

from __future__ import annotations

import threading
import time
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from bns.models import Notification
from contacts.models import LedgerEntry
from contacts.referrals import rewards, services
from contacts.referrals.models import Referral, ReferralEvent, Reward
from tests.contacts.referrals.conftest import make_rule, move, submit

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _race(model, pk: int, calls) -> list[str]:
    """Run ``calls`` in threads while ``model`` #pk is locked, release once all of them wait on the lock."""
    results: list[str] = []
    threads = []

    def run(call):
        try:
            call()
            results.append("done")
        except ValidationError as exc:
            results.append(f"refused: {' '.join(exc.messages)}")
        finally:
            connection.close()

    with transaction.atomic():
        model.unscoped.select_for_update().get(pk=pk)
        for call in calls:
            thread = threading.Thread(target=run, args=(call,))
            thread.start()
            threads.append(thread)
        with connection.cursor() as cursor:
            for _attempt in range(400):  # up to ~20 s for the threads to connect and queue
                cursor.execute("SELECT pg_stat_clear_snapshot()")
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
                if cursor.fetchone()[0] >= len(calls):
                    break
                time.sleep(0.05)
            else:
                pytest.fail("the concurrent calls never queued on the row lock")
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture
def pending(tenant, org):
    make_rule(tenant, org, department=org.vo, amount=Decimal("150"))
    referral = move(tenant, org, submit(tenant, org), "colleague", "accept", "qualify", "win", deal_department=org.vo)
    return Reward.unscoped.get(referral=referral)


def test_two_managers_approving_at_once_approve_once(tenant, org, pending):
    results = _race(Reward, pending.pk, [
        lambda: rewards.reward_approve(tenant=tenant, actor=org["vo_brest"].user, reward=pending),
        lambda: rewards.reward_approve(tenant=tenant, actor=org["vn_rennes"].user, reward=pending),
    ])
    assert sorted(r.split(":")[0] for r in results) == ["done", "refused"], results
    pending.refresh_from_db()
    assert pending.status == "approved"
    assert LedgerEntry.unscoped.filter(verb=LedgerEntry.Verb.REWARD, data__status="approved").count() == 1
    assert Notification.unscoped.filter(key=f"reward:{pending.pk}:approved").count() == 1


def test_paid_once_when_two_payroll_clicks_meet(tenant, org, pending):
    rewards.reward_approve(tenant=tenant, actor=org["vo_brest"].user, reward=pending)
    results = _race(Reward, pending.pk, [
        lambda: rewards.reward_mark_paid(tenant=tenant, actor=org["admin"].user, reward=pending, month=date(2025, 3, 1)),
        lambda: rewards.reward_mark_paid(tenant=tenant, actor=org["admin"].user, reward=pending, month=date(2025, 4, 1)),
    ])
    assert sorted(r.split(":")[0] for r in results) == ["done", "refused"], results
    assert LedgerEntry.unscoped.filter(verb=LedgerEntry.Verb.REWARD, data__status="paid").count() == 1


def test_two_receivers_accepting_at_once_accept_once(tenant, org):
    referral = submit(tenant, org, to_employee=None, to_site=org.rennes)
    results = _race(Referral, referral.pk, [
        lambda: services.referral_accept(tenant=tenant, actor=org["vn_rennes"].user, referral=referral),
        lambda: services.referral_accept(tenant=tenant, actor=org["vo_rennes"].user, referral=referral),
    ])
    assert sorted(r.split(":")[0] for r in results) == ["done", "refused"], results
    assert ReferralEvent.unscoped.filter(referral=referral, to_status="accepted").count() == 1
