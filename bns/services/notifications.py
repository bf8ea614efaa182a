"""In-app notifications (the bell) and their e-mail, for every app: sent once per recipient and key.

Callers pass an idempotency ``key`` naming the event ("intro:12:requested"): a retried service, a redelivered
task or a second click never notifies twice. The e-mail goes through a Celery task after the transaction
commits, and the task sends it at most once (``emailed_at``).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from bns.models import Employee, Membership, Notification, Tenant, User


def notification_send(
    *, tenant: Tenant, recipient: User, key: str, verb: str, title: str, body: str = "", url: str = "", email: bool = True
) -> Notification | None:
    """Notify ``recipient`` (a member of ``tenant``) once per ``key``; returns the new notification, or None if sent before."""
    if not Membership.unscoped.filter(tenant=tenant, user=recipient, is_active=True).exists():
        return None
    try:
        with transaction.atomic():
            notification = Notification.unscoped.create(
                tenant=tenant, recipient=recipient, key=key[:120], verb=verb[:40], title=title[:250], body=body, url=url[:300]
            )
    except IntegrityError:
        return None  # already notified for this event
    if email and recipient.email:
        from bns.tasks import notification_send_email

        pk, tenant_id = notification.pk, tenant.pk
        transaction.on_commit(lambda: notification_send_email.delay(pk, tenant_id))
    return notification


def notification_send_to_employee(*, tenant: Tenant, employee: Employee | None, **kwargs) -> Notification | None:
    """Notify the member linked to ``employee``; an employee with no login gets nothing (they have no bell)."""
    if employee is None or employee.tenant_id != tenant.pk:
        return None
    membership = (
        Membership.unscoped.filter(tenant=tenant, employee=employee, is_active=True).select_related("user").first()
    )
    if membership is None:
        return None
    return notification_send(tenant=tenant, recipient=membership.user, **kwargs)


@transaction.atomic
def notification_mark_read(*, tenant: Tenant, recipient: User, notification_ids: list[int] | None = None) -> int:
    """Mark the recipient's notifications read (the given ones, or all); returns how many changed."""
    qs = Notification.unscoped.filter(tenant=tenant, recipient=recipient, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())
