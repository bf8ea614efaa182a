"""manage.py seed_demo: the demo groups, their staff and logins; deterministic and idempotent."""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from bns.demo_data import ascii_fold, demo_plans
from bns.models import AuditEvent, Department, Employee, Membership, Role, Site, Tenant, User

PROJECT_APPS = ("bns", "contacts", "networking", "campaigns", "dashboards")


def _row_counts() -> dict[str, int]:
    counts = {}
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            counts[model._meta.label] = model._base_manager.count()  # unscoped: every tenant's rows
    return counts


def _seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db, settings):
    """The demo seeded once (0.5-1 s), checked by the whole test below rather than re-seeded per check."""
    settings.DEBUG = True
    # Speed is measured by hand (README), never asserted in a unit test.
    return {"output": _seed()}


def test_demo_data(seeded):
    _check_armor()
    _check_atlantique()
    _check_logins()
    _check_management_line()
    _check_second_run_changes_nothing()


def _check_second_run_changes_nothing():
    before = _row_counts()
    audit_before = set(AuditEvent.unscoped.values_list("pk", flat=True))
    output = _seed()
    assert _row_counts() == before
    assert set(AuditEvent.unscoped.values_list("pk", flat=True)) == audit_before
    assert "nothing (already complete)" in output


def test_plan_is_deterministic():
    first, second = demo_plans(), demo_plans()
    assert [(e.external_id, e.email, e.manager_id) for p in first for e in p.employees] == [
        (e.external_id, e.email, e.manager_id) for p in second for e in p.employees
    ]


def _check_armor():
    armor = Tenant.objects.get(slug="armor")
    assert armor.name == "Groupe Armor Automobiles"
    sites = Site.unscoped.filter(tenant=armor)
    assert sites.count() == 8
    assert {"Rennes", "Brest", "Quimper", "Vannes", "Saint-Brieuc", "Lorient", "Saint-Malo", "Lannion"} <= set(
        sites.values_list("city", flat=True)
    )
    brands = {b for s in sites for b in s.brand_list}
    assert {"Peugeot", "Citroën", "Renault", "Dacia", "Toyota", "Volkswagen", "Skoda", "Kia"} <= brands
    assert Department.unscoped.filter(tenant=armor).count() == 10

    employees = Employee.unscoped.filter(tenant=armor)
    assert 130 <= employees.count() <= 170
    assert employees.filter(job_title="Directeur de concession").count() == 8
    assert set(employees.filter(job_title="Directeur de concession").values_list("site__city", flat=True)) == set(
        sites.values_list("city", flat=True)
    )
    for title in ("Vendeur VN", "Vendeur VO", "Conseiller service", "Chef des ventes VN", "Chef des ventes VO", "Magasinier PR"):
        assert employees.filter(job_title=title).exists(), title
    # Every rep has a sales manager of the same dealership; every e-mail is ASCII and unique; matricules too.
    for rep in employees.filter(job_title="Vendeur VN").select_related("manager"):
        assert rep.manager.job_title == "Chef des ventes VN" and rep.manager.site_id == rep.site_id
    emails = list(employees.values_list("email", flat=True))
    assert len(set(emails)) == len(emails)
    assert all(e.endswith("@armor.example") and e == ascii_fold(e) and e.islower() for e in emails)
    assert all(x.startswith("ARM-") for x in employees.values_list("external_id", flat=True))


def _check_atlantique():
    atlantique = Tenant.objects.get(slug="atlantique")
    assert atlantique.name == "Groupe Atlantique Auto"
    assert set(Site.unscoped.filter(tenant=atlantique).values_list("city", flat=True)) == {"Nantes", "La Roche-sur-Yon"}
    assert 15 <= Employee.unscoped.filter(tenant=atlantique).count() <= 30


DEMO_LOGINS = [
    ("codir@armor.example", "armor", Role.EXECUTIVE),
    ("admin@armor.example", "armor", Role.ADMIN),
    ("chef.ventes@armor.example", "armor", Role.MANAGER),
    ("vendeur@armor.example", "armor", Role.EMPLOYEE),
    ("marketing@armor.example", "armor", Role.MARKETING),
    ("admin@atlantique.example", "atlantique", Role.ADMIN),
    ("consultant@bns.example", "armor", Role.CONSULTANT),
    ("consultant@bns.example", "atlantique", Role.CONSULTANT),
]


def _check_logins():
    for email, slug, role in DEMO_LOGINS:
        user = authenticate(email=email, password="demo")
        assert user is not None, email
        membership = Membership.unscoped.get(user=user, tenant__slug=slug)
        assert (membership.role, membership.is_active) == (role, True), email
    consultant = User.objects.get(email="consultant@bns.example")
    assert set(Membership.unscoped.filter(user=consultant).values_list("tenant__slug", flat=True)) == {"armor", "atlantique"}
    assert Membership.unscoped.count() == len(DEMO_LOGINS)


def _check_management_line():
    chef = Membership.unscoped.select_related("employee").get(user__email="chef.ventes@armor.example").employee
    rep = Membership.unscoped.select_related("employee").get(user__email="vendeur@armor.example").employee
    assert chef.job_title == "Chef des ventes VN"
    assert Employee.unscoped.filter(manager=chef, job_title="Vendeur VN").count() >= 3
    assert rep.manager_id == chef.pk
    codir = Membership.unscoped.select_related("employee").get(user__email="codir@armor.example").employee
    assert codir.manager_id is None
    assert Employee.unscoped.filter(tenant=codir.tenant, job_title="Directeur de concession", manager=codir).count() == 8


def test_refuses_with_debug_off_unless_forced(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("seed_demo", stdout=StringIO())
    assert not Tenant.objects.exists()
    output = _seed("--force", "--password", "autre-mot-de-passe")
    assert "codir@armor.example" in output and "consultant@bns.example" in output
    assert "autre-mot-de-passe" in output
    assert authenticate(email="vendeur@armor.example", password="autre-mot-de-passe") is not None
    assert authenticate(email="vendeur@armor.example", password="demo") is None
    # Re-running with another password resets the demo logins' password, and creates nothing else.
    counts = _row_counts()
    _seed("--force")
    assert _row_counts() == counts
    assert authenticate(email="vendeur@armor.example", password="demo") is not None
