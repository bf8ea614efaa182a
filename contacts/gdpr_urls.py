"""Solicitations, GDPR actions and a rep's own export (included by contacts/urls.py under /g/<slug>/contacts/)."""

from django.urls import path, re_path

from contacts import gdpr_views

urlpatterns = [
    path("p/<int:person_id>/solicit/", gdpr_views.contacts_solicitation_new, name="contacts_solicitation_new"),
    path("gdpr/", gdpr_views.contacts_gdpr_search, name="contacts_gdpr_search"),
    path("gdpr/p/<int:person_id>/", gdpr_views.contacts_gdpr_person, name="contacts_gdpr_person"),
    path("gdpr/p/<int:person_id>/export/", gdpr_views.contacts_gdpr_export, name="contacts_gdpr_export"),
    path("gdpr/p/<int:person_id>/object/", gdpr_views.contacts_gdpr_object, name="contacts_gdpr_object"),
    path("gdpr/p/<int:person_id>/erase/", gdpr_views.contacts_gdpr_erase, name="contacts_gdpr_erase"),
    re_path(r"^export/mine\.(?P<fmt>csv|vcf)$", gdpr_views.contacts_my_export, name="contacts_my_export"),
]
