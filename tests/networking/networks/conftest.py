"""A group with two dealerships (Vannes, Brest) and its people, for the real-world networks' tests.

- ``exec``: executive (CoDir), manages the networks and reads the coordination view; employee at Vannes.
- ``rep`` and ``rep2``: employees at Vannes; ``brest``: employee at Brest; ``manager``: sales manager at Vannes.
- ``admin``: administrator with no employee record.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from bns.models import Membership, Role
from networking.networks import services
from tests.factories import EmployeeFactory, MembershipFactory, SiteFactory, UserFactory


@dataclass
class Org:
    tenant: object
    vannes: object
    brest: object
    members: dict[str, Membership]

    def m(self, name: str) -> Membership:
        return self.members[name]

    def e(self, name: str):
        return self.members[name].employee

    def u(self, name: str):
        return self.members[name].user


def _member(tenant, role, employee=None) -> Membership:
    return MembershipFactory(tenant=tenant, user=UserFactory(), role=role, employee=employee)


@pytest.fixture
def org(tenant) -> Org:
    vannes = SiteFactory(tenant=tenant, name="Concession Vannes", city="Vannes")
    brest = SiteFactory(tenant=tenant, name="Concession Brest", city="Brest")

    def emp(first, last, site):
        return EmployeeFactory(tenant=tenant, site=site, first_name=first, last_name=last)

    members = {
        "exec": _member(tenant, Role.EXECUTIVE, emp("Eva", "Codir", vannes)),
        "rep": _member(tenant, Role.EMPLOYEE, emp("Ronan", "Vendeur", vannes)),
        "rep2": _member(tenant, Role.EMPLOYEE, emp("Rose", "Conseillere", vannes)),
        "brest": _member(tenant, Role.EMPLOYEE, emp("Brieuc", "Finistere", brest)),
        "manager": _member(tenant, Role.MANAGER, emp("Maud", "Chefdesventes", vannes)),
        "admin": _member(tenant, Role.ADMIN),
    }
    return Org(tenant=tenant, vannes=vannes, brest=brest, members=members)


@pytest.fixture
def make_network(org):
    def _make(name="Club Affaires Vannes", city="Vannes", kind="business_club", **kwargs):
        return services.network_create(tenant=org.tenant, actor=org.u("exec"), name=name, kind=kind, city=city, **kwargs)

    return _make


def url(tenant, name, **kwargs) -> str:
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


def body(response) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def login(client, membership):
    client.force_login(membership.user)
    return client


def api(membership) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=membership.user)
    return client


@pytest.fixture(autouse=True)
def _english_messages(settings):
    """These tests read the English messages: pages and services speak English here (French is tested elsewhere)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
