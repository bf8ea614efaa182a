"""Isolation cases of the networking area "profiles" (merged into cases.py). World attributes: see cases._build_networking."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Route name -> kwargs (besides tenant_slug) pointing at the given world's objects.
ROUTE_CASES: dict[str, Callable[[Any], dict[str, Any]]] = {
    "networking_profiles_edit": lambda w: {"pk": w.social_profile.pk},
    "networking_profiles_checklist": lambda w: {"pk": w.social_profile.pk},
    "networking_profiles_delete": lambda w: {"pk": w.social_profile.pk},
    "networking_profiles_employee": lambda w: {"pk": w.employee.pk},
    "api-networking-social-profile-detail": lambda w: {"pk": w.social_profile.pk},
}

# POST routes whose body is ignored, with the reason.
NO_DATA_ACTIONS: dict[str, str] = {
    "networking_profiles_delete": "removes the social profile (its owner or an administrator); the body is ignored",
}
