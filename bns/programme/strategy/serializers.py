"""Serializers of the strategy API: validation in, presentation out (writes: the services)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from bns.programme.models import Programme, StrategyChallenge, StrategyOption


class _TenantFields:
    """Scope the writable related fields to the request's tenant (another group's id is refused like a missing one)."""

    def tenant_querysets(self, tenant) -> dict:
        return {}

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        tenant = getattr(request, "tenant", None)
        querysets = self.tenant_querysets(tenant) if tenant is not None else {}
        for name, field in fields.items():
            if isinstance(field, serializers.PrimaryKeyRelatedField) and not field.read_only:
                field.queryset = querysets.get(name, field.queryset.none())
        return fields


class StrategyChallengeSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.full_name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = StrategyChallenge
        fields = ["id", "option", "author", "author_name", "comment", "score", "created_at"]
        read_only_fields = fields


class StrategyOptionSerializer(serializers.ModelSerializer):
    challenge_count = serializers.IntegerField(read_only=True)
    average_score = serializers.FloatField(read_only=True, allow_null=True,
                                           help_text=_("Average of the challenges' scores (1-5); null when none gave one."))

    class Meta:
        model = StrategyOption
        fields = ["id", "programme", "title", "description", "pros", "cons", "cost", "feasibility", "status", "rationale",
                  "decided_at", "challenge_count", "average_score", "created_at"]
        read_only_fields = fields


class StrategyOptionUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
    pros = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
    cons = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
    cost = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True,
                                    help_text=_("Estimated cost in euros (0 or more)."))
    feasibility = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True,
                                           help_text=_("1: hard to carry out, 5: easy."))
    rationale = serializers.CharField(max_length=10_000, required=False, allow_blank=True,
                                      help_text=_("Why a decided option was retained or rejected."))


class StrategyOptionCreateSerializer(_TenantFields, StrategyOptionUpdateSerializer):
    programme = serializers.PrimaryKeyRelatedField(queryset=Programme.unscoped.none(), required=False,
                                                   help_text=_("The iteration; the current one when left out."))
    title = serializers.CharField(max_length=200)
    rationale = None

    def tenant_querysets(self, tenant):
        return {"programme": Programme.unscoped.filter(tenant=tenant)}


class StrategyOptionFilterSerializer(serializers.Serializer):
    programme = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1,
                                         help_text=_("An iteration's id; the current iteration when left out."))
    status = serializers.ChoiceField(choices=StrategyOption.Status.choices, required=False)


class StrategyRetainSerializer(serializers.Serializer):
    rationale = serializers.CharField(max_length=10_000, help_text=_("Why this option is retained (required)."))
    rejection_reasons = serializers.DictField(
        child=serializers.CharField(max_length=10_000, allow_blank=True), required=False,
        help_text=_("Reason per other option, by option id; a missing or blank one records “Not retained: … was preferred”."),
    )


class StrategyChallengeWriteSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=5_000)
    score = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)


class StrategyChallengeCreateSerializer(_TenantFields, StrategyChallengeWriteSerializer):
    option = serializers.PrimaryKeyRelatedField(queryset=StrategyOption.unscoped.none())

    def tenant_querysets(self, tenant):
        return {"option": StrategyOption.unscoped.filter(tenant=tenant)}


class StrategyChallengeFilterSerializer(serializers.Serializer):
    programme = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    option = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)


class ReopenResultSerializer(serializers.Serializer):
    reopened = serializers.IntegerField(help_text=_("How many options went back under discussion."))
