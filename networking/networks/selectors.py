"""Reads of the real-world networks: the directory, a network's page, events and their attendees.

Tenant explicit, counts aggregated in the database (correlated subqueries, so a page reads a fixed number of
queries whatever the number of rows). The coordination figures live in coordination.py.

Contacts met at an event are the attendee's own relationships: only the attendee sees whom they met; everyone else
sees a count (never a name, whatever the relationship's visibility: the contacts pages apply those rules).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from bns.models import Employee, Membership, Site, Tenant
from networking.models import (
    EventAttendance,
    EventContact,
    MembershipRole,
    Network,
    NetworkEvent,
    NetworkMembership,
    NetworkTarget,
)

# Targets: the group-wide ones (no dealership) first, whatever the database's default place for NULLs.
GROUP_WIDE_FIRST = F("site__name").asc(nulls_first=True)
PAST_EVENTS_SHOWN = 10  # on a network's page; the events list has them all


def _int(pk) -> int:
    try:
        value = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < value < 2**31:
        raise Http404
    return value


def count_of(qs: QuerySet, outer: str):
    """``COUNT(*)`` of ``qs`` correlated on its field ``outer`` (0 when none)."""
    grouped = qs.order_by().values(outer).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(grouped, output_field=IntegerField()), Value(0))


def active_memberships(tenant: Tenant) -> QuerySet[NetworkMembership]:
    """Memberships that have not ended, of employees still with the group."""
    return NetworkMembership.unscoped.filter(tenant=tenant, ended_on__isnull=True, employee__is_active=True)


def attendances(tenant: Tenant) -> QuerySet[EventAttendance]:
    return EventAttendance.unscoped.filter(tenant=tenant, attended=True)


# --- The directory ------------------------------------------------------------------------------------


def network_list(
    *,
    tenant: Tenant,
    search: str = "",
    kind: str = "",
    site_id: int | None = None,
    priority: int | None = None,
    target: str = "",
    include_inactive: bool = False,
) -> QuerySet[Network]:
    """The group's directory, with each network's active members and whether the policy targets it.

    ``target``: "yes" (targeted by the group or a dealership), "no", or "" (both)."""
    qs = Network.unscoped.filter(tenant=tenant).select_related("site")
    if not include_inactive:
        qs = qs.filter(is_active=True)
    for term in (search or "").split()[:10]:
        qs = qs.filter(Q(name__icontains=term) | Q(city__icontains=term))
    if kind:
        qs = qs.filter(kind=kind)
    if site_id:
        qs = qs.filter(site_id=site_id)
    if priority:
        qs = qs.filter(priority=priority)
    qs = qs.annotate(
        member_count=count_of(active_memberships(tenant).filter(network_id=OuterRef("pk")), "network_id"),
        target_count=count_of(NetworkTarget.unscoped.filter(tenant=tenant, network_id=OuterRef("pk")), "network_id"),
    )
    if target == "yes":
        qs = qs.filter(target_count__gt=0)
    elif target == "no":
        qs = qs.filter(target_count=0)
    return qs.order_by("priority", "name", "city", "pk")


def network_get_for(*, tenant: Tenant, pk) -> Network:
    """One network of the group (inactive ones too), else 404."""
    network = Network.unscoped.filter(tenant=tenant, pk=_int(pk)).select_related("site").first()
    if network is None:
        raise Http404
    return network


def network_choices(*, tenant: Tenant, include: int | None = None) -> QuerySet[Network]:
    """The active networks (plus ``include``, the one an object already points at), for forms."""
    cond = Q(is_active=True)
    if include:
        cond |= Q(pk=include)
    return Network.unscoped.filter(tenant=tenant).filter(cond).order_by("name", "city", "pk")


def employee_choices(*, tenant: Tenant) -> QuerySet[Employee]:
    return Employee.unscoped.filter(tenant=tenant, is_active=True).select_related("site").order_by("last_name", "first_name", "pk")


def site_choices(*, tenant: Tenant) -> QuerySet[Site]:
    return Site.unscoped.filter(tenant=tenant).order_by("name", "pk")


# --- One network --------------------------------------------------------------------------------------


@dataclass
class NetworkDetail:
    network: Network
    members: list[NetworkMembership]  # active first (leads, board, members), then the ended ones
    targets: list[NetworkTarget]
    upcoming: list[NetworkEvent]
    past: list[NetworkEvent]
    past_total: int
    my_membership: NetworkMembership | None = None
    active_member_count: int = 0


_ROLE_ORDER = Case(
    When(role=MembershipRole.LEAD, then=Value(0)), When(role=MembershipRole.BOARD, then=Value(1)), default=Value(2),
    output_field=IntegerField(),
)


def network_detail(*, tenant: Tenant, membership: Membership, network: Network, today: date | None = None) -> NetworkDetail:
    """Members, targets with their leads and coverage, upcoming and past events with attendance counts."""
    from networking.networks.coordination import targets_annotated

    today = today or timezone.localdate()
    members = list(
        NetworkMembership.unscoped.filter(tenant=tenant, network=network)
        .select_related("employee", "employee__site")
        .annotate(_ended=Case(When(ended_on__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField()),
                  _role=_ROLE_ORDER)
        .order_by("_ended", "_role", "employee__last_name", "employee__first_name", "pk")
    )
    targets = list(targets_annotated(tenant=tenant).filter(network=network).order_by(GROUP_WIDE_FIRST, "pk"))
    events = events_annotated(tenant=tenant).filter(network=network)
    upcoming = list(events.filter(held_on__gte=today).order_by("held_on", "pk"))
    past_qs = events.filter(held_on__lt=today)
    past = list(past_qs.order_by("-held_on", "-pk")[:PAST_EVENTS_SHOWN])
    past_total = len(past) if len(past) < PAST_EVENTS_SHOWN else past_qs.count()
    mine = next((m for m in members if membership.employee_id and m.employee_id == membership.employee_id), None)
    active = sum(1 for m in members if m.ended_on is None and m.employee.is_active)
    return NetworkDetail(network=network, members=members, targets=targets, upcoming=upcoming, past=past, past_total=past_total,
                         my_membership=mine, active_member_count=active)


def membership_get_for(*, tenant: Tenant, pk) -> NetworkMembership:
    row = (NetworkMembership.unscoped.filter(tenant=tenant, pk=_int(pk))
           .select_related("network", "employee", "employee__site").first())
    if row is None:
        raise Http404
    return row


def membership_list(*, tenant: Tenant, network_id=None, employee_id=None, active: bool | None = None) -> QuerySet[NetworkMembership]:
    qs = NetworkMembership.unscoped.filter(tenant=tenant).select_related("network", "employee", "employee__site")
    if network_id:
        qs = qs.filter(network_id=network_id)
    if employee_id:
        qs = qs.filter(employee_id=employee_id)
    if active is True:
        qs = qs.filter(ended_on__isnull=True)
    elif active is False:
        qs = qs.filter(ended_on__isnull=False)
    return qs.order_by("network__name", "employee__last_name", "employee__first_name", "pk")


def target_get_for(*, tenant: Tenant, pk) -> NetworkTarget:
    from networking.networks.coordination import targets_annotated

    row = targets_annotated(tenant=tenant).filter(pk=_int(pk)).first()
    if row is None:
        raise Http404
    return row


# --- Events -------------------------------------------------------------------------------------------


def events_annotated(*, tenant: Tenant) -> QuerySet[NetworkEvent]:
    """Events with their attendee and contacts-met counts."""
    return (
        NetworkEvent.unscoped.filter(tenant=tenant)
        .select_related("network", "created_by")
        .annotate(
            attendee_count=count_of(attendances(tenant).filter(event_id=OuterRef("pk")), "event_id"),
            contact_count=count_of(EventContact.unscoped.filter(tenant=tenant, event_id=OuterRef("pk")), "event_id"),
        )
    )


def event_list(
    *,
    tenant: Tenant,
    membership: Membership,
    search: str = "",
    network_id: int | None = None,
    when: str = "",
    mine: bool = False,
    today: date | None = None,
) -> QuerySet[NetworkEvent]:
    """Events, upcoming first then the most recent; ``when``: "upcoming", "past" or "" (all); ``mine``: the ones
    the member attended. Each row says whether the member attended (``i_attended``)."""
    today = today or timezone.localdate()
    qs = events_annotated(tenant=tenant)
    for term in (search or "").split()[:10]:
        qs = qs.filter(Q(title__icontains=term) | Q(city__icontains=term) | Q(network__name__icontains=term))
    if network_id:
        qs = qs.filter(network_id=network_id)
    if when == "upcoming":
        qs = qs.filter(held_on__gte=today)
    elif when == "past":
        qs = qs.filter(held_on__lt=today)
    employee_id = membership.employee_id
    mine_cond = attendances(tenant).filter(event_id=OuterRef("pk"), employee_id=employee_id or 0)
    qs = qs.annotate(i_attended=Exists(mine_cond))
    if mine:
        qs = qs.filter(i_attended=True) if employee_id else qs.none()
    upcoming_first = Case(When(held_on__gte=today, then=Value(0)), default=Value(1), output_field=IntegerField())
    return qs.annotate(_later=upcoming_first).order_by("_later", "-held_on", "-pk")


def event_get_for(*, tenant: Tenant, pk) -> NetworkEvent:
    event = events_annotated(tenant=tenant).filter(pk=_int(pk)).first()
    if event is None:
        raise Http404
    return event


def attendance_get_for(*, tenant: Tenant, pk) -> EventAttendance:
    row = EventAttendance.unscoped.filter(tenant=tenant, pk=_int(pk)).select_related("event", "event__tenant", "employee").first()
    if row is None:
        raise Http404
    return row


@dataclass
class EventDetail:
    event: NetworkEvent
    attendees: list[EventAttendance]
    i_attended: bool
    my_contacts: list[EventContact]  # the viewer's own contacts met, with the person when still theirs
    others_contact_count: int  # contacts met by the other attendees: a count, never names


def event_detail(*, tenant: Tenant, membership: Membership, event: NetworkEvent) -> EventDetail:
    attendees = list(
        attendances(tenant).filter(event=event).select_related("employee", "employee__site")
        .order_by("employee__last_name", "employee__first_name", "pk")
    )
    me = membership.employee_id
    i_attended = me is not None and any(a.employee_id == me for a in attendees)
    my_contacts: list[EventContact] = []
    if me is not None:
        my_contacts = list(
            EventContact.unscoped.filter(tenant=tenant, event=event, attendee_id=me)
            .select_related("person", "person__account", "relationship")
            .order_by("-created_at", "-pk")
        )
        for row in my_contacts:
            # The name only while the relationship is still the viewer's (deleted, or the person erased: not shown).
            row.visible_person = row.person if row.relationship_id and row.relationship.owner_id == me else None
    others = EventContact.unscoped.filter(tenant=tenant, event=event)
    if me is not None:
        others = others.exclude(attendee_id=me)
    return EventDetail(event=event, attendees=attendees, i_attended=i_attended, my_contacts=my_contacts,
                       others_contact_count=others.count())


def my_event_contacts(*, tenant: Tenant, membership: Membership, event: NetworkEvent) -> QuerySet[EventContact]:
    """The member's own contacts met at this event (none for a member with no employee record)."""
    if membership.employee_id is None:
        return EventContact.unscoped.none()
    return (EventContact.unscoped.filter(tenant=tenant, event=event, attendee_id=membership.employee_id)
            .select_related("person", "relationship", "attendee").order_by("-created_at", "-pk"))


def my_memberships(*, tenant: Tenant, membership: Membership) -> list[NetworkMembership]:
    if membership.employee_id is None:
        return []
    return list(membership_list(tenant=tenant, employee_id=membership.employee_id, active=True))

