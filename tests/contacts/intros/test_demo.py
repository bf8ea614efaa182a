"""seed_demo's introductions: every state, with history and notifications; a second run creates nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from bns.models import Notification, Tenant
from contacts.intros.demo import demo_seed
from contacts.models import IntroEvent, IntroRequest, LedgerEntry


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return Tenant.objects.get(slug="armor")


def test_intros_in_every_state(seeded):
    intros = IntroRequest.unscoped.filter(tenant=seeded)
    assert set(intros.values_list("status", flat=True)) == {"pending", "accepted", "declined", "expired"}
    assert intros.filter(status="pending", reminded_at__isnull=False).exists()
    accepted = intros.filter(status="accepted", outcome="deal").get()
    assert list(IntroEvent.unscoped.filter(intro_request=accepted).values_list("kind", flat=True)) == [
        "requested", "accepted", "follow_up", "outcome"]
    assert intros.filter(status="declined").exclude(decline_reason="").exists()
    assert all(i.relationship.visibility in ("discoverable", "shared") and i.owner_id != i.requester_id for i in intros)
    assert LedgerEntry.unscoped.filter(tenant=seeded, verb=LedgerEntry.Verb.INTRO_REQUEST).count() == intros.count()
    notes = Notification.unscoped.filter(tenant=seeded, key__startswith="intro:")
    assert notes.filter(read_at__isnull=True).exists() and notes.filter(read_at__isnull=False).exists()
    assert not notes.filter(emailed_at__isnull=False).exists()
    assert not IntroRequest.unscoped.exclude(tenant=seeded).exists()  # the other demo group is untouched

    counts = (IntroRequest.unscoped.count(), IntroEvent.unscoped.count(), Notification.unscoped.count(),
              LedgerEntry.unscoped.count())
    assert demo_seed(tenants={"armor": seeded}) == {}
    assert counts == (IntroRequest.unscoped.count(), IntroEvent.unscoped.count(), Notification.unscoped.count(),
                      LedgerEntry.unscoped.count())
