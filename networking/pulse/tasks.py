"""Celery tasks of the conviction pulse (imported by networking/tasks.py so the worker and beat know them).

- ``pulse_notify_audience``: tell each employee asked that a pulse is open (once per pulse and employee: the
  notification key), queued after the opening commits and replayed by the nightly sweep for pulses whose
  opening day has come since (and for employees who joined the audience since).
- ``pulses_sweep``: nightly, per group: close the pulses past their closing date (which shuffles their answers),
  then the notifications above. Both are idempotent.

The notifications say that a pulse is open, to the people asked; nothing is ever sent about who answered.
"""

from __future__ import annotations

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings
from django.db import OperationalError
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from bns.models import Membership, Tenant
from bns.periodic import periodic_register
from bns.services.notifications import notification_send
from bns.tenancy import tenant_scope

periodic_register("networking-pulses-sweep", "networking.pulse.tasks.pulses_sweep", crontab(hour=1, minute=17))

_TASK = dict(
    acks_late=True, reject_on_worker_lost=True, autoretry_for=(OSError, OperationalError), retry_backoff=True,
    retry_backoff_max=600, max_retries=5,
)


def notify_audience(*, tenant: Tenant, pulse) -> int:
    """Notify the audience of an open pulse whose opening day has come; returns how many were notified now."""
    from networking.models import Pulse
    from networking.pulse import selectors

    today = timezone.localdate()
    if pulse.status != Pulse.Status.OPEN or not pulse.opens_on <= today <= pulse.closes_on:
        return 0
    employee_ids = selectors.audience_employees(
        tenant=tenant, site_ids=selectors.clean_ids(pulse.audience_site_ids),
        department_ids=selectors.clean_ids(pulse.audience_department_ids),
    ).values_list("pk", flat=True)
    members = (
        Membership.unscoped.filter(tenant=tenant, is_active=True, employee_id__in=employee_ids)
        .select_related("user").order_by("pk")
    )
    url = reverse("networking_pulse_answer", kwargs={"tenant_slug": tenant.slug, "pk": pulse.pk})
    with translation.override(tenant.locale or settings.LANGUAGE_CODE):
        title = _("Conviction pulse: %(title)s") % {"title": pulse.title}
        body = _(
            "Four short questions and a comment, until %(date)s. Your answer is anonymous: it is stored without your "
            "name, and results are only shown for groups of at least %(n)s people."
        ) % {"date": formats.date_format(pulse.closes_on, "SHORT_DATE_FORMAT"), "n": selectors.min_respondents(tenant=tenant)}
    sent = 0
    for membership in members:
        if notification_send(tenant=tenant, recipient=membership.user, key=f"pulse:{pulse.pk}:open", verb="pulse_open",
                             title=title, body=body, url=url):
            sent += 1
    return sent


@shared_task(**_TASK, soft_time_limit=5 * 60, time_limit=6 * 60)
def pulse_notify_audience(pulse_id: int, tenant_id: int) -> int:
    from networking.models import Pulse

    tenant = Tenant.objects.filter(pk=tenant_id).first()
    if tenant is None:
        return 0
    with tenant_scope(tenant):
        pulse = Pulse.unscoped.filter(tenant=tenant, pk=pulse_id).first()
        return notify_audience(tenant=tenant, pulse=pulse) if pulse is not None else 0


@shared_task(**_TASK, soft_time_limit=20 * 60, time_limit=21 * 60)
def pulses_sweep() -> dict:
    """Nightly platform job, group by group: close what is due, notify what has opened."""
    from networking.models import Pulse
    from networking.pulse.services import pulses_close_due

    totals = {"closed": 0, "notified": 0}
    for tenant_id in Tenant.objects.order_by("pk").values_list("pk", flat=True):
        tenant = Tenant.objects.filter(pk=tenant_id).first()
        if tenant is None:
            continue
        with tenant_scope(tenant):
            totals["closed"] += pulses_close_due(tenant=tenant)
            for pulse in Pulse.unscoped.filter(tenant=tenant, status=Pulse.Status.OPEN).order_by("pk"):
                totals["notified"] += notify_audience(tenant=tenant, pulse=pulse)
    return totals
