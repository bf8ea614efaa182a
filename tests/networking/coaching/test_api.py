"""The coaching notes' API: list (with ?employee=), create, retrieve, partial update, delete, follow-up done."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from networking.models import CoachingNote
from tests.networking.coaching.conftest import login, url

pytestmark = pytest.mark.django_db

LIST = "api-networking-coaching-note-list"
DETAIL = "api-networking-coaching-note-detail"


def test_create_then_read_as_the_rep(client, tenant, org):
    login(client, org["manager"])
    follow_up = (timezone.localdate() + timedelta(days=10)).isoformat()
    response = client.post(url(tenant, LIST), {"employee": org["rep"].employee.pk, "focus": "Banner", "actions_agreed": "Upload it",
                                               "follow_up_on": follow_up}, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["author"] == org["manager"].employee.pk and body["is_author"] is True
    assert body["follow_up_state"] == "planned" and body["follow_up_on"] == follow_up
    login(client, org["rep"])
    got = client.get(url(tenant, DETAIL, pk=body["id"])).json()
    assert got["focus"] == "Banner" and got["is_author"] is False and got["employee_name"] == org["rep"].employee.full_name


def test_create_validation(client, tenant, org):
    login(client, org["manager"])
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    for payload, field in [
        ({"employee": org["rep"].employee.pk, "focus": "  "}, "focus"),
        ({"employee": org["rep"].employee.pk, "focus": "x", "follow_up_on": past}, "follow_up_on"),
        ({"employee": org["rep"].employee.pk, "focus": "x", "follow_up_on": "not a date"}, "follow_up_on"),
        ({"employee": "abc", "focus": "x"}, "employee"),
        ({"focus": "x"}, "employee"),
    ]:
        response = client.post(url(tenant, LIST), payload, content_type="application/json")
        assert response.status_code == 400 and field in response.json(), (payload, response.content)
    assert not CoachingNote.unscoped.exists()


def test_list_filters_by_employee(client, tenant, org, write_note):
    mine = write_note(about="rep")
    peers = write_note(about="peer")
    login(client, org["director"])
    everything = client.get(url(tenant, LIST)).json()["results"]
    assert {row["id"] for row in everything} == {mine.pk, peers.pk}
    only = client.get(url(tenant, LIST), {"employee": org["peer"].employee.pk}).json()["results"]
    assert [row["id"] for row in only] == [peers.pk]
    assert client.get(url(tenant, LIST), {"employee": "x"}).status_code == 400
    login(client, org["rep"])
    assert [row["id"] for row in client.get(url(tenant, LIST)).json()["results"]] == [mine.pk]


def test_patch_and_delete_by_the_author_only(client, tenant, org, write_note):
    note = write_note()
    login(client, org["director"])
    assert client.patch(url(tenant, DETAIL, pk=note.pk), {"focus": "x"}, content_type="application/json").status_code == 403
    assert client.delete(url(tenant, DETAIL, pk=note.pk)).status_code == 403
    assert client.put(url(tenant, DETAIL, pk=note.pk), {"focus": "x"}, content_type="application/json").status_code == 405
    login(client, org["manager"])
    response = client.patch(url(tenant, DETAIL, pk=note.pk), {"focus": "Recommendations"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["focus"] == "Recommendations"
    response = client.patch(url(tenant, DETAIL, pk=note.pk), {"follow_up_on": "2001-01-01"}, content_type="application/json")
    assert response.status_code == 400 and "follow_up_on" in response.json()
    assert client.delete(url(tenant, DETAIL, pk=note.pk)).status_code == 204
    assert not CoachingNote.unscoped.filter(pk=note.pk).exists()


def test_follow_up_done_action(client, tenant, org, write_note):
    note = write_note()
    action = url(tenant, "api-networking-coaching-note-follow-up-done", pk=note.pk)
    login(client, org["director"])
    assert client.post(action).status_code == 403
    login(client, org["rep"])
    response = client.post(action)
    assert response.status_code == 200 and response.json()["follow_up_state"] == "done"
    without = write_note(follow_up_in=None)
    response = client.post(url(tenant, "api-networking-coaching-note-follow-up-done", pk=without.pk))
    assert response.status_code == 400
