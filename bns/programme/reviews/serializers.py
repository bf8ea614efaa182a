"""Serializers of the reviews and lessons API: validation in, presentation out (writes: the services).

Reference ids are looked up in the caller's group only (another group's id is refused like a missing one)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from bns.models import Employee
from bns.programme.models import Lesson, Programme, ProgrammeAction, Review, ReviewKpiValue
from bns.programme.reviews.services import NEW_ACTIONS_MAX
from bns.programme.strategy.serializers import _TenantFields

ID = {"min_value": 1, "max_value": 2**31 - 1}


def _figure(**kwargs):
    return serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True, allow_null=True, **kwargs)


# --- Reviews ------------------------------------------------------------------------------------------


class ReviewKpiValueSerializer(serializers.ModelSerializer):
    value = _figure(help_text=_("The KPI's latest value measured on or before the review's date; null: it had none."))
    target = _figure(help_text=_("The KPI's target as it was at the review."))
    gap = serializers.SerializerMethodField(help_text=_("value - target as frozen; null when either is missing."))

    class Meta:
        model = ReviewKpiValue
        fields = ["id", "kpi", "kpi_name", "unit", "value", "value_on", "target", "gap"]
        read_only_fields = fields

    def get_gap(self, row) -> str | None:
        if row.value is None or row.target is None:
            return None
        return f"{row.value - row.target:.2f}"


class ReviewSerializer(serializers.ModelSerializer):
    created_by_name = serializers.CharField(source="created_by", read_only=True, allow_null=True, default=None)
    kpi_value_count = serializers.IntegerField(read_only=True, help_text=_("How many KPI values were frozen at the review."))
    kpi_missing_count = serializers.IntegerField(read_only=True, help_text=_("How many of them had no value yet."))
    new_action_count = serializers.IntegerField(read_only=True, help_text=_("How many new actions were decided at the review."))

    class Meta:
        model = Review
        fields = ["id", "programme", "held_on", "participants", "decisions", "notes", "created_by", "created_by_name",
                  "kpi_value_count", "kpi_missing_count", "new_action_count", "created_at"]
        read_only_fields = fields


class ReviewDetailSerializer(ReviewSerializer):
    kpi_values = ReviewKpiValueSerializer(many=True, read_only=True,
                                          help_text=_("The KPI values frozen at the review: copies, never recomputed."))
    new_actions = serializers.PrimaryKeyRelatedField(many=True, read_only=True,
                                                     help_text=_("Ids of the actions decided at the review (programme-actions)."))

    class Meta(ReviewSerializer.Meta):
        fields = [*ReviewSerializer.Meta.fields, "kpi_values", "new_actions"]
        read_only_fields = fields


class NewActionSerializer(_TenantFields, serializers.Serializer):
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=ProgrammeAction.Kind.choices)
    owner = serializers.PrimaryKeyRelatedField(queryset=Employee.unscoped.none(), required=False, allow_null=True,
                                               help_text=_("An active employee of the group."))
    deadline = serializers.DateField(required=False, allow_null=True)

    def tenant_querysets(self, tenant):
        return {"owner": Employee.unscoped.filter(tenant=tenant)}


class ReviewUpdateSerializer(serializers.Serializer):
    participants = serializers.CharField(max_length=5_000, required=False, allow_blank=True)
    decisions = serializers.CharField(max_length=20_000, required=False, allow_blank=True)
    notes = serializers.CharField(max_length=20_000, required=False, allow_blank=True)


class ReviewCreateSerializer(_TenantFields, ReviewUpdateSerializer):
    programme = serializers.PrimaryKeyRelatedField(queryset=Programme.unscoped.none(), required=False,
                                                   help_text=_("The iteration; the current one when left out."))
    held_on = serializers.DateField(help_text=_("The day the review was held: not in the future, not before the iteration's "
                                                "start. The KPI values frozen are the latest measured on or before it."))
    new_actions = serializers.ListField(child=NewActionSerializer(), required=False, max_length=NEW_ACTIONS_MAX,
                                        help_text=_("Up to 5 new actions decided at the review, added to the means."))

    def tenant_querysets(self, tenant):
        return {"programme": Programme.unscoped.filter(tenant=tenant)}


class ReviewFilterSerializer(serializers.Serializer):
    programme = serializers.IntegerField(required=False, **ID, help_text=_("An iteration's id; the current one when left out."))
    search = serializers.CharField(required=False, max_length=100, help_text=_("Words of the participants, decisions or notes."))


class ReviewScheduleFilterSerializer(serializers.Serializer):
    programme = serializers.IntegerField(required=False, **ID, help_text=_("An iteration's id; the current one when left out."))


class ReviewScheduleSerializer(serializers.Serializer):
    programme = serializers.IntegerField()
    last_held_on = serializers.DateField(allow_null=True, help_text=_("The date of the iteration's last review; null: none yet."))
    next_due_on = serializers.DateField(help_text=_("The last review's date (else the iteration's start) + the cadence."))
    overdue = serializers.BooleanField(help_text=_("The iteration is active and today is past next_due_on."))
    days_overdue = serializers.IntegerField()
    cadence_days = serializers.IntegerField(help_text=_("Days between two reviews (30: monthly)."))


# --- Lessons ------------------------------------------------------------------------------------------


class LessonSerializer(serializers.ModelSerializer):
    step = serializers.IntegerField(read_only=True, help_text=_("The step of the programme (1-8) the lesson is about."))
    step_label = serializers.CharField(source="get_step_display", read_only=True)
    author_name = serializers.CharField(source="author.full_name", read_only=True, allow_null=True, default=None)
    carried_from_iteration = serializers.IntegerField(source="carried_from.programme.iteration", read_only=True, allow_null=True,
                                                      default=None, help_text=_("For a lesson carried from an earlier iteration: its number."))

    class Meta:
        model = Lesson
        fields = ["id", "programme", "step", "step_label", "text", "author", "author_name", "carried_from", "carried_from_iteration",
                  "created_at"]
        read_only_fields = fields


class LessonUpdateSerializer(serializers.Serializer):
    step = serializers.IntegerField(min_value=1, max_value=8, required=False, help_text=_("The step of the programme, 1 to 8."))
    text = serializers.CharField(max_length=5_000, required=False)


class LessonCreateSerializer(_TenantFields, LessonUpdateSerializer):
    programme = serializers.PrimaryKeyRelatedField(queryset=Programme.unscoped.none(), required=False,
                                                   help_text=_("The iteration; the current one when left out."))
    step = serializers.IntegerField(min_value=1, max_value=8, help_text=_("The step of the programme, 1 to 8."))
    text = serializers.CharField(max_length=5_000)

    def tenant_querysets(self, tenant):
        return {"programme": Programme.unscoped.filter(tenant=tenant)}


class LessonFilterSerializer(serializers.Serializer):
    programme = serializers.IntegerField(required=False, **ID, help_text=_("An iteration's id; the current one when left out."))
    step = serializers.IntegerField(required=False, min_value=1, max_value=8)
    search = serializers.CharField(required=False, max_length=100)
