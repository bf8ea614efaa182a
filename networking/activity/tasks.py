"""Background job of the activity CSV import (networking/tasks.py imports this module so the worker registers it)."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from bns.models import Tenant
from bns.tenancy import tenant_scope


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
    soft_time_limit=600,
    time_limit=660,
)
def activity_import_process(self, activity_import_id: int, tenant_id: int) -> str:
    """Apply a started import. Idempotent: only a RUNNING import is processed, and its single write transaction
    marks it DONE, so a second delivery finds nothing to do; a crash before that write leaves nothing written and
    the retry starts the checks again."""
    from networking.activity.import_services import activity_import_fail, activity_import_run
    from networking.models import ActivityImport

    tenant = Tenant.objects.filter(pk=tenant_id).first()
    if tenant is None:
        return "skipped"
    with tenant_scope(tenant):
        status = ActivityImport.unscoped.filter(tenant=tenant, pk=activity_import_id).values_list("status", flat=True).first()
        if status != ActivityImport.Status.RUNNING:
            return "skipped"
        try:
            activity_import = activity_import_run(tenant=tenant, activity_import_id=activity_import_id)
        except OperationalError:
            if self.request.retries >= self.max_retries:
                activity_import_fail(tenant=tenant, activity_import_id=activity_import_id, error="database unavailable")
            raise
        except Exception as exc:
            activity_import_fail(tenant=tenant, activity_import_id=activity_import_id, error=str(exc))
            raise
        return activity_import.status
