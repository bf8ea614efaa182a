"""API routes of contacts/intros (included by contacts/api_urls.py under /api/v1/g/<tenant_slug>/)."""

from rest_framework.routers import DefaultRouter

from contacts.intros import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("intros", api.IntroRequestViewSet, basename="api-intros-request")

urlpatterns = router.urls
