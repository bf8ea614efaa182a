"""API: activities CRUD and filters, the bulk endpoint, imports, tool licences, another group's ids answer 404."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bns.models import Role
from networking.activity import licence_services, services
from networking.models import Activity, ToolLicence
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory, relationship_make

from .conftest import api, days_ago

pytestmark = pytest.mark.django_db


def u(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


def log(org, who="rep", **kwargs):
    values = {"occurred_on": days_ago(1), "channel": "linkedin", "kind": "post", **kwargs}
    return services.activity_log(tenant=org.tenant, actor=org.u(who), **values)


def test_create_retrieve_update_delete_own_activity(org):
    client = api(org.m("rep"))
    created = client.post(u(org.tenant, "api-networking-activity-list"),
                          {"occurred_on": days_ago(1).isoformat(), "channel": "linkedin", "kind": "inmail", "reach": 5,
                           "client_key": "crm-7"}, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["employee"] == org.e("rep").pk and body["source"] == "api" and body["client_key"] == "crm-7"
    detail = u(org.tenant, "api-networking-activity-detail", pk=body["id"])
    assert client.get(detail).json()["kind"] == "inmail"
    patched = client.patch(detail, {"note": "follow-up call booked", "channel": "offline"}, format="json")
    assert patched.status_code == 400 and "kind" in patched.json()  # an InMail is not offline
    patched = client.patch(detail, {"note": "follow-up call booked"}, format="json")
    assert patched.status_code == 200 and patched.json()["note"] == "follow-up call booked"
    assert client.delete(detail).status_code == 204
    assert not Activity.unscoped.exists()


def test_validation_errors_name_the_field(org):
    client = api(org.m("rep"))
    response = client.post(u(org.tenant, "api-networking-activity-list"),
                           {"occurred_on": days_ago(-3).isoformat(), "channel": "tiktok", "kind": "event_attended"}, format="json")
    assert response.status_code == 400
    assert "occurred_on" in response.json() and "kind" in response.json()
    other = client.post(u(org.tenant, "api-networking-activity-list"),
                        {"occurred_on": days_ago(1).isoformat(), "channel": "linkedin", "kind": "post",
                         "employee": org.e("rep2").pk}, format="json")
    assert other.status_code == 400 and "employee" in other.json()


def test_the_list_shows_what_the_caller_may_see_with_filters(org):
    log(org, "rep")
    log(org, "rep2", kind="comment", occurred_on=days_ago(10))
    log(org, "brest", channel="offline", kind="event_attended")
    listing = u(org.tenant, "api-networking-activity-list")

    def names(who, **params):
        return sorted(r["employee"] for r in api(org.m(who)).get(listing, params).json()["results"])

    rep, rep2, brest = org.e("rep").pk, org.e("rep2").pk, org.e("brest").pk
    assert names("rep") == [rep]
    assert names("manager") == sorted([rep, rep2])
    assert names("exec") == sorted([rep, rep2, brest])
    assert names("admin") == sorted([rep, rep2, brest])  # no employee record, but the networking view permission
    assert names("exec", kind="comment") == [rep2]
    assert names("exec", channel="offline") == [brest]
    assert names("exec", employee=rep) == [rep]
    assert names("exec", **{"from": days_ago(5).isoformat()}) == sorted([rep, brest])
    assert names("exec", to=days_ago(5).isoformat()) == [rep2]
    assert api(org.m("exec")).get(listing, {"kind": "poke"}).status_code == 400
    # Another rep's activity answers 404.
    theirs = Activity.unscoped.get(employee=org.e("rep2"))
    assert api(org.m("rep")).get(u(org.tenant, "api-networking-activity-detail", pk=theirs.pk)).status_code == 404


def test_a_private_contact_is_not_shown_to_others_through_the_api(org):
    rel = relationship_make(tenant=org.tenant, owner=org.e("rep"), first_name="Anne", last_name="Zorglub", company="X",
                            visibility="private")
    activity = log(org, kind="message", person=rel.person)
    detail = u(org.tenant, "api-networking-activity-detail", pk=activity.pk)
    assert api(org.m("rep")).get(detail).json()["person_name"] == "Anne Zorglub"
    seen_by_manager = api(org.m("manager")).get(detail).json()
    assert seen_by_manager["person"] is None and seen_by_manager["person_name"] is None


def test_bulk_is_idempotent_and_reports_per_item(org):
    endpoint = u(org.tenant, "api-networking-activity-bulk")
    items = [
        {"client_key": "k1", "employee": org.e("rep").pk, "occurred_on": days_ago(2).isoformat(), "channel": "linkedin",
         "kind": "post"},
        {"client_key": "k2", "employee": org.e("rep2").pk, "occurred_on": days_ago(2).isoformat(), "channel": "offline",
         "kind": "event_attended"},
    ]
    client = api(org.m("exec"))
    first = client.post(endpoint, {"items": items}, format="json")
    assert first.status_code == 200
    assert {k: first.json()[k] for k in ("created", "duplicates", "errors")} == {"created": 2, "duplicates": 0, "errors": 0}
    items.append({"client_key": "k3", "occurred_on": "someday", "channel": "linkedin", "kind": "post",
                  "employee": org.e("rep").pk})
    items.append({"client_key": "k4", "employee": org.e("rep").pk, "occurred_on": days_ago(1).isoformat(), "channel": "x",
                  "kind": "share"})
    second = client.post(endpoint, {"items": items}, format="json").json()
    assert [r["status"] for r in second["results"]] == ["duplicate", "duplicate", "error", "created"]
    assert second["results"][2]["errors"]["occurred_on"]
    assert Activity.unscoped.count() == 3
    assert client.post(endpoint, {"items": []}, format="json").status_code == 400
    assert client.post(endpoint, {"items": [1, "x"]}, format="json").status_code == 400
    too_many = [{**items[0], "client_key": f"m{i}"} for i in range(1001)]
    assert client.post(endpoint, {"items": too_many}, format="json").status_code == 400


def test_imports_through_the_api(org, django_capture_on_commit_callbacks):
    client = api(org.m("rep"))
    csv = f"date;type;réseau\n{days_ago(1).isoformat()};post;linkedin\n{days_ago(1).isoformat()};inmail;offline\n".encode()
    created = client.post(u(org.tenant, "api-networking-activity-import-list"),
                          {"file": SimpleUploadedFile("a.csv", csv, content_type="text/csv")}, format="multipart")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "preview" and [r["status"] for r in body["report"]] == ["new", "error"]
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(u(org.tenant, "api-networking-activity-import-start", pk=body["id"]))
    assert started.status_code == 200
    done = client.get(u(org.tenant, "api-networking-activity-import-detail", pk=body["id"])).json()
    assert done["status"] == "done" and done["percent"] == 100 and done["created_count"] == 1
    assert client.get(u(org.tenant, "api-networking-activity-import-list")).json()["count"] == 1
    assert api(org.m("rep2")).get(u(org.tenant, "api-networking-activity-import-detail", pk=body["id"])).status_code == 404
    bad = client.post(u(org.tenant, "api-networking-activity-import-list"),
                      {"file": SimpleUploadedFile("a.csv", b"\x00\x01\x02" * 50)}, format="multipart")
    assert bad.status_code == 400 and "file" in bad.json()


def test_tool_licences_through_the_api(org):
    listing = u(org.tenant, "api-networking-tool-licence-list")
    client = api(org.m("exec"))
    created = client.post(listing, {"tool": "Sales Navigator", "employee": org.e("rep").pk, "monthly_cost": "79.99"},
                          format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["last_use"] is None and body["is_active"] and body["monthly_cost"] == "79.99"
    detail = u(org.tenant, "api-networking-tool-licence-detail", pk=body["id"])
    log(org, "rep", kind="inmail", occurred_on=days_ago(3))
    assert client.get(detail).json()["last_use"] == days_ago(3).isoformat()
    assert client.patch(detail, {"monthly_cost": "59.00"}, format="json").json()["monthly_cost"] == "59.00"
    assert client.patch(detail, {"monthly_cost": "-1"}, format="json").status_code == 400
    # The holder sees their own licence and records a use; others do not see it; writes need the permission.
    assert [r["id"] for r in api(org.m("rep")).get(listing).json()["results"]] == [body["id"]]
    assert api(org.m("rep2")).get(listing).json()["results"] == []
    assert api(org.m("rep2")).get(detail).status_code == 404
    used = api(org.m("rep")).post(u(org.tenant, "api-networking-tool-licence-record-use", pk=body["id"]))
    assert used.status_code == 200 and used.json()["last_used_on"] == days_ago(0).isoformat()
    assert api(org.m("rep")).patch(detail, {"tool": "x"}, format="json").status_code == 403
    assert api(org.m("manager")).post(listing, {"tool": "x"}, format="json").status_code == 403
    assert client.get(listing, {"status": "unused"}).json()["count"] == 0
    assert client.delete(detail).status_code == 204 and not ToolLicence.unscoped.exists()


def test_another_groups_objects_answer_404(org, other_tenant):
    theirs_member = MembershipFactory(tenant=other_tenant, user=UserFactory(), role=Role.ADMIN,
                                      employee=EmployeeFactory(tenant=other_tenant))
    activity = services.activity_log(tenant=other_tenant, actor=theirs_member.user, occurred_on=days_ago(1), channel="linkedin",
                                     kind="post")
    seat = licence_services.tool_licence_create(tenant=other_tenant, actor=theirs_member.user, tool="Seat",
                                                monthly_cost=Decimal("1"))
    client = api(org.m("admin"))
    assert client.get(u(org.tenant, "api-networking-activity-detail", pk=activity.pk)).status_code == 404
    assert client.patch(u(org.tenant, "api-networking-activity-detail", pk=activity.pk), {"note": "x"}, format="json").status_code == 404
    assert client.delete(u(org.tenant, "api-networking-activity-detail", pk=activity.pk)).status_code == 404
    assert client.get(u(org.tenant, "api-networking-tool-licence-detail", pk=seat.pk)).status_code == 404
    # Their slug: 404 too (A's admin is not a member there).
    assert client.get(u(other_tenant, "api-networking-activity-list")).status_code == 404
    # Their employee id in a reference field is refused like a missing one.
    response = client.post(u(org.tenant, "api-networking-activity-list"),
                           {"occurred_on": days_ago(1).isoformat(), "channel": "linkedin", "kind": "post",
                            "employee": theirs_member.employee.pk}, format="json")
    assert response.status_code == 400 and "employee" in response.json()
    assert Activity.unscoped.filter(tenant=other_tenant).count() == 1


def test_the_browsable_api_renders_for_a_rep(org):
    """DRF's HTML renderer re-reads the list after the request's tenant scope ended: no 500."""
    log(org, "rep")
    client = api(org.m("manager"))
    for name in ("api-networking-activity-list", "api-networking-tool-licence-list"):
        response = client.get(u(org.tenant, name), HTTP_ACCEPT="text/html")
        assert response.status_code == 200, name
