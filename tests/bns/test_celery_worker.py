"""The full stack: a real Celery worker process, the real Redis broker and the (PostgreSQL) test database.

Run with, e.g.:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bns_h2 REDIS_URL=redis://127.0.0.1:6379/5 \
        .venv/bin/python -m pytest tests/bns/test_celery_worker.py
Without DATABASE_URL and REDIS_URL the `services` tests are skipped (see tests/conftest.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from bns.celery import app as celery_app
from bns.models import Role
from bns.services import members as member_services
from tests.celery_worker import celery_worker

BASE_DIR = Path(django_settings.BASE_DIR)
WAIT_SECONDS = 30


@pytest.fixture
def worker(transactional_db, settings, tmp_path):
    """A `celery worker` subprocess (solo pool) on the test database; always terminated."""
    env = {"BNS_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend"}
    with celery_worker(settings, tmp_path, pool="solo", name="bns-test", env=env) as (process, log_path):
        yield process, tmp_path, log_path


@pytest.mark.services
def test_a_real_worker_sends_the_invitation_email(worker, tenant, admin_user):
    process, var_dir, log_path = worker
    # transactional_db: the service's transaction really commits, so on_commit sends the task to Redis.
    invitation = member_services.invitation_create(
        tenant=tenant, actor=admin_user, email="nouveau@armor.example", role=Role.EMPLOYEE
    )
    assert invitation.sent_at is None

    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        invitation.refresh_from_db()
        if invitation.sent_at is not None:
            break
        if process.poll() is not None:
            pytest.fail(f"the worker exited with {process.returncode}:\n{log_path.read_text()}")
        time.sleep(0.5)
    assert invitation.sent_at is not None, f"the worker did not send within {WAIT_SECONDS}s:\n{log_path.read_text()}"

    messages = list((var_dir / "mail").glob("*.log"))
    assert len(messages) == 1
    text = messages[0].read_text()
    assert "nouveau@armor.example" in text
    assert f"/invitations/{invitation.token}/" in text
    assert "bns.tasks.invitation_send_email" in log_path.read_text()


@pytest.mark.services
def test_beat_schedule_has_the_expiry_job():
    celery_app.finalize()
    entry = celery_app.conf.beat_schedule["invitations-expire"]
    assert entry["task"] == "bns.tasks.invitations_expire"
    assert entry["task"] in celery_app.tasks


def test_beat_schedule_is_built_in_a_fresh_process(tmp_path):
    """beat starts in a process where no tasks module was imported yet: the schedule must still be full."""
    code = (
        "import json; from bns.celery import app; app.finalize(); "
        "print(json.dumps({k: v['task'] for k, v in app.conf.beat_schedule.items()}))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bns.settings", "BNS_VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    schedule = json.loads(result.stdout.strip().splitlines()[-1])
    assert schedule["invitations-expire"] == "bns.tasks.invitations_expire"
