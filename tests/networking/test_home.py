"""The networking home page ("My networking"): the member's own profiles, activity, score, and what waits for them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from networking.models import Charter, CharterAcknowledgement, CoachingNote, Pulse, PulseParticipation
from networking.score import services
from tests.networking.score.conftest import activities_make, login, org_build, profile_make, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(tenant):
    return org_build(tenant)


@pytest.fixture(autouse=True)
def _english_messages(settings):
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _home(client, tenant, member):
    response = login(client, member).get(url(tenant, "networking_home"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_member_without_an_employee_record_gets_an_explanation(client, tenant, org):
    text = _home(client, tenant, org["admin"])
    assert "not linked to an employee record" in text
    assert "What is measured, who sees it, and why" in text


def test_an_empty_start_says_what_to_do_next(client, tenant, org):
    text = _home(client, tenant, org["rep"])
    assert "My networking" in text and "0 %" in text
    assert "Create your LinkedIn profile" in text
    assert "Not computed yet" in text
    assert "Waiting for you" not in text
    assert "What is measured, who sees it, and why" in text


def test_profiles_activity_and_score(client, tenant, org):
    rep = org["rep"].employee
    today = timezone.localdate()
    profile_make(tenant, rep, completeness=60, positioning="Le VO premium")
    activities_make(tenant, rep, 3, day=today)
    activities_make(tenant, rep, 2, day=today - timedelta(weeks=3))
    activities_make(tenant, rep, 7, day=today - timedelta(weeks=9))  # before the 8 weeks shown
    services.networking_scores_compute(tenant=tenant)
    response = login(client, org["rep"]).get(url(tenant, "networking_home"))
    data = response.context["data"]
    assert data.completeness == 60 and data.this_week == 3
    assert [w["count"] for w in data.weeks][-1] == 3 and sum(w["count"] for w in data.weeks) == 5
    assert data.score is not None and len(data.pillars) == 4
    text = response.content.decode()
    assert "60 %" in text and "Data as of" in text


def test_what_waits_for_the_member(client, tenant, org):
    rep, today = org["rep"].employee, timezone.localdate()
    Charter.unscoped.create(tenant=tenant, version=1, title="Charte v1")
    current = Charter.unscoped.create(tenant=tenant, version=2, title="Charte de réseautage v2")
    CharterAcknowledgement.unscoped.create(tenant=tenant, charter=Charter.unscoped.get(tenant=tenant, version=1), employee=rep)
    common = dict(tenant=tenant, status=Pulse.Status.OPEN, opens_on=today - timedelta(days=2), closes_on=today + timedelta(days=5))
    Pulse.unscoped.create(**common, title="Pulse for everyone")
    Pulse.unscoped.create(**common, title="Pulse for my dealership", audience_site_ids=[rep.site_id])
    Pulse.unscoped.create(**common, title="Pulse for Brest", audience_site_ids=[org["other_site"].pk])
    answered = Pulse.unscoped.create(**common, title="Pulse already answered")
    PulseParticipation.unscoped.create(tenant=tenant, pulse=answered, employee=rep)
    Pulse.unscoped.create(tenant=tenant, status=Pulse.Status.OPEN, title="Pulse not open yet", opens_on=today + timedelta(days=1),
                          closes_on=today + timedelta(days=9))
    Pulse.unscoped.create(tenant=tenant, status=Pulse.Status.CLOSED, title="Pulse closed", opens_on=today - timedelta(days=9),
                          closes_on=today + timedelta(days=1))
    note = dict(tenant=tenant, employee=rep, author=org["manager"].employee)
    CoachingNote.unscoped.create(**note, focus="Rewrite the headline", follow_up_on=today)
    CoachingNote.unscoped.create(**note, focus="Done already", follow_up_on=today - timedelta(days=3), follow_up_done_at=timezone.now())
    CoachingNote.unscoped.create(**note, focus="Later on", follow_up_on=today + timedelta(days=3))

    text = _home(client, tenant, org["rep"])
    assert "Waiting for you" in text and current.title in text
    assert "Pulse for everyone" in text and "Pulse for my dealership" in text
    for absent in ("Pulse for Brest", "Pulse already answered", "Pulse not open yet", "Pulse closed", "Done already", "Later on"):
        assert absent not in text, absent
    assert "Rewrite the headline" in text
    CharterAcknowledgement.unscoped.create(tenant=tenant, charter=current, employee=rep)
    assert current.title not in _home(client, tenant, org["rep"])


def _busy(tenant, member, n):
    rep, today = member.employee, timezone.localdate()
    for platform in ("linkedin", "facebook", "instagram")[: 1 + n % 3]:
        profile_make(tenant, rep, platform=platform, completeness=40)
    for week in range(n):
        activities_make(tenant, rep, 2, day=today - timedelta(weeks=week % 8))
    for i in range(n):
        CoachingNote.unscoped.create(tenant=tenant, employee=rep, author=rep, focus=f"Note {i}", follow_up_on=today)
        Pulse.unscoped.create(tenant=tenant, status=Pulse.Status.OPEN, title=f"Pulse {i}", opens_on=today, closes_on=today)
        Charter.unscoped.create(tenant=tenant, version=100 * n + i, title=f"Charte {n}.{i}")
    services.networking_scores_compute(tenant=tenant)


def test_the_page_reads_a_bounded_number_of_queries(client, tenant, org, django_assert_max_num_queries):
    _busy(tenant, org["rep"], 2)
    _busy(tenant, org["rep2"], 12)
    for who in ("rep", "rep2"):
        login(client, org[who])
        with django_assert_max_num_queries(16):
            assert client.get(url(tenant, "networking_home")).status_code == 200
