"""Isolation cases of the networking area "networks" (merged into cases.py). World attributes: see cases._build_networking."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Route name -> kwargs (besides tenant_slug) pointing at the given world's objects.
ROUTE_CASES: dict[str, Callable[[Any], dict[str, Any]]] = {
    # Pages
    "networking_network_detail": lambda w: {"pk": w.network.pk},
    "networking_network_edit": lambda w: {"pk": w.network.pk},
    "networking_network_deactivate": lambda w: {"pk": w.network.pk},
    "networking_network_join": lambda w: {"pk": w.network.pk},
    "networking_network_member_add": lambda w: {"pk": w.network.pk},
    "networking_membership_edit": lambda w: {"pk": w.network_membership.pk},
    "networking_membership_end": lambda w: {"pk": w.network_membership.pk},
    "networking_target_edit": lambda w: {"pk": w.network_target.pk},
    "networking_target_remove": lambda w: {"pk": w.network_target.pk},
    "networking_event_detail": lambda w: {"pk": w.network_event.pk},
    "networking_event_edit": lambda w: {"pk": w.network_event.pk},
    "networking_event_attend": lambda w: {"pk": w.network_event.pk},
    "networking_event_attendee_add": lambda w: {"pk": w.network_event.pk},
    "networking_event_contact_add": lambda w: {"pk": w.network_event.pk},
    "networking_attendance_remove": lambda w: {"pk": w.event_attendance.pk},
    # API
    "api-networking-network-detail": lambda w: {"pk": w.network.pk},
    "api-networking-network-deactivate": lambda w: {"pk": w.network.pk},
    "api-networking-membership-detail": lambda w: {"pk": w.network_membership.pk},
    "api-networking-membership-end": lambda w: {"pk": w.network_membership.pk},
    "api-networking-target-detail": lambda w: {"pk": w.network_target.pk},
    "api-networking-event-detail": lambda w: {"pk": w.network_event.pk},
    "api-networking-event-attend": lambda w: {"pk": w.network_event.pk},
    "api-networking-event-contacts-met": lambda w: {"pk": w.network_event.pk},
}

# POST routes whose body is ignored, with the reason.
NO_DATA_ACTIONS: dict[str, str] = {
    "networking_network_deactivate": "takes the network out of the directory; the body is ignored",
    "networking_target_remove": "removes the target from the networking policy; the body is ignored",
    "networking_event_attend": "marks the member themself as present (\"I was there\"); the body is ignored",
    "networking_attendance_remove": "takes an attendance mark back; the body is ignored",
    "api-networking-network-deactivate": "takes the network out of the directory; the body is ignored",
}
