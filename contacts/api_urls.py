"""Routes of the contacts API, included under /api/v1/g/<tenant_slug>/ by bns/api/urls.py."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from contacts import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("relationships", api.RelationshipViewSet, basename="api-contacts-relationship")
router.register("who-knows", api.WhoKnowsViewSet, basename="api-contacts-who-knows")
router.register("accounts", api.AccountViewSet, basename="api-contacts-account")
router.register("persons", api.PersonViewSet, basename="api-contacts-person")
router.register("ledger", api.LedgerViewSet, basename="api-contacts-ledger")
router.register("solicitations", api.SolicitationViewSet, basename="api-contacts-solicitation")
router.register("imports", api.ContactImportViewSet, basename="api-contacts-import")
router.register("merge-suggestions", api.MergeSuggestionViewSet, basename="api-contacts-merge-suggestion")

urlpatterns = [
    *router.urls,
    path("", include("contacts.intros.api_urls")),
    path("", include("contacts.referrals.api_urls")),
    path("", include("contacts.plans.api_urls")),
]
