"""Celery task of the charter: tell the members that a new version awaits their acknowledgement.

Queued after the publication commits; idempotent (one notification per member and version, by its key), so a
redelivered or retried task tells nobody twice.
"""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from bns.models import Tenant
from bns.tenancy import tenant_scope

_TASK = dict(
    acks_late=True, reject_on_worker_lost=True, autoretry_for=(OSError, OperationalError), retry_backoff=True,
    retry_backoff_max=600, max_retries=5,
)


@shared_task(**_TASK, soft_time_limit=10 * 60, time_limit=11 * 60)
def charter_notify_members(charter_id: int, tenant_id: int) -> int:
    """Returns how many members were told now (0 when they all were already, or the version is gone)."""
    from networking.charter import services
    from networking.models import Charter

    tenant = Tenant.objects.filter(pk=tenant_id).first()
    if tenant is None:
        return 0
    with tenant_scope(tenant):
        charter = Charter.unscoped.filter(tenant=tenant, pk=charter_id).first()
        if charter is None:
            return 0
        return services.charter_notify_members(tenant=tenant, charter=charter)
