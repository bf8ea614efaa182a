"""Seeds the demo networks (networking/demo/networks_data.py): the directory, memberships, targets, events with their
attendance, and the contacts met, which become real relationships of the attendee through the contacts services.

Every row is matched first (network by name and city, membership by network and employee, target by network and
dealership, event by network and title, attendance by event and employee, contact met by event, attendee and person).
"""

from __future__ import annotations

from contacts.models import Source
from contacts.services import person_upsert, relationship_create
from networking.demo.networks_data import NETWORKS
from networking.demo.staff import Staff
from networking.models import (
    EventAttendance,
    EventContact,
    Network,
    NetworkEvent,
    NetworkMembership,
    NetworkTarget,
)
from networking.networks.contacts_met import met_context


def seed_networks(staff: Staff) -> dict[str, int]:
    tenant = staff.tenant
    created = dict.fromkeys(("networks", "network memberships", "network targets", "network events", "event attendances",
                             "contacts met"), 0)
    existing = {(n.name, n.city): n for n in Network.objects.filter(tenant=tenant)}
    networks: dict[str, Network] = {}
    for demo in NETWORKS:
        spec = demo.network
        network = existing.get((spec.name, spec.city))
        if network is None:
            network = Network.objects.create(
                tenant=tenant, name=spec.name, kind=spec.kind, city=spec.city, site=staff.sites.get(spec.site) if spec.site else None,
                annual_fee=spec.fee, priority=spec.priority, description=spec.description, is_active=spec.active,
            )
            created["networks"] += 1
        networks[spec.name] = network
    members = set(NetworkMembership.objects.filter(tenant=tenant).values_list("network_id", "employee_id"))
    targets = set(NetworkTarget.objects.filter(tenant=tenant).values_list("network_id", "site_id"))
    events = {(e.network_id, e.title): e for e in NetworkEvent.objects.filter(tenant=tenant, network__isnull=False)}
    attendances = set(EventAttendance.objects.filter(tenant=tenant).values_list("event_id", "employee_id"))
    new_members, new_targets, new_attendances = [], [], []
    for demo in NETWORKS:
        network = networks[demo.network.name]
        for m in demo.members:
            employee = staff.must(m.who)
            if (network.pk, employee.pk) in members:
                continue
            members.add((network.pk, employee.pk))
            new_members.append(NetworkMembership(
                tenant=tenant, network=network, employee=employee, role=m.role, since=staff.day(round(365 * m.years)),
                paid_by_company=m.paid, ended_on=staff.day(m.ended_days_ago) if m.ended_days_ago is not None else None,
            ))
        for t in demo.targets:
            site = staff.sites[t.site] if t.site else None
            key = (network.pk, site.pk if site else None)
            if key in targets:
                continue
            targets.add(key)
            new_targets.append(NetworkTarget(
                tenant=tenant, network=network, site=site, lead=staff.must(t.lead) if t.lead else None, note=t.note,
            ))
        for e in demo.events:
            event = events.get((network.pk, e.title))
            if event is None:
                event = NetworkEvent.objects.create(
                    tenant=tenant, network=network, title=e.title, held_on=staff.day(e.days_ago),
                    city=network.city or (network.site.city if network.site else ""), notes=e.notes,
                    created_by=staff.users.get("admin"),
                )
                NetworkEvent.objects.filter(pk=event.pk).update(created_at=staff.moment(e.days_ago - 1, 9))
                created["network events"] += 1
            for who, attended in [(w, True) for w in e.present] + [(w, False) for w in e.absent]:
                employee = staff.must(who)
                if (event.pk, employee.pk) not in attendances:
                    attendances.add((event.pk, employee.pk))
                    new_attendances.append(EventAttendance(tenant=tenant, event=event, employee=employee, attended=attended))
            created["contacts met"] += _contacts_met(staff, event, e.met)
    NetworkMembership.objects.bulk_create(new_members)
    NetworkTarget.objects.bulk_create(new_targets)
    EventAttendance.objects.bulk_create(new_attendances)
    created.update({"network memberships": len(new_members), "network targets": len(new_targets),
                    "event attendances": len(new_attendances)})
    return created


def _contacts_met(staff: Staff, event: NetworkEvent, met) -> int:
    """Each person met becomes (or already is) a relationship of the attendee, written as the contacts-met service
    writes it (person of source "event", relationship whose context names the event), through the contacts services."""
    created = 0
    for m in met:
        attendee = staff.must(m.attendee)
        person, _person_new = person_upsert(
            tenant=staff.tenant, actor=None, first_name=m.first_name, last_name=m.last_name, emails=[m.email],
            company_name=m.company, position=m.position, source=Source.EVENT,
        )
        relationship, _new = relationship_create(
            tenant=staff.tenant, actor=None, owner=attendee, person=person, strength=2, kind=m.kind,
            context=met_context(tenant=staff.tenant, event=event),
        )
        _row, new = EventContact.objects.get_or_create(
            tenant=staff.tenant, event=event, attendee=attendee, person=person, defaults={"relationship": relationship},
        )
        created += new
    return created
