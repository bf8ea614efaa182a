"""Isolation cases of the dashboards area "coaching" (merged into cases.py). World attributes: see cases._build_dashboards (tests/isolation/builders_dashboards.py) and cases.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Route name -> kwargs (besides tenant_slug) pointing at the given world's objects.
ROUTE_CASES: dict[str, Callable[[Any], dict[str, Any]]] = {
    "programme_step_edit": lambda w: {"pk": w.programme_step.pk},
    "programme_workshop_detail": lambda w: {"pk": w.workshop.pk},
    "programme_workshop_edit": lambda w: {"pk": w.workshop.pk},
    "programme_workshop_delete": lambda w: {"pk": w.workshop.pk},
    "api-programme-detail": lambda w: {"pk": w.programme.pk},
    "api-programme-close": lambda w: {"pk": w.programme.pk},
    "api-programme-next-iteration": lambda w: {"pk": w.programme.pk},
    "api-programme-overview": lambda w: {"pk": w.programme.pk},
    "api-programme-step-detail": lambda w: {"pk": w.programme_step.pk},
    "api-programme-vision-detail": lambda w: {"pk": w.vision.pk},
    "api-programme-workshop-detail": lambda w: {"pk": w.workshop.pk},
}

# POST routes whose body is ignored, with the reason.
NO_DATA_ACTIONS: dict[str, str] = {
    "programme_close": "closes the iteration named by 'programme' (the current one by default); nothing else is read",
    "programme_workshop_delete": "deletes the workshop and its participants; the body is ignored",
    "api-programme-close": "closes the iteration; the body is ignored",
}
