"""API routes of contacts/referrals (included by contacts/api_urls.py under /api/v1/g/<tenant_slug>/)."""

from rest_framework.routers import DefaultRouter

from contacts.referrals import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("referrals", api.ReferralViewSet, basename="api-referrals-referral")
router.register("rewards", api.RewardViewSet, basename="api-referrals-reward")
router.register("reward-rules", api.RewardRuleViewSet, basename="api-referrals-reward-rule")

urlpatterns = router.urls
