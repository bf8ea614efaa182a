"""The networks' pages and API lists read a fixed number of queries whatever the amount of data (two sizes)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from networking.networks import services
from tests.factories import EmployeeFactory
from tests.networking.networks.conftest import api, login, url

pytestmark = pytest.mark.django_db


def grow(org, n: int, start: int = 0, crowd: int = 0):
    """``n`` more networks, each with 3 members, a dealership target, 2 past events with attendees and contacts met;
    the last event returned also gets ``crowd`` more attendees and contacts met by rep."""
    t, boss = org.tenant, org.u("exec")
    today = timezone.localdate()
    last_event = None
    for i in range(start, start + n):
        network = services.network_create(tenant=t, actor=boss, name=f"Club {i}", kind="business_club", city="Vannes",
                                          annual_fee=100 + i, site=org.vannes)
        people = [EmployeeFactory(tenant=t, site=org.vannes if i % 2 else org.brest) for _ in range(2)]
        for employee in people:
            services.network_membership_add(tenant=t, actor=boss, network=network, employee=employee, paid_by_company=True)
        services.network_membership_add(tenant=t, actor=boss, network=network, employee=org.e("rep"))
        services.network_target_set(tenant=t, actor=boss, network=network, site=org.vannes if i % 2 else org.brest,
                                    lead=people[0] if i % 3 else None)
        for days in (10, 250):
            event = services.network_event_create(tenant=t, actor=org.u("rep"), title=f"Soirée {i}-{days}", network=network,
                                                  held_on=today - timedelta(days=days), i_attended=True)
            services.event_attendance_set(tenant=t, actor=boss, event=event, employee=people[0])
            services.event_contact_add(tenant=t, actor=org.u("rep"), event=event, first_name="P", last_name=f"Met {i} {days}",
                                       company=f"Société {i}")
            last_event = event
    for k in range(crowd):
        services.event_attendance_set(tenant=t, actor=boss, event=last_event, employee=EmployeeFactory(tenant=t, site=org.brest))
        services.event_contact_add(tenant=t, actor=org.u("rep"), event=last_event, first_name="Q", last_name=f"Crowd {k}",
                                   email=f"crowd{k}@example.com")
    return last_event


PAGES = ["networking_networks", "networking_networks_export", "networking_events", "networking_policy", "networking_coordination"]


def _pages(client, org, event, network_pk):
    t = org.tenant
    for name in PAGES:
        yield name, url(t, name)
    yield "networking_network_detail", url(t, "networking_network_detail", pk=network_pk)
    yield "networking_event_detail", url(t, "networking_event_detail", pk=event.pk)
    yield "networking_event_contact_add", url(t, "networking_event_contact_add", pk=event.pk)


@pytest.mark.parametrize("who", ["exec", "rep"])
def test_pages_read_a_constant_number_of_queries(client, org, who, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    event = grow(org, 2)
    login(client, org.m(who))
    network_pk = event.network_id
    small = {}
    for name, page in _pages(client, org, event, network_pk):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(page).status_code in (200, 403), name
        small[name] = len(ctx.captured_queries)
    event = grow(org, 12, start=2, crowd=6)
    for name, page in _pages(client, org, event, network_pk):
        with django_assert_max_num_queries(small[name]):
            client.get(page)


def _api_pages(org, event):
    from django.urls import reverse

    kw = {"tenant_slug": org.tenant.slug}
    for name in ("network-list", "membership-list", "target-list", "event-list", "coordination-list"):
        yield name, reverse(f"api-networking-{name}", kwargs=kw)
    for name in ("event-detail", "event-contacts-met"):
        yield name, reverse(f"api-networking-{name}", kwargs={**kw, "pk": event.pk})


def test_api_lists_read_a_constant_number_of_queries(org, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api(org.m("rep"))
    event = grow(org, 2)
    small = {}
    for name, page in _api_pages(org, event):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(page).status_code in (200, 403), name
        small[name] = len(ctx.captured_queries)
    event = grow(org, 12, start=2, crowd=6)
    for name, page in _api_pages(org, event):
        with django_assert_max_num_queries(small[name]):
            client.get(page)
