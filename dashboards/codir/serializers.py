"""Serializers of the CoDir dashboards' API: representation only (the figures come from the snapshot, the refresh from
dashboards.services). Values are decimal strings ("54.17"), null when the snapshot says "no data"."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


def _value(**kwargs):
    return serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True, **kwargs)


class DashboardRunSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    day = serializers.DateField()
    status = serializers.CharField(help_text=_("queued, running, done or failed"))
    progress = serializers.IntegerField(help_text=_("0 to 100 (%)"))
    requested_by = serializers.CharField(allow_null=True, help_text=_("Who asked for it; null: the nightly job."))
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    duration_ms = serializers.IntegerField(allow_null=True)
    row_count = serializers.IntegerField()
    error = serializers.CharField(allow_blank=True)


class DashboardFigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    section = serializers.CharField(help_text=_("maturity, coordination, activity, sharing, results or pulse"))
    unit = serializers.CharField()
    direction = serializers.CharField(help_text=_("up: higher is better; down: lower is better"))
    value = _value()
    median = _value(help_text=_("The median over the group's dealerships (departments); null on the group's dashboard."))
    level = serializers.IntegerField(allow_null=True, help_text=_("Maturity level 1-5 of a maturity index; null otherwise."))
    definition = serializers.CharField(help_text=_("The API address of the metric's definition."))


class DashboardSeriesSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    values = serializers.ListField(child=_value(), help_text=_("One value per week (null: no snapshot that week)."))


class DashboardTrendsSerializer(serializers.Serializer):
    weeks = serializers.ListField(child=serializers.DateField(), help_text=_("The last day of each week, oldest first."))
    series = DashboardSeriesSerializer(many=True)


class DashboardBucketSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()
    share = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


class DashboardEntityValuesSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    values = serializers.DictField(child=_value(), help_text=_("Metric key -> value."))


class DashboardKpiSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    metric_key = serializers.CharField(allow_blank=True)
    latest_value = _value()
    latest_on = serializers.DateField(allow_null=True)
    target = _value()
    unit = serializers.CharField(allow_blank=True)
    status = serializers.CharField(help_text=_("reached, on_track, off_track, too_early, no_value or no_target"))


class DashboardEntitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class DashboardSerializer(serializers.Serializer):
    level = serializers.CharField(help_text=_("group, site or department"))
    entity = DashboardEntitySerializer(allow_null=True)
    day = serializers.DateField(allow_null=True, help_text=_("The snapshot's day; null before the first snapshot."))
    run = DashboardRunSerializer(allow_null=True, help_text=_("The computation the figures come from."))
    active_run = DashboardRunSerializer(allow_null=True, help_text=_("A computation queued or running, if any."))
    figures = DashboardFigureSerializer(many=True)
    heatmap = DashboardEntityValuesSerializer(many=True, allow_null=True,
                                              help_text=_("Group only: each dealership's maturity indexes by dimension."))
    by_site = DashboardEntityValuesSerializer(many=True, allow_null=True)
    by_department = DashboardEntityValuesSerializer(many=True, allow_null=True)
    trends = DashboardTrendsSerializer(allow_null=True)
    profile_quality = DashboardBucketSerializer(many=True)
    kpis = DashboardKpiSerializer(many=True, allow_null=True, help_text=_("Group only: the current iteration's KPIs."))


class DashboardMetricSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    formula = serializers.CharField()
    unit = serializers.CharField()
    direction = serializers.CharField()
    scopes = serializers.ListField(child=serializers.CharField())
    sources = serializers.ListField(child=serializers.CharField())
    computed = serializers.BooleanField()


class DashboardMetricDetailSerializer(DashboardMetricSerializer):
    as_of = serializers.DateTimeField(allow_null=True, help_text=_("When the latest snapshot finished; null before the first."))
    day = serializers.DateField(allow_null=True)
    group_value = _value(help_text=_("The group's value in that snapshot (for those who may see the dashboards)."))
