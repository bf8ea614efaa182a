"""seed_demo data of contacts/plans (registered in contacts/apps.py): three account plans for the "armor" group.

- A regional utility's fleet (Énergies Bretagne Réseaux, Rennes), a town hall (Mairie de Vannes) and a building
  firm (Bâtiment Guillou et Fils, Quimper), each with its stakeholders: persons at the account, logged through the
  contacts services as relationships of armor's sales staff — some shared, some discoverable, some private (with
  notes) — so that each plan shows details, "someone in the group knows them" and coverage gaps; stances from ally
  to adversary, who reports to whom, actions (some overdue).
- Affiliations: a business school (and a near-duplicate of its name, to show the merge), a rugby club, a BNI-like
  business club and a former employer, carried by some employees and some stakeholders.

Plans, actions, affiliations and employees' links go through the services, as the sales manager
(chef.ventes@armor.example) or the administrator would act. Stakeholders and persons' affiliations are written as
the colleague who knows the person would add them (the demo has no login for every rep). Deterministic (fixed lists,
staff taken in employee-number order; due dates relative to today) and idempotent: every row is matched first
(plan by account, stakeholder by plan and person, action by plan and title, affiliation by name), a second run
creates nothing. Names and texts are data (French as reps would type them), not UI strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from bns.models import Employee, Membership, Tenant
from contacts.demo import DEMO_REP_EMAIL, DEMO_TENANT_SLUG, _sales_staff
from contacts.models import Account, Person
from contacts.plans import services
from contacts.plans.affiliation_selectors import affiliation_key
from contacts.plans.models import (
    AccountPlan,
    Affiliation,
    PersonAffiliation,
    PlanAction,
    Stakeholder,
)
from contacts.services import contact_quick_add

MANAGER_EMAIL = "chef.ventes@armor.example"
ADMIN_EMAIL = "admin@armor.example"
MANAGER, REP = "manager", "rep"  # the demo logins' employees; other owners are indexes into the sales staff


@dataclass(frozen=True)
class Known:
    owner: str | int  # MANAGER, REP or an index into the sales staff
    visibility: str
    strength: int
    scope: str = "group"
    notes: str = ""


@dataclass(frozen=True)
class StakeholderSpec:
    key: str
    first_name: str
    last_name: str
    position: str
    level: int
    buying_role: str
    stance: str
    reports_to: str = ""
    known: tuple[Known, ...] = ()
    affiliations: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActionSpec:
    title: str
    owner: str | int
    stakeholder: str
    due_in_days: int | None
    done: bool = False


@dataclass(frozen=True)
class PlanSpec:
    account: str
    city: str
    domain: str
    owner: str | int
    objectives: str
    strategy: str
    stakeholders: tuple[StakeholderSpec, ...]
    actions: tuple[ActionSpec, ...] = field(default_factory=tuple)


AFFILIATIONS = {
    # key: (name, kind, city, employees carrying it)
    "esc": ("ESC Rennes School of Business", "school", "Rennes", (MANAGER, 8)),
    "esc_dup": ("ESC Rennes", "school", "Rennes", (12,)),  # the same school typed short: to merge
    "rugby": ("Stade Rennais Rugby", "club", "Rennes", (REP, 9)),
    "bni": ("BNI Armor Entreprendre", "club", "Quimper", (6, 10)),
    "cmb": ("Crédit Maritime Bretagne", "former_employer", "Brest", (11,)),
}

PLANS = (
    PlanSpec(
        account="Énergies Bretagne Réseaux", city="Rennes", domain="ebr-energies.fr", owner=MANAGER,
        objectives="Remplacer 60 utilitaires thermiques de la flotte par des VUL électriques d'ici fin 2026.\n"
                   "Être référencés au prochain appel d'offres flotte (septembre).",
        strategy="S'appuyer sur le responsable du parc (allié) pour convaincre la DAF, opposée au coût total.\n"
                 "Présenter un TCO sur 5 ans avec la reprise des thermiques ; essai de 3 véhicules pendant un mois.",
        stakeholders=(
            StakeholderSpec("dg", "Gwenola", "Le Corre", "Directrice générale", 1, "decision_maker", "neutral",
                            known=(Known(MANAGER, "shared", 2, scope="site"),), affiliations=("esc",)),
            StakeholderSpec("daf", "Hervé", "Quéré", "Directeur administratif et financier", 2, "decision_maker", "adversary",
                            reports_to="dg", known=(Known(3, "private", 4, notes="Ancien de la concurrence, ne jure que par le prix."),),
                            affiliations=("cmb",)),
            StakeholderSpec("parc", "Yannick", "Madec", "Responsable du parc", 3, "influencer", "ally", reports_to="daf",
                            known=(Known(1, "shared", 5),), affiliations=("rugby",)),
            StakeholderSpec("achats", "Katell", "Prigent", "Acheteuse", 3, "buyer", "neutral", reports_to="daf",
                            known=(Known(2, "discoverable", 3),)),
            StakeholderSpec("technique", "Franck", "Bothorel", "Directeur technique", 2, "user", "unknown", reports_to="dg",
                            known=(Known(REP, "discoverable", 2),)),
        ),
        actions=(
            ActionSpec("Organiser l'essai de 3 VUL électriques", 1, "parc", 10),
            ActionSpec("Envoyer le TCO sur 5 ans à la DAF", MANAGER, "daf", -5),
            ActionSpec("Demander une introduction auprès de l'acheteuse", REP, "achats", 3),
            ActionSpec("Déjeuner avec la directrice générale", MANAGER, "dg", -20, done=True),
        ),
    ),
    PlanSpec(
        account="Mairie de Vannes", city="Vannes", domain="mairie-vannes.fr", owner=REP,
        objectives="Remporter le lot « véhicules de service » du marché public 2026 (25 véhicules).",
        strategy="Le DGS est un allié ; la chargée des marchés est réservée : soigner le dossier technique.\n"
                 "Personne ne connaît bien l'adjointe aux finances : passer par le club de rugby.",
        stakeholders=(
            StakeholderSpec("dgs", "Jean-Yves", "Pennec", "Directeur général des services", 1, "decision_maker", "ally",
                            known=(Known(MANAGER, "shared", 4, scope="team"),), affiliations=("esc",)),
            StakeholderSpec("adjointe", "Armelle", "Le Saux", "Adjointe aux finances", 1, "decision_maker", "unknown",
                            known=(Known(4, "discoverable", 1),), affiliations=("rugby",)),
            StakeholderSpec("parc", "Solène", "Abgrall", "Responsable du parc automobile", 3, "influencer", "neutral",
                            reports_to="dgs", known=(Known(REP, "shared", 3),)),
            StakeholderSpec("marches", "Typhaine", "Caroff", "Chargée des marchés publics", 3, "gatekeeper", "adversary",
                            reports_to="dgs", known=(Known(5, "private", 2, notes="A mal vécu notre retard de livraison en 2023."),)),
        ),
        actions=(
            ActionSpec("Préparer le mémoire technique du marché", REP, "marches", 21),
            ActionSpec("Inviter l'adjointe au match du Stade Rennais", 9, "adjointe", -2),
        ),
    ),
    PlanSpec(
        account="Bâtiment Guillou et Fils", city="Quimper", domain="guillou-batiment.fr", owner=6,
        objectives="Équiper les 12 conducteurs de travaux en pick-up et renouveler 8 fourgons.",
        strategy="Le gérant est un ami du club d'affaires : proposer une offre de flotte complète avec l'atelier APV.",
        stakeholders=(
            StakeholderSpec("gerant", "Loïc", "Guillou", "Gérant", 1, "decision_maker", "ally",
                            known=(Known(6, "shared", 5, scope="site"),), affiliations=("bni",)),
            StakeholderSpec("daf", "Rozenn", "Guillou", "Directrice administrative et financière", 2, "decision_maker", "unknown",
                            reports_to="gerant", known=(Known(7, "discoverable", 4),), affiliations=("cmb",)),
            StakeholderSpec("travaux", "Erwan", "Kerhervé", "Conducteur de travaux", 3, "user", "neutral", reports_to="gerant",
                            known=(Known(REP, "private", 3, notes="Son fils joue au rugby avec le mien."),)),
        ),
        actions=(
            ActionSpec("Chiffrer l'offre flotte avec contrat d'entretien", 6, "gerant", 7),
            ActionSpec("Faire essayer un pick-up aux conducteurs de travaux", REP, "travaux", -1),
        ),
    ),
)


def demo_seed(*, tenants, stdout=None) -> dict[str, int]:
    tenant = tenants.get(DEMO_TENANT_SLUG)
    if tenant is None:
        return {}
    with transaction.atomic():
        return plans_demo_seed(tenant=tenant)


def _login(tenant: Tenant, email: str) -> Membership | None:
    return Membership.unscoped.filter(tenant=tenant, user__email=email, is_active=True).select_related("user", "employee").first()


class _Seeder:
    def __init__(self, tenant: Tenant, manager: Membership, admin: Membership, rep: Membership | None, staff: list[Employee]):
        self.tenant, self.manager, self.admin, self.staff = tenant, manager, admin, staff
        self.people = {MANAGER: manager.employee, REP: rep.employee if rep is not None else staff[0]}
        self.created = {"account plans": 0, "stakeholders": 0, "plan actions": 0, "affiliations": 0, "affiliation links": 0}

    def employee(self, who) -> Employee:
        return self.people[who] if isinstance(who, str) else self.staff[who % len(self.staff)]

    def affiliations(self) -> dict[str, Affiliation]:
        found = {}
        for key, (name, kind, city, carriers) in AFFILIATIONS.items():
            affiliation = Affiliation.unscoped.filter(tenant=self.tenant, kind=kind, name_key=affiliation_key(name)).first()
            if affiliation is None:
                affiliation = services.affiliation_find_or_create(
                    tenant=self.tenant, actor=self.manager.user, name=name, kind=kind, city=city, confirm_new=True
                ).affiliation
                self.created["affiliations"] += 1
            for who in carriers:
                _link, created = services.employee_affiliation_add(
                    tenant=self.tenant, actor=self.admin.user, employee=self.employee(who), affiliation=affiliation
                )
                self.created["affiliation links"] += created
            found[key] = affiliation
        return found

    def person(self, spec: PlanSpec, st: StakeholderSpec) -> Person:
        email = f"{affiliation_key(st.first_name).replace(' ', '-')}.{affiliation_key(st.last_name).replace(' ', '-')}@{spec.domain}"
        person = None
        for known in st.known:
            relationship, _created = contact_quick_add(
                tenant=self.tenant, actor=None, owner=self.employee(known.owner), first_name=st.first_name, last_name=st.last_name,
                company=spec.account, position=st.position, email=email, strength=known.strength, visibility=known.visibility,
                scope=known.scope, private_notes=known.notes, kind="client", context="Plan de compte",
            )
            person = relationship.person
        return person

    def plan(self, spec: PlanSpec, affiliations: dict[str, Affiliation]) -> None:
        persons = {st.key: self.person(spec, st) for st in spec.stakeholders}
        account = Account.unscoped.get(tenant=self.tenant, pk=next(iter(persons.values())).account_id)
        if not account.city:
            Account.unscoped.filter(pk=account.pk).update(city=spec.city)
            account.city = spec.city
        plan = AccountPlan.unscoped.filter(tenant=self.tenant, account=account).order_by("pk").first()
        if plan is None:
            plan = services.account_plan_create(
                tenant=self.tenant, actor=self.manager.user, account=account, owner=self.employee(spec.owner),
                objectives=spec.objectives, strategy=spec.strategy,
            )
            self.created["account plans"] += 1
        stakeholders: dict[str, Stakeholder] = {}
        for st in spec.stakeholders:  # bosses first in the lists above
            stakeholder, created = Stakeholder.unscoped.get_or_create(
                tenant=self.tenant, plan=plan, person=persons[st.key],
                defaults={"title": st.position, "level": st.level, "buying_role": st.buying_role, "stance": st.stance,
                          "reports_to": stakeholders.get(st.reports_to)},
            )
            self.created["stakeholders"] += created
            stakeholders[st.key] = stakeholder
            for key in st.affiliations:
                _link, created = PersonAffiliation.unscoped.get_or_create(
                    tenant=self.tenant, affiliation=affiliations[key], person=persons[st.key]
                )
                self.created["affiliation links"] += created
        today = timezone.localdate()
        existing = set(PlanAction.unscoped.filter(tenant=self.tenant, plan=plan).values_list("title", flat=True))
        for action in spec.actions:
            if action.title in existing:
                continue
            due = today + timedelta(days=action.due_in_days) if action.due_in_days is not None else None
            created = services.plan_action_create(
                tenant=self.tenant, actor=self.manager.user, plan=plan, title=action.title, owner=self.employee(action.owner),
                stakeholder=stakeholders[action.stakeholder], due_date=due,
            )
            if action.done:
                services.plan_action_complete(tenant=self.tenant, actor=self.manager.user, action=created)
            self.created["plan actions"] += 1


def plans_demo_seed(*, tenant: Tenant) -> dict[str, int]:
    """Write what is missing of the demo account plans and affiliations; a second run writes nothing."""
    manager, admin, rep = _login(tenant, MANAGER_EMAIL), _login(tenant, ADMIN_EMAIL), _login(tenant, DEMO_REP_EMAIL)
    if manager is None or manager.employee is None or admin is None:
        return {}
    rep = rep if rep is not None and rep.employee is not None else None
    logins = {manager.employee_id, rep.employee_id if rep is not None else None}
    staff = [e for e in _sales_staff(tenant) if e.pk not in logins]
    if len(staff) < 13:
        return {}
    seeder = _Seeder(tenant, manager, admin, rep, staff)
    affiliations = seeder.affiliations()
    for spec in PLANS:
        seeder.plan(spec, affiliations)
    return {what: n for what, n in seeder.created.items() if n}
