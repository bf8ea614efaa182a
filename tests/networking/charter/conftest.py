"""Shared by the charter tests: two dealerships with employees, an executive who publishes, and helpers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bns.models import Role
from bns.tenancy import tenant_scope
from networking.charter import services
from tests.factories import EmployeeFactory, MembershipFactory, SiteFactory, UserFactory


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
    brest, quimper = SiteFactory(tenant=tenant, name="Brest"), SiteFactory(tenant=tenant, name="Quimper")

    def member(role, email, *, site=brest, employee=True):
        emp = EmployeeFactory(tenant=tenant, site=site, email=f"emp-{email}") if employee else None
        return MembershipFactory(tenant=tenant, user=UserFactory(email=email), role=role, employee=emp)

    return {
        "brest": brest,
        "quimper": quimper,
        "executive": member(Role.EXECUTIVE, "codir@test.example"),
        "director": member(Role.SITE_DIRECTOR, "director@test.example", site=quimper),
        "manager": member(Role.MANAGER, "manager@test.example"),
        "rep": member(Role.EMPLOYEE, "rep@test.example"),
        "rep_quimper": member(Role.EMPLOYEE, "rep-q@test.example", site=quimper),
        "admin_noemp": member(Role.ADMIN, "admin@test.example", employee=False),
    }


@pytest.fixture
def publish(tenant, org):
    def _publish(title="Our networking charter", dos="Say who you are\nShare through the app", donts="No mass messaging",
                 body="Why we network.", by="executive"):
        with tenant_scope(tenant):
            return services.charter_publish(tenant=tenant, actor=org[by].user, title=title, dos=dos, donts=donts, body=body)

    return _publish


@pytest.fixture
def acknowledge(tenant, org):
    def _ack(who, charter=None):
        with tenant_scope(tenant):
            return services.charter_acknowledge(tenant=tenant, actor=org[who].user, charter=charter)

    return _ack


def url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


def login(client, membership):
    client.force_login(membership.user)
    return client
