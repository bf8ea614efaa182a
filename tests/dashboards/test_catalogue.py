"""The metric catalogue: every metric on a small hand-computed fixture, None when there is no data, the registry's
shape, its query budget and the snapshot hook (value_source_set)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contacts.models import IntroRequest, Relationship, RelationshipStatus
from contacts.referrals.models import Referral
from dashboards import catalogue
from networking.models import (
    Activity,
    Network,
    NetworkingScore,
    NetworkingSettings,
    NetworkMembership,
    NetworkTarget,
    Pulse,
    PulseAnswer,
    SocialProfile,
)
from tests.factories import DepartmentFactory, EmployeeFactory, SiteFactory, TenantFactory, relationship_make

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 3, 31)


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


class Org:
    """Rennes: a (VN), b (APV); Brest: c (VN), d (VN, has left the group)."""

    def __init__(self, tenant):
        self.tenant = tenant
        self.rennes, self.brest = SiteFactory(tenant=tenant, name="Rennes"), SiteFactory(tenant=tenant, name="Brest")
        self.vn, self.apv = DepartmentFactory(tenant=tenant, name="VN"), DepartmentFactory(tenant=tenant, name="APV")
        self.empty_department = DepartmentFactory(tenant=tenant, name="RH")
        self.a = EmployeeFactory(tenant=tenant, site=self.rennes, department=self.vn)
        self.b = EmployeeFactory(tenant=tenant, site=self.rennes, department=self.apv)
        self.c = EmployeeFactory(tenant=tenant, site=self.brest, department=self.vn)
        self.d = EmployeeFactory(tenant=tenant, site=self.brest, department=self.vn, is_active=False)

    def value(self, key, scope_kind="group", as_of=AS_OF, **kwargs):
        return catalogue.metric_value(key, tenant=self.tenant, scope_kind=scope_kind, as_of=as_of, **kwargs)


@pytest.fixture
def org(tenant):
    return Org(tenant)


@pytest.fixture
def empty(other_tenant):
    """Another group with an employee and nothing else: every metric is None there."""
    return Org(other_tenant)


# --- The registry -------------------------------------------------------------------------------------


def test_registry_is_documented_and_consistent():
    keys = [m.key for m in catalogue.METRICS]
    assert len(keys) == len(set(keys))
    for metric in catalogue.METRICS:
        assert str(metric.label) and len(str(metric.formula)) > 40, metric.key
        assert metric.unit in catalogue.UNITS and metric.direction in ("up", "down")
        assert metric.scopes and set(metric.scopes) <= set(catalogue.SCOPES) and "group" in metric.scopes
        assert metric.sources
    assert {"profile_completeness", "active_employees", "activity_per_active_employee", "relationships_shared",
            "intro_requests_answered", "referrals_won", "network_coverage", "pulse_pride", "pulse_recommend_products",
            "networking_score"} <= set(keys)
    assert catalogue.metric_get("nope") is None


def test_the_maturity_index_is_computed_at_the_group_dealership_and_department(org):
    """No iteration, so no declared level: the measured levels alone (bns/programme/diagnostic/measures.py's bands).
    Group: activity (66.67 % -> 4, 2.00 -> 2) 3; conviction (pride 3.83 -> 4, offered 50 % -> 3) 3.5 -> 4; the other
    dimensions have no data. (3 + 4) / 2 = 3.5 -> 62.50. Rennes: activity (50 % -> 3, 3.00 -> 2) 2.5 -> 3 -> 50 (the
    pulse is the group's only); Brest (100 % -> 5, 1.00 -> 1) 3 -> 50; VN (100 % -> 5, 2.00 -> 2) 3.5 -> 4 -> 75; APV
    (0 % -> 1, no ratio) 1 -> 0; RH (nobody) none. The tests of tests/dashboards/codir/test_metrics.py add the answers."""
    _activities(org)
    _pulse(org, date(2026, 3, 15), LAST_PULSE)
    assert catalogue.metric_get("maturity_index").computed is True
    assert catalogue.metric_get("maturity_index").scopes == ("group", "site", "department")
    assert org.value("maturity_index") == Decimal("62.50")
    assert org.value("maturity_index", "site", site=org.rennes) == Decimal("50.00")
    assert org.value("maturity_index", "site", site=org.brest) == Decimal("50.00")
    assert org.value("maturity_index", "department", department=org.vn) == Decimal("75.00")
    assert org.value("maturity_index", "department", department=org.apv) == Decimal("0.00")
    assert org.value("maturity_index", "department", department=org.empty_department) is None
    assert org.value("maturity_index", "employee", employee=org.a) is None  # no employee level


def test_unknown_metric_scope_or_missing_scope_object_is_none(org):
    assert org.value("nope") is None
    assert org.value("pulse_pride", scope_kind="site", site=org.rennes) is None  # not defined per dealership
    assert org.value("active_employees", scope_kind="site") is None  # no dealership given


# --- Profiles and activity ----------------------------------------------------------------------------


def test_profile_completeness(org, empty):
    t = org.tenant

    def profile(employee, platform, completeness):
        SocialProfile.unscoped.create(tenant=t, employee=employee, platform=platform, url=f"https://x.example/{employee.pk}{platform}",
                                      completeness=completeness)

    assert org.value("profile_completeness") is None  # nothing recorded yet: no made-up 0
    profile(org.a, "linkedin", 75)
    profile(org.a, "facebook", 50)  # a: (75 + 50) / 2 = 62.5 -> 63 (half up, as the networking pages)
    profile(org.b, "facebook", 50)  # b: no LinkedIn counts as a profile at 0: 50 / 2 = 25
    profile(org.d, "linkedin", 100)  # d has left: not counted
    # c has no profile: 0
    assert org.value("profile_completeness") == Decimal("29.33")  # (63 + 25 + 0) / 3
    assert org.value("profile_completeness", "site", site=org.rennes) == Decimal("44.00")  # (63 + 25) / 2
    assert org.value("profile_completeness", "department", department=org.vn) == Decimal("31.50")  # (63 + 0) / 2
    assert org.value("profile_completeness", "employee", employee=org.a) == Decimal("63.00")
    assert org.value("profile_completeness", "employee", employee=org.c) is None
    assert empty.value("profile_completeness") is None


def _activities(org):
    t = org.tenant
    for employee, day in [(org.a, AS_OF), (org.a, date(2026, 3, 15)), (org.a, date(2026, 3, 2)), (org.a, date(2026, 3, 1)),
                          (org.b, date(2026, 4, 1)), (org.c, date(2026, 3, 10)), (org.d, date(2026, 3, 20)),
                          (org.d, date(2026, 3, 21))]:
        Activity.unscoped.create(tenant=t, employee=employee, occurred_on=day, channel="linkedin", kind="post")


def test_active_employees(org, empty):
    _activities(org)
    # window 2026-03-02 .. 2026-03-31: a (3) and c (1) active; b only after the date; d has left
    assert org.value("active_employees") == Decimal("66.67")  # 2 of 3
    assert org.value("active_employees", "site", site=org.rennes) == Decimal("50.00")
    assert org.value("active_employees", "site", site=org.brest) == Decimal("100.00")
    assert org.value("active_employees", "employee", employee=org.b) == Decimal("0.00")
    assert org.value("active_employees", "department", department=org.empty_department) is None
    assert org.value("active_employees", as_of=date(2026, 4, 1)) == Decimal("100.00")  # b's too; a's 03-02 still in
    assert empty.value("active_employees") == Decimal("0.00")  # employees, no activity: a real 0 %


def test_activity_per_active_employee(org, empty):
    _activities(org)
    assert org.value("activity_per_active_employee") == Decimal("2.00")  # (3 + 1) / 2
    assert org.value("activity_per_active_employee", "site", site=org.rennes) == Decimal("3.00")
    assert org.value("activity_per_active_employee", "department", department=org.vn) == Decimal("2.00")
    assert org.value("activity_per_active_employee", "employee", employee=org.b) is None  # nobody active: no ratio
    assert empty.value("activity_per_active_employee") is None


# --- Contacts -----------------------------------------------------------------------------------------


def test_relationships_shared(org, empty):
    t = org.tenant
    for i, visibility in enumerate(["private", "discoverable", "shared"]):
        relationship_make(tenant=t, owner=org.a, last_name=f"A{i}", email=f"a{i}@x.example", visibility=visibility)
    ended = relationship_make(tenant=t, owner=org.a, last_name="Ended", email="e@x.example", visibility="shared")
    Relationship.unscoped.filter(pk=ended.pk).update(status=RelationshipStatus.ENDED)
    relationship_make(tenant=t, owner=org.c, last_name="C", email="c@x.example", visibility="private")
    relationship_make(tenant=t, owner=org.d, last_name="D", email="d@x.example", visibility="shared")  # has left
    Relationship.unscoped.filter(tenant=t).update(created_at=at(date(2026, 1, 5)))
    assert org.value("relationships_shared") == Decimal("50.00")  # 2 of a's 3 + c's 1
    assert org.value("relationships_shared", "site", site=org.rennes) == Decimal("66.67")
    assert org.value("relationships_shared", "site", site=org.brest) == Decimal("0.00")
    assert org.value("relationships_shared", "employee", employee=org.b) is None
    assert org.value("relationships_shared", as_of=date(2020, 1, 1)) is None  # none logged by then
    assert empty.value("relationships_shared") is None


def _intro(org, owner, created: date, status="pending", answered: date | None = None, expires: bool = False):
    rel = Relationship.unscoped.filter(tenant=org.tenant, owner=owner).first() or relationship_make(
        tenant=org.tenant, owner=owner, last_name=f"Owner{owner.pk}", email=f"o{owner.pk}@x.example", visibility="discoverable")
    intro = IntroRequest.unscoped.create(tenant=org.tenant, relationship=rel, requester=org.b, owner=owner, purpose="p",
                                         status=status, answered_at=at(answered) if answered else None,
                                         expires_at=at(created) + timedelta(days=7) if expires else None)
    IntroRequest.unscoped.filter(pk=intro.pk).update(created_at=at(created))


def test_intro_requests_answered_in_time(org, empty):
    _intro(org, org.a, date(2026, 3, 1), "accepted", date(2026, 3, 3), expires=True)  # in time
    _intro(org, org.a, date(2026, 3, 1), "declined", date(2026, 3, 10))  # 9 days: late
    _intro(org, org.a, date(2026, 3, 28))  # pending, due 04-04: not judged yet
    _intro(org, org.a, date(2026, 3, 10), "expired")  # never answered: judged, late
    _intro(org, org.a, date(2025, 12, 1), "accepted", date(2025, 12, 2))  # before the 90 days
    _intro(org, org.c, date(2026, 3, 5), "accepted", date(2026, 3, 6))  # in time
    assert org.value("intro_requests_answered") == Decimal("50.00")  # 2 of 4 judged
    assert org.value("intro_requests_answered", "site", site=org.brest) == Decimal("100.00")
    assert org.value("intro_requests_answered", "employee", employee=org.a) == Decimal("33.33")
    assert org.value("intro_requests_answered", "employee", employee=org.b) is None
    # On 04-05 the pending one is past its deadline: judged, late
    assert org.value("intro_requests_answered", as_of=date(2026, 4, 5)) == Decimal("40.00")
    assert empty.value("intro_requests_answered") is None


def test_intro_sla_is_the_groups(org):
    org.tenant.intro_sla_days = 10
    org.tenant.save()
    _intro(org, org.a, date(2026, 3, 1), "declined", date(2026, 3, 10))  # 9 days: in time with 10 days
    assert org.value("intro_requests_answered") == Decimal("100.00")


def _referral(org, referrer, status, closed: date | None = None, deal=None, submitted=date(2026, 1, 5)):
    Referral.unscoped.create(tenant=org.tenant, referrer=referrer, to_site=org.rennes, need="Flotte", status=status,
                             submitted_at=at(submitted), closed_at=at(closed) if closed else None, deal_value=deal)


def test_referrals_won_and_their_deals(org, empty):
    _referral(org, org.a, "won", date(2026, 3, 20), Decimal("10000"))
    _referral(org, org.a, "won", date(2025, 11, 15), Decimal("5000"), submitted=date(2025, 10, 1))  # before the 90 days
    _referral(org, org.a, "lost", date(2026, 3, 1))
    _referral(org, org.c, "submitted")
    assert org.value("referrals_won") == Decimal("1.00")
    assert org.value("referral_deal_value") == Decimal("10000.00")
    assert org.value("referrals_won", "site", site=org.brest) == Decimal("0.00")  # c referred: a real 0
    assert org.value("referral_deal_value", "site", site=org.brest) == Decimal("0.00")
    assert org.value("referrals_won", "employee", employee=org.b) is None  # never referred anyone
    assert org.value("referrals_won", as_of=date(2025, 12, 31)) == Decimal("1.00")  # the November one
    assert empty.value("referrals_won") is None and empty.value("referral_deal_value") is None


# --- Networks, pulse, score ---------------------------------------------------------------------------


def test_network_coverage(org, empty):
    t = org.tenant

    def network(name, *, members, target_site, lead, active=True):
        n = Network.unscoped.create(tenant=t, name=name, kind="business_club", is_active=active)
        for employee in members:
            NetworkMembership.unscoped.create(tenant=t, network=n, employee=employee)
        NetworkTarget.unscoped.create(tenant=t, network=n, site=target_site, lead=lead)

    assert org.value("network_coverage") is None  # no target network: no value
    network("Club group", members=[org.a], target_site=None, lead=org.a)  # covered
    network("Club Rennes", members=[org.c], target_site=org.rennes, lead=org.b)  # nobody of Rennes is a member
    network("Club Brest", members=[org.c], target_site=org.brest, lead=org.c)  # covered
    network("CCI Brest", members=[org.c], target_site=org.brest, lead=org.d)  # the lead has left
    network("Old club", members=[org.c], target_site=org.brest, lead=org.c, active=False)  # inactive: left out
    assert org.value("network_coverage") == Decimal("50.00")  # 2 of 4
    assert org.value("network_coverage", "site", site=org.rennes) == Decimal("0.00")
    assert org.value("network_coverage", "site", site=org.brest) == Decimal("50.00")
    assert empty.value("network_coverage") is None


def _pulse(org, closes_on, answers, status="closed"):
    pulse = Pulse.unscoped.create(tenant=org.tenant, title=f"Pulse {closes_on}", opens_on=closes_on - timedelta(days=14),
                                  closes_on=closes_on, status=status)
    for pride, products, employer, offered in answers:
        PulseAnswer.unscoped.create(tenant=org.tenant, pulse=pulse, pride=pride, recommend_products=products,
                                    recommend_employer=employer, offered_own_circle=offered)
    return pulse


LAST_PULSE = [(5, 10, 9, "yes"), (4, 9, 8, "yes"), (4, 8, 6, "uh_no"), (3, 6, 10, "never"), (2, 3, 7, "yes"), (5, 10, 0, "uh_no")]


def test_pulse_scores_of_the_last_closed_pulse(org, empty):
    _pulse(org, date(2026, 1, 31), [(1, 0, 0, "never")] * 5)
    _pulse(org, date(2026, 3, 15), LAST_PULSE)
    _pulse(org, date(2026, 3, 30), [(1, 0, 0, "never")] * 5, status="open")  # still open: ignored
    _pulse(org, date(2026, 4, 10), [(1, 0, 0, "never")] * 5)  # closes after the date
    assert org.value("pulse_pride") == Decimal("3.83")  # 23 / 6
    assert org.value("pulse_offered_own_circle") == Decimal("50.00")  # 3 of 6
    assert org.value("pulse_recommend_products") == Decimal("16.67")  # (3 promoters - 2 detractors) / 6
    assert org.value("pulse_recommend_employer") == Decimal("0.00")  # (2 - 2) / 6
    assert org.value("pulse_pride", as_of=date(2026, 2, 1)) == Decimal("1.00")  # the January pulse
    assert empty.value("pulse_pride") is None


def test_pulse_scores_need_the_groups_minimum_of_respondents(org):
    _pulse(org, date(2026, 3, 15), LAST_PULSE)
    NetworkingSettings.unscoped.create(tenant=org.tenant, pulse_min_respondents=7)
    for key in ("pulse_pride", "pulse_offered_own_circle", "pulse_recommend_products", "pulse_recommend_employer"):
        assert org.value(key) is None, key


def test_pulse_with_fewer_than_five_answers_is_none(org):
    _pulse(org, date(2026, 3, 15), LAST_PULSE[:4])
    assert org.value("pulse_pride") is None


def test_networking_score_latest_per_employee(org, empty):
    t = org.tenant

    def score(employee, day, total):
        NetworkingScore.unscoped.create(tenant=t, employee=employee, computed_on=day, total=total, brand=0, reach=0, engage=0,
                                        relate=0)

    score(org.a, date(2026, 3, 1), 40)
    score(org.a, date(2026, 3, 20), 60)
    score(org.a, date(2026, 4, 5), 90)  # after the date
    score(org.b, date(2026, 2, 1), 30)
    score(org.d, date(2026, 3, 20), 80)  # has left
    assert org.value("networking_score") == Decimal("45.00")  # (60 + 30) / 2
    assert org.value("networking_score", "department", department=org.vn) == Decimal("60.00")
    assert org.value("networking_score", as_of=date(2026, 2, 15)) == Decimal("30.00")
    assert org.value("networking_score", "employee", employee=org.c) is None
    assert empty.value("networking_score") is None


# --- Budget and hook ----------------------------------------------------------------------------------


NOT_MEASURED = ("maturity_leadership_governance", "maturity_strategy_objectives")  # the answers alone: none here


def _is_maturity(metric) -> bool:
    return metric.key.startswith("maturity_")


@pytest.mark.parametrize(("metric", "scope_kind"),
                         [(m, s) for m in catalogue.METRICS if m.computed and not _is_maturity(m) for s in m.scopes],
                         ids=lambda value: getattr(value, "key", value))
def test_each_metric_is_at_most_two_queries(org, metric, scope_kind, django_assert_max_num_queries):
    """Computing live (the snapshot reader, one more query, is measured in test_reader.py). The maturity metrics blend
    several indicators and the answers: their budget is a constant number of queries (the test below)."""
    _activities(org)
    _pulse(org, date(2026, 3, 15), LAST_PULSE)
    catalogue.value_source_set(None)  # the conftest puts the reader back after the test
    with django_assert_max_num_queries(2):
        catalogue.metric_value(metric, tenant=org.tenant, scope_kind=scope_kind, site=org.rennes, department=org.vn,
                               employee=org.a, as_of=AS_OF)


def _more_of_everything(org, n: int, start: int = 0) -> None:
    """n more dealerships and departments, each with two active employees, their posts, profiles, relationships, a
    target network, an answered introduction request and a won referral."""
    t = org.tenant
    for i in range(start, start + n):
        site, department = SiteFactory(tenant=t, name=f"Site {i}"), DepartmentFactory(tenant=t, name=f"Dept {i}")
        employees = [EmployeeFactory(tenant=t, site=site, department=department) for _ in range(2)]
        network = Network.unscoped.create(tenant=t, name=f"Club {i}", kind="business_club")
        NetworkTarget.unscoped.create(tenant=t, network=network, site=site, lead=employees[0])
        for j, employee in enumerate(employees):
            Activity.unscoped.create(tenant=t, employee=employee, occurred_on=AS_OF - timedelta(days=j), channel="linkedin",
                                     kind="post")
            SocialProfile.unscoped.create(tenant=t, employee=employee, platform="linkedin", url=f"https://x.example/m{i}{j}",
                                          completeness=50 + j)
            NetworkMembership.unscoped.create(tenant=t, network=network, employee=employee)
            relationship_make(tenant=t, owner=employee, last_name=f"M{i}{j}", email=f"m{i}{j}@x.example",
                              visibility="shared")
            _referral(org, employee, "won", date(2026, 3, 20), Decimal("100"), submitted=date(2026, 3, 1))
        _intro(org, employees[0], date(2026, 3, 1), "accepted", date(2026, 3, 2))


@pytest.mark.parametrize(("metric", "scope_kind"),
                         [(m, s) for m in catalogue.METRICS if _is_maturity(m) for s in m.scopes],
                         ids=lambda value: getattr(value, "key", value))
def test_each_maturity_metric_is_a_constant_number_of_queries(org, metric, scope_kind):
    """Live, a maturity metric reads the answers (and, below the group, the level's answers and entities) and the grouped
    queries of its dimensions' indicators: as many queries for a group three times larger. At most 12 (the index of the
    group: the answers, 7 indicators at one query, the pulse's two at two). tests/dashboards/codir/test_metrics.py
    checks the same for the snapshot's grouped computation and test_queries.py for the whole snapshot."""
    _activities(org)
    _pulse(org, date(2026, 3, 15), LAST_PULSE)
    catalogue.value_source_set(None)  # the conftest puts the reader back after the test
    counts, values = [], []
    for start, extra in ((0, 1), (1, 5)):  # data for every indicator in both: 1 more dealership, then 5 (15 active
        _more_of_everything(org, extra, start)  # employees against 5)
        with CaptureQueriesContext(connection) as ctx:
            values.append(catalogue.metric_value(metric, tenant=org.tenant, scope_kind=scope_kind, site=org.rennes,
                                                 department=org.vn, as_of=AS_OF))
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], (metric.key, scope_kind, counts)
    assert counts[0] <= 12, counts
    assert values[1] is not None or scope_kind != "group" or metric.key in NOT_MEASURED, (metric.key, values)


def test_value_source_hook_reads_snapshots_first(org):
    _activities(org)
    seen = []

    def reader(metric, **kwargs):
        seen.append((metric.key, kwargs["scope_kind"], kwargs["as_of"]))
        if metric.key == "active_employees":
            return Decimal("12.34")
        if metric.key == "maturity_index":
            return Decimal("56.00")
        return catalogue.MISSING

    installed = catalogue.value_source_get()
    catalogue.value_source_set(reader)
    try:
        assert org.value("active_employees") == Decimal("12.34")
        assert org.value("maturity_index") == Decimal("56.00")  # the snapshot's value, not the live one
        assert org.value("activity_per_active_employee") == Decimal("2.00")  # MISSING: computed live
    finally:
        catalogue.value_source_set(installed)
    assert ("active_employees", "group", AS_OF) in seen
    assert org.value("active_employees") == Decimal("66.67")  # no snapshot: computed live


def test_tenants_never_mix(org):
    other = TenantFactory(slug="third")
    Activity.unscoped.create(tenant=other, employee=EmployeeFactory(tenant=other), occurred_on=AS_OF, channel="linkedin",
                             kind="post")
    _activities(org)
    assert org.value("activity_per_active_employee") == Decimal("2.00")
