"""Isolation cases of the programme area "means" (merged into cases.py). World attributes: see cases._build_programme."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Route name -> kwargs (besides tenant_slug) pointing at the given world's objects.
ROUTE_CASES: dict[str, Callable[[Any], dict[str, Any]]] = {
    "programme_action_detail": lambda w: {"pk": w.programme_action.pk},
    "programme_action_edit": lambda w: {"pk": w.programme_action.pk},
    "programme_action_status": lambda w: {"pk": w.programme_action.pk},
    "programme_action_delete": lambda w: {"pk": w.programme_action.pk},
    "programme_action_raci": lambda w: {"pk": w.programme_action.pk},
    "programme_budget_line_edit": lambda w: {"pk": w.budget_line.pk},
    "programme_budget_line_delete": lambda w: {"pk": w.budget_line.pk},
    "api-programme-action-detail": lambda w: {"pk": w.programme_action.pk},
    "api-programme-action-role-detail": lambda w: {"pk": w.action_role.pk},
    "api-programme-budget-line-detail": lambda w: {"pk": w.budget_line.pk},
}

# POST routes whose body is ignored, with the reason.
NO_DATA_ACTIONS: dict[str, str] = {
    "programme_action_delete": "deletes the action (its budget lines stay, unlinked); the body is ignored",
    "programme_budget_line_delete": "deletes the budget line; the body is ignored",
}
