"""activity_log / update / delete: validation (dates, kind vs channel, links), who may log for whom, audit."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bns.models import AuditEvent
from networking.activity import rules, services
from networking.models import Activity
from tests.factories import EmployeeFactory, TenantFactory, relationship_make

from .conftest import days_ago

pytestmark = pytest.mark.django_db


def log(org, who="rep", **kwargs):
    values = {"occurred_on": days_ago(1), "channel": "linkedin", "kind": "post", **kwargs}
    return services.activity_log(tenant=org.tenant, actor=org.u(who), **values)


def errors_of(exc_info) -> dict:
    return exc_info.value.message_dict


def test_a_member_logs_their_own_activity_with_an_audit_row(org):
    activity = log(org, reach=850, engagement=31, note="  New  Peugeot 3008   in the showroom ",
                   content_url="https://www.linkedin.com/feed/update/1")
    assert activity.employee == org.e("rep")
    assert (activity.reach, activity.engagement, activity.note) == (850, 31, "New Peugeot 3008 in the showroom")
    assert activity.source == "manual" and activity.created_by == org.u("rep")
    assert AuditEvent.unscoped.filter(tenant=org.tenant, verb="activity.log", object_id=str(activity.pk)).exists()


@pytest.mark.parametrize(("day", "message"), [(-1, "in the future"), (2 * 366 + 1, "two years")])
def test_dates_in_the_future_or_too_old_are_refused(org, day, message):
    with pytest.raises(ValidationError) as exc:
        log(org, occurred_on=days_ago(day))
    assert message in errors_of(exc)["occurred_on"][0]


def test_today_and_two_years_ago_are_accepted(org):
    assert log(org, occurred_on=days_ago(0)).pk
    assert log(org, occurred_on=days_ago(2 * 366)).pk


@pytest.mark.parametrize(("channel", "kind"), [("offline", "inmail"), ("tiktok", "event_attended"), ("youtube", "message"),
                                               ("instagram", "article"), ("facebook", "inmail")])
def test_kinds_that_do_not_happen_on_a_channel_get_a_clear_error(org, channel, kind):
    with pytest.raises(ValidationError) as exc:
        log(org, channel=channel, kind=kind)
    message = errors_of(exc)["kind"][0]
    assert "does not happen on" in message and "LinkedIn" in message


@pytest.mark.parametrize(("channel", "kind"), [("linkedin", "inmail"), ("offline", "event_attended"), ("x", "article"),
                                               ("youtube", "live_video"), ("offline", "message")])
def test_sensible_pairs_are_accepted(org, channel, kind):
    assert log(org, channel=channel, kind=kind).pk
    assert rules.compatible(channel, kind)


def test_every_kind_happens_somewhere_and_every_channel_has_kinds():
    from networking.models import ActivityChannel, ActivityKind

    assert all(rules.channels_for_kind(k) for k in ActivityKind.values)
    assert set(rules.KINDS_BY_CHANNEL) == set(ActivityChannel.values)


@pytest.mark.parametrize(("field", "value"), [("reach", -3), ("engagement", "lots"), ("content_url", "javascript:alert(1)"),
                                              ("content_url", "not a link"), ("note", "x" * 501), ("channel", "myspace"),
                                              ("kind", "poke")])
def test_bad_values_are_refused_on_their_field(org, field, value):
    with pytest.raises(ValidationError) as exc:
        log(org, **{field: value})
    assert field in errors_of(exc)


def test_a_rep_cannot_log_for_a_colleague_but_the_networks_managers_can(org):
    with pytest.raises(ValidationError) as exc:
        log(org, "rep", employee=org.e("rep2"))
    assert "your own activity" in errors_of(exc)["employee"][0]
    # A sales manager without the networks permission cannot either, even for their own reps.
    with pytest.raises(ValidationError):
        log(org, "manager", employee=org.e("rep"))
    assert log(org, "exec", employee=org.e("rep")).employee == org.e("rep")
    assert log(org, "admin", employee=org.e("rep2")).employee == org.e("rep2")


def test_an_admin_without_employee_record_must_say_whose_activity_it_is(org):
    with pytest.raises(ValidationError) as exc:
        log(org, "admin")
    assert "employee" in errors_of(exc)


def test_employees_of_another_group_or_inactive_are_refused(org):
    other = EmployeeFactory(tenant=TenantFactory(slug="other-group"))
    with pytest.raises(ValidationError) as exc:
        log(org, "exec", employee=other.pk)
    assert "employee" in errors_of(exc)
    gone = EmployeeFactory(tenant=org.tenant, is_active=False)
    with pytest.raises(ValidationError):
        log(org, "exec", employee=gone)


def test_person_links_are_limited_to_contacts_the_member_may_name(org):
    mine = relationship_make(tenant=org.tenant, owner=org.e("rep"), first_name="Anne", last_name="Le Gall", company="Breizh Fleet",
                             visibility="private")
    private_of_colleague = relationship_make(tenant=org.tenant, owner=org.e("rep2"), first_name="Paul", last_name="Secret",
                                             company="Discret SA", visibility="private")
    activity = log(org, kind="message", person=mine.person, account=None)
    assert activity.person_id == mine.person_id
    with pytest.raises(ValidationError) as exc:
        log(org, kind="message", person=private_of_colleague.person)
    assert "person" in errors_of(exc)


def test_a_client_key_already_stored_is_refused_by_the_single_log(org):
    log(org, client_key="crm-1")
    with pytest.raises(ValidationError) as exc:
        log(org, client_key="crm-1", kind="comment")
    assert "client_key" in errors_of(exc)


def test_update_own_activity_and_refuse_others(org):
    activity = log(org)
    services.activity_update(tenant=org.tenant, actor=org.u("rep"), activity=activity, kind="article", reach=10)
    activity.refresh_from_db()
    assert (activity.kind, activity.reach) == ("article", 10)
    assert AuditEvent.unscoped.filter(verb="activity.update", object_id=str(activity.pk)).exists()
    # The kind must still fit the channel.
    with pytest.raises(ValidationError):
        services.activity_update(tenant=org.tenant, actor=org.u("rep"), activity=activity, channel="youtube")
    # The manager sees it (manager line) but may not change it; a colleague neither.
    for who in ("manager", "rep2"):
        with pytest.raises(PermissionDenied):
            services.activity_update(tenant=org.tenant, actor=org.u(who), activity=activity, note="x")
    services.activity_update(tenant=org.tenant, actor=org.u("exec"), activity=activity, note="checked")
    activity.refresh_from_db()
    assert activity.note == "checked"


def test_delete_own_or_with_the_networks_permission(org):
    first, second = log(org), log(org, kind="comment")
    with pytest.raises(PermissionDenied):
        services.activity_delete(tenant=org.tenant, actor=org.u("rep2"), activity=first)
    services.activity_delete(tenant=org.tenant, actor=org.u("rep"), activity=first)
    services.activity_delete(tenant=org.tenant, actor=org.u("admin"), activity=second)
    assert not Activity.unscoped.filter(tenant=org.tenant).exists()
    assert AuditEvent.unscoped.filter(verb="activity.delete").count() == 2


def test_a_non_member_cannot_log(org, other_tenant):
    with pytest.raises(PermissionDenied):
        services.activity_log(tenant=other_tenant, actor=org.u("rep"), occurred_on=days_ago(1), channel="linkedin", kind="post")
