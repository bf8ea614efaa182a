"""API routes of coaching (included by networking/api_urls.py under /api/v1/g/<tenant_slug>/)."""

from rest_framework.routers import DefaultRouter

from networking.coaching import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("coaching-notes", api.CoachingNoteViewSet, basename="api-networking-coaching-note")

urlpatterns = router.urls
