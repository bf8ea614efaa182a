"""The API's edge: the tenant comes from /api/v1/g/<tenant_slug>/ and the caller's membership.

DRF authenticates inside the view (session or token), so the tenant is resolved in ``initial()``
after authentication, set in the tenant ContextVar for the request, and reset when it ends.

Resource views stay thin: reads come from ``bns.selectors`` (tenant explicit), objects are looked up
with the ``<entity>_get_for`` selectors (404 for missing and other tenant's alike), and every write
goes through a service (``service_create`` / ``service_update`` / ``service_destroy`` hooks below),
never through ``serializer.save()``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import authentication, exceptions, filters, permissions, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from bns.access import membership_resolve, mfa_setup_required
from bns.permissions import Perm
from bns.tenancy import activate_tenant, deactivate_tenant

NON_FIELD_ERRORS_KEY = "non_field_errors"


def _django_validation_detail(exc: DjangoValidationError) -> dict[str, list[str]]:
    """A service's ValidationError as DRF-style ``{field: [messages]}`` (``__all__`` -> non_field_errors)."""
    if hasattr(exc, "error_dict"):
        detail: dict[str, list[str]] = {}
        for field, messages in exc.message_dict.items():
            key = NON_FIELD_ERRORS_KEY if field == "__all__" else field
            detail.setdefault(key, []).extend(str(m) for m in messages)
        return detail
    return {NON_FIELD_ERRORS_KEY: [str(m) for m in exc.messages]}


def exception_handler(exc, context):
    """DRF's handler, plus clean 400s for model validation and integrity errors (never a 500)."""
    if isinstance(exc, DjangoValidationError):
        return Response(_django_validation_detail(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, IntegrityError):
        return Response(
            {NON_FIELD_ERRORS_KEY: [_("This conflicts with existing data (duplicate or invalid reference).")]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    return drf_exception_handler(exc, context)


# Token first: an anonymous API call then answers 401 with "WWW-Authenticate: Token" (not a bare 403).
API_AUTHENTICATION_CLASSES = [authentication.TokenAuthentication, authentication.SessionAuthentication]


TENANT_SLUG_PARAMETER = OpenApiParameter(
    "tenant_slug",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="Identifier of the dealership group (the <slug> of /g/<slug>/ in the web app). "
    "The caller must be an active member of it; any other group answers 404.",
)


class TenantAutoSchema(AutoSchema):
    """Documents the ``tenant_slug`` path parameter of every tenant resource; tags and operation ids
    are named after the resource ("employees", "employees_list"), not after the "g" path segment."""

    def _is_tenant_path(self) -> bool:
        return "{tenant_slug}" in self.path

    def get_override_parameters(self):
        params = super().get_override_parameters()
        if self._is_tenant_path():
            params = [TENANT_SLUG_PARAMETER, *params]
        return params

    def get_tags(self) -> list[str]:
        tags = super().get_tags()
        if self._is_tenant_path() and tags == ["g"]:
            resource = [part for part in self.path.split("/") if part and not part.startswith("{")]
            return resource[resource.index("g") + 1 :][:1] or tags
        return tags

    def get_operation_id(self) -> str:
        operation_id = super().get_operation_id()
        return operation_id.removeprefix("g_") if self._is_tenant_path() else operation_id


class TenantPermission(permissions.BasePermission):
    """Reads need ``read_perm``, writes need ``write_perm`` (both declared on the view)."""

    def has_permission(self, request, view):
        membership = getattr(request, "membership", None)
        if membership is None:
            return False
        perm = view.read_perm if request.method in permissions.SAFE_METHODS else view.write_perm
        return membership.has_perm(perm)


class StableOrderingFilter(filters.OrderingFilter):
    """``?ordering=`` on the view's ``ordering_fields``, with the primary key as tie-breaker (stable pages)."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if ordering and not {"pk", "-pk", "id", "-id"} & set(ordering):
            ordering = [*ordering, "pk"]
        return ordering


class TenantAPIMixin:
    """Resolve tenant and membership once, after authentication; fail closed with 404.

    Subclasses give:
    - ``list_queryset(tenant, filters)``: the list, from a selector (``filters`` = validated query params);
    - ``object_get(tenant, pk)``: one object, from an ``<entity>_get_for`` selector (404 otherwise);
    - ``filter_serializer_class``: optional serializer validating the list's query parameters (400 on bad ones);
    - ``service_create(data)`` / ``service_update(instance, data)`` / ``service_destroy(instance)``: the writes.
    """

    tenant_api = True
    read_perm: Perm = Perm.VIEW_GROUP
    write_perm: Perm = Perm.MANAGE_ORG
    authentication_classes = API_AUTHENTICATION_CLASSES
    permission_classes = [permissions.IsAuthenticated, TenantPermission]
    filter_backends = [StableOrderingFilter]
    filter_serializer_class: type[serializers.Serializer] | None = None
    schema = TenantAutoSchema()

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
            raise exceptions.PermissionDenied(
                _("This group requires two-factor authentication for your role: set it up first.")
            )
        super().initial(request, *args, **kwargs)

    def _tenant_scope_end(self):
        token = getattr(self, "_tenant_token", None)
        if token is not None:
            self._tenant_token = None
            deactivate_tenant(token)

    def finalize_response(self, request, response, *args, **kwargs):
        self._tenant_scope_end()
        return super().finalize_response(request, response, *args, **kwargs)

    def dispatch(self, request, *args, **kwargs):
        # DRF re-raises unexpected errors before finalize_response: end the scope here too, or the worker thread
        # would keep this tenant for its next request.
        try:
            return super().dispatch(request, *args, **kwargs)
        finally:
            self._tenant_scope_end()

    @property
    def tenant(self):
        return self.request.tenant

    # --- reads --------------------------------------------------------------------------------------

    def list_filters(self) -> dict:
        """The list's query parameters, validated by ``filter_serializer_class`` (blank values ignored)."""
        if self.filter_serializer_class is None:
            return {}
        if not hasattr(self, "_list_filters"):
            params = {k: v for k, v in self.request.query_params.dict().items() if v.strip() != ""}
            serializer = self.filter_serializer_class(data=params)
            serializer.is_valid(raise_exception=True)
            self._list_filters = serializer.validated_data
        return self._list_filters

    def list_queryset(self, tenant, filters: dict):  # pragma: no cover - subclasses implement
        raise NotImplementedError

    def object_get(self, tenant, pk):  # pragma: no cover - subclasses implement
        raise NotImplementedError

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request tenant
            model = self.queryset.model if self.queryset is not None else self.get_serializer_class().Meta.model
            return model.unscoped.none()
        return self.list_queryset(self.tenant, self.list_filters())

    def get_object(self):
        obj = self.object_get(self.tenant, self.kwargs[self.lookup_url_kwarg or self.lookup_field])
        self.check_object_permissions(self.request, obj)
        return obj

    # --- writes (always through services) ----------------------------------------------------------

    def refetch(self, obj):
        """The object as the API shows it (annotations, related rows), after a service wrote it."""
        return self.object_get(self.tenant, obj.pk)

    def service_create(self, data: dict):  # pragma: no cover - subclasses implement
        raise NotImplementedError

    def service_update(self, instance, data: dict):  # pragma: no cover - subclasses implement
        raise NotImplementedError

    def service_destroy(self, instance) -> None:  # pragma: no cover - subclasses implement
        raise NotImplementedError

    def perform_create(self, serializer):
        serializer.instance = self.refetch(self.service_create(dict(serializer.validated_data)))

    def perform_update(self, serializer):
        serializer.instance = self.refetch(self.service_update(serializer.instance, dict(serializer.validated_data)))

    def perform_destroy(self, instance):
        self.service_destroy(instance)


class TenantModelViewSet(TenantAPIMixin, viewsets.ModelViewSet):
    """Base for tenant resources: subclasses give ``get_queryset`` from a selector and write via services."""

    lookup_value_regex = r"[0-9]+"


class TenantGenericViewSet(TenantAPIMixin, viewsets.GenericViewSet):
    """Base for tenant resources exposing only some verbs.

    List it FIRST, before the rest_framework.mixins, so that the service-backed perform_create /
    perform_update / perform_destroy above win over the mixins' ``serializer.save()``:
    ``class EmployeeViewSet(TenantGenericViewSet, mixins.ListModelMixin, mixins.CreateModelMixin): ...``
    """

    lookup_value_regex = r"[0-9]+"
