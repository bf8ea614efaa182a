"""Tool licences: last use from activity on the licence's channel (SQL), the unused flag, costs, pages and perms."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from networking.activity import licence_services, selectors, services
from networking.models import NetworkingSettings, ToolLicence

from .conftest import days_ago, login, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scope")]


def licence(org, who="rep", **kwargs):
    values = {"tool": "Sales Navigator", "employee": org.e(who) if who else None, "monthly_cost": Decimal("79.99"),
              "starts_on": days_ago(200), **kwargs}
    return licence_services.tool_licence_create(tenant=org.tenant, actor=org.u("exec"), **values)


def activity(org, who, days, channel="linkedin", kind="inmail"):
    return services.activity_log(tenant=org.tenant, actor=org.u(who), occurred_on=days_ago(days), channel=channel, kind=kind)


def listed(org, pk):
    return selectors.licence_list(tenant=org.tenant, status="all").get(pk=pk)


def test_activity_on_the_channel_10_days_ago_is_a_use(org):
    seat = licence(org)
    activity(org, "rep", 10)
    row = listed(org, seat.pk)
    assert row.last_use == days_ago(10) and row.last_activity_on == days_ago(10) and not row.unused


def test_activity_40_days_ago_or_on_another_channel_is_unused(org):
    seat = licence(org)
    activity(org, "rep", 40)
    activity(org, "rep", 2, channel="facebook", kind="post")  # not the licence's platform
    activity(org, "rep2", 1)  # someone else's activity
    row = listed(org, seat.pk)
    assert row.last_use == days_ago(40) and row.unused


def test_a_recorded_use_counts_and_the_later_date_wins(org):
    seat = licence(org)
    activity(org, "rep", 40)
    licence_services.tool_licence_record_use(tenant=org.tenant, actor=org.u("rep"), licence=seat)
    row = listed(org, seat.pk)
    assert row.last_used_on == days_ago(0) and row.last_use == days_ago(0) and not row.unused
    ToolLicence.unscoped.filter(pk=seat.pk).update(last_used_on=days_ago(50))
    assert listed(org, seat.pk).last_use == days_ago(40)


def test_only_the_holder_records_a_use(org):
    seat = licence(org)
    for who in ("rep2", "exec", "admin"):
        with pytest.raises(PermissionDenied):
            licence_services.tool_licence_record_use(tenant=org.tenant, actor=org.u(who), licence=seat)


def test_unassigned_seats_are_unused_new_ones_get_the_grace_period_ended_ones_are_not_counted(org):
    nobody = licence(org, who=None)
    fresh = licence(org, starts_on=days_ago(5))
    never_used = licence(org, starts_on=days_ago(60))
    ended = licence(org, who=None, ends_on=days_ago(1), starts_on=days_ago(300))
    assert listed(org, nobody.pk).unused
    assert not listed(org, fresh.pk).unused
    assert listed(org, never_used.pk).unused
    row = listed(org, ended.pk)
    assert not row.unused and not row.is_active
    assert set(selectors.licence_list(tenant=org.tenant, status="unused").values_list("pk", flat=True)) == {nobody.pk, never_used.pk}
    assert set(selectors.licence_list(tenant=org.tenant, status="ended").values_list("pk", flat=True)) == {ended.pk}


def test_the_threshold_is_the_groups_setting(org):
    seat = licence(org)
    activity(org, "rep", 40)
    assert listed(org, seat.pk).unused
    NetworkingSettings.unscoped.create(tenant=org.tenant, licence_unused_days=60)
    assert not listed(org, seat.pk).unused


def test_totals_per_month_and_per_year(org):
    licence(org, monthly_cost=Decimal("100"))  # unused (never used, started 200 days ago)
    used = licence(org, who="rep2", monthly_cost=Decimal("50"))
    activity(org, "rep2", 3)
    licence(org, who=None, monthly_cost=Decimal("20"), ends_on=days_ago(2))  # ended: not counted
    totals = selectors.licence_totals(tenant=org.tenant)
    assert (totals.count, totals.unused_count) == (2, 1)
    assert (totals.monthly, totals.unused_monthly, totals.unused_yearly) == (Decimal("150"), Decimal("100"), Decimal("1200"))
    assert not listed(org, used.pk).unused


def test_writes_need_the_networks_permission_and_valid_values(org):
    with pytest.raises(PermissionDenied):
        licence_services.tool_licence_create(tenant=org.tenant, actor=org.u("manager"), tool="Sales Navigator")
    with pytest.raises(ValidationError) as exc:
        licence(org, tool=" ", monthly_cost=Decimal("-1"), ends_on=days_ago(300))
    assert {"tool", "monthly_cost", "ends_on"} <= set(exc.value.message_dict)
    seat = licence(org)
    licence_services.tool_licence_update(tenant=org.tenant, actor=org.u("exec"), licence=seat, employee=org.e("rep2"))
    licence_services.tool_licence_end(tenant=org.tenant, actor=org.u("exec"), licence=seat)
    seat.refresh_from_db()
    assert seat.employee == org.e("rep2") and seat.ends_on == days_ago(0)


def test_licence_pages(client, org):
    seat = licence(org)
    page = url(org.tenant, "networking_licences")
    assert login(client, org.m("rep")).get(page).status_code == 403
    assert login(client, org.m("manager")).get(page).status_code == 403
    response = login(client, org.m("exec")).get(page)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sales Navigator" in body and 'data-unused="1"' in body and "959.88" in body  # 79.99 x 12
    client = login(client, org.m("exec"))
    created = client.post(url(org.tenant, "networking_licence_create"),
                          {"tool": "Canva Pro", "channel": "instagram", "employee": "", "monthly_cost": "11.99"})
    assert created.status_code == 302 and ToolLicence.unscoped.filter(tool="Canva Pro", employee=None).exists()
    bad = client.post(url(org.tenant, "networking_licence_create"), {"tool": "", "channel": "linkedin", "monthly_cost": "-5"})
    assert bad.status_code == 400
    edit = client.post(url(org.tenant, "networking_licence_edit", pk=seat.pk),
                       {"tool": "Sales Navigator Core", "channel": "linkedin", "employee": org.e("rep").pk, "monthly_cost": "79.99"})
    assert edit.status_code == 302
    assert client.post(url(org.tenant, "networking_licence_end", pk=seat.pk)).status_code == 302
    seat.refresh_from_db()
    assert seat.tool == "Sales Navigator Core" and seat.ends_on == days_ago(0)
    assert login(client, org.m("rep")).post(url(org.tenant, "networking_licence_end", pk=seat.pk)).status_code == 403


def test_the_holder_sees_their_licences_and_records_a_use_from_their_page(client, org):
    seat = licence(org)
    client = login(client, org.m("rep"))
    body = client.get(url(org.tenant, "networking_activity_mine")).content.decode()
    assert "Sales Navigator" in body and "I used it today" in body
    assert client.post(url(org.tenant, "networking_licence_record_use", pk=seat.pk)).status_code == 302
    seat.refresh_from_db()
    assert seat.last_used_on == days_ago(0)
    assert login(client, org.m("rep2")).post(url(org.tenant, "networking_licence_record_use", pk=seat.pk)).status_code == 404


@pytest.mark.parametrize("size", [3, 45])
def test_the_licence_list_reads_a_bounded_number_of_queries(client, org, size, django_assert_max_num_queries):
    for i in range(size):
        who = ("rep", "rep2", "brest", None)[i % 4]
        licence(org, who=who, tool=f"Seat {i}")
        if who:
            activity(org, who, i % 60)
    client = login(client, org.m("exec"))
    with django_assert_max_num_queries(12):
        assert client.get(url(org.tenant, "networking_licences")).status_code == 200
