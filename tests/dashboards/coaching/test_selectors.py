"""The coaching dashboards' figures on the hand-computed team of conftest.py."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from bns.tenancy import tenant_scope
from dashboards.coaching import selectors
from dashboards.models import SnapshotRun
from networking.selectors import week_start

pytestmark = pytest.mark.django_db

D = Decimal


def _rows(team, **filters):
    with tenant_scope(team.tenant):
        _me, ids = selectors.team_of(membership=team.manager)
        fresh = selectors.freshness_get(tenant=team.tenant)
        rows = selectors.team_rows(tenant=team.tenant, employee_ids=ids, fresh=fresh)
    return selectors.team_filter(rows, **filters)


def _weeks(team, *days_ago) -> list[int]:
    """The expected 8-week sparkline for activities ``days_ago`` days before DAY."""
    first = week_start(team.day) - timedelta(weeks=selectors.WEEKS - 1)
    out = [0] * selectors.WEEKS
    for n in days_ago:
        index = (week_start(team.day - timedelta(days=n)) - first).days // 7
        if 0 <= index < selectors.WEEKS:
            out[index] += 1
    return out


def test_team_of_is_everyone_below_the_member(team):
    me, ids = selectors.team_of(membership=team.manager)
    assert me == team.manager.employee
    assert sorted(ids) == sorted([team.r1.employee.pk, team.r2.employee.pk, team.r3.employee.pk])
    _me, director_ids = selectors.team_of(membership=team.director)
    assert set(director_ids) == {team.manager.employee.pk, *ids}
    assert selectors.team_of(membership=team.executive)[1] == []
    assert selectors.team_of(membership=team.admin) == (None, [])


def test_team_rows_hold_the_hand_computed_figures(team):
    rows = {row.employee.pk: row for row in _rows(team)}
    r1, r2, r3 = rows[team.r1.employee.pk], rows[team.r2.employee.pk], rows[team.r3.employee.pk]

    # Score as of the snapshot's day: 61.5, not the 99 computed the day after.
    assert (r1.score, r1.score_on) == (D("61.5"), team.day - timedelta(days=1))
    assert r1.pillars == {"brand": D("20.0"), "reach": D("15.0"), "engage": D("16.5"), "relate": D("10.0")}
    assert r2.score == D("30.0") and r2.pillars["reach"] == D("5.0")
    assert r3.score is None and r3.pillars == dict.fromkeys(selectors.PILLARS)

    assert (r1.completeness, r2.completeness, r3.completeness) == (D("80.00"), D("25.00"), None)
    assert (r1.profile_gaps, r2.profile_gaps, r3.profile_gaps) == (2, 4, 1)

    assert r1.trend == _weeks(team, 0, 0, 0, 7) and sum(r1.trend) == 4
    assert r2.trend == _weeks(team, 20, 70) and sum(r2.trend) == 1  # ten weeks ago is outside the sparkline
    assert r3.trend == [0] * 8
    assert (r1.activity_30, r2.activity_30, r3.activity_30) == (D("4.00"), D("1.00"), None)
    assert (r1.active, r2.active, r3.active) == (D("100.00"), D("100.00"), D("0.00"))

    assert (r1.relationships, r2.relationships, r3.relationships) == (3, 1, 0)  # the ended one is not counted
    assert (r1.shared_percent, r2.shared_percent, r3.shared_percent) == (D("66.67"), D("0.00"), None)

    assert (r1.referrals_submitted, r2.referrals_submitted, r3.referrals_submitted) == (2, 1, 1)
    assert (r1.referrals_won, r2.referrals_won, r3.referrals_won) == (D("1.00"), D("0.00"), D("0.00"))
    assert (r1.deal_value, r2.deal_value, r3.deal_value) == (D("10000.00"), D("0.00"), D("0.00"))

    assert (r1.follow_ups_due, r1.follow_ups_overdue, r1.next_follow_up) == (2, 1, team.day - timedelta(days=2))
    assert (r2.follow_ups_due, r2.follow_ups_overdue, r2.next_follow_up) == (0, 0, None)
    assert (r3.follow_ups_due, r3.follow_ups_overdue, r3.next_follow_up) == (1, 0, team.day + timedelta(days=7))


def test_team_averages(team):
    a = selectors.team_averages(_rows(team))
    assert a.n == 3
    assert a.score == D("45.75")
    assert a.pillars == {"brand": D("15.00"), "reach": D("10.00"), "engage": D("13.25"), "relate": D("7.50")}
    assert (a.completeness, a.profile_gaps) == (D("52.50"), D("2.33"))
    assert a.activity_30 == D("2.50")
    assert (a.relationships, a.shared_percent) == (D("1.33"), D("33.34"))
    assert (a.referrals_submitted, a.referrals_won, a.deal_value) == (D("1.33"), D("0.33"), D("3333.33"))
    assert a.follow_ups_due == D("1.00")
    assert sum(a.trend) == pytest.approx(D("1.7"), abs=D("0.11"))  # 5 activities over 3 people, week by week
    assert selectors.team_averages([]) is None


def test_sort_and_site_filter(team):
    names = lambda rows: [r.employee.last_name for r in rows]  # noqa: E731
    assert names(_rows(team)) == ["Alpha", "Bravo", "Charlie"]  # score, highest first; no score last
    assert names(_rows(team, sort="score")) == ["Bravo", "Alpha", "Charlie"]
    assert names(_rows(team, sort="name")) == ["Alpha", "Bravo", "Charlie"]
    assert names(_rows(team, sort="completeness")) == ["Bravo", "Alpha", "Charlie"]
    assert names(_rows(team, sort="-follow_ups")) == ["Alpha", "Charlie", "Bravo"]
    assert names(_rows(team, sort="nonsense")) == ["Alpha", "Bravo", "Charlie"]
    assert names(_rows(team, site_id=team.brest.pk)) == ["Charlie"]
    assert selectors.team_sites(_rows(team)) == [(team.brest.pk, "Brest"), (team.rennes.pk, "Rennes")]


def test_without_a_snapshot_the_snapshot_figures_are_empty(team):
    SnapshotRun.unscoped.filter(tenant=team.tenant).delete()
    rows = {row.employee.pk: row for row in _rows(team)}
    r1 = rows[team.r1.employee.pk]
    assert r1.completeness is None and r1.shared_percent is None and r1.referrals_won is None
    assert r1.score == D("61.5") and r1.relationships == 3 and r1.profile_gaps == 2 and r1.follow_ups_due == 2


def _person(team, membership, *, notes_visible):
    with tenant_scope(team.tenant):
        fresh = selectors.freshness_get(tenant=team.tenant)
        return selectors.person_page(tenant=team.tenant, employee=membership.employee, fresh=fresh, notes_visible=notes_visible)


def test_person_page(team):
    p = _person(team, team.r1, notes_visible=True)
    assert p.current.score == team.r1_score
    assert [pillar["value"] for pillar in p.current.pillars] == [D("20.0"), D("15.0"), D("16.5"), D("10.0")]
    # The three inputs that would raise it most, from the score's own computation (networking.score.formula).
    assert [s["key"] for s in p.current.next_steps] == ["reach.target_accounts", "reach.relationships", "engage.activities"]
    assert p.current.next_steps[0]["gain_display"] == "+10.0 points"
    assert [s.computed_on for s in p.history] == [team.day - timedelta(days=1), team.day - timedelta(days=30)]
    assert p.trend == [(team.day, D("61.50"))]
    assert p.snapshot["networking_score"] == D("61.50") and p.snapshot["referral_deal_value"] == D("10000.00")
    assert p.profile_completeness_today == 80 and [s.code for s in p.profile_steps] == ["recommendations", "skills"]
    assert p.activity_weeks == _weeks(team, 0, 0, 0, 7)
    assert p.contacts["total"] == 3
    assert [s["n"] for s in p.contacts["by_strength"]] == [0, 1, 1, 0, 1]
    assert (p.contacts["private"], p.contacts["discoverable"], p.contacts["shared"]) == (1, 1, 1)
    assert p.contacts["opened_percent"] == D("66.67")
    assert p.referrals == {"submitted": 1, "accepted": 0, "qualified": 0, "won": 2, "lost": 0}
    assert [n.follow_up_on for n in p.follow_ups] == [team.day - timedelta(days=2), team.day + timedelta(days=3)]
    assert _person(team, team.r1, notes_visible=False).follow_ups is None


def test_person_page_without_data(team):
    p = _person(team, team.r3, notes_visible=True)
    assert p.current is None and p.history == [] and p.trend == [(team.day, None)]  # a snapshot row saying "no value"
    assert p.snapshot["networking_score"] is None and p.snapshot["profile_completeness"] is None
    assert p.contacts["total"] == 0 and p.contacts["opened_percent"] is None
    assert p.profile_completeness_today == 0 and [s.code for s in p.profile_steps] == ["create"]


def test_waiting_and_rewards(team):
    w = selectors.waiting_for(tenant=team.tenant, membership=team.r1)
    assert w.intro_requests_pending == 1 and w.intro_requests[0].requester == team.r2.employee
    assert w.referrals_to_accept == 1
    nothing = selectors.waiting_for(tenant=team.tenant, membership=team.r3)
    assert (nothing.intro_requests_pending, nothing.intro_requests, nothing.referrals_to_accept) == (0, [], 0)
    assert selectors.rewards_of(tenant=team.tenant, employee_id=team.r1.employee.pk) == {
        "pending": D("0.00"), "approved": D("250.00"), "paid": D("100.00"), "rejected": D("0.00")}


def test_spark_bars_are_strings_scaled_to_the_top_week():
    bars = selectors.spark_bars([0, 1, 4])
    assert [b["h"] for b in bars] == ["0", "6", "24"] and bars[2]["x"] == "12" and bars[2]["y"] == "0"
    assert [b["h"] for b in selectors.spark_bars([0, 0])] == ["0", "0"]
