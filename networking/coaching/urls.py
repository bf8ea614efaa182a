"""Pages of coaching (included by networking/urls.py under /g/<tenant_slug>/networking/coaching/)."""

from django.urls import path

from networking.coaching import views

urlpatterns = [
    path("", views.coaching_mine, name="networking_coaching_mine"),
    path("team/", views.coaching_team, name="networking_coaching_team"),
    path("employee/<int:pk>/", views.coaching_employee, name="networking_coaching_employee"),
    path("notes/<int:pk>/edit/", views.coaching_note_edit, name="networking_coaching_note_edit"),
    path("notes/<int:pk>/delete/", views.coaching_note_delete, name="networking_coaching_note_delete"),
    path("notes/<int:pk>/follow-up-done/", views.coaching_note_follow_up_done, name="networking_coaching_note_follow_up_done"),
]
