"""REST API v1: thin views over the selectors (reads) and the services (writes).

Tenant resources live under /api/v1/g/<tenant_slug>/ (see bns.api_base.TenantAPIMixin for the tenant,
membership and permission checks); /api/v1/auth/token/ and /api/v1/me/ are not tenant-scoped.
"""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from bns import selectors
from bns.api import serializers as s
from bns.api_base import API_AUTHENTICATION_CLASSES, TenantAPIMixin, TenantGenericViewSet, TenantModelViewSet
from bns.models import Department, Employee, Invitation, Membership, Site
from bns.permissions import Perm
from bns.services import members as member_services
from bns.services import org as org_services


def _one(queryset, pk):
    """The object ``pk`` of a tenant-scoped selector queryset, or 404 (missing and other tenant's alike)."""
    obj = queryset.filter(pk=pk).first() if str(pk).isdigit() else None
    if obj is None:
        raise Http404
    return obj


# --- Organisation -------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="List the group's dealerships", parameters=[s.SiteFilterSerializer]),
    create=extend_schema(summary="Create a dealership"),
    retrieve=extend_schema(summary="One dealership"),
    update=extend_schema(summary="Replace a dealership"),
    partial_update=extend_schema(summary="Change a dealership"),
    destroy=extend_schema(summary="Delete a dealership (its employees stay, with no dealership)"),
)
class SiteViewSet(TenantModelViewSet):
    """The group's dealerships (concessions). Writes need the manage-organisation permission."""

    queryset = Site.unscoped.none()  # model for the schema; reads go through selectors
    serializer_class = s.SiteSerializer
    filter_serializer_class = s.SiteFilterSerializer
    ordering_fields = ["name", "city", "region", "employee_count"]

    def list_queryset(self, tenant, filters):
        return selectors.site_list(tenant=tenant, search=filters.get("search", ""))

    def object_get(self, tenant, pk):
        # The list selector carries the employee_count annotation (and is scoped to the tenant).
        return _one(selectors.site_list(tenant=tenant), pk)

    def service_create(self, data):
        return org_services.site_create(tenant=self.tenant, actor=self.request.user, **data)

    def service_update(self, instance, data):
        return org_services.site_update(tenant=self.tenant, actor=self.request.user, site=instance, **data)

    def service_destroy(self, instance):
        org_services.site_delete(tenant=self.tenant, actor=self.request.user, site=instance)


@extend_schema_view(
    list=extend_schema(summary="List the group's departments", parameters=[s.DepartmentFilterSerializer]),
    create=extend_schema(summary="Create a department"),
    retrieve=extend_schema(summary="One department"),
    update=extend_schema(summary="Replace a department"),
    partial_update=extend_schema(summary="Change a department"),
    destroy=extend_schema(summary="Delete a department (its employees stay, with no department)"),
)
class DepartmentViewSet(TenantModelViewSet):
    """The group's departments (VN, VO, PR, APV...). Writes need the manage-organisation permission."""

    queryset = Department.unscoped.none()
    serializer_class = s.DepartmentSerializer
    filter_serializer_class = s.DepartmentFilterSerializer
    ordering_fields = ["position", "code", "name", "employee_count"]

    def list_queryset(self, tenant, filters):
        return selectors.department_list(tenant=tenant, search=filters.get("search", ""))

    def object_get(self, tenant, pk):
        return _one(selectors.department_list(tenant=tenant), pk)

    def service_create(self, data):
        return org_services.department_create(tenant=self.tenant, actor=self.request.user, **data)

    def service_update(self, instance, data):
        return org_services.department_update(tenant=self.tenant, actor=self.request.user, department=instance, **data)

    def service_destroy(self, instance):
        org_services.department_delete(tenant=self.tenant, actor=self.request.user, department=instance)


@extend_schema_view(
    list=extend_schema(summary="List the group's employees", parameters=[s.EmployeeFilterSerializer]),
    create=extend_schema(summary="Create an employee"),
    retrieve=extend_schema(summary="One employee"),
    update=extend_schema(summary="Replace an employee"),
    partial_update=extend_schema(
        summary="Change an employee",
        description="Employees are never deleted through the API: send {\"is_active\": false} to deactivate one.",
    ),
)
class EmployeeViewSet(
    TenantGenericViewSet,  # first: its perform_create/perform_update (services) win over the mixins' save()
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
):
    """The group's people. No DELETE (405): deactivate with PATCH {"is_active": false}."""

    queryset = Employee.unscoped.none()
    serializer_class = s.EmployeeSerializer
    filter_serializer_class = s.EmployeeFilterSerializer
    ordering_fields = ["last_name", "first_name", "email", "job_title", "external_id", "is_active"]

    def list_queryset(self, tenant, filters):
        qs = selectors.employee_list(
            tenant=tenant,
            search=filters.get("search", ""),
            site_id=filters.get("site"),
            department_id=filters.get("department"),
            active=filters.get("is_active"),
        )
        if filters.get("manager"):
            qs = qs.filter(manager_id=filters["manager"])
        return qs

    def object_get(self, tenant, pk):
        return selectors.employee_get_for(tenant=tenant, pk=pk)

    def service_create(self, data):
        return org_services.employee_create(tenant=self.tenant, actor=self.request.user, **data)

    def service_update(self, instance, data):
        return org_services.employee_update(tenant=self.tenant, actor=self.request.user, employee=instance, **data)


# --- Members and invitations --------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="List the group's members (logins)", parameters=[s.MembershipFilterSerializer]),
    retrieve=extend_schema(summary="One member"),
    partial_update=extend_schema(
        summary="Change a member's role, activity or linked employee",
        description="The group always keeps at least one active administrator.",
    ),
)
class MembershipViewSet(TenantGenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Who can log in to the group, with which role. Memberships come from invitations: no create, no delete."""

    read_perm = Perm.MANAGE_MEMBERS
    write_perm = Perm.MANAGE_MEMBERS
    queryset = Membership.unscoped.none()
    serializer_class = s.MembershipSerializer
    filter_serializer_class = s.MembershipFilterSerializer
    ordering_fields = ["user__email", "role", "created_at"]

    def list_queryset(self, tenant, filters):
        return selectors.membership_list(tenant=tenant, search=filters.get("search", ""), role=filters.get("role", ""))

    def object_get(self, tenant, pk):
        return selectors.membership_get_for(tenant=tenant, pk=pk)

    def partial_update(self, request, *args, **kwargs):
        membership = self.get_object()
        serializer = self.get_serializer(membership, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        return Response(serializer.data)

    def service_update(self, instance, data):
        return member_services.membership_update(tenant=self.tenant, actor=self.request.user, membership=instance, **data)


@extend_schema_view(
    list=extend_schema(summary="List the group's invitations"),
    create=extend_schema(
        summary="Invite someone by e-mail",
        description="The invitation e-mail is sent in the background; the link in it is never exposed by the API.",
    ),
    retrieve=extend_schema(summary="One invitation"),
)
class InvitationViewSet(TenantGenericViewSet, mixins.ListModelMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin):
    """Invitations to join the group; revoke or resend them with the actions."""

    read_perm = Perm.MANAGE_MEMBERS
    write_perm = Perm.MANAGE_MEMBERS
    queryset = Invitation.unscoped.none()
    serializer_class = s.InvitationSerializer
    ordering_fields = ["created_at", "email", "expires_at"]

    def list_queryset(self, tenant, filters):
        return selectors.invitation_list(tenant=tenant)

    def object_get(self, tenant, pk):
        return selectors.invitation_get_for(tenant=tenant, pk=pk)

    def service_create(self, data):
        return member_services.invitation_create(tenant=self.tenant, actor=self.request.user, **data)

    @extend_schema(summary="Revoke an invitation (its link stops working)", request=None, responses=s.InvitationSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, *args, **kwargs):
        invitation = member_services.invitation_revoke(tenant=self.tenant, actor=request.user, invitation=self.get_object())
        return Response(self.get_serializer(self.refetch(invitation)).data)

    @extend_schema(
        summary="Send the invitation again (the validity period starts over)",
        request=None,
        responses=s.InvitationSerializer,
    )
    @action(detail=True, methods=["post"])
    def resend(self, request, *args, **kwargs):
        invitation = member_services.invitation_resend(tenant=self.tenant, actor=request.user, invitation=self.get_object())
        return Response(self.get_serializer(self.refetch(invitation)).data)


# --- The group's settings -----------------------------------------------------------------------------


class TenantSettingsView(TenantAPIMixin, APIView):
    """The group's policy settings (those of the settings page), for its admins (manage-policy permission)."""

    read_perm = Perm.MANAGE_POLICY
    write_perm = Perm.MANAGE_POLICY
    serializer_class = s.TenantSettingsSerializer

    @extend_schema(summary="The group's settings", tags=["settings"], responses=s.TenantSettingsSerializer)
    def get(self, request, *args, **kwargs):
        return Response(s.TenantSettingsSerializer(self.tenant).data)

    @extend_schema(
        summary="Change the group's settings",
        description="Send only the settings to change. Out-of-range or unknown values answer 400 and change nothing; "
        "each change is written to the audit trail. A new contact_retention_years applies to persons collected "
        "or contacted from now on: the retention deadlines of existing persons are not rewritten.",
        tags=["settings"],
        request=s.TenantSettingsSerializer,
        responses=s.TenantSettingsSerializer,
    )
    def patch(self, request, *args, **kwargs):
        serializer = s.TenantSettingsSerializer(self.tenant, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        tenant = org_services.tenant_update_policy(tenant=self.tenant, actor=request.user, **serializer.validated_data)
        return Response(s.TenantSettingsSerializer(tenant).data)


# --- Authentication and the caller --------------------------------------------------------------------


class TokenObtainView(APIView):
    """Exchange an e-mail address and password for the personal API token (created on first use)."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token_obtain"
    serializer_class = s.TokenObtainSerializer

    @extend_schema(
        summary="Obtain your API token",
        tags=["auth"],
        request=s.TokenObtainSerializer,
        responses={200: s.TokenSerializer},
        auth=[],
    )
    def post(self, request, *args, **kwargs):
        serializer = s.TokenObtainSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(
            request._request, email=serializer.validated_data["email"], password=serializer.validated_data["password"]
        )
        if user is None or not user.is_active:
            return Response(
                {"non_field_errors": [_("Unable to sign in with this e-mail address and password.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        from allauth.mfa.utils import is_mfa_enabled

        if is_mfa_enabled(user):
            # A password alone must not bypass two-factor authentication.
            return Response(
                {
                    "non_field_errors": [
                        _(
                            "This account uses two-factor authentication: sign in to the web application and "
                            "create your token on the page /me/api-token/."
                        )
                    ]
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class MeView(APIView):
    """The authenticated user and the groups they belong to (a consultant has several)."""

    authentication_classes = API_AUTHENTICATION_CLASSES
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = s.MeSerializer

    @extend_schema(summary="You: your login and your groups", tags=["me"], responses=s.MeSerializer)
    def get(self, request, *args, **kwargs):
        user = request.user
        memberships = Membership.unscoped.filter(user=user, is_active=True).select_related("tenant").order_by("tenant__name")
        me = {"id": user.pk, "email": user.email, "full_name": user.full_name, "memberships": memberships}
        return Response(s.MeSerializer(me).data)


router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("sites", SiteViewSet, basename="api-site")
router.register("departments", DepartmentViewSet, basename="api-department")
router.register("employees", EmployeeViewSet, basename="api-employee")
router.register("memberships", MembershipViewSet, basename="api-membership")
router.register("invitations", InvitationViewSet, basename="api-invitation")
