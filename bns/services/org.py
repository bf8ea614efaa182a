"""Writes for the group's organisation: dealerships, departments, employees."""

from __future__ import annotations

from django.db import transaction

from bns.models import Site, Tenant
from bns.services.audit import audit_record

SITE_FIELDS = ("name", "brands", "city", "region")


@transaction.atomic
def site_create(*, tenant: Tenant, actor, name: str, brands: str = "", city: str = "", region: str = "") -> Site:
    site = Site.unscoped.create(tenant=tenant, name=name.strip(), brands=brands.strip(), city=city.strip(), region=region.strip())
    audit_record(tenant=tenant, actor=actor, verb="site.create", obj=site, data={"name": site.name})
    return site


@transaction.atomic
def site_update(*, tenant: Tenant, actor, site: Site, **changes) -> Site:
    if site.tenant_id != tenant.pk:
        raise ValueError("site belongs to another tenant")
    changed = {}
    for field in SITE_FIELDS:
        if field in changes:
            value = (changes[field] or "").strip()
            if getattr(site, field) != value:
                changed[field] = value
                setattr(site, field, value)
    if changed:
        site.save(update_fields=list(changed))
        audit_record(tenant=tenant, actor=actor, verb="site.update", obj=site, data=changed)
    return site


@transaction.atomic
def site_delete(*, tenant: Tenant, actor, site: Site) -> None:
    """Delete a dealership; its employees stay, with no dealership."""
    if site.tenant_id != tenant.pk:
        raise ValueError("site belongs to another tenant")
    audit_record(tenant=tenant, actor=actor, verb="site.delete", obj=site, data={"name": site.name})
    site.delete()
