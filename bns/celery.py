"""The Celery app. Configured from Django settings (CELERY_* names); see settings.py for the rules:
acks_late with reject-on-worker-lost, a Redis visibility timeout above the longest task, time limits.
Without REDIS_URL tasks run eagerly in-process (the embedded mode).

Periodic tasks: each app registers its own in its ``tasks`` module with ``bns.periodic.periodic_register``.
When the app is finalized (worker, beat, or the first task sent from the web process), every installed
app's ``tasks`` module is imported explicitly and the registry becomes ``beat_schedule``, so beat never
starts with a schedule that depends on which modules happened to be imported first.
"""

from __future__ import annotations

import importlib
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bns.settings")

app = Celery("bns")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def tasks_modules_import() -> list[str]:
    """Import ``<app>.tasks`` for every installed app that has one; return the module names imported.

    An app without a tasks module is skipped; an error raised *inside* an existing tasks module (a broken
    import, a missing dependency) propagates, so it is not mistaken for "no tasks here".
    """
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    imported = []
    for config in apps.get_app_configs():
        name = f"{config.name}.tasks"
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        imported.append(name)
    return imported


def beat_schedule_build() -> dict:
    """The beat schedule from the periodic registry, once every app's tasks are imported."""
    from bns.periodic import periodic_schedule

    tasks_modules_import()
    return periodic_schedule()


@app.on_after_finalize.connect
def _install_beat_schedule(sender, **kwargs):
    sender.conf.beat_schedule = beat_schedule_build()
