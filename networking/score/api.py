"""REST API of the networking score, under /api/v1/g/<tenant_slug>/ (tenant checks: bns.api_base).

Same rules as the pages: every member reads their own scores and those of the employees below them in the
management line; members with the networking-figures permission read everyone's. Any member may ask for a
computation (one at a time per group). The settings: read with the networking-figures permission, changed with
the policy permission, through networking.score.services.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.response import Response
from rest_framework.views import APIView

from bns.api_base import TenantAPIMixin, TenantGenericViewSet
from bns.permissions import Perm
from networking.models import NetworkingScore, NetworkingScoreRun
from networking.score import selectors, services
from networking.score import serializers as s
from networking.selectors import networking_settings_get


@extend_schema_view(
    list=extend_schema(
        summary="List networking scores",
        description="By default each employee's latest snapshot; ?date= one day's snapshots; ?employee= every snapshot "
        "of one employee. Only the employees you may see: yourself, the employees below you in the management line, "
        "or everyone with the networking-figures permission (executives, site directors, admins, consultants).",
        parameters=[s.ScoreFilterSerializer],
    ),
    retrieve=extend_schema(summary="One networking score snapshot, with its inputs and what would raise it"),
)
class NetworkingScoreViewSet(TenantGenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    read_perm = Perm.USE_NETWORKING
    write_perm = Perm.USE_NETWORKING
    queryset = NetworkingScore.unscoped.none()
    serializer_class = s.NetworkingScoreSerializer
    filter_serializer_class = s.ScoreFilterSerializer
    filter_backends: list = []

    def list_queryset(self, tenant, filters):
        return selectors.score_list_for(membership=self.request.membership, employee_id=filters.get("employee"),
                                        day=filters.get("date"))

    def object_get(self, tenant, pk):
        return selectors.score_get_for(membership=self.request.membership, pk=pk)


@extend_schema_view(
    list=extend_schema(summary="List the group's score computations, newest first"),
    retrieve=extend_schema(summary="One score computation, with its progress"),
    create=extend_schema(
        summary="Ask for a computation of the group's scores",
        description="Queued and run in the background; poll the computation for its progress. While one is queued or "
        "running, that one is returned instead (no second computation). The body is ignored.",
        request=None,
        responses={202: s.ScoreRunSerializer},
    ),
)
class ScoreRunViewSet(TenantGenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    read_perm = Perm.USE_NETWORKING
    write_perm = Perm.USE_NETWORKING
    queryset = NetworkingScoreRun.unscoped.none()
    serializer_class = s.ScoreRunSerializer
    filter_backends: list = []

    def list_queryset(self, tenant, filters):
        return selectors.score_runs(tenant=tenant)

    def object_get(self, tenant, pk):
        return selectors.score_run_get_for(tenant=tenant, pk=pk)

    def create(self, request, *args, **kwargs):
        run = services.score_run_request(tenant=self.tenant, actor=request.user)
        run.refresh_from_db()  # without a worker the run is already done after commit
        return Response(s.ScoreRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class NetworkingSettingsView(TenantAPIMixin, APIView):
    """The group's networking settings: read with the networking-figures permission, changed by admins."""

    read_perm = Perm.VIEW_NETWORKING
    write_perm = Perm.MANAGE_POLICY
    serializer_class = s.NetworkingSettingsSerializer

    @extend_schema(summary="The group's networking settings", tags=["networking-settings"],
                   responses=s.NetworkingSettingsSerializer)
    def get(self, request, *args, **kwargs):
        return Response(s.NetworkingSettingsSerializer(networking_settings_get(tenant=self.tenant)).data)

    @extend_schema(
        summary="Change the group's networking settings",
        description="Send only the settings to change; score_weights may name only the inputs to change. Out-of-range "
        "or unknown values, a pulse threshold below 5, or pillar weights not adding up to 25 answer 400 and change "
        "nothing; each change is written to the audit trail. New weights apply from the next computation.",
        tags=["networking-settings"],
        request=s.NetworkingSettingsSerializer,
        responses={200: s.NetworkingSettingsSerializer, 400: OpenApiResponse(description="Invalid settings")},
    )
    def patch(self, request, *args, **kwargs):
        serializer = s.NetworkingSettingsSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        updated = services.networking_settings_update(tenant=self.tenant, actor=request.user, **serializer.validated_data)
        return Response(s.NetworkingSettingsSerializer(updated).data)
