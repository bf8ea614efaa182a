"""API routes of the conviction pulse (included by networking/api_urls.py under /api/v1/g/<tenant_slug>/)."""

from rest_framework.routers import DefaultRouter

from networking.pulse import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("pulses", api.PulseViewSet, basename="api-networking-pulse")

urlpatterns = router.urls
