"""A group with a sales manager and two reps (the manager line), a colleague on another site, an executive who
manages the networks, and an admin with no employee record; plus helpers for the activity tests.

These tests read the English messages (French is tested elsewhere)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from bns.models import Membership, Role
from tests.factories import EmployeeFactory, MembershipFactory, SiteFactory, UserFactory


@dataclass
class Org:
    tenant: object
    members: dict[str, Membership]

    def m(self, name: str) -> Membership:
        return self.members[name]

    def e(self, name: str):
        return self.members[name].employee

    def u(self, name: str):
        return self.members[name].user


@pytest.fixture(autouse=True)
def _english_messages(settings):
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def org(tenant) -> Org:
    vannes = SiteFactory(tenant=tenant, name="Concession Vannes", city="Vannes")
    brest = SiteFactory(tenant=tenant, name="Concession Brest", city="Brest")

    def member(role, first=None, last=None, site=vannes, manager=None, email=None):
        employee = None
        if first:
            employee = EmployeeFactory(tenant=tenant, site=site, first_name=first, last_name=last, manager=manager,
                                       email=email or f"{first.lower()}.{last.lower()}@armor.example",
                                       external_id=f"M{first[:3].upper()}")
        return MembershipFactory(tenant=tenant, user=UserFactory(), role=role, employee=employee)

    manager = member(Role.MANAGER, "Maud", "Chefdesventes")
    members = {
        "manager": manager,
        "rep": member(Role.EMPLOYEE, "Ronan", "Vendeur", manager=manager.employee),
        "rep2": member(Role.EMPLOYEE, "Rose", "Conseillere", manager=manager.employee),
        "brest": member(Role.EMPLOYEE, "Brieuc", "Finistere", site=brest),
        "exec": member(Role.EXECUTIVE, "Eva", "Codir"),
        "admin": member(Role.ADMIN),
    }
    return Org(tenant=tenant, members=members)


def url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


def login(client, membership):
    client.force_login(membership.user)
    return client


def api(membership) -> APIClient:
    client = APIClient()
    client.force_authenticate(membership.user)
    return client


def days_ago(n: int):
    return timezone.localdate() - timedelta(days=n)
