"""Pages of step 2 (the self-assessment), under /g/<tenant_slug>/programme/diagnostic/."""

from django.urls import path

from bns.programme.diagnostic import views

urlpatterns = [
    path("", views.programme_diagnostic, name="programme_diagnostic"),
    path("answer/", views.programme_diagnostic_answer, name="programme_diagnostic_answer"),
    path("export/", views.programme_diagnostic_export, name="programme_diagnostic_export"),
]
