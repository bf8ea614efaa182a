"""Isolation cases of the programme area "attitudes" (merged into cases.py). World attributes: see cases._build_programme."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Route name -> kwargs (besides tenant_slug) pointing at the given world's objects.
ROUTE_CASES: dict[str, Callable[[Any], dict[str, Any]]] = {
    # A role's name, not an object: the same for both worlds (the slug test covers it; the page edits the current
    # iteration's row for that role, w.role_behaviour).
    "programme_attitudes_edit": lambda w: {"role": "manager"},
    "api-programme-role-behaviour-detail": lambda w: {"pk": w.role_behaviour.pk},
}

# POST routes whose body is ignored, with the reason.
NO_DATA_ACTIONS: dict[str, str] = {}
