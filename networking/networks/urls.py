"""Pages of the real-world networks, under /g/<tenant_slug>/networking/networks/."""

from django.urls import path

from networking.networks import event_views, views

urlpatterns = [
    path("", views.networks_list, name="networking_networks"),
    path("export.csv", views.networks_export, name="networking_networks_export"),
    path("new/", views.network_create, name="networking_network_create"),
    path("<int:pk>/", views.network_detail, name="networking_network_detail"),
    path("<int:pk>/edit/", views.network_edit, name="networking_network_edit"),
    path("<int:pk>/deactivate/", views.network_deactivate, name="networking_network_deactivate"),
    path("<int:pk>/join/", views.network_join, name="networking_network_join"),
    path("<int:pk>/members/new/", views.network_member_add, name="networking_network_member_add"),
    path("memberships/<int:pk>/edit/", views.membership_edit, name="networking_membership_edit"),
    path("memberships/<int:pk>/end/", views.membership_end, name="networking_membership_end"),
    path("policy/", views.policy, name="networking_policy"),
    path("policy/new/", views.target_create, name="networking_target_create"),
    path("policy/<int:pk>/edit/", views.target_edit, name="networking_target_edit"),
    path("policy/<int:pk>/remove/", views.target_remove, name="networking_target_remove"),
    path("coordination/", views.coordination_view, name="networking_coordination"),
    path("events/", event_views.events_list, name="networking_events"),
    path("events/new/", event_views.event_create, name="networking_event_create"),
    path("events/<int:pk>/", event_views.event_detail, name="networking_event_detail"),
    path("events/<int:pk>/edit/", event_views.event_edit, name="networking_event_edit"),
    path("events/<int:pk>/attend/", event_views.event_attend, name="networking_event_attend"),
    path("events/<int:pk>/attendees/new/", event_views.event_attendee_add, name="networking_event_attendee_add"),
    path("events/<int:pk>/contacts/new/", event_views.event_contact_add, name="networking_event_contact_add"),
    path("attendances/<int:pk>/remove/", event_views.attendance_remove, name="networking_attendance_remove"),
]
