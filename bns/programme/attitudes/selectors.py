"""Reads of the attitudes: the expected behaviours per role, and the charter's summary (read from the networking app:
its current version and acknowledgement rates; the programme links to it, it does not copy it).

Tenant explicit; lookups 404 for another group's rows like for missing ones; a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404

from bns.models import Membership, Role, Tenant
from bns.programme.attitudes.defaults import ROLE_ORDER, default_behaviours
from bns.programme.models import Programme, RoleBehaviour
from networking.charter.selectors import (
    SiteRate,
    can_read_rates,
    charter_ack_rates,
    charter_current,
    charter_lines,
)
from networking.models import Charter


def _pk(pk) -> int:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk < 2**31:
        raise Http404
    return pk


def role_behaviour_list(*, tenant: Tenant, programme_id=None, role: str = "") -> QuerySet[RoleBehaviour]:
    qs = RoleBehaviour.unscoped.filter(tenant=tenant).select_related("programme")
    if programme_id:
        qs = qs.filter(programme_id=programme_id)
    if role:
        qs = qs.filter(role=role)
    return qs.order_by("programme_id", "role", "pk")


def role_behaviour_get_for(*, tenant: Tenant, pk) -> RoleBehaviour:
    found = role_behaviour_list(tenant=tenant).filter(pk=_pk(pk)).first()
    if found is None:
        raise Http404
    return found


def role_get(role) -> str:
    """A role of the group by its value, or Http404 (the edit page's URL names it)."""
    if not isinstance(role, str) or role not in Role.values:
        raise Http404
    return role


@dataclass
class RoleRow:
    role: str
    label: str
    behaviour: RoleBehaviour | None
    default: str  # the suggestion shown when the programme has written nothing for this role

    @property
    def lines(self) -> list[str]:
        return charter_lines(self.behaviour.behaviours) if self.behaviour else []

    @property
    def default_lines(self) -> list[str]:
        return charter_lines(self.default)


def attitudes_rows(*, tenant: Tenant, programme: Programme) -> list[RoleRow]:
    """Every role of the group, in the page's order, with the iteration's behaviours (one query) or the suggestion."""
    written = {b.role: b for b in RoleBehaviour.unscoped.filter(tenant=tenant, programme=programme)}
    return [RoleRow(role=role, label=str(Role(role).label), behaviour=written.get(role), default=default_behaviours(role))
            for role in ROLE_ORDER]


@dataclass
class CharterSummary:
    charter: Charter | None
    total: SiteRate | None  # the group's acknowledgement rate (every member reads it)
    sites: list[SiteRate] | None = field(default=None)  # per dealership: VIEW_NETWORKING or MANAGE_CHARTER only

    @property
    def percent(self) -> int | None:
        return self.total.percent if self.total is not None else None


def charter_summary(*, tenant: Tenant, membership: Membership) -> CharterSummary:
    """The current charter version with its acknowledgement rate overall, and per dealership for those who may read the
    rates (networking.charter.selectors.can_read_rates: the same rule as the charter page). Two queries."""
    charter = charter_current(tenant=tenant)
    if charter is None:
        return CharterSummary(charter=None, total=None)
    rows, total = charter_ack_rates(tenant=tenant, charter=charter)
    return CharterSummary(charter=charter, total=total, sites=rows if can_read_rates(membership) else None)
