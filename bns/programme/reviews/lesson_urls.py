"""Pages of step 8 (lessons learned), under /g/<tenant_slug>/programme/lessons/."""

from django.urls import path

from bns.programme.reviews import lesson_views

urlpatterns = [
    path("", lesson_views.programme_lessons, name="programme_lessons"),
    path("new/", lesson_views.programme_lesson_create, name="programme_lesson_create"),
    path("export/", lesson_views.programme_lessons_export, name="programme_lessons_export"),
    path("<int:pk>/edit/", lesson_views.programme_lesson_edit, name="programme_lesson_edit"),
    path("<int:pk>/delete/", lesson_views.programme_lesson_delete, name="programme_lesson_delete"),
]
