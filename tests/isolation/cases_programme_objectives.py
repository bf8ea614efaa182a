"""Isolation cases of the programme area "objectives" (merged into cases.py). World attributes: see cases._build_programme.

w.kpi is a KPI entered by hand with one value (w.kpi_value); w.objective is measured by it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Route name -> kwargs (besides tenant_slug) pointing at the given world's objects.
ROUTE_CASES: dict[str, Callable[[Any], dict[str, Any]]] = {
    "programme_objective_detail": lambda w: {"pk": w.objective.pk},
    "programme_objective_edit": lambda w: {"pk": w.objective.pk},
    "programme_objective_delete": lambda w: {"pk": w.objective.pk},
    "programme_kpi_detail": lambda w: {"pk": w.kpi.pk},
    "programme_kpi_edit": lambda w: {"pk": w.kpi.pk},
    "programme_kpi_delete": lambda w: {"pk": w.kpi.pk},
    "programme_kpi_value_record": lambda w: {"pk": w.kpi.pk},
    "programme_kpi_measure": lambda w: {"pk": w.kpi.pk},
    "programme_kpi_value_delete": lambda w: {"pk": w.kpi_value.pk},
    "api-programme-objective-detail": lambda w: {"pk": w.objective.pk},
    "api-programme-kpi-detail": lambda w: {"pk": w.kpi.pk},
    "api-programme-kpi-measure": lambda w: {"pk": w.kpi.pk},
    "api-programme-kpi-value-detail": lambda w: {"pk": w.kpi_value.pk},
}

# POST routes whose body is ignored, with the reason.
NO_DATA_ACTIONS: dict[str, str] = {
    "programme_objective_delete": "deletes the objective; the body is ignored",
    "programme_kpi_delete": "deletes the KPI and its values; the body is ignored",
    "programme_kpi_measure": "stores the catalogue's value of the KPI; the body is ignored",
    "programme_kpi_value_delete": "deletes the value; the body is ignored",
    "api-programme-kpi-measure": "stores the catalogue's value of the KPI; the body is ignored",
}
