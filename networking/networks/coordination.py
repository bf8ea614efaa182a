"""How coordinated the group's presence in real-world networks is (brief section 5, coordination indicators).

Computed in SQL (correlated subqueries and grouped aggregates), never by looping over rows in Python, so each
figure costs a fixed number of queries whatever the size of the group. Inactive networks are left out.

- A target (a network the group, or one dealership, targets) is **covered** when it has a named lead who is still
  an active employee AND at least one active membership (not ended, of an active employee) — of that dealership's
  employees for a dealership's target, of anyone in the group for a group-wide one.
- An **uncoordinated overlap**: a network where several active employees of the group are members and nobody
  leads (no target with an active lead, no member with the role "lead"): colleagues may cross each other there
  without knowing it.
- A **membership nobody attends**: an active membership whose employee attended none of the network's events in
  the last 180 days, or a network with no event logged in that window (then we cannot tell: "no event logged").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from bns.models import Site, Tenant
from networking.models import MembershipRole, Network, NetworkEvent, NetworkMembership, NetworkTarget
from networking.networks.selectors import GROUP_WIDE_FIRST, active_memberships, attendances, count_of

UNATTENDED_DAYS = 180


# --- Targets and their coverage -----------------------------------------------------------------------


def targets_annotated(*, tenant: Tenant) -> QuerySet[NetworkTarget]:
    """Targets with ``members_in_scope`` (active members of the dealership, or of the group for a group-wide
    target), ``lead_active`` and ``covered``."""
    active = active_memberships(tenant).filter(network_id=OuterRef("network_id"))
    at_site = active.filter(employee__site_id=OuterRef("site_id"))
    return (
        NetworkTarget.unscoped.filter(tenant=tenant)
        .select_related("network", "site", "lead", "lead__site")
        .annotate(
            members_in_scope=Case(
                When(site__isnull=True, then=count_of(active, "network_id")),
                default=count_of(at_site, "network_id"),
                output_field=IntegerField(),
            ),
            lead_active=Case(When(lead__is_active=True, then=Value(True)), default=Value(False), output_field=BooleanField()),
        )
        .annotate(
            covered=Case(
                When(Q(members_in_scope__gt=0, lead__is_active=True), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


def uncovered_targets(*, tenant: Tenant, site_id: int | None = None) -> QuerySet[NetworkTarget]:
    """Targets of active networks without an active member in scope, or without an active lead."""
    qs = targets_annotated(tenant=tenant).filter(network__is_active=True, covered=False)
    if site_id:
        qs = qs.filter(site_id=site_id)
    return qs.order_by("network__priority", "network__name", GROUP_WIDE_FIRST, "pk")


@dataclass
class CoverageRow:
    site: Site | None  # None: the group-wide targets
    total: int = 0
    covered: int = 0
    paid_fees: Decimal = Decimal("0")

    @property
    def percent(self) -> int | None:
        return round(100 * self.covered / self.total) if self.total else None


@dataclass
class Coverage:
    total: int = 0
    covered: int = 0
    group_wide: CoverageRow = field(default_factory=lambda: CoverageRow(site=None))
    sites: list[CoverageRow] = field(default_factory=list)
    paid_fees_total: Decimal = Decimal("0")
    paid_memberships: int = 0
    paid_memberships_without_fee: int = 0  # paid by the company, but the network's fee is not recorded

    @property
    def percent(self) -> int | None:
        return round(100 * self.covered / self.total) if self.total else None


def target_coverage(*, tenant: Tenant) -> Coverage:
    """The share of target networks covered by an active member with a named lead, overall and per dealership,
    and the annual fees the company pays (active memberships paid by the company, at the network's fee)."""
    grouped = (
        targets_annotated(tenant=tenant).filter(network__is_active=True).order_by()
        .values("site_id").annotate(n=Count("pk"), n_covered=Count("pk", filter=Q(covered=True)))
    )
    by_site = {row["site_id"]: row for row in grouped}
    paid = active_memberships(tenant).filter(network__is_active=True, paid_by_company=True)
    fees = {row["employee__site_id"]: row["fees"] or Decimal("0")
            for row in paid.order_by().values("employee__site_id").annotate(fees=Sum("network__annual_fee"))}
    totals = paid.aggregate(n=Count("pk"), unpriced=Count("pk", filter=Q(network__annual_fee__isnull=True)))
    coverage = Coverage(paid_memberships=totals["n"], paid_memberships_without_fee=totals["unpriced"],
                        paid_fees_total=sum(fees.values(), Decimal("0")))
    group_row = by_site.get(None, {})
    coverage.group_wide = CoverageRow(site=None, total=group_row.get("n", 0), covered=group_row.get("n_covered", 0),
                                      paid_fees=fees.get(None, Decimal("0")))
    for site in Site.unscoped.filter(tenant=tenant).order_by("name", "pk"):
        row = by_site.get(site.pk, {})
        coverage.sites.append(CoverageRow(site=site, total=row.get("n", 0), covered=row.get("n_covered", 0),
                                          paid_fees=fees.get(site.pk, Decimal("0"))))
    coverage.total = sum(row["n"] for row in by_site.values())
    coverage.covered = sum(row["n_covered"] for row in by_site.values())
    return coverage


# --- Uncoordinated overlaps ---------------------------------------------------------------------------


def uncoordinated_overlaps(*, tenant: Tenant) -> QuerySet[Network]:
    """Active networks with 2 or more active members of the group and no lead (neither a target's active lead
    nor a member with the role "lead"), with ``member_count`` and their ``active_members`` (prefetched)."""
    active = active_memberships(tenant)
    return (
        Network.unscoped.filter(tenant=tenant, is_active=True)
        .select_related("site")
        .annotate(
            member_count=count_of(active.filter(network_id=OuterRef("pk")), "network_id"),
            has_target_lead=Exists(NetworkTarget.unscoped.filter(tenant=tenant, network_id=OuterRef("pk"), lead__is_active=True)),
            has_member_lead=Exists(active.filter(network_id=OuterRef("pk"), role=MembershipRole.LEAD)),
            target_count=count_of(NetworkTarget.unscoped.filter(tenant=tenant, network_id=OuterRef("pk")), "network_id"),
        )
        .filter(member_count__gte=2, has_target_lead=False, has_member_lead=False)
        .prefetch_related(Prefetch(
            "memberships",
            queryset=active.select_related("employee", "employee__site").order_by("employee__last_name", "employee__first_name", "pk"),
            to_attr="active_members",
        ))
        .order_by("priority", "-member_count", "name", "pk")
    )


# --- Memberships nobody attends -----------------------------------------------------------------------


def memberships_unattended(*, tenant: Tenant, today: date | None = None, days: int = UNATTENDED_DAYS) -> QuerySet[NetworkMembership]:
    """Active memberships whose employee attended none of the network's events in the last ``days`` days,
    with ``recent_event_count`` (0: no event logged in the window) and ``last_attended_on`` (ever, or None)."""
    today = today or timezone.localdate()
    start = today - timedelta(days=days)
    recent_events = NetworkEvent.unscoped.filter(tenant=tenant, network_id=OuterRef("network_id"), held_on__gte=start, held_on__lte=today)
    theirs = attendances(tenant).filter(employee_id=OuterRef("employee_id"), event__network_id=OuterRef("network_id"),
                                        event__held_on__lte=today)
    return (
        active_memberships(tenant).filter(network__is_active=True)
        .select_related("network", "employee", "employee__site")
        .annotate(
            recent_event_count=count_of(recent_events, "network_id"),
            attended_recently=Exists(theirs.filter(event__held_on__gte=start)),
            last_attended_on=Subquery(theirs.order_by("-event__held_on").values("event__held_on")[:1]),
        )
        .filter(attended_recently=False)
        .order_by("network__name", "network__city", "employee__last_name", "employee__first_name", "pk")
    )


@dataclass
class CoordinationCounts:
    uncovered: int
    overlaps: int
    unattended: int


def coordination_counts(*, tenant: Tenant, today: date | None = None) -> CoordinationCounts:
    return CoordinationCounts(
        uncovered=uncovered_targets(tenant=tenant).count(),
        overlaps=uncoordinated_overlaps(tenant=tenant).count(),
        unattended=memberships_unattended(tenant=tenant, today=today).count(),
    )
