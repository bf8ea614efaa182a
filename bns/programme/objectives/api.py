"""REST API of the objectives, KPIs, KPI values and the metric catalogue, under /api/v1/g/<tenant_slug>/ (tenant
checks: bns.api_base).

Same rules as the pages: every member reads; executives, admins and the iteration's process owner write (checked by
the services: anyone else gets 403). Lists show the current iteration unless ``?programme=<id>`` names another.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from bns.api_base import TenantGenericViewSet
from bns.permissions import Perm
from bns.programme.models import Kpi, KpiValue, Objective
from bns.programme.objectives import selectors, services
from bns.programme.objectives import serializers as s
from dashboards.catalogue import METRICS


class ProgrammeAPIViewSet(TenantGenericViewSet):
    read_perm = Perm.VIEW_PROGRAMME
    write_perm = Perm.VIEW_PROGRAMME  # who may edit is the services' check (programme_require_edit): 403 otherwise
    filter_backends: list = []
    filter_serializer_class = s.ProgrammeFilterSerializer

    def _validated(self, serializer_class, *, partial: bool = False) -> dict:
        serializer = serializer_class(data=self.request.data, partial=partial, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def list_programme(self):
        return selectors.programme_pick(tenant=self.tenant, pk=self.list_filters().get("programme"))

    def create_programme(self, data: dict):
        programme = data.pop("programme", None) or selectors.programme_pick(tenant=self.tenant)
        if programme is None:
            raise ValidationError({"programme": [_("The group has not started its programme yet.")]})
        return programme


# --- Objectives ---------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="The objectives of an iteration, with their SMART checks", description=(
        "Each objective with ``smart``: the five letters (Specific, Measurable, Achievable, Relevant, Time-bound), "
        "whether each passes and why, and its progress (the KPI's latest value between baseline and target)."),
        parameters=[s.ProgrammeFilterSerializer]),
    retrieve=extend_schema(summary="One objective, with its SMART checks"),
    create=extend_schema(summary="Add an objective (executives, admins, the process owner)", request=s.ObjectiveWriteSerializer,
                         responses={201: s.ObjectiveSerializer}),
    update=extend_schema(summary="Change an objective", request=s.ObjectiveWriteSerializer, responses=s.ObjectiveSerializer),
    partial_update=extend_schema(summary="Change an objective", request=s.ObjectiveWriteSerializer,
                                 responses=s.ObjectiveSerializer),
    destroy=extend_schema(summary="Delete an objective"),
)
class ObjectiveViewSet(ProgrammeAPIViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    queryset = Objective.unscoped.none()
    serializer_class = s.ObjectiveSerializer

    def list_queryset(self, tenant, filters):
        self._programme = self.list_programme()
        if self._programme is None:
            return Objective.unscoped.none()
        return selectors.objective_list(tenant=tenant, programme=self._programme)

    def object_get(self, tenant, pk):
        return selectors.objective_get_for(tenant=tenant, pk=pk)

    def _data(self, objectives, programme):
        rows = selectors.objective_rows(tenant=self.tenant, programme=programme, objectives=objectives)
        context = {**self.get_serializer_context(), "rows": {row.objective.pk: row for row in rows}}
        return s.ObjectiveSerializer(objectives, many=True, context=context).data

    def list(self, request, *args, **kwargs):
        objectives = list(self.paginate_queryset(self.get_queryset()))
        data = self._data(objectives, self._programme) if objectives else []
        return self.get_paginated_response(data)

    def _present(self, objective, code=status.HTTP_200_OK):
        objective = self.object_get(self.tenant, objective.pk)
        return Response(self._data([objective], objective.programme)[0], status=code)

    def retrieve(self, request, *args, **kwargs):
        return self._present(self.get_object())

    def create(self, request, *args, **kwargs):
        data = self._validated(s.ObjectiveWriteSerializer)
        programme = self.create_programme(data)
        objective = services.objective_create(tenant=self.tenant, actor=request.user, programme=programme, **data)
        return self._present(objective, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        objective = self.get_object()
        data = self._validated(s.ObjectiveWriteSerializer, partial=kwargs.get("partial", False))
        data.pop("programme", None)  # an objective stays in its iteration
        return self._present(services.objective_update(tenant=self.tenant, actor=request.user, objective=objective, **data))

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request, *args, **kwargs):
        services.objective_delete(tenant=self.tenant, actor=request.user, objective=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- KPIs ---------------------------------------------------------------------------------------------

MeasureSerializer = inline_serializer("KpiMeasureResult", fields={
    "computed": serializers.BooleanField(help_text="False: the catalogue has no value for this scope yet; nothing stored."),
    "detail": serializers.CharField(),
    "value": s.KpiValueSerializer(allow_null=True),
})


@extend_schema_view(
    list=extend_schema(summary="The KPIs of an iteration, with their latest value and status",
                       parameters=[s.ProgrammeFilterSerializer]),
    retrieve=extend_schema(summary="One KPI"),
    create=extend_schema(summary="Add a KPI: a metric of the catalogue, or entered by hand with its source",
                         request=s.KpiWriteSerializer, responses={201: s.KpiSerializer}),
    partial_update=extend_schema(summary="Change a KPI", request=s.KpiWriteSerializer, responses=s.KpiSerializer),
    destroy=extend_schema(summary="Delete a KPI and its values"),
)
class KpiViewSet(ProgrammeAPIViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    queryset = Kpi.unscoped.none()
    serializer_class = s.KpiSerializer

    def list_queryset(self, tenant, filters):
        self._programme = self.list_programme()
        if self._programme is None:
            return Kpi.unscoped.none()
        return selectors.kpi_list(tenant=tenant, programme=self._programme)

    def object_get(self, tenant, pk):
        return selectors.kpi_get_for(tenant=tenant, pk=pk)

    def _data(self, kpis, programme):
        rows = selectors.kpi_rows(tenant=self.tenant, programme=programme, kpis=kpis)
        context = {**self.get_serializer_context(), "statuses": {row.kpi.pk: row.status for row in rows}}
        return s.KpiSerializer(kpis, many=True, context=context).data

    def list(self, request, *args, **kwargs):
        kpis = list(self.paginate_queryset(self.get_queryset()))
        return self.get_paginated_response(self._data(kpis, self._programme) if kpis else [])

    def _present(self, kpi, code=status.HTTP_200_OK):
        kpi = self.object_get(self.tenant, kpi.pk)
        return Response(self._data([kpi], kpi.programme)[0], status=code)

    def retrieve(self, request, *args, **kwargs):
        return self._present(self.get_object())

    def create(self, request, *args, **kwargs):
        data = self._validated(s.KpiWriteSerializer)
        programme = self.create_programme(data)
        return self._present(services.kpi_create(tenant=self.tenant, actor=request.user, programme=programme, **data),
                             status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        kpi = self.get_object()
        data = self._validated(s.KpiWriteSerializer, partial=True)
        data.pop("programme", None)
        return self._present(services.kpi_update(tenant=self.tenant, actor=request.user, kpi=kpi, **data))

    def destroy(self, request, *args, **kwargs):
        services.kpi_delete(tenant=self.tenant, actor=request.user, kpi=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="Measure a catalogue KPI now", request=None, responses=MeasureSerializer, description=(
        "Stores the catalogue's value for the KPI's scope (source \"computed: <formula>\"), replacing the day's value. "
        "When the catalogue has no data, nothing is stored and ``computed`` is false."))
    @action(detail=True, methods=["post"])
    def measure(self, request, *args, **kwargs):
        row = services.kpi_measure(tenant=self.tenant, actor=request.user, kpi=self.get_object())
        if row is None:
            return Response({"computed": False, "detail": _("No computed value yet."), "value": None})
        return Response({"computed": True, "detail": _("Measured."), "value": s.KpiValueSerializer(row).data})


@extend_schema_view(
    list=extend_schema(summary="KPI values of an iteration (filter by KPI)", parameters=[s.KpiValueFilterSerializer]),
    retrieve=extend_schema(summary="One KPI value"),
    create=extend_schema(summary="Record a value by hand (the same day again replaces it)", request=s.KpiValueWriteSerializer,
                         responses={201: s.KpiValueSerializer}),
    destroy=extend_schema(summary="Delete a KPI value"),
)
class KpiValueViewSet(ProgrammeAPIViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    queryset = KpiValue.unscoped.none()
    serializer_class = s.KpiValueSerializer
    filter_serializer_class = s.KpiValueFilterSerializer

    def list_queryset(self, tenant, filters):
        kpi_id = filters.get("kpi")
        if kpi_id:
            return selectors.kpi_value_list(tenant=tenant, kpi_id=kpi_id)
        programme = self.list_programme()
        if programme is None:
            return KpiValue.unscoped.none()
        return selectors.kpi_value_list(tenant=tenant, programme=programme)

    def object_get(self, tenant, pk):
        return selectors.kpi_value_get_for(tenant=tenant, pk=pk)

    def create(self, request, *args, **kwargs):
        data = self._validated(s.KpiValueWriteSerializer)
        row = services.kpi_value_record(tenant=self.tenant, actor=request.user, **data)
        return Response(s.KpiValueSerializer(row).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        services.kpi_value_delete(tenant=self.tenant, actor=request.user, kpi_value=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- The catalogue ------------------------------------------------------------------------------------


@extend_schema_view(list=extend_schema(summary="The metric catalogue", description=(
    "Every metric the system measures: key (for a KPI's metric_key), label, formula, unit, direction (up: higher is "
    "better), the scope levels it is defined for, the tables it reads, and whether anything computes it yet.")))
class MetricViewSet(ProgrammeAPIViewSet, mixins.ListModelMixin):
    queryset = Kpi.unscoped.none()  # no table: the registry of dashboards.catalogue
    serializer_class = s.MetricSerializer
    filter_serializer_class = None
    pagination_class = None

    def list_queryset(self, tenant, filters):
        return Kpi.unscoped.none()

    def list(self, request, *args, **kwargs):
        return Response(s.MetricSerializer([{
            "key": m.key, "label": str(m.label), "formula": str(m.formula), "unit": m.unit, "direction": m.direction,
            "scopes": list(m.scopes), "sources": list(m.sources), "computed": m.computed,
        } for m in METRICS], many=True).data)
