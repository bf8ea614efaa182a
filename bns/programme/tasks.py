"""Celery tasks of the programme areas, imported by bns/tasks.py so that autodiscovery registers them."""

import importlib

for _area in ("home", "diagnostic", "objectives", "strategy", "means", "attitudes", "reviews", "report"):
    try:
        importlib.import_module(f"bns.programme.{_area}.tasks")
    except ModuleNotFoundError as exc:  # an area without tasks
        if exc.name != f"bns.programme.{_area}.tasks":
            raise
