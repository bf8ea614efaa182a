"""seed_demo data of contacts/intros (registered in contacts/apps.py): introduction requests in every state.

Between the "armor" group's members who have an employee record (the rep "vendeur", the sales manager
"chef.ventes", the CEO "codir") and a colleague with no login, on DISCOVERABLE (else SHARED) relationships: pending (one fresh, one
already reminded), accepted with a follow-up and an outcome (a deal; a meeting), declined with a reason, and
expired. Each with its history, its ledger entries and its notifications (in the bell, some read; never
e-mailed: ``email=False``).

- Deterministic: fixed plans, relationships picked by primary key; the only clock read is "now" (the dates
  are relative to it, so the pending ones are pending and the deadlines make sense).
- Idempotent: a plan whose request (relationship, requester, purpose) exists is skipped; a second run creates
  nothing (notifications are keyed by request).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from bns.models import Employee, Membership, Notification, Tenant
from contacts.intros import notify
from contacts.models import (
    AccountPlan,
    IntroEvent,
    IntroRequest,
    LedgerEntry,
    Relationship,
    RelationshipStatus,
    Visibility,
)

DEMO_TENANT_SLUG = "armor"
REP, MANAGER, CEO = "vendeur@armor.example", "chef.ventes@armor.example", "codir@armor.example"
OTHER = "other"  # a colleague with no login (the first other rep with a discoverable contact): no bell, still asked


@dataclass(frozen=True)
class IntroPlan:
    owner: str
    requester: str
    state: str  # pending, reminded, accepted, declined, expired
    purpose: str
    message: str
    days_ago: int
    purpose_kind: str = IntroRequest.PurposeKind.NEED
    answer: str = ""  # acceptance message or decline reason
    follow_up: str = ""
    outcome: str = ""
    outcome_note: str = ""


# Names and texts are data (as the reps would type them, in French), not UI strings.
PLANS = [
    IntroPlan(REP, MANAGER, "pending", "Renouvellement de leur flotte de fourgons",
              "Je sais qu'ils arrivent en fin de LLD en juin, tu pourrais me présenter ?", 1),
    IntroPlan(MANAGER, REP, "accepted", "Appel d'offres véhicules de service",
              "Leur DAF prépare un appel d'offres : une présentation m'aiderait beaucoup.", 20,
              purpose_kind=IntroRequest.PurposeKind.ACCOUNT_PLAN,
              answer="Je l'ai appelé, il attend ton appel jeudi matin. Tutoie-le, on se connaît bien.",
              follow_up="Rendez-vous fait jeudi, très bon accueil. Essais de deux Partner électriques la semaine prochaine.",
              outcome=IntroRequest.Outcome.DEAL, outcome_note="Commande de 6 véhicules signée, livraison en septembre."),
    IntroPlan(MANAGER, REP, "declined", "Proposer nos utilitaires électriques",
              "Ils cherchent à verdir leur parc, d'après la presse locale.", 12,
              answer="Période délicate : il vient de signer chez un concurrent, je préfère ne pas le solliciter avant l'an prochain."),
    IntroPlan(REP, CEO, "expired", "Partenariat pour les véhicules de courtoisie", "", 15),
    IntroPlan(MANAGER, CEO, "accepted", "Rencontrer le nouveau directeur",
              "Il vient d'arriver, ce serait bien que le groupe soit le premier à se présenter.", 9,
              answer="Déjeuner organisé mardi avec nous deux.",
              follow_up="Déjeuner très sympathique, il nous rappelle après son budget.",
              outcome=IntroRequest.Outcome.MET),
    IntroPlan(OTHER, MANAGER, "reminded", "Reprise de leurs véhicules d'occasion",
              "Ils renouvellent le parc commercial : on peut reprendre les anciens.", 5),
]


def demo_seed(*, tenants: dict, stdout=None) -> dict[str, int]:
    tenant = tenants.get(DEMO_TENANT_SLUG)
    if tenant is None:
        return {}
    with transaction.atomic():
        created = intros_demo_seed(tenant=tenant)
    return {k: v for k, v in created.items() if v}


@dataclass(frozen=True)
class _Side:
    employee: Employee
    user: object | None  # the login, when the employee has one


def _members(tenant: Tenant) -> dict[str, _Side]:
    sides = {
        m.user.email: _Side(m.employee, m.user)
        for m in Membership.unscoped.filter(tenant=tenant, is_active=True, employee__isnull=False, user__email__in=[REP, MANAGER, CEO])
        .select_related("user", "employee")
    }
    with_login = Membership.unscoped.filter(tenant=tenant, employee__isnull=False).values("employee_id")
    other = (
        Employee.unscoped.filter(tenant=tenant, is_active=True, relationships__visibility=Visibility.DISCOVERABLE)
        .exclude(pk__in=with_login)
        .order_by("external_id", "pk")
        .first()
    )
    if other is not None:
        sides[OTHER] = _Side(other, None)
    return sides


def _relationship(tenant: Tenant, owner, requester, used: set[int]) -> Relationship | None:
    """The owner's first DISCOVERABLE (else SHARED) active relationship not used yet, to a person the requester does not know."""
    known = Relationship.unscoped.filter(tenant=tenant, owner=requester).values("person_id")
    candidates = (
        Relationship.unscoped.filter(tenant=tenant, owner=owner, status=RelationshipStatus.ACTIVE,
                                     visibility__in=[Visibility.DISCOVERABLE, Visibility.SHARED])
        .exclude(person_id__in=known)
        .exclude(pk__in=used)
        .order_by("visibility", "pk")  # "discoverable" < "shared": discoverable first
    )
    return candidates.first()


def intros_demo_seed(*, tenant: Tenant) -> dict[str, int]:
    members = _members(tenant)
    now = timezone.now()
    sla = timedelta(days=tenant.intro_sla_days or 7)
    plan_for_accounts = AccountPlan.unscoped.filter(tenant=tenant).order_by("pk").first()
    used: set[int] = set(
        IntroRequest.unscoped.filter(tenant=tenant, purpose__in=[p.purpose for p in PLANS]).values_list("relationship_id", flat=True)
    )
    made, notified = 0, 0
    for plan in PLANS:
        owner, requester = members.get(plan.owner), members.get(plan.requester)
        if owner is None or requester is None:
            continue
        if IntroRequest.unscoped.filter(tenant=tenant, requester=requester.employee, owner=owner.employee, purpose=plan.purpose).exists():
            continue
        relationship = _relationship(tenant, owner.employee, requester.employee, used)
        if relationship is None:
            continue
        used.add(relationship.pk)
        notified += _make(tenant, plan, relationship, owner, requester, now, sla, plan_for_accounts)
        made += 1
    return {"introduction requests": made, "notifications": notified}


def _make(tenant, plan: IntroPlan, relationship, owner, requester, now, sla, account_plan) -> int:
    created = now - timedelta(days=plan.days_ago, hours=3)
    answered = created + timedelta(days=1, hours=2) if plan.state in ("accepted", "declined") else None
    status = {"pending": "pending", "reminded": "pending"}.get(plan.state, plan.state)
    use_plan = plan.purpose_kind == IntroRequest.PurposeKind.ACCOUNT_PLAN and account_plan is not None
    intro = IntroRequest.unscoped.create(
        tenant=tenant, relationship=relationship, requester=requester.employee, owner=owner.employee, purpose=plan.purpose,
        message=plan.message, status=status,
        purpose_kind=plan.purpose_kind if use_plan or plan.purpose_kind != IntroRequest.PurposeKind.ACCOUNT_PLAN
        else IntroRequest.PurposeKind.NEED,
        account_plan=account_plan if use_plan else None,
        expires_at=created + sla, answered_at=answered,
        reminded_at=created + sla / 2 if plan.state in ("reminded", "expired") else None,
        decline_reason=plan.answer if plan.state == "declined" else "",
        outcome=plan.outcome, outcome_note=plan.outcome_note,
        outcome_at=answered + timedelta(days=5) if plan.outcome and answered else None,
        owner_notified_at=created,
    )
    IntroRequest.unscoped.filter(pk=intro.pk).update(created_at=created)
    intro = IntroRequest.unscoped.select_related("requester", "owner", "relationship", "relationship__person").get(pk=intro.pk)

    events = [(IntroEvent.Kind.REQUESTED, requester.employee, plan.message, created)]
    ledger = [(requester.user, LedgerEntry.Verb.INTRO_REQUEST, {"purpose_kind": intro.purpose_kind}, created)]
    if intro.reminded_at:
        events.append((IntroEvent.Kind.REMINDED, None, "", intro.reminded_at))
    if plan.state == "accepted":
        events.append((IntroEvent.Kind.ACCEPTED, owner.employee, plan.answer, answered))
        ledger.append((owner.user, LedgerEntry.Verb.INTRO_ANSWER, {"answer": "accepted"}, answered))
        if plan.follow_up:
            events.append((IntroEvent.Kind.FOLLOW_UP, requester.employee, plan.follow_up, answered + timedelta(days=3)))
        if plan.outcome:
            label = str(IntroRequest.Outcome(plan.outcome).label)
            text = f"{label}: {plan.outcome_note}" if plan.outcome_note else label
            events.append((IntroEvent.Kind.OUTCOME, requester.employee, text, intro.outcome_at))
            ledger.append((requester.user, LedgerEntry.Verb.INTRO_OUTCOME, {"outcome": plan.outcome, "previous": ""}, intro.outcome_at))
    elif plan.state == "declined":
        events.append((IntroEvent.Kind.DECLINED, owner.employee, plan.answer, answered))
        ledger.append((owner.user, LedgerEntry.Verb.INTRO_ANSWER, {"answer": "declined"}, answered))
    elif plan.state == "expired":
        events.append((IntroEvent.Kind.EXPIRED, None, "", intro.expires_at))
        ledger.append((None, LedgerEntry.Verb.INTRO_ANSWER, {"answer": "expired"}, intro.expires_at))
    for kind, actor, text, when in events:
        event = IntroEvent.unscoped.create(tenant=tenant, intro_request=intro, actor=actor, kind=kind, text=text)
        IntroEvent.unscoped.filter(pk=event.pk).update(created_at=when)
    person = relationship.person
    for user, verb, data, when in ledger:
        entry = LedgerEntry.unscoped.create(
            tenant=tenant, actor=user, actor_label=user.get_full_name() if user else "", verb=verb, person=person,
            relationship=relationship, owner=owner.employee, subject_label=person.full_name, data={"intro_request": intro.pk, **data},
        )
        LedgerEntry.unscoped.filter(pk=entry.pk).update(created_at=when)

    sent = [notify.notify_requested(tenant, intro, email=False)]
    if intro.reminded_at:
        sent.append(notify.notify_reminder(tenant, intro, email=False))
    if plan.state == "accepted":
        sent.append(notify.notify_accepted(tenant, intro, plan.answer, email=False))
        if plan.follow_up:
            follow_up = IntroEvent.unscoped.filter(intro_request=intro, kind=IntroEvent.Kind.FOLLOW_UP).first()
            sent.append(notify.notify_follow_up(tenant, intro, follow_up, email=False))
        if plan.outcome:
            sent.append(notify.notify_outcome(tenant, intro, email=False))
    elif plan.state == "declined":
        sent.append(notify.notify_declined(tenant, intro, email=False))
    elif plan.state == "expired":
        sent.append(notify.notify_expired(tenant, intro, email=False))
    sent = [n for n in sent if n is not None]
    # What happened over a week ago was read; the rest waits in the bell.
    if plan.days_ago > 7:
        Notification.unscoped.filter(pk__in=[n.pk for n in sent]).update(read_at=now)
    return len(sent)
