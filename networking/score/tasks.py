"""Celery tasks of the networking score (imported by networking/tasks.py so the worker and beat know them).

- ``networking_score_run(tenant_id, run_id)``: compute one run; a run already done does nothing, a redelivered or
  retried run computes the day again (the day's snapshots are replaced as a whole, so twice is the same as once).
- ``networking_scores_nightly()``: every night, ask for one run per group (a group with a run under way keeps it).
"""

from __future__ import annotations

from celery import shared_task
from celery.schedules import crontab
from django.db import OperationalError

from bns.models import Tenant
from bns.periodic import periodic_register
from bns.tenancy import tenant_scope

periodic_register("networking-scores-nightly", "networking.score.tasks.networking_scores_nightly", crontab(hour=3, minute=20))


@shared_task(
    bind=True, acks_late=True, reject_on_worker_lost=True, autoretry_for=(OSError, OperationalError), retry_backoff=True,
    retry_backoff_max=600, max_retries=5, soft_time_limit=30 * 60, time_limit=32 * 60,
)
def networking_score_run(self, tenant_id: int, run_id: int) -> str:
    """Compute the group's scores for today. Returns the run's status ("skipped" when there is nothing to do)."""
    from networking.models import NetworkingScoreRun
    from networking.score.services import networking_scores_compute, score_run_fail

    tenant = Tenant.objects.filter(pk=tenant_id).first()
    if tenant is None:
        return "skipped"
    with tenant_scope(tenant):
        run = NetworkingScoreRun.unscoped.filter(tenant=tenant, pk=run_id).first()
        if run is None or run.status == NetworkingScoreRun.Status.DONE:
            return "skipped"
        try:
            run = networking_scores_compute(tenant=tenant, run=run)
        except OperationalError:
            if self.request.retries >= self.max_retries:
                score_run_fail(tenant=tenant, run_id=run_id, error="database unavailable")
            raise
        except Exception as exc:
            score_run_fail(tenant=tenant, run_id=run_id, error=str(exc))
            raise
        return run.status


@shared_task(acks_late=True, reject_on_worker_lost=True, autoretry_for=(OSError, OperationalError), retry_backoff=True,
             max_retries=3, soft_time_limit=10 * 60, time_limit=11 * 60)
def networking_scores_nightly() -> int:
    """One run per group, each queued as its own task (a big group does not hold the others back)."""
    from networking.score.services import score_run_request

    queued = 0
    for tenant_id in Tenant.objects.order_by("pk").values_list("pk", flat=True):
        tenant = Tenant.objects.filter(pk=tenant_id).first()
        if tenant is None:
            continue
        with tenant_scope(tenant):
            score_run_request(tenant=tenant, actor=None)
        queued += 1
    return queued
