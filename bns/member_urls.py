from django.urls import path

from bns.views import members

urlpatterns = [
    path("members/", members.membership_list, name="membership_list"),
    path("members/<int:pk>/edit/", members.membership_edit, name="membership_edit"),
    path("invitations/", members.invitation_list, name="invitation_list"),
    path("invitations/new/", members.invitation_create, name="invitation_create"),
    path("invitations/<int:pk>/resend/", members.invitation_resend, name="invitation_resend"),
    path("invitations/<int:pk>/revoke/", members.invitation_revoke, name="invitation_revoke"),
    path("settings/", members.tenant_settings, name="tenant_settings"),
    path("audit/", members.audit_list, name="audit_list"),
]
