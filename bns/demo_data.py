"""The demo data set (``manage.py seed_demo``): two dealership groups, their dealerships and staff.

Everything here is deterministic: fixed lists and a ``random.Random(42)``, never the clock or the database,
so the same plan is built on every run and the command can match existing rows instead of duplicating them.
Names are data (proper nouns and French job titles as they appear on a French payslip), not UI strings.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field

from bns.models import Role

DEMO_PASSWORD = "demo"
CONSULTANT_EMAIL = "consultant@bns.example"
CONSULTANT_NAME = "Consultant BNS"

FIRST_NAMES_M = [
    "Yann", "Erwan", "Gwenaël", "Loïc", "Ronan", "Mathieu", "Nicolas", "Julien", "Thomas", "Sébastien",
    "Maxime", "Antoine", "Kévin", "Jérôme", "Franck", "Stéphane", "Olivier", "Pierre", "Hugo", "Lucas",
    "Mickaël", "Yannick", "Tanguy", "Gaël", "Alexandre", "Romain", "Benoît", "Christophe", "Jean-Marc", "Killian",
    "Corentin", "Goulven", "Brieuc", "Arnaud", "Damien", "François", "Hervé", "Jean-Yves", "Pascal", "Mael",
]
FIRST_NAMES_F = [
    "Nolwenn", "Maëlle", "Gwenola", "Anne", "Marie", "Sophie", "Camille", "Élodie", "Laura", "Julie",
    "Morgane", "Aurélie", "Céline", "Sandrine", "Nathalie", "Émilie", "Claire", "Léa", "Manon", "Chloé",
    "Soizic", "Katell", "Armelle", "Isabelle", "Valérie", "Pauline", "Lucie", "Typhaine", "Anaïs", "Gaëlle",
    "Maïwenn", "Enora", "Solène", "Hélène", "Brigitte", "Véronique", "Agnès", "Rozenn", "Élise", "Justine",
]
LAST_NAMES = [
    "Le Gall", "Le Goff", "Le Bihan", "Tanguy", "Kerbrat", "Le Roux", "Guillou", "Morvan", "Riou", "Le Floch",
    "Cadiou", "Quéré", "Jaouen", "Le Corre", "Hamon", "Le Meur", "Nicolas", "Salaün", "Even", "Le Bris",
    "Prigent", "Briand", "Thomas", "Martin", "Bernard", "Petit", "Robert", "Richard", "Durand", "Dubois",
    "Moreau", "Laurent", "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel",
    "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Lefèvre", "Faure",
    "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "Legrand", "Gauthier", "Perrin", "Robin",
    "Clément", "Morin", "Rolland", "Le Berre", "Péron", "Caroff", "Guivarc'h", "Le Saux", "Pennec", "Abgrall",
    "Kerhervé", "Le Du", "Coënt", "Madec", "Bothorel", "Gourvès", "Le Page", "Collet", "Jégou", "Olivier",
]


@dataclass(frozen=True)
class SiteSpec:
    key: str
    name: str
    brands: str
    city: str
    region: str


@dataclass
class EmployeeSpec:
    external_id: str
    first_name: str
    last_name: str
    email: str
    site_key: str | None
    department_code: str
    job_title: str
    manager_id: str | None = None  # external_id of the manager
    tags: set[str] = field(default_factory=set)  # "chef_vn", "rep_vn", "director", "ceo", "marketing"...


@dataclass(frozen=True)
class LoginSpec:
    email: str
    role: str
    full_name: str
    employee_tag: str | None = None  # tag of the employee the membership is linked to (first match)


@dataclass
class TenantPlan:
    slug: str
    name: str
    domain: str
    sites: list[SiteSpec]
    employees: list[EmployeeSpec]
    logins: list[LoginSpec]


def ascii_fold(text: str) -> str:
    """'Gwenaël Le Bihan' -> 'Gwenael Le Bihan' (drop the accents, keep the letters)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def email_local_part(first_name: str, last_name: str) -> str:
    def part(value: str) -> str:
        value = ascii_fold(value).lower()
        return "".join(c for c in value if c.isalnum() or c == "-")

    return f"{part(first_name)}.{part(last_name)}"


class _People:
    """Draws unique (first name, last name) pairs deterministically."""

    def __init__(self, rng: random.Random, domain: str):
        self.rng, self.domain = rng, domain
        self.used_emails: set[str] = set()

    def draw(self) -> tuple[str, str, str]:
        while True:
            pool = FIRST_NAMES_F if self.rng.random() < 0.45 else FIRST_NAMES_M
            first, last = self.rng.choice(pool), self.rng.choice(LAST_NAMES)
            email = f"{email_local_part(first, last)}@{self.domain}"
            if email not in self.used_emails:
                self.used_emails.add(email)
                return first, last, email


class _Builder:
    def __init__(self, *, prefix: str, domain: str, seed: int):
        self.prefix = prefix
        self.people = _People(random.Random(seed), domain)
        self.rng = self.people.rng
        self.employees: list[EmployeeSpec] = []

    def add(self, *, site: str | None, department: str, job_title: str, manager: EmployeeSpec | None = None, tags=()) -> EmployeeSpec:
        first, last, email = self.people.draw()
        spec = EmployeeSpec(
            external_id=f"{self.prefix}-{len(self.employees) + 1:04d}",
            first_name=first,
            last_name=last,
            email=email,
            site_key=site,
            department_code=department,
            job_title=job_title,
            manager_id=manager.external_id if manager else None,
            tags=set(tags),
        )
        self.employees.append(spec)
        return spec


# --- Groupe Armor Automobiles (Brittany) ---------------------------------------------------------------

ARMOR_SITES = [
    SiteSpec("rennes", "Armor Rennes Saint-Grégoire", "Peugeot, Citroën", "Rennes", "Bretagne"),
    SiteSpec("brest", "Armor Brest Kergaradec", "Renault, Dacia", "Brest", "Bretagne"),
    SiteSpec("quimper", "Armor Quimper", "Toyota", "Quimper", "Bretagne"),
    SiteSpec("vannes", "Armor Vannes", "Volkswagen, Skoda", "Vannes", "Bretagne"),
    SiteSpec("saint-brieuc", "Armor Saint-Brieuc", "Kia", "Saint-Brieuc", "Bretagne"),
    SiteSpec("lorient", "Armor Lorient", "Citroën, DS", "Lorient", "Bretagne"),
    SiteSpec("saint-malo", "Armor Saint-Malo", "Renault, Dacia", "Saint-Malo", "Bretagne"),
    SiteSpec("lannion", "Armor Lannion", "Peugeot", "Lannion", "Bretagne"),
]


def _armor_plan() -> TenantPlan:
    b = _Builder(prefix="ARM", domain="armor.example", seed=42)
    # Head office, based at the Rennes dealership.
    ceo = b.add(site="rennes", department="DIR", job_title="Directeur général", tags={"ceo"})
    b.add(site="rennes", department="RH", job_title="Responsable des ressources humaines", manager=ceo)
    b.add(site="rennes", department="MKT", job_title="Responsable marketing", manager=ceo, tags={"marketing"})
    b.add(site="rennes", department="ACH", job_title="Responsable achats", manager=ceo)
    b.add(site="rennes", department="DEV", job_title="Responsable développement commercial", manager=ceo)
    b.add(site="rennes", department="RC", job_title="Responsable relation client", manager=ceo)
    for site in ARMOR_SITES:
        director = b.add(site=site.key, department="DIR", job_title="Directeur de concession", manager=ceo, tags={"director"})
        chef_vn = b.add(site=site.key, department="VN", job_title="Chef des ventes VN", manager=director, tags={"chef_vn"})
        for _ in range(b.rng.randint(3, 5)):
            b.add(site=site.key, department="VN", job_title="Vendeur VN", manager=chef_vn, tags={"rep_vn"})
        chef_vo = b.add(site=site.key, department="VO", job_title="Chef des ventes VO", manager=director)
        for _ in range(b.rng.randint(2, 3)):
            b.add(site=site.key, department="VO", job_title="Vendeur VO", manager=chef_vo)
        chef_apv = b.add(site=site.key, department="APV", job_title="Chef d'atelier APV", manager=director)
        for _ in range(2):
            b.add(site=site.key, department="APV", job_title="Conseiller service", manager=chef_apv)
        for _ in range(b.rng.randint(2, 3)):
            b.add(site=site.key, department="APV", job_title="Technicien atelier", manager=chef_apv)
        for _ in range(b.rng.randint(1, 2)):
            b.add(site=site.key, department="PR", job_title="Magasinier PR", manager=chef_apv)
        b.add(site=site.key, department="RC", job_title="Chargé d'accueil", manager=director)
    logins = [
        LoginSpec("codir@armor.example", Role.EXECUTIVE, "", employee_tag="ceo"),
        LoginSpec("admin@armor.example", Role.ADMIN, "Administrateur Armor"),
        LoginSpec("chef.ventes@armor.example", Role.MANAGER, "", employee_tag="chef_vn"),
        LoginSpec("vendeur@armor.example", Role.EMPLOYEE, "", employee_tag="rep_vn"),
        LoginSpec("marketing@armor.example", Role.MARKETING, "", employee_tag="marketing"),
        LoginSpec(CONSULTANT_EMAIL, Role.CONSULTANT, CONSULTANT_NAME),
    ]
    return TenantPlan("armor", "Groupe Armor Automobiles", "armor.example", ARMOR_SITES, b.employees, logins)


# --- Groupe Atlantique Auto (Pays de la Loire) ----------------------------------------------------------

ATLANTIQUE_SITES = [
    SiteSpec("nantes-est", "Atlantique Nantes Est", "Toyota", "Nantes", "Pays de la Loire"),
    SiteSpec("nantes-reze", "Atlantique Nantes Rezé", "Renault, Dacia", "Nantes", "Pays de la Loire"),
    SiteSpec("la-roche", "Atlantique La Roche-sur-Yon", "Peugeot", "La Roche-sur-Yon", "Pays de la Loire"),
]


def _atlantique_plan() -> TenantPlan:
    b = _Builder(prefix="ATL", domain="atlantique.example", seed=44)
    ceo = b.add(site="nantes-est", department="DIR", job_title="Directeur général", tags={"ceo"})
    for site in ATLANTIQUE_SITES:
        director = b.add(site=site.key, department="DIR", job_title="Directeur de concession", manager=ceo, tags={"director"})
        chef_vn = b.add(site=site.key, department="VN", job_title="Chef des ventes VN", manager=director, tags={"chef_vn"})
        for _ in range(3):
            b.add(site=site.key, department="VN", job_title="Vendeur VN", manager=chef_vn, tags={"rep_vn"})
        b.add(site=site.key, department="VO", job_title="Vendeur VO", manager=director)
        b.add(site=site.key, department="APV", job_title="Conseiller service", manager=director)
    logins = [
        LoginSpec("admin@atlantique.example", Role.ADMIN, "", employee_tag="ceo"),
        LoginSpec(CONSULTANT_EMAIL, Role.CONSULTANT, CONSULTANT_NAME),
    ]
    return TenantPlan("atlantique", "Groupe Atlantique Auto", "atlantique.example", ATLANTIQUE_SITES, b.employees, logins)


def demo_plans() -> list[TenantPlan]:
    """The whole demo, rebuilt identically on every call."""
    return [_armor_plan(), _atlantique_plan()]
