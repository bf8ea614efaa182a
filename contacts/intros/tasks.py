"""Celery tasks of contacts/intros (imported by contacts/tasks.py so the worker and beat know them).

Hourly, per group: remind the owners of the requests past half of their SLA (once), then expire the requests
past their deadline. Both are idempotent (``reminded_at``, the status, notification keys): a task run twice,
or two workers at once (rows locked), remind and expire nothing twice.
"""

from __future__ import annotations

from celery import shared_task
from celery.schedules import crontab
from django.db import OperationalError

from bns.models import Tenant
from bns.periodic import periodic_register
from bns.tenancy import tenant_scope

periodic_register("contacts-intros-sweep", "contacts.intros.tasks.intro_requests_sweep", crontab(minute=7))

_TASK = dict(
    acks_late=True, reject_on_worker_lost=True, autoretry_for=(OSError, OperationalError), retry_backoff=True,
    retry_backoff_max=600, max_retries=5,
)


@shared_task(**_TASK, soft_time_limit=10 * 60, time_limit=11 * 60)
def intro_requests_sweep() -> dict:
    """Hourly platform job: reminders, then expiries, group by group. Returns {"reminded": n, "expired": n}."""
    from contacts.intros.services import intro_requests_expire, intro_requests_remind

    totals = {"reminded": 0, "expired": 0}
    for tenant_id in Tenant.objects.order_by("pk").values_list("pk", flat=True):
        tenant = Tenant.objects.filter(pk=tenant_id).first()
        if tenant is None:
            continue
        with tenant_scope(tenant):
            totals["reminded"] += intro_requests_remind(tenant=tenant)
            totals["expired"] += intro_requests_expire(tenant=tenant)
    return totals


# The name of the former contacts/intro_tasks.py task: messages already queued under it are still handled.
@shared_task(name="contacts.intro_tasks.intro_request_notify", **_TASK, soft_time_limit=60, time_limit=90)
def intro_request_notify(intro_request_id: int, tenant_id: int) -> str:
    """Notify the owner of a pending request (bell and e-mail), once; the services now do it themselves."""
    from contacts.intros.services import intro_request_notify_owner
    from contacts.models import IntroRequest

    tenant = Tenant.objects.get(pk=tenant_id)
    with tenant_scope(tenant):
        intro = (
            IntroRequest.unscoped.filter(tenant=tenant, pk=intro_request_id)
            .select_related("owner", "requester", "relationship__person")
            .first()
        )
        if intro is None or intro.status != IntroRequest.Status.PENDING:
            return "skipped"
        return "sent" if intro_request_notify_owner(tenant=tenant, intro=intro) else "already-sent"
