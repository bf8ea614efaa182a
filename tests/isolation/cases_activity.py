"""Isolation cases of the networking area "activity" (merged into cases.py). World attributes: see cases._build_networking."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Route name -> kwargs (besides tenant_slug) pointing at the given world's objects.
ROUTE_CASES: dict[str, Callable[[Any], dict[str, Any]]] = {
    # Pages
    "networking_activity_employee": lambda w: {"pk": w.employee.pk},
    "networking_activity_edit": lambda w: {"pk": w.activity.pk},
    "networking_activity_delete": lambda w: {"pk": w.activity.pk},
    "networking_activity_import_preview": lambda w: {"pk": w.activity_import.pk},
    "networking_activity_import_start": lambda w: {"pk": w.activity_import.pk},
    "networking_activity_import_status": lambda w: {"pk": w.activity_import.pk},
    "networking_licence_edit": lambda w: {"pk": w.tool_licence.pk},
    "networking_licence_end": lambda w: {"pk": w.tool_licence.pk},
    "networking_licence_delete": lambda w: {"pk": w.tool_licence.pk},
    "networking_licence_record_use": lambda w: {"pk": w.tool_licence.pk},
    # API
    "api-networking-activity-detail": lambda w: {"pk": w.activity.pk},
    "api-networking-activity-import-detail": lambda w: {"pk": w.activity_import.pk},
    "api-networking-activity-import-start": lambda w: {"pk": w.activity_import.pk},
    "api-networking-tool-licence-detail": lambda w: {"pk": w.tool_licence.pk},
    "api-networking-tool-licence-record-use": lambda w: {"pk": w.tool_licence.pk},
}

# POST routes whose body is ignored, with the reason.
NO_DATA_ACTIONS: dict[str, str] = {
    "networking_activity_delete": "deletes the activity; the body is ignored",
    "networking_activity_import_start": "queues the previewed import's background run; the body is ignored",
    "networking_licence_end": "ends the licence today; the body is ignored",
    "networking_licence_delete": "deletes the licence; the body is ignored",
    "networking_licence_record_use": "records the holder's use of their licence today; the body is ignored",
    "api-networking-activity-import-start": "starts the previewed import; the body is ignored",
    "api-networking-tool-licence-record-use": "records the holder's use of their licence today; the body is ignored",
}
