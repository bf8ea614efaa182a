"""Charts of the KPIs, built server-side with plotly's Python API and drawn in the browser by the vendored
static/vendor/plotly.min.js (never a CDN). Colour-blind-safe Okabe-Ito palette; every chart has a table beside it
(accessibility, and pages without JavaScript).
"""

from __future__ import annotations

import json

import plotly.graph_objects as go
from django.utils import translation
from django.utils.translation import gettext as _

from bns.programme.objectives.progress import unit_label
from bns.programme.objectives.smart import num

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
VALUE_COLOUR, TARGET_COLOUR = OKABE_ITO[0], OKABE_ITO[3]


def _separators() -> str:
    """Plotly's decimal and thousands separators for the active language (French: "1 234,5")."""
    return ",\u202f" if (translation.get_language() or "fr").startswith("fr") else ".,"


def kpi_figure(*, kpi, values) -> go.Figure:
    """The KPI's values over time (line and markers), its target as a dashed horizontal line."""
    unit = unit_label(kpi.unit)
    fig = go.Figure(layout=go.Layout(
        template="none", colorway=OKABE_ITO, separators=_separators(), height=360,
        margin={"l": 60, "r": 30, "t": 30, "b": 50}, hovermode="x unified",
        font={"family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif", "size": 13},
        xaxis={"title": {"text": _("Date")}, "type": "date"},
        yaxis={"title": {"text": f"{kpi.name} ({unit})" if unit else kpi.name}, "rangemode": "tozero"},
        legend={"orientation": "h", "y": -0.2},
    ))
    fig.add_trace(go.Scatter(
        x=[row.measured_on.isoformat() for row in values], y=[float(row.value) for row in values],
        mode="lines+markers", name=_("Value"), line={"color": VALUE_COLOUR, "width": 3},
        marker={"size": 8, "symbol": "circle"},
    ))
    if kpi.target is not None:
        fig.add_hline(y=float(kpi.target), line={"color": TARGET_COLOUR, "dash": "dash", "width": 2},
                      annotation_text=_("Target: %(target)s") % {"target": num(kpi.target)},
                      annotation_position="top left", annotation_font_color=TARGET_COLOUR)
    return fig


def figure_data(fig: go.Figure) -> dict:
    """The figure as plain JSON data, for ``json_script`` in the template (plotly's own encoder does the dates)."""
    return json.loads(fig.to_json())
