"""Reads of account plans: the list with coverage figures, and one plan's board (org chart, who could open each
door, coverage), always under the viewer's visibility rules (contacts.selectors.relationship_visible):

- a relationship the viewer owns, or a SHARED one in their audience (``details``): the colleague's name and the
  strength;
- a DISCOVERABLE one, or a SHARED one outside their audience (``existence``): "someone in the group knows them"
  with the strength band, and a link to request an introduction — never who;
- a PRIVATE relationship of someone else: nothing at all, not even in a count or a score.

Employees' affiliations are group data; the affiliations of a plan's stakeholders are plan data. Ended
relationships (the employee left) and inactive employees are left out of coverage and suggestions.

The board is built in a fixed number of queries whatever the number of stakeholders (stakeholders, the visible
relationships to them, their affiliations, the employees sharing those, the actions), then assembled in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from bns.models import Employee, Membership, Tenant
from contacts.models import RelationshipStatus
from contacts.normalize import fold
from contacts.plans.models import (
    AccountPlan,
    Affiliation,
    EmployeeAffiliation,
    PersonAffiliation,
    PlanAction,
    Stakeholder,
)
from contacts.selectors import DETAILS, EXISTENCE, OWNER, relationship_visible, strength_band

COVERED_MIN_STRENGTH = 3  # a stakeholder is covered by a relationship of strength 3 or more
STRENGTH_POINTS = 2  # per point of strength of a relationship the viewer may see in full
AFFILIATION_POINTS = 3  # per affiliation shared with the stakeholder
SAME_CITY_POINTS = 1  # works at a dealership in the account's city (only added to someone with another reason)
SUGGESTIONS_SHOWN = 3


def _int(pk) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError):
        raise Http404 from None


def _count(qs: QuerySet):
    """``COUNT(*)`` of a correlated subquery grouped on its outer key (0 when none)."""
    return Coalesce(Subquery(qs.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0)


# --- Lists and lookups --------------------------------------------------------------------------------


def visible_strong_person_ids(*, tenant: Tenant, membership: Membership) -> QuerySet:
    """Persons with an active relationship of strength 3+ the viewer may know exists (own, discoverable, shared)."""
    return (
        relationship_visible(tenant=tenant, membership=membership)
        .filter(status=RelationshipStatus.ACTIVE, strength__gte=COVERED_MIN_STRENGTH)
        .order_by()
        .values("person_id")
    )


def plan_list(*, tenant: Tenant, membership: Membership, search: str = "", status: str = "", mine: bool = False
              ) -> QuerySet[AccountPlan]:
    """The group's plans with coverage columns computed in SQL (correlated subqueries, one query per page):
    ``stakeholder_count``, ``covered_count`` (strength 3+, as the viewer may know), ``decision_maker_count``,
    ``ally_decision_maker_count``, ``open_action_count``, ``overdue_action_count``."""
    stakeholders = Stakeholder.unscoped.filter(tenant=tenant, plan=OuterRef("pk")).order_by().values("plan")
    decision = stakeholders.filter(buying_role=Stakeholder.BuyingRole.DECISION_MAKER)
    actions = PlanAction.unscoped.filter(tenant=tenant, plan=OuterRef("pk"), status=PlanAction.Status.TODO).order_by().values("plan")
    qs = (
        AccountPlan.unscoped.filter(tenant=tenant)
        .select_related("account", "owner")
        .annotate(
            stakeholder_count=_count(stakeholders),
            covered_count=_count(stakeholders.filter(person_id__in=visible_strong_person_ids(tenant=tenant, membership=membership))),
            decision_maker_count=_count(decision),
            ally_decision_maker_count=_count(decision.filter(stance=Stakeholder.Stance.ALLY)),
            open_action_count=_count(actions),
            overdue_action_count=_count(actions.filter(due_date__lt=timezone.localdate())),
        )
    )
    if status:
        qs = qs.filter(status=status)
    if mine:
        qs = qs.filter(owner_id=membership.employee_id) if membership.employee_id else qs.none()
    for term in (search or "").split():
        folded = fold(term)
        cond = Q(account__name__icontains=term) | Q(owner__first_name__icontains=term) | Q(owner__last_name__icontains=term)
        if folded:
            cond |= Q(account__name_key__contains=folded)
        qs = qs.filter(cond)
    return qs.order_by("account__name", "pk")


def plan_get_for(*, tenant: Tenant, pk) -> AccountPlan:
    """One plan of the group (every member using the contacts may read it), else 404."""
    plan = AccountPlan.unscoped.filter(tenant=tenant, pk=_int(pk)).select_related("account", "owner", "owner__site").first()
    if plan is None:
        raise Http404
    return plan


def stakeholder_get_for(*, tenant: Tenant, pk) -> Stakeholder:
    stakeholder = (
        Stakeholder.unscoped.filter(tenant=tenant, pk=_int(pk))
        .select_related("plan", "plan__account", "plan__owner", "person", "reports_to__person")
        .first()
    )
    if stakeholder is None:
        raise Http404
    return stakeholder


def stakeholder_list(*, tenant: Tenant, plan_id=None) -> QuerySet[Stakeholder]:
    qs = Stakeholder.unscoped.filter(tenant=tenant).select_related("plan", "plan__account", "person", "reports_to__person")
    if plan_id:
        qs = qs.filter(plan_id=plan_id)
    return qs.order_by("plan_id", "level", "pk")


def plan_action_get_for(*, tenant: Tenant, pk) -> PlanAction:
    action = (
        PlanAction.unscoped.filter(tenant=tenant, pk=_int(pk))
        .select_related("plan", "plan__account", "plan__owner", "owner", "stakeholder__person")
        .first()
    )
    if action is None:
        raise Http404
    return action


def plan_action_list(*, tenant: Tenant, plan_id=None, status: str = "", mine_employee_id=None) -> QuerySet[PlanAction]:
    """Actions, the ones to do first (by due date, undated last), then done, then cancelled."""
    qs = PlanAction.unscoped.filter(tenant=tenant).select_related("plan", "plan__account", "owner", "stakeholder__person")
    if plan_id:
        qs = qs.filter(plan_id=plan_id)
    if status:
        qs = qs.filter(status=status)
    if mine_employee_id:
        qs = qs.filter(owner_id=mine_employee_id)
    order = Case(
        When(status=PlanAction.Status.TODO, then=Value(0)), When(status=PlanAction.Status.DONE, then=Value(1)), default=Value(2),
        output_field=IntegerField(),
    )
    return qs.annotate(_order=order).order_by("_order", F("due_date").asc(nulls_last=True), "pk")


def plan_employees(*, tenant: Tenant) -> QuerySet[Employee]:
    """Who may own a plan or an action: the group's active employees."""
    return Employee.unscoped.filter(tenant=tenant, is_active=True).select_related("site").order_by("last_name", "first_name", "pk")


# --- The board ----------------------------------------------------------------------------------------


@dataclass
class Reason:
    code: str  # strength, school, club, association, former_employer, other, same_city
    text: str
    points: int


@dataclass
class Suggestion:
    """Whom to send to a stakeholder, with the reasons (only facts the viewer may see)."""

    employee: Employee
    is_me: bool
    score: int = 0
    reasons: list[Reason] = field(default_factory=list)


@dataclass
class KnownBy:
    """A relationship to the stakeholder the viewer may see in full (theirs, or shared with them)."""

    relationship_id: int
    employee: Employee
    is_me: bool
    strength: int
    band: str
    exclusive: bool


@dataclass
class SomeoneKnows:
    """A relationship the viewer only knows exists: "someone in the group knows them", never who."""

    relationship_id: int
    band: str
    exclusive: bool


@dataclass
class SharedAffiliation:
    affiliation: Affiliation
    employees: list[Employee]


@dataclass
class StakeholderCard:
    stakeholder: Stakeholder
    known_by: list[KnownBy] = field(default_factory=list)
    someone_knows: list[SomeoneKnows] = field(default_factory=list)
    affiliations: list[SharedAffiliation] = field(default_factory=list)  # the person's, each with our employees in it
    shared: list[SharedAffiliation] = field(default_factory=list)  # those with at least one of our employees
    suggestions: list[Suggestion] = field(default_factory=list)
    children: list[StakeholderCard] = field(default_factory=list)
    covered: bool = False

    @property
    def top_suggestions(self) -> list[Suggestion]:
        return self.suggestions[:SUGGESTIONS_SHOWN]


@dataclass
class Coverage:
    stakeholders: int = 0
    covered: int = 0
    decision_makers: int = 0
    allied_decision_makers: int = 0
    gaps: list[Stakeholder] = field(default_factory=list)  # stakeholders no one (the viewer may know of) knows well

    @property
    def covered_percent(self) -> int:
        return round(100 * self.covered / self.stakeholders) if self.stakeholders else 0

    @property
    def allies_percent(self) -> int:
        return round(100 * self.allied_decision_makers / self.decision_makers) if self.decision_makers else 0


@dataclass
class PlanBoard:
    plan: AccountPlan
    cards: list[StakeholderCard]
    roots: list[StakeholderCard]
    coverage: Coverage


def _affiliation_reason(affiliation: Affiliation) -> str:
    texts = {
        Affiliation.Kind.SCHOOL: _("went to the same school: %(name)s"),
        Affiliation.Kind.CLUB: _("same club: %(name)s"),
        Affiliation.Kind.ASSOCIATION: _("same association: %(name)s"),
        Affiliation.Kind.FORMER_EMPLOYER: _("same former employer: %(name)s"),
        Affiliation.Kind.OTHER: _("in common: %(name)s"),
    }
    return texts.get(affiliation.kind, texts[Affiliation.Kind.OTHER]) % {"name": affiliation.name}


def suggestion_rank(*, card: StakeholderCard, account_city: str, viewer_employee_id) -> list[Suggestion]:
    """Rank whom to send to one stakeholder, from the facts on the card (already filtered for the viewer).

    Score of an employee:
    - ``STRENGTH_POINTS`` (2) x the strength of their relationship to the stakeholder, when the viewer may see it
      in full (the viewer's own, or a SHARED one in the viewer's audience) — reason "knows them, strength 5/5";
    - ``AFFILIATION_POINTS`` (3) per affiliation they share with the stakeholder — reason "went to the same
      school: ESC Rennes", "same club: ...", "same association: ...", "same former employer: ...";
    - ``SAME_CITY_POINTS`` (1) when they work at a dealership in the account's city — only on top of another
      reason (it never puts someone on the list by itself).
    Relationships the viewer only knows exist give no name (they are offered as "request an introduction"),
    and PRIVATE relationships of others are not on the card at all. Ties: by name. Inactive employees are out.
    """
    found: dict[int, Suggestion] = {}

    def entry(employee: Employee) -> Suggestion:
        if employee.pk not in found:
            found[employee.pk] = Suggestion(employee=employee, is_me=employee.pk == viewer_employee_id)
        return found[employee.pk]

    for known in card.known_by:
        if not known.employee.is_active:
            continue
        points = STRENGTH_POINTS * known.strength
        suggestion = entry(known.employee)
        suggestion.score += points
        suggestion.reasons.append(Reason("strength", _("knows them, strength %(strength)s/5") % {"strength": known.strength}, points))
    for shared in card.shared:
        for employee in shared.employees:
            suggestion = entry(employee)
            suggestion.score += AFFILIATION_POINTS
            suggestion.reasons.append(Reason(shared.affiliation.kind, _affiliation_reason(shared.affiliation), AFFILIATION_POINTS))
    city = fold(account_city)
    if city:
        for suggestion in found.values():
            site = suggestion.employee.site
            if site is not None and fold(site.city) == city:
                suggestion.score += SAME_CITY_POINTS
                suggestion.reasons.append(Reason("same_city", _("works in %(city)s, the account's city") % {"city": site.city},
                                                 SAME_CITY_POINTS))
    return sorted(found.values(), key=lambda s: (-s.score, s.employee.last_name, s.employee.first_name, s.employee.pk))


def _tree(cards: list[StakeholderCard]) -> list[StakeholderCard]:
    """The org chart from ``reports_to``: roots (reporting to no one on the plan), each with its reports. A loop
    (refused by the services, but never trusted) is broken where it is first met: that card becomes a root."""
    by_id = {card.stakeholder.pk: card for card in cards}
    for card in cards:
        card.children = []
    roots = []
    for card in cards:
        boss = by_id.get(card.stakeholder.reports_to_id)
        if boss is None:
            roots.append(card)
        else:
            boss.children.append(card)
    placed: set[int] = set()

    def walk(card: StakeholderCard, path: set[int]) -> None:
        placed.add(card.stakeholder.pk)
        kept = []
        for child in card.children:
            if child.stakeholder.pk in path or child.stakeholder.pk in placed:
                continue
            kept.append(child)
            walk(child, path | {child.stakeholder.pk})
        card.children = kept

    for root in roots:
        walk(root, {root.stakeholder.pk})
    for card in cards:  # in a loop with no way in from a root: shown as a root
        if card.stakeholder.pk not in placed:
            roots.append(card)
            walk(card, {card.stakeholder.pk})
    return roots


def plan_board(*, tenant: Tenant, membership: Membership, plan: AccountPlan) -> PlanBoard:
    """Everything the plan page shows of the stakeholders, for this viewer, in five queries (constant)."""
    if plan.tenant_id != tenant.pk:
        raise Http404
    stakeholders = list(
        Stakeholder.unscoped.filter(tenant=tenant, plan=plan).select_related("person").order_by("level", "person__last_name", "pk")
    )
    cards = [StakeholderCard(stakeholder=s) for s in stakeholders]
    by_person: dict[int, list[StakeholderCard]] = {}
    for card in cards:
        by_person.setdefault(card.stakeholder.person_id, []).append(card)
    person_ids = list(by_person)
    viewer = membership.employee_id
    if person_ids:
        relationships = list(
            relationship_visible(tenant=tenant, membership=membership)
            .filter(person_id__in=person_ids, status=RelationshipStatus.ACTIVE)
            .order_by("-strength", "pk")
        )
        person_links = list(
            PersonAffiliation.unscoped.filter(tenant=tenant, person_id__in=person_ids).select_related("affiliation")
            .order_by("affiliation__name", "pk")
        )
    else:
        relationships, person_links = [], []
    for rel in relationships:
        for card in by_person[rel.person_id]:
            if rel.strength >= COVERED_MIN_STRENGTH:
                card.covered = True
            if rel.access in (OWNER, DETAILS):
                card.known_by.append(KnownBy(rel.pk, rel.owner, rel.owner_id == viewer, rel.strength, strength_band(rel.strength),
                                             rel.exclusive))
            elif rel.access == EXISTENCE:
                card.someone_knows.append(SomeoneKnows(rel.pk, strength_band(rel.strength), rel.exclusive))
    affiliation_ids = {link.affiliation_id for link in person_links}
    employees_by_affiliation: dict[int, list[Employee]] = {}
    if affiliation_ids:
        for link in (
            EmployeeAffiliation.unscoped.filter(tenant=tenant, affiliation_id__in=affiliation_ids, employee__is_active=True)
            .select_related("employee", "employee__site")
            .order_by("employee__last_name", "employee__first_name", "pk")
        ):
            employees_by_affiliation.setdefault(link.affiliation_id, []).append(link.employee)
    for link in person_links:
        row = SharedAffiliation(link.affiliation, employees_by_affiliation.get(link.affiliation_id, []))
        for card in by_person[link.person_id]:
            card.affiliations.append(row)
            if row.employees:
                card.shared.append(row)
    coverage = Coverage(stakeholders=len(cards))
    for card in cards:
        card.suggestions = suggestion_rank(card=card, account_city=plan.account.city, viewer_employee_id=viewer)
        coverage.covered += card.covered
        if not card.covered:
            coverage.gaps.append(card.stakeholder)
        if card.stakeholder.buying_role == Stakeholder.BuyingRole.DECISION_MAKER:
            coverage.decision_makers += 1
            coverage.allied_decision_makers += card.stakeholder.stance == Stakeholder.Stance.ALLY
    return PlanBoard(plan=plan, cards=cards, roots=_tree(cards), coverage=coverage)
