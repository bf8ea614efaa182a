"""API routes of the programme home, included under /api/v1/g/<tenant_slug>/."""

from rest_framework.routers import DefaultRouter

from bns.programme.home import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("programmes", api.ProgrammeIterationViewSet, basename="api-programme")
router.register("programme-steps", api.ProgrammeStepViewSet, basename="api-programme-step")
router.register("visions", api.VisionViewSet, basename="api-programme-vision")
router.register("workshops", api.WorkshopViewSet, basename="api-programme-workshop")

urlpatterns = router.urls
