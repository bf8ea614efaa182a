"""API routes of steps 7 and 8 (steering reviews, lessons), included under /api/v1/g/<tenant_slug>/."""

from rest_framework.routers import DefaultRouter

from bns.programme.reviews import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("programme-reviews", api.ReviewViewSet, basename="api-programme-review")
router.register("programme-review-schedule", api.ReviewScheduleViewSet, basename="api-programme-review-schedule")
router.register("programme-lessons", api.LessonViewSet, basename="api-programme-lesson")

urlpatterns = router.urls
