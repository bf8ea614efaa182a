"""A group with a programme and its people, shared by the strategy and means tests.

- ``executive``: CoDir member (Perm.MANAGE_PROGRAMME); ``owner``: a sales manager who is the iteration's process owner;
- ``manager``: another sales manager (answers the self-assessment, so may challenge; does not edit);
- ``employee``: a rep (reads only); ``admin``: an administrator with no employee record (MANAGE_PROGRAMME).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from rest_framework.test import APIClient

from bns.models import Membership, Role
from bns.programme.models import Programme
from tests.factories import EmployeeFactory, MembershipFactory, SiteFactory, UserFactory


@dataclass
class Org:
    tenant: object
    programme: Programme
    members: dict[str, Membership]

    def m(self, name: str) -> Membership:
        return self.members[name]

    def user(self, name: str):
        return self.members[name].user

    def employee(self, name: str):
        return self.members[name].employee


def make_org(tenant, *, starts_on=date(2026, 1, 5), target_end_on=date(2026, 6, 30)) -> Org:
    tenant.locale = "en"  # stored texts (the default rejection reason) in English, like the tests' pages
    tenant.save(update_fields=["locale"])
    site = SiteFactory(tenant=tenant, name="Rennes")

    def member(role, first, last, *, employee=True):
        emp = EmployeeFactory(tenant=tenant, site=site, first_name=first, last_name=last) if employee else None
        return MembershipFactory(tenant=tenant, user=UserFactory(), role=role, employee=emp)

    members = {
        "executive": member(Role.EXECUTIVE, "Claire", "Dirigeante"),
        "owner": member(Role.MANAGER, "Paul", "Pilote"),
        "manager": member(Role.MANAGER, "Marc", "Chefdesventes"),
        "employee": member(Role.EMPLOYEE, "Eric", "Vendeur"),
        "admin": member(Role.ADMIN, "", "", employee=False),
    }
    programme = Programme.unscoped.create(tenant=tenant, iteration=1, title="Programme BNS 2026",
                                          process_owner=members["owner"].employee, sponsor=members["executive"].employee,
                                          starts_on=starts_on, target_end_on=target_end_on)
    return Org(tenant=tenant, programme=programme, members=members)


def api(membership) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=membership.user)
    return client


def base(tenant) -> str:
    return f"/api/v1/g/{tenant.slug}"


def url(tenant, name, **kwargs) -> str:
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})
