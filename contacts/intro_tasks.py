"""Celery task: tell a relationship's owner that a colleague asks for an introduction (wired in contacts.tasks)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bns.models import Tenant
from bns.tenancy import tenant_scope


@shared_task(
    bind=True, acks_late=True, reject_on_worker_lost=True, autoretry_for=(OSError,), retry_backoff=True,
    retry_backoff_max=600, max_retries=5, soft_time_limit=60, time_limit=90,
)
def intro_request_notify(self, intro_request_id: int, tenant_id: int) -> str:
    """E-mail the owner about a pending introduction request (skipped when gone, answered or no e-mail)."""
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
        if intro.owner_notified_at is not None:
            return "already-sent"
        if not intro.owner.email:
            return "no-email"
        link = settings.BNS_BASE_URL.rstrip("/") + reverse(
            "contacts_relationship", kwargs={"tenant_slug": tenant.slug, "pk": intro.relationship_id}
        )
        with translation.override(tenant.locale or settings.LANGUAGE_CODE):
            subject = _("%(requester)s asks you for an introduction") % {"requester": intro.requester.full_name}
            body = _(
                "Hello %(owner)s,\n\n%(requester)s would like to be introduced to %(person)s.\n\nPurpose: %(purpose)s\n\n"
                "%(message)s\n\nAnswer here: %(link)s\n"
            ) % {
                "owner": intro.owner.full_name, "requester": intro.requester.full_name,
                "person": intro.relationship.person.full_name, "purpose": intro.purpose, "message": intro.message,
                "link": link,
            }
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [intro.owner.email])
        # A redelivered task sends nothing more.
        IntroRequest.unscoped.filter(pk=intro.pk, owner_notified_at__isnull=True).update(owner_notified_at=timezone.now())
        return "sent"
