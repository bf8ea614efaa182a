"""Pages of the coaching dashboards (included by dashboards/urls.py under /g/<tenant_slug>/dashboards/)."""

from django.urls import path

from dashboards.coaching import views

urlpatterns = [
    path("team/", views.dashboards_team, name="dashboards_team"),
    path("team/export/", views.dashboards_team_export, name="dashboards_team_export"),
    path("team/<int:employee_pk>/", views.dashboards_rep, name="dashboards_rep"),
    path("team/<int:employee_pk>/export/<slug:table>/", views.dashboards_rep_export, name="dashboards_rep_export"),
    path("me/", views.dashboards_me, name="dashboards_me"),
    path("me/export/<slug:table>/", views.dashboards_me_export, name="dashboards_me_export"),
]
