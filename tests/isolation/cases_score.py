"""Isolation cases of the networking area "score" (merged into cases.py). World attributes: see cases._build_networking."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Route name -> kwargs (besides tenant_slug) pointing at the given world's objects.
ROUTE_CASES: dict[str, Callable[[Any], dict[str, Any]]] = {
    "networking_score_employee": lambda w: {"pk": w.employee.pk},
    "networking_score_run_status": lambda w: {"pk": w.score_run.pk},
    "api-networking-score-detail": lambda w: {"pk": w.networking_score.pk},
    "api-networking-score-run-detail": lambda w: {"pk": w.score_run.pk},
}

# POST routes whose body is ignored, with the reason.
NO_DATA_ACTIONS: dict[str, str] = {
    "networking_score_recompute": "queues a computation of the group's scores; only a 'next' of 'group' is read",
    "api-networking-score-run-list": "queues a computation of the group's scores; the body is ignored",
}
