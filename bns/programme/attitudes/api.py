"""REST API of the attitudes, under /api/v1/g/<tenant_slug>/ (tenant checks: bns.api_base).

Every member reads (Perm.VIEW_PROGRAMME); the services let only the programme's editors write the behaviours
(Perm.MANAGE_PROGRAMME or the iteration's process owner): others get 403. The charter is the networking app's: the
summary links to it with its acknowledgement rate.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.response import Response

from bns.programme.access import programme_get_for, programme_require_edit
from bns.programme.attitudes import selectors, services
from bns.programme.attitudes import serializers as s
from bns.programme.models import RoleBehaviour
from bns.programme.strategy.api import ProgrammeViewSet, programme_current_or_400


@extend_schema_view(
    list=extend_schema(summary="Expected behaviours per role of an iteration (the current one by default)",
                       parameters=[s.RoleBehaviourFilterSerializer]),
    retrieve=extend_schema(summary="One role's expected behaviours"),
    create=extend_schema(
        summary="Write a role's expected behaviours (programme editors)",
        description="Upsert: the iteration's earlier text for that role is replaced (201 when new, 200 when replaced).",
        request=s.RoleBehaviourWriteSerializer, responses={201: s.RoleBehaviourSerializer, 200: s.RoleBehaviourSerializer},
    ),
    partial_update=extend_schema(summary="Change a role's expected behaviours (programme editors)",
                                 request=s.RoleBehaviourUpdateSerializer, responses=s.RoleBehaviourSerializer),
    destroy=extend_schema(summary="Remove a role's expected behaviours (programme editors); the suggestion is shown again"),
)
class RoleBehaviourViewSet(ProgrammeViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    queryset = RoleBehaviour.unscoped.none()
    serializer_class = s.RoleBehaviourSerializer
    filter_serializer_class = s.RoleBehaviourFilterSerializer

    def list_queryset(self, tenant, filters):
        programme_id = self._programme_id(filters)
        if programme_id is None:
            return RoleBehaviour.unscoped.none()
        return selectors.role_behaviour_list(tenant=tenant, programme_id=programme_id, role=filters.get("role", ""))

    def object_get(self, tenant, pk):
        return selectors.role_behaviour_get_for(tenant=tenant, pk=pk)

    def create(self, request, *args, **kwargs):
        data = self._validated(s.RoleBehaviourWriteSerializer)
        programme = data.get("programme") or programme_current_or_400(self.tenant)
        existed = RoleBehaviour.unscoped.filter(tenant=self.tenant, programme=programme, role=data["role"]).exists()
        saved = services.role_behaviour_set(tenant=self.tenant, actor=request.user, programme=programme, role=data["role"],
                                            behaviours=data["behaviours"])
        return Response(s.RoleBehaviourSerializer(self.refetch(saved)).data,
                        status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        behaviour = self.get_object()
        data = self._validated(s.RoleBehaviourUpdateSerializer, partial=True)
        if "behaviours" in data:
            behaviour = services.role_behaviour_set(tenant=self.tenant, actor=request.user, programme=behaviour.programme,
                                                    role=behaviour.role, behaviours=data["behaviours"])
        else:  # nothing to change: still only for the editors
            programme_require_edit(membership=request.membership, programme=behaviour.programme)
        return Response(s.RoleBehaviourSerializer(self.refetch(behaviour)).data)

    def destroy(self, request, *args, **kwargs):
        services.role_behaviour_delete(tenant=self.tenant, actor=request.user, behaviour=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class AttitudesViewSet(ProgrammeViewSet):
    queryset = RoleBehaviour.unscoped.none()
    serializer_class = s.AttitudesSerializer
    filter_serializer_class = s.AttitudesFilterSerializer

    def list_queryset(self, tenant, filters):  # a summary, not a list (the browsable API may still ask)
        return RoleBehaviour.unscoped.none()

    @extend_schema(
        summary="The attitudes of an iteration: the charter's current version and acknowledgement rate, and the "
                "behaviours expected of each role (or the suggestion where none are written)",
        parameters=[s.AttitudesFilterSerializer], responses=s.AttitudesSerializer,
    )
    def list(self, request, *args, **kwargs):
        programme_id = self._programme_id(self.list_filters())
        programme = programme_get_for(tenant=self.tenant, pk=programme_id) if programme_id else None
        summary = selectors.charter_summary(tenant=self.tenant, membership=request.membership)
        charter = None
        if summary.charter is not None:
            charter = {"charter": summary.charter, "total": summary.total, "sites": summary.sites,
                       "url": reverse("networking_charter", kwargs={"tenant_slug": self.tenant.slug})}
        roles = selectors.attitudes_rows(tenant=self.tenant, programme=programme) if programme is not None else []
        return Response(s.AttitudesSerializer({"programme": programme.pk if programme else None, "charter": charter,
                                               "roles": roles}).data)
