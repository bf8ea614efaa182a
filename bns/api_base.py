"""The API's edge: the tenant comes from /api/v1/g/<tenant_slug>/ and the caller's membership.

DRF authenticates inside the view (session or token), so the tenant is resolved in ``initial()``
after authentication, set in the tenant ContextVar for the request, and reset when it ends.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from rest_framework import exceptions, permissions, status, viewsets
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from bns.access import membership_resolve, mfa_setup_required
from bns.permissions import Perm
from bns.tenancy import activate_tenant, deactivate_tenant


def exception_handler(exc, context):
    """DRF's handler, plus clean 400s for model validation and integrity errors (never a 500)."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, IntegrityError):
        return Response({"non_field_errors": ["This conflicts with existing data (duplicate or invalid reference)."]}, status=400)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    return drf_exception_handler(exc, context)


class TenantPermission(permissions.BasePermission):
    """Reads need ``read_perm``, writes need ``write_perm`` (both declared on the view)."""

    def has_permission(self, request, view):
        membership = getattr(request, "membership", None)
        if membership is None:
            return False
        perm = view.read_perm if request.method in permissions.SAFE_METHODS else view.write_perm
        return membership.has_perm(perm)


class TenantAPIMixin:
    """Resolve tenant and membership once, after authentication; fail closed with 404."""

    tenant_api = True
    read_perm: Perm = Perm.VIEW_GROUP
    write_perm: Perm = Perm.MANAGE_ORG
    permission_classes = [permissions.IsAuthenticated, TenantPermission]

    def initial(self, request, *args, **kwargs):
        self.format_kwarg = self.get_format_suffix(**kwargs)
        self.perform_authentication(request)
        if not request.user or not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        membership = membership_resolve(user=request.user, tenant_slug=kwargs.get("tenant_slug", ""))
        request.membership = membership
        request.tenant = membership.tenant
        request._request.membership = membership
        request._request.tenant = membership.tenant
        self._tenant_token = activate_tenant(membership.tenant)
        if mfa_setup_required(membership):
            raise exceptions.PermissionDenied("This group requires two-factor authentication for your role: set it up first.")
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        token = getattr(self, "_tenant_token", None)
        if token is not None:
            deactivate_tenant(token)
            self._tenant_token = None
        return super().finalize_response(request, response, *args, **kwargs)

    @property
    def tenant(self):
        return self.request.tenant


class TenantModelViewSet(TenantAPIMixin, viewsets.ModelViewSet):
    """Base for tenant resources: subclasses give ``get_queryset`` from a selector and write via services."""

    lookup_value_regex = r"[0-9]+"
