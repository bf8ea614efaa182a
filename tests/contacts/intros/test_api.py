"""The introductions' API: the same rules as the pages (two sides only, the owner answers, privacy)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from contacts.intros import services
from contacts.models import IntroRequest
from tests.contacts.api_helpers import api
from tests.contacts.intros.conftest import PERSON_EMAIL, PERSON_LAST
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def u(tenant, name="list", pk=None):
    kwargs = {"tenant_slug": tenant.slug, **({"pk": pk} if pk is not None else {})}
    return reverse(f"api-intros-request-{name}", kwargs=kwargs)


def test_create_list_retrieve(tenant, org, rels):
    client = api(org["requester"])
    response = client.post(u(tenant), {"relationship": rels["discoverable"].pk, "purpose": "Flotte", "message": "Bonjour"},
                           format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "pending" and data["side"] == "requester" and data["purpose_kind"] == "need"
    assert data["subject"] == {"visible": True, "named": False, "relationship_id": rels["discoverable"].pk,
                               "company": "Breizh Fleet Services"}
    assert [e["kind"] for e in data["events"]] == ["requested"]
    assert PERSON_LAST not in response.content.decode()
    intro_id = data["id"]
    assert [r["id"] for r in client.get(u(tenant), {"box": "sent"}).json()["results"]] == [intro_id]
    assert client.get(u(tenant), {"box": "received"}).json()["results"] == []
    assert client.get(u(tenant), {"status": "declined"}).json()["results"] == []
    assert client.get(u(tenant), {"status": "bogus"}).status_code == 400
    owner = api(org["owner"])
    listed = owner.get(u(tenant), {"box": "received", "status": "pending"}).json()["results"]
    assert [r["id"] for r in listed] == [intro_id] and listed[0]["subject"]["person_name"] == f"Dora {PERSON_LAST}"
    assert owner.get(u(tenant, "detail", intro_id)).json()["side"] == "owner"


def test_create_refusals(tenant, org, rels):
    client = api(org["requester"])
    # A private relationship is refused exactly like one that does not exist.
    private = client.post(u(tenant), {"relationship": rels["private"].pk, "purpose": "x"}, format="json")
    missing = client.post(u(tenant), {"relationship": 99999999, "purpose": "x"}, format="json")
    assert private.status_code == missing.status_code == 400
    assert private.json()["relationship"] == [m.replace("99999999", str(rels["private"].pk)) for m in missing.json()["relationship"]]
    own = api(org["owner"]).post(u(tenant), {"relationship": rels["discoverable"].pk, "purpose": "x"}, format="json")
    assert own.status_code == 400 and "non_field_errors" in own.json()
    assert api(org["admin"]).post(u(tenant), {"relationship": rels["discoverable"].pk, "purpose": "x"},
                                  format="json").status_code == 400
    assert not IntroRequest.unscoped.exists()


def test_actions_follow_the_status_machine(tenant, org, rels, ask):
    intro = ask(rels["discoverable"])
    owner, requester = api(org["owner"]), api(org["requester"])
    assert requester.post(u(tenant, "accept", intro.pk), {}, format="json").status_code == 403
    assert requester.post(u(tenant, "follow-up", intro.pk), {"text": "x"}, format="json").status_code == 400
    assert owner.post(u(tenant, "decline", intro.pk), {}, format="json").status_code == 400  # reason required
    response = owner.post(u(tenant, "accept", intro.pk), {"message": "ok"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    again = owner.post(u(tenant, "accept", intro.pk), {}, format="json")
    assert again.status_code == 400 and again.json()["non_field_errors"]
    assert owner.post(u(tenant, "outcome", intro.pk), {"outcome": "met"}, format="json").status_code == 403
    assert requester.post(u(tenant, "follow-up", intro.pk), {"text": "RDV"}, format="json").status_code == 200
    response = requester.post(u(tenant, "outcome", intro.pk), {"outcome": "deal", "note": "6 VN"}, format="json")
    assert response.status_code == 200
    data = response.json()
    assert data["outcome"] == "deal" and [e["kind"] for e in data["events"]] == ["requested", "accepted", "follow_up", "outcome"]
    # Accepted: the requester knows who it is, never how to reach them here.
    assert data["subject"]["named"] is True and PERSON_EMAIL not in response.content.decode()


def test_decline_reveals_nothing(tenant, org, rels, ask):
    intro = ask(rels["discoverable"])
    services.intro_request_decline(tenant=tenant, actor=org["owner"].user, intro=intro, reason="Pas le moment")
    body = api(org["requester"]).get(u(tenant, "detail", intro.pk)).content.decode()
    assert "Pas le moment" in body and PERSON_LAST not in body and PERSON_EMAIL not in body


@pytest.mark.parametrize("who", ["colleague", "manager", "executive", "admin"])
def test_only_the_two_sides(tenant, org, rels, ask, who):
    intro = ask(rels["discoverable"])
    client = api(org[who])
    assert client.get(u(tenant, "detail", intro.pk)).status_code == 404
    for action in ("accept", "decline", "follow-up", "outcome"):
        assert client.post(u(tenant, action, intro.pk), {"reason": "x", "text": "x", "outcome": "met"},
                           format="json").status_code == 404
    assert client.get(u(tenant)).json()["results"] == []


def test_other_group_404(tenant, other_tenant, org, rels, ask):
    intro = ask(rels["discoverable"])
    outsider = MembershipFactory(tenant=other_tenant, user=UserFactory(email="out@test.example"),
                                 employee=EmployeeFactory(tenant=other_tenant))
    client = api(outsider)
    assert client.get(u(tenant, "detail", intro.pk)).status_code == 404
    assert client.get(u(other_tenant, "detail", intro.pk)).status_code == 404
    assert client.post(u(other_tenant, "accept", intro.pk), {}, format="json").status_code == 404
    assert client.post(u(other_tenant), {"relationship": rels["discoverable"].pk, "purpose": "x"}, format="json").status_code == 400


def test_list_query_count_does_not_grow(tenant, org, rels, django_assert_max_num_queries):
    from tests.contacts.intros.test_pages import _grow

    client = api(org["owner"])
    _grow(tenant, org, 2, 0)
    with django_assert_max_num_queries(12) as small:
        assert client.get(u(tenant)).status_code == 200
    _grow(tenant, org, 8, 2)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(client.get(u(tenant)).json()["results"]) == 20
