"""The SMART checks, letter by letter, on hand-computed cases (a pure function: no database)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from bns.programme.objectives.smart import (
    SmartInput,
    check_achievable,
    check_measurable,
    check_relevant,
    check_specific,
    check_time_bound,
    smart_check,
)

TODAY = date(2026, 1, 1)
DEADLINE = date(2026, 6, 30)  # 180 days after TODAY: 180 / 30.44 = 5.9133 months


def make(**kwargs) -> SmartInput:
    values = {
        "statement": "Raise the LinkedIn profile completeness of the sales reps", "kpi_name": "Profile completeness",
        "kpi_in_catalogue": True, "baseline": D("40"), "target": D("60"), "deadline": DEADLINE, "owner_name": "Paul Pilote",
        "iteration_start": date(2025, 12, 1), "iteration_end": date(2026, 6, 30), "today": TODAY,
    }
    values.update(kwargs)
    return SmartInput(**values)


def test_a_complete_objective_passes_all_five_letters():
    checks = smart_check(make(points=[(date(2025, 11, 1), D("40")), (date(2025, 12, 1), D("43"))]))
    assert [c.letter for c in checks] == ["S", "M", "A", "R", "T"]
    assert all(c.ok for c in checks), [c.reason for c in checks]
    assert [c.name for c in checks] == ["Specific", "Measurable", "Achievable", "Relevant", "Time-bound"]


# --- S ------------------------------------------------------------------------------------------------


def test_specific_needs_a_few_words():
    check = check_specific(make(statement="More  profiles"))
    assert not check.ok and "2 word(s)" in check.reason and "at least 4 words" in check.reason
    assert check_specific(make(statement="Raise profile completeness everywhere")).ok  # exactly 4 words


def test_specific_needs_the_chosen_dealership_or_department():
    assert check_specific(make(scope_kind="site")).reason == "The scope is a dealership, but none is chosen."
    assert not check_specific(make(scope_kind="department")).ok
    check = check_specific(make(scope_kind="site", site_id=3, site_name="Rennes"))
    assert check.ok and check.reason == "Says what changes, for the dealership Rennes."
    assert check_specific(make()).reason == "Says what changes, for the whole group."


# --- M ------------------------------------------------------------------------------------------------


def test_measurable_needs_a_kpi_and_a_target():
    assert check_measurable(make(kpi_name=None, target=None)).reason == "No KPI and no target: not measurable."
    assert check_measurable(make(kpi_name=None)).reason == "No KPI: nothing measures it."
    check = check_measurable(make(target=None))
    assert not check.ok and check.reason.startswith("No target")
    check = check_measurable(make())
    assert check.ok and check.reason == "Measured by “Profile completeness”, target 60."


# --- A ------------------------------------------------------------------------------------------------

# Two values a month apart (30 days): +3 -> 3 / 30 * 30.44 = 3.044 per month.
RISING = [(date(2025, 11, 1), D("40")), (date(2025, 12, 1), D("43"))]


def test_achievable_needs_baseline_and_target():
    for kwargs in ({"baseline": None}, {"target": None}):
        check = check_achievable(make(**kwargs))
        assert not check.ok and "cannot be judged" in check.reason


def test_achievable_at_the_recent_pace():
    # From the latest value 43 to 60: 17 / 5.9133 months = 2.87 per month; the trend gives 3.04: within 2 x 3.04
    check = check_achievable(make(points=RISING))
    assert check.ok
    assert check.reason == "Achievable at the recent pace: it needs 2.87 per month until 06/30/2026; the KPI improves by 3.04 per month."


def test_perhaps_not_achievable_far_beyond_the_trend():
    # 43 -> 100: 57 / 5.9133 = 9.64 per month, more than 2 x 3.04 = 6.09
    check = check_achievable(make(target=D("100"), points=RISING))
    assert not check.ok
    assert check.reason == ("Perhaps not achievable: it needs an improvement of 9.64 per month until 06/30/2026, more than 2 "
                            "times the recent trend (3.04 per month over the last 2 values).")


def test_perhaps_not_achievable_when_the_kpi_does_not_improve():
    falling = [(date(2025, 11, 1), D("43")), (date(2025, 12, 1), D("40"))]  # -3.04 per month
    check = check_achievable(make(points=falling))
    assert not check.ok
    assert "needs an improvement of 3.38 per month" in check.reason  # (60 - 40) / 5.9133
    assert "has not improved over its last 2 values (trend -3.04 per month)" in check.reason


def test_achievable_lower_is_better_uses_the_falling_trend():
    # Complaints: 40 -> 37 in 30 days (an improvement of 3.04 per month); 37 -> 30: 7 / 5.9133 = 1.18 per month
    falling = [(date(2025, 11, 1), D("40")), (date(2025, 12, 1), D("37"))]
    check = check_achievable(make(direction="down", baseline=D("40"), target=D("30"), points=falling))
    assert check.ok and "needs 1.18 per month" in check.reason and "improves by 3.04 per month" in check.reason


def test_trend_is_the_least_squares_slope_of_the_last_six_values():
    # 7 monthly values: the oldest (a spike at 99) is left out; the last six rise by exactly 3 per 30 days.
    start = date(2025, 6, 3)
    points = [(date(2025, 5, 4), D("99"))] + [(start + timedelta(days=30 * i), D(28 + 3 * i)) for i in range(6)]  # 28 .. 43, last on 2025-10-31
    check = check_achievable(make(points=points))
    assert "the KPI improves by 3.04 per month" in check.reason


def test_without_trend_more_than_doubling_is_flagged():
    check = check_achievable(make(baseline=D("40"), target=D("81")))
    assert not check.ok
    assert check.reason == "Perhaps not achievable: with no trend yet, the target more than doubles the baseline (40 → 81)."
    assert check_achievable(make(baseline=D("40"), target=D("80"))).ok  # exactly twice: within reach


def test_without_trend_more_than_halving_is_flagged_when_lower_is_better():
    check = check_achievable(make(direction="down", baseline=D("40"), target=D("19.5")))
    assert not check.ok and "more than halves the baseline (40 → 19.50)" in check.reason
    assert check_achievable(make(direction="down", baseline=D("40"), target=D("20"))).ok


def test_a_single_value_is_no_trend_yet():
    check = check_achievable(make(baseline=D("40"), target=D("90"), points=[(date(2025, 12, 1), D("40"))]))
    assert not check.ok and "more than doubles" in check.reason


def test_a_passed_deadline_falls_back_on_the_ratio_rule():
    check = check_achievable(make(deadline=date(2025, 12, 15), points=RISING))
    assert check.ok and "with no trend yet" in check.reason


def test_baseline_zero_or_negative_cannot_use_the_ratio():
    check = check_achievable(make(baseline=D("0"), target=D("10")))
    assert check.ok and "a baseline of 0" in check.reason
    assert check_achievable(make(baseline=D("-20"), target=D("10"))).ok  # an NPS from -20 to +10


def test_no_improvement_asked_or_already_reached():
    check = check_achievable(make(baseline=D("60"), target=D("50")))
    assert check.ok and check.reason == "The target (50) asks for no improvement on the baseline (60)."
    check = check_achievable(make(points=[(date(2025, 12, 1), D("61"))]))
    assert check.ok and check.reason == "Already reached: the latest value is 61 for a target of 60."


# --- R ------------------------------------------------------------------------------------------------


def test_relevant_needs_an_owner_still_with_the_group():
    assert check_relevant(make(owner_name=None)).reason == "No owner: nobody answers for it."
    check = check_relevant(make(owner_active=False))
    assert not check.ok and check.reason == "The owner, Paul Pilote, has left the group."


def test_relevant_needs_an_owner_in_the_scope_or_the_process_owner():
    site = {"scope_kind": "site", "site_id": 1, "site_name": "Rennes"}
    check = check_relevant(make(**site, owner_site_id=2))
    assert not check.ok
    assert check.reason == "The owner, Paul Pilote, works outside the dealership Rennes: choose someone of the scope."
    assert check_relevant(make(**site, owner_site_id=1)).ok
    assert check_relevant(make(**site, owner_site_id=2, owner_is_process_owner=True)).ok
    department = {"scope_kind": "department", "department_id": 5, "department_name": "VN"}
    assert not check_relevant(make(**department, owner_department_id=6)).ok
    assert check_relevant(make(**department, owner_department_id=5)).ok


def test_relevant_needs_a_link_to_the_programme():
    check = check_relevant(make())
    assert check.ok and check.reason == "Relevant: its KPI is a metric of the catalogue, and Paul Pilote owns it."
    check = check_relevant(make(kpi_in_catalogue=False, retained_strategy="Réseau d'abord"))
    assert check.ok and "it serves the retained strategy “Réseau d'abord”" in check.reason
    check = check_relevant(make(kpi_in_catalogue=False))
    assert not check.ok and check.reason.startswith("Not linked to the programme")
    assert check_relevant(make(kpi_name=None, kpi_in_catalogue=False, retained_strategy="X")).ok


# --- T ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("deadline", "ok", "reason"), [
    (None, False, "No deadline: not time-bound."),
    (date(2025, 12, 31), False, "The deadline (12/31/2025) has passed."),
    (date(2026, 7, 1), False, "The deadline (07/01/2026) is after the end of the iteration (06/30/2026): bring it within the "
                              "iteration."),
    (date(2026, 6, 30), True, "Deadline 06/30/2026, within the iteration."),
    (TODAY, True, "Deadline 01/01/2026, within the iteration."),
])
def test_time_bound(deadline, ok, reason):
    check = check_time_bound(make(deadline=deadline))
    assert (check.ok, check.reason) == (ok, reason)


def test_time_bound_before_the_iteration_starts():
    check = check_time_bound(make(deadline=date(2026, 2, 1), iteration_start=date(2026, 3, 1), today=date(2026, 1, 15)))
    assert not check.ok and "before the iteration starts (03/01/2026)" in check.reason
