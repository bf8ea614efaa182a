"""Shared by the social profile tests: a small group with a manager line, a colleague outside it, an executive and
an administrator (no employee record), all members."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bns.models import Role
from networking.profiles import services
from tests.factories import DepartmentFactory, EmployeeFactory, MembershipFactory, SiteFactory, UserFactory


@pytest.fixture
def org(tenant):
    vannes = SiteFactory(tenant=tenant, name="Peugeot Vannes", city="Vannes")
    brest = SiteFactory(tenant=tenant, name="Renault Brest", city="Brest")
    vn = DepartmentFactory(tenant=tenant, code="VN", name="Véhicules neufs")

    def member(role, email, *, employee=True, site=vannes, manager=None, first="Test", last="Person"):
        emp = EmployeeFactory(tenant=tenant, site=site, department=vn, manager=manager, first_name=first, last_name=last,
                              email=f"emp-{email}") if employee else None
        return MembershipFactory(tenant=tenant, user=UserFactory(email=email), role=role, employee=emp)

    director = member(Role.SITE_DIRECTOR, "director@test.example", first="Denise", last="Directrice")
    manager = member(Role.MANAGER, "manager@test.example", manager=director.employee, first="Maud", last="Lemaitre")
    return {
        "director": director,
        "manager": manager,
        "rep": member(Role.EMPLOYEE, "rep@test.example", manager=manager.employee, first="Eric", last="Le Goff"),
        "colleague": member(Role.EMPLOYEE, "colleague@test.example", site=brest, first="Zoé", last="Autre"),
        "executive": member(Role.EXECUTIVE, "codir@test.example", first="Claire", last="Codir"),
        "admin": member(Role.ADMIN, "admin@test.example", employee=False),
        "vannes": vannes,
        "brest": brest,
        "vn": vn,
    }


@pytest.fixture
def make_profile(tenant):
    """Record a profile through the service, as the employee themself by default."""

    def _make(membership, platform="linkedin", url=None, actor=None, **kwargs):
        urls = {"linkedin": "https://www.linkedin.com/in/{slug}", "facebook": "https://www.facebook.com/{slug}",
                "instagram": "https://www.instagram.com/{slug}", "x": "https://x.com/{slug}",
                "youtube": "https://www.youtube.com/@{slug}", "tiktok": "https://www.tiktok.com/@{slug}"}
        slug = f"p{membership.employee.pk}{platform}"
        return services.social_profile_create(
            tenant=tenant, actor=actor or membership.user, employee=membership.employee, platform=platform,
            url=url or urls[platform].format(slug=slug), **kwargs)

    return _make


def url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


def login(client, membership):
    client.force_login(membership.user)
    return client


@pytest.fixture(autouse=True)
def _english_messages(settings):
    """These tests read the English messages (French is tested elsewhere)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
