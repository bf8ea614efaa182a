"""Pages of the conviction pulse (included by networking/urls.py under /g/<tenant_slug>/networking/pulse/)."""

from django.urls import path

from networking.pulse import views

urlpatterns = [
    path("", views.pulse_list, name="networking_pulse_list"),
    path("new/", views.pulse_create, name="networking_pulse_create"),
    path("<int:pk>/edit/", views.pulse_edit, name="networking_pulse_edit"),
    path("<int:pk>/open/", views.pulse_open, name="networking_pulse_open"),
    path("<int:pk>/close/", views.pulse_close, name="networking_pulse_close"),
    path("<int:pk>/answer/", views.pulse_answer, name="networking_pulse_answer"),
    path("<int:pk>/results/", views.pulse_results, name="networking_pulse_results"),
    path("<int:pk>/results.csv", views.pulse_results_export, name="networking_pulse_results_export"),
]
