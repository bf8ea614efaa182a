"""Background job of the address-book import (contacts/tasks.py imports it so the worker registers it)."""

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
    soft_time_limit=1800,
    time_limit=1900,
)
def contact_import_process(self, contact_import_id: int, tenant_id: int) -> str:
    """Run the import. A second delivery of a done import does nothing; a rerun after a crash resumes at ``processed``."""
    from contacts.importing.service import contact_import_fail, contact_import_run
    from contacts.models import ContactImport

    tenant = Tenant.objects.filter(pk=tenant_id).first()
    if tenant is None:
        return "skipped"
    with tenant_scope(tenant):
        status = ContactImport.unscoped.filter(tenant=tenant, pk=contact_import_id).values_list("status", flat=True).first()
        if status is None or status in (ContactImport.Status.DONE, ContactImport.Status.PREVIEW):
            return "skipped"
        try:
            contact_import = contact_import_run(tenant=tenant, contact_import_id=contact_import_id)
        except OperationalError:
            if self.request.retries >= self.max_retries:
                contact_import_fail(tenant=tenant, contact_import_id=contact_import_id, error="database unavailable")
            raise
        except Exception as exc:
            contact_import_fail(tenant=tenant, contact_import_id=contact_import_id, error=str(exc))
            raise
        return contact_import.status
