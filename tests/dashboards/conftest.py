"""A hand-computed group for the snapshot tests: 3 dealerships (one empty), 3 departments (one empty), 6 active
employees and one who has left, with data for every computed metric of the catalogue.

    Rennes:  a (VN), b (APV), f (VN)
    Brest:   c (VN), e (APV), g (no department), d (VN, has left the group)
    Quimper: nobody                              RH: nobody

The expected values, worked out by hand, are in test_snapshots.py (EXPECTED). ``build_org`` takes a suffix so
the query-count test can build the same group two more times in one tenant (3x the data).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from contacts.models import IntroRequest, Relationship, RelationshipStatus
from contacts.referrals.models import Referral
from dashboards import catalogue
from dashboards.selectors import snapshot_value_read
from networking.models import (
    Activity,
    Network,
    NetworkingScore,
    NetworkMembership,
    NetworkTarget,
    Pulse,
    PulseAnswer,
    SocialProfile,
)
from tests.factories import DepartmentFactory, EmployeeFactory, SiteFactory, relationship_make

AS_OF = date(2026, 3, 31)


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


class Org:
    def __init__(self, tenant, suffix: str = ""):
        self.tenant = tenant
        self.suffix = suffix


def build_org(tenant, suffix: str = "", *, pulse: bool = True) -> Org:
    t, s = tenant, suffix
    o = Org(tenant, suffix)
    o.rennes = SiteFactory(tenant=t, name=f"Rennes{s}")
    o.brest = SiteFactory(tenant=t, name=f"Brest{s}")
    o.quimper = SiteFactory(tenant=t, name=f"Quimper{s}")
    o.vn = DepartmentFactory(tenant=t, name=f"VN{s}", code=f"VN{s}")
    o.apv = DepartmentFactory(tenant=t, name=f"APV{s}", code=f"APV{s}")
    o.rh = DepartmentFactory(tenant=t, name=f"RH{s}", code=f"RH{s}")
    o.a = EmployeeFactory(tenant=t, site=o.rennes, department=o.vn)
    o.b = EmployeeFactory(tenant=t, site=o.rennes, department=o.apv)
    o.f = EmployeeFactory(tenant=t, site=o.rennes, department=o.vn)
    o.c = EmployeeFactory(tenant=t, site=o.brest, department=o.vn)
    o.e = EmployeeFactory(tenant=t, site=o.brest, department=o.apv)
    o.g = EmployeeFactory(tenant=t, site=o.brest, department=None)
    o.d = EmployeeFactory(tenant=t, site=o.brest, department=o.vn, is_active=False)

    # Profiles: a (80 + 40) / 2 = 60; b 50 without LinkedIn: 50 / 2 = 25; c 75; e (33 + 34) / 2 = 33.5 -> 34;
    # f and g none (0); d has left.
    for employee, platform, completeness in [(o.a, "linkedin", 80), (o.a, "facebook", 40), (o.b, "facebook", 50),
                                             (o.c, "linkedin", 75), (o.e, "linkedin", 33), (o.e, "instagram", 34),
                                             (o.d, "linkedin", 100)]:
        SocialProfile.unscoped.create(tenant=t, employee=employee, platform=platform, completeness=completeness,
                                      url=f"https://x.example/{employee.pk}/{platform}")

    # Activity (window 2026-03-02 .. 2026-03-31): a 3 (and one on 03-01), b after the date, c 1, e 2, g 1, d has left.
    for employee, day in [(o.a, AS_OF), (o.a, date(2026, 3, 15)), (o.a, date(2026, 3, 2)), (o.a, date(2026, 3, 1)),
                          (o.b, date(2026, 4, 1)), (o.c, date(2026, 3, 10)), (o.e, date(2026, 3, 20)),
                          (o.e, date(2026, 3, 21)), (o.g, date(2026, 3, 5)), (o.d, date(2026, 3, 20))]:
        Activity.unscoped.create(tenant=t, employee=employee, occurred_on=day, channel="linkedin", kind="post")

    # Relationships: a private, discoverable, shared (+ one ended); c private; e shared; g discoverable, private; d shared.
    n = 0
    for owner, visibility in [(o.a, "private"), (o.a, "discoverable"), (o.a, "shared"), (o.c, "private"), (o.e, "shared"),
                              (o.g, "discoverable"), (o.g, "private"), (o.d, "shared")]:
        n += 1
        rel = relationship_make(tenant=t, owner=owner, last_name=f"P{n}{s}", email=f"p{n}{s}@x.example", visibility=visibility)
        setattr(o, f"rel_{owner.pk}", getattr(o, f"rel_{owner.pk}", rel))
    ended = relationship_make(tenant=t, owner=o.a, last_name=f"Ended{s}", email=f"ended{s}@x.example", visibility="shared")
    Relationship.unscoped.filter(pk=ended.pk).update(status=RelationshipStatus.ENDED)
    Relationship.unscoped.filter(tenant=t, owner__in=[o.a, o.c, o.e, o.g, o.d]).update(created_at=at(date(2026, 1, 5)))

    # Introduction requests (SLA 7 days): to a: in time, late, pending not yet due, expired (late); c in time;
    # e in time; g pending since 02-01 (judged late).
    def intro(owner, created, status="pending", answered=None, expires=False):
        rel = getattr(o, f"rel_{owner.pk}")
        request = IntroRequest.unscoped.create(tenant=t, relationship=rel, requester=o.b, owner=owner, purpose="p", status=status,
                                               answered_at=at(answered) if answered else None,
                                               expires_at=at(created) + timedelta(days=7) if expires else None)
        IntroRequest.unscoped.filter(pk=request.pk).update(created_at=at(created))

    intro(o.a, date(2026, 3, 1), "accepted", date(2026, 3, 3), expires=True)
    intro(o.a, date(2026, 3, 1), "declined", date(2026, 3, 10))
    intro(o.a, date(2026, 3, 28))
    intro(o.a, date(2026, 3, 10), "expired")
    intro(o.c, date(2026, 3, 5), "accepted", date(2026, 3, 6))
    intro(o.e, date(2026, 3, 2), "declined", date(2026, 3, 5))
    intro(o.g, date(2026, 2, 1))

    # Referrals (won in the 90 days up to 03-31): a won 10000 (and one lost); c one open; e won 2500.50 (and one won
    # in November, before the window); f won 1000.
    def referral(referrer, status, closed=None, deal=None, submitted=date(2026, 1, 5)):
        Referral.unscoped.create(tenant=t, referrer=referrer, to_site=o.rennes, need="Flotte", status=status,
                                 submitted_at=at(submitted), closed_at=at(closed) if closed else None, deal_value=deal)

    referral(o.a, "won", date(2026, 3, 20), Decimal("10000"))
    referral(o.a, "lost", date(2026, 3, 1))
    referral(o.c, "submitted")
    referral(o.e, "won", date(2026, 2, 10), Decimal("2500.50"))
    referral(o.e, "won", date(2025, 11, 15), Decimal("5000"), submitted=date(2025, 10, 1))
    referral(o.f, "won", date(2026, 3, 30), Decimal("1000"))

    # Target networks: group-wide covered; Rennes: one without a Rennes member, one covered; Brest: one covered, one
    # whose lead has left; an inactive network left out.
    def network(name, *, members, site, lead, active=True):
        net = Network.unscoped.create(tenant=t, name=f"{name}{s}", kind="business_club", is_active=active)
        for employee in members:
            NetworkMembership.unscoped.create(tenant=t, network=net, employee=employee)
        NetworkTarget.unscoped.create(tenant=t, network=net, site=site, lead=lead)

    network("Club group", members=[o.a], site=None, lead=o.a)
    network("Club Rennes", members=[o.c], site=o.rennes, lead=o.b)
    network("Club Rennes 2", members=[o.f], site=o.rennes, lead=o.f)
    network("Club Brest", members=[o.c], site=o.brest, lead=o.c)
    network("CCI Brest", members=[o.e], site=o.brest, lead=o.d)
    network("Old club", members=[o.c], site=o.brest, lead=o.c, active=False)

    # Networking scores: a latest 60 (a later 90 after the date), b 30, e 71.5, g 20; c and f none; d has left.
    for employee, day, total in [(o.a, date(2026, 3, 1), 40), (o.a, date(2026, 3, 20), 60), (o.a, date(2026, 4, 5), 90),
                                 (o.b, date(2026, 2, 1), 30), (o.e, AS_OF, Decimal("71.5")), (o.g, date(2026, 3, 10), 20),
                                 (o.d, date(2026, 3, 20), 80)]:
        NetworkingScore.unscoped.create(tenant=t, employee=employee, computed_on=day, total=total, brand=0, reach=0,
                                        engage=0, relate=0)

    if pulse:
        # The last closed pulse: pride 23 / 6; 3 "yes" of 6; products 3 promoters, 2 detractors; employer 2 and 2.
        last = Pulse.unscoped.create(tenant=t, title="Pulse", opens_on=date(2026, 3, 1), closes_on=date(2026, 3, 15),
                                     status="closed")
        for pride, products, employer, offered in [(5, 10, 9, "yes"), (4, 9, 8, "yes"), (4, 8, 6, "uh_no"), (3, 6, 10, "never"),
                                                   (2, 3, 7, "yes"), (5, 10, 0, "uh_no")]:
            PulseAnswer.unscoped.create(tenant=t, pulse=last, pride=pride, recommend_products=products,
                                        recommend_employer=employer, offered_own_circle=offered)
    return o


@pytest.fixture
def org(tenant):
    return build_org(tenant)


@pytest.fixture(autouse=True)
def _snapshot_reader_installed():
    """The reader dashboards/apps.py installs (a test elsewhere may have swapped it): in place for every test."""
    previous = catalogue.value_source_get()
    catalogue.value_source_set(snapshot_value_read)
    yield
    catalogue.value_source_set(previous)
