"""A real `celery worker` subprocess on pytest-django's test database, for the full-stack tests (PostgreSQL + Redis)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from django.conf import settings as django_settings
from django.db import connection

from bns.celery import app as celery_app

BASE_DIR = Path(django_settings.BASE_DIR)


def test_database_url() -> str:
    """The URL of the database pytest-django created (test_<name>), for the worker to use."""
    s = connection.settings_dict
    auth = quote(s.get("USER") or "")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    return f"postgres://{auth}@{s.get('HOST') or 'localhost'}:{s.get('PORT') or 5432}/{s['NAME']}"


test_database_url.__test__ = False  # a helper, not a test


@contextlib.contextmanager
def celery_worker(settings, tmp_path: Path, *, pool: str, name: str, env: dict | None = None) -> Iterator[tuple]:
    """Start `celery worker --pool=<pool> --concurrency=1` on the test database (tasks through the broker, not eager);
    yields (process, log_path) and always terminates it."""
    assert connection.vendor == "postgresql", "the worker test needs DATABASE_URL (PostgreSQL)"
    # The autouse fixture makes tasks eager; here they must go through the broker. Celery reads CELERY_* from the
    # Django settings object, so the override reaches the app's conf.
    settings.CELERY_TASK_ALWAYS_EAGER = False
    assert celery_app.conf.task_always_eager is False
    assert celery_app.conf.broker_url == os.environ["REDIS_URL"]
    celery_app.control.purge()  # no leftovers from an earlier, interrupted run
    worker_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bns.settings",
        "DATABASE_URL": test_database_url(),
        "BNS_VAR_DIR": str(tmp_path),
        "CELERY_SKIP_CHECKS": "1",
        **(env or {}),
    }
    command = [
        sys.executable, "-m", "celery", "-A", "bns", "worker",
        f"--pool={pool}", "--concurrency=1", "-Q", "celery",
        "--without-heartbeat", "--without-gossip", "--without-mingle",
        "--loglevel=INFO", "--hostname", f"{name}-{os.getpid()}@%h",
    ]  # fmt: skip
    log_path = tmp_path / "worker.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, cwd=BASE_DIR, env=worker_env, stdout=log, stderr=subprocess.STDOUT)
        try:
            yield process, log_path
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
