"""Serializers of the networking score's API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from networking.models import NetworkingScore, NetworkingScoreRun
from networking.score import formula
from networking.score.selectors import run_percent


class ScoreFilterSerializer(serializers.Serializer):
    employee = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1,
                                        help_text=_("Every snapshot of this employee (newest first)."))
    date = serializers.DateField(required=False, help_text=_("The snapshots computed on this day (YYYY-MM-DD)."))


class ScoreInputSerializer(serializers.Serializer):
    key = serializers.CharField()
    pillar = serializers.CharField()
    value = serializers.FloatField()
    target = serializers.FloatField()
    weight = serializers.FloatField()
    points = serializers.FloatField()


class ScoreNextStepSerializer(serializers.Serializer):
    key = serializers.CharField()
    text = serializers.CharField()
    more = serializers.FloatField()
    gain = serializers.FloatField()


class NetworkingScoreSerializer(serializers.ModelSerializer):
    employee_name = serializers.CharField(source="employee.full_name", read_only=True)
    inputs = serializers.SerializerMethodField()
    next_steps = serializers.SerializerMethodField()

    class Meta:
        model = NetworkingScore
        fields = ["id", "employee", "employee_name", "computed_on", "total", "brand", "reach", "engage", "relate", "inputs",
                  "next_steps", "run"]
        read_only_fields = fields

    @staticmethod
    def _details(obj) -> dict:
        return obj.details if isinstance(obj.details, dict) else {}

    @extend_schema_field(ScoreInputSerializer(many=True))
    def get_inputs(self, obj) -> list[dict]:
        details = self._details(obj)
        values, points, weights = details.get("inputs") or {}, details.get("points") or {}, details.get("weights") or {}
        out = []
        for spec in formula.INPUTS:
            used = weights.get(spec.key) if isinstance(weights.get(spec.key), dict) else {}
            out.append({
                "key": spec.key, "pillar": spec.pillar, "value": formula.as_number(values.get(spec.key)) or 0.0,
                "target": formula.as_number(used.get("target")) or 0.0, "weight": formula.as_number(used.get("weight")) or 0.0,
                "points": formula.as_number(points.get(spec.key)) or 0.0,
            })
        return out

    @extend_schema_field(ScoreNextStepSerializer(many=True))
    def get_next_steps(self, obj) -> list[dict]:
        steps = self._details(obj).get("next_steps") or []
        return [
            {"key": s["key"], "text": formula.next_step_text(s), "more": formula.as_number(s.get("more")) or 0.0,
             "gain": formula.as_number(s.get("gain")) or 0.0}
            for s in steps if isinstance(s, dict) and s.get("key") in formula.SPECS
        ]


class ScoreRunSerializer(serializers.ModelSerializer):
    percent = serializers.SerializerMethodField()

    class Meta:
        model = NetworkingScoreRun
        fields = ["id", "status", "employees_total", "employees_done", "percent", "error", "created_at", "started_at",
                  "finished_at"]
        read_only_fields = fields

    def get_percent(self, obj) -> int:
        return run_percent(obj)


class NetworkingSettingsSerializer(serializers.Serializer):
    """The group's networking settings. PATCH any subset; every value is checked, nothing changes when one is bad."""

    pulse_min_respondents = serializers.IntegerField(
        min_value=5, max_value=100,
        error_messages={"min_value": _("Pulse results are never shown over fewer than 5 respondents: enter 5 or more.")},
        help_text=_("Pulse results are shown only over at least this many answers (5 to 100, never fewer than 5)."),
    )
    licence_unused_days = serializers.IntegerField(
        min_value=7, max_value=180, help_text=_("A tool licence with no use for this many days is flagged (7 to 180)."),
    )
    score_weights = serializers.JSONField(
        help_text=_("The score's weights and targets: {input key: {\"weight\": w, \"target\": t}}. Send only the inputs "
                    "to change; the weights of each pillar must add up to 25."),
    )

    def to_representation(self, instance):
        from networking.score.selectors import score_weights_for

        return {
            "pulse_min_respondents": instance.pulse_min_respondents,
            "licence_unused_days": instance.licence_unused_days,
            "score_weights": score_weights_for(tenant=instance.tenant),
        }

    def validate_score_weights(self, value):
        if not isinstance(value, dict):
            raise serializers.ValidationError(_("Send an object: {input key: {weight, target}}."))
        return value

    def validate(self, attrs):
        unknown = sorted(set(getattr(self, "initial_data", None) or {}) - set(self.fields))
        if unknown:
            raise serializers.ValidationError({key: [_("Unknown setting.")] for key in unknown})
        return attrs
