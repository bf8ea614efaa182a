"""Serializers of the objectives, KPIs, KPI values and metric catalogue API: validation in, presentation out (the
services write). Reference ids are looked up in the caller's group only: another group's id is refused like a
missing one."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bns.models import Department, Employee, Site
from bns.programme.models import Kpi, KpiValue, Objective, Programme, ScopeKind
from bns.programme.objectives.progress import STATUS_LABELS
from dashboards.catalogue import SCOPES, UNITS

NUMBER = {"max_digits": 14, "decimal_places": 2, "allow_null": True, "required": False}


class _TenantFields:
    """Scope the writable related fields to the request's group (``tenant_querysets``: name -> queryset)."""

    def tenant_querysets(self, tenant) -> dict:
        return {
            "programme": Programme.unscoped.filter(tenant=tenant),
            "kpi": Kpi.unscoped.filter(tenant=tenant),
            "owner": Employee.unscoped.filter(tenant=tenant, is_active=True),
            "site": Site.unscoped.filter(tenant=tenant),
            "department": Department.unscoped.filter(tenant=tenant),
        }

    def get_fields(self):
        fields = super().get_fields()
        tenant = getattr(self.context.get("request"), "tenant", None)
        querysets = self.tenant_querysets(tenant) if tenant is not None else {}
        for name, field in fields.items():
            if isinstance(field, serializers.PrimaryKeyRelatedField) and not field.read_only:
                field.queryset = querysets.get(name, field.queryset.none())
        return fields


class _ResponseOnly(serializers.Serializer):
    def create(self, validated_data):  # pragma: no cover - never written through
        raise NotImplementedError

    def update(self, instance, validated_data):  # pragma: no cover - never written through
        raise NotImplementedError


class ProgrammeFilterSerializer(_ResponseOnly):
    programme = serializers.IntegerField(required=False, min_value=1, max_value=2_147_483_647,
                                         help_text="An iteration of the programme (default: the current one).")


class KpiValueFilterSerializer(ProgrammeFilterSerializer):
    kpi = serializers.IntegerField(required=False, min_value=1, max_value=2_147_483_647, help_text="Only this KPI's values.")


class SmartCheckSerializer(_ResponseOnly):
    letter = serializers.ChoiceField(choices=["S", "M", "A", "R", "T"])
    name = serializers.CharField()
    ok = serializers.BooleanField()
    reason = serializers.CharField()


# --- Objectives ---------------------------------------------------------------------------------------


class ObjectiveSerializer(serializers.ModelSerializer):
    """An objective with its SMART checks (``smart``: the five letters, pass or fail, and why) and its progress."""

    kpi_name = serializers.CharField(source="kpi.name", read_only=True, allow_null=True, default=None)
    owner_name = serializers.CharField(source="owner.full_name", read_only=True, allow_null=True, default=None)
    latest_value = serializers.SerializerMethodField()
    latest_on = serializers.SerializerMethodField()
    progress_percent = serializers.SerializerMethodField()
    smart = serializers.SerializerMethodField()
    smart_passed = serializers.SerializerMethodField()

    class Meta:
        model = Objective
        fields = ["id", "programme", "statement", "kpi", "kpi_name", "baseline", "target", "deadline", "owner", "owner_name",
                  "scope_kind", "site", "department", "latest_value", "latest_on", "progress_percent", "smart", "smart_passed",
                  "created_at"]
        read_only_fields = fields

    def _row(self, obj):
        return self.context["rows"][obj.pk]

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True))
    def get_latest_value(self, obj):
        latest = self._row(obj).latest
        return None if latest is None else str(latest[1])

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_latest_on(self, obj):
        latest = self._row(obj).latest
        return None if latest is None else latest[0].isoformat()

    @extend_schema_field(serializers.IntegerField(allow_null=True, help_text="0 at the baseline, 100 at the target."))
    def get_progress_percent(self, obj):
        value = self._row(obj).progress
        return None if value is None else int(value)

    @extend_schema_field(SmartCheckSerializer(many=True))
    def get_smart(self, obj):
        return [{"letter": c.letter, "name": c.name, "ok": c.ok, "reason": c.reason} for c in self._row(obj).checks]

    @extend_schema_field(serializers.IntegerField(help_text="How many of the five letters pass."))
    def get_smart_passed(self, obj):
        return self._row(obj).passed


class ObjectiveWriteSerializer(_TenantFields, _ResponseOnly):
    programme = serializers.PrimaryKeyRelatedField(queryset=Programme.unscoped.none(), required=False,
                                                   help_text="On creation: the iteration (default: the current one).")
    statement = serializers.CharField(max_length=2000)
    kpi = serializers.PrimaryKeyRelatedField(queryset=Kpi.unscoped.none(), required=False, allow_null=True)
    baseline = serializers.DecimalField(**NUMBER, help_text="Left out on creation: the KPI's latest value.")
    target = serializers.DecimalField(**NUMBER)
    deadline = serializers.DateField(required=False, allow_null=True)
    owner = serializers.PrimaryKeyRelatedField(queryset=Employee.unscoped.none(), required=False, allow_null=True)
    scope_kind = serializers.ChoiceField(choices=ScopeKind.choices, required=False)
    site = serializers.PrimaryKeyRelatedField(queryset=Site.unscoped.none(), required=False, allow_null=True)
    department = serializers.PrimaryKeyRelatedField(queryset=Department.unscoped.none(), required=False, allow_null=True)


# --- KPIs and values ----------------------------------------------------------------------------------


class KpiSerializer(serializers.ModelSerializer):
    latest_value = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, allow_null=True,
                                            help_text="The latest value recorded; null: none yet (never a made-up 0).")
    latest_on = serializers.DateField(read_only=True, allow_null=True)
    status = serializers.SerializerMethodField()
    computed = serializers.SerializerMethodField()

    class Meta:
        model = Kpi
        fields = ["id", "programme", "metric_key", "name", "unit", "direction", "target", "scope_kind", "site", "department",
                  "manual_source", "latest_value", "latest_on", "status", "computed", "created_at"]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=list(STATUS_LABELS), help_text=(
        "reached: the latest value is at or beyond the target; on_track / off_track: whether the recent trend, "
        "carried on to the end of the iteration, reaches it; too_early: a single value; no_value; no_target.")))
    def get_status(self, obj):
        return self.context["statuses"][obj.pk]

    @extend_schema_field(serializers.BooleanField(help_text="A metric of the catalogue (measured by the system)."))
    def get_computed(self, obj):
        return bool(obj.metric_key)


class KpiWriteSerializer(_TenantFields, _ResponseOnly):
    programme = serializers.PrimaryKeyRelatedField(queryset=Programme.unscoped.none(), required=False,
                                                   help_text="On creation: the iteration (default: the current one).")
    metric_key = serializers.CharField(max_length=60, required=False, allow_blank=True,
                                       help_text="A key of /metrics/ (unit and direction are then the metric's); empty: by hand.")
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    unit = serializers.CharField(max_length=30, required=False, allow_blank=True)
    direction = serializers.ChoiceField(choices=Kpi.Direction.choices, required=False)
    target = serializers.DecimalField(**NUMBER)
    scope_kind = serializers.ChoiceField(choices=ScopeKind.choices, required=False)
    site = serializers.PrimaryKeyRelatedField(queryset=Site.unscoped.none(), required=False, allow_null=True)
    department = serializers.PrimaryKeyRelatedField(queryset=Department.unscoped.none(), required=False, allow_null=True)
    manual_source = serializers.CharField(max_length=300, required=False, allow_blank=True,
                                          help_text="Required for a KPI entered by hand: where the figures come from.")


class KpiValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = KpiValue
        fields = ["id", "kpi", "measured_on", "value", "source", "entered_by", "created_at"]
        read_only_fields = fields


class KpiValueWriteSerializer(_TenantFields, _ResponseOnly):
    kpi = serializers.PrimaryKeyRelatedField(queryset=Kpi.unscoped.none())
    measured_on = serializers.DateField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2)
    source = serializers.CharField(max_length=300, required=False, allow_blank=True, help_text="Default: the KPI's source.")


class MetricSerializer(_ResponseOnly):
    key = serializers.CharField()
    label = serializers.CharField()
    formula = serializers.CharField(help_text="The definition shown next to the figure.")
    unit = serializers.ChoiceField(choices=list(UNITS))
    direction = serializers.ChoiceField(choices=Kpi.Direction.choices)
    scopes = serializers.ListField(child=serializers.ChoiceField(choices=list(SCOPES)))
    sources = serializers.ListField(child=serializers.CharField(), help_text="The database tables it reads.")
    computed = serializers.BooleanField(help_text="False: defined, but nothing computes it yet.")
