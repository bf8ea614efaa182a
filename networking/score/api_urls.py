"""API routes of the networking score (included by networking/api_urls.py under /api/v1/g/<tenant_slug>/)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from networking.score import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("networking-scores", api.NetworkingScoreViewSet, basename="api-networking-score")
router.register("networking-score-runs", api.ScoreRunViewSet, basename="api-networking-score-run")

urlpatterns = [
    path("networking-settings/", api.NetworkingSettingsView.as_view(), name="api-networking-settings"),
    *router.urls,
]
