"""REST API of coaching notes, under /api/v1/g/<tenant_slug>/coaching-notes/ (see bns.api_base for the tenant checks).

A note is read by the employee it is about and their manager line only: anyone else, whatever their role, gets
404. Writes go through networking.coaching.services, like the pages.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from bns.api_base import TenantGenericViewSet
from bns.permissions import Perm
from networking.coaching import selectors, services
from networking.coaching import serializers as s
from networking.models import CoachingNote


@extend_schema_view(
    list=extend_schema(
        summary="The coaching notes you may read",
        description="Your own notes and those of everyone below you in the organisation chart. Executives and "
        "administrators outside the manager line see none.",
        parameters=[s.CoachingNoteFilterSerializer],
    ),
    retrieve=extend_schema(summary="One coaching note (the employee and their manager line only)"),
    create=extend_schema(
        summary="Write a coaching note for an employee below you",
        request=s.CoachingNoteCreateSerializer, responses={201: s.CoachingNoteSerializer},
    ),
    partial_update=extend_schema(
        summary="Change a coaching note (its author only)",
        request=s.CoachingNoteUpdateSerializer, responses=s.CoachingNoteSerializer,
    ),
    destroy=extend_schema(summary="Delete a coaching note (its author only)"),
)
class CoachingNoteViewSet(
    TenantGenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
):
    read_perm = Perm.USE_NETWORKING
    write_perm = Perm.USE_NETWORKING
    queryset = CoachingNote.unscoped.none()
    serializer_class = s.CoachingNoteSerializer
    filter_serializer_class = s.CoachingNoteFilterSerializer
    filter_backends: list = []
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_serializer_class(self):
        return {
            "create": s.CoachingNoteCreateSerializer,
            "partial_update": s.CoachingNoteUpdateSerializer,
        }.get(self.action, s.CoachingNoteSerializer)

    def get_queryset(self):
        # Once per request: the browsable API asks again while rendering, after the tenant context is closed.
        if not hasattr(self, "_visible"):
            self._visible = super().get_queryset()
        return self._visible

    def list_queryset(self, tenant, filters):
        return selectors.coaching_notes_visible(membership=self.request.membership, employee_id=filters.get("employee"))

    def object_get(self, tenant, pk):
        return selectors.coaching_note_get_for(membership=self.request.membership, pk=pk)

    def _present(self, note, code=status.HTTP_200_OK) -> Response:
        note = self.object_get(self.tenant, note.pk)
        return Response(s.CoachingNoteSerializer(note, context=self.get_serializer_context()).data, status=code)

    def create(self, request, *args, **kwargs):
        serializer = s.CoachingNoteCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        note = services.coaching_note_create(tenant=self.tenant, actor=request.user, **serializer.validated_data)
        return self._present(note, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        note = self.get_object()
        serializer = s.CoachingNoteUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.coaching_note_update(tenant=self.tenant, actor=request.user, note=note, **serializer.validated_data)
        return self._present(note)

    def service_destroy(self, instance) -> None:
        services.coaching_note_delete(tenant=self.tenant, actor=self.request.user, note=instance)

    @extend_schema(
        summary="Mark the follow-up done (the author or the employee coached)", request=None,
        responses={200: s.CoachingNoteSerializer, 400: OpenApiResponse(description="The note has no follow-up date.")},
    )
    @action(detail=True, methods=["post"], url_path="follow-up-done")
    def follow_up_done(self, request, *args, **kwargs):
        note = services.coaching_follow_up_done(tenant=self.tenant, actor=request.user, note=self.get_object())
        return self._present(note)
