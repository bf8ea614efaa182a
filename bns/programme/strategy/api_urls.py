"""API routes of step 4 (strategy), included under /api/v1/g/<tenant_slug>/."""

from rest_framework.routers import DefaultRouter

from bns.programme.strategy import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("programme-strategy-options", api.StrategyOptionViewSet, basename="api-programme-strategy-option")
router.register("programme-strategy-challenges", api.StrategyChallengeViewSet, basename="api-programme-strategy-challenge")

urlpatterns = router.urls
