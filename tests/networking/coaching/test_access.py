"""Coaching notes are read by the employee and their manager line only: not by a peer, nor by an executive or an
administrator outside the line (they get 404, like a note that does not exist), on the pages and in the API."""

from __future__ import annotations

import pytest

from tests.networking.coaching.conftest import login, url

pytestmark = pytest.mark.django_db

READERS = ["rep", "manager", "director"]
OUTSIDERS = ["peer", "executive", "admin", "admin_noemp"]


@pytest.mark.parametrize("who", READERS)
def test_the_rep_and_the_manager_line_read_the_notes(client, tenant, org, write_note, who):
    note = write_note(focus="Headline naming Rennes")
    login(client, org[who])
    page = client.get(url(tenant, "networking_coaching_employee", pk=org["rep"].employee.pk))
    assert page.status_code == 200
    assert "Headline naming Rennes" in page.content.decode()
    api = client.get(url(tenant, "api-networking-coaching-note-detail", pk=note.pk))
    assert api.status_code == 200 and api.json()["focus"] == "Headline naming Rennes"
    listed = client.get(url(tenant, "api-networking-coaching-note-list"))
    assert [row["id"] for row in listed.json()["results"]] == [note.pk]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_anyone_else_gets_404_on_pages_and_api(client, tenant, org, write_note, who):
    note = write_note(focus="Headline naming Rennes")
    login(client, org[who])
    for name, kwargs in [
        ("networking_coaching_employee", {"pk": org["rep"].employee.pk}),
        ("networking_coaching_note_edit", {"pk": note.pk}),
        ("api-networking-coaching-note-detail", {"pk": note.pk}),
    ]:
        response = client.get(url(tenant, name, **kwargs))
        assert response.status_code == 404, (name, response.status_code)
        assert "Headline naming Rennes" not in response.content.decode()
    for name in ("networking_coaching_note_follow_up_done", "networking_coaching_note_delete",
                 "api-networking-coaching-note-follow-up-done"):
        assert client.post(url(tenant, name, pk=note.pk)).status_code == 404, name
    assert client.patch(url(tenant, "api-networking-coaching-note-detail", pk=note.pk), {"focus": "x"},
                        content_type="application/json").status_code == 404
    assert client.delete(url(tenant, "api-networking-coaching-note-detail", pk=note.pk)).status_code == 404
    listed = client.get(url(tenant, "api-networking-coaching-note-list"), {"employee": org["rep"].employee.pk})
    assert listed.status_code == 200 and listed.json()["results"] == []
    # The team page of someone with no reports shows nobody; the note is still there.
    team = client.get(url(tenant, "networking_coaching_team"))
    assert team.status_code == 200 and "Headline naming Rennes" not in team.content.decode()
    note.refresh_from_db()


def test_the_rep_cannot_read_a_peers_notes_nor_write_any(client, tenant, org, write_note):
    write_note(about="peer", focus="Peer secret focus")
    login(client, org["rep"])
    assert client.get(url(tenant, "networking_coaching_employee", pk=org["peer"].employee.pk)).status_code == 404
    own = client.get(url(tenant, "networking_coaching_employee", pk=org["rep"].employee.pk))
    assert own.status_code == 200 and "New coaching note" not in own.content.decode()
    response = client.post(url(tenant, "api-networking-coaching-note-list"),
                           {"employee": org["peer"].employee.pk, "focus": "Sneaky"}, content_type="application/json")
    assert response.status_code == 400 and "employee" in response.json()


def test_an_employee_of_another_group_is_missing(client, tenant, other_tenant, org, write_note):
    from tests.factories import EmployeeFactory

    stranger = EmployeeFactory(tenant=other_tenant)
    login(client, org["manager"])
    assert client.get(url(tenant, "networking_coaching_employee", pk=stranger.pk)).status_code == 404
    response = client.post(url(tenant, "api-networking-coaching-note-list"), {"employee": stranger.pk, "focus": "x"},
                           content_type="application/json")
    assert response.status_code == 400
