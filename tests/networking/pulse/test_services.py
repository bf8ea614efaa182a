"""Services of the conviction pulse: create, change a draft, open, answer once, close (shuffled), the sweep."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from bns.models import AuditEvent, Notification
from networking.models import Pulse, PulseAnswer, PulseParticipation
from networking.pulse import services
from networking.pulse.tasks import pulses_sweep
from tests.factories import SiteFactory

pytestmark = pytest.mark.django_db


def test_create_counts_the_audience_from_dealerships_and_departments(org):
    assert org.create().audience_size == 14  # 12 people, the CoDir, the site director: every active employee
    assert org.create(sites=[org.rennes.pk]).audience_size == 11
    assert org.create(departments=[org.workshop.pk]).audience_size == 3
    assert org.create(sites=[org.rennes.pk], departments=[org.workshop.pk]).audience_size == 0
    org.people[0].employee.is_active = False
    org.people[0].employee.save()
    assert org.create(sites=[org.rennes.pk]).audience_size == 10


def test_create_writes_a_draft_or_an_open_pulse_in_the_audit_trail(org):
    draft = org.create(open_now=False)
    opened = org.create(open_now=True)
    assert (draft.status, opened.status) == (Pulse.Status.DRAFT, Pulse.Status.OPEN)
    verbs = list(AuditEvent.unscoped.filter(tenant=org.tenant, object_type="pulse").values_list("verb", flat=True))
    assert verbs.count("pulse_create") == 2


def test_create_refuses_bad_dates_and_other_groups_dealerships(org, other_tenant):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        org.create(opens_on=today, closes_on=today - timedelta(days=1))
    assert "closes_on" in exc.value.message_dict
    foreign = SiteFactory(tenant=other_tenant)
    with pytest.raises(ValidationError) as exc:
        org.create(sites=[foreign.pk])
    assert exc.value.message_dict == {"audience_site_ids": ["Choose dealerships of the group."]}
    with pytest.raises(ValidationError) as exc:
        org.create(departments=[2_000_000_000])
    assert "audience_department_ids" in exc.value.message_dict
    with pytest.raises(ValidationError):
        org.create(title="   ")


def test_only_pulse_managers_create_open_and_close(org):
    with pytest.raises(PermissionDenied):
        org.create(actor=org.people[0])
    with pytest.raises(PermissionDenied):
        org.create(actor=org.director)  # reads results, does not run pulses
    pulse = org.create(open_now=False, actor=org.admin)
    with pytest.raises(PermissionDenied):
        services.pulse_open(tenant=org.tenant, actor=org.people[0].user, pulse=pulse)


def test_only_a_draft_changes(org):
    pulse = org.create(open_now=False)
    services.pulse_update(tenant=org.tenant, actor=org.executive.user, pulse=pulse, title="Pulse autumn",
                          audience_site_ids=[org.brest.pk])
    pulse.refresh_from_db()
    assert (pulse.title, pulse.audience_site_ids, pulse.audience_size) == ("Pulse autumn", [org.brest.pk], 3)
    services.pulse_open(tenant=org.tenant, actor=org.executive.user, pulse=pulse)
    with pytest.raises(ValidationError, match="Only a draft pulse can be changed"):
        services.pulse_update(tenant=org.tenant, actor=org.executive.user, pulse=pulse, title="Too late")
    with pytest.raises(ValidationError, match="Only a draft pulse can be opened"):
        services.pulse_open(tenant=org.tenant, actor=org.executive.user, pulse=pulse)


def test_opening_tells_the_audience_once(org):
    pulse = org.create(open_now=False, sites=[org.brest.pk])
    services.pulse_open(tenant=org.tenant, actor=org.executive.user, pulse=pulse)
    pulses_sweep()  # the nightly replay notifies nobody twice
    notified = set(Notification.unscoped.filter(tenant=org.tenant, key=f"pulse:{pulse.pk}:open").values_list("recipient__email", flat=True))
    assert notified == {org.people[10].user.email, org.people[11].user.email, org.director.user.email}


def test_an_answer_writes_a_participation_and_an_anonymous_answer_and_nothing_else(org):
    pulse = org.create()
    audit_before = AuditEvent.unscoped.filter(tenant=org.tenant).count()
    notifications_before = Notification.unscoped.filter(tenant=org.tenant).count()
    org.answer(pulse, org.people[0], offered="uh_no", pride=2, products=6, employer=3, comment="  Trop cher pour mes amis  ")
    answer = PulseAnswer.unscoped.get(tenant=org.tenant, pulse=pulse)
    assert (answer.offered_own_circle, answer.pride, answer.recommend_products, answer.recommend_employer, answer.comment) == (
        "uh_no", 2, 6, 3, "Trop cher pour mes amis")
    assert list(PulseParticipation.unscoped.filter(pulse=pulse).values_list("employee_id", flat=True)) == [org.people[0].employee_id]
    assert AuditEvent.unscoped.filter(tenant=org.tenant).count() == audit_before  # the trail says nothing of who answered
    assert Notification.unscoped.filter(tenant=org.tenant).count() == notifications_before


def test_a_second_answer_is_refused(org):
    pulse = org.create()
    org.answer(pulse, org.people[0])
    with pytest.raises(ValidationError, match="already answered"):
        org.answer(pulse, org.people[0], pride=1)
    assert PulseAnswer.unscoped.filter(pulse=pulse).count() == 1


def test_a_second_answer_racing_the_first_hits_the_unique_constraint(org, monkeypatch):
    """Two submissions at once both pass the "already answered?" check: the constraint refuses the second."""
    pulse = org.create()
    org.answer(pulse, org.people[0])
    real = PulseParticipation.unscoped

    class Blind:
        def filter(self, **kwargs):
            return SimpleNamespace(exists=lambda: False)

        def create(self, **kwargs):
            return real.create(**kwargs)

    monkeypatch.setattr(services, "PulseParticipation", SimpleNamespace(unscoped=Blind()))
    with pytest.raises(ValidationError, match="already answered"):
        org.answer(pulse, org.people[0])
    assert PulseAnswer.unscoped.filter(pulse=pulse).count() == 1


def test_who_may_answer(org):
    pulse = org.create(sites=[org.brest.pk])
    with pytest.raises(ValidationError, match="not among the employees asked"):
        org.answer(pulse, org.people[0])  # Rennes
    with pytest.raises(ValidationError, match="no employee record"):
        org.answer(pulse, org.admin)
    org.answer(pulse, org.people[10])
    draft = org.create(open_now=False)
    with pytest.raises(ValidationError, match="not open"):
        org.answer(draft, org.people[0])
    later = org.create(opens_on=timezone.localdate() + timedelta(days=2), closes_on=timezone.localdate() + timedelta(days=9))
    with pytest.raises(ValidationError, match="not open"):
        org.answer(later, org.people[0])
    closed = org.close(org.create())
    with pytest.raises(ValidationError, match="not open"):
        org.answer(closed, org.people[0])
    assert PulseParticipation.unscoped.filter(tenant=org.tenant).count() == 1


def test_answers_out_of_range_are_refused(org):
    pulse = org.create()
    with pytest.raises(ValidationError) as exc:
        org.answer(pulse, org.people[0], offered="maybe", pride=6, products=-1, employer=11)
    assert set(exc.value.message_dict) == {"offered_own_circle", "pride", "recommend_products", "recommend_employer"}
    assert not PulseParticipation.unscoped.filter(pulse=pulse).exists()


def test_closing_shuffles_the_answers_under_new_keys(org):
    pulse = org.create()
    for i in range(6):
        org.answer(pulse, org.people[i], pride=1 + i % 5, products=i, comment=f"comment {i}")
    fields = ("offered_own_circle", "pride", "recommend_products", "recommend_employer", "comment")
    before_ids = set(PulseAnswer.unscoped.filter(pulse=pulse).values_list("id", flat=True))
    before = sorted(PulseAnswer.unscoped.filter(pulse=pulse).values_list(*fields))
    org.close(pulse)
    pulse.refresh_from_db()
    assert pulse.status == Pulse.Status.CLOSED and pulse.closed_at is not None
    after_ids = set(PulseAnswer.unscoped.filter(pulse=pulse).values_list("id", flat=True))
    assert sorted(PulseAnswer.unscoped.filter(pulse=pulse).values_list(*fields)) == before
    assert len(after_ids) == 6 and not after_ids & before_ids
    assert PulseParticipation.unscoped.filter(pulse=pulse).count() == 6
    with pytest.raises(ValidationError, match="Only an open pulse can be closed"):
        org.close(pulse)


def test_the_nightly_sweep_closes_the_pulses_past_their_date(org):
    today = timezone.localdate()
    due, running = org.create(), org.create()
    Pulse.unscoped.filter(pk=due.pk).update(opens_on=today - timedelta(days=10), closes_on=today - timedelta(days=1))
    assert pulses_sweep()["closed"] == 1
    due.refresh_from_db()
    running.refresh_from_db()
    assert (due.status, running.status) == (Pulse.Status.CLOSED, Pulse.Status.OPEN)


def test_an_employee_who_moves_out_of_the_audience_can_no_longer_answer(org, tenant):
    pulse = org.create(sites=[org.rennes.pk])
    person = org.people[0]
    person.employee.site = SiteFactory(tenant=tenant)
    person.employee.save()
    with pytest.raises(ValidationError, match="not among"):
        org.answer(pulse, person)
