"""API routes of the real-world networks (included by networking/api_urls.py under /api/v1/g/<tenant_slug>/)."""

from rest_framework.routers import DefaultRouter

from networking.networks import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("networks", api.NetworkViewSet, basename="api-networking-network")
router.register("network-memberships", api.MembershipViewSet, basename="api-networking-membership")
router.register("network-targets", api.TargetViewSet, basename="api-networking-target")
router.register("network-events", api.EventViewSet, basename="api-networking-event")
router.register("networking-coordination", api.CoordinationViewSet, basename="api-networking-coordination")

urlpatterns = router.urls
