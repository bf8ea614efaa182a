"""The employee's own networking data page and download: everything held about them, nothing about anyone else,
never a pulse answer, and a bounded number of queries."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.urls import reverse

from bns.models import Role
from bns.tenancy import tenant_scope
from networking.models import Activity, CoachingNote, Pulse, PulseAnswer, PulseParticipation, SocialProfile
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory


@pytest.fixture
def rep(tenant):
    manager = EmployeeFactory(tenant=tenant, first_name="Maud", last_name="Lemaitre")
    employee = EmployeeFactory(tenant=tenant, first_name="Eric", last_name="Le Goff", manager=manager)
    user = UserFactory(email="eric@example.com")
    MembershipFactory(tenant=tenant, user=user, role=Role.EMPLOYEE, employee=employee)
    return employee, manager, user


def _fill(tenant, employee, manager, n_activities: int):
    with tenant_scope(tenant):
        SocialProfile.objects.create(employee=employee, platform="linkedin", url="https://www.linkedin.com/in/eric-le-goff",
                                     positioning="Utilitaires pour artisans", completeness=40)
        Activity.objects.bulk_create([
            Activity(tenant=tenant, employee=employee, occurred_on=date(2026, 11, 1) - timedelta(days=i), channel="linkedin",
                     kind="post", note=f"note {i}")
            for i in range(n_activities)
        ])
        CoachingNote.objects.create(employee=employee, author=manager, focus="Titre du profil LinkedIn")
        pulse = Pulse.objects.create(title="Baromètre automne", opens_on=date(2026, 9, 1), closes_on=date(2026, 9, 30),
                                     status="closed")
        PulseParticipation.objects.create(pulse=pulse, employee=employee)
        PulseAnswer.objects.create(pulse=pulse, offered_own_circle="never", pride=2, recommend_products=3,
                                   recommend_employer=4, comment="UNIQUE-SECRET-COMMENT")
        other = EmployeeFactory(tenant=tenant, first_name="Zoé", last_name="Autrecollegue")
        Activity.objects.create(employee=other, occurred_on=date(2026, 11, 2), channel="x", kind="comment", note="OTHER-NOTE")


@pytest.mark.django_db
def test_page_shows_own_data_and_never_the_pulse_answer(client, tenant, rep):
    employee, manager, user = rep
    _fill(tenant, employee, manager, 3)
    client.force_login(user)
    body = client.get(reverse("networking_my_data", args=[tenant.slug])).content.decode()
    assert "linkedin.com/in/eric-le-goff" in body
    assert "Titre du profil LinkedIn" in body
    assert "Baromètre automne" in body  # took part...
    assert "UNIQUE-SECRET-COMMENT" not in body  # ...but what they answered is not held against them
    assert "OTHER-NOTE" not in body


@pytest.mark.django_db
def test_download_holds_everything(client, tenant, rep):
    employee, manager, user = rep
    _fill(tenant, employee, manager, 3)
    client.force_login(user)
    response = client.get(reverse("networking_my_data_export", args=[tenant.slug]))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["employee"]["last_name"] == "Le Goff"
    assert data["activity_count"] == 3 and len(data["activities"]) == 3
    assert [c["focus"] for c in data["coaching_notes"]] == ["Titre du profil LinkedIn"]
    assert "UNIQUE-SECRET-COMMENT" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("n_activities", [2, 60])
def test_page_queries_do_not_grow_with_data(client, tenant, rep, n_activities, django_assert_max_num_queries):
    employee, manager, user = rep
    _fill(tenant, employee, manager, n_activities)
    client.force_login(user)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("networking_my_data", args=[tenant.slug])).status_code == 200


@pytest.mark.django_db
def test_member_without_employee_gets_an_explanation(admin_client, tenant):
    response = admin_client.get(reverse("networking_my_data", args=[tenant.slug]))
    assert response.status_code == 200
    assert response.context["employee"] is None
    assert json.loads(admin_client.get(reverse("networking_my_data_export", args=[tenant.slug])).content)["exported_at"]
