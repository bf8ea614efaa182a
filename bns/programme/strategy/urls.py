"""Pages of step 4 (strategy), under /g/<tenant_slug>/programme/strategy/."""

from django.urls import path

from bns.programme.strategy import views

urlpatterns = [
    path("", views.programme_strategy, name="programme_strategy"),
    path("options/new/", views.programme_strategy_option_create, name="programme_strategy_option_create"),
    path("options/<int:pk>/edit/", views.programme_strategy_option_edit, name="programme_strategy_option_edit"),
    path("options/<int:pk>/delete/", views.programme_strategy_option_delete, name="programme_strategy_option_delete"),
    path("options/<int:pk>/challenge/", views.programme_strategy_challenge, name="programme_strategy_challenge"),
    path("options/<int:pk>/retain/", views.programme_strategy_retain, name="programme_strategy_retain"),
    path("reopen/", views.programme_strategy_reopen, name="programme_strategy_reopen"),
]
