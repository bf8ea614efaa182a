"""Demo address books for ``manage.py seed_demo`` (registered through bns.demo_hooks by contacts/apps.py).

Gives the sales staff of the "armor" demo group (Brittany) the address books reps have in life: local
businesses (garages, hauliers, building firms, farms and co-ops, law firms, hotels), fleet managers, public
bodies (town halls, the département, the CCI, the hospital) and club fellows (Rotary, rugby, golf).

- Deterministic: fixed lists and ``random.Random(42)``; the only clock read is the date of the solicitations
  (they must fall inside the group's rolling window to show the cap).
- Idempotent: persons are matched by e-mail and relationships by owner + person through the services
  (``person_upsert`` / ``relationship_create``); solicitations are only logged for a person who has none.
  A second run creates nothing.
- Spread as in life: most relationships private or discoverable, some shared with the team, the dealership
  or the group; strengths mostly 2-3; a third of the persons known by two or three colleagues; a few persons
  already over the solicitation cap.

Names, companies and notes are data (proper nouns, French as reps would type them), not UI strings.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from bns.demo_data import FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES, email_local_part
from bns.models import Employee, Membership, Tenant
from contacts.models import (
    Account,
    LedgerEntry,
    Person,
    PersonEmail,
    PersonPhone,
    Relationship,
    RelationshipKind,
    Scope,
    Solicitation,
    Source,
    Visibility,
)
from contacts.normalize import company_key, name_key, phone_normalize
from contacts.services import clean_identity, retention_deadline

DEMO_TENANT_SLUG = "armor"
DEMO_REP_EMAIL = "vendeur@armor.example"
SEED = 42
PERSON_COUNT = 150
OVER_CAP_PERSONS = 4
VENDEUR_RELATIONSHIPS = 12


@dataclass(frozen=True)
class Org:
    name: str
    domain: str
    city: str
    category: str  # garage, transport, btp, farm, law, hotel, fleet, public, club


ORGS = [
    # Garages and body shops
    Org("Garage Le Gall", "garage-legall.fr", "Rennes", "garage"),
    Org("Carrosserie Kerbrat", "carrosserie-kerbrat.fr", "Brest", "garage"),
    Org("Garage de l'Odet", "garage-odet.fr", "Quimper", "garage"),
    Org("Auto Services Morbihan", "asm56.fr", "Vannes", "garage"),
    # Hauliers and transport companies
    Org("Transports Kervella", "transports-kervella.fr", "Brest", "transport"),
    Org("Transports Le Bihan SAS", "lebihan-transports.fr", "Lorient", "transport"),
    Org("Breizh Logistique", "breizh-logistique.bzh", "Rennes", "transport"),
    Org("Cars de l'Armor", "cars-armor.fr", "Saint-Brieuc", "transport"),
    Org("Ambulances du Léon", "ambulances-leon.fr", "Landerneau", "transport"),
    # Building firms
    Org("Bâtiment Guillou et Fils", "guillou-batiment.fr", "Quimper", "btp"),
    Org("Menuiserie Riou", "menuiserie-riou.fr", "Lannion", "btp"),
    Org("TP Morvan", "tp-morvan.fr", "Vannes", "btp"),
    Org("Charpentes de Cornouaille", "charpentes-cornouaille.fr", "Concarneau", "btp"),
    Org("Électricité Salaün", "salaun-elec.fr", "Morlaix", "btp"),
    # Farms and co-ops
    Org("Coopérative Agricole du Trégor", "coop-tregor.fr", "Lannion", "farm"),
    Org("EARL de Kerlann", "earl-kerlann.fr", "Pontivy", "farm"),
    Org("Légumes de Saint-Pol", "legumes-saintpol.fr", "Saint-Pol-de-Léon", "farm"),
    Org("GAEC du Menez", "gaec-menez.fr", "Carhaix", "farm"),
    # Law and accounting firms
    Org("Cabinet Cadiou Avocats", "cadiou-avocats.fr", "Rennes", "law"),
    Org("Le Floch & Associés", "lefloch-associes.fr", "Brest", "law"),
    Org("Étude Jaouen, notaires", "jaouen-notaires.fr", "Vannes", "law"),
    Org("Expertise Comptable Quéré", "quere-expertise.fr", "Saint-Malo", "law"),
    # Hotels and restaurants
    Org("Hôtel des Thermes", "hotel-thermes-stmalo.fr", "Saint-Malo", "hotel"),
    Org("Hôtel de l'Océan", "hotel-ocean-quiberon.fr", "Quiberon", "hotel"),
    Org("Manoir de Kerhuel", "manoir-kerhuel.fr", "Quimper", "hotel"),
    Org("Brasserie du Port", "brasserie-port-lorient.fr", "Lorient", "hotel"),
    # Fleet managers (large local employers)
    Org("Laiterie de Bretagne", "laiterie-bretagne.fr", "Vitré", "fleet"),
    Org("Océane Télécom", "oceane-telecom.fr", "Lannion", "fleet"),
    Org("Crédit Maritime Bretagne", "credit-maritime-bzh.fr", "Brest", "fleet"),
    Org("Armor Surgelés", "armor-surgeles.fr", "Quimperlé", "fleet"),
    Org("Naval Ouest Industrie", "naval-ouest.fr", "Lorient", "fleet"),
    Org("Pharmacies Bretagne Réseau", "pharma-bretagne.fr", "Rennes", "fleet"),
    # Public bodies
    Org("Mairie de Rennes", "ville-rennes.fr", "Rennes", "public"),
    Org("Mairie de Vannes", "mairie-vannes.fr", "Vannes", "public"),
    Org("Conseil départemental du Finistère", "finistere.fr", "Quimper", "public"),
    Org("CCI Bretagne Ouest", "bretagne-ouest.cci.fr", "Brest", "public"),
    Org("CHU de Brest", "chu-brest.fr", "Brest", "public"),
    Org("Centre hospitalier de Saint-Brieuc", "ch-stbrieuc.fr", "Saint-Brieuc", "public"),
    # Clubs
    Org("Rotary Club de Quimper", "rotary-quimper.org", "Quimper", "club"),
    Org("Stade Rennais Rugby", "srr-rugby.fr", "Rennes", "club"),
    Org("Golf de la Freslonnière", "golf-freslonniere.fr", "Rennes", "club"),
    Org("Rugby Club Vannetais", "rcv-rugby.fr", "Vannes", "club"),
]

POSITIONS = {
    "garage": ["Gérant", "Chef d'atelier", "Responsable carrosserie"],
    "transport": ["Directeur général", "Responsable de parc", "Directrice d'exploitation", "Gérant"],
    "btp": ["Gérant", "Conducteur de travaux", "Directrice administrative et financière"],
    "farm": ["Président", "Exploitant agricole", "Directeur", "Responsable achats"],
    "law": ["Avocat associé", "Notaire", "Expert-comptable", "Collaboratrice"],
    "hotel": ["Directeur", "Propriétaire", "Responsable commerciale"],
    "fleet": ["Gestionnaire de flotte", "Responsable des services généraux", "Directeur des achats", "DAF"],
    "public": ["Directeur général des services", "Responsable du parc automobile", "Chargée de mission", "Élu"],
    "club": ["Président", "Trésorier", "Membre", "Secrétaire"],
}

KINDS = {
    "garage": [RelationshipKind.PARTNER, RelationshipKind.SUPPLIER, RelationshipKind.CLIENT],
    "transport": [RelationshipKind.CLIENT, RelationshipKind.PROSPECT],
    "btp": [RelationshipKind.CLIENT, RelationshipKind.PROSPECT, RelationshipKind.FRIEND],
    "farm": [RelationshipKind.CLIENT, RelationshipKind.PROSPECT, RelationshipKind.FAMILY],
    "law": [RelationshipKind.SUPPLIER, RelationshipKind.FRIEND, RelationshipKind.ALUMNI],
    "hotel": [RelationshipKind.CLIENT, RelationshipKind.PARTNER],
    "fleet": [RelationshipKind.CLIENT, RelationshipKind.PROSPECT, RelationshipKind.FORMER_COLLEAGUE],
    "public": [RelationshipKind.PARTNER, RelationshipKind.PROSPECT, RelationshipKind.OTHER],
    "club": [RelationshipKind.CLUB_FELLOW],
}

CONTEXTS = {
    "garage": "Sous-traitance carrosserie et reprises",
    "transport": "Renouvellement des utilitaires",
    "btp": "Flotte de fourgons et pick-up",
    "farm": "Rencontré au Space de Rennes",
    "law": "Conseil de la concession",
    "hotel": "Séminaires et voitures de courtoisie",
    "fleet": "Appel d'offres flotte",
    "public": "Marché public véhicules de service",
    "club": "Club",
}

PRIVATE_NOTES = [
    "Préfère être appelé après 18 h, jamais le lundi.",
    "Divorce en cours : ne pas parler de la maison.",
    "Son fils joue au rugby avec le mien.",
    "Va changer de poste en septembre, à suivre.",
    "Très sensible au prix, négocier la reprise d'abord.",
    "Ancien client de la concurrence, mécontent de l'atelier.",
    "Tutoiement. Aime le golf, pas le foot.",
    "A promis de me présenter son DAF.",
]

# Most relationships private or discoverable, some shared (brief: the rep decides).
VISIBILITY_WEIGHTS = [(Visibility.PRIVATE, 35), (Visibility.DISCOVERABLE, 40), (Visibility.SHARED, 25)]
SCOPE_WEIGHTS = [(Scope.TEAM, 30), (Scope.SITE, 40), (Scope.GROUP, 30)]
STRENGTH_WEIGHTS = [(1, 12), (2, 33), (3, 30), (4, 17), (5, 8)]
SALES_TITLES = ("Vendeur VN", "Vendeur VO", "Chef des ventes VN", "Chef des ventes VO", "Directeur de concession",
                "Directeur général", "Responsable développement commercial")


def _pick(rng: random.Random, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights, k=1)[0]


@dataclass
class _PersonPlan:
    first_name: str
    last_name: str
    email: str
    phone: str
    linkedin_url: str
    org: Org
    position: str


def person_plans(seed: int = SEED, count: int = PERSON_COUNT) -> list[_PersonPlan]:
    """The demo persons, identical on every call."""
    rng = random.Random(seed)
    plans, used = [], set()
    while len(plans) < count:
        first = rng.choice(FIRST_NAMES_F if rng.random() < 0.45 else FIRST_NAMES_M)
        last = rng.choice(LAST_NAMES)
        org = ORGS[len(plans) % len(ORGS)] if len(plans) < len(ORGS) else rng.choice(ORGS)
        email = f"{email_local_part(first, last)}@{org.domain}"
        if email in used:
            continue
        used.add(email)
        phone = f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}" if rng.random() < 0.6 else ""
        if phone and phone_normalize(phone) is None:  # unallocated range: no phone rather than a wrong one
            phone = ""
        slug = email_local_part(first, last).replace(".", "-")
        linkedin = f"https://www.linkedin.com/in/{slug}-{rng.randint(100, 999)}" if rng.random() < 0.5 else ""
        plans.append(_PersonPlan(first, last, email, phone, linkedin, org, rng.choice(POSITIONS[org.category])))
    return plans


def _rel_values(rng: random.Random, plan: _PersonPlan, *, private_bias: bool = False) -> dict:
    visibility = Visibility.PRIVATE if private_bias else _pick(rng, VISIBILITY_WEIGHTS)
    values = dict(
        strength=_pick(rng, STRENGTH_WEIGHTS),
        kind=rng.choice(KINDS[plan.org.category]),
        context=f"{CONTEXTS[plan.org.category]} ({plan.org.city})",
        visibility=visibility,
        scope=_pick(rng, SCOPE_WEIGHTS),
        open_to_offer=plan.org.category in ("transport", "btp", "fleet") and rng.random() < 0.4,
        tags=plan.org.category,
    )
    if visibility == Visibility.PRIVATE and (private_bias or rng.random() < 0.5):
        values["private_notes"] = rng.choice(PRIVATE_NOTES)
    return values


def demo_seed(*, tenants: dict, stdout=None) -> dict[str, int]:
    """The demo hook: address books for the "armor" group (other groups untouched)."""
    tenant = tenants.get(DEMO_TENANT_SLUG)
    if tenant is None:
        return {}
    with transaction.atomic():
        return contacts_demo_seed(tenant=tenant)


def _sales_staff(tenant: Tenant) -> list[Employee]:
    return list(
        Employee.unscoped.filter(tenant=tenant, is_active=True, job_title__in=SALES_TITLES).exclude(external_id="").order_by("external_id")
    )


def contacts_demo_seed(*, tenant: Tenant) -> dict[str, int]:
    """Write what is missing of the demo address books; a second run writes nothing.

    Set-based (about twenty queries whatever the size; the services would take ~3,000 and seed_demo must stay
    fast): persons are matched by e-mail and relationships by owner + person, exactly as ``person_upsert`` and
    ``relationship_create`` match them, and the rows written are the ones those services write (normalised
    keys, account, e-mail, phone, retention deadline, and one CREATE ledger entry per relationship).
    """
    rng = random.Random(SEED)
    staff = _sales_staff(tenant)
    if not staff:
        return {}
    vendeur = (
        Membership.unscoped.filter(tenant=tenant, user__email=DEMO_REP_EMAIL, employee__isnull=False).select_related("employee").first()
    )
    vendeur_employee = vendeur.employee if vendeur is not None else None
    others = [e for e in staff if vendeur_employee is None or e.pk != vendeur_employee.pk]
    plans = person_plans()
    persons, persons_created = _persons(tenant, plans)

    wanted: list[tuple[Employee, Person, dict]] = []
    for index, (plan, person) in enumerate(zip(plans, persons, strict=True)):
        # A third of the persons are known by two or three colleagues.
        known_by = rng.choices([1, 2, 3], weights=[65, 25, 10], k=1)[0]
        owners = rng.sample(others, k=min(known_by, len(others)))
        if vendeur_employee is not None and index < VENDEUR_RELATIONSHIPS:
            # The demo rep's own address book: the first dozen persons, a third of them private with notes.
            owners = [vendeur_employee, *owners[: known_by - 1]]
        for owner in owners:
            wanted.append((owner, person, _rel_values(rng, plan, private_bias=(owner == vendeur_employee and index % 3 == 0))))
    relationships_created = _relationships(tenant, wanted)
    solicitations = _seed_solicitations(tenant=tenant, persons=persons, staff=others, rng=rng)
    created = {"contact persons": persons_created, "relationships": relationships_created, "solicitations": solicitations}
    return {k: v for k, v in created.items() if v}


def _persons(tenant: Tenant, plans: list[_PersonPlan]) -> tuple[list[Person], int]:
    """The plan's persons, matched by e-mail; the missing ones created with their account, e-mail and phone."""
    emails = [p.email for p in plans]
    by_email = {
        pe.email: pe.person for pe in PersonEmail.unscoped.filter(tenant=tenant, email__in=emails).select_related("person")
    }
    missing = [p for p in plans if p.email not in by_email]
    if missing:
        accounts = _accounts(tenant, {p.org.name: p.org for p in missing})
        now = timezone.now()
        retention = retention_deadline(tenant=tenant, since=now)
        new_persons, identities = [], []
        for plan in missing:
            clean_emails, clean_phones, linkedin = clean_identity(
                emails=[plan.email], phones=[plan.phone] if plan.phone else [], linkedin_url=plan.linkedin_url
            )
            new_persons.append(Person(
                tenant=tenant, first_name=plan.first_name, last_name=plan.last_name,
                name_key=name_key(plan.first_name, plan.last_name), company_name=plan.org.name,
                company_key=company_key(plan.org.name), account=accounts[plan.org.name], position=plan.position,
                linkedin_url=linkedin, source=Source.MANUAL, collected_at=now, retention_until=retention,
            ))
            identities.append((clean_emails, clean_phones))
        Person.unscoped.bulk_create(new_persons)
        PersonEmail.unscoped.bulk_create(
            [PersonEmail(tenant=tenant, person=p, email=e) for p, (es, _ph) in zip(new_persons, identities, strict=True) for e in es]
        )
        PersonPhone.unscoped.bulk_create(
            [PersonPhone(tenant=tenant, person=p, number=n) for p, (_es, ph) in zip(new_persons, identities, strict=True) for n in ph]
        )
        for plan, person in zip(missing, new_persons, strict=True):
            by_email[plan.email] = person
    return [by_email[p.email] for p in plans], len(missing)


def _accounts(tenant: Tenant, orgs: dict[str, Org]) -> dict[str, Account]:
    """The accounts of these organisations by name, matched by name key as account_find_or_create does."""
    keys = {name: company_key(name) or name.lower() for name in orgs}
    existing = {}
    for account in Account.unscoped.filter(tenant=tenant, name_key__in=set(keys.values())).order_by("pk"):
        existing.setdefault(account.name_key, account)
    new = [Account(tenant=tenant, name=name, name_key=key, city=orgs[name].city) for name, key in keys.items() if key not in existing]
    for account in Account.unscoped.bulk_create(new):
        existing[account.name_key] = account
    return {name: existing[key] for name, key in keys.items()}


def _relationships(tenant: Tenant, wanted: list[tuple[Employee, Person, dict]]) -> int:
    """Create the missing (owner, person) relationships, each with its CREATE ledger entry."""
    existing = set(
        Relationship.unscoped.filter(tenant=tenant, person__in={p.pk for _o, p, _v in wanted}).values_list("owner_id", "person_id")
    )
    new = []
    for owner, person, values in wanted:
        if (owner.pk, person.pk) in existing:
            continue
        existing.add((owner.pk, person.pk))
        new.append(Relationship(tenant=tenant, owner=owner, person=person, **values))
    Relationship.unscoped.bulk_create(new)
    LedgerEntry.unscoped.bulk_create([
        LedgerEntry(
            tenant=tenant, actor=None, actor_label="", verb=LedgerEntry.Verb.CREATE, person=r.person, relationship=r, owner=r.owner,
            subject_label=r.person.full_name, data={"visibility": r.visibility, "scope": r.scope, "strength": r.strength},
        )
        for r in new
    ])
    return len(new)


def _seed_solicitations(*, tenant: Tenant, persons: list[Person], staff: list[Employee], rng: random.Random) -> int:
    """A few persons over the cap (everyone wants the fleet managers), a few near it; only for persons with none."""
    cap = tenant.solicitation_cap or 3
    window = tenant.solicitation_window_days or 30
    fleet = [p for p, plan in zip(persons, person_plans(), strict=True) if plan.org.category in ("fleet", "transport")]
    targets = [(p, cap + 1 + i % 2) for i, p in enumerate(fleet[:OVER_CAP_PERSONS])]
    targets += [(p, cap - 1) for p in fleet[OVER_CAP_PERSONS:OVER_CAP_PERSONS + 4]]
    already = set(Solicitation.unscoped.filter(tenant=tenant, person__in=[p for p, _n in targets]).values_list("person_id", flat=True))
    now = timezone.now()
    new = []
    for person, n in targets:
        draws = [
            (rng.choice(staff), rng.choice(Solicitation.Channel.values), rng.randint(1, window - 2), rng.randint(0, 8))
            for _ in range(n)
        ]
        if person.pk in already:
            continue
        new += [
            Solicitation(tenant=tenant, person=person, employee=employee, channel=channel, commercial=True,
                         occurred_at=now - timedelta(days=days_ago, hours=hours), note="Proposition flotte")
            for employee, channel, days_ago, hours in draws
        ]
    Solicitation.unscoped.bulk_create(new)
    LedgerEntry.unscoped.bulk_create([  # as the solicitation service records them
        LedgerEntry(
            tenant=tenant, actor=None, actor_label="", verb=LedgerEntry.Verb.SOLICITATION, person=s.person, owner=s.employee,
            subject_label=s.person.full_name, data={"channel": s.channel, "solicitation_id": s.pk, "demo": True},
        )
        for s in new
    ])
    return len(new)
