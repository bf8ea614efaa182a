"""Pages of the CoDir dashboards (included by dashboards/urls.py under /g/<tenant_slug>/dashboards/)."""

from django.urls import path

from dashboards.codir import views

urlpatterns = [
    path("", views.dashboards_codir, name="dashboards_codir"),
    path("sites/<int:pk>/", views.dashboards_site, name="dashboards_site"),
    path("departments/<int:pk>/", views.dashboards_department, name="dashboards_department"),
    path("metrics/", views.dashboards_metric_list, name="dashboards_metric_list"),
    path("metrics/<slug:key>/", views.dashboards_metric_detail, name="dashboards_metric_detail"),
    path("refresh/", views.dashboards_refresh, name="dashboards_refresh"),
    path("runs/<int:pk>/progress/", views.dashboards_run_progress, name="dashboards_run_progress"),
    path("export/<slug:table>/", views.dashboards_export, name="dashboards_export"),
]
