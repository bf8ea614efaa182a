"""Registry of periodic (Celery beat) tasks. Each app registers its own in its tasks module:

    periodic_register("invitations-expire", "bns.tasks.invitations_expire", crontab(hour=3, minute=0))

bns/celery.py turns the registry into beat_schedule once every app's tasks are imported.
"""

from __future__ import annotations

from typing import Any

_REGISTRY: dict[str, dict[str, Any]] = {}


def periodic_register(name: str, task: str, schedule, *, kwargs: dict | None = None, options: dict | None = None) -> None:
    _REGISTRY[name] = {"task": task, "schedule": schedule, "kwargs": kwargs or {}, "options": options or {}}


def periodic_schedule() -> dict[str, dict[str, Any]]:
    return dict(_REGISTRY)
