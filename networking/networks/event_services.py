"""Writes of the networks' events and their attendance (re-exported by services.py).

Any member using the networking logs an event; its creator or Perm.MANAGE_NETWORKS edits it and marks colleagues
as attendees; an employee marks themself ("I was there"). Atomic, audited in the same transaction.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bns.models import Employee, Tenant
from bns.services.audit import audit_record
from networking.models import EventAttendance, Network, NetworkEvent
from networking.networks.access import actor_membership, event_can_edit
from networking.networks.checks import clean_text, diff, same_tenant, unknown_fields

EVENT_EDITABLE = ("title", "held_on", "network", "city", "notes")


def _validate_event(tenant: Tenant, values: dict) -> dict:
    errors: dict = {}
    clean_text(values, "title", 200, errors, required=True)
    clean_text(values, "city", 120, errors)
    clean_text(values, "notes", 5000, errors, single_line=False)
    if "held_on" in values and not isinstance(values["held_on"], date):
        errors["held_on"] = _("Give the event's date.")
    network = values.get("network")
    if network is not None and (not isinstance(network, Network) or network.tenant_id != tenant.pk):
        errors["network"] = _("Choose a network of the group's directory.")
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def network_event_create(
    *,
    tenant: Tenant,
    actor,
    title: str,
    held_on: date,
    network: Network | None = None,
    city: str = "",
    notes: str = "",
    i_attended: bool = False,
) -> NetworkEvent:
    """Log an event (any member; the network is optional: a trade fair, a one-off dinner...). With ``i_attended``
    the creator is marked as an attendee in the same step."""
    membership = actor_membership(tenant, actor)
    values = _validate_event(tenant, dict(title=title, held_on=held_on, network=network, city=city, notes=notes))
    if network is not None and not Network.unscoped.filter(tenant=tenant, pk=network.pk, is_active=True).exists():
        raise ValidationError({"network": _("This network is no longer in the directory.")})
    if not values["city"] and network is not None:
        values["city"] = network.city
    event = NetworkEvent.unscoped.create(tenant=tenant, created_by=actor, **values)
    audit_record(tenant=tenant, actor=actor, verb="networking.event_create", obj=event,
                 data={"network": network.pk if network else None, "held_on": event.held_on.isoformat()})
    if i_attended:
        if membership.employee is None:
            raise ValidationError(_("Your login is not linked to an employee of the group: nobody to mark as attendee."))
        event_attendance_set(tenant=tenant, actor=actor, event=event, employee=membership.employee, attended=True)
    return event


@transaction.atomic
def network_event_update(*, tenant: Tenant, actor, event: NetworkEvent, **changes) -> NetworkEvent:
    """Change an event: its creator, or Perm.MANAGE_NETWORKS."""
    membership = actor_membership(tenant, actor)
    same_tenant(tenant, event)
    if not event_can_edit(membership, event):
        raise PermissionDenied
    unknown_fields(changes, EVENT_EDITABLE)
    event = NetworkEvent.unscoped.select_for_update().get(tenant=tenant, pk=event.pk)
    values = _validate_event(tenant, dict(changes))
    changed = diff(event, values)
    if changed:
        for name, value in values.items():
            setattr(event, name, value)
        event.save()
        if "notes" in changed:
            changed["notes"] = "changed"
        audit_record(tenant=tenant, actor=actor, verb="networking.event_update", obj=event, data=changed)
    return event


@transaction.atomic
def event_attendance_set(
    *, tenant: Tenant, actor, event: NetworkEvent, employee: Employee | None = None, attended: bool = True
) -> EventAttendance:
    """Mark who was at the event: an employee themself ("I was there"); the event's creator or Perm.MANAGE_NETWORKS
    may also mark colleagues. ``attended=False`` takes the mark back."""
    membership = actor_membership(tenant, actor)
    same_tenant(tenant, event)
    if employee is None:
        employee = membership.employee
        if employee is None:
            raise ValidationError({"employee": _("Your login is not linked to an employee of the group: name the employee.")})
    if not isinstance(employee, Employee) or employee.tenant_id != tenant.pk:
        raise ValidationError({"employee": _("Choose an active employee of the group.")})
    itself = membership.employee_id is not None and membership.employee_id == employee.pk
    if not itself and not event_can_edit(membership, event):
        raise PermissionDenied
    if attended and not employee.is_active:
        raise ValidationError({"employee": _("Choose an active employee of the group.")})
    if attended and event.held_on > timezone.localdate():
        raise ValidationError(_("This event has not taken place yet: mark the attendance on the day or after."))
    row = EventAttendance.unscoped.select_for_update().filter(tenant=tenant, event=event, employee=employee).first()
    if row is None:
        row = EventAttendance.unscoped.create(tenant=tenant, event=event, employee=employee, attended=bool(attended))
    elif row.attended == bool(attended):
        return row
    else:
        row.attended = bool(attended)
        row.save(update_fields=["attended"])
    audit_record(tenant=tenant, actor=actor, verb="networking.attendance_set", obj=row,
                 data={"event": event.pk, "employee": employee.pk, "attended": row.attended})
    return row
