"""API routes of the CoDir dashboards (included by dashboards/api_urls.py under /api/v1/g/<tenant_slug>/)."""

from django.urls import path

from dashboards.codir import api

urlpatterns = [
    path("dashboards/codir/", api.CodirDashboardView.as_view(), name="api-dashboards-codir"),
    path("dashboards/sites/<int:pk>/", api.SiteDashboardView.as_view(), name="api-dashboards-site"),
    path("dashboards/departments/<int:pk>/", api.DepartmentDashboardView.as_view(), name="api-dashboards-department"),
    path("dashboards/metrics/", api.MetricListView.as_view(), name="api-dashboards-metric-list"),
    path("dashboards/metrics/<slug:key>/", api.MetricDetailView.as_view(), name="api-dashboards-metric-detail"),
    path("dashboards/refresh/", api.RefreshView.as_view(), name="api-dashboards-refresh"),
    path("dashboards/runs/<int:pk>/", api.RunView.as_view(), name="api-dashboards-run"),
]
