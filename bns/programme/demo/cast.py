"""Who plays which part in the armor demo programme, and the demo's calendar.

The staff comes from bns/demo_data.py (the same plan on every run): the head office by job title, the dealerships'
directors, sales managers and reps by dealership. The demo logins (codir, chef.ventes, vendeur, marketing) are the
people whose own writes go through the services (a service records its actor as the author); see __init__.py.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from bns.demo_data import ARMOR_SITES
from bns.models import Department, Employee, Membership, Site, Tenant, User
from bns.programme.home.selectors import add_months

HEAD_OFFICE = {
    "ceo": "Directeur général",
    "rh": "Responsable des ressources humaines",
    "marketing": "Responsable marketing",
    "achats": "Responsable achats",
    "dev": "Responsable développement commercial",
    "rc": "Responsable relation client",
}
SITE_TITLES = {
    "director": "Directeur de concession",
    "chef_vn": "Chef des ventes VN",
    "rep_vn": "Vendeur VN",
    "chef_vo": "Chef des ventes VO",
    "rep_vo": "Vendeur VO",
    "chef_apv": "Chef d'atelier APV",
    "cs": "Conseiller service",
}
LOGINS = {
    "codir": "codir@armor.example",
    "manager": "chef.ventes@armor.example",
    "rep": "vendeur@armor.example",
    "marketing": "marketing@armor.example",
}

# The iteration: started about 3.5 months ago, target end 6 months after the start (month 4 today).
STARTED_DAYS_AGO = 106
ITERATION_MONTHS = 6


class Calendar:
    """Dates relative to today: ``ago(n)`` is n days before today, ``after_start(n)`` n days after the start."""

    def __init__(self, today: date | None = None):
        self.today = today or timezone.localdate()
        self.start = self.today - timedelta(days=STARTED_DAYS_AGO)
        self.end = add_months(self.start, ITERATION_MONTHS)

    def ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def ahead(self, days: int) -> date:
        return self.today + timedelta(days=days)

    def after_start(self, days: int) -> date:
        return self.start + timedelta(days=days)

    @staticmethod
    def moment(day: date, hour: int = 10) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, 0)))


class Cast:
    """The group's people for the demo, read in a handful of queries."""

    def __init__(self, tenant: Tenant):
        self.tenant = tenant
        self.employees: list[Employee] = list(
            Employee.unscoped.filter(tenant=tenant, is_active=True).exclude(external_id="").order_by("external_id")
        )
        names = {s.name: s for s in Site.unscoped.filter(tenant=tenant)}
        self.sites: dict[str, Site] = {spec.key: names[spec.name] for spec in ARMOR_SITES if spec.name in names}
        self.departments: dict[str, Department] = {d.code.upper(): d for d in Department.unscoped.filter(tenant=tenant)}
        memberships = (Membership.unscoped.filter(tenant=tenant, is_active=True, user__email__in=LOGINS.values())
                       .select_related("user", "employee"))
        by_email = {m.user.email: m for m in memberships}
        self.users: dict[str, User] = {key: by_email[email].user for key, email in LOGINS.items()
                                       if email in by_email and by_email[email].employee_id}
        self.login_employees: dict[str, Employee] = {key: by_email[email].employee for key, email in LOGINS.items()
                                                     if email in by_email and by_email[email].employee_id}

    @property
    def ready(self) -> bool:
        """The staff, the dealerships and the four demo logins (linked to employees) are there."""
        return (len(self.sites) == len(ARMOR_SITES) and set(LOGINS) <= set(self.users)
                and all(self.get(key) for key in HEAD_OFFICE) and {"VN", "VO", "APV"} <= set(self.departments))

    def get(self, key: str) -> Employee | None:
        """'ceo', 'marketing'... (head office), 'director@brest', 'rep_vn@vannes#1' (the second by employee number);
        'manager' and 'rep' are the demo logins' employees."""
        if key in self.login_employees and key not in HEAD_OFFICE:
            return self.login_employees[key]
        if key in HEAD_OFFICE:
            return next((e for e in self.employees if e.job_title == HEAD_OFFICE[key]), None)
        role, _at, rest = key.partition("@")
        site_key, _hash, index = rest.partition("#")
        site = self.sites.get(site_key)
        if site is None or role not in SITE_TITLES:
            return None
        matching = [e for e in self.employees if e.site_id == site.pk and e.job_title == SITE_TITLES[role]]
        if role == "rep_vn":  # the demo rep is "rep": the numbered reps are the others
            rep = self.login_employees.get("rep")
            matching = [e for e in matching if rep is None or e.pk != rep.pk]
        position = int(index or 0)
        return matching[position] if position < len(matching) else None

    def __getitem__(self, key: str) -> Employee:
        employee = self.get(key)
        if employee is None:
            raise LookupError(f"demo cast {key!r} names nobody")
        return employee

    def people(self, *keys: str) -> list[Employee]:
        return [self[key] for key in keys]

    def names(self, *keys: str) -> str:
        """'Erwan Leroy (Directeur général), ...' for a review's participants."""
        return ", ".join(f"{e.full_name} ({e.job_title})" for e in self.people(*keys))

    @property
    def codir(self) -> list[str]:
        return ["ceo", "dev", "marketing", "rh", "rc", "achats"]

    @property
    def directors(self) -> list[str]:
        return [f"director@{site}" for site in self.sites]
