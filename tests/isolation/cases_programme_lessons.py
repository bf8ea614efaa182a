"""Isolation cases of the programme area "lessons" (merged into cases.py). World attributes: see cases._build_programme."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Route name -> kwargs (besides tenant_slug) pointing at the given world's objects.
ROUTE_CASES: dict[str, Callable[[Any], dict[str, Any]]] = {
    "programme_lesson_edit": lambda w: {"pk": w.lesson.pk},
    "programme_lesson_delete": lambda w: {"pk": w.lesson.pk},
    "api-programme-lesson-detail": lambda w: {"pk": w.lesson.pk},
}

# POST routes whose body is ignored, with the reason.
NO_DATA_ACTIONS: dict[str, str] = {
    "programme_lesson_delete": "deletes the lesson; the body is ignored",
}
