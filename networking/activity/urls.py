"""Pages of networking activity and tool licences, under /g/<tenant_slug>/networking/activity/."""

from django.urls import path

from networking.activity import import_views, licence_views, views

urlpatterns = [
    path("", views.activity_mine, name="networking_activity_mine"),
    path("employee/<int:pk>/", views.activity_employee, name="networking_activity_employee"),
    path("<int:pk>/edit/", views.activity_edit, name="networking_activity_edit"),
    path("<int:pk>/delete/", views.activity_delete, name="networking_activity_delete"),
    path("lookup/", views.activity_lookup, name="networking_activity_lookup"),
    path("export/", views.activity_export_mine, name="networking_activity_export_mine"),
    path("export/group/", views.activity_export_group, name="networking_activity_export_group"),
    path("import/", import_views.import_upload, name="networking_activity_import"),
    path("import/template/", import_views.import_template, name="networking_activity_import_template"),
    path("imports/", import_views.import_list, name="networking_activity_imports"),
    path("import/<int:pk>/", import_views.import_preview, name="networking_activity_import_preview"),
    path("import/<int:pk>/start/", import_views.import_start, name="networking_activity_import_start"),
    path("import/<int:pk>/status/", import_views.import_status, name="networking_activity_import_status"),
    path("licences/", licence_views.licence_list, name="networking_licences"),
    path("licences/new/", licence_views.licence_create, name="networking_licence_create"),
    path("licences/<int:pk>/edit/", licence_views.licence_edit, name="networking_licence_edit"),
    path("licences/<int:pk>/end/", licence_views.licence_end, name="networking_licence_end"),
    path("licences/<int:pk>/delete/", licence_views.licence_delete, name="networking_licence_delete"),
    path("licences/<int:pk>/use/", licence_views.licence_record_use, name="networking_licence_record_use"),
]
