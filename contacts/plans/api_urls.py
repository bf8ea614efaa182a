"""API routes of contacts/plans (included by contacts/api_urls.py under /api/v1/g/<tenant_slug>/)."""

from rest_framework.routers import DefaultRouter

from contacts.plans import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("account-plans", api.AccountPlanViewSet, basename="api-plans-account-plan")
router.register("account-plan-stakeholders", api.StakeholderViewSet, basename="api-plans-stakeholder")
router.register("account-plan-actions", api.PlanActionViewSet, basename="api-plans-action")
router.register("affiliations", api.AffiliationViewSet, basename="api-plans-affiliation")
router.register("employee-affiliations", api.EmployeeAffiliationViewSet, basename="api-plans-employee-affiliation")
router.register("person-affiliations", api.PersonAffiliationViewSet, basename="api-plans-person-affiliation")

urlpatterns = router.urls
