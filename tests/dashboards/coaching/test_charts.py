"""The rep page's trend chart: plotly data built server side, Okabe-Ito colours, labels in the reader's language."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import translation

from dashboards.coaching.charts import OKABE_ITO, score_trend_figure
from networking.models import NetworkingScore


def _score(day, total, brand, reach, engage, relate):
    return NetworkingScore(computed_on=day, total=Decimal(total), brand=Decimal(brand), reach=Decimal(reach),
                           engage=Decimal(engage), relate=Decimal(relate))


def test_pillars_stacked_and_the_snapshots_line():
    history = [_score(date(2026, 3, 20), "61.5", "20", "15", "16.5", "10"), _score(date(2026, 3, 1), "40", "10", "10", "10", "10")]
    trend = [(date(2026, 3, 10), Decimal("40.00")), (date(2026, 3, 21), None), (date(2026, 3, 25), Decimal("61.50"))]
    with translation.override("fr"):
        fig = score_trend_figure(history=history, trend=trend)
    bars = [t for t in fig["data"] if t["type"] == "bar"]
    assert [t["name"] for t in bars] == ["Image", "Ciblage", "Engagement", "Relations"]
    assert bars[0]["x"] == ["2026-03-01", "2026-03-20"] and bars[2]["y"] == [10.0, 16.5]  # oldest first
    assert [t["marker"]["color"] for t in bars] == OKABE_ITO[:4]
    line = next(t for t in fig["data"] if t["type"] == "scatter")
    assert line["x"] == ["2026-03-10", "2026-03-25"] and line["y"] == [40.0, 61.5]  # "no value" days left out
    assert fig["layout"]["barmode"] == "stack" and fig["layout"]["separators"].startswith(",")
    assert fig["layout"]["yaxis"]["range"] == [0, 100]


def test_nothing_to_draw():
    assert score_trend_figure(history=[], trend=[]) is None
    assert score_trend_figure(history=[], trend=[(date(2026, 3, 1), None)]) is None
