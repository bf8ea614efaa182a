"""Isolation cases of the dashboards area "coaching" (merged into cases.py). World attributes: see cases._build_dashboards (tests/isolation/builders_dashboards.py) and cases.py.

The routes without an object id (team/, team/export/, me/ and their API) need no case: the suite walks them with
each world's slug. A's admin has no employee record: team/ and me/ answer their explanation (200), team/export/ a
CSV header, and a rep's page is open to them (VIEW_NETWORKING) for A's employees, 404 for B's; so is a table of it as CSV
(team/<employee_pk>/export/<table>/). me/export/<table>/ names no object ("table" is the same for both worlds): A's admin
gets 404 there (no employee record, no table), and 404 with B's slug.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Route name -> kwargs (besides tenant_slug) pointing at the given world's objects.
ROUTE_CASES: dict[str, Callable[[Any], dict[str, Any]]] = {
    "dashboards_rep": lambda w: {"employee_pk": w.employee.pk},
    "dashboards_rep_export": lambda w: {"employee_pk": w.employee.pk, "table": "contacts"},
    "dashboards_me_export": lambda w: {"table": "contacts"},
    "api-dashboards-rep": lambda w: {"employee_pk": w.employee.pk},
}

# POST routes whose body is ignored, with the reason (none: every route of this area is read-only).
NO_DATA_ACTIONS: dict[str, str] = {}
