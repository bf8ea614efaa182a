"""Serializers of the attitudes API: validation in, presentation out (writes: the services)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from bns.models import Role
from bns.programme.attitudes.services import BEHAVIOURS_MAX
from bns.programme.models import Programme, RoleBehaviour
from bns.programme.strategy.serializers import _TenantFields

ID = {"min_value": 1, "max_value": 2**31 - 1}


class RoleBehaviourSerializer(serializers.ModelSerializer):
    role_label = serializers.SerializerMethodField()

    class Meta:
        model = RoleBehaviour
        fields = ["id", "programme", "role", "role_label", "behaviours"]
        read_only_fields = fields

    def get_role_label(self, obj) -> str:
        return str(Role(obj.role).label) if obj.role in Role.values else obj.role


class RoleBehaviourFilterSerializer(serializers.Serializer):
    programme = serializers.IntegerField(required=False, **ID, help_text=_("An iteration's id; the current one when left out."))
    role = serializers.ChoiceField(choices=Role.choices, required=False)


class RoleBehaviourUpdateSerializer(serializers.Serializer):
    behaviours = serializers.CharField(max_length=BEHAVIOURS_MAX,
                                       help_text=_("One behaviour per line. To remove a role's behaviours, DELETE them."))


class RoleBehaviourWriteSerializer(_TenantFields, RoleBehaviourUpdateSerializer):
    programme = serializers.PrimaryKeyRelatedField(queryset=Programme.unscoped.none(), required=False,
                                                   help_text=_("The iteration; the current one when left out."))
    role = serializers.ChoiceField(choices=Role.choices)

    def tenant_querysets(self, tenant):
        return {"programme": Programme.unscoped.filter(tenant=tenant)}


class AttitudesSiteRateSerializer(serializers.Serializer):
    site = serializers.IntegerField(source="site_id", allow_null=True, help_text=_("null: employees without a dealership."))
    site_name = serializers.CharField()
    active = serializers.IntegerField(help_text=_("Active employees."))
    acknowledged = serializers.IntegerField(help_text=_("Of them, those who acknowledged the current version."))
    percent = serializers.IntegerField(allow_null=True)


class CharterSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="charter.pk")
    version = serializers.IntegerField(source="charter.version")
    title = serializers.CharField(source="charter.title")
    published_at = serializers.DateTimeField(source="charter.published_at")
    url = serializers.CharField(help_text=_("The charter's page, where employees read and acknowledge it."))
    rate = AttitudesSiteRateSerializer(source="total", help_text=_("The whole group's acknowledgement rate."))
    sites = AttitudesSiteRateSerializer(many=True, allow_null=True,
                               help_text=_("Per dealership, for the members who may read the rates (else null)."))


class RoleRowSerializer(serializers.Serializer):
    role = serializers.CharField()
    role_label = serializers.CharField(source="label")
    id = serializers.IntegerField(source="behaviour.pk", allow_null=True, default=None,
                                  help_text=_("The written behaviours' id; null when the iteration has none for this role."))
    behaviours = serializers.CharField(source="behaviour.behaviours", allow_null=True, default=None,
                                       help_text=_("null: nothing written yet (see suggestion)."))
    suggestion = serializers.CharField(source="default", help_text=_("The suggested behaviours, shown when none are written."))


class AttitudesSerializer(serializers.Serializer):
    programme = serializers.IntegerField(allow_null=True)
    charter = CharterSummarySerializer(allow_null=True, help_text=_("null: the group has not published its charter yet."))
    roles = RoleRowSerializer(many=True, help_text=_("Every role of the group, with its expected behaviours or the suggestion."))


class AttitudesFilterSerializer(serializers.Serializer):
    programme = serializers.IntegerField(required=False, **ID, help_text=_("An iteration's id; the current one when left out."))
