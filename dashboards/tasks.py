"""Celery tasks of the dashboards (Celery's autodiscovery finds this module: ``dashboards.tasks``).

- ``snapshot_compute_task(tenant_id, day_iso, run_id=None)``: compute one tenant's snapshot for a day. A run
  already done does nothing; a redelivered task (its worker killed: acks_late, reject_on_worker_lost) or a retried
  one computes the day again, which is harmless: the day's rows are replaced as a whole, in one transaction.
- ``snapshots_compute_all()``: every night, one run per tenant, each its own task (a big group does not hold the
  others back; a group with a run under way keeps it).
"""

from __future__ import annotations

from datetime import date

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.schedules import crontab
from django.db import OperationalError
from django.utils import timezone

from bns.models import Tenant
from bns.periodic import periodic_register
from bns.tenancy import tenant_scope

# After the networking scores (03:20): the snapshot reads each employee's latest score.
periodic_register("dashboards-snapshots-nightly", "dashboards.tasks.snapshots_compute_all", crontab(hour=4, minute=10))


@shared_task(
    bind=True, acks_late=True, reject_on_worker_lost=True, autoretry_for=(OperationalError,), retry_backoff=True,
    retry_backoff_max=600, max_retries=5, soft_time_limit=30 * 60, time_limit=32 * 60,
)
def snapshot_compute_task(self, tenant_id: int, day_iso: str, run_id: int | None = None) -> str:
    """Compute the tenant's snapshot for the day; returns the run's status ("skipped" when there is nothing to do)."""
    from dashboards.models import SnapshotRun
    from dashboards.services import snapshot_compute, snapshot_run_fail

    tenant = Tenant.objects.filter(pk=tenant_id).first()
    if tenant is None:
        return "skipped"
    day = date.fromisoformat(day_iso)
    with tenant_scope(tenant):
        run = None
        if run_id is not None:
            run = SnapshotRun.unscoped.filter(tenant=tenant, pk=run_id).first()
            if run is None or run.status == SnapshotRun.Status.DONE:
                return "skipped"
        else:
            run = SnapshotRun.unscoped.create(tenant=tenant, day=day)
        try:
            run = snapshot_compute(tenant=tenant, day=day, run=run)
        except OperationalError:
            # The database went away: retried (autoretry_for) with the same run, shown queued meanwhile.
            if self.request.retries < self.max_retries:
                SnapshotRun.unscoped.filter(tenant=tenant, pk=run.pk).exclude(status=SnapshotRun.Status.DONE).update(
                    status=SnapshotRun.Status.QUEUED, error="database unavailable: retrying")
            raise
        except SoftTimeLimitExceeded:
            snapshot_run_fail(tenant=tenant, run_id=run.pk, error="time limit exceeded")
            raise
        return run.status


@shared_task(acks_late=True, reject_on_worker_lost=True, autoretry_for=(OperationalError,), retry_backoff=True,
             max_retries=3, soft_time_limit=10 * 60, time_limit=11 * 60)
def snapshots_compute_all() -> int:
    """Ask for today's snapshot of every tenant (each queued as its own task after its request commits)."""
    from dashboards.services import snapshot_request

    day = timezone.localdate()
    queued = 0
    for tenant_id in Tenant.objects.order_by("pk").values_list("pk", flat=True):
        tenant = Tenant.objects.filter(pk=tenant_id).first()
        if tenant is None:
            continue
        snapshot_request(tenant=tenant, actor=None, day=day)
        queued += 1
    return queued
