"""Pages of the real-world networks: permissions, forms (400 on errors), the contacts-met form, exports, 404s."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from contacts.models import Relationship
from networking.models import (
    EventAttendance,
    EventContact,
    Network,
    NetworkEvent,
    NetworkMembership,
    NetworkTarget,
)
from networking.networks import services
from tests.networking.networks.conftest import body, login, url

pytestmark = pytest.mark.django_db


def test_directory_filters_and_export(client, org, make_network):
    t = org.tenant
    cci = make_network(name="CCI Morbihan", kind="chamber", site=org.vannes, annual_fee="450.50")
    make_network(name="Rotary Brest", city="Brest", kind="service_club", site=org.brest)
    services.network_target_set(tenant=t, actor=org.u("exec"), network=cci, lead=org.e("rep"))
    services.network_membership_add(tenant=t, actor=org.u("rep"), network=cci)
    login(client, org.m("rep"))
    page = body(client.get(url(t, "networking_networks")))
    assert "CCI Morbihan" in page and "Rotary Brest" in page
    assert url(t, "networking_network_create") not in page  # not a network manager
    assert "I am a member" in page
    for query, expected, absent in (({"q": "brest"}, "Rotary Brest", "CCI Morbihan"), ({"kind": "chamber"}, "CCI", "Rotary"),
                                    ({"site": org.brest.pk}, "Rotary", "CCI"), ({"target": "yes"}, "CCI", "Rotary"),
                                    ({"target": "no"}, "Rotary", "CCI Morbihan")):
        page = body(client.get(url(t, "networking_networks"), query))
        assert expected in page and absent not in page, query
    assert client.get(url(t, "networking_networks"), {"site": "abc", "priority": "x", "kind": "bogus"}).status_code == 200
    response = client.get(url(t, "networking_networks_export"), {"kind": "chamber"})
    assert response["Content-Type"].startswith("text/csv")
    raw = response.content.decode("utf-8")
    assert raw.startswith("\ufeff")
    lines = raw.lstrip("\ufeff").splitlines()
    assert len(lines) == 2 and "CCI Morbihan;" in lines[1] and "450,50" in lines[1] and org.e("rep").full_name in lines[1]


def test_network_create_and_edit_pages(client, org, make_network):
    t = org.tenant
    login(client, org.m("rep"))
    assert client.get(url(t, "networking_network_create")).status_code == 403
    login(client, org.m("exec"))
    data = {"name": "Club Entreprendre", "kind": "business_club", "city": "Vannes", "site": org.vannes.pk, "annual_fee": "300",
            "priority": 1, "website": "https://club.example", "description": ""}
    response = client.post(url(t, "networking_network_create"), data)
    network = Network.unscoped.get(tenant=t, name="Club Entreprendre")
    assert response.status_code == 302 and response["Location"] == url(t, "networking_network_detail", pk=network.pk)
    response = client.post(url(t, "networking_network_create"), data)  # same name and city
    assert response.status_code == 400 and "already has a network named" in body(response)
    assert client.post(url(t, "networking_network_create"), {**data, "name": "X", "annual_fee": "-5"}).status_code == 400
    edit = url(t, "networking_network_edit", pk=network.pk)
    assert client.get(edit).status_code == 200
    response = client.post(edit, {**data, "name": "Club Entreprendre Golfe", "is_active": "on"})
    assert response.status_code == 302 and Network.unscoped.get(pk=network.pk).name == "Club Entreprendre Golfe"
    assert client.post(url(t, "networking_network_deactivate", pk=network.pk)).status_code == 302
    assert not Network.unscoped.get(pk=network.pk).is_active


def test_membership_pages(client, org, make_network):
    t, network = org.tenant, make_network()
    login(client, org.m("rep"))
    detail = body(client.get(url(t, "networking_network_detail", pk=network.pk)))
    assert url(t, "networking_network_join", pk=network.pk) in detail
    assert url(t, "networking_network_member_add", pk=network.pk) not in detail
    join = url(t, "networking_network_join", pk=network.pk)
    assert client.post(join, {"role": "bogus"}).status_code == 400
    assert client.post(join, {"role": "board", "since": "2024-09-01", "paid_by_company": "on"}).status_code == 302
    row = NetworkMembership.unscoped.get(network=network, employee=org.e("rep"))
    assert (row.role, str(row.since), row.paid_by_company) == ("board", "2024-09-01", True)
    assert client.post(join, {"role": "member"}).status_code == 400  # already a member
    assert client.get(url(t, "networking_network_member_add", pk=network.pk)).status_code == 403
    assert client.post(url(t, "networking_membership_edit", pk=row.pk), {"role": "lead"}).status_code == 302
    assert NetworkMembership.unscoped.get(pk=row.pk).role == "lead"
    login(client, org.m("rep2"))  # not theirs
    assert client.get(url(t, "networking_membership_edit", pk=row.pk)).status_code == 403
    assert client.post(url(t, "networking_membership_end", pk=row.pk), {}).status_code == 403
    login(client, org.m("exec"))
    add = url(t, "networking_network_member_add", pk=network.pk)
    assert client.post(add, {"employee": org.e("rep2").pk, "role": "member"}).status_code == 302
    assert client.post(url(t, "networking_membership_end", pk=row.pk), {"ended_on": ""}).status_code == 302
    assert NetworkMembership.unscoped.get(pk=row.pk).ended_on == timezone.localdate()


def test_the_admin_without_employee_is_told_kindly(client, org, make_network):
    t, network = org.tenant, make_network()
    event = services.network_event_create(tenant=t, actor=org.u("rep"), title="Afterwork", held_on=timezone.localdate(),
                                          network=network, i_attended=True)
    login(client, org.m("admin"))
    response = client.get(url(t, "networking_network_join", pk=network.pk))
    assert response.status_code == 200 and "not linked to an employee" in body(response)
    assert client.post(url(t, "networking_network_join", pk=network.pk), {"role": "member"}).status_code == 403
    assert "not linked to an employee" in body(client.get(url(t, "networking_event_detail", pk=event.pk)))
    response = client.post(url(t, "networking_event_attend", pk=event.pk))
    assert response.status_code == 302 and not EventAttendance.unscoped.filter(event=event, employee__isnull=True).exists()
    response = client.get(url(t, "networking_event_contact_add", pk=event.pk))
    assert response.status_code == 200 and "Only the colleagues who attended" in body(response)
    assert client.get(url(t, "networking_event_create")).status_code == 200


def test_policy_pages(client, org, make_network):
    t, network = org.tenant, make_network(name="CCI Morbihan", kind="chamber")
    login(client, org.m("rep"))
    assert client.get(url(t, "networking_policy")).status_code == 403
    assert client.get(url(t, "networking_coordination")).status_code == 403
    login(client, org.m("exec"))
    create = url(t, "networking_target_create")
    assert client.get(create, {"network": network.pk}).status_code == 200
    response = client.post(create, {"network": network.pk, "site": org.vannes.pk, "lead": "", "note": "Priorité VO"})
    assert response.status_code == 302
    target = NetworkTarget.unscoped.get(network=network)
    page = body(client.get(url(t, "networking_policy")))
    assert "CCI Morbihan" in page and "no lead" in page and "Priorité VO" in page
    response = client.post(url(t, "networking_target_edit", pk=target.pk), {"lead": org.e("rep").pk, "note": ""})
    assert response.status_code == 302 and NetworkTarget.unscoped.get(pk=target.pk).lead == org.e("rep")
    assert client.post(url(t, "networking_target_edit", pk=target.pk), {"lead": 999999}).status_code == 400
    login(client, org.m("admin"))  # the admin manages the networks too
    assert client.post(url(t, "networking_target_remove", pk=target.pk)).status_code == 302
    assert not NetworkTarget.unscoped.filter(pk=target.pk).exists()


def test_consultant_reads_the_policy_but_does_not_edit(client, org, make_network):
    from bns.models import Role
    from tests.factories import MembershipFactory, UserFactory

    consultant = MembershipFactory(tenant=org.tenant, user=UserFactory(), role=Role.CONSULTANT)
    target = services.network_target_set(tenant=org.tenant, actor=org.u("exec"), network=make_network())[0]
    login(client, consultant)
    page = body(client.get(url(org.tenant, "networking_policy")))
    assert "Club Affaires Vannes" in page and url(org.tenant, "networking_target_edit", pk=target.pk) not in page
    assert client.get(url(org.tenant, "networking_target_edit", pk=target.pk)).status_code == 403
    assert client.get(url(org.tenant, "networking_coordination")).status_code == 200


def test_event_pages_attendance_and_contacts_met(client, org, make_network):
    t, network = org.tenant, make_network()
    login(client, org.m("rep"))
    today = timezone.localdate()
    response = client.post(url(t, "networking_event_create"), {"title": "Petit-déjeuner", "held_on": today.isoformat(),
                                                               "network": network.pk, "city": "", "notes": "", "i_attended": "on"})
    event = NetworkEvent.unscoped.get(title="Petit-déjeuner")
    assert response.status_code == 302 and EventAttendance.unscoped.filter(event=event, employee=org.e("rep")).exists()
    assert client.post(url(t, "networking_event_create"), {"title": "", "held_on": "bad"}).status_code == 400
    # rep2 says "I was there", then records a person met.
    login(client, org.m("rep2"))
    form = url(t, "networking_event_contact_add", pk=event.pk)
    assert client.post(form, {"first_name": "A", "strength": 1, "visibility": "private"}).status_code == 403  # not an attendee
    assert client.post(url(t, "networking_event_attend", pk=event.pk)).status_code == 302
    assert client.get(form).status_code == 200
    data = {"first_name": "Gaëlle", "last_name": "Le Goff", "company": "Transports Le Goff", "position": "Gérante",
            "email": "gaelle@legoff.example", "phone": "", "linkedin_url": "", "strength": 3, "visibility": "discoverable",
            "notes": "Renouvelle 12 utilitaires en 2027"}
    response = client.post(form, data)
    assert response.status_code == 302
    rel = Relationship.unscoped.get(owner=org.e("rep2"))
    assert (rel.strength, rel.visibility, rel.private_notes) == (3, "discoverable", "Renouvelle 12 utilitaires en 2027")
    assert client.post(form, {**data, "email": "nope"}).status_code == 400
    assert client.post(form, {**data, "first_name": "", "last_name": "", "email": ""}).status_code == 400
    page = body(client.get(url(t, "networking_event_detail", pk=event.pk)))
    assert "Le Goff" in page
    # The creator sees the count, never the name.
    login(client, org.m("rep"))
    page = body(client.get(url(t, "networking_event_detail", pk=event.pk)))
    assert "Le Goff" not in page and "Renouvelle" not in page and "1 person met by colleagues" in page
    # The creator marks a colleague; a colleague who is not the creator cannot.
    add = url(t, "networking_event_attendee_add", pk=event.pk)
    assert client.post(add, {"employee": org.e("brest").pk}).status_code == 302
    login(client, org.m("brest"))
    assert client.post(add, {"employee": org.e("manager").pk}).status_code == 403
    mine = EventAttendance.unscoped.get(event=event, employee=org.e("brest"))
    assert client.post(url(t, "networking_attendance_remove", pk=mine.pk)).status_code == 302
    assert not EventAttendance.unscoped.get(pk=mine.pk).attended
    other = EventAttendance.unscoped.get(event=event, employee=org.e("rep"))
    assert client.post(url(t, "networking_attendance_remove", pk=other.pk)).status_code == 403
    assert EventContact.unscoped.count() == 1


def test_event_list_and_edit(client, org, make_network):
    t, network = org.tenant, make_network()
    today = timezone.localdate()
    past = services.network_event_create(tenant=t, actor=org.u("rep"), title="Soirée passée", held_on=today - timedelta(days=5),
                                         network=network, i_attended=True)
    services.network_event_create(tenant=t, actor=org.u("brest"), title="Gala à venir", held_on=today + timedelta(days=5))
    login(client, org.m("rep"))
    page = body(client.get(url(t, "networking_events")))
    assert page.index("Gala à venir") < page.index("Soirée passée")  # upcoming first
    assert "Gala" not in body(client.get(url(t, "networking_events"), {"when": "past"}))
    assert "Gala" not in body(client.get(url(t, "networking_events"), {"mine": "1"}))
    assert "Soirée" not in body(client.get(url(t, "networking_events"), {"q": "gala"}))
    edit = url(t, "networking_event_edit", pk=past.pk)
    assert client.post(edit, {"title": "Soirée de rentrée", "held_on": past.held_on.isoformat()}).status_code == 302
    login(client, org.m("rep2"))
    assert client.get(edit).status_code == 403


def test_coordination_page(client, org, make_network):
    t = org.tenant
    alumni = make_network(name="Alumni ESC", kind="alumni")
    for who in ("rep", "rep2"):
        services.network_membership_add(tenant=t, actor=org.u(who), network=alumni)
    cci = make_network(name="CCI Morbihan", kind="chamber")
    services.network_target_set(tenant=t, actor=org.u("exec"), network=cci, site=org.brest)
    login(client, org.m("exec"))
    page = body(client.get(url(t, "networking_coordination")))
    assert "What is measured here" in page
    assert "1 target network not covered" in page and "1 uncoordinated overlap" in page and "2 memberships nobody attends" in page
    assert url(t, "networking_target_edit", pk=NetworkTarget.unscoped.get().pk) in page  # the fix
    assert url(t, "networking_target_create") + f"?network={alumni.pk}" in page
    assert "no event logged" in page and "0 %" in page


def test_other_groups_objects_are_404(client, org, make_network, other_tenant):
    from tests.factories import MembershipFactory

    network = make_network()
    event = services.network_event_create(tenant=org.tenant, actor=org.u("rep"), title="E", held_on=timezone.localdate(),
                                          network=network, i_attended=True)
    MembershipFactory(tenant=other_tenant, user=org.u("rep"), role="admin")
    login(client, org.m("rep"))
    for name, pk in (("networking_network_detail", network.pk), ("networking_event_detail", event.pk),
                     ("networking_network_edit", network.pk)):
        assert client.get(url(other_tenant, name, pk=pk)).status_code == 404
    assert client.get(url(org.tenant, "networking_network_detail", pk=99999999)).status_code == 404
