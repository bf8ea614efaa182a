"""Shared set-up of the referral tests: a small group with two dealerships, three departments and every role."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from bns.models import Role
from contacts.referrals import rewards, services
from tests.factories import DepartmentFactory, EmployeeFactory, MembershipFactory, SiteFactory, UserFactory


class Org(dict):
    """Memberships by name (``org["referrer"]``), plus the sites and departments as attributes."""


@pytest.fixture
def org(tenant):
    o = Org()
    o.rennes, o.brest = SiteFactory(tenant=tenant, name="Armor Rennes"), SiteFactory(tenant=tenant, name="Armor Brest")
    o.vn = DepartmentFactory(tenant=tenant, code="VN", name="VN")
    o.vo = DepartmentFactory(tenant=tenant, code="VO", name="VO")
    o.apv = DepartmentFactory(tenant=tenant, code="APV", name="APV")
    o.dir = DepartmentFactory(tenant=tenant, code="DIR", name="Direction")

    def member(name, role, site, department, job="", external_id=""):
        employee = None
        if site is not None or department is not None:
            employee = EmployeeFactory(tenant=tenant, site=site, department=department, job_title=job,
                                       email=f"{name}@test.example", external_id=external_id or f"E-{name}")
        o[name] = MembershipFactory(tenant=tenant, user=UserFactory(email=f"{name}.user@test.example", full_name=name.title()),
                                    role=role, employee=employee)
        return o[name]

    member("referrer", Role.EMPLOYEE, o.rennes, o.apv, "Conseiller service")
    member("colleague", Role.EMPLOYEE, o.brest, o.vn, "Vendeur VN")
    member("vn_rennes", Role.MANAGER, o.rennes, o.vn, "Chef des ventes VN")
    member("vo_rennes", Role.MANAGER, o.rennes, o.vo, "Chef des ventes VO")
    member("vo_brest", Role.MANAGER, o.brest, o.vo, "Chef des ventes VO")
    member("director_rennes", Role.SITE_DIRECTOR, o.rennes, o.dir, "Directeur de concession")
    member("director_brest", Role.SITE_DIRECTOR, o.brest, o.dir, "Directeur de concession")
    member("outsider", Role.EMPLOYEE, o.brest, o.apv, "Technicien atelier")
    member("marketing", Role.MARKETING, o.rennes, None, "Marketing")
    member("executive", Role.EXECUTIVE, o.rennes, o.dir, "Directeur général")
    member("admin", Role.ADMIN, None, None)
    return o


def submit(tenant, org, *, by="referrer", now=None, **kwargs):
    """A referral through the service (a new lead by name unless told otherwise)."""
    values = dict(need="Renouveler 4 fourgons", consent=True, first_name="Yann", last_name="Kervella",
                  company="Transports Kervella", phone="06 12 34 56 78")
    values.update(kwargs)
    if not any(k in kwargs for k in ("to_employee", "to_site", "to_department")):
        values["to_employee"] = org["colleague"].employee
    return services.referral_submit(tenant=tenant, actor=org[by].user, now=now or timezone.now() - timedelta(minutes=5), **values)


def move(tenant, org, referral, by, *steps, **win):
    """Take ``referral`` through ``steps`` ("accept", "qualify", "win", "lose") as member ``by``."""
    actor = org[by].user
    for step in steps:
        if step == "win":
            referral = services.referral_win(tenant=tenant, actor=actor, referral=referral, **({"deal_value": "30000"} | win))
        elif step == "lose":
            referral = services.referral_lose(tenant=tenant, actor=actor, referral=referral, reason="Déjà équipé ailleurs")
        else:
            referral = getattr(services, f"referral_{step}")(tenant=tenant, actor=actor, referral=referral)
    return referral


def make_rule(tenant, org, *, created_at=None, **values):
    """A reward rule through the service, optionally back-dated (rules apply from their creation on)."""
    defaults = dict(name="Prime", kind="fixed", amount=Decimal("150"), valid_from=date(2020, 1, 1))
    rule = rewards.reward_rule_create(tenant=tenant, actor=org["admin"].user, **(defaults | values))
    created_at = created_at or timezone.now() - timedelta(days=30)
    type(rule).unscoped.filter(pk=rule.pk).update(created_at=created_at)
    rule.refresh_from_db()
    return rule

