"""seed_demo data of contacts/referrals (registered in contacts/apps.py): referrals in every status, with rewards.

For the "armor" group: reward rules (150 € fixed for a VN deal, replacing 100 € two months ago; 5 % of the margin
capped at 300 € for VO; 50 € for APV; nothing for parts), and referrals from every department (a service
advisor whose customer's fleet is ageing, a VO rep whose friend runs a building firm, a receptionist...) to a
named colleague (the demo rep "vendeur"), to a dealership or to a department, in every status: submitted,
accepted, qualified, won (rewards pending, approved, paid, rejected, and one with no rule), lost.

Most referrers have no login, so the rows are written as the services write them (contacts.referrals.services
and .rewards): the lead is logged through contact_quick_add as the referrer's own contact, each step has its
ReferralEvent and its ledger entry, the reward is computed by ``reward_compute`` with the rule in force when the
referral was submitted (``reward_rule_in_force``), approved by the sales manager or the CEO, paid by the admin.

- Deterministic: fixed plans, employees picked by dealership, job title and employee number; the only clock
  read is "now" (dates are relative to it).
- Idempotent: rules are matched by name, referrals by referrer and need; a second run creates nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone, translation

from bns.models import Department, Employee, Membership, Site, Tenant
from contacts.models import LedgerEntry
from contacts.referrals.models import Referral, ReferralEvent, Reward, RewardRule
from contacts.referrals.rewards import reward_compute
from contacts.referrals.selectors import reward_rule_in_force
from contacts.services import account_find_or_create, contact_quick_add, ledger_record

DEMO_TENANT_SLUG = "armor"
REP, MANAGER, CEO, ADMIN = "vendeur@armor.example", "chef.ventes@armor.example", "codir@armor.example", "admin@armor.example"
RENNES, BREST, QUIMPER, VANNES, LORIENT = (
    "Armor Rennes Saint-Grégoire", "Armor Brest Kergaradec", "Armor Quimper", "Armor Vannes", "Armor Lorient",
)


@dataclass(frozen=True)
class RulePlan:
    name: str
    department: str | None
    kind: str
    amount: str | None = None
    percent: str | None = None
    cap: str | None = None
    created_days_ago: int = 400
    ended_days_ago: int | None = None
    replaced_by: str | None = None


RULES = [
    RulePlan("Prime VN 2024", "VN", "fixed", amount="100", created_days_ago=400, ended_days_ago=60, replaced_by="Prime VN"),
    RulePlan("Prime VN", "VN", "fixed", amount="150", created_days_ago=60),
    RulePlan("Prime VO", "VO", "margin_percent", percent="5", cap="300"),
    RulePlan("Prime APV", "APV", "fixed", amount="50"),
]


@dataclass(frozen=True)
class ReferralPlan:
    referrer: tuple  # ("rep",) the demo rep, or (dealership, job title, rank by employee number)
    need: str
    to: tuple[str, ...]  # ("rep",) the demo rep; ("site", name); ("dept", code) or ("dept", code, site)
    status: str
    days_ago: int
    lead: tuple[str, str, str, str] = ("", "", "", "")  # first name, last name, company, e-mail
    urgency: str = Referral.Urgency.NORMAL
    deal: tuple[str, int, str | None, str] | None = None  # value, vehicles, margin, department code
    reward: str = ""  # pending, approved, paid, rejected
    reason: str = ""  # lost reason or reward rejection


# Names and texts are data (as colleagues would type them, in French), not UI strings.
PLANS = [
    ReferralPlan((RENNES, "Conseiller service", 0), "Flotte de 6 Partner en fin de vie, le gérant veut renouveler avant l'hiver.",
                 ("rep",), "submitted", 2, ("Loïc", "Le Gall", "Garage Le Gall", "loic.legall@garage-legall.fr"), "high"),
    ReferralPlan((BREST, "Vendeur VO", 0), "Mon ami monte une entreprise de charpente : 2 fourgons et un pick-up.",
                 ("dept", "VN", BREST), "accepted", 9, ("Gwenaël", "Riou", "Charpentes de Cornouaille",
                                                        "gwenael.riou@charpentes-cornouaille.fr")),
    ReferralPlan((QUIMPER, "Technicien atelier", 0), "Client atelier : cherche un SUV hybride d'occasion récent.",
                 ("dept", "VO", QUIMPER), "qualified", 15, ("Anne", "Cadiou", "", "anne.cadiou@example.fr"), "low"),
    ReferralPlan((VANNES, "Chargé d'accueil", 0), "La mairie prépare un marché de véhicules de service électriques.",
                 ("site", VANNES), "submitted", 4, ("", "", "Mairie de Vannes", "")),
    ReferralPlan((RENNES, "Conseiller service", 1), "Transporteur client de l'atelier : 4 fourgons à remplacer, reprise à chiffrer.",
                 ("rep",), "won", 40, ("Yann", "Kervella", "Transports Kervella", "yann.kervella@transports-kervella.fr"),
                 deal=("128000", 4, "9600", "VN"), reward="paid"),
    ReferralPlan((LORIENT, "Vendeur VO", 0), "Ancien client VO, veut passer sur du neuf pour sa flotte commerciale.",
                 ("dept", "VN"), "won", 95, ("Soizic", "Le Bihan", "Transports Le Bihan SAS", "soizic.lebihan@lebihan-transports.fr"),
                 deal=("61000", 2, "5200", "VN"), reward="approved"),
    ReferralPlan((BREST, "Conseiller service", 0), "Le cabinet veut deux citadines d'occasion pour ses collaborateurs.",
                 ("dept", "VO", BREST), "won", 25, ("Ronan", "Le Floch", "Le Floch & Associés", "ronan.lefloch@lefloch-associes.fr"),
                 deal=("34000", 2, "4200", "VO"), reward="pending"),
    ReferralPlan((QUIMPER, "Magasinier PR", 0), "Le garage partenaire cherche un fournisseur de pièces pour sa flotte.",
                 ("site", QUIMPER), "won", 30, ("", "", "Garage de l'Odet", ""),
                 deal=("8000", 0, None, "PR")),
    ReferralPlan((VANNES, "Vendeur VN", 0), "Contrat d'entretien pour 12 véhicules de la coopérative.",
                 ("dept", "APV", VANNES), "won", 50, ("Maëlle", "Guillou", "Coopérative Agricole du Trégor",
                                                      "maelle.guillou@coop-tregor.fr"),
                 deal=("14400", 12, None, "APV"), reward="rejected", reason="Contrat déjà négocié par l'atelier avant la recommandation."),
    ReferralPlan((RENNES, "Vendeur VO", 0), "Un voisin cherche un utilitaire pour son entreprise de paysage.",
                 ("rep",), "lost", 35, ("Hervé", "Morvan", "TP Morvan", "herve.morvan@tp-morvan.fr"),
                 reason="Déjà équipé chez un concurrent, rappeler dans deux ans."),
    ReferralPlan((LORIENT, "Technicien atelier", 0), "Le chantier naval veut électrifier ses véhicules de liaison.",
                 ("site", LORIENT), "accepted", 6, ("Katell", "Abgrall", "Naval Ouest Industrie", "katell.abgrall@naval-ouest.fr"),
                 "high"),
    ReferralPlan((BREST, "Chargé d'accueil", 0), "Une cliente demande un devis pour un véhicule adapté PMR.",
                 ("dept", "VN", BREST), "lost", 20, ("Nathalie", "Prigent", "", "nathalie.prigent@example.fr"),
                 reason="Pas de financement obtenu."),
    # The demo rep's own referrals (their "My referrals" page): a reward paid, one waiting, one open, one lost.
    ReferralPlan(("rep",), "Mon beau-frère cherche un break d'occasion pour sa société de dépannage.",
                 ("dept", "VO", RENNES), "won", 70, ("Erwan", "Jaouen", "Auto Services Morbihan", "erwan.jaouen@asm56.fr"),
                 deal=("22000", 1, "2600", "VO"), reward="paid"),
    ReferralPlan(("rep",), "Client VN : veut un contrat d'entretien pour ses 8 utilitaires.",
                 ("dept", "APV", RENNES), "won", 18, ("Morgane", "Hamon", "Breizh Logistique", "morgane.hamon@breizh-logistique.bzh"),
                 deal=("9600", 8, None, "APV"), reward="pending"),
    ReferralPlan(("rep",), "La présidente du club de golf change sa voiture personnelle, plutôt VO récent.",
                 ("site", BREST), "submitted", 3, ("Claire", "Le Corre", "Golf de la Freslonnière", "claire.lecorre@golf-freslonniere.fr")),
    ReferralPlan(("rep",), "Un ami artisan cherche un utilitaire d'occasion.",
                 ("dept", "VO", RENNES), "lost", 45, ("Pierre", "Salaün", "Électricité Salaün", "pierre.salaun@salaun-elec.fr"),
                 reason="A trouvé chez un particulier."),
]

STEPS = {
    Referral.Status.SUBMITTED: [],
    Referral.Status.ACCEPTED: [Referral.Status.ACCEPTED],
    Referral.Status.QUALIFIED: [Referral.Status.ACCEPTED, Referral.Status.QUALIFIED],
    Referral.Status.WON: [Referral.Status.ACCEPTED, Referral.Status.QUALIFIED, Referral.Status.WON],
    Referral.Status.LOST: [Referral.Status.ACCEPTED, Referral.Status.LOST],
}
STEP_DAYS = {Referral.Status.ACCEPTED: 1, Referral.Status.QUALIFIED: 3, Referral.Status.WON: 8, Referral.Status.LOST: 5}


def demo_seed(*, tenants: dict, stdout=None) -> dict[str, int]:
    tenant = tenants.get(DEMO_TENANT_SLUG)
    if tenant is None:
        return {}
    with transaction.atomic():
        return referrals_demo_seed(tenant=tenant)


class _Ctx:
    def __init__(self, tenant: Tenant):
        self.tenant = tenant
        self.now = timezone.now()
        self.members = {
            m.user.email: m for m in Membership.unscoped.filter(tenant=tenant, is_active=True).select_related("user", "employee")
        }
        self.sites = {s.name: s for s in Site.unscoped.filter(tenant=tenant)}
        self.departments = {d.code: d for d in Department.unscoped.filter(tenant=tenant)}

    def user(self, email: str):
        member = self.members.get(email)
        return member.user if member is not None else None

    def employee(self, *spec) -> Employee | None:
        if spec == ("rep",):
            return self.members[REP].employee
        site, job_title, rank = spec
        qs = Employee.unscoped.filter(tenant=self.tenant, is_active=True, site__name=site, job_title=job_title).order_by("external_id")
        return qs[rank] if qs.count() > rank else None


def referrals_demo_seed(*, tenant: Tenant) -> dict[str, int]:
    ctx = _Ctx(tenant)
    if ctx.user(ADMIN) is None or REP not in ctx.members or ctx.members[REP].employee is None:
        return {}
    created = {"reward rules": _rules(ctx), "referrals": 0, "rewards": 0}
    for plan in PLANS:
        referrer = ctx.employee(*plan.referrer)
        if referrer is None or Referral.unscoped.filter(tenant=tenant, referrer=referrer, need=plan.need).exists():
            continue
        _referral_row, reward = _referral(ctx, plan, referrer)
        created["referrals"] += 1
        created["rewards"] += reward is not None
    return {k: v for k, v in created.items() if v}


def _rules(ctx: _Ctx) -> int:
    count = 0
    by_name = {}
    for plan in RULES:
        rule = RewardRule.unscoped.filter(tenant=ctx.tenant, name=plan.name).first()
        if rule is None:
            created_at = ctx.now - timedelta(days=plan.created_days_ago)
            rule = RewardRule.unscoped.create(
                tenant=ctx.tenant, name=plan.name, department=ctx.departments.get(plan.department) if plan.department else None,
                kind=plan.kind, amount=Decimal(plan.amount) if plan.amount else None,
                percent=Decimal(plan.percent) if plan.percent else None, cap=Decimal(plan.cap) if plan.cap else None,
                valid_from=date(created_at.year, 1, 1), created_by=ctx.user(ADMIN),
            )
            RewardRule.unscoped.filter(pk=rule.pk).update(created_at=created_at)
            count += 1
        by_name[plan.name] = rule
    for plan in RULES:
        rule = by_name[plan.name]
        if plan.ended_days_ago is not None and rule.ended_at is None:
            RewardRule.unscoped.filter(pk=rule.pk).update(
                ended_at=ctx.now - timedelta(days=plan.ended_days_ago), replaced_by=by_name.get(plan.replaced_by)
            )
    return count


def _receiver(ctx: _Ctx, to: tuple[str, ...]) -> dict:
    if to[0] == "rep":
        return {"to_employee": ctx.members[REP].employee}
    if to[0] == "site":
        return {"to_site": ctx.sites.get(to[1])}
    return {"to_department": ctx.departments.get(to[1]), "to_site": ctx.sites.get(to[2]) if len(to) > 2 else None}


def _mover(ctx: _Ctx, to: tuple[str, ...]):
    """Who moves it: the rep when it was sent to them, the sales manager for VN, else the CEO (executives receive
    every referral sent to a dealership or a department)."""
    if to[0] == "rep":
        return ctx.members[REP]
    if to == ("dept", "VN"):
        return ctx.members.get(MANAGER) or ctx.members.get(CEO)
    return ctx.members.get(CEO) or ctx.members.get(ADMIN)


def _referral(ctx: _Ctx, plan: ReferralPlan, referrer: Employee):
    tenant = ctx.tenant
    first, last, company, email = plan.lead
    person = account = None
    if first or last or email:
        relationship, _created = contact_quick_add(
            tenant=tenant, actor=None, owner=referrer, first_name=first, last_name=last, company=company, email=email,
            context="Recommandé à un collègue",
        )
        person, account = relationship.person, relationship.person.account
    else:
        account = account_find_or_create(tenant=tenant, actor=None, name=company)
    submitted_at = ctx.now - timedelta(days=plan.days_ago)
    referral = Referral.unscoped.create(
        tenant=tenant, referrer=referrer, person=person, account=account, need=plan.need, urgency=plan.urgency, consent=True,
        submitted_at=submitted_at, **_receiver(ctx, plan.to),
    )
    ReferralEvent.unscoped.create(tenant=tenant, referral=referral, actor=None, from_status="", to_status=Referral.Status.SUBMITTED)
    ledger_record(tenant=tenant, actor=None, verb=LedgerEntry.Verb.REFERRAL, person=person, owner=referrer,
                  data={"referral": referral.pk, "demo": True})
    mover = _mover(ctx, plan.to)
    previous = Referral.Status.SUBMITTED
    for step in STEPS[plan.status]:
        when = submitted_at + timedelta(days=STEP_DAYS[step])
        note = ""
        if step == Referral.Status.ACCEPTED:
            referral.accepted_at = when
        elif step == Referral.Status.QUALIFIED:
            referral.qualified_at = when
        elif step == Referral.Status.WON:
            value, vehicles, margin, department = plan.deal
            referral.closed_at, referral.deal_value, referral.vehicles = when, Decimal(value), vehicles
            referral.margin, referral.deal_department = Decimal(margin) if margin else None, ctx.departments.get(department)
        else:
            referral.closed_at, referral.lost_reason, note = when, plan.reason, plan.reason
        referral.status, referral.handled_by = step, mover.employee
        ReferralEvent.unscoped.create(tenant=tenant, referral=referral, actor=mover.user, from_status=previous, to_status=step, note=note)
        ledger_record(tenant=tenant, actor=mover.user, verb=LedgerEntry.Verb.REFERRAL_STATUS, person=person, owner=referrer,
                      data={"referral": referral.pk, "from": previous, "to": step, "demo": True})
        previous = step
    referral.save()
    # The events' dates follow the story, not the seeding time.
    for event in ReferralEvent.unscoped.filter(referral=referral):
        day = STEP_DAYS.get(event.to_status, 0)
        ReferralEvent.unscoped.filter(pk=event.pk).update(created_at=submitted_at + timedelta(days=day))
    reward = _reward(ctx, plan, referral) if plan.status == Referral.Status.WON else None
    return referral, reward


def _reward(ctx: _Ctx, plan: ReferralPlan, referral: Referral) -> Reward | None:
    tenant = ctx.tenant
    rule = reward_rule_in_force(tenant=tenant, department_id=referral.deal_department_id, submitted_at=referral.submitted_at)
    if rule is None:
        return None
    with translation.override(tenant.locale):
        amount, explanation = reward_compute(rule=rule, margin=referral.margin)
    reward = Reward(tenant=tenant, referral=referral, referrer=referral.referrer, rule=rule, amount=amount, explanation=explanation)
    decided = referral.closed_at + timedelta(days=3)
    approver = ctx.members.get(MANAGER) or ctx.members.get(CEO)  # never a referrer of the plans
    if plan.reward in ("approved", "paid"):
        reward.status, reward.approved_by, reward.approved_at = Reward.Status.APPROVED, approver.user, decided
    if plan.reward == "paid":
        paid_at = decided + timedelta(days=10)
        reward.status, reward.paid_by, reward.paid_at = Reward.Status.PAID, ctx.user(ADMIN), paid_at
        reward.payroll_month = timezone.localdate(paid_at).replace(day=1)
    if plan.reward == "rejected":
        reward.status, reward.rejection_reason = Reward.Status.REJECTED, plan.reason
    reward.save()
    chain = {"approved": ["approved"], "paid": ["approved", "paid"], "rejected": ["rejected"]}.get(plan.reward, [])
    for status in [Reward.Status.PENDING, *chain]:
        actor = {Reward.Status.PAID: ctx.user(ADMIN), Reward.Status.PENDING: None}.get(status, approver.user)
        ledger_record(tenant=tenant, actor=actor, verb=LedgerEntry.Verb.REWARD, person=referral.person, owner=referral.referrer,
                      data={"reward": reward.pk, "referral": referral.pk, "status": status, "amount": str(amount), "demo": True})
    return reward
