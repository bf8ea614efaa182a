"""REST API of networking activity, its CSV imports and tool licences, under /api/v1/g/<tenant_slug>/.

Same rules as the pages: activity is seen by its employee, their manager line and Perm.VIEW_NETWORKING; a member logs
their own, Perm.MANAGE_NETWORKS anyone's (integrations use such a member's token); licences are read with
Perm.VIEW_NETWORKING (a holder sees their own) and written with Perm.MANAGE_NETWORKS. Writes go through the services.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from bns.api_base import TenantGenericViewSet
from bns.permissions import Perm
from networking.activity import import_services, importing, licence_services, selectors, services
from networking.activity import serializers as s
from networking.models import Activity, ActivityImport, ActivitySource, ToolLicence


class _NetworkingViewSet(TenantGenericViewSet):
    read_perm = Perm.USE_NETWORKING
    write_perm = Perm.USE_NETWORKING
    filter_backends: list = []

    def _validated(self, serializer_class, *, partial: bool = False) -> dict:
        serializer = serializer_class(data=self.request.data, partial=partial, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


# --- Activities ---------------------------------------------------------------------------------------------

_BULK_EXAMPLE = OpenApiExample(
    "Two activities",
    value={"items": [
        {"client_key": "crm-48121", "employee": 42, "occurred_on": "2026-11-20", "channel": "linkedin", "kind": "post",
         "reach": 850, "engagement": 31},
        {"client_key": "crm-48122", "employee": 42, "occurred_on": "2026-11-21", "channel": "offline", "kind": "event_attended",
         "note": "Club entreprises de Vannes"},
    ]},
    request_only=True,
)


@extend_schema_view(
    list=extend_schema(
        summary="Activities you may see (yours, your team's, or the group's with the networking view permission)",
        parameters=[s.ActivityFilterSerializer],
    ),
    retrieve=extend_schema(summary="One activity"),
    create=extend_schema(summary="Log an activity (yours, or anyone's with the networks permission)",
                         request=s.ActivityWriteSerializer, responses={201: s.ActivitySerializer}),
    partial_update=extend_schema(summary="Change an activity (its employee, or the networks permission)",
                                 request=s.ActivityUpdateSerializer, responses=s.ActivitySerializer),
    destroy=extend_schema(summary="Delete an activity (its employee, or the networks permission)"),
)
class ActivityViewSet(_NetworkingViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    queryset = Activity.unscoped.none()
    serializer_class = s.ActivitySerializer
    filter_serializer_class = s.ActivityFilterSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_serializer_class(self):
        return {"create": s.ActivityWriteSerializer, "partial_update": s.ActivityUpdateSerializer,
                "bulk": s.BulkRequestSerializer}.get(self.action, s.ActivitySerializer)

    def list_queryset(self, tenant, filters):
        return selectors.activity_list_for(
            tenant=tenant, membership=self.request.membership, employee_id=filters.get("employee"),
            date_from=filters.get("from"), date_to=filters.get("to"), kind=filters.get("kind", ""),
            channel=filters.get("channel", ""))

    def object_get(self, tenant, pk):
        return selectors.activity_get_for(tenant=tenant, membership=self.request.membership, pk=pk)

    def create(self, request, *args, **kwargs):
        data = self._validated(s.ActivityWriteSerializer)
        activity = services.activity_log(tenant=self.tenant, actor=request.user, source=ActivitySource.API, **data)
        return Response(s.ActivitySerializer(self.refetch(activity)).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        activity = self.get_object()
        data = self._validated(s.ActivityUpdateSerializer, partial=True)
        services.activity_update(tenant=self.tenant, actor=request.user, activity=activity, **data)
        return Response(s.ActivitySerializer(self.refetch(activity)).data)

    def destroy(self, request, *args, **kwargs):
        services.activity_delete(tenant=self.tenant, actor=request.user, activity=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Upload up to 1000 activities at once, idempotently (for integrations)",
        description=(
            "Each item needs a client_key, unique in the group. An item whose key is already stored is a duplicate: "
            "nothing changes and it is not counted twice, so a retried upload is harmless. Valid items are stored even "
            "when others are refused. The answer is 200 with one result per item, in the order sent: client_key, "
            "status (created, duplicate or error), id and errors (field -> messages)."
        ),
        request=s.BulkRequestDocSerializer,
        responses=s.BulkResponseSerializer,
        examples=[_BULK_EXAMPLE],
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request, *args, **kwargs):
        data = self._validated(s.BulkRequestSerializer)
        outcome = services.activity_bulk_upsert(tenant=self.tenant, actor=request.user, items=data["items"])
        return Response({**outcome.counts, "results": outcome.results})


# --- Imports ------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Your activity imports (all of the group's with the networks permission)"),
    retrieve=extend_schema(summary="One import: status, progress and the per-line report"),
    create=extend_schema(
        summary="Upload a CSV of activity: the preview, line by line (nothing is stored until started)",
        request={"multipart/form-data": s.ActivityImportCreateSerializer}, responses={201: s.ActivityImportSerializer},
    ),
)
class ActivityImportViewSet(_NetworkingViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    queryset = ActivityImport.unscoped.none()
    serializer_class = s.ActivityImportSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_serializer_class(self):
        return {"create": s.ActivityImportCreateSerializer, "list": s.ActivityImportListSerializer}.get(
            self.action, s.ActivityImportSerializer)

    def list_queryset(self, tenant, filters):
        return selectors.activity_import_list(tenant=tenant, membership=self.request.membership)

    def object_get(self, tenant, pk):
        return selectors.activity_import_get_for(tenant=tenant, membership=self.request.membership, pk=pk)

    def create(self, request, *args, **kwargs):
        upload = self._validated(s.ActivityImportCreateSerializer)["file"]
        if upload.size > importing.MAX_FILE_BYTES:
            raise ValidationError({"file": [_("The file is too large (2 MB at most): split it into several files.")]})
        activity_import = import_services.activity_import_create(
            tenant=self.tenant, actor=request.user, filename=upload.name, raw_bytes=upload.read())
        return Response(s.ActivityImportSerializer(self.refetch(activity_import)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Start the import (in the background)",
        description="All the valid lines are stored together, or none. Follow the progress with GET on the import; "
                    "starting it again changes nothing.",
        request=None, responses=s.ActivityImportSerializer,
    )
    @action(detail=True, methods=["post"])
    def start(self, request, *args, **kwargs):
        activity_import = import_services.activity_import_start(tenant=self.tenant, actor=request.user,
                                                                activity_import=self.get_object())
        return Response(s.ActivityImportSerializer(self.refetch(activity_import)).data)


# --- Tool licences ------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Tool licences, with last use and the unused flag (yours only without the networking "
                               "view permission)", parameters=[s.LicenceFilterSerializer]),
    retrieve=extend_schema(summary="One tool licence"),
    create=extend_schema(summary="Add a licence (networks permission)", request=s.ToolLicenceWriteSerializer,
                         responses={201: s.ToolLicenceSerializer}),
    partial_update=extend_schema(summary="Change a licence (networks permission)", request=s.ToolLicenceUpdateSerializer,
                                 responses=s.ToolLicenceSerializer),
    destroy=extend_schema(summary="Delete a licence entered by mistake (networks permission)"),
)
class ToolLicenceViewSet(_NetworkingViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    queryset = ToolLicence.unscoped.none()
    serializer_class = s.ToolLicenceSerializer
    filter_serializer_class = s.LicenceFilterSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_serializer_class(self):
        return {"create": s.ToolLicenceWriteSerializer, "partial_update": s.ToolLicenceUpdateSerializer}.get(
            self.action, s.ToolLicenceSerializer)

    def list_queryset(self, tenant, filters):
        membership = self.request.membership
        own = None
        if not membership.has_perm(Perm.VIEW_NETWORKING):
            own = membership.employee_id or -1
        return selectors.licence_list(tenant=tenant, status=filters.get("status", "active"),
                                      search=filters.get("search", ""), employee_id=own)

    def object_get(self, tenant, pk):
        return selectors.licence_get_for(tenant=tenant, membership=self.request.membership, pk=pk)

    def _require_manage(self):
        if not self.request.membership.has_perm(Perm.MANAGE_NETWORKS):
            raise PermissionDenied

    def create(self, request, *args, **kwargs):
        self._require_manage()
        data = self._validated(s.ToolLicenceWriteSerializer)
        licence = licence_services.tool_licence_create(tenant=self.tenant, actor=request.user, **data)
        return Response(s.ToolLicenceSerializer(self.refetch(licence)).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        self._require_manage()
        licence = self.get_object()
        data = self._validated(s.ToolLicenceUpdateSerializer, partial=True)
        licence_services.tool_licence_update(tenant=self.tenant, actor=request.user, licence=licence, **data)
        return Response(s.ToolLicenceSerializer(self.refetch(licence)).data)

    def destroy(self, request, *args, **kwargs):
        self._require_manage()
        licence_services.tool_licence_delete(tenant=self.tenant, actor=request.user, licence=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="Record a use of your own licence today (its holder)", request=None,
                   responses=s.ToolLicenceSerializer)
    @action(detail=True, methods=["post"], url_path="record-use")
    def record_use(self, request, *args, **kwargs):
        licence = licence_services.tool_licence_record_use(tenant=self.tenant, actor=request.user, licence=self.get_object())
        return Response(s.ToolLicenceSerializer(self.refetch(licence)).data)
