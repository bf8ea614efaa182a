"""activity_bulk_upsert: idempotent by client key, per-item results, valid items stored when others fail, races."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from bns.models import AuditEvent
from networking.activity import services
from networking.models import Activity

from .conftest import days_ago

pytestmark = pytest.mark.django_db


def item(key, org=None, who="rep", **kwargs):
    out = {"client_key": key, "occurred_on": days_ago(2).isoformat(), "channel": "linkedin", "kind": "post", **kwargs}
    if org is not None:
        out["employee"] = org.e(who).pk
    return out


def upsert(org, items, who="exec"):
    return services.activity_bulk_upsert(tenant=org.tenant, actor=org.u(who), items=items)


def test_the_same_payload_twice_creates_once(org):
    payload = [item("crm-1", org), item("crm-2", org, kind="comment"), item("crm-3", org, "rep2", channel="offline",
                                                                            kind="event_attended")]
    first = upsert(org, payload)
    assert first.counts == {"created": 3, "duplicates": 0, "errors": 0}
    ids = [r["id"] for r in first.results]
    assert all(ids)
    second = upsert(org, payload)
    assert second.counts == {"created": 0, "duplicates": 3, "errors": 0}
    assert [r["id"] for r in second.results] == ids
    assert Activity.unscoped.filter(tenant=org.tenant).count() == 3
    # One audit row per call that stored something, none for the pure retry.
    assert AuditEvent.unscoped.filter(tenant=org.tenant, verb="activity.bulk").count() == 1


def test_two_new_one_known_one_invalid(org):
    upsert(org, [item("known", org)])
    result = upsert(org, [
        item("new-1", org), item("known", org, kind="comment"), item("bad", org, channel="offline", kind="inmail"),
        item("new-2", org, "rep2", reach=120),
    ])
    assert result.counts == {"created": 2, "duplicates": 1, "errors": 1}
    statuses = [(r["client_key"], r["status"]) for r in result.results]
    assert statuses == [("new-1", "created"), ("known", "duplicate"), ("bad", "error"), ("new-2", "created")]
    bad = result.results[2]
    assert bad["id"] is None and "kind" in bad["errors"] and "does not happen on" in bad["errors"]["kind"][0]
    assert set(Activity.unscoped.filter(tenant=org.tenant).values_list("client_key", flat=True)) == {"known", "new-1", "new-2"}
    # The known key was not changed by the second payload (nothing changes for a duplicate).
    assert Activity.unscoped.get(client_key="known").kind == "post"


def test_the_client_key_is_required_and_items_must_be_objects(org):
    result = upsert(org, [item("", org), {"occurred_on": "2026-01-01"}, "not an object", item("x" * 101, org), item("ok", org)])
    assert [r["status"] for r in result.results] == ["error", "error", "error", "error", "created"]
    assert "client_key" in result.results[0]["errors"]
    assert "non_field_errors" in result.results[2]["errors"]


def test_the_same_key_twice_in_one_payload_counts_once(org):
    result = upsert(org, [item("dup", org), item("dup", org, kind="comment")])
    assert [r["status"] for r in result.results] == ["created", "duplicate"]
    assert result.results[0]["id"] == result.results[1]["id"]
    assert Activity.unscoped.filter(client_key="dup").count() == 1


def test_a_rep_uploads_only_their_own_activity(org):
    result = upsert(org, [item("mine"), item("theirs", org, "rep2")], who="rep")
    assert [r["status"] for r in result.results] == ["created", "error"]
    assert Activity.unscoped.get(client_key="mine").employee == org.e("rep")
    assert "employee" in result.results[1]["errors"]


def test_keys_are_per_group(org, other_tenant):
    from bns.models import Role
    from tests.factories import EmployeeFactory, MembershipFactory, UserFactory

    upsert(org, [item("shared-key", org)])
    member = MembershipFactory(tenant=other_tenant, user=UserFactory(), role=Role.EMPLOYEE,
                               employee=EmployeeFactory(tenant=other_tenant))
    result = services.activity_bulk_upsert(tenant=other_tenant, actor=member.user, items=[item("shared-key")])
    assert result.counts["created"] == 1


def test_more_than_1000_items_are_refused(org):
    with pytest.raises(ValidationError):
        upsert(org, [item(f"k{i}", org) for i in range(1001)])


def test_a_concurrent_upload_of_the_same_key_is_a_duplicate_not_an_error(org):
    """Validation saw no stored key; another upload stores it before our insert: the insert fails on the unique
    constraint and the item is replayed in a savepoint, reported as a duplicate, the rest stored."""
    membership = services.actor_membership(org.tenant, org.u("exec"))
    results, pending = services.batch_prepare(tenant=org.tenant, membership=membership, source="api", actor=org.u("exec"),
                                              items=[item("race", org), item("calm", org)])
    upsert(org, [item("race", org, kind="comment")])  # the other upload wins the race
    with transaction.atomic():
        services.batch_write(tenant=org.tenant, results=results, pending=pending)
    assert [r["status"] for r in results] == ["duplicate", "created"]
    assert all(r["id"] for r in results)
    assert Activity.unscoped.get(client_key="race").kind == "comment"
    assert Activity.unscoped.filter(client_key="calm").exists()


def test_bulk_queries_do_not_grow_with_the_number_of_items(org, django_assert_max_num_queries):
    """Set-based: the same queries for 5 or 50 items (SQLite splits an insert beyond ~55 rows, PostgreSQL at 500)."""
    with django_assert_max_num_queries(10):
        upsert(org, [item(f"a{i}", org) for i in range(5)])
    with django_assert_max_num_queries(10):
        upsert(org, [item(f"b{i}", org, "rep2") for i in range(50)])
