"""The KPI arithmetic: trend, progress and status (pure functions), and the chart built with plotly."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from bns.programme.objectives import charts, progress


def test_trend_per_month_is_the_least_squares_slope():
    # days 0, 10, 20 with values 10, 12, 17: mean x 10, mean y 13; cov = (-10)(-3) + 0 + 10 * 4 = 70; var = 200
    # slope 0.35 per day -> 0.35 * 30.44 = 10.654 per month
    points = [(date(2026, 1, 1), D("10")), (date(2026, 1, 11), D("12")), (date(2026, 1, 21), D("17"))]
    assert progress.trend_per_month(points) == D("10.654")
    assert progress.trend_per_month(points[:1]) is None
    assert progress.trend_per_month([]) is None


def test_progress_percent_between_baseline_and_target():
    assert progress.progress_percent(baseline=D("40"), target=D("60"), value=D("55")) == 75
    assert progress.progress_percent(baseline=D("40"), target=D("20"), value=D("35")) == 25  # lower is better
    assert progress.progress_percent(baseline=D("40"), target=D("60"), value=D("35")) == -25  # worse than the start
    assert progress.progress_percent(baseline=None, target=D("60"), value=D("55")) is None
    assert progress.progress_percent(baseline=D("60"), target=D("60"), value=D("55")) is None


TODAY = date(2026, 3, 1)
END = date(2026, 5, 30)  # 90 days: 90 / 30.44 = 2.9566 months


@pytest.mark.parametrize(("direction", "target", "points", "status"), [
    ("up", None, [(TODAY, D("1"))], "no_target"),
    ("up", D("60"), [], "no_value"),
    ("up", D("60"), [(TODAY, D("60"))], "reached"),
    ("down", D("10"), [(TODAY, D("9"))], "reached"),
    ("up", D("60"), [(TODAY, D("50"))], "too_early"),
    # +3 per 30 days = 3.044 per month; 50 + 3.044 x 2.9566 = 59.0 < 60: off track; a target of 58.9 is on track
    ("up", D("60"), [(date(2026, 1, 30), D("47")), (TODAY, D("50"))], "off_track"),
    ("up", D("58.9"), [(date(2026, 1, 30), D("47")), (TODAY, D("50"))], "on_track"),
    ("down", D("5"), [(date(2026, 1, 30), D("15")), (TODAY, D("10"))], "on_track"),
])
def test_kpi_status(direction, target, points, status):
    assert progress.kpi_status(direction=direction, target=target, points=points, end_on=END, today=TODAY) == status


def _kpi(target):
    return SimpleNamespace(name="Profile completeness", unit="%", target=target)


def test_chart_draws_the_values_and_the_target_line():
    values = [SimpleNamespace(measured_on=date(2026, 1, 1), value=D("40")), SimpleNamespace(measured_on=date(2026, 2, 1), value=D("45.5"))]
    data = charts.figure_data(charts.kpi_figure(kpi=_kpi(D("60")), values=values))
    json.dumps(data)  # plain JSON for json_script
    trace = data["data"][0]
    assert trace["type"] == "scatter" and trace["x"] == ["2026-01-01", "2026-02-01"] and trace["y"] == [40.0, 45.5]
    assert trace["line"]["color"] == charts.OKABE_ITO[0]
    (line,) = data["layout"]["shapes"]
    assert (line["type"], line["y0"], line["y1"], line["xref"]) == ("line", 60.0, 60.0, "x domain")
    assert line["line"]["dash"] == "dash" and line["line"]["color"] == charts.TARGET_COLOUR
    assert data["layout"]["annotations"][0]["text"] == "Target: 60"
    assert data["layout"]["colorway"] == charts.OKABE_ITO
    assert data["layout"]["yaxis"]["title"]["text"] == "Profile completeness (%)"


def test_chart_without_target_has_no_line():
    values = [SimpleNamespace(measured_on=date(2026, 1, 1), value=D("40"))]
    data = charts.figure_data(charts.kpi_figure(kpi=_kpi(None), values=values))
    assert not data["layout"].get("shapes")


def test_chart_speaks_french_numbers_in_french():
    from django.utils import translation

    with translation.override("fr"):
        data = charts.figure_data(charts.kpi_figure(kpi=_kpi(D("60.5")), values=[]))
    assert data["layout"]["separators"] == ",\u202f"
