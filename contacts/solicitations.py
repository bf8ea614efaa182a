"""Coordination, not harassment: solicitations logged against a person under the group's contact-pressure cap.

The cap (``tenant.solicitation_cap`` commercial solicitations per person over a rolling
``tenant.solicitation_window_days``) is group-wide: every employee's solicitations of the person count.
A person who objected is blocked group-wide. An exclusive relationship routes colleagues to its owner, but
only when that relationship is DISCOVERABLE or SHARED: naming the owner of a PRIVATE one would reveal it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from bns.models import Membership, Tenant
from contacts.models import LedgerEntry, Person, Relationship, RelationshipStatus, Solicitation, Visibility
from contacts.selectors import DETAILS, OWNER, relationship_visible
from contacts.services import _actor_employee, ledger_record


def _window_start(tenant: Tenant, when: datetime) -> datetime:
    return when - timedelta(days=tenant.solicitation_window_days or 30)


def solicitation_pressure(*, tenant: Tenant, person: Person, now: datetime | None = None, last: int = 5) -> dict:
    """How much the group has solicited ``person`` commercially over the rolling window (two queries)."""
    now = now or timezone.now()
    cap = tenant.solicitation_cap
    window_days = tenant.solicitation_window_days or 30
    qs = Solicitation.unscoped.filter(
        tenant=tenant, person_id=person.pk, commercial=True, occurred_at__gt=_window_start(tenant, now), occurred_at__lte=now
    )
    figures = qs.aggregate(count=Count("pk"), by_employees=Count("employee_id", distinct=True))
    rows = qs.select_related("employee").order_by("-occurred_at", "-pk")[:last]
    return {
        "count": figures["count"],
        "cap": cap,
        "window_days": window_days,
        "by_employees": figures["by_employees"],
        "over_cap": bool(cap) and figures["count"] >= cap,
        "last": [(s.employee.full_name, s.get_channel_display(), s.occurred_at) for s in rows],
    }


def solicitation_person_for(*, tenant: Tenant, membership: Membership, person_id) -> Person:
    """The person, if the member may see their details through some relationship (owner or details), else 404."""
    from django.http import Http404

    try:
        person_id = int(person_id)
    except (TypeError, ValueError):
        raise Http404 from None
    visible = relationship_visible(tenant=tenant, membership=membership).filter(person_id=person_id, access__in=[OWNER, DETAILS])
    if not visible.exists():
        raise Http404
    person = Person.unscoped.filter(tenant=tenant, pk=person_id).select_related("account").first()
    if person is None:
        raise Http404
    return person


def solicitation_exclusive_relationship(*, tenant: Tenant, person: Person, employee) -> Relationship | None:
    """A colleague's exclusive relationship to ``person`` that routes every approach through its owner (an
    introduction request), or None. Only DISCOVERABLE or SHARED ones: naming the owner of a PRIVATE one would reveal it."""
    qs = Relationship.unscoped.filter(
        tenant=tenant, person=person, exclusive=True, status=RelationshipStatus.ACTIVE,
        visibility__in=[Visibility.DISCOVERABLE, Visibility.SHARED],
    )
    if employee is not None:
        qs = qs.exclude(owner=employee)
    return qs.select_related("owner").order_by("pk").first()


@transaction.atomic
def solicitation_log(
    *,
    tenant: Tenant,
    actor,
    person: Person,
    channel: str,
    commercial: bool = True,
    occurred_at: datetime | None = None,
    note: str = "",
    override_cap: bool = False,
) -> tuple[Solicitation, str]:
    """Log that the actor's employee approached ``person``. Returns (solicitation, warning).

    Refused (ValidationError): no employee record, a person who objected, an exclusive relationship of a
    colleague (routes to them), the cap already reached in the window (unless ``override_cap``: then it is
    logged with ``override`` in the ledger and the warning says so).
    """
    employee = _actor_employee(tenant, actor)
    if employee is None:
        raise ValidationError(_("Your account has no employee record: only employees log solicitations."))
    if person.tenant_id != tenant.pk:
        raise ValidationError(_("This object does not belong to the group."))
    if channel not in Solicitation.Channel.values:
        raise ValidationError({"channel": _("Unknown channel.")})
    now = timezone.now()
    when = occurred_at or now
    if when > now + timedelta(minutes=5):
        raise ValidationError({"occurred_at": _("A solicitation cannot be in the future.")})
    # Lock the person: two colleagues logging at once cannot both pass the cap.
    person = Person.unscoped.select_for_update().filter(tenant=tenant, pk=person.pk).first()
    if person is None:
        raise ValidationError(_("This person no longer exists."))
    if person.objected_at is not None:
        raise ValidationError(_("This person objected to being contacted: no one in the group may solicit them."))
    exclusive = solicitation_exclusive_relationship(tenant=tenant, person=person, employee=employee)
    if exclusive is not None:
        raise ValidationError(
            _("%(owner)s handles this person exclusively: every approach goes through them. Ask them for an introduction.")
            % {"owner": exclusive.owner.full_name}
        )
    warning = ""
    overridden = False
    if commercial:
        pressure = solicitation_pressure(tenant=tenant, person=person, now=when)
        if pressure["over_cap"]:
            figures = {"count": pressure["count"], "cap": pressure["cap"], "days": pressure["window_days"]}
            if not override_cap:
                raise ValidationError(
                    _("This person was already solicited %(count)s times in the last %(days)s days (cap: %(cap)s). "
                      "Tick “log anyway” to log it all the same.") % figures
                )
            overridden = True
            warning = _("Logged over the cap (%(count)s solicitations in %(days)s days, cap %(cap)s).") % figures
    solicitation = Solicitation.unscoped.create(
        tenant=tenant, person=person, employee=employee, channel=channel, commercial=bool(commercial), occurred_at=when,
        note=(note or "").strip()[:300],
    )
    ledger_record(
        tenant=tenant, actor=actor, verb=LedgerEntry.Verb.SOLICITATION, person=person,
        data={"solicitation_id": solicitation.pk, "channel": channel, "commercial": bool(commercial), "override": overridden},
    )
    return solicitation, warning
