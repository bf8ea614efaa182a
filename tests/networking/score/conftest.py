"""Shared by the networking score's tests: a small organisation with logins, and helpers to build scoring data."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bns.models import Role
from networking.models import Activity, EventAttendance, NetworkEvent, SocialProfile
from tests.factories import DepartmentFactory, EmployeeFactory, MembershipFactory, SiteFactory, UserFactory

TODAY = timezone.localdate()  # the relationships are created "now": the score day must not be before


@pytest.fixture(autouse=True)
def _english_messages(settings):
    """These tests read the English messages: pages and services speak English here (French is tested elsewhere)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def org(tenant):
    return org_build(tenant)


def org_build(tenant):
    """A manager with two reps, a colleague elsewhere, an executive, an admin without an employee record."""
    site, other_site = SiteFactory(tenant=tenant, name="Rennes"), SiteFactory(tenant=tenant, name="Brest")
    dept = DepartmentFactory(tenant=tenant, name="VN")

    def member(role, email, *, employee=True, on_site=site, manager=None):
        emp = EmployeeFactory(tenant=tenant, site=on_site, department=dept, email=f"emp-{email}", manager=manager) if employee else None
        return MembershipFactory(tenant=tenant, user=UserFactory(email=email), role=role, employee=emp)

    manager = member(Role.MANAGER, "manager@test.example")
    return {
        "site": site, "other_site": other_site, "department": dept,
        "manager": manager,
        "rep": member(Role.EMPLOYEE, "rep@test.example", manager=manager.employee),
        "rep2": member(Role.EMPLOYEE, "rep2@test.example", manager=manager.employee),
        "colleague": member(Role.EMPLOYEE, "colleague@test.example", on_site=other_site),
        "executive": member(Role.EXECUTIVE, "executive@test.example"),
        "admin": member(Role.ADMIN, "admin@test.example", employee=False),
    }


def url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


def login(client, membership):
    client.force_login(membership.user)
    return client


def profile_make(tenant, employee, *, platform="linkedin", completeness=50, positioning=""):
    return SocialProfile.unscoped.create(tenant=tenant, employee=employee, platform=platform, completeness=completeness,
                                         url=f"https://www.linkedin.com/in/e{employee.pk}-{platform}", positioning=positioning)


def activities_make(tenant, employee, n, *, day=TODAY, kind="post", content_url=""):
    Activity.unscoped.bulk_create([
        Activity(tenant=tenant, employee=employee, occurred_on=day, channel="linkedin", kind=kind, content_url=content_url)
        for _ in range(n)
    ])


def event_attend(tenant, employee, *, day=TODAY, attended=True):
    event = NetworkEvent.unscoped.create(tenant=tenant, title=f"Afterwork {day}", held_on=day)
    return EventAttendance.unscoped.create(tenant=tenant, event=event, employee=employee, attended=attended)


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def aware(day: date):
    return timezone.make_aware(datetime.combine(day, time(12)))
