"""Reads of the networking charter: versions, acknowledgements, and the acknowledgement rate per dealership."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from bns.models import Employee, Membership, Tenant
from bns.permissions import Perm
from networking.models import Charter, CharterAcknowledgement

BULLETS = "-*•·–—"


def charter_lines(text: str) -> list[str]:
    """A do's or don'ts text as its items: one per non-empty line, leading bullet marks removed."""
    items = []
    for line in (text or "").splitlines():
        item = line.strip().lstrip(BULLETS).strip()
        if item:
            items.append(item)
    return items


def can_read_rates(membership: Membership) -> bool:
    return membership.has_perm(Perm.VIEW_NETWORKING) or membership.has_perm(Perm.MANAGE_CHARTER)


def charter_current(*, tenant: Tenant) -> Charter | None:
    return Charter.unscoped.filter(tenant=tenant).order_by("-version").select_related("published_by").first()


def charters(*, tenant: Tenant) -> QuerySet[Charter]:
    return Charter.unscoped.filter(tenant=tenant).select_related("published_by").order_by("-version")


def charter_get_for(*, tenant: Tenant, pk) -> Charter:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    charter = charters(tenant=tenant).filter(pk=pk).first() if 0 < pk < 2**62 else None
    if charter is None:
        raise Http404
    return charter


def charter_get_by_version(*, tenant: Tenant, version) -> Charter:
    try:
        version = int(version)
    except (TypeError, ValueError):
        raise Http404 from None
    charter = charters(tenant=tenant).filter(version=version).first() if 0 < version < 2**31 else None
    if charter is None:
        raise Http404
    return charter


def charter_acknowledgement_of(*, tenant: Tenant, charter: Charter | None, employee: Employee | None) -> CharterAcknowledgement | None:
    if charter is None or employee is None:
        return None
    return CharterAcknowledgement.unscoped.filter(tenant=tenant, charter=charter, employee=employee).first()


def charter_acknowledgements_visible(*, membership: Membership, charter_id: int | None = None) -> QuerySet[CharterAcknowledgement]:
    """The member's own acknowledgements; every one of the group for VIEW_NETWORKING or MANAGE_CHARTER."""
    tenant = membership.tenant
    qs = CharterAcknowledgement.unscoped.filter(tenant=tenant).select_related("charter", "employee")
    if not can_read_rates(membership):
        if membership.employee_id is None:
            return qs.none()
        qs = qs.filter(employee_id=membership.employee_id)
    if charter_id is not None:
        qs = qs.filter(charter_id=charter_id)
    return qs.order_by("-acknowledged_at", "-pk")


@dataclass
class SiteRate:
    site_id: int | None
    site_name: str
    active: int
    acknowledged: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.acknowledged / self.active) if self.active else None


def charter_ack_rates(*, tenant: Tenant, charter: Charter | None) -> tuple[list[SiteRate], SiteRate]:
    """Active employees per dealership and how many acknowledged ``charter``: one aggregate query.

    Employees with no dealership get their own row. Returns the rows (by dealership name) and the group's total.
    """
    rows: list[SiteRate] = []
    if charter is not None:
        # distinct: the join on acknowledgements repeats an employee once per version they acknowledged.
        aggregated = (
            Employee.unscoped.filter(tenant=tenant, is_active=True)
            .values("site_id", "site__name")
            .annotate(
                active=Count("id", distinct=True),
                acknowledged=Count("id", distinct=True, filter=Q(charter_acknowledgements__charter=charter)),
            )
            .order_by("site__name", "site_id")
        )
        for row in aggregated:
            rows.append(SiteRate(site_id=row["site_id"], site_name=row["site__name"] or _("No dealership"), active=row["active"],
                                 acknowledged=row["acknowledged"]))
        rows.sort(key=lambda r: (r.site_id is None, r.site_name.lower()))
    total = SiteRate(site_id=None, site_name=_("Whole group"), active=sum(r.active for r in rows),
                     acknowledged=sum(r.acknowledged for r in rows))
    return rows, total
