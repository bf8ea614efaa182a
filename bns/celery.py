"""The Celery app. Configured from Django settings (CELERY_* names); see settings.py for the rules:
acks_late with reject-on-worker-lost, a Redis visibility timeout above the longest task, time limits.
Without REDIS_URL tasks run eagerly in-process (the embedded mode)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bns.settings")

app = Celery("bns")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _install_beat_schedule(sender, **kwargs):
    from bns.periodic import periodic_schedule

    sender.conf.beat_schedule = periodic_schedule()
