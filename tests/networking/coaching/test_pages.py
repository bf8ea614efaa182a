"""The coaching pages: my notes (read-only, follow-up done), an employee's notes with the add form, edit, delete."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from networking.models import CoachingNote
from tests.networking.coaching.conftest import login, url

pytestmark = pytest.mark.django_db


def test_my_notes_are_read_only_and_say_who_reads_them(client, tenant, org, write_note):
    note = write_note(focus="Positioning statement", actions="Write two lines on utility vans")
    login(client, org["rep"])
    text = client.get(url(tenant, "networking_coaching_mine")).content.decode()
    assert "Positioning statement" in text and "Write two lines on utility vans" in text
    assert org["manager"].employee.full_name in text and org["director"].employee.full_name in text  # who reads them
    assert "not the executive committee, not the administrators" in text
    assert url(tenant, "networking_coaching_note_edit", pk=note.pk) not in text
    assert url(tenant, "networking_coaching_note_delete", pk=note.pk) not in text
    assert url(tenant, "networking_coaching_note_follow_up_done", pk=note.pk) in text
    response = client.post(url(tenant, "networking_coaching_note_follow_up_done", pk=note.pk))
    assert response.status_code == 302 and response.url == url(tenant, "networking_coaching_mine")
    note.refresh_from_db()
    assert note.follow_up_done_at is not None
    assert client.get(url(tenant, "networking_coaching_note_edit", pk=note.pk)).status_code == 403


def test_mine_without_employee_record_is_kind(client, tenant, org):
    login(client, org["admin_noemp"])
    response = client.get(url(tenant, "networking_coaching_mine"))
    assert response.status_code == 200 and "not linked to an employee record" in response.content.decode()


def test_the_manager_adds_a_note_from_the_employee_page(client, tenant, org):
    login(client, org["manager"])
    page = url(tenant, "networking_coaching_employee", pk=org["rep"].employee.pk)
    assert "New coaching note" in client.get(page).content.decode()
    follow_up = timezone.localdate() + timedelta(days=14)
    response = client.post(page, {"focus": "Featured section", "actions_agreed": "Pin the VN offer", "follow_up_on": follow_up})
    assert response.status_code == 302 and response.url == page
    note = CoachingNote.unscoped.get()
    assert (note.focus, note.author, note.follow_up_on) == ("Featured section", org["manager"].employee, follow_up)
    bad = client.post(page, {"focus": "", "follow_up_on": (timezone.localdate() - timedelta(days=2)).isoformat()})
    assert bad.status_code == 400 and "cannot be in the past" in bad.content.decode()
    assert CoachingNote.unscoped.count() == 1


def test_the_author_edits_and_deletes(client, tenant, org, write_note):
    note = write_note()
    login(client, org["manager"])
    edit = url(tenant, "networking_coaching_note_edit", pk=note.pk)
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"focus": "Skills section", "actions_agreed": "", "follow_up_on": ""})
    assert response.status_code == 302 and response.url == url(tenant, "networking_coaching_employee", pk=org["rep"].employee.pk)
    note.refresh_from_db()
    assert (note.focus, note.follow_up_on) == ("Skills section", None)
    assert client.post(edit, {"focus": ""}).status_code == 400
    login(client, org["director"])  # in the line, not the author
    assert client.get(edit).status_code == 403
    assert client.post(url(tenant, "networking_coaching_note_delete", pk=note.pk)).status_code == 403
    login(client, org["manager"])
    assert client.post(url(tenant, "networking_coaching_note_delete", pk=note.pk)).status_code == 302
    assert not CoachingNote.unscoped.filter(pk=note.pk).exists()


def test_the_own_employee_page_works_for_the_rep(client, tenant, org, write_note):
    write_note(focus="Headline")
    login(client, org["rep"])
    response = client.get(url(tenant, "networking_coaching_employee", pk=org["rep"].employee.pk))
    assert response.status_code == 200 and "Headline" in response.content.decode()
    assert client.post(url(tenant, "networking_coaching_employee", pk=org["rep"].employee.pk), {"focus": "Self"}).status_code == 400
