"""Isolation cases of the programme area "diagnostic" (merged into cases.py). World attributes: see cases._build_programme.

Its routes take no object id: the results, the questionnaire, the export and the API lists read the current iteration
or the one named by ``?programme=`` (another group's answers 404), so the slug and query-string tests cover them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Route name -> kwargs (besides tenant_slug) pointing at the given world's objects.
ROUTE_CASES: dict[str, Callable[[Any], dict[str, Any]]] = {}

# POST routes whose body is ignored, with the reason.
NO_DATA_ACTIONS: dict[str, str] = {}
