"""REST API of the CoDir dashboards, under /api/v1/g/<tenant_slug>/dashboards/ (tenant checks: bns.api_base).

The figures are those of the pages (dashboards/codir/selectors.py: the latest done snapshot only). The group,
dealership and department dashboards need Perm.VIEW_DASHBOARDS; the definitions are open to every member; asking for
a refresh needs Perm.REFRESH_DASHBOARDS and answers the run to poll.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from bns.api_base import TenantAPIMixin
from bns.permissions import Perm
from bns.selectors import department_get_for, site_get_for
from dashboards.catalogue import METRICS, metric_get
from dashboards.codir import selectors
from dashboards.codir import serializers as s
from dashboards.models import Level, SnapshotRun
from dashboards.selectors import snapshot_run_get, snapshot_table
from dashboards.services import snapshot_request


def run_data(run: SnapshotRun | None) -> dict | None:
    if run is None:
        return None
    who = run.requested_by
    return {
        "id": run.pk, "day": run.day, "status": run.status, "progress": run.progress,
        "requested_by": (who.full_name or who.email) if who is not None else None,
        "started_at": run.started_at, "finished_at": run.finished_at, "duration_ms": run.duration_ms,
        "row_count": run.row_count, "error": run.error,
    }


def metric_data(metric) -> dict:
    return {"key": metric.key, "label": str(metric.label), "formula": str(metric.formula), "unit": metric.unit,
            "direction": metric.direction, "scopes": list(metric.scopes), "sources": list(metric.sources),
            "computed": metric.computed}


def dashboard_data(page: selectors.DashboardPage, *, tenant_slug: str) -> dict:
    def definition(key: str) -> str:
        return reverse("api-dashboards-metric-detail", kwargs={"tenant_slug": tenant_slug, "key": key})

    def figure(f: selectors.Figure, section: str) -> dict:
        return {"key": f.key, "label": f.label, "section": section, "unit": f.metric.unit, "direction": f.metric.direction,
                "value": f.value, "median": f.median if page.with_median else None, "level": f.level,
                "definition": definition(f.key)}

    figures = []
    if page.maturity is not None:
        figures += [figure(f, "maturity") for f in [page.maturity, *page.dimensions]]
    for section in page.sections:
        figures += [figure(f, section.key) for f in section.figures]

    data = {
        "level": page.level,
        "entity": {"id": page.entity.pk, "name": page.entity.name} if page.entity is not None else None,
        "day": page.day, "run": run_data(page.run), "active_run": run_data(page.active_run),
        "figures": figures,
        "heatmap": None, "by_site": None, "by_department": None, "kpis": None,
        "trends": None, "profile_quality": [{"label": b.label, "count": b.count, "share": b.share} for b in page.buckets],
    }
    if page.trends is not None:
        data["trends"] = {"weeks": page.trends.weeks,
                          "series": [{"key": m.key, "label": str(m.label), "values": values} for m, values in page.trends.series]}
    if page.heatmap is not None:
        keys = [key for key, _label in page.heatmap.dimensions]
        data["heatmap"] = [{"id": site.pk, "name": site.name, "values": dict(zip(keys, values, strict=True))}
                           for site, values in zip(page.heatmap.sites, page.heatmap.values, strict=True)]
    if page.by_site is not None:
        data["by_site"] = _entity_values(page.by_site)
        data["by_department"] = _entity_values(page.by_department)
    if page.level == Level.GROUP and page.run is not None:
        data["kpis"] = [{"id": row.kpi.pk, "name": row.kpi.name, "metric_key": row.kpi.metric_key,
                         "latest_value": row.kpi.latest_value, "latest_on": row.kpi.latest_on, "target": row.kpi.target,
                         "unit": row.kpi.unit, "status": row.status} for row in page.kpis]
    return data


def _entity_values(table: selectors.Table | None) -> list | None:
    if table is None:
        return None
    keys = [*selectors.ACTIVITY, "maturity_index"]
    out = []
    for row in table.rows:
        out.append({"id": row[0].pk, "name": row[0].raw,
                    "values": {key: cell.raw for key, cell in zip(keys, row[1:], strict=True)}})
    return out


class DashboardView(TenantAPIMixin, generics.GenericAPIView):
    read_perm = Perm.VIEW_DASHBOARDS
    write_perm = Perm.VIEW_DASHBOARDS
    serializer_class = s.DashboardSerializer
    filter_backends: list = []
    pagination_class = None
    level = Level.GROUP

    def entity(self, pk):
        return None

    def get(self, request, *args, **kwargs):
        entity = self.entity(kwargs.get("pk"))
        page = selectors.dashboard_page(tenant=self.tenant, membership=request.membership, level=self.level, entity=entity)
        return Response(s.DashboardSerializer(dashboard_data(page, tenant_slug=self.tenant.slug)).data)


class CodirDashboardView(DashboardView):
    @extend_schema(summary="The CoDir dashboard: the group's figures from the latest complete snapshot",
                   description=selectors.__doc__, responses=s.DashboardSerializer)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class SiteDashboardView(DashboardView):
    level = Level.SITE

    def entity(self, pk):
        return site_get_for(tenant=self.tenant, pk=pk)

    @extend_schema(summary="One dealership's figures beside the median of the group's dealerships", responses=s.DashboardSerializer)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class DepartmentDashboardView(DashboardView):
    level = Level.DEPARTMENT

    def entity(self, pk):
        return department_get_for(tenant=self.tenant, pk=pk)

    @extend_schema(summary="One department's figures beside the median of the group's departments", responses=s.DashboardSerializer)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class MetricListView(TenantAPIMixin, generics.GenericAPIView):
    read_perm = Perm.VIEW_GROUP
    write_perm = Perm.VIEW_GROUP
    serializer_class = s.DashboardMetricSerializer
    filter_backends: list = []
    pagination_class = None

    def get_queryset(self):  # the browsable API's filter form asks for one (a catalogue, not a table)
        return SnapshotRun.unscoped.none()

    @extend_schema(summary="The metric catalogue: every figure's definition (any member)", responses=s.DashboardMetricSerializer(many=True))
    def get(self, request, *args, **kwargs):
        return Response(s.DashboardMetricSerializer([metric_data(m) for m in METRICS], many=True).data)


class MetricDetailView(TenantAPIMixin, generics.GenericAPIView):
    read_perm = Perm.VIEW_GROUP
    write_perm = Perm.VIEW_GROUP
    serializer_class = s.DashboardMetricDetailSerializer
    filter_backends: list = []
    pagination_class = None

    @extend_schema(summary="One metric's definition, with the latest snapshot's time (and the group's value for those "
                           "who may see the dashboards)", responses=s.DashboardMetricDetailSerializer)
    def get(self, request, *args, **kwargs):
        metric = metric_get(kwargs.get("key", ""))
        if metric is None:
            raise Http404
        run = selectors.page_run(tenant=self.tenant)
        value = None
        if run is not None and "group" in metric.scopes and request.membership.has_perm(Perm.VIEW_DASHBOARDS):
            value = snapshot_table(tenant=self.tenant, day=run.day, level=Level.GROUP, metric_keys=[metric.key]).get(
                None, {}).get(metric.key)
        data = {**metric_data(metric), "as_of": run.finished_at if run else None, "day": run.day if run else None,
                "group_value": value}
        return Response(s.DashboardMetricDetailSerializer(data).data)


class RefreshView(TenantAPIMixin, generics.GenericAPIView):
    read_perm = Perm.REFRESH_DASHBOARDS
    write_perm = Perm.REFRESH_DASHBOARDS
    serializer_class = s.DashboardRunSerializer
    filter_backends: list = []
    pagination_class = None

    @extend_schema(summary="Compute the dashboards' snapshot now (executives and administrators): the run to poll",
                   description="Answers 202 with the run queued (or the one already queued or running: asking twice "
                   "never computes twice at once). Poll runs/<id>/ until its status is done; the dashboards keep "
                   "showing the previous snapshot until then.", request=None, responses={202: s.DashboardRunSerializer})
    def post(self, request, *args, **kwargs):
        run = snapshot_request(tenant=self.tenant, actor=request.user)
        return Response(s.DashboardRunSerializer(run_data(run)).data, status=status.HTTP_202_ACCEPTED)


class RunView(TenantAPIMixin, generics.GenericAPIView):
    read_perm = Perm.VIEW_DASHBOARDS
    write_perm = Perm.VIEW_DASHBOARDS
    serializer_class = s.DashboardRunSerializer
    filter_backends: list = []
    pagination_class = None

    @extend_schema(summary="A snapshot computation's status and progress", responses=s.DashboardRunSerializer)
    def get(self, request, *args, **kwargs):
        run = snapshot_run_get(tenant=self.tenant, pk=kwargs.get("pk"))
        if run is None:
            raise Http404
        return Response(s.DashboardRunSerializer(run_data(run)).data)
