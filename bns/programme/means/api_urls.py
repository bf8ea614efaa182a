"""API routes of step 5 (means), included under /api/v1/g/<tenant_slug>/."""

from rest_framework.routers import DefaultRouter

from bns.programme.means import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("programme-actions", api.ProgrammeActionViewSet, basename="api-programme-action")
router.register("programme-action-roles", api.ActionRoleViewSet, basename="api-programme-action-role")
router.register("programme-budget-lines", api.BudgetLineViewSet, basename="api-programme-budget-line")
router.register("programme-budget", api.BudgetSummaryViewSet, basename="api-programme-budget")

urlpatterns = router.urls
