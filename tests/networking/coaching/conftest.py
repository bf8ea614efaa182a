"""Shared by the coaching tests: a manager line (director > manager > rep, and the rep's peer), an executive and an
admin outside the line, and helpers to build notes through the services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bns.models import Role
from bns.tenancy import tenant_scope
from networking.coaching import services
from tests.factories import DepartmentFactory, EmployeeFactory, MembershipFactory, SiteFactory, UserFactory


@pytest.fixture(autouse=True)
def _english_messages(settings):
    """These tests read the English messages (French is the default locale; its catalogue is tested elsewhere)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def org(tenant):
    tenant.locale = "en"
    tenant.save(update_fields=["locale"])
    site, dept = SiteFactory(tenant=tenant, name="Rennes"), DepartmentFactory(tenant=tenant)

    def member(role, email, *, manager=None, employee=True):
        emp = EmployeeFactory(tenant=tenant, site=site, department=dept, email=f"emp-{email}", manager=manager) if employee else None
        return MembershipFactory(tenant=tenant, user=UserFactory(email=email), role=role, employee=emp)

    director = member(Role.SITE_DIRECTOR, "director@test.example")
    manager = member(Role.MANAGER, "manager@test.example", manager=director.employee)
    return {
        "director": director,
        "manager": manager,
        "rep": member(Role.EMPLOYEE, "rep@test.example", manager=manager.employee),
        "peer": member(Role.EMPLOYEE, "peer@test.example", manager=manager.employee),
        "executive": member(Role.EXECUTIVE, "executive@test.example"),
        "admin": member(Role.ADMIN, "admin@test.example"),
        "admin_noemp": member(Role.ADMIN, "admin-noemp@test.example", employee=False),
        "site": site,
        "dept": dept,
    }


@pytest.fixture
def write_note(tenant, org):
    """A note about ``about`` (default: the rep) written by ``by`` (default: the manager), through the service."""

    def _write(about="rep", by="manager", focus="LinkedIn headline", actions="Rewrite it naming the dealership",
               follow_up_in=7):
        follow_up_on = None if follow_up_in is None else timezone.localdate() + timedelta(days=follow_up_in)
        with tenant_scope(tenant):
            return services.coaching_note_create(
                tenant=tenant, actor=org[by].user, employee=org[about].employee, focus=focus, actions_agreed=actions,
                follow_up_on=follow_up_on,
            )

    return _write


def url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


def login(client, membership):
    client.force_login(membership.user)
    return client
