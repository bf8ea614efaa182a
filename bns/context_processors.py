from __future__ import annotations

from bns.models import Membership
from bns.permissions import Perm


def shell(request):
    """What the header needs: the user's groups (tenant switcher) and the navigation for their role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    memberships = getattr(request, "_shell_memberships", None)
    if memberships is None:
        memberships = list(
            Membership.unscoped.filter(user=user, is_active=True).select_related("tenant").order_by("tenant__name")
        )
        request._shell_memberships = memberships
    membership = getattr(request, "membership", None)
    perms = set()
    if membership is not None:
        perms = {p.value for p in Perm if membership.has_perm(p)}
    return {
        "user_memberships": memberships,
        "current_membership": membership,
        "current_tenant": getattr(request, "tenant", None),
        "perms": perms,
    }
