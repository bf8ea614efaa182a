"""Routes of the networking API, included under /api/v1/g/<tenant_slug>/ by bns/api/urls.py."""

from django.urls import include, path

urlpatterns = [
    path("", include("networking.profiles.api_urls")),
    path("", include("networking.activity.api_urls")),
    path("", include("networking.networks.api_urls")),
    path("", include("networking.coaching.api_urls")),
    path("", include("networking.charter.api_urls")),
    path("", include("networking.pulse.api_urls")),
    path("", include("networking.score.api_urls")),
]
