"""Pages of social profiles (included by networking/urls.py under /g/<tenant_slug>/networking/profiles/)."""

from django.urls import path

from networking.profiles import group_views, views

urlpatterns = [
    path("", views.profiles_mine, name="networking_profiles_mine"),
    path("new/", views.profiles_create, name="networking_profiles_create"),
    path("<int:pk>/edit/", views.profiles_edit, name="networking_profiles_edit"),
    path("<int:pk>/checklist/", views.profiles_checklist, name="networking_profiles_checklist"),
    path("<int:pk>/delete/", views.profiles_delete, name="networking_profiles_delete"),
    path("employee/<int:pk>/", views.profiles_employee, name="networking_profiles_employee"),
    path("group/", group_views.profiles_group, name="networking_profiles_group"),
    path("group/export.csv", group_views.profiles_group_export, name="networking_profiles_group_export"),
]
