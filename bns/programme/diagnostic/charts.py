"""The self-assessment chart, built server-side with plotly's Python API (drawn by the vendored plotly.min.js):
declared and measured levels per dimension as grouped bars, on the 1-5 maturity scale. The page has the same
figures in a table (accessibility, and pages without JavaScript)."""

from __future__ import annotations

import plotly.graph_objects as go
from django.utils import translation
from django.utils.translation import gettext as _

from bns.programme.diagnostic.selectors import DiagnosticResults
from bns.programme.objectives.charts import OKABE_ITO, figure_data

DECLARED_COLOUR, MEASURED_COLOUR = OKABE_ITO[0], OKABE_ITO[1]



def _separators() -> str:
    """Plotly's decimal and thousands separators for the active language (French: "1 234,5")."""
    return ",\u202f" if (translation.get_language() or "fr").startswith("fr") else ".,"


def diagnostic_figure(results: DiagnosticResults) -> go.Figure:
    labels = [str(d.label) for d in results.dimensions]
    fig = go.Figure(layout=go.Layout(
        template="none", colorway=OKABE_ITO, separators=_separators(), height=380, barmode="group",
        margin={"l": 60, "r": 20, "t": 20, "b": 110},
        font={"family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif", "size": 13},
        yaxis={"title": {"text": _("Maturity level (1-5)")}, "range": [0, 5.2], "dtick": 1},
        xaxis={"tickangle": -30},
        legend={"orientation": "h", "y": -0.45},
    ))
    fig.add_trace(go.Bar(
        x=labels, y=[float(d.mean) if d.mean is not None else None for d in results.dimensions], name=_("Declared (mean of the answers)"),
        marker={"color": DECLARED_COLOUR}, hovertemplate="%{x}: %{y}<extra></extra>",
    ))
    if results.with_measures:
        fig.add_trace(go.Bar(
            x=labels, y=[d.measured_level for d in results.dimensions], name=_("Measured (from the data)"),
            marker={"color": MEASURED_COLOUR, "pattern": {"shape": "/"}}, hovertemplate="%{x}: %{y}<extra></extra>",
        ))
    return fig


def diagnostic_chart_data(results: DiagnosticResults) -> dict:
    return figure_data(diagnostic_figure(results))
