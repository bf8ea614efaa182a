"""The coaching services: who writes, changes, deletes and closes a follow-up; validation; audit rows without text."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from bns.models import AuditEvent, Notification
from networking.coaching import services
from networking.models import CoachingNote

pytestmark = pytest.mark.django_db


def test_the_manager_and_the_managers_manager_may_write(scope, org, write_note):
    assert write_note(by="manager").author == org["manager"].employee
    assert write_note(by="director").author == org["director"].employee


@pytest.mark.parametrize("who", ["peer", "executive", "admin", "rep"])
def test_nobody_outside_the_line_writes(scope, org, write_note, who):
    with pytest.raises(ValidationError) as exc:
        write_note(by=who)
    assert "employee" in exc.value.message_dict
    assert not CoachingNote.unscoped.exists()


def test_a_member_without_employee_record_cannot_write(scope, org, write_note):
    with pytest.raises(ValidationError, match="employee record"):
        write_note(by="admin_noemp")


def test_focus_is_required_and_the_follow_up_not_in_the_past(scope, org, write_note):
    with pytest.raises(ValidationError) as exc:
        write_note(focus="   ")
    assert "focus" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        write_note(follow_up_in=-1)
    assert "follow_up_on" in exc.value.message_dict
    assert write_note(follow_up_in=0).follow_up_on == timezone.localdate()
    assert write_note(follow_up_in=None).follow_up_on is None


def test_the_coachee_is_told_once_and_the_audit_holds_no_text(scope, tenant, org, write_note):
    note = write_note(focus="SECRET-FOCUS", actions="SECRET-ACTIONS")
    told = Notification.unscoped.filter(tenant=tenant, recipient=org["rep"].user)
    assert told.count() == 1
    row = AuditEvent.unscoped.get(tenant=tenant, verb="networking.coaching_note_created")
    assert row.object_id == str(note.pk)
    assert row.data == {"employee": org["rep"].employee.pk, "author": org["manager"].employee.pk}
    assert "SECRET" not in str(AuditEvent.unscoped.filter(tenant=tenant).values_list("data", flat=True))


def test_only_the_author_updates_and_a_new_date_starts_a_new_follow_up(scope, tenant, org, write_note):
    note = write_note()
    CoachingNote.unscoped.filter(pk=note.pk).update(reminded_at=timezone.now(), follow_up_done_at=timezone.now())
    note.refresh_from_db()
    for who in ("director", "rep", "admin"):
        with pytest.raises(PermissionDenied):
            services.coaching_note_update(tenant=tenant, actor=org[who].user, note=note, focus="Hijack")
    new_date = timezone.localdate() + timedelta(days=30)
    updated = services.coaching_note_update(tenant=tenant, actor=org["manager"].user, note=note, focus="Featured section",
                                            follow_up_on=new_date)
    assert (updated.focus, updated.follow_up_on, updated.follow_up_done_at, updated.reminded_at) == (
        "Featured section", new_date, None, None)
    with pytest.raises(ValidationError):
        services.coaching_note_update(tenant=tenant, actor=org["manager"].user, note=note,
                                      follow_up_on=timezone.localdate() - timedelta(days=1))
    audit = AuditEvent.unscoped.get(tenant=tenant, verb="networking.coaching_note_updated")
    assert audit.data["fields"] == ["focus", "follow_up_done_at", "follow_up_on"]


def test_an_unchanged_past_date_does_not_block_an_edit(scope, tenant, org, write_note):
    note = write_note()
    past = timezone.localdate() - timedelta(days=3)
    CoachingNote.unscoped.filter(pk=note.pk).update(follow_up_on=past)
    note.refresh_from_db()
    updated = services.coaching_note_update(tenant=tenant, actor=org["manager"].user, note=note, focus="Still the same date",
                                            follow_up_on=past)
    assert updated.follow_up_on == past and updated.focus == "Still the same date"


def test_follow_up_done_by_the_author_or_the_coachee_only(scope, tenant, org, write_note):
    note = write_note()
    for who in ("director", "peer", "admin"):
        with pytest.raises(PermissionDenied):
            services.coaching_follow_up_done(tenant=tenant, actor=org[who].user, note=note)
    done = services.coaching_follow_up_done(tenant=tenant, actor=org["rep"].user, note=note)
    first = done.follow_up_done_at
    assert first is not None
    again = services.coaching_follow_up_done(tenant=tenant, actor=org["manager"].user, note=note)
    assert again.follow_up_done_at == first  # twice: harmless
    assert AuditEvent.unscoped.filter(tenant=tenant, verb="networking.coaching_follow_up_done").count() == 1
    with pytest.raises(ValidationError, match="no follow-up"):
        services.coaching_follow_up_done(tenant=tenant, actor=org["rep"].user, note=write_note(follow_up_in=None))


def test_only_the_author_deletes(scope, tenant, org, write_note):
    note = write_note()
    for who in ("director", "rep"):
        with pytest.raises(PermissionDenied):
            services.coaching_note_delete(tenant=tenant, actor=org[who].user, note=note)
    services.coaching_note_delete(tenant=tenant, actor=org["manager"].user, note=note)
    assert not CoachingNote.unscoped.filter(pk=note.pk).exists()
    assert AuditEvent.unscoped.get(tenant=tenant, verb="networking.coaching_note_deleted").object_id == str(note.pk)


def test_a_note_of_another_group_is_refused(scope, tenant, other_tenant, org, write_note):
    note = write_note()
    with pytest.raises(PermissionDenied):
        services.coaching_note_delete(tenant=other_tenant, actor=org["manager"].user, note=note)
