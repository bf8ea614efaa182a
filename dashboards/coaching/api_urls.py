"""API routes of the coaching dashboards (included by dashboards/api_urls.py under /api/v1/g/<tenant_slug>/)."""

from django.urls import path

from dashboards.coaching import api

urlpatterns = [
    path("dashboards/team/", api.TeamView.as_view(), name="api-dashboards-team"),
    path("dashboards/team/<int:employee_pk>/", api.RepView.as_view(), name="api-dashboards-rep"),
    path("dashboards/me/", api.MeView.as_view(), name="api-dashboards-me"),
]
