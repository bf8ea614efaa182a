"""Charts of a rep's page: the networking score's trend, built server side with plotly's Python API and drawn by the
vendored static/vendor/plotly.min.js (static/js/app.js: ``data-plotly-figure``). Okabe-Ito palette (colour-blind
safe), labels through gettext; each chart has a table with the same figures beside it on the page.
"""

from __future__ import annotations

import json

import plotly.graph_objects as go
from django.utils import translation
from django.utils.translation import gettext as _

from networking.score import formula

# Okabe & Ito (2008), "Color Universal Design", as in bns/programme/objectives/charts.py.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
PILLAR_COLOURS = dict(zip(formula.PILLARS, OKABE_ITO[:4], strict=True))
TOTAL_COLOUR = OKABE_ITO[7]


def _separators() -> str:
    """Plotly's decimal and thousands separators for the active language (French: "1 234,5")."""
    return ",\u202f" if (translation.get_language() or "fr").startswith("fr") else ".,"


def _layout(*, height: int, y_title: str, y_max: float | None = None) -> go.Layout:
    yaxis = {"title": {"text": y_title}, "rangemode": "tozero"}
    if y_max is not None:
        yaxis["range"] = [0, y_max]
    return go.Layout(
        template="none", colorway=OKABE_ITO, separators=_separators(), height=height, barmode="stack",
        margin={"l": 55, "r": 20, "t": 20, "b": 50}, hovermode="x unified",
        font={"family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif", "size": 13},
        xaxis={"title": {"text": _("Date")}, "type": "date"}, yaxis=yaxis, legend={"orientation": "h", "y": -0.25},
    )


def score_trend_figure(*, history, trend) -> dict | None:
    """The score's four pillars per computation (stacked bars, oldest first) and the snapshots' daily score (a
    line). None when there is nothing to draw."""
    points = list(reversed(history))
    snapshots = [(day, value) for day, value in trend if value is not None]
    if not points and not snapshots:
        return None
    fig = go.Figure(layout=_layout(height=340, y_title=_("Networking score (0-100)"), y_max=100))
    for pillar in formula.PILLARS:
        fig.add_trace(go.Bar(
            x=[s.computed_on.isoformat() for s in points], y=[float(getattr(s, pillar)) for s in points],
            name=str(formula.PILLAR_LABELS[pillar]), marker={"color": PILLAR_COLOURS[pillar]},
        ))
    if snapshots:
        fig.add_trace(go.Scatter(
            x=[day.isoformat() for day, _value in snapshots], y=[float(value) for _day, value in snapshots],
            mode="lines+markers", name=_("Score in the dashboards' snapshots"),
            line={"color": TOTAL_COLOUR, "width": 2}, marker={"size": 6, "symbol": "diamond"},
        ))
    return figure_data(fig)


def figure_data(fig: go.Figure) -> dict:
    """The figure as plain JSON data, for ``json_script`` in the template (plotly's own encoder does the dates)."""
    return json.loads(fig.to_json())
