"""Routes of the dashboards API, included under /api/v1/g/<tenant_slug>/ by bns/api/urls.py."""

from django.urls import include, path

urlpatterns = [
    path("", include("dashboards.codir.api_urls")),
    path("", include("dashboards.coaching.api_urls")),
]
