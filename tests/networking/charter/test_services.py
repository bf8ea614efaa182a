"""The charter's services: versions (n+1, never edited), one notification per member and version, acknowledging the
current version only, and the acknowledgement rate per dealership (checked by hand)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bns.models import AuditEvent, Notification
from networking.charter import selectors
from networking.models import Charter, CharterAcknowledgement
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def test_each_publication_is_a_new_version(publish):
    first = publish(dos="- Say who you are\n\n  * Share through the app  \n")
    second = publish(title="Charter 2026", dos="Say who you are")
    assert (first.version, second.version) == (1, 2)
    first.refresh_from_db()
    assert first.dos == "Say who you are\nShare through the app" and first.title == "Our networking charter"  # unchanged
    assert list(Charter.unscoped.order_by("version").values_list("version", flat=True)) == [1, 2]


@pytest.mark.parametrize("who", ["manager", "rep", "director"])
def test_only_manage_charter_publishes(publish, who):
    with pytest.raises(PermissionDenied):
        publish(by=who)
    assert not Charter.unscoped.exists()


def test_publication_is_validated(publish):
    with pytest.raises(ValidationError) as exc:
        publish(title=" ")
    assert "title" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        publish(dos="\n - \n", donts="", body="  ")
    assert "dos" in exc.value.message_dict


def test_members_are_told_once_per_version_after_commit(tenant, org, publish, django_capture_on_commit_callbacks):
    from networking.charter.tasks import charter_notify_members

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        charter = publish()
    assert len(callbacks) >= 1
    told = Notification.unscoped.filter(tenant=tenant, verb="charter")
    # Every active member with an employee record (the admin without one is not asked).
    assert sorted(told.values_list("recipient__email", flat=True)) == sorted(
        m.user.email for k, m in org.items() if k not in ("brest", "quimper", "admin_noemp"))
    assert charter_notify_members.delay(charter.pk, tenant.pk).get() == 0  # again: nobody twice
    assert told.count() == 5
    with django_capture_on_commit_callbacks(execute=True):
        publish(title="v2")
    assert told.count() == 10


def test_acknowledging_the_current_version(tenant, org, publish, acknowledge):
    old = publish()
    acknowledge("rep")
    current = publish(title="v2")
    ack = acknowledge("rep", charter=current)
    assert ack.charter == current
    assert acknowledge("rep").pk == ack.pk  # twice: harmless
    assert CharterAcknowledgement.unscoped.filter(employee=org["rep"].employee).count() == 2  # v1 then v2
    with pytest.raises(ValidationError, match="no longer the current one"):
        acknowledge("manager", charter=old)
    assert not CharterAcknowledgement.unscoped.filter(employee=org["manager"].employee).exists()
    assert AuditEvent.unscoped.filter(tenant=tenant, verb="networking.charter_acknowledged").count() == 2


def test_acknowledging_needs_a_charter_and_an_employee(org, publish, acknowledge):
    with pytest.raises(ValidationError, match="not published"):
        acknowledge("rep")
    publish()
    with pytest.raises(ValidationError, match="employee record"):
        acknowledge("admin_noemp")


def test_rate_per_dealership_by_hand(scope, tenant, org, publish, acknowledge):
    # Brest: executive, manager, rep (+ 1 inactive who acknowledged v1, not counted); Quimper: director, rep_quimper;
    # no dealership: one employee.
    gone = EmployeeFactory(tenant=tenant, site=org["brest"], is_active=False)
    homeless = EmployeeFactory(tenant=tenant, site=None)
    v1 = publish()
    acknowledge("rep")
    acknowledge("manager")
    CharterAcknowledgement.unscoped.create(tenant=tenant, charter=v1, employee=gone)
    CharterAcknowledgement.unscoped.create(tenant=tenant, charter=v1, employee=homeless)
    v2 = publish(title="v2")
    acknowledge("rep")  # v2
    acknowledge("rep_quimper")  # v2
    acknowledge("director")  # v2

    rows, total = selectors.charter_ack_rates(tenant=tenant, charter=v2)
    by_site = {r.site_name: (r.active, r.acknowledged, r.percent) for r in rows}
    assert by_site == {"Brest": (3, 1, 33), "Quimper": (2, 2, 100), "No dealership": (1, 0, 0)}
    assert [r.site_name for r in rows] == ["Brest", "Quimper", "No dealership"]
    assert (total.active, total.acknowledged, total.percent) == (6, 3, 50)
    rows_v1, _total = selectors.charter_ack_rates(tenant=tenant, charter=v1)
    assert {r.site_name: r.acknowledged for r in rows_v1} == {"Brest": 2, "Quimper": 0, "No dealership": 1}


def test_rate_is_one_query(scope, tenant, org, publish, django_assert_num_queries):
    charter = publish()
    with django_assert_num_queries(1):
        selectors.charter_ack_rates(tenant=tenant, charter=charter)
