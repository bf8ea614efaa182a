"""Isolation cases of the dashboards area "codir" (merged into cases.py). World attributes: see cases._build_dashboards
(tests/isolation/builders_dashboards.py: w.snapshot_run, w.snapshot_run_queued) and cases.py (w.site, w.department)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Route name -> kwargs (besides tenant_slug) pointing at the given world's objects.
ROUTE_CASES: dict[str, Callable[[Any], dict[str, Any]]] = {
    "dashboards_site": lambda w: {"pk": w.site.pk},
    "dashboards_department": lambda w: {"pk": w.department.pk},
    "dashboards_metric_detail": lambda w: {"key": "maturity_index"},
    "dashboards_run_progress": lambda w: {"pk": w.snapshot_run_queued.pk},
    "dashboards_export": lambda w: {"table": "maturity"},
    "api-dashboards-site": lambda w: {"pk": w.site.pk},
    "api-dashboards-department": lambda w: {"pk": w.department.pk},
    "api-dashboards-metric-detail": lambda w: {"key": "maturity_index"},
    "api-dashboards-run": lambda w: {"pk": w.snapshot_run.pk},
}

# POST routes whose body is ignored, with the reason.
NO_DATA_ACTIONS: dict[str, str] = {
    "dashboards_refresh": "queues the group's snapshot computation (or returns the one under way); only a same-site 'next' is read",
    "api-dashboards-refresh": "queues the group's snapshot computation (or returns the one under way); the body is ignored",
}
