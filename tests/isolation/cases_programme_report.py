"""Isolation cases of the programme area "report" (merged into cases.py). World attributes: see cases._build_programme.

Its routes take only ``tenant_slug`` (the iteration is chosen with ``?programme=<pk>``), so the suite walks them with
no case here: programme_report, programme_report_pdf, programme_report_html, api-programme-report and
api-programme-report-pdf (B's slug answers 404 for every method; A's pages never show B's canary). Another group's
iteration named in ``?programme=`` answers 404: tests/bns/programme/report/test_pages.py and test_api.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Route name -> kwargs (besides tenant_slug) pointing at the given world's objects.
ROUTE_CASES: dict[str, Callable[[Any], dict[str, Any]]] = {}

# POST routes whose body is ignored, with the reason.
NO_DATA_ACTIONS: dict[str, str] = {}
