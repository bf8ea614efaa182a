"""Reads of the tenancy core. Every function takes the tenant explicitly and scopes by it."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from bns.models import AuditEvent, Department, Employee, Invitation, Membership, Site, Tenant


def _get_for(queryset: QuerySet, *, tenant: Tenant, pk):
    """The object with ``pk`` in ``tenant``, or Http404 for missing and not-yours alike."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    obj = queryset.filter(tenant=tenant, pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def site_get_for(*, tenant: Tenant, pk) -> Site:
    return _get_for(Site.unscoped.all(), tenant=tenant, pk=pk)


def department_get_for(*, tenant: Tenant, pk) -> Department:
    return _get_for(Department.unscoped.all(), tenant=tenant, pk=pk)


def employee_get_for(*, tenant: Tenant, pk) -> Employee:
    return _get_for(Employee.unscoped.select_related("site", "department", "manager"), tenant=tenant, pk=pk)


def membership_get_for(*, tenant: Tenant, pk) -> Membership:
    return _get_for(Membership.unscoped.select_related("user", "employee"), tenant=tenant, pk=pk)


def invitation_get_for(*, tenant: Tenant, pk) -> Invitation:
    return _get_for(Invitation.unscoped.select_related("employee", "invited_by"), tenant=tenant, pk=pk)


def site_list(*, tenant: Tenant, search: str = "") -> QuerySet[Site]:
    qs = Site.unscoped.filter(tenant=tenant).annotate(
        employee_count=Count("employees", filter=Q(employees__is_active=True))
    )
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(city__icontains=search) | Q(brands__icontains=search) | Q(region__icontains=search))
    return qs.order_by("name")


def department_list(*, tenant: Tenant, search: str = "") -> QuerySet[Department]:
    qs = Department.unscoped.filter(tenant=tenant).annotate(
        employee_count=Count("employees", filter=Q(employees__is_active=True))
    )
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(code__icontains=search))
    return qs.order_by("position", "name")


def employee_list(
    *, tenant: Tenant, search: str = "", site_id=None, department_id=None, active: bool | None = None
) -> QuerySet[Employee]:
    qs = Employee.unscoped.filter(tenant=tenant).select_related("site", "department", "manager")
    if search:
        for term in search.split():
            qs = qs.filter(
                Q(first_name__icontains=term)
                | Q(last_name__icontains=term)
                | Q(email__icontains=term)
                | Q(job_title__icontains=term)
                | Q(external_id__iexact=term)
            )
    if site_id:
        qs = qs.filter(site_id=site_id)
    if department_id:
        qs = qs.filter(department_id=department_id)
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs.order_by("last_name", "first_name", "pk")


def membership_list(*, tenant: Tenant, search: str = "", role: str = "") -> QuerySet[Membership]:
    qs = Membership.unscoped.filter(tenant=tenant).select_related("user", "employee")
    if search:
        qs = qs.filter(
            Q(user__email__icontains=search)
            | Q(user__full_name__icontains=search)
            | Q(employee__last_name__icontains=search)
            | Q(employee__first_name__icontains=search)
        )
    if role:
        qs = qs.filter(role=role)
    return qs.order_by("user__email")


def invitation_list(*, tenant: Tenant) -> QuerySet[Invitation]:
    return Invitation.unscoped.filter(tenant=tenant).select_related("invited_by", "employee").order_by("-created_at")


def audit_list(*, tenant: Tenant) -> QuerySet[AuditEvent]:
    return AuditEvent.unscoped.filter(tenant=tenant).select_related("actor").order_by("-created_at", "-id")


def tenant_overview(*, tenant: Tenant) -> dict[str, int]:
    """Headline counts for the group's home page (three aggregate queries, whatever the size)."""
    return {
        "sites": Site.unscoped.filter(tenant=tenant).count(),
        "departments": Department.unscoped.filter(tenant=tenant).count(),
        **Employee.unscoped.filter(tenant=tenant).aggregate(
            employees=Count("pk", filter=Q(is_active=True)),
            employees_inactive=Count("pk", filter=Q(is_active=False)),
        ),
        "members": Membership.unscoped.filter(tenant=tenant, is_active=True).count(),
    }


# --- Notifications (the bell): a member's own, never anyone else's ----------------------------------------


def notification_list(*, tenant: Tenant, recipient, unread_only: bool = False) -> QuerySet:
    """The recipient's notifications in this group, newest first."""
    from bns.models import Notification

    qs = Notification.unscoped.filter(tenant=tenant, recipient=recipient)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def notification_unread_count(*, tenant: Tenant, recipient) -> int:
    return notification_list(tenant=tenant, recipient=recipient, unread_only=True).count()


def notification_get_for(*, tenant: Tenant, recipient, pk):
    """One of the recipient's notifications, else 404 (someone else's and missing alike)."""
    from bns.models import Notification

    return _get_for(Notification.unscoped.filter(recipient=recipient), tenant=tenant, pk=pk)
