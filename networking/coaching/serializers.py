"""Serializers of the coaching notes' API: validation and representation only (writes go through the services)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from bns.models import Employee
from networking.coaching.selectors import follow_up_state
from networking.coaching.services import ACTIONS_MAX, FOCUS_MAX
from networking.models import CoachingNote


class CoachingNoteFilterSerializer(serializers.Serializer):
    employee = serializers.IntegerField(
        required=False, min_value=1, help_text=_("Only the notes about this employee (yourself or someone below you)."),
    )


class CoachingNoteSerializer(serializers.ModelSerializer):
    employee_name = serializers.SerializerMethodField()
    author_name = serializers.SerializerMethodField()
    follow_up_state = serializers.SerializerMethodField(help_text=_("none, planned, due (today), overdue or done."))
    is_author = serializers.SerializerMethodField(help_text=_("Whether you wrote it (only the author changes or deletes it)."))

    class Meta:
        model = CoachingNote
        fields = [
            "id", "employee", "employee_name", "author", "author_name", "focus", "actions_agreed", "follow_up_on",
            "follow_up_done_at", "follow_up_state", "is_author", "created_at", "updated_at",
        ]
        read_only_fields = fields

    def get_employee_name(self, note) -> str:
        return note.employee.full_name

    def get_author_name(self, note) -> str:
        return note.author.full_name

    def get_follow_up_state(self, note) -> str:
        return follow_up_state(note)

    def get_is_author(self, note) -> bool:
        membership = getattr(self.context.get("request"), "membership", None)
        return membership is not None and membership.employee_id == note.author_id


class CoachingNoteCreateSerializer(serializers.Serializer):
    employee = serializers.PrimaryKeyRelatedField(
        queryset=Employee.unscoped.none(), help_text=_("The employee coached: someone below you in the organisation chart."),
    )
    focus = serializers.CharField(max_length=FOCUS_MAX)
    actions_agreed = serializers.CharField(max_length=ACTIONS_MAX, required=False, allow_blank=True, default="")
    follow_up_on = serializers.DateField(required=False, allow_null=True, default=None,
                                         help_text=_("Today or later; the author is reminded on that day."))

    def get_fields(self):
        fields = super().get_fields()
        tenant = getattr(self.context.get("request"), "tenant", None)
        if tenant is not None:
            fields["employee"].queryset = Employee.unscoped.filter(tenant=tenant)
        return fields


class CoachingNoteUpdateSerializer(serializers.Serializer):
    focus = serializers.CharField(max_length=FOCUS_MAX, required=False)
    actions_agreed = serializers.CharField(max_length=ACTIONS_MAX, required=False, allow_blank=True)
    follow_up_on = serializers.DateField(required=False, allow_null=True,
                                         help_text=_("A new date starts a new follow-up (not done, reminded again)."))
