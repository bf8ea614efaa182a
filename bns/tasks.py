"""Celery tasks of the tenancy core. Tasks take ids (JSON only), enter the tenant scope, call one
service or send one message, are idempotent, and declare retries and time limits."""

from __future__ import annotations

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings
from django.core.mail import send_mail
from django.db import OperationalError, transaction
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from bns.models import AuditEvent, Invitation, Tenant
from bns.periodic import periodic_register
from bns.tenancy import tenant_scope

periodic_register("invitations-expire", "bns.tasks.invitations_expire", crontab(hour=3, minute=15))


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
    soft_time_limit=60,
    time_limit=90,
)
def invitation_send_email(self, invitation_id: int, tenant_id: int) -> str:
    """Send the invitation e-mail once (a retried or duplicated delivery sends nothing more)."""
    tenant = Tenant.objects.get(pk=tenant_id)
    with tenant_scope(tenant):
        invitation = Invitation.objects.filter(pk=invitation_id).select_related("invited_by").first()
        if invitation is None or invitation.status != "pending":
            return "skipped"
        if invitation.sent_at is not None:
            return "already-sent"
        link = settings.BNS_BASE_URL.rstrip("/") + reverse("invitation_accept", args=[invitation.token])
        with translation.override(tenant.locale or settings.LANGUAGE_CODE):
            context = {"invitation": invitation, "tenant": tenant, "link": link}
            subject = render_to_string("bns/email/invitation_subject.txt", context).strip()
            body = render_to_string("bns/email/invitation_body.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
        Invitation.objects.filter(pk=invitation.pk, sent_at__isnull=True).update(sent_at=timezone.now())
        return "sent"


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
    soft_time_limit=10 * 60,
    time_limit=11 * 60,
)
def invitations_expire() -> int:
    """Daily platform job: record "invitation.expired" once for each invitation that ran out while pending.

    Idempotent: an invitation is recorded only if no "invitation.expired" row for it was written at or
    after its current expiry (a resent invitation that expires again is recorded again). Each tenant is
    handled in its own scope and transaction, its row locked so that two runs cannot both record.
    Returns the number of rows written.
    """
    now = timezone.now()
    written = 0
    for tenant_id in Tenant.objects.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            tenant = Tenant.objects.select_for_update().filter(pk=tenant_id).first()
            if tenant is None:
                continue
            with tenant_scope(tenant):
                already = AuditEvent.objects.filter(
                    verb="invitation.expired",
                    object_type="invitation",
                    object_id=Cast(OuterRef("pk"), output_field=CharField(max_length=40)),
                    created_at__gte=OuterRef("expires_at"),
                )
                expired = (
                    Invitation.objects.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__lte=now)
                    .exclude(Exists(already))
                    .order_by("pk")
                )
                rows = [
                    AuditEvent(
                        tenant=tenant,
                        actor=None,
                        verb="invitation.expired",
                        object_type="invitation",
                        object_id=str(invitation.pk),
                        data={"email": invitation.email, "expires_at": invitation.expires_at.isoformat()},
                    )
                    for invitation in expired.only("pk", "email", "expires_at")
                ]
                AuditEvent.objects.bulk_create(rows, batch_size=500)
                written += len(rows)
    return written


@shared_task(
    bind=True, acks_late=True, reject_on_worker_lost=True, autoretry_for=(OSError,), retry_backoff=True,
    retry_backoff_max=600, max_retries=5, soft_time_limit=60, time_limit=90,
)
def notification_send_email(self, notification_id: int, tenant_id: int) -> str:
    """E-mail one notification to its recipient, once (a redelivered task sends nothing more)."""
    from bns.models import Notification

    tenant = Tenant.objects.get(pk=tenant_id)
    with tenant_scope(tenant):
        notification = Notification.unscoped.filter(tenant=tenant, pk=notification_id).select_related("recipient").first()
        if notification is None:
            return "skipped"
        if notification.emailed_at is not None:
            return "already-sent"
        link = settings.BNS_BASE_URL.rstrip("/") + notification.url if notification.url.startswith("/") else notification.url
        body = notification.body + (f"\n\n{link}\n" if link else "")
        with translation.override(tenant.locale or settings.LANGUAGE_CODE):
            subject = f"[{tenant.name}] {notification.title}"
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [notification.recipient.email])
        Notification.unscoped.filter(pk=notification.pk, emailed_at__isnull=True).update(emailed_at=timezone.now())
        return "sent"
from bns.programme import tasks as _programme_tasks  # noqa: E402,F401  (registers the programme tasks)
