"""Isolation cases of the programme area "reviews" (merged into cases.py). World attributes: see cases._build_programme."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Route name -> kwargs (besides tenant_slug) pointing at the given world's objects.
ROUTE_CASES: dict[str, Callable[[Any], dict[str, Any]]] = {
    "programme_review_detail": lambda w: {"pk": w.review.pk},
    "programme_review_edit": lambda w: {"pk": w.review.pk},
    "programme_review_delete": lambda w: {"pk": w.review.pk},
    "api-programme-review-detail": lambda w: {"pk": w.review.pk},
}

# POST routes whose body is ignored, with the reason.
NO_DATA_ACTIONS: dict[str, str] = {
    "programme_review_delete": "deletes the review and its frozen KPI values (its actions stay, unlinked); the body is ignored",
}
