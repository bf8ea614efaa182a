"""The score's formula on hand-computed cases (networking.score.formula is pure: no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from networking.score import formula
from networking.score.formula import DEFAULT_WEIGHTS, score_compute, weights_effective, weights_validate

MIDDLING = {
    "brand.completeness": 45, "brand.positioning": 1,
    "reach.relationships": 30, "reach.target_accounts": 4, "reach.strength": 2.5,
    "engage.activities": 18, "engage.content_relayed": 3, "engage.events": 1,
    "relate.shared": 10, "relate.intros_given": 1, "relate.referrals_made": 2, "relate.referrals_won": 0,
}


def test_default_weights_make_four_pillars_of_25():
    for pillar in formula.PILLARS:
        assert sum(DEFAULT_WEIGHTS[s.key]["weight"] for s in formula.pillar_inputs(pillar)) == 25
    assert len(DEFAULT_WEIGHTS) == 12


def test_nothing_recorded_scores_zero_and_points_to_the_biggest_gaps():
    b = score_compute({})
    assert b.total == Decimal("0.0")
    assert b.pillars == {p: Decimal("0.0") for p in formula.PILLARS}
    # 20 missing points on completeness, then the 10-point inputs in the formula's order.
    assert [(s.key, s.more, s.gain) for s in b.next_steps] == [
        ("brand.completeness", 100, Decimal("20.0")),
        ("reach.relationships", 150, Decimal("10.0")),
        ("reach.target_accounts", 10, Decimal("10.0")),
    ]


def test_a_middling_employee_by_hand():
    b = score_compute(MIDDLING)
    # Brand: 20 × 45/100 = 9.0, + 5 (positioning) = 14.0
    # Reach: 10 × 30/150 = 2.0, 10 × 4/10 = 4.0, 5 × 2.5/4 = 3.125 -> 9.125 -> 9.1
    # Engage: 10 × 18/36 = 5.0, 8 × 3/12 = 2.0, 7 × 1/3 = 2.333 -> 9.3
    # Relate: 7 × 10/50 = 1.4, 6 × 1/3 = 2.0, 6 × 2/4 = 3.0, 0 -> 6.4
    assert b.pillars == {"brand": Decimal("14.0"), "reach": Decimal("9.1"), "engage": Decimal("9.3"), "relate": Decimal("6.4")}
    assert b.total == Decimal("38.8")
    points = {i.key: round(i.points, 3) for i in b.items}
    assert points["reach.strength"] == 3.125 and points["engage.events"] == 2.333
    # Missing: completeness 11, relationships 8, then three inputs at 6 (the first in the formula's order wins).
    assert [(s.key, s.more, s.gain) for s in b.next_steps] == [
        ("brand.completeness", 55, Decimal("11.0")),
        ("reach.relationships", 120, Decimal("8.0")),
        ("reach.target_accounts", 6, Decimal("6.0")),
    ]


def test_beyond_every_target_is_full_marks_and_nothing_to_raise():
    b = score_compute({
        "brand.completeness": 100, "brand.positioning": 1, "reach.relationships": 500, "reach.target_accounts": 50,
        "reach.strength": 5, "engage.activities": 100, "engage.content_relayed": 30, "engage.events": 10,
        "relate.shared": 80, "relate.intros_given": 5, "relate.referrals_made": 9, "relate.referrals_won": 3,
    })
    assert b.total == Decimal("100.0")
    assert all(v == Decimal("25.0") for v in b.pillars.values())
    assert b.next_steps == []


def test_the_groups_weights_and_targets_change_the_points():
    weights = weights_effective({
        "reach.relationships": {"weight": 15, "target": 100},
        "reach.target_accounts": {"weight": 5},
    })
    assert weights["reach.strength"] == {"weight": 5, "target": 4}
    b = score_compute(MIDDLING, weights)
    # Reach: 15 × 30/100 = 4.5, 5 × 4/10 = 2.0, 5 × 2.5/4 = 3.125 -> 9.625 -> 9.6
    assert b.pillars["reach"] == Decimal("9.6")
    assert b.pillars["brand"] == Decimal("14.0")  # other pillars untouched
    assert b.total == Decimal("39.3")


def test_stored_weights_that_do_not_add_up_fall_back_to_the_defaults_for_that_pillar():
    weights = weights_effective({"reach.relationships": {"weight": 20}, "engage.events": {"target": 6}, "junk": 3})
    assert weights["reach.relationships"] == DEFAULT_WEIGHTS["reach.relationships"]
    assert weights["engage.events"] == {"weight": 7, "target": 6}
    assert weights_effective("not a dict") == DEFAULT_WEIGHTS


@pytest.mark.parametrize(("changes", "error_key"), [
    ({"reach.relationships": {"weight": 12}}, "reach"),  # the pillar adds up to 27
    ({"nope": {"weight": 1}}, "score_weights"),
    ({"brand.positioning": {"target": 3}}, "brand.positioning"),  # a yes/no input's target is 1
    ({"reach.strength": {"target": 6}}, "reach.strength"),  # strengths go from 1 to 5
    ({"engage.events": {"weight": 30}}, "engage.events"),
    ({"engage.events": {"weight": True}}, "engage.events"),
    ({"engage.events": {"weight": "7"}}, "engage.events"),
    ({"engage.events": {"colour": "red"}}, "engage.events"),
    ({"engage.events": {"target": float("nan")}}, "engage.events"),
])
def test_weights_that_are_refused(changes, error_key):
    _weights, errors = weights_validate(changes)
    assert error_key in errors, errors


def test_weights_that_move_points_inside_a_pillar_are_accepted():
    weights, errors = weights_validate({"relate.shared": {"weight": 10}, "relate.referrals_won": {"weight": 3, "target": 2}})
    assert errors == {}
    assert weights["relate.shared"] == {"weight": 10, "target": 50}
    assert weights["relate.referrals_won"] == {"weight": 3, "target": 2}


def test_next_steps_read_as_concrete_actions():
    b = score_compute({**MIDDLING, "reach.relationships": 138})
    step = next(s for s in score_compute({"reach.relationships": 138}, next_steps=12).next_steps if s.key == "reach.relationships")
    assert formula.next_step_text(step.as_dict()) == "Log 12 more relationships"
    assert formula.gain_display(step.gain) == "+0.8 points"
    assert formula.next_step_text({"key": "reach.relationships", "more": 1}) == "Log 1 more relationship"
    assert "2.5" in formula.next_step_text({"key": "reach.strength", "value": 2.5, "target": 4, "more": 1.5})
    assert formula.next_step_text({"key": "unknown"}) == ""
    assert b.as_details()["inputs"]["reach.relationships"] == 138


def test_formula_rows_show_every_input_with_the_weights_used():
    rows = formula.formula_rows(weights_effective({"engage.events": {"target": 6}}))
    assert [r["pillar"] for r in rows] == list(formula.PILLARS)
    events = next(i for r in rows for i in r["inputs"] if i["key"] == "engage.events")
    assert events["target_display"] == "6" and events["weight"] == 7
