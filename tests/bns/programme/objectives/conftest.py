"""A group with a running programme iteration, for the objectives and KPIs' tests.

- ``exec``: executive (CoDir, may manage the programme); ``owner``: a sales manager who is the iteration's process
  owner; ``rep``: an employee (reads only); ``brest``: an employee at Brest; ``admin``: administrator, no employee.
- ``programme``: iteration 1, started 30 days ago, ends in 150 days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from bns.models import Membership, Role
from bns.programme.models import Programme
from tests.factories import DepartmentFactory, EmployeeFactory, MembershipFactory, SiteFactory, UserFactory


@dataclass
class Org:
    tenant: object
    rennes: object
    brest: object
    vn: object
    members: dict[str, Membership]
    programme: Programme

    def m(self, name: str) -> Membership:
        return self.members[name]

    def e(self, name: str):
        return self.members[name].employee

    def u(self, name: str):
        return self.members[name].user


def make_programme(tenant, *, iteration=1, owner=None, status=Programme.Status.ACTIVE, **kwargs) -> Programme:
    today = timezone.localdate()
    values = {"title": f"Programme {iteration}", "process_owner": owner, "starts_on": today - timedelta(days=30),
              "target_end_on": today + timedelta(days=150), "status": status}
    values.update(kwargs)
    return Programme.unscoped.create(tenant=tenant, iteration=iteration, **values)


@pytest.fixture
def org(tenant) -> Org:
    rennes = SiteFactory(tenant=tenant, name="Concession Rennes")
    brest = SiteFactory(tenant=tenant, name="Concession Brest")
    vn = DepartmentFactory(tenant=tenant, name="Véhicules neufs")

    def member(role, first=None, last=None, site=rennes):
        employee = EmployeeFactory(tenant=tenant, site=site, department=vn, first_name=first, last_name=last) if first else None
        return MembershipFactory(tenant=tenant, user=UserFactory(), role=role, employee=employee)

    members = {
        "exec": member(Role.EXECUTIVE, "Eva", "Codir"),
        "owner": member(Role.MANAGER, "Paul", "Pilote"),
        "rep": member(Role.EMPLOYEE, "Ronan", "Vendeur"),
        "brest": member(Role.EMPLOYEE, "Brieuc", "Finistere", site=brest),
        "admin": member(Role.ADMIN),
    }
    programme = make_programme(tenant, owner=members["owner"].employee)
    return Org(tenant=tenant, rennes=rennes, brest=brest, vn=vn, members=members, programme=programme)


def url(tenant, name, **kwargs) -> str:
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


def body(response) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode("utf-8-sig")


def login(client, membership):
    client.force_login(membership.user)
    return client


def api(membership) -> APIClient:
    client = APIClient()
    client.force_authenticate(membership.user)
    return client


@pytest.fixture(autouse=True)
def _english_messages(settings):
    """These tests read the English messages (French is tested elsewhere)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
