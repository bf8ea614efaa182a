"""Serializers of the report API: the one-page summary as structured JSON (read-only; texts in the requested language)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

ID = {"min_value": 1, "max_value": 2**31 - 1}


def _figure(**kwargs):
    return serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True, allow_null=True, **kwargs)


class ReportFilterSerializer(serializers.Serializer):
    programme = serializers.IntegerField(required=False, **ID, help_text=_("An iteration's id; the current one when left out."))
    lang = serializers.ChoiceField(choices=[code for code, _name in settings.LANGUAGES], required=False,
                                   help_text=_("The language of the report's texts; the caller's language when left out."))


class ReportIterationSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    iteration = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField(help_text="active | closed")
    status_label = serializers.CharField()
    process_owner = serializers.CharField()
    sponsor = serializers.CharField()
    starts_on = serializers.DateField()
    target_end_on = serializers.DateField()
    month = serializers.IntegerField(help_text=_("Month N of the iteration (0 before it starts)."))
    months = serializers.IntegerField()
    percent_elapsed = serializers.IntegerField()
    days_left = serializers.IntegerField(help_text=_("Negative once the target end is past."))
    late = serializers.BooleanField()
    current_step = serializers.IntegerField()
    current_step_label = serializers.CharField()
    workshops = serializers.IntegerField()
    iterations = serializers.IntegerField(help_text=_("How many iterations the group has run."))


class ReportStepSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    label = serializers.CharField()
    status = serializers.CharField(help_text="not_started | in_progress | done")
    status_label = serializers.CharField()
    is_current = serializers.BooleanField()
    overdue = serializers.BooleanField()
    owner = serializers.CharField()
    figure = serializers.CharField()
    next_action = serializers.CharField()


class ReportVisionSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    text = serializers.CharField(help_text=_("The current vision, shortened to about 400 characters."))
    shortened = serializers.BooleanField()
    published_on = serializers.DateField(allow_null=True)


class ReportDimensionSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    respondents = serializers.IntegerField()
    declared_level = serializers.IntegerField(allow_null=True)
    declared_label = serializers.CharField()
    index = serializers.IntegerField(allow_null=True)
    measurable = serializers.BooleanField()
    measured_level = serializers.IntegerField(allow_null=True)
    measured_label = serializers.CharField()
    gap = serializers.IntegerField(allow_null=True, help_text=_("Declared minus measured level."))


class ReportDiagnosticSerializer(serializers.Serializer):
    respondents = serializers.IntegerField()
    level = serializers.IntegerField(allow_null=True)
    level_label = serializers.CharField()
    index = serializers.IntegerField(allow_null=True)
    gaps = serializers.IntegerField()
    dimensions = ReportDimensionSerializer(many=True)


class ReportObjectiveSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    statement = serializers.CharField()
    kpi = serializers.CharField()
    unit = serializers.CharField()
    baseline = _figure()
    target = _figure()
    latest_value = _figure()
    deadline = serializers.DateField(allow_null=True)
    owner = serializers.CharField()
    smart_passed = serializers.IntegerField()
    smart_ok = serializers.BooleanField()
    smart_failed = serializers.ListField(child=serializers.CharField(), help_text=_("The SMART letters the objective fails."))
    smart_reason = serializers.CharField()
    progress = _figure(help_text=_("Progress from the baseline (0) to the target (100), in percent."))


class ReportKpiSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    unit = serializers.CharField()
    direction = serializers.CharField(help_text="up | down")
    target = _figure()
    latest_value = _figure()
    latest_on = serializers.DateField(allow_null=True)
    status = serializers.CharField(help_text="reached | on_track | off_track | too_early | no_value | no_target")
    status_label = serializers.CharField()


class ReportStrategySerializer(serializers.Serializer):
    title = serializers.CharField()
    rationale = serializers.CharField()
    decided_at = serializers.DateField(allow_null=True)
    options = serializers.IntegerField()


class ReportActionStatusSerializer(serializers.Serializer):
    status = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class ReportMeansSerializer(serializers.Serializer):
    actions = serializers.IntegerField()
    by_status = ReportActionStatusSerializer(many=True)
    overdue = serializers.IntegerField()
    planned = _figure()
    spent = _figure()
    replaced = _figure(help_text=_("The classic marketing spend the budget lines replace."))
    net = _figure(help_text=_("spent - replaced: negative is a net saving, positive a net cost."))
    net_text = serializers.CharField()
    is_saving = serializers.BooleanField()


class ReportReviewsSerializer(serializers.Serializer):
    held = serializers.IntegerField()
    cadence_days = serializers.IntegerField()
    last_held_on = serializers.DateField(allow_null=True)
    last_decisions = serializers.CharField()
    next_due_on = serializers.DateField()
    overdue = serializers.BooleanField()
    days_overdue = serializers.IntegerField()


class ReportLessonSerializer(serializers.Serializer):
    step = serializers.IntegerField()
    step_label = serializers.CharField()
    text = serializers.CharField()
    author = serializers.CharField()
    created_on = serializers.DateField(allow_null=True)


class ReportSerializer(serializers.Serializer):
    language = serializers.CharField()
    generated_on = serializers.DateField(source="today")
    group = serializers.CharField(source="tenant_name")
    iteration = ReportIterationSerializer()
    steps = ReportStepSerializer(many=True)
    vision = ReportVisionSerializer(allow_null=True)
    diagnostic = ReportDiagnosticSerializer()
    objectives = ReportObjectiveSerializer(many=True, help_text=_("At most 6, by deadline; objectives_total counts them all."))
    objectives_total = serializers.IntegerField()
    kpis = ReportKpiSerializer(many=True, help_text=_("At most 8, by name; kpis_total counts them all."))
    kpis_total = serializers.IntegerField()
    strategy = ReportStrategySerializer(allow_null=True)
    means = ReportMeansSerializer()
    reviews = ReportReviewsSerializer()
    lessons = ReportLessonSerializer(many=True, help_text=_("The 3 latest."))
    lessons_total = serializers.IntegerField()
