"""Address-book import pages, included by contacts/urls.py under /g/<tenant_slug>/contacts/."""

from django.urls import path

from contacts import import_views

urlpatterns = [
    path("import/", import_views.contacts_import, name="contacts_import"),
    path("imports/", import_views.contacts_import_list, name="contacts_import_list"),
    path("import/<int:pk>/", import_views.contacts_import_preview, name="contacts_import_preview"),
    path("import/<int:pk>/start/", import_views.contacts_import_start, name="contacts_import_start"),
    path("import/<int:pk>/status/", import_views.contacts_import_status, name="contacts_import_status"),
    path("import/<int:pk>/undo/", import_views.contacts_import_undo, name="contacts_import_undo"),
]
