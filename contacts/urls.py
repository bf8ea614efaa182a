from django.urls import include, path

from contacts import views

urlpatterns = [
    path("", views.contacts_list, name="contacts_list"),
    path("bulk/", views.contacts_bulk, name="contacts_bulk"),
    path("new/", views.contacts_add, name="contacts_add"),
    path("r/<int:pk>/", views.contacts_relationship, name="contacts_relationship"),
    path("r/<int:pk>/edit/", views.contacts_relationship_edit, name="contacts_relationship_edit"),
    path("r/<int:pk>/delete/", views.contacts_relationship_delete, name="contacts_relationship_delete"),
    path("r/<int:pk>/intro/", views.contacts_intro_request, name="contacts_intro_request"),
    path("who/", views.contacts_who_knows, name="contacts_who_knows"),
    path("ledger/mine/", views.contacts_my_ledger, name="contacts_my_ledger"),
    path("ledger/", views.contacts_ledger, name="contacts_ledger"),
    path("ledger/export.csv", views.contacts_ledger_export, name="contacts_ledger_export"),
    path("", include("contacts.import_urls")),
    path("", include("contacts.gdpr_urls")),
    path("", include("contacts.merge_urls")),
    path("intros/", include("contacts.intros.urls")),
    path("referrals/", include("contacts.referrals.urls")),
    path("plans/", include("contacts.plans.urls")),
]
