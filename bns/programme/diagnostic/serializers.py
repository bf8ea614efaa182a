"""Serializers of the self-assessment API: validation in, presentation out (writes: the services)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from bns.programme.diagnostic.services import COMMENT_MAX
from bns.programme.models import DiagnosticAnswer, Programme
from bns.programme.strategy.serializers import _TenantFields

ID = {"min_value": 1, "max_value": 2**31 - 1}


# --- The questionnaire --------------------------------------------------------------------------------


class QuestionSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("What an answer's “question” holds."))
    text = serializers.CharField()
    levels = serializers.ListField(child=serializers.CharField(), help_text=_("The anchored statements of levels 1 to 5."))


class DimensionSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    description = serializers.CharField()
    measured_by = serializers.ListField(child=serializers.CharField(),
                                        help_text=_("Keys of the metric catalogue that measure this dimension (may be empty)."))
    questions = QuestionSerializer(many=True)


class MaturityLevelSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    label = serializers.CharField()


class QuestionnaireSerializer(serializers.Serializer):
    levels = MaturityLevelSerializer(many=True, help_text=_("The maturity scale: 1 disorder ... 5 optimised."))
    dimensions = DimensionSerializer(many=True)


# --- Answers ------------------------------------------------------------------------------------------


class DiagnosticAnswerSerializer(serializers.ModelSerializer):
    respondent_name = serializers.CharField(source="respondent.full_name", read_only=True)

    class Meta:
        model = DiagnosticAnswer
        fields = ["id", "programme", "respondent", "respondent_name", "dimension", "question", "level", "comment", "answered_at"]
        read_only_fields = fields


class DiagnosticAnswerFilterSerializer(serializers.Serializer):
    programme = serializers.IntegerField(required=False, **ID, help_text=_("An iteration's id; the current one when left out."))
    respondent = serializers.IntegerField(required=False, **ID,
                                          help_text=_("An employee's id (the programme's editors; others only see their own)."))


class AnswerItemSerializer(serializers.Serializer):
    question = serializers.CharField(max_length=40, help_text=_("A question code of the questionnaire, e.g. “profiles_1”."))
    level = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=COMMENT_MAX, required=False, allow_blank=True, default="")


class DiagnosticAnswerSaveSerializer(_TenantFields, serializers.Serializer):
    programme = serializers.PrimaryKeyRelatedField(queryset=Programme.unscoped.none(), required=False,
                                                   help_text=_("The iteration; the current one when left out."))
    answers = AnswerItemSerializer(many=True, allow_empty=False, max_length=100)

    def tenant_querysets(self, tenant):
        return {"programme": Programme.unscoped.filter(tenant=tenant)}

    def validate_answers(self, value):
        codes = [item["question"] for item in value]
        duplicates = sorted({code for code in codes if codes.count(code) > 1})
        if duplicates:
            raise serializers.ValidationError(_("Each question once: %(codes)s appear twice.") % {"codes": ", ".join(duplicates)})
        return value


class DiagnosticSaveResultSerializer(serializers.Serializer):
    saved = serializers.IntegerField(help_text=_("How many answers were added or changed (the same answer again changes nothing)."))
    answers = DiagnosticAnswerSerializer(many=True, help_text=_("All your answers to this iteration, after the save."))


# --- Results ------------------------------------------------------------------------------------------


class IndicatorSerializer(serializers.Serializer):
    metric = serializers.CharField(source="key")
    label = serializers.CharField()
    formula = serializers.CharField()
    unit = serializers.CharField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True,
                                     help_text=_("null: no measure yet (too little data), never a made-up 0."))
    level = serializers.IntegerField(allow_null=True, help_text=_("The value as a level 1-5 (thresholds: bands)."))
    bands = serializers.ListField(child=serializers.DecimalField(max_digits=6, decimal_places=2),
                                  help_text=_("The thresholds of levels 2, 3, 4 and 5."))


class QuestionResultSerializer(serializers.Serializer):
    code = serializers.CharField(source="question.code")
    text = serializers.CharField(source="question.text")
    answers = serializers.IntegerField()
    mean = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    low = serializers.IntegerField(allow_null=True)
    high = serializers.IntegerField(allow_null=True)


class DimensionResultSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    respondents = serializers.IntegerField()
    answers = serializers.IntegerField()
    mean = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True, help_text=_("Mean of the answers (1-5)."))
    level = serializers.IntegerField(allow_null=True, help_text=_("Declared level 1-5: the mean rounded half up."))
    level_label = serializers.CharField()
    index = serializers.IntegerField(allow_null=True, help_text=_("Baseline maturity index 0-100: (mean - 1) / 4 x 100."))
    low = serializers.IntegerField(allow_null=True, help_text=_("Lowest level given in the dimension."))
    high = serializers.IntegerField(allow_null=True, help_text=_("Highest level given in the dimension."))
    measurable = serializers.BooleanField(help_text=_("Whether the system measures anything for this dimension."))
    measured_level = serializers.IntegerField(allow_null=True, help_text=_("Mean of the indicators' levels; null: no measure yet."))
    gap = serializers.IntegerField(allow_null=True, help_text=_("Declared minus measured level."))
    indicators = IndicatorSerializer(many=True, source="measure.indicators")
    questions = QuestionResultSerializer(many=True)


class DiagnosticResultsSerializer(serializers.Serializer):
    programme = serializers.IntegerField(source="programme.pk")
    as_of = serializers.DateField(help_text=_("The day the measured indicators are computed for."))
    respondents = serializers.IntegerField()
    mean = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True,
                                    help_text=_("Overall: the mean of the dimensions' means."))
    level = serializers.IntegerField(allow_null=True)
    level_label = serializers.CharField()
    index = serializers.IntegerField(allow_null=True)
    dimensions = DimensionResultSerializer(many=True)


class DiagnosticResultsFilterSerializer(serializers.Serializer):
    programme = serializers.IntegerField(required=False, **ID, help_text=_("An iteration's id; the current one when left out."))
