"""The overdue review e-mail: once per due date, to the process owner, for the active iteration only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from bns.models import AuditEvent, Membership, Notification
from bns.periodic import periodic_schedule
from bns.programme.models import Programme
from bns.programme.reviews import services
from bns.programme.reviews.tasks import reviews_overdue_remind_all
from tests.bns.programme.reviews.support import record

pytestmark = pytest.mark.django_db


def overdue(org, days: int = 1):
    """Make the first review due ``days`` days ago (start = today - cadence - days)."""
    today = timezone.localdate()
    org.tenant.locale = "en"  # the e-mail is in the group's language: read the English one
    org.tenant.save(update_fields=["locale"])
    Programme.unscoped.filter(pk=org.programme.pk).update(starts_on=today - timedelta(days=30 + days))
    org.programme.refresh_from_db()
    return today - timedelta(days=days)


def test_registered_nightly():
    entry = periodic_schedule()["programme-reviews-overdue"]
    assert entry["task"] == "bns.programme.reviews.tasks.reviews_overdue_remind_all"


def test_one_e_mail_per_due_date(org, django_capture_on_commit_callbacks):
    due = overdue(org, days=3)
    with django_capture_on_commit_callbacks(execute=True):
        assert reviews_overdue_remind_all() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert reviews_overdue_remind_all() == 0  # the same night again, or a retry
        assert services.review_overdue_remind(tenant=org.tenant) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [org.u("owner").email]
    assert "overdue" in message.subject and "3 days ago" in message.body
    assert f"/g/{org.tenant.slug}/programme/reviews/" in message.body
    org.programme.refresh_from_db()
    assert org.programme.review_reminder_due_on == due
    assert Notification.unscoped.filter(tenant=org.tenant, recipient=org.u("owner")).count() == 1
    assert AuditEvent.unscoped.filter(tenant=org.tenant, verb="programme.review.remind").count() == 1


def test_not_when_not_overdue(org, django_capture_on_commit_callbacks):
    overdue(org, days=0)  # due today: not late yet
    with django_capture_on_commit_callbacks(execute=True):
        assert reviews_overdue_remind_all() == 0
    assert mail.outbox == []
    # ...the day after, it is.
    with django_capture_on_commit_callbacks(execute=True):
        assert reviews_overdue_remind_all(today=(timezone.localdate() + timedelta(days=1)).isoformat()) == 1
    assert len(mail.outbox) == 1


def test_not_for_a_closed_iteration(org, django_capture_on_commit_callbacks):
    overdue(org, days=10)
    Programme.unscoped.filter(pk=org.programme.pk).update(status=Programme.Status.CLOSED)
    with django_capture_on_commit_callbacks(execute=True):
        assert reviews_overdue_remind_all() == 0
    assert mail.outbox == []


def test_a_new_review_resets_it_and_the_next_due_date_is_reminded_again(org, django_capture_on_commit_callbacks):
    overdue(org, days=5)
    with django_capture_on_commit_callbacks(execute=True):
        reviews_overdue_remind_all()
        record(org, days_ago=0)
    org.programme.refresh_from_db()
    assert org.programme.review_reminder_due_on is None and len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):  # the review was just held: nothing due
        assert reviews_overdue_remind_all() == 0
    later = timezone.localdate() + timedelta(days=31)
    with django_capture_on_commit_callbacks(execute=True):
        assert reviews_overdue_remind_all(today=later.isoformat()) == 1
        assert reviews_overdue_remind_all(today=(later + timedelta(days=1)).isoformat()) == 0
    assert len(mail.outbox) == 2
    org.programme.refresh_from_db()
    assert org.programme.review_reminder_due_on == timezone.localdate() + timedelta(days=30)


def test_a_process_owner_without_login_is_reminded_once_given_one(org, django_capture_on_commit_callbacks):
    overdue(org, days=2)
    Membership.unscoped.filter(pk=org.m("owner").pk).update(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert reviews_overdue_remind_all() == 0
    Membership.unscoped.filter(pk=org.m("owner").pk).update(is_active=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert reviews_overdue_remind_all() == 1
    assert len(mail.outbox) == 1


def test_no_process_owner_no_reminder(org, django_capture_on_commit_callbacks):
    overdue(org, days=2)
    Programme.unscoped.filter(pk=org.programme.pk).update(process_owner=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert reviews_overdue_remind_all() == 0
    assert mail.outbox == []


def test_groups_are_reminded_separately(org, other_tenant, django_capture_on_commit_callbacks):
    from tests.bns.programme.objectives.conftest import make_programme
    from tests.factories import EmployeeFactory, MembershipFactory, UserFactory

    overdue(org, days=2)
    boss = EmployeeFactory(tenant=other_tenant)
    MembershipFactory(tenant=other_tenant, user=UserFactory(email="pilote@atlantique.example"), role="executive", employee=boss)
    make_programme(other_tenant, owner=boss, starts_on=timezone.localdate() - timedelta(days=40))
    with django_capture_on_commit_callbacks(execute=True):
        assert reviews_overdue_remind_all() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([org.u("owner").email, "pilote@atlantique.example"])
    assert all(("Groupe Atlantique" in m.subject) == (m.to[0] == "pilote@atlantique.example") for m in mail.outbox)
