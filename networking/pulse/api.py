"""REST API of the conviction pulse, under /api/v1/g/<tenant_slug>/pulses/ (tenant checks: bns.api_base).

Same rules as the pages: pulse managers (Perm.MANAGE_PULSE) see and run every pulse; results readers
(Perm.VIEW_NETWORKING) see the open and closed ones and their results; everyone sees the open pulses they are
asked to answer. No endpoint lists answers or participations: ``answer`` takes the caller's answer and returns
only that it was recorded; ``results`` gives aggregates, and only for a closed pulse with enough answers.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from bns.api_base import TenantGenericViewSet
from bns.permissions import Perm
from networking.models import Pulse
from networking.pulse import selectors, services
from networking.pulse import serializers as s


@extend_schema_view(
    list=extend_schema(
        summary="Pulses you may see",
        description=(
            "Pulse managers: every pulse, with the response count and rate. Results readers (group-wide networking "
            "figures): the open and closed pulses. Everyone: the open pulses they are asked to answer, with whether "
            "they have answered (only ever about themselves)."
        ),
    ),
    retrieve=extend_schema(summary="One pulse"),
    create=extend_schema(
        summary="Create a pulse (pulse managers)",
        description="As a draft, or opened right away with open_now. The audience size is counted from the active "
        "employees of the given dealerships and departments (empty lists: all).",
        request=s.PulseCreateSerializer, responses={201: s.PulseSerializer},
    ),
    partial_update=extend_schema(summary="Change a draft pulse (pulse managers)", request=s.PulseUpdateSerializer,
                                 responses=s.PulseSerializer),
)
class PulseViewSet(TenantGenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    read_perm = Perm.USE_NETWORKING
    write_perm = Perm.MANAGE_PULSE
    queryset = Pulse.unscoped.none()
    serializer_class = s.PulseSerializer
    filter_backends: list = []

    def get_permissions(self):
        if self.action == "answer":  # every member answers; the service checks the audience
            self.write_perm = Perm.USE_NETWORKING
        return super().get_permissions()

    def list_queryset(self, tenant, filters):
        return selectors.pulses_visible(tenant=tenant, membership=self.request.membership)

    def object_get(self, tenant, pk):
        return selectors.pulse_get_for(tenant=tenant, membership=self.request.membership, pk=pk)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "swagger_fake_view", False):
            return context
        context.update(tenant=self.tenant, can_manage=self.request.membership.has_perm(Perm.MANAGE_PULSE))
        return context

    def _context(self, pulses) -> dict:
        employee = self.request.membership.employee
        answered = selectors.pulse_answered_ids(tenant=self.tenant, employee=employee, pulse_ids=[p.pk for p in pulses])
        return {**self.get_serializer_context(), "answered_ids": answered}

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        pulses = list(page)
        return self.get_paginated_response(s.PulseSerializer(pulses, many=True, context=self._context(pulses)).data)

    def _present(self, pulse, code=status.HTTP_200_OK):
        pulse = self.object_get(self.tenant, pulse.pk)
        return Response(s.PulseSerializer(pulse, context=self._context([pulse])).data, status=code)

    def retrieve(self, request, *args, **kwargs):
        return self._present(self.get_object())

    def _validated(self, serializer_class, *, partial: bool = False) -> dict:
        serializer = serializer_class(data=self.request.data, partial=partial, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def create(self, request, *args, **kwargs):
        data = self._validated(s.PulseCreateSerializer)
        pulse = services.pulse_create(tenant=self.tenant, actor=request.user, **data)
        return self._present(pulse, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        pulse = self.get_object()
        data = self._validated(s.PulseUpdateSerializer, partial=True)
        return self._present(services.pulse_update(tenant=self.tenant, actor=request.user, pulse=pulse, **data))

    @extend_schema(summary="Open a draft pulse (pulse managers); its audience is told", request=None, responses=s.PulseSerializer)
    @action(detail=True, methods=["post"])
    def open(self, request, *args, **kwargs):
        return self._present(services.pulse_open(tenant=self.tenant, actor=request.user, pulse=self.get_object()))

    @extend_schema(
        summary="Close an open pulse (pulse managers)",
        description="No more answers; the answers are shuffled and re-keyed; results appear if enough people answered.",
        request=None, responses=s.PulseSerializer,
    )
    @action(detail=True, methods=["post"])
    def close(self, request, *args, **kwargs):
        return self._present(services.pulse_close(tenant=self.tenant, actor=request.user, pulse=self.get_object()))

    @extend_schema(
        summary="Send your anonymous answer (once)",
        description=(
            "Only for an open pulse you are asked to answer (otherwise 404, or 400 with the reason for a pulse you may "
            "see). A second answer is refused with 400. The answer is stored without your name, account or time; "
            "nothing is returned but that it was recorded."
        ),
        request=s.PulseAnswerSerializer, responses={201: s.PulseAnswerReceiptSerializer},
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, *args, **kwargs):
        pulse = self.get_object()
        data = self._validated(s.PulseAnswerSerializer)
        services.pulse_answer_submit(tenant=self.tenant, actor=request.user, pulse=pulse, **data)
        return Response({"recorded": True}, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="The pulse's anonymous results (pulse managers and results readers)",
        description=(
            "Shown only once the pulse is closed with at least min_respondents answers (a group setting, never "
            "below 5): otherwise {\"shown\": false, \"reason\": ..., \"min_respondents\": N} and nothing about the "
            "answers (while open, pulse managers also get the response count and rate)."
        ),
        responses=s.PulseResultsSerializer,
    )
    @action(detail=True, methods=["get"])
    def results(self, request, *args, **kwargs):
        if not selectors.can_read_results(request.membership):
            raise PermissionDenied
        pulse = self.get_object()
        results = selectors.pulse_results(tenant=self.tenant, pulse=pulse)
        progress = None
        if pulse.status == Pulse.Status.OPEN and request.membership.has_perm(Perm.MANAGE_PULSE):
            count = selectors.response_count(tenant=self.tenant, pulse=pulse)
            progress = {"count": count, "rate": selectors.rate(count, pulse.audience_size)}
        return Response(s.PulseResultsSerializer(results, context={"progress": progress}).data)
