"""The review schedule: next due = last review + cadence (the start + cadence before the first); overdue only for an
active iteration and only strictly after the due day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bns.programme.models import Programme, Review
from bns.programme.reviews.selectors import review_schedule
from tests.bns.programme.objectives.conftest import make_programme

pytestmark = pytest.mark.django_db

START = date(2026, 1, 5)


@pytest.fixture
def programme(tenant):
    return make_programme(tenant, starts_on=START, target_end_on=date(2026, 6, 30))


def test_before_any_review_the_first_is_due_a_cadence_after_the_start(tenant, programme, django_assert_num_queries):
    with django_assert_num_queries(1):
        schedule = review_schedule(tenant=tenant, programme=programme, today=date(2026, 2, 4))
    assert schedule.last_held_on is None
    assert schedule.next_due_on == START + timedelta(days=30) == date(2026, 2, 4)
    assert schedule.cadence_days == 30
    assert not schedule.overdue and schedule.days_overdue == 0  # due today: not late yet


def test_overdue_from_the_day_after_the_due_date(tenant, programme):
    late = review_schedule(tenant=tenant, programme=programme, today=date(2026, 2, 5))
    assert late.overdue and late.days_overdue == 1
    later = review_schedule(tenant=tenant, programme=programme, today=date(2026, 3, 1))
    assert later.overdue and later.days_overdue == 25


def test_the_last_review_moves_the_due_date(tenant, programme):
    Review.unscoped.create(tenant=tenant, programme=programme, held_on=date(2026, 2, 1))
    Review.unscoped.create(tenant=tenant, programme=programme, held_on=date(2026, 3, 2))
    Review.unscoped.create(tenant=tenant, programme=programme, held_on=date(2026, 2, 15))  # recorded late, held earlier
    schedule = review_schedule(tenant=tenant, programme=programme, today=date(2026, 4, 1))
    assert schedule.last_held_on == date(2026, 3, 2)
    assert schedule.next_due_on == date(2026, 4, 1) and not schedule.overdue
    assert review_schedule(tenant=tenant, programme=programme, today=date(2026, 4, 2)).days_overdue == 1


def test_the_cadence_is_the_iterations(tenant, programme):
    programme.review_cadence_days = 14
    programme.save()
    schedule = review_schedule(tenant=tenant, programme=programme, today=date(2026, 1, 20))
    assert schedule.next_due_on == date(2026, 1, 19) and schedule.overdue and schedule.cadence_days == 14


def test_a_closed_iteration_is_never_overdue(tenant, programme):
    programme.status = Programme.Status.CLOSED
    programme.save()
    schedule = review_schedule(tenant=tenant, programme=programme, today=date(2026, 12, 1))
    assert not schedule.overdue and schedule.days_overdue == 0
    assert schedule.next_due_on == date(2026, 2, 4)


def test_another_groups_reviews_do_not_count(tenant, other_tenant, programme):
    theirs = make_programme(other_tenant, starts_on=START, target_end_on=date(2026, 6, 30))
    Review.unscoped.create(tenant=other_tenant, programme=theirs, held_on=date(2026, 3, 1))
    assert review_schedule(tenant=tenant, programme=programme, today=date(2026, 3, 2)).last_held_on is None
