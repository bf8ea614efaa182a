"""Pages of the dashboards, under /g/<tenant_slug>/dashboards/ (each area in its own package)."""

from django.urls import include, path

urlpatterns = [
    path("", include("dashboards.codir.urls")),
    path("", include("dashboards.coaching.urls")),
]
