"""The GDPR officer's merge of suspected duplicates (included by contacts/urls.py under /g/<slug>/contacts/)."""

from django.urls import path

from contacts import merge_views

urlpatterns = [
    path("gdpr/duplicates/", merge_views.contacts_merge_list, name="contacts_merge_list"),
    path("gdpr/duplicates/<int:pk>/", merge_views.contacts_merge_detail, name="contacts_merge_detail"),
]
