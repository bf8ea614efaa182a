"""Coordination, not harassment: the group-wide solicitation cap, objections, exclusive relationships, the page."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from bns.models import Role
from contacts.models import LedgerEntry, Relationship, Solicitation
from contacts.solicitations import solicitation_log, solicitation_pressure
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory, relationship_make

pytestmark = pytest.mark.django_db


def _member(tenant, role=Role.EMPLOYEE, employee=True):
    emp = EmployeeFactory(tenant=tenant) if employee else None
    return MembershipFactory(tenant=tenant, user=UserFactory(), role=role, employee=emp)


@pytest.fixture
def reps(tenant):
    return [_member(tenant) for _ in range(4)]


@pytest.fixture
def person(tenant, reps):
    rel = relationship_make(tenant=tenant, owner=reps[0].employee, actor=reps[0].user, visibility="shared", scope="group",
                            email="yann@kervella.example")
    return rel.person


def test_cap_is_group_wide_and_the_fourth_is_refused_unless_overridden(tenant, reps, person):
    now = timezone.now()
    for i, rep in enumerate(reps[:3]):
        _s, warning = solicitation_log(tenant=tenant, actor=rep.user, person=person, channel="call", occurred_at=now - timedelta(days=i))
        assert warning == ""
    pressure = solicitation_pressure(tenant=tenant, person=person)
    assert (pressure["count"], pressure["cap"], pressure["by_employees"], pressure["over_cap"]) == (3, 3, 3, True)
    assert pressure["last"][0][0] == reps[0].employee.full_name
    with pytest.raises(ValidationError) as exc:
        solicitation_log(tenant=tenant, actor=reps[3].user, person=person, channel="email")
    assert "3" in exc.value.messages[0]
    assert Solicitation.unscoped.filter(person=person).count() == 3
    solicitation, warning = solicitation_log(tenant=tenant, actor=reps[3].user, person=person, channel="email", override_cap=True)
    assert warning
    row = LedgerEntry.unscoped.filter(verb="solicitation", data__solicitation_id=solicitation.pk).get()
    assert row.data["override"] is True and row.actor == reps[3].user
    assert LedgerEntry.unscoped.filter(verb="solicitation", data__override=False).count() == 3


def test_non_commercial_do_not_count_and_are_never_capped(tenant, reps, person):
    for rep in reps[:3]:
        solicitation_log(tenant=tenant, actor=rep.user, person=person, channel="call")
    solicitation_log(tenant=tenant, actor=reps[3].user, person=person, channel="invitation", commercial=False)
    assert solicitation_pressure(tenant=tenant, person=person)["count"] == 3


def test_window_is_rolling(tenant, reps, person):
    now = timezone.now()
    solicitation_log(tenant=tenant, actor=reps[0].user, person=person, channel="call", occurred_at=now - timedelta(days=31))
    solicitation_log(tenant=tenant, actor=reps[1].user, person=person, channel="call", occurred_at=now - timedelta(days=29))
    solicitation_log(tenant=tenant, actor=reps[2].user, person=person, channel="call", occurred_at=now - timedelta(days=1))
    # Only 2 inside the last 30 days: a third is allowed, a fourth is not.
    solicitation_log(tenant=tenant, actor=reps[3].user, person=person, channel="call")
    with pytest.raises(ValidationError):
        solicitation_log(tenant=tenant, actor=reps[0].user, person=person, channel="call")
    tenant.solicitation_window_days = 7
    tenant.save()
    solicitation_log(tenant=tenant, actor=reps[0].user, person=person, channel="call")  # 29 days ago is out of a 7-day window


def test_objection_blocks_everyone(tenant, reps, person):
    from contacts.gdpr import person_object

    admin = _member(tenant, Role.ADMIN, employee=False)
    person_object(tenant=tenant, actor=admin.user, person=person)
    for rep in reps[:2]:
        with pytest.raises(ValidationError):
            solicitation_log(tenant=tenant, actor=rep.user, person=person, channel="call", override_cap=True)
    assert not Solicitation.unscoped.filter(person=person).exists()


def test_exclusive_routes_to_the_owner(tenant, reps, person):
    rel = Relationship.unscoped.get(person=person)
    rel.exclusive = True
    rel.save()
    with pytest.raises(ValidationError) as exc:
        solicitation_log(tenant=tenant, actor=reps[1].user, person=person, channel="call")
    assert reps[0].employee.full_name in exc.value.messages[0]
    solicitation_log(tenant=tenant, actor=reps[0].user, person=person, channel="call")  # the owner may


def test_private_exclusive_does_not_reveal_its_owner(tenant, reps, person):
    relationship_make(tenant=tenant, owner=reps[2].employee, actor=reps[2].user, visibility="private", exclusive=True,
                      email="yann@kervella.example")
    solicitation_log(tenant=tenant, actor=reps[1].user, person=person, channel="call")


def test_member_without_employee_cannot_log(tenant, person):
    admin = _member(tenant, Role.ADMIN, employee=False)
    with pytest.raises(ValidationError):
        solicitation_log(tenant=tenant, actor=admin.user, person=person, channel="call")


# --- The page -----------------------------------------------------------------------------------------


def _url(tenant, person):
    return reverse("contacts_solicitation_new", kwargs={"tenant_slug": tenant.slug, "person_id": person.pk})


def test_page_shows_pressure_and_requires_log_anyway(client, tenant, reps, person):
    for rep in reps[:3]:
        solicitation_log(tenant=tenant, actor=rep.user, person=person, channel="call")
    client.force_login(reps[1].user)
    response = client.get(_url(tenant, person))
    assert response.status_code == 200
    assert response.context["pressure"]["count"] == 3 and response.context["pressure"]["over_cap"]
    assert reps[0].employee.full_name in response.content.decode()
    response = client.post(_url(tenant, person), {"channel": "call", "commercial": "on"})
    assert response.status_code == 400
    assert Solicitation.unscoped.filter(person=person).count() == 3
    response = client.post(_url(tenant, person), {"channel": "call", "commercial": "on", "override_cap": "on"})
    assert response.status_code == 302
    assert Solicitation.unscoped.filter(person=person).count() == 4


def test_page_logs_under_the_cap(client, tenant, reps, person):
    client.force_login(reps[1].user)
    response = client.post(_url(tenant, person), {"channel": "email", "commercial": "on", "note": "relance"})
    assert response.status_code == 302
    assert Solicitation.unscoped.get(person=person).employee == reps[1].employee


def test_page_404_when_the_person_is_not_visible_in_details(client, tenant, reps):
    private = relationship_make(tenant=tenant, owner=reps[0].employee, actor=reps[0].user, visibility="private").person
    discoverable = relationship_make(tenant=tenant, owner=reps[0].employee, actor=reps[0].user, visibility="discoverable",
                                     first_name="Dora", last_name="Disc").person
    client.force_login(reps[1].user)
    for p in (private, discoverable):
        assert client.get(_url(tenant, p)).status_code == 404
        assert client.post(_url(tenant, p), {"channel": "call"}).status_code == 404
    assert client.get(reverse("contacts_solicitation_new", kwargs={"tenant_slug": tenant.slug, "person_id": 999999})).status_code == 404
    client.force_login(reps[0].user)
    assert client.get(_url(tenant, private)).status_code == 200


def test_page_queries_do_not_grow(client, tenant, reps, person, django_assert_max_num_queries):
    client.force_login(reps[1].user)
    solicitation_log(tenant=tenant, actor=reps[0].user, person=person, channel="call")
    with django_assert_max_num_queries(20) as small:
        client.get(_url(tenant, person))
    for rep in reps[1:3]:
        solicitation_log(tenant=tenant, actor=rep.user, person=person, channel="call")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(_url(tenant, person))


def test_page_for_a_member_without_employee_record(client, tenant, reps, person):
    admin = _member(tenant, Role.ADMIN, employee=False)
    relationship_make(tenant=tenant, owner=reps[1].employee, visibility="shared", scope="group", email="yann@kervella.example")
    client.force_login(admin.user)
    assert client.get(_url(tenant, person)).status_code == 200
    assert client.post(_url(tenant, person), {"channel": "call"}).status_code == 400
    assert client.post(_url(tenant, person), {}).status_code == 400
    assert not Solicitation.unscoped.exists()
