"""Reads of social profiles (tenant explicit). Who may see whose profiles: networking.access.

- ``social_profile_visible``: the profiles a member may see (their own; their team's, through the manager line;
  everyone's with Perm.VIEW_NETWORKING);
- ``social_profile_get_for``: one of them, or 404 (missing, another group's, or not the member's to see);
- ``employee_completeness_list``: the group page's table, completeness computed in SQL so that "below N %" filters
  and the averages per dealership run in the database (a bounded number of queries, whatever the group's size).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from bns import selectors as bns_selectors
from bns.models import Department, Employee, Membership, Site, Tenant
from bns.permissions import Perm
from networking.access import team_ids
from networking.models import Platform, SocialProfile
from networking.profiles.checklists import PLATFORM_ORDER


def _pk(value) -> int:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk < 2**31:
        raise Http404
    return pk


def visible_employee_ids(*, tenant: Tenant, membership: Membership) -> list[int] | None:
    """Whose profiles the member may see: None for everyone (Perm.VIEW_NETWORKING), else themself and their team."""
    if membership.has_perm(Perm.VIEW_NETWORKING):
        return None
    if membership.employee is None:
        return []
    return [membership.employee_id, *team_ids(tenant=tenant, manager=membership.employee, include_inactive=True)]


def social_profile_visible(*, tenant: Tenant, membership: Membership, employee_id: int | None = None,
                           platform: str = "") -> QuerySet[SocialProfile]:
    qs = SocialProfile.unscoped.filter(tenant=tenant).select_related("employee")
    ids = visible_employee_ids(tenant=tenant, membership=membership)
    if ids is not None:
        qs = qs.filter(employee_id__in=ids)
    if employee_id is not None:
        qs = qs.filter(employee_id=employee_id)
    if platform:
        qs = qs.filter(platform=platform)
    return qs.order_by("employee__last_name", "employee__first_name", "employee_id", "platform", "pk")


def social_profile_get_for(*, tenant: Tenant, membership: Membership, pk) -> SocialProfile:
    profile = social_profile_visible(tenant=tenant, membership=membership).filter(pk=_pk(pk)).first()
    if profile is None:
        raise Http404
    return profile


def employee_profiles(*, tenant: Tenant, employee: Employee) -> list[SocialProfile]:
    """The employee's profiles, in the platforms' order (LinkedIn first)."""
    profiles = list(SocialProfile.unscoped.filter(tenant=tenant, employee=employee))
    for profile in profiles:
        profile.employee = employee  # known: no query per profile
    return sorted(profiles, key=lambda p: PLATFORM_ORDER.index(p.platform) if p.platform in PLATFORM_ORDER else 99)


# --- The group's table --------------------------------------------------------------------------------------------


def completeness_annotations(tenant: Tenant) -> dict:
    """Per employee (outer query on Employee): ``completeness`` 0-100 as networking.selectors computes it (mean of
    the profiles, a missing LinkedIn profile counting as one at 0 %, rounded half up) and ``profile_count``."""
    profiles = SocialProfile.unscoped.filter(tenant=tenant, employee_id=OuterRef("pk")).order_by().values("employee_id")
    total = Coalesce(Subquery(profiles.annotate(s=Sum("completeness")).values("s")[:1], output_field=IntegerField()), 0)
    count = Coalesce(Subquery(profiles.annotate(c=Count("pk")).values("c")[:1], output_field=IntegerField()), 0)
    has_linkedin = Exists(SocialProfile.unscoped.filter(tenant=tenant, employee_id=OuterRef("pk"), platform=Platform.LINKEDIN))
    return {
        "profile_total": total,
        "profile_count": count,
        "has_linkedin": has_linkedin,
    }


def _with_completeness(qs: QuerySet[Employee], tenant: Tenant) -> QuerySet[Employee]:
    qs = qs.annotate(**completeness_annotations(tenant))
    qs = qs.annotate(denominator=F("profile_count") + Case(When(has_linkedin=True, then=Value(0)), default=Value(1)))
    # Integer arithmetic: (2 * total + n) / (2 * n) is the mean rounded half up, identical on SQLite and PostgreSQL.
    return qs.annotate(completeness=(Value(2) * F("profile_total") + F("denominator")) / (Value(2) * F("denominator")))


@dataclass
class GroupFilters:
    site: Site | None = None
    department: Department | None = None
    search: str = ""
    below: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.site or self.department or self.search or self.below is not None)


def employee_completeness_list(*, tenant: Tenant, filters: GroupFilters) -> QuerySet[Employee]:
    """Active employees with their completeness (lowest first: those who need help), filtered."""
    qs = bns_selectors.employee_list(tenant=tenant, search=filters.search[:200],
                                     site_id=filters.site.pk if filters.site else None,
                                     department_id=filters.department.pk if filters.department else None, active=True)
    qs = _with_completeness(qs, tenant)
    if filters.below is not None:
        qs = qs.filter(completeness__lt=filters.below)
    return qs.order_by("completeness", "last_name", "first_name", "pk")


@dataclass
class SiteAverage:
    site_id: int | None
    site_name: str
    employees: int
    average: int


def site_averages(*, tenant: Tenant, filters: GroupFilters) -> tuple[list[SiteAverage], int | None]:
    """The average completeness per dealership over the filtered employees, and over all of them (one query)."""
    rows = (
        employee_completeness_list(tenant=tenant, filters=filters).order_by()
        .values("site_id", "site__name").annotate(n=Count("pk"), avg=Avg("completeness"))
        .order_by("site__name", "site_id")
    )
    out = [SiteAverage(r["site_id"], r["site__name"] or "", r["n"], int((r["avg"] or 0) + 0.5)) for r in rows]
    total = sum(a.employees for a in out)
    overall = None
    if total:
        weighted = sum(float(r["avg"] or 0) * r["n"] for r in rows)
        overall = int(weighted / total + 0.5)
    return out, overall


def platform_completeness(*, tenant: Tenant, employee_ids: list[int]) -> dict[int, dict[str, int]]:
    """employee id -> {platform: completeness} for the profiles they have (one query)."""
    out: dict[int, dict[str, int]] = {pk: {} for pk in employee_ids}
    rows = SocialProfile.unscoped.filter(tenant=tenant, employee_id__in=employee_ids).values_list(
        "employee_id", "platform", "completeness")
    for employee_id, platform, completeness in rows:
        out.setdefault(employee_id, {})[platform] = completeness
    return out


def group_filter_choices(*, tenant: Tenant) -> tuple[QuerySet[Site], QuerySet[Department]]:
    return (Site.unscoped.filter(tenant=tenant).order_by("name", "pk"),
            Department.unscoped.filter(tenant=tenant).order_by("name", "pk"))


def employees_without_profiles_count(*, tenant: Tenant) -> int:
    """Active employees with no profile at all (the group page's headline figure)."""
    return Employee.unscoped.filter(tenant=tenant, is_active=True).exclude(
        Exists(SocialProfile.unscoped.filter(tenant=tenant, employee_id=OuterRef("pk")))).count()

