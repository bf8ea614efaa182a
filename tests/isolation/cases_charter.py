"""Isolation cases of the networking area "charter" (merged into cases.py). World attributes: see cases._build_networking."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Route name -> kwargs (besides tenant_slug) pointing at the given world's objects.
ROUTE_CASES: dict[str, Callable[[Any], dict[str, Any]]] = {
    "networking_charter_version": lambda w: {"version": w.charter.version},
    "api-networking-charter-detail": lambda w: {"pk": w.charter.pk},
}

# POST routes whose body is ignored, with the reason.
NO_DATA_ACTIONS: dict[str, str] = {}
