"""Reads of address-book imports: only the import's owner (or the user who uploaded it) sees it."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from bns.models import Membership, Tenant
from contacts.models import ContactImport


def _mine(tenant: Tenant, membership: Membership) -> Q:
    cond = Q(created_by_id=membership.user_id)
    if membership.employee_id:
        cond |= Q(owner_id=membership.employee_id)
    return cond


def contact_import_list(*, tenant: Tenant, membership: Membership) -> QuerySet[ContactImport]:
    return (
        ContactImport.unscoped.filter(tenant=tenant)
        .filter(_mine(tenant, membership))
        .defer("content", "report")
        .select_related("owner")
        .order_by("-created_at", "-pk")
    )


def contact_import_get_for(*, tenant: Tenant, membership: Membership, pk) -> ContactImport:
    """The import, 404 when missing, of another tenant, or not the viewer's own."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    contact_import = (
        ContactImport.unscoped.filter(tenant=tenant, pk=pk).filter(_mine(tenant, membership)).select_related("owner", "tenant").first()
    )
    if contact_import is None:
        raise Http404
    return contact_import
