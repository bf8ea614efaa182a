"""API of the real-world networks: permissions, writes through the services, contacts met, coordination, 404s."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import Person, Relationship
from networking.models import EventAttendance, Network, NetworkMembership, NetworkTarget
from networking.networks import services
from tests.networking.networks.conftest import api

pytestmark = pytest.mark.django_db


def u(tenant, name, pk=None, **kwargs) -> str:
    kw = {"tenant_slug": tenant.slug, **kwargs}
    if pk is not None:
        kw["pk"] = pk
    return reverse(f"api-networking-{name}", kwargs=kw)


def test_networks_crud_and_permissions(org):
    t = org.tenant
    data = {"name": "CCI Morbihan", "kind": "chamber", "city": "Vannes", "site": org.vannes.pk, "annual_fee": "450.00", "priority": 1}
    assert api(org.m("rep")).post(u(t, "network-list"), data, format="json").status_code == 403
    response = api(org.m("exec")).post(u(t, "network-list"), data, format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["site_name"] == "Concession Vannes" and response.json()["member_count"] == 0
    again = api(org.m("exec")).post(u(t, "network-list"), data, format="json")
    assert again.status_code == 400 and "name" in again.json()
    assert api(org.m("exec")).post(u(t, "network-list"), {**data, "name": "X", "annual_fee": "-1"}, format="json").status_code == 400
    listed = api(org.m("rep")).get(u(t, "network-list"), {"kind": "chamber"}).json()
    assert [row["name"] for row in listed["results"]] == ["CCI Morbihan"]
    assert api(org.m("rep")).get(u(t, "network-list"), {"kind": "bogus"}).status_code == 400
    patched = api(org.m("exec")).patch(u(t, "network-detail", pk), {"priority": 3}, format="json")
    assert patched.status_code == 200 and patched.json()["priority"] == 3
    assert api(org.m("exec")).post(u(t, "network-deactivate", pk)).json()["is_active"] is False
    assert api(org.m("rep")).get(u(t, "network-list")).json()["count"] == 0
    assert api(org.m("rep")).get(u(t, "network-detail", pk)).status_code == 200  # still readable


def test_memberships(org, make_network):
    t, network = org.tenant, make_network()
    client = api(org.m("rep"))
    response = client.post(u(t, "membership-list"), {"network": network.pk, "role": "board", "paid_by_company": True}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["employee"] == org.e("rep").pk
    other = client.post(u(t, "membership-list"), {"network": network.pk, "employee": org.e("rep2").pk}, format="json")
    assert other.status_code == 403
    pk = response.json()["id"]
    assert client.patch(u(t, "membership-detail", pk), {"role": "lead"}, format="json").json()["role"] == "lead"
    assert api(org.m("rep2")).patch(u(t, "membership-detail", pk), {"role": "member"}, format="json").status_code == 403
    ended = client.post(u(t, "membership-end", pk), {}, format="json")
    assert ended.status_code == 200 and ended.json()["ended_on"] == timezone.localdate().isoformat()
    assert client.post(u(t, "membership-end", pk), {}, format="json").status_code == 400
    assert client.get(u(t, "membership-list"), {"active": "true"}).json()["count"] == 0
    assert client.get(u(t, "membership-list"), {"network": network.pk}).json()["count"] == 1


def test_targets(org, make_network):
    t, network = org.tenant, make_network()
    data = {"network": network.pk, "site": org.vannes.pk, "lead": org.e("rep").pk, "note": "Priorité"}
    assert api(org.m("rep")).get(u(t, "target-list")).status_code == 403  # the policy is read with VIEW_NETWORKING
    assert api(org.m("rep")).post(u(t, "target-list"), data, format="json").status_code == 403
    response = api(org.m("exec")).post(u(t, "target-list"), data, format="json")
    assert response.status_code == 201 and response.json()["covered"] is False and response.json()["lead_name"]
    assert api(org.m("exec")).post(u(t, "target-list"), {**data, "note": "x"}, format="json").status_code == 200
    services.network_membership_add(tenant=t, actor=org.u("rep"), network=network)
    pk = response.json()["id"]
    assert api(org.m("exec")).get(u(t, "target-detail", pk)).json()["covered"] is True
    assert api(org.m("exec")).get(u(t, "target-list"), {"covered": "false"}).json()["count"] == 0
    assert api(org.m("exec")).patch(u(t, "target-detail", pk), {"lead": None}, format="json").json()["covered"] is False
    services.network_target_set(tenant=t, actor=org.u("exec"), network=network)  # group-wide
    services.network_target_set(tenant=t, actor=org.u("exec"), network=network, site=org.brest)
    listed = api(org.m("exec")).get(u(t, "target-list")).json()["results"]
    assert [row["site_name"] for row in listed] == [None, "Concession Brest", "Concession Vannes"]  # the group's first
    assert api(org.m("exec")).delete(u(t, "target-detail", pk)).status_code == 204
    assert NetworkTarget.unscoped.count() == 2


def test_events_attend_and_contacts_met(org, make_network):
    t, network = org.tenant, make_network()
    today = timezone.localdate().isoformat()
    rep = api(org.m("rep"))
    response = rep.post(u(t, "event-list"), {"title": "Réunion BNI", "held_on": today, "network": network.pk, "i_attended": True},
                        format="json")
    assert response.status_code == 201, response.content
    event = response.json()
    assert event["i_attended"] is True and event["attendees"][0]["employee"] == org.e("rep").pk
    pk = event["id"]
    rep2 = api(org.m("rep2"))
    person = {"first_name": "Gaëlle", "last_name": "Le Goff", "company": "Transports Le Goff", "email": "gaelle@legoff.example",
              "strength": 3, "notes": "12 utilitaires"}
    refused = rep2.post(u(t, "event-contacts-met", pk), person, format="json")
    assert refused.status_code == 403 and "attended" in refused.json()["detail"]
    assert rep2.post(u(t, "event-attend", pk), {}, format="json").json()["attended"] is True
    created = rep2.post(u(t, "event-contacts-met", pk), person, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["relationship_created"] and body["person_created"] and body["contact"]["person_name"] == "Gaëlle Le Goff"
    rel = Relationship.unscoped.get(pk=body["contact"]["relationship"])
    assert rel.owner == org.e("rep2") and rel.strength == 3 and rel.private_notes == "12 utilitaires"
    # The same e-mail again: one person, the contact already recorded (200).
    again = rep2.post(u(t, "event-contacts-met", pk), {**person, "last_name": "LE GOFF"}, format="json")
    assert again.status_code == 200 and again.json()["already_recorded"]
    assert Person.unscoped.filter(tenant=t).count() == 1
    # rep attended too and met the same person: one person, their own relationship.
    mine = rep.post(u(t, "event-contacts-met", pk), {"email": "gaelle@legoff.example", "first_name": "G"}, format="json")
    assert mine.status_code == 201 and mine.json()["person_created"] is False
    assert Person.unscoped.filter(tenant=t).count() == 1
    # Each lists only their own contacts met; the event shows the others as a count.
    assert [c["person_name"] for c in rep2.get(u(t, "event-contacts-met", pk)).json()] == ["Gaëlle Le Goff"]
    assert len(api(org.m("exec")).get(u(t, "event-contacts-met", pk)).json()) == 0
    detail = api(org.m("exec")).get(u(t, "event-detail", pk)).json()
    assert detail["others_contact_count"] == 2 and "Le Goff" not in str(detail)
    assert rep2.post(u(t, "event-contacts-met", pk), {"email": "bad"}, format="json").status_code == 400
    assert rep2.post(u(t, "event-contacts-met", pk), {"company": "Only a company"}, format="json").status_code == 400
    # Attendance of a colleague: the creator may, another colleague may not.
    assert rep2.post(u(t, "event-attend", pk), {"employee": org.e("brest").pk}, format="json").status_code == 403
    assert rep.post(u(t, "event-attend", pk), {"employee": org.e("brest").pk}, format="json").status_code == 200
    assert EventAttendance.unscoped.filter(event_id=pk, attended=True).count() == 3
    later = (timezone.localdate() + timedelta(days=3)).isoformat()
    assert rep.patch(u(t, "event-detail", pk), {"held_on": later}, format="json").status_code == 200
    assert rep2.patch(u(t, "event-detail", pk), {"title": "x"}, format="json").status_code == 403
    upcoming = rep.get(u(t, "event-list"), {"when": "upcoming"}).json()
    assert upcoming["count"] == 1 and upcoming["results"][0]["i_attended"] is True


def test_coordination_summary(org, make_network):
    t = org.tenant
    alumni = make_network(name="Alumni", kind="alumni", annual_fee=100)
    for who in ("rep", "rep2"):
        services.network_membership_add(tenant=t, actor=org.u(who), network=alumni, paid_by_company=True)
    cci = make_network(name="CCI", kind="chamber")
    services.network_target_set(tenant=t, actor=org.u("exec"), network=cci, site=org.brest, lead=org.e("brest"))
    assert api(org.m("rep")).get(u(t, "coordination-list")).status_code == 403
    body = api(org.m("exec")).get(u(t, "coordination-list")).json()
    assert (body["targets_total"], body["targets_covered"], body["coverage_percent"]) == (1, 0, 0)
    assert body["uncovered_targets_total"] == 1 and body["uncovered_targets"][0]["network_name"] == "CCI"
    assert body["overlaps_total"] == 1 and {m["employee"] for m in body["overlaps"][0]["members"]} == {org.e("rep").pk, org.e("rep2").pk}
    assert body["unattended_total"] == 2 and body["unattended"][0]["recent_event_count"] == 0
    assert body["paid_fees_total"] == "200.00"
    assert {row["site_name"]: row["total"] for row in body["sites"]} == {"Concession Brest": 1, "Concession Vannes": 0}


def test_other_groups_objects_are_404(org, make_network, other_tenant):
    from tests.factories import EmployeeFactory, MembershipFactory, UserFactory

    network = make_network()
    stranger = MembershipFactory(tenant=other_tenant, user=UserFactory(), role="admin", employee=EmployeeFactory(tenant=other_tenant))
    client = api(stranger)
    assert client.get(u(org.tenant, "network-list")).status_code == 404  # not a member of that group
    assert client.get(u(other_tenant, "network-detail", network.pk)).status_code == 404
    assert client.post(u(other_tenant, "membership-list"), {"network": network.pk}, format="json").status_code == 400
    assert not NetworkMembership.unscoped.exists() and Network.unscoped.count() == 1
