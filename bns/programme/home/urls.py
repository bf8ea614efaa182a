"""Pages of the programme home, under /g/<tenant_slug>/programme/."""

from django.urls import path

from bns.programme.home import views

urlpatterns = [
    path("", views.programme_home, name="programme_home"),
    path("start/", views.programme_start, name="programme_start"),
    path("edit/", views.programme_edit, name="programme_edit"),
    path("close/", views.programme_close, name="programme_close"),
    path("next/", views.programme_next, name="programme_next"),
    path("iterations/", views.programme_iterations, name="programme_iterations"),
    path("steps/<int:pk>/edit/", views.programme_step_edit, name="programme_step_edit"),
    path("vision/", views.programme_vision, name="programme_vision"),
    path("workshops/", views.programme_workshops, name="programme_workshops"),
    path("workshops/new/", views.programme_workshop_create, name="programme_workshop_create"),
    path("workshops/<int:pk>/", views.programme_workshop_detail, name="programme_workshop_detail"),
    path("workshops/<int:pk>/edit/", views.programme_workshop_edit, name="programme_workshop_edit"),
    path("workshops/<int:pk>/delete/", views.programme_workshop_delete, name="programme_workshop_delete"),
]
