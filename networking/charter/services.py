"""Writes of the networking charter. Keyword-only, tenant and actor explicit, atomic, audited.

Publishing (Perm.MANAGE_CHARTER) creates version n+1: versions are never edited, so what an employee acknowledged
stays exactly what they read. Every active member with an employee record is then told, once per version, that a
new version awaits their acknowledgement. An employee acknowledges the current version only.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from bns.access import membership_of_actor
from bns.models import Membership, Tenant
from bns.permissions import Perm
from bns.services.audit import audit_record
from bns.services.notifications import notification_send
from networking.charter.selectors import charter_lines
from networking.models import Charter, CharterAcknowledgement

TITLE_MAX = 200
TEXT_MAX = 20_000


def _current(tenant: Tenant) -> Charter | None:
    return Charter.unscoped.filter(tenant=tenant).order_by("-version").first()


def _clean_list(text) -> str:
    """One item per line, blank lines and bullet marks dropped (the page shows them as a list)."""
    return "\n".join(charter_lines(text))


@transaction.atomic
def charter_publish(*, tenant: Tenant, actor, title: str, dos: str = "", donts: str = "", body: str = "") -> Charter:
    """Publish a new version (n+1); the members are told after the commit, once per version."""
    membership = membership_of_actor(tenant=tenant, actor=actor)
    if not membership.has_perm(Perm.MANAGE_CHARTER):
        raise PermissionDenied
    title = (title or "").strip()
    dos, donts, body = _clean_list(dos), _clean_list(donts), (body or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Give the charter a title.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("At most %(n)s characters.") % {"n": TITLE_MAX}
    for name, value in (("dos", dos), ("donts", donts), ("body", body)):
        if len(value) > TEXT_MAX:
            errors[name] = _("At most %(n)s characters.") % {"n": TEXT_MAX}
    if not (dos or donts or body) and not errors:
        errors["dos"] = _("Write at least one do or don't, or the text of the charter.")
    if errors:
        raise ValidationError(errors)
    # One publication at a time per group: the group's row is the lock, the unique version the safety net.
    Tenant.objects.select_for_update().filter(pk=tenant.pk).values_list("pk", flat=True).first()
    version = (Charter.unscoped.filter(tenant=tenant).aggregate(v=Max("version"))["v"] or 0) + 1
    try:
        with transaction.atomic():
            charter = Charter.unscoped.create(tenant=tenant, version=version, title=title, dos=dos, donts=donts, body=body,
                                              published_by=actor)
    except IntegrityError:
        raise ValidationError(_("Another version was published at the same time: reload the page and try again.")) from None
    audit_record(tenant=tenant, actor=actor, verb="networking.charter_published", obj=charter, data={"version": version})
    charter_id, tenant_id = charter.pk, tenant.pk
    transaction.on_commit(lambda: _queue_notify(charter_id, tenant_id))
    return charter


def _queue_notify(charter_id: int, tenant_id: int) -> None:
    from networking.charter.tasks import charter_notify_members

    charter_notify_members.delay(charter_id, tenant_id)


def charter_notify_members(*, tenant: Tenant, charter: Charter) -> int:
    """Tell every active member with an active employee record that a version awaits them (once per version)."""
    if charter.tenant_id != tenant.pk:
        raise PermissionDenied
    current = _current(tenant)
    if current is None or current.pk != charter.pk:
        return 0  # a newer version came meanwhile: it carries its own notification
    url = reverse("networking_charter", kwargs={"tenant_slug": tenant.slug})
    with translation.override(tenant.locale or settings.LANGUAGE_CODE):
        title = _("New networking charter (version %(version)s): please read and acknowledge it") % {"version": charter.version}
        body = _("%(title)s. It says how we network together; it takes two minutes to read.") % {"title": charter.title}
    sent = 0
    members = (
        Membership.unscoped.filter(tenant=tenant, is_active=True, employee__isnull=False, employee__is_active=True)
        .select_related("user").order_by("pk")
    )
    for membership in members.iterator(chunk_size=500):
        if notification_send(tenant=tenant, recipient=membership.user, key=f"charter-version:{charter.pk}", verb="charter",
                             title=title, body=body, url=url) is not None:
            sent += 1
    return sent


@transaction.atomic
def charter_acknowledge(*, tenant: Tenant, actor, charter: Charter | None = None) -> CharterAcknowledgement:
    """The member's employee acknowledges the current version (``charter``, when given, must be it). Twice: harmless."""
    membership = membership_of_actor(tenant=tenant, actor=actor)
    employee = membership.employee
    if employee is None:
        raise ValidationError(_("Only a member with an employee record acknowledges the charter."))
    current = _current(tenant)
    if current is None:
        raise ValidationError(_("The group has not published its charter yet."))
    if charter is not None and (charter.tenant_id != tenant.pk or charter.pk != current.pk):
        raise ValidationError(
            {"charter": _("This version is no longer the current one: read version %(version)s and acknowledge it.")
             % {"version": current.version}}
        )
    found = CharterAcknowledgement.unscoped.filter(tenant=tenant, charter=current, employee=employee).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            ack = CharterAcknowledgement.unscoped.create(tenant=tenant, charter=current, employee=employee)
    except IntegrityError:  # a double click: the other request recorded it
        return CharterAcknowledgement.unscoped.get(tenant=tenant, charter=current, employee=employee)
    audit_record(tenant=tenant, actor=actor, verb="networking.charter_acknowledged", obj=ack,
                 data={"charter": current.pk, "version": current.version, "employee": employee.pk})
    return ack
