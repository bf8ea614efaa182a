"""Serializers of the social profile API: shapes in, presentation out. The address is checked per platform, the
dates and numbers again, by the service (one set of messages for the pages and the API)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from bns.models import Employee
from networking.models import Platform, SocialProfile
from networking.profiles.access import profile_can_edit
from networking.profiles.checklists import POSITIONING_ITEM, checklist_items, profile_next_steps
from networking.profiles.services import AUDIENCE_MAX, POSITIONING_MAX
from networking.profiles.validators import EXPECTED, RAW_MAX


class _ResponseOnly(serializers.Serializer):
    def create(self, validated_data):  # pragma: no cover - never written through
        raise NotImplementedError

    def update(self, instance, validated_data):  # pragma: no cover - never written through
        raise NotImplementedError


class NextStepSerializer(_ResponseOnly):
    code = serializers.CharField(help_text=_("The checklist item's code, \"positioning\", or \"create\"."))
    label = serializers.CharField()
    text = serializers.CharField(help_text=_("What to do, concretely."))


class SocialProfileSerializer(serializers.ModelSerializer):
    """A profile with its completeness and what is missing."""

    employee_name = serializers.CharField(source="employee.full_name", read_only=True)
    checklist = serializers.DictField(child=serializers.BooleanField(), read_only=True,
                                      help_text=_("Item code -> ticked (see social-profile-checklists)."))
    next_steps = serializers.SerializerMethodField(help_text=_("The missing items, as next steps."))
    editable = serializers.SerializerMethodField(help_text=_("Whether you may change it (its owner, or an administrator)."))

    class Meta:
        model = SocialProfile
        fields = ["id", "employee", "employee_name", "platform", "url", "audience_size", "checked_on", "checklist",
                  "positioning", "completeness", "next_steps", "editable", "created_at", "updated_at"]
        read_only_fields = fields

    @staticmethod
    def _steps(profile) -> list[dict]:
        return [{"code": s.code, "label": str(s.label), "text": str(s.text)} for s in profile_next_steps(profile)]

    def get_next_steps(self, profile) -> list[dict]:
        return NextStepSerializer(self._steps(profile), many=True).data

    def get_editable(self, profile) -> bool:
        membership = getattr(self.context.get("request"), "membership", None)
        return membership is not None and profile_can_edit(membership, profile.employee_id)


URL_HELP = _("The address of the personal profile, checked for its platform and stored in its canonical form "
              "(the shape expected per platform: url_shape in social-profile-checklists).")


def _positioning():
    return serializers.CharField(max_length=POSITIONING_MAX, required=False, allow_blank=True,
                                 help_text=_("The niche the employee wants to be known for (seed 003); counts as one more item."))


class SocialProfileUpdateSerializer(serializers.Serializer):
    url = serializers.CharField(max_length=RAW_MAX, required=False, help_text=URL_HELP)
    audience_size = serializers.IntegerField(min_value=0, max_value=AUDIENCE_MAX, required=False, allow_null=True,
                                             help_text=_("Followers or connections."))
    checked_on = serializers.DateField(required=False, allow_null=True, help_text=_("When the profile was last checked (not in the future)."))
    checklist = serializers.DictField(child=serializers.BooleanField(), required=False, help_text=_(
        "Item code -> ticked. Items sent are set, the others keep their value."))
    positioning = _positioning()


class SocialProfileCreateSerializer(SocialProfileUpdateSerializer):
    employee = serializers.PrimaryKeyRelatedField(
        queryset=Employee.unscoped.none(), required=False,
        help_text=_("Whose profile: yourself by default; someone else only with the organisation permission (administrators)."))
    platform = serializers.ChoiceField(choices=Platform.choices)
    url = serializers.CharField(max_length=RAW_MAX, help_text=URL_HELP)

    def get_fields(self):
        fields = super().get_fields()
        tenant = getattr(self.context.get("request"), "tenant", None)
        if tenant is not None:  # ids of another group are refused like missing ones
            fields["employee"].queryset = Employee.unscoped.filter(tenant=tenant, is_active=True)
        return fields


class SocialProfileFilterSerializer(serializers.Serializer):
    employee = serializers.IntegerField(required=False, min_value=1, max_value=2_147_483_647,
                                        help_text=_("Only this employee's profiles."))
    platform = serializers.ChoiceField(choices=Platform.choices, required=False)


class ChecklistItemSerializer(_ResponseOnly):
    code = serializers.CharField()
    label = serializers.CharField()
    next_step = serializers.CharField()


class PlatformChecklistSerializer(_ResponseOnly):
    platform = serializers.ChoiceField(choices=Platform.choices)
    label = serializers.CharField()
    url_shape = serializers.CharField(help_text=_("The address expected."))
    items = ChecklistItemSerializer(many=True)
    positioning = ChecklistItemSerializer(help_text=_("The positioning statement, counted as one more item."))


def checklist_definitions() -> list[dict]:
    def item(i) -> dict:
        return {"code": i.code, "label": str(i.label), "next_step": str(i.next_step)}

    return [{"platform": p, "label": Platform(p).label, "url_shape": EXPECTED[p],
             "items": [item(i) for i in checklist_items(p)], "positioning": item(POSITIONING_ITEM)} for p in Platform.values]
