"""Isolation cases of the networking area "pulse" (merged into cases.py). World attributes: see cases._build_networking.

w.pulse is closed (one answer: too few to show results), w.pulse_open is open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Route name -> kwargs (besides tenant_slug) pointing at the given world's objects.
ROUTE_CASES: dict[str, Callable[[Any], dict[str, Any]]] = {
    "networking_pulse_edit": lambda w: {"pk": w.pulse_open.pk},
    "networking_pulse_open": lambda w: {"pk": w.pulse.pk},
    "networking_pulse_close": lambda w: {"pk": w.pulse_open.pk},
    "networking_pulse_answer": lambda w: {"pk": w.pulse_open.pk},
    "networking_pulse_results": lambda w: {"pk": w.pulse.pk},
    "networking_pulse_results_export": lambda w: {"pk": w.pulse.pk},
    "api-networking-pulse-detail": lambda w: {"pk": w.pulse_open.pk},
    "api-networking-pulse-open": lambda w: {"pk": w.pulse.pk},
    "api-networking-pulse-close": lambda w: {"pk": w.pulse_open.pk},
    "api-networking-pulse-answer": lambda w: {"pk": w.pulse_open.pk},
    "api-networking-pulse-results": lambda w: {"pk": w.pulse.pk},
}

# POST routes whose body is ignored, with the reason.
NO_DATA_ACTIONS: dict[str, str] = {
    "networking_pulse_open": "opens the draft pulse; the body is ignored",
    "networking_pulse_close": "closes the open pulse; the body is ignored",
    "api-networking-pulse-open": "opens the draft pulse; the body is ignored",
    "api-networking-pulse-close": "closes the open pulse; the body is ignored",
}
