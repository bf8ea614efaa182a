"""The persons met at an event: recorded by the attendee, each becomes the attendee's own relationship in one step.

The person is found or created by the contacts services (deduplicated by e-mail, LinkedIn URL, or name + company;
source "event", the default legal basis; an erased person who objected is refused), then the attendee's relationship
is created with the group's default visibility (or the one the attendee chose), its context saying where they met,
and its creation written in the sharing ledger. The EventContact row links event, attendee, person and relationship.
Only the attendee records their contacts met, and only they see their names: the rep owns the relationship.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from bns.models import Tenant
from bns.permissions import Perm
from bns.services.audit import audit_record
from contacts.models import Relationship, RelationshipKind, Source
from contacts.services import person_upsert, relationship_create
from networking.models import EventAttendance, EventContact, NetworkEvent
from networking.networks.access import actor_membership
from networking.networks.checks import same_tenant

CONTEXT_MAX = 300  # Relationship.context


@dataclass(frozen=True)
class EventContactResult:
    contact: EventContact
    relationship: Relationship
    relationship_created: bool  # False: the attendee already knew this person (their relationship is kept as it was)
    person_created: bool  # False: the person was already known in the group (deduplicated)
    already_recorded: bool  # the attendee had already recorded this person at this event
    objected: bool  # the person objected to being contacted: nobody in the group may solicit them


def attendee_of(*, tenant: Tenant, event: NetworkEvent, employee_id) -> bool:
    """Was this employee marked as present at the event?"""
    if employee_id is None:
        return False
    return EventAttendance.unscoped.filter(tenant=tenant, event=event, employee_id=employee_id, attended=True).exists()


def met_context(*, tenant: Tenant, event: NetworkEvent) -> str:
    """The relationship's context, in the group's language (it is stored, not shown through gettext later)."""
    with translation.override(tenant.locale or "fr"):
        text = _("Met at %(event)s") % {"event": event.title}
    return text[:CONTEXT_MAX]


@transaction.atomic
def event_contact_add(
    *,
    tenant: Tenant,
    actor,
    event: NetworkEvent,
    first_name: str = "",
    last_name: str = "",
    company: str = "",
    email: str = "",
    phone: str = "",
    position: str = "",
    linkedin_url: str = "",
    strength: int = 2,
    notes: str = "",
    visibility: str | None = None,
    kind: str = "",
) -> EventContactResult:
    """The attendee records a person met at the event; it becomes their relationship (see the module's docstring).

    ``notes`` go to the relationship's private notes (only ever shown to its owner). The contacts services' errors
    (invalid e-mail or phone, an erased person who objected...) come back as ValidationError."""
    membership = actor_membership(tenant, actor)
    same_tenant(tenant, event)
    if not membership.has_perm(Perm.USE_CONTACTS):
        raise PermissionDenied
    attendee = membership.employee
    if attendee is None or not attendee_of(tenant=tenant, event=event, employee_id=attendee.pk):
        raise PermissionDenied
    kind = kind or (RelationshipKind.CLUB_FELLOW if event.network_id else RelationshipKind.OTHER)
    person, person_created = person_upsert(
        tenant=tenant, actor=actor, first_name=first_name, last_name=last_name, emails=[email], phones=[phone],
        linkedin_url=linkedin_url, company_name=company, position=position, source=Source.EVENT,
    )
    relationship, relationship_created = relationship_create(
        tenant=tenant, actor=actor, owner=attendee, person=person, strength=strength, kind=kind,
        context=met_context(tenant=tenant, event=event), visibility=visibility or None, private_notes=notes,
    )
    contact = EventContact.unscoped.filter(tenant=tenant, event=event, attendee=attendee, person=person).first()
    already = contact is not None
    if contact is None:
        contact = EventContact.unscoped.create(tenant=tenant, event=event, attendee=attendee, person=person, relationship=relationship)
        audit_record(tenant=tenant, actor=actor, verb="networking.event_contact_add", obj=contact, data={
            "event": event.pk, "person": person.pk, "relationship": relationship.pk,
            "person_created": person_created, "relationship_created": relationship_created,
        })
    elif contact.relationship_id is None:
        contact.relationship = relationship
        contact.save(update_fields=["relationship"])
    return EventContactResult(
        contact=contact, relationship=relationship, relationship_created=relationship_created, person_created=person_created,
        already_recorded=already, objected=person.objected_at is not None,
    )

