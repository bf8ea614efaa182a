"""The daily follow-up reminder: the author is told once when a follow-up is due today or overdue and not done."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from bns.models import Notification
from bns.periodic import periodic_schedule
from networking.coaching import services
from networking.coaching.tasks import coaching_follow_ups_remind_all
from networking.models import CoachingNote

pytestmark = pytest.mark.django_db


def _move(note, days: int):
    """Time passed: the follow-up date is now ``days`` from today (negative: in the past)."""
    CoachingNote.unscoped.filter(pk=note.pk).update(follow_up_on=timezone.localdate() + timedelta(days=days))
    note.refresh_from_db()
    return note


def _reminders(tenant, user):
    return Notification.unscoped.filter(tenant=tenant, recipient=user, verb="coaching_follow_up")


def test_the_task_is_scheduled_daily():
    entry = periodic_schedule()["networking-coaching-follow-ups"]
    assert entry["task"] == "networking.coaching.tasks.coaching_follow_ups_remind_all"
    assert entry["schedule"].hour == {7}


def test_due_and_overdue_follow_ups_are_reminded_once(tenant, org, write_note, django_capture_on_commit_callbacks):
    due = _move(write_note(focus="Due today"), 0)
    overdue = _move(write_note(focus="Overdue", about="peer"), -3)
    later = write_note(focus="Next week", follow_up_in=7)
    done = _move(write_note(focus="Done already"), -1)
    CoachingNote.unscoped.filter(pk=done.pk).update(follow_up_done_at=timezone.now())
    write_note(focus="No date", follow_up_in=None)

    with django_capture_on_commit_callbacks(execute=True):
        assert coaching_follow_ups_remind_all.delay().get() == 2
    sent = _reminders(tenant, org["manager"].user)
    assert sorted(sent.values_list("key", flat=True)) == sorted([
        f"coaching-follow-up:{due.pk}:{due.follow_up_on}", f"coaching-follow-up:{overdue.pk}:{overdue.follow_up_on}"])
    titles = sorted(sent.values_list("title", flat=True))
    assert titles[0].startswith("Coaching follow-up due today with") and titles[1].startswith("Coaching follow-up overdue with")
    assert CoachingNote.unscoped.filter(pk__in=[due.pk, overdue.pk], reminded_at__isnull=False).count() == 2
    assert CoachingNote.unscoped.get(pk=later.pk).reminded_at is None

    # Idempotent: a second run (or a redelivered task) reminds nobody again.
    assert coaching_follow_ups_remind_all.delay().get() == 0
    CoachingNote.unscoped.filter(pk=due.pk).update(reminded_at=None)  # even if the mark were lost
    coaching_follow_ups_remind_all.delay().get()
    assert sent.count() == 2


def test_a_new_follow_up_date_is_reminded_again(scope, tenant, org, write_note):
    note = _move(write_note(), -1)
    services.coaching_follow_ups_remind(tenant=tenant)
    services.coaching_note_update(tenant=tenant, actor=org["manager"].user, note=note, follow_up_on=timezone.localdate())
    assert services.coaching_follow_ups_remind(tenant=tenant) == 1
    assert _reminders(tenant, org["manager"].user).count() == 2


def test_reminders_speak_the_groups_language(tenant, org, write_note, monkeypatch):
    from django.utils import translation

    _move(write_note(), -1)
    tenant.locale = "fr"
    tenant.save(update_fields=["locale"])
    # The catalogue may lag behind: record the language active when the message is translated.
    monkeypatch.setattr(services, "_", lambda message: f"[{translation.get_language()}] {message}")
    coaching_follow_ups_remind_all.delay().get()
    title = _reminders(tenant, org["manager"].user).get().title
    assert title.startswith("[fr] Coaching follow-up overdue with")
