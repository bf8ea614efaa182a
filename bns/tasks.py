"""Celery tasks of the tenancy core. Tasks take ids (JSON only), enter the tenant scope, call one
service or send one message, are idempotent, and declare retries and time limits."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from bns.models import Invitation, Tenant
from bns.tenancy import tenant_scope


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
