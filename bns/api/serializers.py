"""Serializers of the REST API: validation and representation only.

Writes never go through ``serializer.save()``: the views hand ``validated_data`` to the services.
Related ids (site, department, manager, employee) are looked up in the request's tenant only, so an id
of another group is rejected like one that does not exist ("Invalid pk").
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from bns.models import Department, Employee, Invitation, Membership, Role, Site, Tenant
from bns.services.org import TENANT_POLICY_RANGES


class ServiceWrittenSerializer(serializers.ModelSerializer):
    """A ModelSerializer that validates and represents, and refuses to write: writes are the services' job."""

    def create(self, validated_data):
        raise NotImplementedError("API writes go through bns.services (the view's perform_create), never save().")

    def update(self, instance, validated_data):
        raise NotImplementedError("API writes go through bns.services (the view's perform_update), never save().")


class TenantRelatedFieldsMixin:
    """Scope the querysets of writable related fields to the request's tenant.

    ``tenant_related_fields`` maps a field name to its model; the queryset is built per request from
    ``Model.unscoped.filter(tenant=request.tenant)`` (empty when there is no tenant, e.g. schema generation).
    """

    tenant_related_fields: dict[str, type] = {}

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        tenant = getattr(request, "tenant", None)
        for name, model in self.tenant_related_fields.items():
            field = fields.get(name)
            if field is None or field.read_only:
                continue
            field.queryset = model.unscoped.filter(tenant=tenant) if tenant is not None else model.unscoped.none()
        return fields


# --- Organisation -------------------------------------------------------------------------------------


class SiteSerializer(ServiceWrittenSerializer):
    brand_list = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text=_("The brands, split on commas.")
    )
    employee_count = serializers.IntegerField(read_only=True, help_text=_("Active employees of the dealership."))

    class Meta:
        model = Site
        fields = ["id", "name", "brands", "brand_list", "city", "region", "employee_count"]


class DepartmentSerializer(ServiceWrittenSerializer):
    employee_count = serializers.IntegerField(read_only=True, help_text=_("Active employees of the department."))

    class Meta:
        model = Department
        fields = ["id", "code", "name", "position", "employee_count"]


class EmployeeSerializer(TenantRelatedFieldsMixin, ServiceWrittenSerializer):
    tenant_related_fields = {"site": Site, "department": Department, "manager": Employee}

    full_name = serializers.CharField(read_only=True)
    site = serializers.PrimaryKeyRelatedField(
        queryset=Site.unscoped.none(), allow_null=True, required=False, label=_("dealership")
    )
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.unscoped.none(), allow_null=True, required=False, label=_("department")
    )
    manager = serializers.PrimaryKeyRelatedField(
        queryset=Employee.unscoped.none(), allow_null=True, required=False, label=_("manager")
    )
    site_name = serializers.CharField(source="site.name", read_only=True, allow_null=True)
    department_name = serializers.CharField(source="department.name", read_only=True, allow_null=True)
    manager_name = serializers.CharField(source="manager.full_name", read_only=True, allow_null=True)

    class Meta:
        model = Employee
        fields = [
            "id",
            "first_name",
            "last_name",
            "full_name",
            "email",
            "external_id",
            "site",
            "site_name",
            "department",
            "department_name",
            "job_title",
            "manager",
            "manager_name",
            "is_active",
        ]


# --- Members and invitations --------------------------------------------------------------------------


class MembershipSerializer(TenantRelatedFieldsMixin, ServiceWrittenSerializer):
    """A login's access to the group. Only role, is_active and employee can change (PATCH)."""

    tenant_related_fields = {"employee": Employee}

    user_email = serializers.EmailField(source="user.email", read_only=True)
    user_name = serializers.CharField(source="user.full_name", read_only=True)
    employee = serializers.PrimaryKeyRelatedField(
        queryset=Employee.unscoped.none(), allow_null=True, required=False, label=_("employee")
    )

    class Meta:
        model = Membership
        fields = ["id", "user_email", "user_name", "role", "employee", "is_active", "created_at"]
        read_only_fields = ["created_at"]


class InvitationSerializer(TenantRelatedFieldsMixin, ServiceWrittenSerializer):
    """An invitation by e-mail. The secret link is never exposed by the API."""

    tenant_related_fields = {"employee": Employee}

    employee = serializers.PrimaryKeyRelatedField(
        queryset=Employee.unscoped.none(), allow_null=True, required=False, label=_("employee")
    )
    status = serializers.ChoiceField(
        choices=[
            ("pending", _("pending")),
            ("accepted", _("accepted")),
            ("expired", _("expired")),
            ("revoked", _("revoked")),
        ],
        read_only=True,
    )
    invited_by_email = serializers.EmailField(source="invited_by.email", read_only=True, allow_null=True)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "email",
            "role",
            "employee",
            "status",
            "invited_by_email",
            "created_at",
            "expires_at",
            "sent_at",
            "accepted_at",
            "revoked_at",
        ]
        read_only_fields = ["created_at", "expires_at", "sent_at", "accepted_at", "revoked_at"]
        extra_kwargs = {"role": {"required": True}}


# --- The group's settings -----------------------------------------------------------------------------


def _policy_int(name: str, help_text) -> serializers.IntegerField:
    low, high = TENANT_POLICY_RANGES[name]
    return serializers.IntegerField(min_value=low, max_value=high, help_text=help_text)


class TenantSettingsSerializer(serializers.Serializer):
    """The group's policy settings. PATCH any subset; every value is checked, nothing changes when one is bad."""

    slug = serializers.SlugField(read_only=True, help_text=_("The group's identifier in URLs."))
    name = serializers.CharField(max_length=200, help_text=_("The group's name."))
    locale = serializers.ChoiceField(
        choices=Tenant._meta.get_field("locale").choices, help_text=_("Language of the e-mails sent to the group's members.")
    )
    require_mfa_for_leaders = serializers.BooleanField(
        help_text=_("Executives and admins must set up two-factor authentication before opening the group's pages.")
    )
    invitation_validity_days = _policy_int("invitation_validity_days", _("How long an invitation link works, in days (1 to 90)."))
    default_relationship_visibility = serializers.ChoiceField(
        choices=Tenant._meta.get_field("default_relationship_visibility").choices,
        help_text=_("Visibility of a new relationship when its owner does not choose."),
    )
    default_relationship_scope = serializers.ChoiceField(
        choices=Tenant._meta.get_field("default_relationship_scope").choices,
        help_text=_("Audience of a shared relationship when its owner does not choose: team, dealership or group."),
    )
    solicitation_cap = _policy_int(
        "solicitation_cap",
        _("Commercial solicitations of one person allowed to the whole group over the rolling window (1 to 20)."),
    )
    solicitation_window_days = _policy_int(
        "solicitation_window_days", _("The rolling window of the solicitation cap, in days (7 to 365).")
    )
    contact_retention_years = _policy_int(
        "contact_retention_years",
        _(
            "How long contact data is kept, in years (1 to 5; CNIL recommends 3). A change applies to persons "
            "collected or contacted from now on, not to existing deadlines."
        ),
    )

    def validate(self, attrs):
        unknown = sorted(set(getattr(self, "initial_data", None) or {}) - set(self.fields))
        if unknown:
            raise serializers.ValidationError({key: [_("Unknown setting.")] for key in unknown})
        return attrs


# --- List filters (query parameters, validated: a bad value is a 400, never a 500) -------------------


class SiteFilterSerializer(serializers.Serializer):
    search = serializers.CharField(
        required=False, max_length=200, help_text=_("Search in name, brands, city and region.")
    )


class DepartmentFilterSerializer(serializers.Serializer):
    search = serializers.CharField(required=False, max_length=200, help_text=_("Search in code and name."))


class EmployeeFilterSerializer(serializers.Serializer):
    search = serializers.CharField(
        required=False,
        max_length=200,
        help_text=_("Search in first and last name, e-mail, job title and employee number (every word must match)."),
    )
    site = serializers.IntegerField(required=False, min_value=1, help_text=_("Only employees of this dealership (id)."))
    department = serializers.IntegerField(
        required=False, min_value=1, help_text=_("Only employees of this department (id).")
    )
    manager = serializers.IntegerField(
        required=False, min_value=1, help_text=_("Only the direct reports of this employee (id).")
    )
    is_active = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text=_("true: active employees only; false: inactive only.")
    )


class MembershipFilterSerializer(serializers.Serializer):
    search = serializers.CharField(
        required=False, max_length=200, help_text=_("Search in the login's e-mail and name and the linked employee.")
    )
    role = serializers.ChoiceField(choices=Role.choices, required=False, help_text=_("Only members with this role."))


# --- Authentication and the caller --------------------------------------------------------------------


class TokenObtainSerializer(serializers.Serializer):
    email = serializers.EmailField(label=_("e-mail"))
    password = serializers.CharField(label=_("password"), write_only=True, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True, help_text=_("Send it as the header Authorization: Token <token>."))


class MeMembershipSerializer(serializers.Serializer):
    tenant_slug = serializers.SlugField(source="tenant.slug", read_only=True)
    tenant_name = serializers.CharField(source="tenant.name", read_only=True)
    role = serializers.ChoiceField(choices=Role.choices, read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    employee = serializers.IntegerField(source="employee_id", read_only=True, allow_null=True)


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    email = serializers.EmailField(read_only=True)
    full_name = serializers.CharField(read_only=True)
    memberships = MeMembershipSerializer(many=True, read_only=True)
