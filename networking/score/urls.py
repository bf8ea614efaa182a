"""Pages of the networking score (included by networking/urls.py under /g/<tenant_slug>/networking/score/)."""

from django.urls import path

from networking.score import views

urlpatterns = [
    path("", views.score_mine, name="networking_score_mine"),
    path("employee/<int:pk>/", views.score_employee, name="networking_score_employee"),
    path("group/", views.score_group, name="networking_score_group"),
    path("group.csv", views.score_group_export, name="networking_score_group_export"),
    path("recompute/", views.score_recompute, name="networking_score_recompute"),
    path("runs/<int:pk>/", views.score_run_status, name="networking_score_run_status"),
]
