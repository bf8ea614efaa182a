"""Services of the real-world networks: permissions, validation, memberships, targets, events, attendance, audit."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from bns.models import AuditEvent
from networking.models import EventAttendance, Network, NetworkMembership, NetworkTarget
from networking.networks import services

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def test_only_network_managers_edit_the_directory(org, make_network):
    t = org.tenant
    with pytest.raises(PermissionDenied):
        services.network_create(tenant=t, actor=org.u("rep"), name="Rotary", kind="service_club")
    with pytest.raises(PermissionDenied):
        services.network_create(tenant=t, actor=org.u("manager"), name="Rotary", kind="service_club")
    network = make_network(annual_fee="450.5", site=org.vannes, priority=1)
    assert network.annual_fee == Decimal("450.50") and network.site == org.vannes
    assert AuditEvent.unscoped.filter(tenant=t, verb="networking.network_create", object_id=str(network.pk)).exists()
    with pytest.raises(PermissionDenied):
        services.network_update(tenant=t, actor=org.u("rep"), network=network, name="Autre")
    services.network_update(tenant=t, actor=org.u("admin"), network=network, name="Club Affaires du Golfe")
    assert Network.unscoped.get(pk=network.pk).name == "Club Affaires du Golfe"


def test_name_and_city_are_unique_with_a_clear_error(org, make_network):
    make_network(name="CCI Morbihan", city="Vannes", kind="chamber")
    with pytest.raises(ValidationError) as exc:
        make_network(name="cci morbihan", city="VANNES", kind="chamber")
    assert "already has a network named" in str(exc.value.message_dict["name"])
    other_city = make_network(name="CCI Morbihan", city="Lorient", kind="chamber")
    with pytest.raises(ValidationError) as exc:
        services.network_update(tenant=org.tenant, actor=org.u("exec"), network=other_city, city="Vannes")
    assert "name" in exc.value.message_dict


def test_fee_and_values_are_validated(org, make_network):
    for bad in ({"annual_fee": "-1"}, {"annual_fee": "abc"}, {"kind": "bogus"}, {"priority": 9},
                {"website": "javascript:alert(1)"}, {"name": "   "}):
        kwargs = {"name": "Club", "kind": "business_club", **bad}
        with pytest.raises(ValidationError):
            services.network_create(tenant=org.tenant, actor=org.u("exec"), **kwargs)
    assert make_network(annual_fee=0).annual_fee == Decimal("0.00")


def test_deactivate(org, make_network):
    network = make_network()
    with pytest.raises(PermissionDenied):
        services.network_deactivate(tenant=org.tenant, actor=org.u("rep"), network=network)
    services.network_deactivate(tenant=org.tenant, actor=org.u("exec"), network=network)
    assert not Network.unscoped.get(pk=network.pk).is_active
    with pytest.raises(ValidationError):
        services.network_deactivate(tenant=org.tenant, actor=org.u("exec"), network=network)
    with pytest.raises(ValidationError):  # no new member in a network out of the directory
        services.network_membership_add(tenant=org.tenant, actor=org.u("rep"), network=network)


def test_an_employee_declares_their_own_membership_managers_anyones(org, make_network):
    t, network = org.tenant, make_network()
    row = services.network_membership_add(tenant=t, actor=org.u("rep"), network=network, role="board",
                                          since=TODAY() - timedelta(days=400), paid_by_company=True)
    assert (row.employee, row.role, row.paid_by_company) == (org.e("rep"), "board", True)
    with pytest.raises(PermissionDenied):  # not for a colleague
        services.network_membership_add(tenant=t, actor=org.u("rep"), network=network, employee=org.e("rep2"))
    with pytest.raises(ValidationError, match="already a member"):
        services.network_membership_add(tenant=t, actor=org.u("rep"), network=network)
    services.network_membership_add(tenant=t, actor=org.u("exec"), network=network, employee=org.e("rep2"), role="lead")
    with pytest.raises(ValidationError):  # the admin has no employee record: they must name one
        services.network_membership_add(tenant=t, actor=org.u("admin"), network=network)
    with pytest.raises(ValidationError):
        services.network_membership_add(tenant=t, actor=org.u("exec"), network=network, employee=org.e("brest"), role="king")
    with pytest.raises(ValidationError):
        services.network_membership_add(tenant=t, actor=org.u("exec"), network=network, employee=org.e("brest"),
                                        since=TODAY() + timedelta(days=3))
    assert AuditEvent.unscoped.filter(tenant=t, verb="networking.membership_add").count() == 2


def test_membership_update_and_end(org, make_network):
    t, network = org.tenant, make_network()
    row = services.network_membership_add(tenant=t, actor=org.u("rep"), network=network, since=TODAY() - timedelta(days=30))
    with pytest.raises(PermissionDenied):
        services.network_membership_update(tenant=t, actor=org.u("rep2"), membership=row, role="lead")
    services.network_membership_update(tenant=t, actor=org.u("rep"), membership=row, role="lead")
    assert NetworkMembership.unscoped.get(pk=row.pk).role == "lead"
    with pytest.raises(ValidationError):
        services.network_membership_end(tenant=t, actor=org.u("rep"), membership=row, ended_on=TODAY() - timedelta(days=60))
    with pytest.raises(PermissionDenied):
        services.network_membership_end(tenant=t, actor=org.u("brest"), membership=row)
    services.network_membership_end(tenant=t, actor=org.u("exec"), membership=row)
    assert NetworkMembership.unscoped.get(pk=row.pk).ended_on == TODAY()
    with pytest.raises(ValidationError, match="already ended"):
        services.network_membership_end(tenant=t, actor=org.u("rep"), membership=row)
    again = services.network_membership_add(tenant=t, actor=org.u("rep"), network=network)  # joins again: same row
    assert again.pk == row.pk and again.ended_on is None
    assert AuditEvent.unscoped.filter(tenant=t, verb="networking.membership_restart").count() == 1


def test_targets_and_leads(org, make_network):
    t, network = org.tenant, make_network()
    with pytest.raises(PermissionDenied):
        services.network_target_set(tenant=t, actor=org.u("rep"), network=network, lead=org.e("rep"))
    target, created = services.network_target_set(tenant=t, actor=org.u("exec"), network=network, site=org.vannes)
    assert created and target.lead is None
    same, created = services.network_target_set(tenant=t, actor=org.u("exec"), network=network, site=org.vannes,
                                                lead=org.e("rep"), note="Petit-déjeuner mensuel")
    assert not created and same.pk == target.pk and same.lead == org.e("rep")
    group_wide, created = services.network_target_set(tenant=t, actor=org.u("exec"), network=network)
    assert created and group_wide.site is None
    org.e("rep2").is_active = False
    org.e("rep2").save()
    with pytest.raises(ValidationError):
        services.network_target_update(tenant=t, actor=org.u("exec"), target=target, lead=org.e("rep2"))
    services.network_target_update(tenant=t, actor=org.u("exec"), target=target, lead=None)
    assert NetworkTarget.unscoped.get(pk=target.pk).lead is None
    services.network_target_remove(tenant=t, actor=org.u("exec"), target=group_wide)
    assert not NetworkTarget.unscoped.filter(pk=group_wide.pk).exists()
    assert AuditEvent.unscoped.filter(tenant=t, verb="networking.target_remove").count() == 1


def test_events_and_attendance(org, make_network):
    t, network = org.tenant, make_network()
    event = services.network_event_create(tenant=t, actor=org.u("rep"), title="Petit-déjeuner", held_on=TODAY(),
                                          network=network, i_attended=True)
    assert event.city == "Vannes"  # the network's
    assert EventAttendance.unscoped.filter(event=event, employee=org.e("rep"), attended=True).exists()
    lone = services.network_event_create(tenant=t, actor=org.u("brest"), title="Salon flottes", held_on=TODAY())
    assert lone.network is None
    # A colleague: only the creator or a network manager marks them.
    with pytest.raises(PermissionDenied):
        services.event_attendance_set(tenant=t, actor=org.u("rep2"), event=event, employee=org.e("brest"))
    services.event_attendance_set(tenant=t, actor=org.u("rep"), event=event, employee=org.e("rep2"))
    services.event_attendance_set(tenant=t, actor=org.u("exec"), event=event, employee=org.e("brest"))
    services.event_attendance_set(tenant=t, actor=org.u("manager"), event=event)  # themself
    assert EventAttendance.unscoped.filter(event=event, attended=True).count() == 4
    services.event_attendance_set(tenant=t, actor=org.u("brest"), event=event, attended=False)
    assert EventAttendance.unscoped.filter(event=event, attended=True).count() == 3
    future = services.network_event_create(tenant=t, actor=org.u("rep"), title="Gala", held_on=TODAY() + timedelta(days=10))
    with pytest.raises(ValidationError, match="not taken place"):
        services.event_attendance_set(tenant=t, actor=org.u("rep"), event=future)
    # Editing: the creator or a manager of the networks.
    with pytest.raises(PermissionDenied):
        services.network_event_update(tenant=t, actor=org.u("rep2"), event=event, title="Autre")
    services.network_event_update(tenant=t, actor=org.u("rep"), event=event, title="Petit-déjeuner de rentrée")
    services.network_event_update(tenant=t, actor=org.u("exec"), event=event, notes="40 chefs d'entreprise")
    with pytest.raises(ValidationError):
        services.network_event_update(tenant=t, actor=org.u("rep"), event=event, title="")


def test_objects_of_another_group_are_refused(org, make_network, other_tenant):
    from tests.factories import EmployeeFactory, SiteFactory

    t, network = org.tenant, make_network()
    stranger = EmployeeFactory(tenant=other_tenant)
    with pytest.raises(ValidationError):
        services.network_target_set(tenant=t, actor=org.u("exec"), network=network, lead=stranger)
    with pytest.raises(ValidationError):
        services.network_target_set(tenant=t, actor=org.u("exec"), network=network, site=SiteFactory(tenant=other_tenant))
    with pytest.raises(ValidationError):
        services.network_membership_add(tenant=t, actor=org.u("exec"), network=network, employee=stranger)
    with pytest.raises(PermissionDenied):  # a member of the group only
        services.network_create(tenant=other_tenant, actor=org.u("exec"), name="X", kind="alumni")
