from __future__ import annotations

from django.utils.functional import SimpleLazyObject

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
        "notifications_unread": _notifications_unread(request, membership),
        "is_manager": _is_manager(request, membership),
    }


def _is_manager(request, membership):
    """Whether the member's employee has reports (the networking team page): one query, only when a page asks."""
    tenant = getattr(request, "tenant", None)
    if membership is None or tenant is None or membership.tenant_id != tenant.pk or not membership.employee_id:
        return False
    from bns.models import Employee

    return SimpleLazyObject(
        lambda: Employee.unscoped.filter(tenant=tenant, manager_id=membership.employee_id, is_active=True).exists()
    )


def _notifications_unread(request, membership):
    """The bell's unread count: one query per request, run only when a page shows it, only for a member of the
    page's group (0 elsewhere)."""
    tenant = getattr(request, "tenant", None)
    if membership is None or tenant is None or membership.tenant_id != tenant.pk:
        return 0
    lazy = getattr(request, "_notifications_unread", None)
    if lazy is None:
        from bns.selectors import notification_unread_count

        lazy = SimpleLazyObject(lambda: notification_unread_count(tenant=tenant, recipient=request.user))
        request._notifications_unread = lazy
    return lazy
