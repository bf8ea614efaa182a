"""API routes of social profiles (included by networking/api_urls.py under /api/v1/g/<tenant_slug>/)."""

from rest_framework.routers import DefaultRouter

from networking.profiles import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("social-profiles", api.SocialProfileViewSet, basename="api-networking-social-profile")
router.register("social-profile-checklists", api.SocialProfileChecklistViewSet, basename="api-networking-social-profile-checklist")

urlpatterns = router.urls
