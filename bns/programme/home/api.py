"""REST API of the programme home, under /api/v1/g/<tenant_slug>/ (tenant checks: bns.api_base).

Every member reads (Perm.VIEW_PROGRAMME); the services say who writes: executives and admins start an iteration; they
and the iteration's process owner change it, its steps and workshops, close it and start the next one (a closed
iteration only executives and admins); the vision is published by executives, admins and the process owner of the
iteration in progress. Others get 403; another group's ids 404.
"""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from bns.programme.access import programme_get_for
from bns.programme.home import selectors, services
from bns.programme.home import serializers as s
from bns.programme.models import Programme, ProgrammeStep, VisionVersion, Workshop
from bns.programme.strategy.api import ProgrammeViewSet, programme_current_or_400


@extend_schema_view(
    list=extend_schema(summary="The group's programme iterations, latest first"),
    retrieve=extend_schema(summary="One iteration of the programme"),
    create=extend_schema(
        summary="Start the programme: a new iteration with its 8 steps (executives and admins)",
        description="Refused (400) while another iteration is in progress, or when the target end is not 3 to 6 months "
                    "after the start. The process owner and sponsor are active employees of the group.",
        request=s.ProgrammeStartSerializer, responses={201: s.ProgrammeSerializer}),
    partial_update=extend_schema(
        summary="Change an iteration: title, process owner, sponsor, dates, review cadence, current step (its editors)",
        request=s.ProgrammeUpdateSerializer, responses=s.ProgrammeSerializer),
)
class ProgrammeIterationViewSet(ProgrammeViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    queryset = Programme.unscoped.none()
    serializer_class = s.ProgrammeSerializer

    def list_queryset(self, tenant, filters):
        return selectors.programme_list(tenant=tenant)

    def object_get(self, tenant, pk):
        return programme_get_for(tenant=tenant, pk=pk)

    def _present(self, programme, code=status.HTTP_200_OK):
        return Response(s.ProgrammeSerializer(self.refetch(programme)).data, status=code)

    def create(self, request, *args, **kwargs):
        data = self._validated(s.ProgrammeStartSerializer)
        return self._present(services.programme_start(tenant=self.tenant, actor=request.user, **data), status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        programme = self.get_object()
        data = self._validated(s.ProgrammeUpdateSerializer, partial=True)
        return self._present(services.programme_update(tenant=self.tenant, actor=request.user, programme=programme, **data))

    @extend_schema(summary="Close this iteration (its editors); it stays readable",
                   description="The body is ignored. 400 when it is already closed.", request=None, responses=s.ProgrammeSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, *args, **kwargs):
        programme = services.programme_close(tenant=self.tenant, actor=request.user, programme=self.get_object())
        return self._present(programme)

    @extend_schema(
        summary="Start the next iteration, pre-filled from this one (closed first when still in progress)",
        description=services.programme_next_iteration.__doc__,
        request=s.NextIterationSerializer, responses={201: s.ProgrammeSerializer})
    @action(detail=True, methods=["post"], url_path="next-iteration", url_name="next-iteration")
    def next_iteration(self, request, *args, **kwargs):
        previous = self.get_object()
        data = self._validated(s.NextIterationSerializer)
        new = services.programme_next_iteration(tenant=self.tenant, actor=request.user, previous=previous, **data)
        return self._present(new, status.HTTP_201_CREATED)

    @extend_schema(
        summary="The iteration's 8 steps: status, owner, what is done, what is missing, the next thing to do; with the facts",
        description=selectors.programme_overview.__doc__, responses=s.OverviewSerializer)
    @action(detail=True, methods=["get"])
    def overview(self, request, *args, **kwargs):
        overview = selectors.programme_overview(tenant=self.tenant, programme=self.get_object(), today=timezone.localdate())
        return Response(s.OverviewSerializer(overview).data)


@extend_schema_view(
    list=extend_schema(summary="The 8 steps of an iteration (the current one by default)",
                       parameters=[s.ProgrammeStepFilterSerializer]),
    retrieve=extend_schema(summary="One step of an iteration"),
    partial_update=extend_schema(summary="Change a step: status, owner, notes, next thing to do, due date (its editors)",
                                 request=s.ProgrammeStepUpdateSerializer, responses=s.ProgrammeStepSerializer),
)
class ProgrammeStepViewSet(ProgrammeViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    queryset = ProgrammeStep.unscoped.none()
    serializer_class = s.ProgrammeStepSerializer
    filter_serializer_class = s.ProgrammeStepFilterSerializer

    def list_queryset(self, tenant, filters):
        programme_id = self._programme_id(filters)
        if programme_id is None:
            return ProgrammeStep.unscoped.none()
        return selectors.programme_step_list(tenant=tenant, programme_id=programme_id)

    def object_get(self, tenant, pk):
        return selectors.programme_step_get_for(tenant=tenant, pk=pk)

    def partial_update(self, request, *args, **kwargs):
        step = self.get_object()
        data = self._validated(s.ProgrammeStepUpdateSerializer, partial=True)
        step = services.programme_step_update(tenant=self.tenant, actor=request.user, step=step, **data)
        return Response(s.ProgrammeStepSerializer(self.refetch(step)).data)


@extend_schema_view(
    list=extend_schema(summary="The versions of the group's vision, latest first"),
    retrieve=extend_schema(summary="One version of the vision"),
    create=extend_schema(
        summary="Publish a new version of the vision (executives, admins, the process owner of the iteration in progress)",
        description="The version number is the latest + 1; a text identical to the current version is refused (400).",
        request=s.VisionCreateSerializer, responses={201: s.VisionSerializer}),
)
class VisionViewSet(ProgrammeViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    queryset = VisionVersion.unscoped.none()
    serializer_class = s.VisionSerializer

    def list_queryset(self, tenant, filters):
        return selectors.vision_history(tenant=tenant)

    def object_get(self, tenant, pk):
        return selectors.vision_get_for(tenant=tenant, pk=pk)

    def create(self, request, *args, **kwargs):
        data = self._validated(s.VisionCreateSerializer)
        vision = services.vision_publish(tenant=self.tenant, actor=request.user, **data)
        return Response(s.VisionSerializer(self.refetch(vision)).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Workshops (ateliers) of an iteration (the current one by default), latest first",
                       parameters=[s.WorkshopFilterSerializer]),
    retrieve=extend_schema(summary="One workshop, with its participants"),
    create=extend_schema(summary="Add a workshop (the iteration's editors)", request=s.WorkshopCreateSerializer,
                         responses={201: s.WorkshopSerializer}),
    partial_update=extend_schema(summary="Change a workshop; participants replaces the whole list (the iteration's editors)",
                                 request=s.WorkshopUpdateSerializer, responses=s.WorkshopSerializer),
    destroy=extend_schema(summary="Delete a workshop (the iteration's editors)"),
)
class WorkshopViewSet(ProgrammeViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    queryset = Workshop.unscoped.none()
    serializer_class = s.WorkshopSerializer
    filter_serializer_class = s.WorkshopFilterSerializer

    def list_queryset(self, tenant, filters):
        programme_id = self._programme_id(filters)
        if programme_id is None:
            return Workshop.unscoped.none()
        try:
            programme = programme_get_for(tenant=tenant, pk=programme_id)
        except Http404:
            return Workshop.unscoped.none()
        return selectors.workshop_list(tenant=tenant, programme=programme, step=filters.get("step"),
                                       search=filters.get("search", ""), with_participants=True)

    def object_get(self, tenant, pk):
        return selectors.workshop_get_for(tenant=tenant, pk=pk)

    def _present(self, workshop, code=status.HTTP_200_OK):
        return Response(s.WorkshopSerializer(self.refetch(workshop)).data, status=code)

    def create(self, request, *args, **kwargs):
        data = self._validated(s.WorkshopCreateSerializer)
        programme = data.pop("programme", None) or programme_current_or_400(self.tenant)
        workshop = services.workshop_create(tenant=self.tenant, actor=request.user, programme=programme, **data)
        return self._present(workshop, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        workshop = self.get_object()
        data = self._validated(s.WorkshopUpdateSerializer, partial=True)
        return self._present(services.workshop_update(tenant=self.tenant, actor=request.user, workshop=workshop, **data))

    def destroy(self, request, *args, **kwargs):
        services.workshop_delete(tenant=self.tenant, actor=request.user, workshop=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
