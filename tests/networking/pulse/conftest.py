"""Shared by the conviction pulse tests: a group with two dealerships, two departments, employees who log in,
a CoDir member, a site director, an administrator without an employee record, and helpers to run a pulse."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bns.models import Role
from networking.models import NetworkingSettings
from networking.pulse import services
from tests.factories import DepartmentFactory, EmployeeFactory, MembershipFactory, SiteFactory, UserFactory

# Distinctive names: a test can look for them in any response.
NAMES = [
    ("Anaïg", "Quellecoat"), ("Brieuc", "Kerhervézic"), ("Corentin", "Tanguymorvan"), ("Dewi", "Bihanvraz"),
    ("Enora", "Guéguenec"), ("Fañch", "Kermarrecoz"), ("Gwenn", "Prigentou"), ("Hoël", "Gallvihan"),
    ("Iwan", "Morvanzic"), ("Jakez", "Riouallan"), ("Katell", "Cozannet"), ("Loeiz", "Jaouennec"),
]


@pytest.fixture(autouse=True)
def _english_messages(settings):
    """These tests read the English messages: pages and services speak English here (French is tested elsewhere)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


class Org:
    def __init__(self, tenant):
        self.tenant = tenant
        self.rennes, self.brest = SiteFactory(tenant=tenant, name="Rennes Cesson"), SiteFactory(tenant=tenant, name="Brest Kergaradec")
        self.sales, self.workshop = (DepartmentFactory(tenant=tenant, name="Ventes VN", code="VN"),
                                     DepartmentFactory(tenant=tenant, name="Atelier", code="APV"))
        # 10 reps in Rennes (sales), 2 in Brest (workshop): the "people" who answer.
        self.people = []
        for i, (first, last) in enumerate(NAMES):
            site, department = (self.rennes, self.sales) if i < 10 else (self.brest, self.workshop)
            self.people.append(self.member(Role.EMPLOYEE, f"{first.lower()}.{last.lower()}@pulse.example", first, last,
                                           site=site, department=department))
        self.executive = self.member(Role.EXECUTIVE, "codir@pulse.example", "Yannick", "Directeurgeneral", site=self.rennes,
                                     department=self.sales)
        self.director = self.member(Role.SITE_DIRECTOR, "directeur@pulse.example", "Soizic", "Directricesite", site=self.brest,
                                    department=self.workshop)
        self.admin = MembershipFactory(tenant=tenant, user=UserFactory(email="admin@pulse.example", full_name="Ad Min"),
                                       role=Role.ADMIN, employee=None)

    def member(self, role, email, first, last, *, site, department):
        employee = EmployeeFactory(tenant=self.tenant, first_name=first, last_name=last, email=email, site=site, department=department)
        return MembershipFactory(tenant=self.tenant, user=UserFactory(email=email, full_name=f"{first} {last}"), role=role,
                                 employee=employee)

    def create(self, *, title="Pulse spring", open_now=True, opens_on=None, closes_on=None, sites=None, departments=None, actor=None):
        today = timezone.localdate()
        return services.pulse_create(
            tenant=self.tenant, actor=(actor or self.executive).user, title=title, opens_on=opens_on or today - timedelta(days=1),
            closes_on=closes_on or today + timedelta(days=14), audience_site_ids=sites, audience_department_ids=departments,
            open_now=open_now,
        )

    def answer(self, pulse, who, *, offered="yes", pride=4, products=9, employer=8, comment=""):
        services.pulse_answer_submit(tenant=self.tenant, actor=who.user, pulse=pulse, offered_own_circle=offered, pride=pride,
                                     recommend_products=products, recommend_employer=employer, comment=comment)

    def close(self, pulse):
        return services.pulse_close(tenant=self.tenant, actor=self.executive.user, pulse=pulse)

    def closed_pulse(self, n: int, *, comments: list[str] | None = None, title="Pulse closed"):
        """A closed pulse answered by the first ``n`` people (comments in the same order, when given)."""
        pulse = self.create(title=title)
        for i in range(n):
            self.answer(pulse, self.people[i], comment=(comments[i] if comments else ""))
        return self.close(pulse)

    def min_respondents(self, value: int):
        NetworkingSettings.unscoped.update_or_create(tenant=self.tenant, defaults={"pulse_min_respondents": value})


@pytest.fixture
def org(tenant):
    return Org(tenant)


def url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


def login(client, membership):
    client.force_login(membership.user)
    return client
