"""Pages of the BNS programme, under /g/<tenant_slug>/programme/ (each area in its own package)."""

from django.urls import include, path

urlpatterns = [
    path("", include("bns.programme.home.urls")),
    path("diagnostic/", include("bns.programme.diagnostic.urls")),
    path("objectives/", include("bns.programme.objectives.urls")),
    path("strategy/", include("bns.programme.strategy.urls")),
    path("means/", include("bns.programme.means.urls")),
    path("attitudes/", include("bns.programme.attitudes.urls")),
    path("reviews/", include("bns.programme.reviews.urls")),
    path("lessons/", include("bns.programme.reviews.lesson_urls")),
    path("report/", include("bns.programme.report.urls")),
]
