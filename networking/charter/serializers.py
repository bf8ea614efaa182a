"""Serializers of the charter's API: validation and representation only (writes go through the services)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from networking.charter.selectors import charter_lines
from networking.charter.services import TEXT_MAX, TITLE_MAX
from networking.models import Charter, CharterAcknowledgement


class CharterSerializer(serializers.ModelSerializer):
    dos_items = serializers.SerializerMethodField(help_text=_("The do's, one item per line of ``dos``."))
    donts_items = serializers.SerializerMethodField(help_text=_("The don'ts, one item per line of ``donts``."))

    class Meta:
        model = Charter
        fields = ["id", "version", "title", "dos", "donts", "body", "dos_items", "donts_items", "published_at"]
        read_only_fields = fields

    def get_dos_items(self, charter) -> list[str]:
        return charter_lines(charter.dos)

    def get_donts_items(self, charter) -> list[str]:
        return charter_lines(charter.donts)


class CharterPublishSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=TITLE_MAX)
    dos = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="", help_text=_("One per line."))
    donts = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="", help_text=_("One per line."))
    body = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")


class CharterAcknowledgementFilterSerializer(serializers.Serializer):
    charter = serializers.IntegerField(required=False, min_value=1, help_text=_("Only the acknowledgements of this version (id)."))


class CharterAcknowledgementSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(source="charter.version", read_only=True)
    employee_name = serializers.SerializerMethodField()

    class Meta:
        model = CharterAcknowledgement
        fields = ["id", "charter", "version", "employee", "employee_name", "acknowledged_at"]
        read_only_fields = fields

    def get_employee_name(self, ack) -> str:
        return ack.employee.full_name


class CharterAcknowledgeSerializer(serializers.Serializer):
    charter = serializers.IntegerField(
        required=False, allow_null=True, min_value=1,
        help_text=_("The version (id) you read. Optional; when given it must be the current one."),
    )


class SiteRateSerializer(serializers.Serializer):
    site_id = serializers.IntegerField(allow_null=True, help_text=_("Null for the employees with no dealership."))
    site_name = serializers.CharField()
    active_employees = serializers.IntegerField(source="active")
    acknowledged = serializers.IntegerField()
    percent = serializers.IntegerField(allow_null=True, help_text=_("Rounded; null when the dealership has no active employee."))


class CharterRatesSerializer(serializers.Serializer):
    charter = serializers.IntegerField(allow_null=True, help_text=_("The current version's id (null: no charter yet)."))
    version = serializers.IntegerField(allow_null=True)
    sites = SiteRateSerializer(many=True)
    total = SiteRateSerializer()
