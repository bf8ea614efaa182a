"""The notifications of introduction requests (the bell, and the e-mail through bns.tasks.notification_send_email).

Each is sent once per (recipient, key): a retried service or a task run twice notifies nobody twice. The texts
are written in the group's language (they are stored). What the requester is told never names the person
unless the owner accepted the introduction: a declined or expired request reveals nothing new.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from bns.models import Notification, Tenant
from bns.services.notifications import notification_send_to_employee
from contacts.models import IntroEvent, IntroRequest


def intro_url(tenant: Tenant, intro: IntroRequest) -> str:
    return reverse("contacts_intro_detail", kwargs={"tenant_slug": tenant.slug, "pk": intro.pk})


def _send(tenant: Tenant, intro: IntroRequest, *, to, event: str, title: str, body: str, email: bool = True) -> Notification | None:
    return notification_send_to_employee(
        tenant=tenant, employee=to, key=f"intro:{intro.pk}:{event}", verb=f"intro_{event.split(':')[0]}", title=title,
        body=body, url=intro_url(tenant, intro), email=email,
    )


def _locale(tenant: Tenant):
    return translation.override(tenant.locale or settings.LANGUAGE_CODE)


def _deadline(intro: IntroRequest) -> str:
    return formats.date_format(timezone.localtime(intro.expires_at), "SHORT_DATE_FORMAT") if intro.expires_at else "—"


def notify_requested(tenant: Tenant, intro: IntroRequest, *, email: bool = True) -> Notification | None:
    """Tell the owner a colleague asks for an introduction to one of their contacts."""
    with _locale(tenant):
        title = _("%(requester)s asks you for an introduction to %(person)s") % {
            "requester": intro.requester.full_name, "person": intro.relationship.person.full_name}
        body = _("Purpose: %(purpose)s\n\n%(message)s\n\nAccept or decline before %(deadline)s: you decide.") % {
            "purpose": intro.purpose, "message": intro.message, "deadline": _deadline(intro)}
    return _send(tenant, intro, to=intro.owner, event="requested", title=title, body=body, email=email)


def notify_reminder(tenant: Tenant, intro: IntroRequest, *, email: bool = True) -> Notification | None:
    with _locale(tenant):
        title = _("Reminder: %(requester)s is waiting for your answer") % {"requester": intro.requester.full_name}
        body = _("%(requester)s asked for an introduction to %(person)s (%(purpose)s). Without an answer, the request "
                 "expires on %(deadline)s.") % {
            "requester": intro.requester.full_name, "person": intro.relationship.person.full_name, "purpose": intro.purpose,
            "deadline": _deadline(intro)}
    return _send(tenant, intro, to=intro.owner, event="reminder", title=title, body=body, email=email)


def notify_accepted(tenant: Tenant, intro: IntroRequest, message: str, *, email: bool = True) -> Notification | None:
    """Tell the requester: the owner accepted (the introduction names the person)."""
    person = intro.relationship.person
    with _locale(tenant):
        title = _("%(owner)s accepted to introduce you to %(person)s") % {"owner": intro.owner.full_name, "person": person.full_name}
        body = _("Your purpose: %(purpose)s\n\n%(message)s\n\nTell %(owner)s how it goes: record the follow-up and the outcome.") % {
            "purpose": intro.purpose, "message": message, "owner": intro.owner.full_name}
    return _send(tenant, intro, to=intro.requester, event="accepted", title=title, body=body, email=email)


def notify_declined(tenant: Tenant, intro: IntroRequest, *, email: bool = True) -> Notification | None:
    """Tell the requester it was declined, with the reason, and nothing about the person."""
    with _locale(tenant):
        title = _("%(owner)s declined your introduction request") % {"owner": intro.owner.full_name}
        body = _("Your purpose: %(purpose)s\n\nReason: %(reason)s") % {"purpose": intro.purpose, "reason": intro.decline_reason}
    return _send(tenant, intro, to=intro.requester, event="declined", title=title, body=body, email=email)


def notify_expired(tenant: Tenant, intro: IntroRequest, *, email: bool = True) -> Notification | None:
    with _locale(tenant):
        title = _("Your introduction request expired without an answer")
        body = _("%(owner)s did not answer in time. Your purpose: %(purpose)s") % {
            "owner": intro.owner.full_name, "purpose": intro.purpose}
    return _send(tenant, intro, to=intro.requester, event="expired", title=title, body=body, email=email)


def notify_follow_up(tenant: Tenant, intro: IntroRequest, event: IntroEvent, *, email: bool = True) -> Notification | None:
    with _locale(tenant):
        title = _("%(requester)s followed up on your introduction to %(person)s") % {
            "requester": intro.requester.full_name, "person": intro.relationship.person.full_name}
    return _send(tenant, intro, to=intro.owner, event=f"follow_up:{event.pk}", title=title, body=event.text, email=email)


def notify_outcome(tenant: Tenant, intro: IntroRequest, *, email: bool = True) -> Notification | None:
    """Feed the outcome back to the owner (seed 004: a contact treated badly is never shared again)."""
    with _locale(tenant):
        title = _("Outcome of your introduction to %(person)s: %(outcome)s") % {
            "person": intro.relationship.person.full_name, "outcome": intro.get_outcome_display()}
        body = _("Recorded by %(requester)s.\n\n%(note)s") % {"requester": intro.requester.full_name, "note": intro.outcome_note}
    return _send(tenant, intro, to=intro.owner, event=f"outcome:{intro.outcome}", title=title, body=body, email=email)
