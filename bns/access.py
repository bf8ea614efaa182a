"""The edge: resolve tenant and membership from the URL, once, and enforce tenant policy.

"Missing" and "not yours" are the same 404: a user who is not an active member of a tenant cannot
tell whether it exists.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from bns.models import LEADER_ROLES, Membership
from bns.permissions import Perm


def membership_resolve(*, user, tenant_slug: str) -> Membership:
    """The active membership of ``user`` in the tenant named by ``tenant_slug``, or Http404."""
    if user is None or not user.is_authenticated or not user.is_active:
        raise Http404
    membership = (
        Membership.unscoped.select_related("tenant", "user", "employee")
        .filter(tenant__slug=tenant_slug, user=user, is_active=True)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def membership_require(membership: Membership, perm: Perm) -> None:
    """Within a tenant, a member lacking the permission gets 403 (the tenant itself is theirs)."""
    if not membership.has_perm(perm):
        raise PermissionDenied


def mfa_setup_required(membership: Membership) -> bool:
    """True when the tenant makes TOTP mandatory for this member's role and they have none yet."""
    if not membership.tenant.require_mfa_for_leaders or membership.role not in LEADER_ROLES:
        return False
    from allauth.mfa.models import Authenticator

    return not Authenticator.objects.filter(user_id=membership.user_id, type=Authenticator.Type.TOTP).exists()


def membership_of_actor(*, tenant, actor) -> Membership:
    """The acting user's active membership of ``tenant``, for services that check permissions themselves.

    PermissionDenied for an anonymous actor or a non-member (services take the actor, not the membership, so the
    API, the pages and the tasks all go through the same check).
    """
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    membership = (
        Membership.unscoped.filter(tenant=tenant, user=actor, is_active=True).select_related("tenant", "employee").first()
    )
    if membership is None:
        raise PermissionDenied
    return membership
