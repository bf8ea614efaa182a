"""The bell: a member's own notifications (pages and API), read state, safe links, the unread count in the header."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from bns.models import Notification, Role
from bns.services.notifications import notification_send
from bns.views.notifications import notification_safe_url
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(tenant):
    return MembershipFactory(tenant=tenant, user=UserFactory(email="me@test.example"), role=Role.EMPLOYEE)


@pytest.fixture
def someone(tenant):
    return MembershipFactory(tenant=tenant, user=UserFactory(email="someone@test.example"), role=Role.ADMIN)


def send(tenant, user, key, url="", **kwargs):
    return notification_send(tenant=tenant, recipient=user, key=key, verb="test", title=f"Title {key}", body="Body",
                             url=url, email=False, **kwargs)


def u(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


def test_list_shows_mine_only_unread_first_class(client, tenant, me, someone):
    mine = [send(tenant, me.user, f"k{i}", url=f"/g/{tenant.slug}/contacts/") for i in range(3)]
    send(tenant, someone.user, "theirs")
    Notification.unscoped.filter(pk=mine[0].pk).update(read_at=mine[0].created_at)
    client.force_login(me.user)
    response = client.get(u(tenant, "notification_list"))
    assert response.status_code == 200
    assert sorted(n.pk for n in response.context["page"].object_list) == sorted(n.pk for n in mine)
    assert "Title theirs" not in response.content.decode()
    unread = client.get(u(tenant, "notification_list"), {"unread": "1"})
    assert sorted(n.pk for n in unread.context["page"].object_list) == sorted(n.pk for n in mine[1:])
    # The bell in the header, with the count.
    assert 'data-testid="bell"' in response.content.decode() and response.context["notifications_unread"] == 2


def test_open_marks_read_and_follows_only_a_link_of_the_group(client, tenant, other_tenant, me):
    good = send(tenant, me.user, "good", url=f"/g/{tenant.slug}/contacts/intros/")
    client.force_login(me.user)
    response = client.get(u(tenant, "notification_open", pk=good.pk))
    assert response.status_code == 302 and response["Location"] == f"/g/{tenant.slug}/contacts/intros/"
    good.refresh_from_db()
    assert good.read_at is not None
    list_url = u(tenant, "notification_list")
    for bad in ("https://evil.example/", "//evil.example/", f"/g/{other_tenant.slug}/", "/admin/", "javascript:alert(1)",
                f"/g/{tenant.slug}//evil.example", f"/g/{tenant.slug}/\\evil", ""):
        notification = send(tenant, me.user, f"bad-{bad}", url=bad)
        response = client.get(u(tenant, "notification_open", pk=notification.pk))
        assert response.status_code == 302 and response["Location"] == list_url, bad


def test_safe_url(tenant):
    assert notification_safe_url(tenant, f"/g/{tenant.slug}/x/?a=1") == f"/g/{tenant.slug}/x/?a=1"
    assert notification_safe_url(tenant, f"/g/{tenant.slug}x/") is None
    assert notification_safe_url(tenant, f"/g/{tenant.slug}/\nx") is None


def test_mark_one_and_all(client, tenant, me, someone):
    a, b = send(tenant, me.user, "a"), send(tenant, me.user, "b")
    theirs = send(tenant, someone.user, "theirs")
    client.force_login(me.user)
    assert client.post(u(tenant, "notification_mark_read", pk=a.pk)).status_code == 302
    assert client.post(u(tenant, "notification_mark_read", pk=theirs.pk)).status_code == 404
    assert client.get(u(tenant, "notification_open", pk=theirs.pk)).status_code == 404
    assert Notification.unscoped.filter(read_at__isnull=True).count() == 2
    assert client.post(u(tenant, "notification_mark_all_read")).status_code == 302
    b.refresh_from_db()
    theirs.refresh_from_db()
    assert b.read_at is not None and theirs.read_at is None
    assert client.get(u(tenant, "notification_mark_all_read")).status_code == 405


def test_other_group_404(client, tenant, other_tenant, me):
    notification = send(tenant, me.user, "x")
    stranger = MembershipFactory(tenant=other_tenant, user=UserFactory(email="stranger@test.example"))
    client.force_login(stranger.user)
    assert client.get(u(tenant, "notification_list")).status_code == 404
    assert client.get(u(other_tenant, "notification_open", pk=notification.pk)).status_code == 404
    assert client.post(u(other_tenant, "notification_mark_read", pk=notification.pk)).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_unread_count_is_one_query_and_only_inside_a_group(client, tenant, me):
    for i in range(3):
        send(tenant, me.user, f"n{i}")
    client.force_login(me.user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(u(tenant, "tenant_home"))
    assert response.context["notifications_unread"] == 3
    assert sum("bns_notification" in q["sql"] for q in ctx.captured_queries) == 1
    assert "(3" in response.content.decode() or ">3<" in response.content.decode()
    # Outside a group: no bell, no query.
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("api_token"))
    assert not any("bns_notification" in q["sql"] for q in ctx.captured_queries)


def test_list_query_count_does_not_grow(client, tenant, me, django_assert_max_num_queries):
    send(tenant, me.user, "first")
    client.force_login(me.user)
    with django_assert_max_num_queries(12) as small:
        client.get(u(tenant, "notification_list"))
    for i in range(30):
        send(tenant, me.user, f"more{i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(u(tenant, "notification_list"))


# --- API ------------------------------------------------------------------------------------------------


def _api(user):
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def test_api_list_and_mark_read(tenant, me, someone):
    a, b = send(tenant, me.user, "a"), send(tenant, me.user, "b")
    theirs = send(tenant, someone.user, "theirs")
    client = _api(me.user)
    listed = client.get(u(tenant, "api-notification-list")).json()["results"]
    assert sorted(n["id"] for n in listed) == sorted([a.pk, b.pk])
    response = client.post(u(tenant, "api-notification-mark-read"), {"ids": [a.pk, theirs.pk]}, format="json")
    assert response.status_code == 200 and response.json() == {"marked": 1, "unread": 1}
    assert [n["id"] for n in client.get(u(tenant, "api-notification-list"), {"unread": "true"}).json()["results"]] == [b.pk]
    assert client.post(u(tenant, "api-notification-mark-read"), {}, format="json").status_code == 400
    assert client.post(u(tenant, "api-notification-mark-read"), {"ids": ["x"]}, format="json").status_code == 400
    assert client.post(u(tenant, "api-notification-mark-read"), {"all": True}, format="json").json() == {"marked": 1, "unread": 0}
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_api_other_group_404(tenant, other_tenant, me):
    send(tenant, me.user, "a")
    stranger = MembershipFactory(tenant=other_tenant, user=UserFactory(email="stranger@test.example"))
    client = _api(stranger.user)
    assert client.get(u(tenant, "api-notification-list")).status_code == 404
    assert client.get(u(other_tenant, "api-notification-list")).json()["results"] == []
