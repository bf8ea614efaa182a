"""API routes of the objectives and KPIs (included by bns/programme/api_urls.py under /api/v1/g/<tenant_slug>/)."""

from rest_framework.routers import DefaultRouter

from bns.programme.objectives import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("programme-objectives", api.ObjectiveViewSet, basename="api-programme-objective")
router.register("programme-kpis", api.KpiViewSet, basename="api-programme-kpi")
router.register("programme-kpi-values", api.KpiValueViewSet, basename="api-programme-kpi-value")
router.register("metrics", api.MetricViewSet, basename="api-programme-metric")

urlpatterns = router.urls
