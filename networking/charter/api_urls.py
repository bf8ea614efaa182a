"""API routes of the charter (included by networking/api_urls.py under /api/v1/g/<tenant_slug>/)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from networking.charter import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("charters", api.CharterViewSet, basename="api-networking-charter")
router.register("charter-acknowledgements", api.CharterAcknowledgementViewSet, basename="api-networking-charter-acknowledgement")

urlpatterns = [
    path("charter-acknowledgement-rates/", api.CharterAcknowledgementRatesView.as_view(),
         name="api-networking-charter-acknowledgement-rates"),
    *router.urls,
]
