"""API routes of the attitudes, included under /api/v1/g/<tenant_slug>/."""

from rest_framework.routers import DefaultRouter

from bns.programme.attitudes import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("programme-role-behaviours", api.RoleBehaviourViewSet, basename="api-programme-role-behaviour")
router.register("programme-attitudes", api.AttitudesViewSet, basename="api-programme-attitudes")

urlpatterns = router.urls
