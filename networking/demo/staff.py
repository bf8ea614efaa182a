"""Who is who in the armor demo group, by short selectors the demo tables use ("director@vannes", "rep_vn@brest#1").

The staff comes from bns/demo_data.py (employee numbers are stable), so a selector names the same employee on every
run. "manager", "rep", "codir" and "marketing" are the employees of the demo logins.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from bns.demo_data import ARMOR_SITES, ascii_fold
from bns.models import Employee, Membership, Site, Tenant, User

TITLES = {
    "director": "Directeur de concession",
    "chef_vn": "Chef des ventes VN",
    "rep_vn": "Vendeur VN",
    "chef_vo": "Chef des ventes VO",
    "rep_vo": "Vendeur VO",
    "chef_apv": "Chef d'atelier APV",
    "cs": "Conseiller service",
    "tech": "Technicien atelier",
    "pr": "Magasinier PR",
    "accueil": "Chargé d'accueil",
}
HEAD_OFFICE = {
    "ceo": "Directeur général",
    "rh": "Responsable des ressources humaines",
    "achats": "Responsable achats",
    "dev": "Responsable développement commercial",
    "rc": "Responsable relation client",
}
LOGINS = {
    "codir": "codir@armor.example",
    "admin": "admin@armor.example",
    "manager": "chef.ventes@armor.example",
    "rep": "vendeur@armor.example",
    "marketing": "marketing@armor.example",
}
SALES_TITLES = {TITLES["chef_vn"], TITLES["rep_vn"], TITLES["chef_vo"], TITLES["rep_vo"], TITLES["director"], HEAD_OFFICE["dev"]}


class Staff:
    """The group's active employees, their dealerships and the demo logins, read in a handful of queries."""

    def __init__(self, tenant: Tenant):
        self.tenant = tenant
        self.today: date = timezone.localdate()
        self.employees: list[Employee] = list(
            Employee.objects.filter(tenant=tenant, is_active=True).exclude(external_id="").order_by("external_id")
        )
        names = {s.name: s for s in Site.objects.filter(tenant=tenant)}
        self.sites: dict[str, Site] = {spec.key: names[spec.name] for spec in ARMOR_SITES if spec.name in names}
        self.site_key_by_id = {site.pk: key for key, site in self.sites.items()}
        memberships = Membership.objects.filter(tenant=tenant, is_active=True, user__email__in=LOGINS.values()).select_related("user")
        by_email = {m.user.email: m for m in memberships}
        self.users: dict[str, User] = {key: by_email[email].user for key, email in LOGINS.items() if email in by_email}
        by_pk = {e.pk: e for e in self.employees}
        self.logins: dict[str, Employee] = {
            key: by_pk[by_email[email].employee_id]
            for key, email in LOGINS.items()
            if email in by_email and by_email[email].employee_id in by_pk
        }

    @property
    def ready(self) -> bool:
        return len(self.sites) == len(ARMOR_SITES) and {"manager", "rep"} <= set(self.logins) and len(self.employees) > 50

    def get(self, selector: str) -> Employee | None:
        """'manager', 'ceo', 'director@vannes' or 'rep_vn@brest#1' (the second rep VN of Brest by employee number)."""
        if selector in self.logins:
            return self.logins[selector]
        if selector in HEAD_OFFICE:
            return next((e for e in self.employees if e.job_title == HEAD_OFFICE[selector]), None)
        role, _at, rest = selector.partition("@")
        site_key, _hash, index = rest.partition("#")
        site = self.sites.get(site_key)
        if site is None or role not in TITLES:
            return None
        matching = [e for e in self.employees if e.site_id == site.pk and e.job_title == TITLES[role]]
        if role == "rep_vn" and site_key == "rennes":
            # The demo rep is "rep": the numbered Rennes reps are the others.
            matching = [e for e in matching if e.pk != self.logins["rep"].pk]
        position = int(index or 0)
        return matching[position] if position < len(matching) else None

    def must(self, selector: str) -> Employee:
        employee = self.get(selector)
        if employee is None:
            raise LookupError(f"demo selector {selector!r} names nobody")
        return employee

    def site_key(self, employee: Employee) -> str | None:
        return self.site_key_by_id.get(employee.site_id)

    def day(self, days_ago: int) -> date:
        return self.today - timedelta(days=days_ago)

    def moment(self, days_ago: int, hour: int = 10) -> datetime:
        return timezone.make_aware(datetime.combine(self.day(days_ago), time(hour, 0)))

    @staticmethod
    def slug(employee: Employee) -> str:
        """'Gwenaël Le Bihan' -> 'gwenael-le-bihan' (a handle as people choose them)."""
        text = ascii_fold(f"{employee.first_name} {employee.last_name}").lower().replace("'", "")
        return "-".join("".join(c if c.isalnum() else " " for c in text).split())
