"""Reads of referrals and rewards: who receives a referral, who sees it, the lists, the reward rule in force.

The receiving side of a referral (``received_condition``), written once and used by the lists, the pages,
the API and the services' permission checks:
- a named colleague (``to_employee``): that colleague;
- a dealership (``to_site``): the members with Perm.APPROVE_REWARDS (managers, site directors) whose employee
  works there;
- a department (``to_department``): the members with Perm.APPROVE_REWARDS whose employee is in it;
- a department at a dealership (both): the members with Perm.APPROVE_REWARDS in that department at that
  dealership, and the site director of that dealership;
- executives and admins: every referral sent to a dealership or a department, and the referrals whose named
  colleague cannot answer any more (left the group, no login), so that no lead is left without a receiver.
The referrer is never on the receiving side of their own referral.

Who sees a referral (``referral_visible``): its referrer, its receiving side, and the members with
APPROVE_REWARDS or PAY_REWARDS (executives and admins have both): anyone else gets 404. The lead's contact
details (e-mails, phones) are shown only to the referrer and the receiving side (``lead_details_visible``).
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Sum, Value, When
from django.http import Http404
from django.utils import timezone

from bns.models import LEADER_ROLES, Membership, Role, Tenant
from bns.permissions import Perm, role_has_perm
from contacts.referrals.models import Referral, Reward, RewardRule

OPEN_STATUSES = (Referral.Status.SUBMITTED, Referral.Status.ACCEPTED, Referral.Status.QUALIFIED)
NOTHING = Q(pk__in=[])


def _pk(value) -> int:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk < 2**63:
        raise Http404
    return pk


def is_leader(membership: Membership) -> bool:
    return membership.is_active and membership.role in LEADER_ROLES


def sees_every_referral(membership: Membership) -> bool:
    """Approvers, payroll, executives and admins see every referral of the group (to decide on its reward)."""
    return membership.has_perm(Perm.APPROVE_REWARDS) or membership.has_perm(Perm.PAY_REWARDS) or is_leader(membership)


def _unanswerable_receiver() -> Q:
    """Referrals sent to a named colleague only, who cannot answer any more (left, no active login), or to nobody."""
    active_login = Membership.unscoped.filter(tenant_id=OuterRef("tenant_id"), employee_id=OuterRef("to_employee_id"), is_active=True)
    no_team = Q(to_site__isnull=True, to_department__isnull=True)
    return no_team & (Q(to_employee__isnull=True) | Q(to_employee__is_active=False) | Q(~Exists(active_login)))


def received_condition(membership: Membership) -> Q:
    """The referrals ``membership`` is on the receiving side of (see the module docstring)."""
    if not membership.is_active:
        return NOTHING
    employee = membership.employee
    condition = NOTHING
    if employee is not None:
        condition |= Q(to_employee_id=employee.pk)
        if membership.has_perm(Perm.APPROVE_REWARDS):
            site_id, department_id = employee.site_id, employee.department_id
            if site_id:
                condition |= Q(to_site_id=site_id, to_department__isnull=True)
            if department_id:
                condition |= Q(to_department_id=department_id, to_site__isnull=True)
            if site_id and department_id:
                condition |= Q(to_site_id=site_id, to_department_id=department_id)
            if membership.role == Role.SITE_DIRECTOR and site_id:
                condition |= Q(to_site_id=site_id)
    if is_leader(membership):
        condition |= Q(to_site__isnull=False) | Q(to_department__isnull=False) | _unanswerable_receiver()
    if employee is not None:
        condition &= ~Q(referrer_id=employee.pk)
    return condition


def _with_related(qs: QuerySet[Referral]) -> QuerySet[Referral]:
    return qs.select_related(
        "referrer", "referrer__site", "person", "person__account", "account", "to_employee", "to_site", "to_department",
        "handled_by", "deal_department", "reward", "reward__rule",
    )


def referral_visible(*, tenant: Tenant, membership: Membership) -> QuerySet[Referral]:
    """Every referral the member may see, annotated with ``receiving`` (the member is on its receiving side)."""
    if membership.tenant_id != tenant.pk:
        raise Http404
    received = received_condition(membership)
    qs = Referral.unscoped.filter(tenant=tenant)
    if not sees_every_referral(membership):
        own = Q(referrer_id=membership.employee_id) if membership.employee_id else NOTHING
        qs = qs.filter(own | received)
    receiving = Case(When(received, then=Value(True)), default=Value(False), output_field=BooleanField())
    return _with_related(qs.annotate(receiving=receiving))


def _search(qs: QuerySet[Referral], search: str) -> QuerySet[Referral]:
    for term in (search or "").split()[:10]:
        qs = qs.filter(
            Q(person__first_name__icontains=term)
            | Q(person__last_name__icontains=term)
            | Q(person__company_name__icontains=term)
            | Q(account__name__icontains=term)
            | Q(need__icontains=term)
            | Q(referrer__last_name__icontains=term)
            | Q(referrer__first_name__icontains=term)
        )
    return qs


def _status_filter(qs: QuerySet[Referral], status: str) -> QuerySet[Referral]:
    if status == "open":
        return qs.filter(status__in=OPEN_STATUSES)
    if status == "closed":
        return qs.filter(status__in=Referral.CLOSED)
    if status in Referral.Status.values:
        return qs.filter(status=status)
    return qs


def referral_list(*, tenant: Tenant, membership: Membership, box: str = "mine", status: str = "", search: str = "") -> QuerySet[Referral]:
    """``box``: "mine" (referred by the member), "received" (their receiving side), "all" (what they may see)."""
    qs = referral_visible(tenant=tenant, membership=membership)
    if box == "mine":
        qs = qs.filter(referrer_id=membership.employee_id) if membership.employee_id else qs.none()
    elif box == "received":
        qs = qs.filter(received_condition(membership))
    return _search(_status_filter(qs, status), search).order_by("-submitted_at", "-pk")


def referral_get_for(*, tenant: Tenant, membership: Membership, pk) -> Referral:
    """A referral the member may see, else 404 (missing, other group's and not theirs alike)."""
    referral = referral_visible(tenant=tenant, membership=membership).filter(pk=_pk(pk)).first()
    if referral is None:
        raise Http404
    return referral


def referral_is_receiver(*, referral: Referral, membership: Membership) -> bool:
    """Whether the member is on the referral's receiving side (one query; never the referrer)."""
    if membership.tenant_id != referral.tenant_id:
        return False
    return Referral.unscoped.filter(tenant_id=referral.tenant_id, pk=referral.pk).filter(received_condition(membership)).exists()


def lead_details_visible(*, referral: Referral, membership: Membership) -> bool:
    """The lead's e-mails and phones: for the referrer and the receiving side only (``receiving`` annotation)."""
    if membership.employee_id and referral.referrer_id == membership.employee_id:
        return True
    receiving = getattr(referral, "receiving", None)
    if receiving is None:
        receiving = referral_is_receiver(referral=referral, membership=membership)
    return bool(receiving)


def referral_events(*, referral: Referral):
    return referral.events.select_related("actor").order_by("created_at", "pk")


def receiver_memberships(*, referral: Referral) -> list[Membership]:
    """Who to tell about a new referral: the named colleague and the managers of the team it was sent to; when
    none of them can be reached, the executives and admins (never the referrer)."""
    tenant_id = referral.tenant_id
    active = Membership.unscoped.filter(tenant_id=tenant_id, is_active=True).select_related("user", "employee")
    found: dict[int, Membership] = {}
    if referral.to_employee_id:
        for m in active.filter(employee_id=referral.to_employee_id, employee__is_active=True):
            found[m.pk] = m
    if referral.to_site_id or referral.to_department_id:
        approver_roles = [role for role in Role.values if role_has_perm(role, Perm.APPROVE_REWARDS)]
        team = active.filter(role__in=approver_roles, employee__isnull=False, employee__is_active=True).exclude(role__in=LEADER_ROLES)
        if referral.to_site_id:
            team = team.filter(employee__site_id=referral.to_site_id)
        if referral.to_department_id:
            team_q = Q(employee__department_id=referral.to_department_id)
            if referral.to_site_id:
                team_q |= Q(role=Role.SITE_DIRECTOR)
            team = team.filter(team_q)
        for m in team:
            found[m.pk] = m
    if not found:
        for m in active.filter(role__in=LEADER_ROLES):
            found[m.pk] = m
    return [m for m in found.values() if m.employee_id is None or m.employee_id != referral.referrer_id]


# --- Rewards --------------------------------------------------------------------------------------------


def reward_rule_in_force(*, tenant: Tenant, department_id: int | None, submitted_at: datetime) -> RewardRule | None:
    """The rule that applied when a referral was SUBMITTED: valid on that day, created before and not yet ended
    then; a rule of the deal's department wins over a rule for any department, then the latest created."""
    day = timezone.localdate(submitted_at)
    departments = Q(department__isnull=True)
    if department_id:
        departments |= Q(department_id=department_id)
    specific = Case(When(department__isnull=False, then=Value(0)), default=Value(1))
    return (
        RewardRule.unscoped.filter(tenant=tenant, valid_from__lte=day, created_at__lte=submitted_at)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=submitted_at))
        .filter(departments)
        .annotate(specific=specific)
        .order_by("specific", "-created_at", "-pk")
        .select_related("department")
        .first()
    )


def reward_rules_current(*, tenant: Tenant) -> QuerySet[RewardRule]:
    """Rules not ended by a change (the reward scheme as it stands), the open-ended and latest first."""
    return RewardRule.unscoped.filter(tenant=tenant, ended_at__isnull=True).select_related("department", "created_by").order_by(
        "department__position", "department__name", "-valid_from", "-pk"
    )


def reward_rule_list(*, tenant: Tenant, current: bool | None = None) -> QuerySet[RewardRule]:
    qs = RewardRule.unscoped.filter(tenant=tenant).select_related("department", "created_by", "replaced_by")
    if current is True:
        qs = qs.filter(ended_at__isnull=True)
    elif current is False:
        qs = qs.filter(ended_at__isnull=False)
    return qs.order_by("-created_at", "-pk")


def reward_rule_get_for(*, tenant: Tenant, pk) -> RewardRule:
    rule = reward_rule_list(tenant=tenant).filter(pk=_pk(pk)).first()
    if rule is None:
        raise Http404
    return rule


def _reward_related(qs: QuerySet[Reward]) -> QuerySet[Reward]:
    return qs.select_related(
        "referral", "referral__person", "referral__account", "referrer", "referrer__site", "rule", "approved_by", "paid_by"
    )


def reward_visible(*, tenant: Tenant, membership: Membership) -> QuerySet[Reward]:
    """Rewards the member may see: their own, or every one for approvers, payroll, executives and admins."""
    if membership.tenant_id != tenant.pk:
        raise Http404
    qs = Reward.unscoped.filter(tenant=tenant)
    if not sees_every_referral(membership):
        qs = qs.filter(referrer_id=membership.employee_id) if membership.employee_id else qs.none()
    return _reward_related(qs)


def reward_list(*, tenant: Tenant, membership: Membership, box: str = "all", status: str = "", month: date | None = None,
                search: str = "") -> QuerySet[Reward]:
    qs = reward_visible(tenant=tenant, membership=membership)
    if box == "mine":
        qs = qs.filter(referrer_id=membership.employee_id) if membership.employee_id else qs.none()
    if status in Reward.Status.values:
        qs = qs.filter(status=status)
    if month is not None:
        qs = qs.filter(payroll_month=month.replace(day=1))
    for term in (search or "").split()[:10]:
        qs = qs.filter(
            Q(referrer__last_name__icontains=term) | Q(referrer__first_name__icontains=term) | Q(referrer__external_id__icontains=term)
            | Q(referral__account__name__icontains=term) | Q(referral__person__company_name__icontains=term)
        )
    return qs.order_by("-created_at", "-pk")


def reward_get_for(*, tenant: Tenant, membership: Membership, pk) -> Reward:
    reward = reward_visible(tenant=tenant, membership=membership).filter(pk=_pk(pk)).first()
    if reward is None:
        raise Http404
    return reward


def reward_totals_for(*, tenant: Tenant, employee_id: int | None) -> dict[str, object]:
    """The referrer's rewards summed by status (one query): {"pending": Decimal, ...}."""
    if not employee_id:
        return {}
    rows = Reward.unscoped.filter(tenant=tenant, referrer_id=employee_id).values("status").annotate(total=Sum("amount"))
    return {row["status"]: row["total"] for row in rows.order_by()}


def payroll_rows(*, tenant: Tenant, month: date) -> QuerySet[Reward]:
    """The rewards paid in ``month`` (payroll month), for the payroll export, by employee."""
    return _reward_related(
        Reward.unscoped.filter(tenant=tenant, status=Reward.Status.PAID, payroll_month=month.replace(day=1))
    ).order_by("referrer__last_name", "referrer__first_name", "pk")
