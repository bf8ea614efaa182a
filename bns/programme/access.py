"""Who may do what in the BNS programme: every member reads it; executives and admins (Perm.MANAGE_PROGRAMME) and the
iteration's process owner write it; executives and managers answer the self-assessment (Perm.ANSWER_DIAGNOSTIC)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from bns.models import Membership, Tenant
from bns.permissions import Perm
from bns.programme.models import Programme


def programme_can_edit(*, membership: Membership, programme: Programme) -> bool:
    if programme.status != Programme.Status.ACTIVE and not membership.has_perm(Perm.MANAGE_PROGRAMME):
        return False  # a closed iteration stays readable; only executives may correct it
    if membership.has_perm(Perm.MANAGE_PROGRAMME):
        return True
    return bool(membership.employee_id) and membership.employee_id == programme.process_owner_id


def programme_require_edit(*, membership: Membership, programme: Programme) -> None:
    if not programme_can_edit(membership=membership, programme=programme):
        raise PermissionDenied


def programme_get_for(*, tenant: Tenant, pk) -> Programme:
    """An iteration of the group's programme, or Http404 (missing and another group's alike)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk < 2**63:  # beyond the key's range: missing, not a database error
        raise Http404
    programme = Programme.unscoped.filter(tenant=tenant, pk=pk).select_related("process_owner", "sponsor").first()
    if programme is None:
        raise Http404
    return programme


def programme_current(*, tenant: Tenant) -> Programme | None:
    """The active iteration, or else the latest one (None when the group has not started a programme)."""
    qs = Programme.unscoped.filter(tenant=tenant).select_related("process_owner", "sponsor")
    return qs.filter(status=Programme.Status.ACTIVE).first() or qs.order_by("-iteration").first()
