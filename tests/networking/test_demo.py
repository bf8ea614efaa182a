"""seed_demo's networking hook: uneven profiles, realistic activity, networks with overlaps and gaps, coaching notes,
the charter, pulses; deterministic and idempotent (a second run creates nothing)."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from bns.demo_hooks import demo_seeders_registered
from bns.models import Employee, Membership, Tenant
from bns.tenancy import tenant_scope
from contacts.models import Relationship
from networking.activity.selectors import licence_list
from networking.demo.profiles import FIXED
from networking.demo.staff import Staff
from networking.models import (
    Activity,
    ActivitySource,
    Charter,
    CharterAcknowledgement,
    CoachingNote,
    EventAttendance,
    EventContact,
    Network,
    NetworkEvent,
    NetworkMembership,
    NetworkTarget,
    Platform,
    Pulse,
    PulseAnswer,
    PulseParticipation,
    SocialProfile,
    ToolLicence,
)
from networking.networks.coordination import memberships_unattended, uncoordinated_overlaps, uncovered_targets
from networking.profiles.checklists import completeness_compute
from networking.selectors import profile_completeness_by_employee

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _networking_counts() -> dict[str, int]:
    return {m._meta.label: m._base_manager.count() for m in apps.get_app_config("networking").get_models()}


def _employee(armor, email: str) -> Employee:
    return Membership.unscoped.select_related("employee").get(tenant=armor, user__email=email).employee


def test_hook_registered_from_networking_app():
    assert any(fn.__module__.startswith("networking") for fn in demo_seeders_registered())


def test_networking_demo(settings):
    settings.DEBUG = True
    # Speed is measured by hand, never asserted in a unit test.
    _seed()
    armor = Tenant.objects.get(slug="armor")
    assert not SocialProfile.unscoped.filter(tenant__slug="atlantique").exists()
    assert not Activity.unscoped.filter(tenant__slug="atlantique").exists()
    _check_profiles(armor)
    _check_activity(armor)
    _check_licences(armor)
    _check_networks(armor)
    _check_coaching_and_charter(armor)
    _check_pulses(armor)
    _check_staff(armor)

    before = _networking_counts()
    relationships = Relationship.unscoped.count()
    output = _seed()
    assert _networking_counts() == before
    assert Relationship.unscoped.count() == relationships
    assert "nothing (already complete)" in output
    assert "social profiles" not in output and "activities" not in output


def _check_profiles(armor):
    profiles = SocialProfile.unscoped.filter(tenant=armor)
    employees = list(Employee.unscoped.filter(tenant=armor, is_active=True).values_list("pk", flat=True))
    with tenant_scope(armor):
        by_employee = profile_completeness_by_employee(tenant=armor, employee_ids=employees)
    # Uneven (seed 000): some complete, many below half, some with no profile at all.
    assert profiles.filter(completeness=100).values("employee").distinct().count() >= 5
    assert sum(1 for v in by_employee.values() if v == 100) >= 2
    assert sum(1 for v in by_employee.values() if 0 < v < 50) >= 30
    with_profile = set(profiles.values_list("employee_id", flat=True))
    assert 10 <= len(set(employees) - with_profile) <= len(employees) // 2
    complete = profiles.filter(platform=Platform.LINKEDIN, completeness=100)
    assert complete.count() >= 5 and not complete.filter(positioning="").exists()
    assert profiles.filter(positioning__icontains="artisans du Morbihan").exists()
    # Every stored completeness is the checklist's rule.
    for p in profiles:
        assert p.completeness == completeness_compute(platform=p.platform, checklist=p.checklist, positioning=p.positioning)
    # Valid addresses per platform, and the other platforms (the Lorient VO department on TikTok...).
    prefixes = {
        Platform.LINKEDIN: "https://www.linkedin.com/in/", Platform.FACEBOOK: "https://www.facebook.com/",
        Platform.INSTAGRAM: "https://www.instagram.com/", Platform.X: "https://x.com/",
        Platform.YOUTUBE: "https://www.youtube.com/@", Platform.TIKTOK: "https://www.tiktok.com/@",
    }
    assert set(profiles.values_list("platform", flat=True)) == set(prefixes)
    for platform, url in profiles.values_list("platform", "url"):
        assert url.startswith(prefixes[platform]) and " " not in url and len(url) > len(prefixes[platform]), url
    assert profiles.filter(platform=Platform.TIKTOK, url__endswith="@armor_vo_lorient").exists()
    # The demo rep's profile is half-done: the checklist has next steps to show.
    rep = _employee(armor, "vendeur@armor.example")
    assert 0 < profiles.get(employee=rep, platform=Platform.LINKEDIN).completeness < 50
    assert len(FIXED) >= 10


def _check_activity(armor):
    today = timezone.localdate()
    rows = Activity.unscoped.filter(tenant=armor)
    assert rows.filter(occurred_on__lt=today - timedelta(days=150)).exists()
    assert not rows.filter(occurred_on__gt=today).exists()
    assert not rows.filter(occurred_on__lt=today - timedelta(days=183)).exists()
    assert all(d.weekday() < 5 for d in rows.values_list("occurred_on", flat=True).distinct())
    per_employee = sorted(rows.values("employee_id").annotate(n=Count("pk")).values_list("n", flat=True), reverse=True)
    active_employees = Employee.unscoped.filter(tenant=armor, is_active=True).count()
    # A few very active people (about two a week and more), many nearly silent.
    assert sum(1 for n in per_employee if n >= 50) >= 5
    assert sum(1 for n in per_employee if n >= 50) <= 10
    nearly_silent = active_employees - sum(1 for n in per_employee if n > 5)
    assert nearly_silent >= active_employees / 2
    kinds = set(rows.values_list("kind", flat=True))
    assert {"post", "share", "comment", "reaction", "connection_sent", "inmail", "message"} <= kinds
    assert not rows.filter(kind="share", content_url="").exists()
    assert rows.filter(reach__isnull=False, engagement__isnull=False).count() >= 50
    assert set(rows.values_list("source", flat=True)) == {ActivitySource.MANUAL, ActivitySource.CSV}
    assert not rows.filter(source=ActivitySource.CSV, activity_import__isnull=True).exists()
    manager = _employee(armor, "chef.ventes@armor.example")
    rep = _employee(armor, "vendeur@armor.example")
    assert rows.filter(employee=manager).count() > rows.filter(employee=rep).count() >= 10
    assert rows.filter(employee=rep, occurred_on__gte=today - timedelta(days=14)).exists()


def _check_licences(armor):
    seats = ToolLicence.unscoped.filter(tenant=armor, tool="LinkedIn Sales Navigator")
    assert seats.count() == 6
    assert {str(c) for c in seats.values_list("monthly_cost", flat=True)} == {"79.99"}
    assert seats.filter(employee__isnull=True).count() == 1
    with tenant_scope(armor):
        unused = [seat for seat in licence_list(tenant=armor, status="all") if seat.unused]
    assert len(unused) == 3  # the unassigned seat and two holders silent on LinkedIn for two months
    holders = [seat.employee_id for seat in unused if seat.employee_id]
    assert len(holders) == 2 and all(seat.last_used_on is None for seat in unused)
    recent = timezone.localdate() - timedelta(days=60)
    for holder in holders:
        linkedin = Activity.unscoped.filter(tenant=armor, employee_id=holder, channel="linkedin")
        assert linkedin.exists() and not linkedin.filter(occurred_on__gte=recent).exists()


def _check_networks(armor):
    networks = Network.unscoped.filter(tenant=armor)
    assert networks.count() >= 25
    assert {"chamber", "business_club", "federation", "association", "service_club", "sports_club", "alumni",
            "online_group"} == set(networks.values_list("kind", flat=True))
    assert {"CCI du Morbihan", "Mobilians Bretagne", "Rotary Club de Vannes"} <= set(networks.values_list("name", flat=True))
    assert networks.filter(site__isnull=False).count() >= 20 and networks.filter(annual_fee__gt=0).count() >= 15
    targets = NetworkTarget.unscoped.filter(tenant=armor)
    assert targets.filter(lead__isnull=False).count() > targets.filter(lead__isnull=True).count() > 0
    assert targets.filter(site__isnull=True).exists()
    with tenant_scope(armor):
        # Overlaps with no lead, and gaps: target networks nobody of the group attends (the coordination view's rules).
        overlaps = list(uncoordinated_overlaps(tenant=armor))
        uncovered = list(uncovered_targets(tenant=armor))
        unattended = memberships_unattended(tenant=armor).count()
    assert len(overlaps) >= 3 and "Stade Rennais Rugby – club des partenaires" in {n.name for n in overlaps}
    assert len(uncovered) >= 4 and any(t.members_in_scope == 0 for t in uncovered)
    assert any(t.lead_id is not None for t in uncovered)  # a named lead who has not joined yet
    assert len(uncovered) < targets.count() / 2
    assert unattended >= 5
    # Events of the last six months with attendance; memberships with no attendance at all.
    events = NetworkEvent.unscoped.filter(tenant=armor)
    assert events.count() >= 15
    assert not events.filter(held_on__lt=timezone.localdate() - timedelta(days=183)).exists()
    attendances = EventAttendance.unscoped.filter(tenant=armor)
    assert attendances.filter(attended=True).count() > attendances.filter(attended=False).count() > 0
    assert NetworkMembership.unscoped.filter(tenant=armor, ended_on__isnull=False).exists()
    # The contacts met are real relationships of the attendee.
    met = EventContact.unscoped.filter(tenant=armor).select_related("relationship")
    assert 4 <= met.count() <= 8
    assert all(c.relationship.owner_id == c.attendee_id and c.relationship.person_id == c.person_id for c in met)


def _check_coaching_and_charter(armor):
    manager = _employee(armor, "chef.ventes@armor.example")
    rep = _employee(armor, "vendeur@armor.example")
    notes = CoachingNote.unscoped.filter(tenant=armor)
    mine = notes.filter(author=manager)
    assert mine.values("employee").distinct().count() >= 3
    assert all(n.employee.manager_id == manager.pk for n in mine.select_related("employee"))
    assert notes.filter(employee=rep).count() >= 2
    today = timezone.localdate()
    assert notes.filter(follow_up_on__lt=today, follow_up_done_at__isnull=True).exists()  # overdue
    assert notes.filter(follow_up_done_at__isnull=False).exists()
    assert notes.filter(follow_up_on__gt=today).exists()

    charters = Charter.unscoped.filter(tenant=armor).order_by("version")
    assert list(charters.values_list("version", flat=True)) == [1, 2]
    assert "messages en masse" in charters[1].donts and "profil personnel" in charters[1].donts
    active = Employee.unscoped.filter(tenant=armor, is_active=True).count()
    acks = CharterAcknowledgement.unscoped.filter(tenant=armor)
    v1, v2 = acks.filter(charter__version=1).count(), acks.filter(charter__version=2).count()
    assert v1 >= active * 0.7 and active * 0.3 <= v2 <= active * 0.7
    assert not acks.filter(charter__version=2, employee=rep).exists()
    by_site = dict(acks.filter(charter__version=2).values_list("employee__site__city").annotate(n=Count("pk")))
    assert by_site.get("Rennes", 0) > by_site.get("Lannion", 0)


def _check_pulses(armor):
    closed = Pulse.unscoped.get(tenant=armor, status="closed")
    answers = PulseAnswer.unscoped.filter(pulse=closed)
    assert answers.count() >= 12
    assert PulseParticipation.unscoped.filter(pulse=closed).count() == answers.count()
    assert closed.audience_size == Employee.unscoped.filter(tenant=armor, is_active=True).count()
    assert set(answers.values_list("offered_own_circle", flat=True)) == {"never", "uh_no", "yes"}
    assert answers.exclude(comment="").count() >= 3
    assert timezone.localdate() - timedelta(days=90) < closed.closes_on < timezone.localdate() - timedelta(days=30)

    opened = Pulse.unscoped.get(tenant=armor, status="open")
    assert opened.audience_department_ids and opened.closes_on >= timezone.localdate()
    assert 0 < PulseAnswer.unscoped.filter(pulse=opened).count() == PulseParticipation.unscoped.filter(pulse=opened).count()
    rep = _employee(armor, "vendeur@armor.example")
    assert rep.department_id in opened.audience_department_ids
    assert not PulseParticipation.unscoped.filter(pulse=opened, employee=rep).exists()


def _check_staff(armor):
    """The demo tables' selectors resolve to different employees, and "rep_vn@rennes#0" is not the demo rep."""
    with tenant_scope(armor):
        staff = Staff(armor)
        assert staff.ready
        picked = [staff.must(s) for s in ("manager", "rep", "rep_vn@rennes#0", "director@vannes", "rep_vn@vannes#0", "dev")]
        assert len({e.pk for e in picked}) == len(picked)
        assert staff.get("rep_vn@lannion#9") is None and staff.get("nobody@rennes") is None
