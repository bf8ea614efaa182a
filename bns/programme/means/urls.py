"""Pages of step 5 (means), under /g/<tenant_slug>/programme/means/."""

from django.urls import path

from bns.programme.means import budget_views, views

urlpatterns = [
    path("", views.programme_means, name="programme_means"),
    path("actions/new/", views.programme_action_create, name="programme_action_create"),
    path("actions/export/", budget_views.programme_means_actions_export, name="programme_means_actions_export"),
    path("actions/<int:pk>/", views.programme_action_detail, name="programme_action_detail"),
    path("actions/<int:pk>/edit/", views.programme_action_edit, name="programme_action_edit"),
    path("actions/<int:pk>/status/", views.programme_action_status, name="programme_action_status"),
    path("actions/<int:pk>/delete/", views.programme_action_delete, name="programme_action_delete"),
    path("actions/<int:pk>/raci/", views.programme_action_raci, name="programme_action_raci"),
    path("budget/new/", budget_views.programme_budget_line_create, name="programme_budget_line_create"),
    path("budget/export/", budget_views.programme_means_budget_export, name="programme_means_budget_export"),
    path("budget/<int:pk>/edit/", budget_views.programme_budget_line_edit, name="programme_budget_line_edit"),
    path("budget/<int:pk>/delete/", budget_views.programme_budget_line_delete, name="programme_budget_line_delete"),
]
