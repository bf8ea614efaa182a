"""Isolation cases of the networking area "coaching" (merged into cases.py). World attributes: see cases._build_networking.

Coaching notes are read by the employee and their manager line only. The suite logs in as A's admin, whose employee
record (w.admin_employee) is nobody's manager: their own coaching page answers 200; w.coaching_note (written by
w.manager for w.employee) answers 404 to them like a missing note, which is what test_access.py asserts too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Route name -> kwargs (besides tenant_slug) pointing at the given world's objects.
ROUTE_CASES: dict[str, Callable[[Any], dict[str, Any]]] = {
    "networking_coaching_employee": lambda w: {"pk": w.admin_employee.pk},
    "networking_coaching_note_edit": lambda w: {"pk": w.coaching_note.pk},
    "networking_coaching_note_delete": lambda w: {"pk": w.coaching_note.pk},
    "networking_coaching_note_follow_up_done": lambda w: {"pk": w.coaching_note.pk},
    "api-networking-coaching-note-detail": lambda w: {"pk": w.coaching_note.pk},
    "api-networking-coaching-note-follow-up-done": lambda w: {"pk": w.coaching_note.pk},
}

# POST routes whose body is ignored, with the reason.
NO_DATA_ACTIONS: dict[str, str] = {
    "networking_coaching_note_delete": "deletes the author's coaching note; the body is ignored",
    "networking_coaching_note_follow_up_done": "marks the note's follow-up done; the body is ignored",
    "api-networking-coaching-note-follow-up-done": "marks the note's follow-up done; the body is ignored",
}
