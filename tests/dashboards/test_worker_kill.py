"""The snapshot task survives its worker process being killed mid-task (acks_late + reject_on_worker_lost): the
message goes back to the queue, the restarted process computes the day again, and there is exactly one complete
snapshot of that day.

Full stack only (PostgreSQL and Redis, a real `celery worker` subprocess); run with, e.g.:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bns_dash REDIS_URL=redis://127.0.0.1:6379/7 \\
        .venv/bin/python -m pytest tests/dashboards/test_worker_kill.py

"Mid-task" is made deterministic without any test hook in the code: the test holds a row lock on the day's
previous snapshot, so the task computes every metric (progress 95 %) and then waits inside its swap transaction,
on the DELETE of those rows. The worker's pool process is killed there (SIGKILL), the lock released; the pool
starts a new process, which gets the message again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from bns.models import Role
from dashboards.models import MetricSnapshot, SnapshotRun
from dashboards.services import snapshot_compute, snapshot_request
from tests.celery_worker import celery_worker, test_database_url
from tests.dashboards.conftest import AS_OF, build_org
from tests.factories import MembershipFactory, UserFactory

BASE_DIR = Path(django_settings.BASE_DIR)
WAIT_SECONDS = 60


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False).stdout
    return [int(x) for x in out.split()]


def _wait(condition, what: str, log_path: Path, process) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        if process.poll() is not None:
            pytest.fail(f"the worker exited with {process.returncode}:\n{log_path.read_text()}")
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}:\n{log_path.read_text()}")


@pytest.fixture
def prefork_worker(transactional_db, settings, tmp_path):
    """A `celery worker` with ONE pool process (prefork), on the test database; always terminated."""
    with celery_worker(settings, tmp_path, pool="prefork", name="bns-dash") as running:
        yield running


@pytest.mark.services
def test_a_worker_killed_mid_snapshot_leaves_exactly_one_complete_snapshot(prefork_worker, tenant):
    import psycopg2

    process, log_path = prefork_worker
    org = build_org(tenant)
    executive = MembershipFactory(tenant=tenant, user=UserFactory(), role=Role.EXECUTIVE).user
    previous = snapshot_compute(tenant=tenant, day=AS_OF)  # the day's snapshot before the refresh
    expected = set(MetricSnapshot.unscoped.filter(tenant=tenant, day=AS_OF).values_list(
        "level", "site_id", "department_id", "employee_id", "metric_key", "value"))

    blocker = psycopg2.connect(test_database_url())
    try:
        with blocker.cursor() as cursor:  # a transaction holding the previous rows: the swap's DELETE waits on it
            cursor.execute("SELECT id FROM dashboards_metricsnapshot WHERE tenant_id = %s AND day = %s FOR UPDATE",
                           [tenant.pk, AS_OF])
        run = snapshot_request(tenant=tenant, actor=executive, day=AS_OF)  # commits: the task goes to Redis

        def waiting_in_the_swap() -> bool:
            run.refresh_from_db()
            if run.status != SnapshotRun.Status.RUNNING or run.progress < 95:
                return False
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                               "AND query LIKE 'DELETE FROM \"dashboards_metricsnapshot\"%%'")
                return cursor.fetchone()[0] == 1

        _wait(waiting_in_the_swap, "the task to wait in its swap", log_path, process)
        children = _children(process.pid)
        assert len(children) == 1, children
        os.kill(children[0], signal.SIGKILL)  # the pool process running the task
        _wait(lambda: (_children(process.pid) or [children[0]])[0] != children[0], "a new pool process", log_path, process)
        run.refresh_from_db()
        assert run.status == SnapshotRun.Status.RUNNING  # killed mid-task: not done, not failed
    finally:
        blocker.rollback()
        blocker.close()

    def done() -> bool:
        run.refresh_from_db()
        return run.status == SnapshotRun.Status.DONE

    _wait(done, "the redelivered task to finish", log_path, process)
    rows = MetricSnapshot.unscoped.filter(tenant=tenant, day=AS_OF)
    assert set(rows.values_list("run_id", flat=True)) == {run.pk}  # one snapshot: the new run's, complete
    assert rows.count() == run.row_count == previous.row_count
    assert set(rows.values_list("level", "site_id", "department_id", "employee_id", "metric_key", "value")) == expected
    assert SnapshotRun.unscoped.filter(tenant=tenant).count() == 2  # the first one and this one: no duplicate run
    log = log_path.read_text()
    assert "WorkerLostError" in log, log
    assert log.count("dashboards.tasks.snapshot_compute_task[") >= 2 and log.count("] received") == 2, log  # redelivered
    assert org.tenant == tenant
