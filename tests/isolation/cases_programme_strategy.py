"""Isolation cases of the programme area "strategy" (merged into cases.py). World attributes: see cases._build_programme."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Route name -> kwargs (besides tenant_slug) pointing at the given world's objects.
ROUTE_CASES: dict[str, Callable[[Any], dict[str, Any]]] = {
    "programme_strategy_option_edit": lambda w: {"pk": w.strategy_option.pk},
    "programme_strategy_option_delete": lambda w: {"pk": w.strategy_option.pk},
    "programme_strategy_challenge": lambda w: {"pk": w.strategy_option.pk},
    "programme_strategy_retain": lambda w: {"pk": w.strategy_option.pk},
    "api-programme-strategy-option-detail": lambda w: {"pk": w.strategy_option.pk},
    "api-programme-strategy-option-retain": lambda w: {"pk": w.strategy_option.pk},
    "api-programme-strategy-option-challenge": lambda w: {"pk": w.strategy_option.pk},
    "api-programme-strategy-option-reopen": lambda w: {"pk": w.strategy_option.pk},
    "api-programme-strategy-challenge-detail": lambda w: {"pk": w.strategy_challenge.pk},
}

# POST routes whose body is ignored, with the reason.
NO_DATA_ACTIONS: dict[str, str] = {
    "programme_strategy_option_delete": "deletes an option still under discussion; the body is ignored",
    "programme_strategy_reopen": "reopens the strategy decision of the iteration named by 'programme' (the current one by default)",
    "api-programme-strategy-option-reopen": "reopens the decision of the option's iteration; the body is ignored",
}
