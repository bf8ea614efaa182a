"""REST API of the networking charter, under /api/v1/g/<tenant_slug>/ (see bns.api_base for the tenant checks):
``charters/`` (versions; POST publishes the next one), ``charters/current/``, ``charter-acknowledgements/`` and
``charter-acknowledgement-rates/``. Writes go through networking.charter.services, like the pages.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from bns.api_base import TenantAPIMixin, TenantGenericViewSet
from bns.permissions import Perm
from networking.charter import selectors, services
from networking.charter import serializers as s
from networking.models import Charter, CharterAcknowledgement


@extend_schema_view(
    list=extend_schema(summary="Every version of the group's charter, newest first"),
    retrieve=extend_schema(summary="One version of the charter"),
    create=extend_schema(
        summary="Publish a new version (MANAGE_CHARTER)",
        description="Creates version n+1 (published versions never change); every active employee with a login is "
        "notified once that it awaits their acknowledgement.",
        request=s.CharterPublishSerializer, responses={201: s.CharterSerializer},
    ),
)
class CharterViewSet(TenantGenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    read_perm = Perm.USE_NETWORKING
    write_perm = Perm.MANAGE_CHARTER
    queryset = Charter.unscoped.none()
    serializer_class = s.CharterSerializer
    filter_backends: list = []

    def get_serializer_class(self):
        return s.CharterPublishSerializer if self.action == "create" else s.CharterSerializer

    def list_queryset(self, tenant, filters):
        return selectors.charters(tenant=tenant)

    def object_get(self, tenant, pk):
        return selectors.charter_get_for(tenant=tenant, pk=pk)

    def create(self, request, *args, **kwargs):
        serializer = s.CharterPublishSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        charter = services.charter_publish(tenant=self.tenant, actor=request.user, **serializer.validated_data)
        return Response(s.CharterSerializer(self.object_get(self.tenant, charter.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="The current version", responses={200: s.CharterSerializer,
                                                              404: OpenApiResponse(description="No charter published yet.")})
    @action(detail=False, methods=["get"])
    def current(self, request, *args, **kwargs):
        charter = selectors.charter_current(tenant=self.tenant)
        if charter is None:
            raise Http404
        return Response(s.CharterSerializer(charter).data)


@extend_schema_view(
    list=extend_schema(
        summary="Charter acknowledgements",
        description="Your own; every employee's with VIEW_NETWORKING or MANAGE_CHARTER.",
        parameters=[s.CharterAcknowledgementFilterSerializer],
    ),
    create=extend_schema(
        summary="Acknowledge the current version of the charter",
        description="Your employee record acknowledges the current version; again is harmless (the existing "
        "acknowledgement is returned). An older version cannot be acknowledged.",
        request=s.CharterAcknowledgeSerializer, responses={201: s.CharterAcknowledgementSerializer},
    ),
)
class CharterAcknowledgementViewSet(TenantGenericViewSet, mixins.ListModelMixin, mixins.CreateModelMixin):
    read_perm = Perm.USE_NETWORKING
    write_perm = Perm.USE_NETWORKING
    queryset = CharterAcknowledgement.unscoped.none()
    serializer_class = s.CharterAcknowledgementSerializer
    filter_serializer_class = s.CharterAcknowledgementFilterSerializer
    filter_backends: list = []

    def get_serializer_class(self):
        return s.CharterAcknowledgeSerializer if self.action == "create" else s.CharterAcknowledgementSerializer

    def list_queryset(self, tenant, filters):
        return selectors.charter_acknowledgements_visible(membership=self.request.membership, charter_id=filters.get("charter"))

    def create(self, request, *args, **kwargs):
        serializer = s.CharterAcknowledgeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        charter = None
        if serializer.validated_data.get("charter"):
            charter = selectors.charters(tenant=self.tenant).filter(pk=serializer.validated_data["charter"]).first()
            if charter is None:
                return Response({"charter": [_("This version of the charter does not exist.")]},
                                status=status.HTTP_400_BAD_REQUEST)
        ack = services.charter_acknowledge(tenant=self.tenant, actor=request.user, charter=charter)
        ack = CharterAcknowledgement.unscoped.filter(tenant=self.tenant, pk=ack.pk).select_related("charter", "employee").get()
        return Response(s.CharterAcknowledgementSerializer(ack).data, status=status.HTTP_201_CREATED)


class CharterAcknowledgementRatesView(TenantAPIMixin, generics.GenericAPIView):
    read_perm = Perm.USE_NETWORKING
    write_perm = Perm.MANAGE_CHARTER
    serializer_class = s.CharterRatesSerializer
    filter_backends: list = []
    pagination_class = None

    @extend_schema(
        summary="Acknowledgement rate of the current charter per dealership (VIEW_NETWORKING or MANAGE_CHARTER)",
        description="Active employees per dealership, how many acknowledged the current version, and the rate; employees "
        "with no dealership have their own row (site_id null).",
        responses=s.CharterRatesSerializer,
    )
    def get(self, request, *args, **kwargs):
        if not selectors.can_read_rates(request.membership):
            raise PermissionDenied
        charter = selectors.charter_current(tenant=self.tenant)
        rows, total = selectors.charter_ack_rates(tenant=self.tenant, charter=charter)
        data = {"charter": charter.pk if charter else None, "version": charter.version if charter else None, "sites": rows,
                "total": total}
        return Response(s.CharterRatesSerializer(data).data)
