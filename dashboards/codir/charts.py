"""The dashboards' charts, built server side with plotly's Python API and drawn in the browser by the vendored
static/vendor/plotly.min.js (static/js/app.js: ``data-plotly-figure``; never a CDN, no inline script).

Colour-blind safe: the heatmap uses the sequential "Cividis" scale (designed to read the same with the common colour
vision deficiencies, and in grey when printed) with each cell's figure written in it; lines and bars use the Okabe-Ito
palette with distinct dashes and markers. Every chart has a table beside it with the same figures.
"""

from __future__ import annotations

import plotly.graph_objects as go
from django.utils import translation
from django.utils.translation import gettext as _

from bns.programme.objectives.charts import OKABE_ITO, figure_data
from dashboards.codir.selectors import DashboardPage, Heatmap, Trends, number
from dashboards.metrics_coordination import maturity_level

FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif", "size": 13}
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "star")


def _separators() -> str:
    """Plotly's decimal and thousands separators for the active language (French: "1 234,5")."""
    return ",\u202f" if (translation.get_language() or "fr").startswith("fr") else ".,"


def _num(value) -> float | None:
    return float(value) if value is not None else None


def heatmap_figure(heatmap: Heatmap) -> go.Figure:
    """Dealerships (rows) x maturity dimensions (columns), the index 0-100 as the colour and written in each cell."""
    x = [label for _key, label in heatmap.dimensions]
    y = [site.name for site in heatmap.sites]
    z = [[_num(v) for v in row] for row in heatmap.values]
    text = [["" if v is None else f"{number(v, 0)} · {maturity_level(v)}" for v in row] for row in heatmap.values]
    fig = go.Figure(layout=go.Layout(
        template="none", separators=_separators(), font=FONT, height=max(260, 60 + 34 * len(y)),
        margin={"l": 160, "r": 20, "t": 20, "b": 130}, xaxis={"tickangle": -30, "side": "bottom"},
        yaxis={"autorange": "reversed"},
    ))
    fig.add_trace(go.Heatmap(
        x=x, y=y, z=z, zmin=0, zmax=100, colorscale="Cividis", text=text, texttemplate="%{text}", hoverongaps=False,
        colorbar={"title": {"text": _("Index (0-100)")}},
        hovertemplate="%{y} · %{x}: %{z:.0f}<extra></extra>",
    ))
    return fig


def trends_figure(trends: Trends) -> go.Figure:
    """One line per metric, one point per week (gaps where no snapshot was computed that week)."""
    fig = go.Figure(layout=go.Layout(
        template="none", colorway=OKABE_ITO, separators=_separators(), font=FONT, height=360,
        margin={"l": 50, "r": 20, "t": 20, "b": 90}, hovermode="x unified",
        xaxis={"title": {"text": _("Week ending")}, "type": "date"}, yaxis={"rangemode": "tozero"},
        legend={"orientation": "h", "y": -0.3},
    ))
    weeks = [week.isoformat() for week in trends.weeks]
    for n, (metric, values) in enumerate(trends.series):
        fig.add_trace(go.Scatter(
            x=weeks, y=[_num(v) for v in values], mode="lines+markers", name=str(metric.label), connectgaps=False,
            line={"color": OKABE_ITO[n % len(OKABE_ITO)], "dash": DASHES[n % len(DASHES)], "width": 2.5},
            marker={"symbol": SYMBOLS[n % len(SYMBOLS)], "size": 7},
        ))
    return fig


def dimensions_figure(page: DashboardPage) -> go.Figure:
    """A dealership's or department's index per dimension beside the group's median (grouped bars)."""
    figures = [f for f in [page.maturity, *page.dimensions] if f is not None]
    labels = [f.short_label for f in figures]
    fig = go.Figure(layout=go.Layout(
        template="none", colorway=OKABE_ITO, separators=_separators(), font=FONT, height=380, barmode="group",
        margin={"l": 50, "r": 20, "t": 20, "b": 130}, yaxis={"title": {"text": _("Index (0-100)")}, "range": [0, 100]},
        xaxis={"tickangle": -30}, legend={"orientation": "h", "y": -0.55},
    ))
    fig.add_trace(go.Bar(x=labels, y=[_num(f.value) for f in figures], name=str(page.entity),
                         marker={"color": OKABE_ITO[0]}, hovertemplate="%{x}: %{y:.0f}<extra></extra>"))
    fig.add_trace(go.Bar(x=labels, y=[_num(f.median) for f in figures], name=_("Median"),
                         marker={"color": OKABE_ITO[1], "pattern": {"shape": "/"}}, hovertemplate="%{x}: %{y:.0f}<extra></extra>"))
    return fig


def page_charts(page: DashboardPage) -> dict[str, dict]:
    """The page's charts as JSON data for ``json_script`` (none without a snapshot)."""
    if page.run is None:
        return {}
    charts = {}
    if page.heatmap is not None and page.heatmap.sites:
        charts["heatmap"] = figure_data(heatmap_figure(page.heatmap))
    if page.trends is not None and any(v is not None for _m, values in page.trends.series for v in values):
        charts["trends"] = figure_data(trends_figure(page.trends))
    if page.with_median and page.maturity is not None:
        charts["dimensions"] = figure_data(dimensions_figure(page))
    return charts
