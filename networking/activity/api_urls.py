"""API routes of networking activity (included by networking/api_urls.py under /api/v1/g/<tenant_slug>/)."""

from rest_framework.routers import DefaultRouter

from networking.activity import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("activities", api.ActivityViewSet, basename="api-networking-activity")
router.register("activity-imports", api.ActivityImportViewSet, basename="api-networking-activity-import")
router.register("tool-licences", api.ToolLicenceViewSet, basename="api-networking-tool-licence")

urlpatterns = router.urls
