"""Celery task of the programme's reviews: every night, remind the process owner of an overdue steering review.

Idempotent (``Programme.review_reminder_due_on`` and the notification's key per iteration and due date, the programme
row locked while deciding): a task run twice, retried, or two workers at once remind nobody twice for one due date.
"""

from __future__ import annotations

from datetime import date

from celery import shared_task
from celery.schedules import crontab
from django.db import OperationalError

from bns.models import Tenant
from bns.periodic import periodic_register
from bns.tenancy import tenant_scope

periodic_register("programme-reviews-overdue", "bns.programme.reviews.tasks.reviews_overdue_remind_all", crontab(hour=7, minute=40))

_TASK = dict(
    acks_late=True, reject_on_worker_lost=True, autoretry_for=(OSError, OperationalError), retry_backoff=True,
    retry_backoff_max=600, max_retries=5,
)


@shared_task(**_TASK, soft_time_limit=10 * 60, time_limit=11 * 60)
def reviews_overdue_remind_all(today: str | None = None) -> int:
    """Nightly platform job, group by group. ``today``: an ISO date (JSON argument; the local date by default).
    Returns how many process owners were reminded."""
    from bns.programme.models import Programme
    from bns.programme.reviews.services import review_overdue_remind

    day = date.fromisoformat(today) if today else None
    total = 0
    tenant_ids = (Programme.unscoped.filter(status=Programme.Status.ACTIVE, process_owner__isnull=False)
                  .order_by("tenant_id").values_list("tenant_id", flat=True).distinct())
    for tenant_id in list(tenant_ids):
        tenant = Tenant.objects.filter(pk=tenant_id).first()
        if tenant is None:
            continue
        with tenant_scope(tenant):
            total += review_overdue_remind(tenant=tenant, today=day)
    return total
