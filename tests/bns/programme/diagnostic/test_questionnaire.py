"""The questionnaire registry and the arithmetic: levels, index, measured thresholds."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bns.programme.diagnostic import measures
from bns.programme.diagnostic.questionnaire import (
    DIMENSION_KEYS,
    DIMENSIONS,
    QUESTIONS,
    dimension_level,
    level_label,
    maturity_index,
    question_get,
)


def test_eight_dimensions_three_questions_five_anchored_levels():
    assert DIMENSION_KEYS == ("leadership_governance", "strategy_objectives", "profiles", "activity", "real_networks",
                              "sharing_culture", "results", "conviction")
    assert str(DIMENSIONS[0].label) == "Leadership and governance"
    assert len(QUESTIONS) == 24
    for dimension in DIMENSIONS:
        assert [q.code for q in dimension.questions] == [f"{dimension.key}_{n}" for n in (1, 2, 3)]
        for q in dimension.questions:
            assert q.dimension == dimension.key and len(q.levels) == 5
            assert len({str(text) for text in q.levels}) == 5, q.code  # five distinct statements
    assert "Few employees have a professional profile" in str(QUESTIONS["profiles_1"].level_text(1))
    assert "naming the group" in str(QUESTIONS["profiles_1"].level_text(5))
    assert question_get("profiles_9") is None and question_get(None) is None


@pytest.mark.parametrize(("mean", "level", "index"), [
    (1, 1, 0), (Decimal("1.49"), 1, 12), (Decimal("1.5"), 2, 13), (2, 2, 25), (Decimal("2.5"), 3, 38),
    (3, 3, 50), (Decimal("3.67"), 4, 67), (Decimal("4.5"), 5, 88), (5, 5, 100), (None, None, None),
])
def test_level_and_index_of_a_mean(mean, level, index):
    assert dimension_level(mean) == level
    assert maturity_index(mean) == index


def test_level_labels():
    assert [str(level_label(n)) for n in range(1, 6)] == ["disorder", "initial", "structured", "managed", "optimised"]
    assert level_label(None) == ""


@pytest.mark.parametrize(("key", "value", "level"), [
    ("profile_completeness", Decimal("0"), 1), ("profile_completeness", Decimal("19.99"), 1),
    ("profile_completeness", Decimal("20"), 2), ("profile_completeness", Decimal("59.9"), 3),
    ("profile_completeness", Decimal("60"), 4), ("profile_completeness", Decimal("80"), 5),
    ("profile_completeness", Decimal("100"), 5), ("activity_per_active_employee", Decimal("1.5"), 1),
    ("activity_per_active_employee", Decimal("4"), 3), ("activity_per_active_employee", Decimal("12"), 5),
    ("referrals_won", Decimal("0"), 1), ("referrals_won", Decimal("1"), 2), ("referrals_won", Decimal("6"), 4),
    ("pulse_pride", Decimal("3.49"), 3), ("pulse_pride", Decimal("3.5"), 4), ("pulse_pride", Decimal("1"), 1),
    ("network_coverage", None, None),
])
def test_measured_levels_from_the_thresholds(key, value, level):
    assert measures.measured_level(key, value) == level


def test_every_measured_metric_is_in_the_catalogue():
    from dashboards.catalogue import metric_get

    for keys in measures.DIMENSION_METRICS.values():
        for key in keys:
            assert metric_get(key) is not None and metric_get(key).computed, key
    assert set(measures.DIMENSION_METRICS) <= set(DIMENSION_KEYS)
    assert "leadership_governance" not in measures.DIMENSION_METRICS


def test_a_dimension_measure_averages_the_indicators_with_data():
    m = measures.DimensionMeasure("activity", [
        measures.Indicator("active_employees", "", "", "%", Decimal("50"), 3, ()),
        measures.Indicator("activity_per_active_employee", "", "", "per_employee", Decimal("8"), 4, ()),
    ])
    assert m.level == 4  # (3 + 4) / 2 = 3.5, rounded half up
    m.indicators[1].level = None
    assert m.level == 3
    m.indicators[0].level = None
    assert m.level is None and m.measurable
    assert measures.DimensionMeasure("leadership_governance").measurable is False
