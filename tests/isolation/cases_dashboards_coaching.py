"""Isolation cases of the dashboards area "coaching" (merged into cases.py). World attributes: see cases.py and
tests/isolation/builders_dashboards.py (w.snapshot_run, w.snapshot_run_queued, w.metric_snapshot...)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Route name -> kwargs (besides tenant_slug) pointing at the given world's objects.
ROUTE_CASES: dict[str, Callable[[Any], dict[str, Any]]] = {}

# POST routes whose body is ignored, with the reason.
NO_DATA_ACTIONS: dict[str, str] = {}
