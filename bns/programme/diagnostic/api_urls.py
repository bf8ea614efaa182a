"""API routes of step 2 (the self-assessment), included under /api/v1/g/<tenant_slug>/."""

from rest_framework.routers import DefaultRouter

from bns.programme.diagnostic import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("programme-diagnostic-questions", api.DiagnosticQuestionViewSet, basename="api-programme-diagnostic-question")
router.register("programme-diagnostic-answers", api.DiagnosticAnswerViewSet, basename="api-programme-diagnostic-answer")
router.register("programme-diagnostic-results", api.DiagnosticResultViewSet, basename="api-programme-diagnostic-result")

urlpatterns = router.urls
