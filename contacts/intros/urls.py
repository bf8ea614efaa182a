"""Pages of contacts/intros (included by contacts/urls.py under /g/<tenant_slug>/contacts/intros/)."""

from django.urls import path

from contacts.intros import views

urlpatterns = [
    path("", views.contacts_intros, name="contacts_intros"),
    path("<int:pk>/", views.contacts_intro_detail, name="contacts_intro_detail"),
    path("<int:pk>/accept/", views.contacts_intro_accept, name="contacts_intro_accept"),
    path("<int:pk>/decline/", views.contacts_intro_decline, name="contacts_intro_decline"),
    path("<int:pk>/follow-up/", views.contacts_intro_follow_up, name="contacts_intro_follow_up"),
    path("<int:pk>/outcome/", views.contacts_intro_outcome, name="contacts_intro_outcome"),
]
