"""Routes of the programme API, included under /api/v1/g/<tenant_slug>/ by bns/api/urls.py."""

from django.urls import include, path

urlpatterns = [
    path("", include("bns.programme.home.api_urls")),
    path("", include("bns.programme.diagnostic.api_urls")),
    path("", include("bns.programme.objectives.api_urls")),
    path("", include("bns.programme.strategy.api_urls")),
    path("", include("bns.programme.means.api_urls")),
    path("", include("bns.programme.attitudes.api_urls")),
    path("", include("bns.programme.reviews.api_urls")),
    path("", include("bns.programme.report.api_urls")),
]
