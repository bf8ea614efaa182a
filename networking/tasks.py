"""Celery tasks of the networking app: each area keeps its own in <area>/tasks.py, imported here so that
Celery's autodiscovery (which looks for ``networking.tasks``) registers them and their beat entries."""

import importlib

for _area in ("profiles", "activity", "networks", "coaching", "charter", "pulse", "score"):
    try:
        importlib.import_module(f"networking.{_area}.tasks")
    except ModuleNotFoundError as exc:  # an area without tasks
        if exc.name != f"networking.{_area}.tasks":
            raise
