"""A hand-computed team for the coaching dashboards: a director > a manager > three reps, an executive and an admin
outside the line, and a peer manager with a rep of their own. DAY is today: the snapshot is computed for it.

    director (site director)
      manager (manager) -- r1 (Rennes), r2 (Rennes), r3 (Brest)
    other_manager (manager) -- other_rep            executive (executive, no reports)       admin (no employee)

Expected figures, worked out by hand (the tests assert them):

    rep  score (pillars)            completeness  gaps  act. 30d  relationships  shared %  submitted 90d  won  deals   due (overdue)
    r1   61.5 (20, 15, 16.5, 10)    80.00         2     4.00      3              66.67     2              1    10000   2 (1)
    r2   30.0 (10, 5, 10, 5)        25.00         4     1.00      1              0.00      1              0    0       0
    r3   —                          —             1     —         0              —         1              0    0       1 (0)

    averages: score 45.75 (15, 10, 13.25, 7.5); completeness 52.50; gaps 2.33; activity 2.50; relationships 1.33;
    shared 33.34 (66.67 and 0.00); submitted 1.33; won 0.33; deals 3333.33; due 1.00.

r1 also has a score computed after DAY (99: not shown, the page is as of the snapshot), an older one (40), a
referral won 150 days ago (outside the window), a rewarded referral (250 € approved, 100 € paid), a pending
introduction request from r2 and a referral from r3 waiting to be accepted.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from bns.models import Role
from contacts.models import IntroRequest, Relationship, RelationshipStatus
from contacts.referrals.models import Referral, Reward
from dashboards import catalogue
from dashboards.selectors import snapshot_value_read
from dashboards.services import snapshot_compute
from networking.models import Activity, CoachingNote, NetworkingScore, SocialProfile
from networking.profiles.checklists import checklist_codes
from networking.score import formula
from tests.factories import (
    DepartmentFactory,
    EmployeeFactory,
    MembershipFactory,
    SiteFactory,
    UserFactory,
    relationship_make,
)

SECRET = "Secret coaching focus"


@pytest.fixture(autouse=True)
def _english_messages(settings):
    """These tests read the English messages (French is the default locale; the catalogue is tested elsewhere)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _snapshot_reader_installed():
    previous = catalogue.value_source_get()
    catalogue.value_source_set(snapshot_value_read)
    yield
    catalogue.value_source_set(previous)


def at(day, hour: int = 10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


def login(client, membership):
    client.force_login(membership.user)
    return client


class Team:
    pass


def score_make(tenant, employee, day, total, brand, reach, engage, relate, *, inputs=None):
    """A score row as networking's computation writes it: the pillars, and the details (inputs, points, next steps)."""
    breakdown = formula.score_compute(inputs or {})
    return NetworkingScore.unscoped.create(tenant=tenant, employee=employee, computed_on=day, total=Decimal(str(total)),
                                           brand=brand, reach=reach, engage=engage, relate=relate,
                                           details=breakdown.as_details())


def profile_make(tenant, employee, platform, *, done: int, positioning: bool, completeness: int):
    codes = checklist_codes(platform)
    return SocialProfile.unscoped.create(
        tenant=tenant, employee=employee, platform=platform, url=f"https://x.example/{employee.pk}/{platform}",
        checklist={code: i < done for i, code in enumerate(codes)}, positioning="Fleet sales in Rennes" if positioning else "",
        completeness=completeness,
    )


def referral_make(tenant, referrer, status, *, submitted, closed=None, deal=None, to_employee=None, site=None):
    return Referral.unscoped.create(tenant=tenant, referrer=referrer, to_site=site if to_employee is None else None,
                                    to_employee=to_employee, need="Fleet of 12 vans", status=status, submitted_at=at(submitted),
                                    closed_at=at(closed) if closed else None, deal_value=deal)


def note_make(tenant, employee, author, follow_up_on, *, done=False, focus=SECRET):
    return CoachingNote.unscoped.create(tenant=tenant, employee=employee, author=author, focus=focus,
                                        actions_agreed="Rewrite the headline", follow_up_on=follow_up_on,
                                        follow_up_done_at=timezone.now() if done else None)


def build_team(tenant) -> Team:
    t = Team()
    t.tenant = tenant
    tenant.locale = "en"
    tenant.save(update_fields=["locale"])
    t.day = timezone.localdate()
    day = t.day
    t.rennes = SiteFactory(tenant=tenant, name="Rennes")
    t.brest = SiteFactory(tenant=tenant, name="Brest")
    t.vn = DepartmentFactory(tenant=tenant, name="VN", code="VN")

    def member(role, email, *, manager=None, site=None, employee=True, last_name=""):
        emp = None
        if employee:
            emp = EmployeeFactory(tenant=tenant, site=site or t.rennes, department=t.vn, email=f"emp-{email}", manager=manager,
                                  last_name=last_name or email.split("@")[0].capitalize())
        return MembershipFactory(tenant=tenant, user=UserFactory(email=email), role=role, employee=emp)

    t.director = member(Role.SITE_DIRECTOR, "director@test.example")
    t.manager = member(Role.MANAGER, "manager@test.example", manager=t.director.employee)
    t.r1 = member(Role.EMPLOYEE, "r1@test.example", manager=t.manager.employee, last_name="Alpha")
    t.r2 = member(Role.EMPLOYEE, "r2@test.example", manager=t.manager.employee, last_name="Bravo")
    t.r3 = member(Role.EMPLOYEE, "r3@test.example", manager=t.manager.employee, site=t.brest, last_name="Charlie")
    t.other_manager = member(Role.MANAGER, "other-manager@test.example")
    t.other_rep = member(Role.EMPLOYEE, "other-rep@test.example", manager=t.other_manager.employee)
    t.executive = member(Role.EXECUTIVE, "executive@test.example")
    t.admin = member(Role.ADMIN, "admin@test.example", employee=False)
    r1, r2, r3 = t.r1.employee, t.r2.employee, t.r3.employee

    # Scores: r1 61.5 as of DAY (an older 40; a later 99 after the snapshot's day, not shown); r2 30; r3 none.
    score_make(tenant, r1, day - timedelta(days=30), 40, 10, 10, 10, 10)
    t.r1_score = score_make(tenant, r1, day - timedelta(days=1), "61.5", 20, 15, "16.5", 10,
                            inputs={"brand.completeness": 80, "brand.positioning": 1, "reach.relationships": 3,
                                    "reach.strength": 3.3, "engage.activities": 4})
    score_make(tenant, r1, day + timedelta(days=1), 99, 25, 25, 25, 24)
    score_make(tenant, r2, day, 30, 10, 5, 10, 5)

    # Profiles: r1 LinkedIn 7 of 9 items and a positioning: 8 / 10 = 80 %, 2 items missing. r2 Facebook 2 of 5 and a
    # positioning: 3 / 6 = 50 %, no LinkedIn (counted as 0 %): 25 %; missing: the LinkedIn profile and 3 items = 4.
    # r3 no profile: no value in the snapshot, 1 item missing (the LinkedIn profile).
    profile_make(tenant, r1, "linkedin", done=7, positioning=True, completeness=80)
    profile_make(tenant, r2, "facebook", done=2, positioning=True, completeness=50)

    # Activity: r1 3 today and 1 a week ago (4 in 30 days); r2 1 twenty days ago (and 1 ten weeks ago: outside both).
    for employee, days_ago in [(r1, 0), (r1, 0), (r1, 0), (r1, 7), (r2, 20), (r2, 70)]:
        Activity.unscoped.create(tenant=tenant, employee=employee, occurred_on=day - timedelta(days=days_ago),
                                 channel="linkedin", kind="post")

    # Relationships: r1 private (strength 2), discoverable (3), shared (5) and one ended; r2 one private (1).
    t.r1_private = relationship_make(tenant=tenant, owner=r1, last_name="Pri", email="pri@x.example", visibility="private",
                                     strength=2)
    t.r1_discoverable = relationship_make(tenant=tenant, owner=r1, last_name="Dis", email="dis@x.example",
                                          visibility="discoverable", strength=3)
    relationship_make(tenant=tenant, owner=r1, last_name="Sha", email="sha@x.example", visibility="shared", strength=5)
    ended = relationship_make(tenant=tenant, owner=r1, last_name="End", email="end@x.example", visibility="shared", strength=4)
    Relationship.unscoped.filter(pk=ended.pk).update(status=RelationshipStatus.ENDED)
    relationship_make(tenant=tenant, owner=r2, last_name="Two", email="two@x.example", visibility="private", strength=1)

    # Referrals: r1 one won 5 days ago (10 000 €) and one submitted, both in the 90 days, and one won 150 days ago;
    # r2 one lost; r3 one to r1, waiting to be accepted.
    t.r1_won = referral_make(tenant, r1, "won", submitted=day - timedelta(days=30), closed=day - timedelta(days=5),
                             deal=Decimal("10000"), site=t.rennes)
    referral_make(tenant, r1, "submitted", submitted=day - timedelta(days=2), site=t.rennes)
    old = referral_make(tenant, r1, "won", submitted=day - timedelta(days=200), closed=day - timedelta(days=150),
                        deal=Decimal("5000"), site=t.rennes)
    referral_make(tenant, r2, "lost", submitted=day - timedelta(days=20), closed=day - timedelta(days=10), site=t.rennes)
    referral_make(tenant, r3, "submitted", submitted=day - timedelta(days=1), to_employee=r1)
    Reward.unscoped.create(tenant=tenant, referral=t.r1_won, referrer=r1, amount=Decimal("250"), explanation="Fixed",
                           status=Reward.Status.APPROVED)
    Reward.unscoped.create(tenant=tenant, referral=old, referrer=r1, amount=Decimal("100"), explanation="Fixed",
                           status=Reward.Status.PAID)

    # An introduction request to r1, pending.
    IntroRequest.unscoped.create(tenant=tenant, relationship=t.r1_discoverable, requester=r2, owner=r1, purpose="Fleet")

    # Coaching notes by the manager: r1 due in 3 days, overdue by 2, in 20 days (not due), done (not due);
    # r3 due in exactly 7 days; the other manager's rep one due tomorrow (not the manager's team).
    m = t.manager.employee
    note_make(tenant, r1, m, day + timedelta(days=3))
    note_make(tenant, r1, m, day - timedelta(days=2))
    note_make(tenant, r1, m, day + timedelta(days=20))
    note_make(tenant, r1, m, day - timedelta(days=1), done=True)
    note_make(tenant, r3, m, day + timedelta(days=7))
    note_make(tenant, t.other_rep.employee, t.other_manager.employee, day + timedelta(days=1))

    t.run = snapshot_compute(tenant=tenant, day=day)
    return t


@pytest.fixture
def team(tenant):
    return build_team(tenant)


def add_reps(tenant, manager, n: int, *, site, prefix: str = "x"):
    """``n`` more reps under ``manager``, each with a score, a profile, activity, a relationship, a referral and a due
    follow-up (for the query-count tests)."""
    day = timezone.localdate()
    reps = []
    for i in range(n):
        rep = EmployeeFactory(tenant=tenant, site=site, manager=manager, email=f"{prefix}{i}@test.example")
        reps.append(rep)
        score_make(tenant, rep, day, 50, 10, 10, 15, 15)
        profile_make(tenant, rep, "linkedin", done=3, positioning=False, completeness=30)
        Activity.unscoped.create(tenant=tenant, employee=rep, occurred_on=day, channel="linkedin", kind="post")
        relationship_make(tenant=tenant, owner=rep, last_name=f"P{prefix}{i}", email=f"p{prefix}{i}@x.example",
                          visibility="shared")
        referral_make(tenant, rep, "submitted", submitted=day, site=site)
        note_make(tenant, rep, manager, day + timedelta(days=1))
    return reps
