"""A group for the programme home's tests: people, and (``started``) an iteration started through the service.

- ``exec``: executive (CoDir, Perm.MANAGE_PROGRAMME), Eva Codir; ``owner``: a sales manager, Paul Pilote, the iteration's
  process owner; ``rep``: an employee (reads only), Ronan Vendeur; ``admin``: administrator, no employee.
- ``started``: iteration 1 started 30 days ago by the executive, for 5 months; sponsor Eva Codir.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from bns.models import Membership, Role
from bns.programme.home import services
from bns.programme.home.selectors import add_months
from bns.programme.models import Programme
from tests.bns.programme.objectives.conftest import _english_messages  # noqa: F401  (autouse: English messages)
from tests.factories import DepartmentFactory, EmployeeFactory, MembershipFactory, SiteFactory, UserFactory


@dataclass
class Group:
    tenant: object
    members: dict[str, Membership]
    rennes: object
    programme: Programme | None = None

    def m(self, name: str) -> Membership:
        return self.members[name]

    def e(self, name: str):
        return self.members[name].employee

    def u(self, name: str):
        return self.members[name].user


def make_group(tenant) -> Group:
    rennes = SiteFactory(tenant=tenant, name="Concession Rennes")
    vn = DepartmentFactory(tenant=tenant, name="Véhicules neufs")

    def member(role, first=None, last=None):
        employee = EmployeeFactory(tenant=tenant, site=rennes, department=vn, first_name=first, last_name=last) if first else None
        return MembershipFactory(tenant=tenant, user=UserFactory(), role=role, employee=employee)

    members = {
        "exec": member(Role.EXECUTIVE, "Eva", "Codir"),
        "owner": member(Role.MANAGER, "Paul", "Pilote"),
        "rep": member(Role.EMPLOYEE, "Ronan", "Vendeur"),
        "admin": member(Role.ADMIN),
    }
    return Group(tenant=tenant, members=members, rennes=rennes)


def start(group: Group, *, days_ago: int = 30, months: int = 5, title: str = "Programme BNS", **kwargs) -> Programme:
    starts_on = timezone.localdate() - timedelta(days=days_ago)
    values = {"title": title, "process_owner": group.e("owner"), "sponsor": group.e("exec"), "starts_on": starts_on,
              "target_end_on": add_months(starts_on, months), **kwargs}
    group.programme = services.programme_start(tenant=group.tenant, actor=group.u("exec"), **values)
    return group.programme


@pytest.fixture
def group(tenant) -> Group:
    return make_group(tenant)


@pytest.fixture
def started(group) -> Group:
    start(group)
    return group
