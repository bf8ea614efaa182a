"""Celery task of coaching: every morning, remind the authors of the follow-ups due today or overdue.

Idempotent (``reminded_at`` and the notification's key per note and date): a task run twice, or two workers at
once (rows locked), remind nobody twice. A changed follow-up date is a new follow-up, reminded again when due.
"""

from __future__ import annotations

from celery import shared_task
from celery.schedules import crontab
from django.db import OperationalError

from bns.models import Tenant
from bns.periodic import periodic_register
from bns.tenancy import tenant_scope

periodic_register("networking-coaching-follow-ups", "networking.coaching.tasks.coaching_follow_ups_remind_all",
                  crontab(hour=7, minute=20))

_TASK = dict(
    acks_late=True, reject_on_worker_lost=True, autoretry_for=(OSError, OperationalError), retry_backoff=True,
    retry_backoff_max=600, max_retries=5,
)


@shared_task(**_TASK, soft_time_limit=10 * 60, time_limit=11 * 60)
def coaching_follow_ups_remind_all() -> int:
    """Daily platform job, group by group. Returns how many follow-ups were reminded."""
    from networking.coaching.services import coaching_follow_ups_remind

    total = 0
    for tenant_id in Tenant.objects.order_by("pk").values_list("pk", flat=True):
        tenant = Tenant.objects.filter(pk=tenant_id).first()
        if tenant is None:
            continue
        with tenant_scope(tenant):
            total += coaching_follow_ups_remind(tenant=tenant)
    return total
