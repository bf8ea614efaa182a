"""Tenant context and fail-closed scoping.

The tenant of a request is resolved once at the edge (TenantMiddleware for pages, TenantAPIView for the
API) from the URL and the user's membership, then held in a ContextVar for the duration of the request.
Tenant-owned models use ``TenantScopedManager`` as ``objects``: reading through it without a tenant in
context raises ``TenantScopeError`` rather than returning every tenant's rows. Platform jobs that must
cross tenants use the explicitly named ``unscoped`` manager.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from bns.models import Tenant

_current_tenant: ContextVar[Tenant | None] = ContextVar("bns_current_tenant", default=None)


class TenantScopeError(RuntimeError):
    """Tenant-owned data was read or written with no tenant (or the wrong one) in context."""


def current_tenant() -> Tenant | None:
    return _current_tenant.get()


def require_tenant() -> Tenant:
    tenant = _current_tenant.get()
    if tenant is None:
        raise TenantScopeError("No tenant in context: enter tenant_scope(tenant) first.")
    return tenant


@contextlib.contextmanager
def tenant_scope(tenant: Tenant) -> Iterator[Tenant]:
    """Run a block with ``tenant`` as the current tenant (tasks, commands, tests)."""
    if tenant is None or tenant.pk is None:
        raise TenantScopeError("tenant_scope needs a saved tenant")
    token = _current_tenant.set(tenant)
    try:
        yield tenant
    finally:
        _current_tenant.reset(token)


def activate_tenant(tenant: Tenant):
    """Set the tenant and return the token to reset (used by the request edge)."""
    return _current_tenant.set(tenant)


def deactivate_tenant(token) -> None:
    _current_tenant.reset(token)


class TenantScopedQuerySet(models.QuerySet):
    pass


class TenantScopedManager(models.Manager.from_queryset(TenantScopedQuerySet)):
    """Default manager of tenant-owned models: always filtered by the tenant in context."""

    def get_queryset(self):
        tenant = require_tenant()
        return super().get_queryset().filter(tenant_id=tenant.pk)


class TenantOwnedModel(models.Model):
    """Abstract base for every tenant-owned table: non-null tenant FK, scoped default manager."""

    tenant = models.ForeignKey("bns.Tenant", on_delete=models.CASCADE, related_name="+", editable=False)

    objects = TenantScopedManager()
    # Platform jobs only (nightly loops over tenants, the Django admin for staff, migrations).
    unscoped = models.Manager()  # noqa: DJ012

    class Meta:
        abstract = True
        base_manager_name = "unscoped"

    def save(self, *args, **kwargs):
        # Fill the tenant from context, and refuse to write a row into another tenant than the one in scope.
        tenant = current_tenant()
        if self.tenant_id is None:
            if tenant is None:
                raise TenantScopeError(f"{type(self).__name__} saved with no tenant and none in context")
            self.tenant = tenant
        elif tenant is not None and self.tenant_id != tenant.pk:
            raise TenantScopeError(f"{type(self).__name__} of tenant {self.tenant_id} saved in scope of {tenant.pk}")
        super().save(*args, **kwargs)
