"""Serializers of the activity and licence API: validation in, presentation out (writes: the services).

Reference ids are looked up in the caller's group only (another group's id is refused like a missing one); which
persons an activity may name, and who may log for whom, is checked by the services (networking.activity.rules).
"""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bns.models import Employee
from contacts.models import Account, Person
from contacts.serializers import ResponseOnlySerializer
from networking.activity import rules
from networking.activity.import_services import STATUSES
from networking.activity.services import BULK_MAX_ITEMS, CREATED, DUPLICATE, ERROR
from networking.models import Activity, ActivityChannel, ActivityImport, ActivityKind, ToolLicence

ID_MAX = 2_147_483_647


class _TenantFields:
    """Scope the writable related fields to the request's tenant."""

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


# --- Activities ---------------------------------------------------------------------------------------------


class ActivitySerializer(serializers.ModelSerializer):
    """An activity. ``person``/``person_name`` are null unless the caller may see that person's details."""

    employee_name = serializers.CharField(source="employee.full_name", read_only=True)
    person = serializers.SerializerMethodField()
    person_name = serializers.SerializerMethodField()
    account_name = serializers.CharField(source="account.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Activity
        fields = ["id", "employee", "employee_name", "occurred_on", "channel", "kind", "reach", "engagement", "person",
                  "person_name", "account", "account_name", "content_url", "note", "source", "client_key", "activity_import",
                  "created_at"]
        read_only_fields = fields

    def _shown(self, obj) -> bool:
        return bool(obj.person_id) and bool(getattr(obj, "person_shown", False))

    @extend_schema_field(OpenApiTypes.INT)
    def get_person(self, obj) -> int | None:
        return obj.person_id if self._shown(obj) else None

    @extend_schema_field(OpenApiTypes.STR)
    def get_person_name(self, obj) -> str | None:
        return f"{obj.person.first_name} {obj.person.last_name}".strip() if self._shown(obj) else None


class ActivityWriteSerializer(_TenantFields, serializers.Serializer):
    employee = serializers.PrimaryKeyRelatedField(
        queryset=Employee.unscoped.none(), required=False, allow_null=True,
        help_text="Whose activity: yours when left out. Logging for another employee needs the networks permission.")
    occurred_on = serializers.DateField(help_text="Not in the future, at most two years ago.")
    channel = serializers.ChoiceField(choices=ActivityChannel.choices)
    kind = serializers.ChoiceField(choices=ActivityKind.choices,
                                   help_text="Some kinds only happen on some channels (an InMail on LinkedIn...).")
    reach = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=rules.MAX_COUNT)
    engagement = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=rules.MAX_COUNT)
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.unscoped.none(), required=False, allow_null=True,
        help_text="One of the employee's contacts, or a person whose details you may see.")
    account = serializers.PrimaryKeyRelatedField(queryset=Account.unscoped.none(), required=False, allow_null=True)
    content_url = serializers.URLField(required=False, allow_blank=True, max_length=rules.URL_MAX)
    note = serializers.CharField(required=False, allow_blank=True, max_length=rules.NOTE_MAX)
    client_key = serializers.CharField(required=False, allow_blank=True, max_length=rules.CLIENT_KEY_MAX,
                                       help_text="Your identifier of this activity, unique in the group.")

    def tenant_querysets(self, tenant) -> dict:
        return {
            "employee": Employee.unscoped.filter(tenant=tenant),
            "person": Person.unscoped.filter(tenant=tenant),
            "account": Account.unscoped.filter(tenant=tenant),
        }


class ActivityUpdateSerializer(ActivityWriteSerializer):
    client_key = None  # set once, at creation

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.required = False
        return fields


class ActivityFilterSerializer(serializers.Serializer):
    employee = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    date_from = serializers.DateField(required=False, help_text="From this date (included).")
    date_to = serializers.DateField(required=False, help_text="Until this date (included).")
    kind = serializers.ChoiceField(choices=ActivityKind.choices, required=False)
    channel = serializers.ChoiceField(choices=ActivityChannel.choices, required=False)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("date_from")
        fields["to"] = fields.pop("date_to")
        return fields


class BulkItemSerializer(ResponseOnlySerializer):
    """One item of a bulk upload (documentation: the items are validated one by one, see the endpoint)."""

    client_key = serializers.CharField(max_length=rules.CLIENT_KEY_MAX, help_text="Required: a retried item with the same "
                                       "key is a duplicate and changes nothing.")
    employee = serializers.IntegerField(required=False, help_text="Employee id; the caller's own activity when left out.")
    occurred_on = serializers.DateField()
    channel = serializers.ChoiceField(choices=ActivityChannel.choices)
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    reach = serializers.IntegerField(required=False, allow_null=True)
    engagement = serializers.IntegerField(required=False, allow_null=True)
    person = serializers.IntegerField(required=False, allow_null=True)
    account = serializers.IntegerField(required=False, allow_null=True)
    content_url = serializers.URLField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)


class BulkRequestSerializer(serializers.Serializer):
    items = serializers.ListField(child=serializers.DictField(), min_length=1, max_length=BULK_MAX_ITEMS)


class BulkRequestDocSerializer(ResponseOnlySerializer):
    items = BulkItemSerializer(many=True, help_text=f"1 to {BULK_MAX_ITEMS} activities.")


class BulkItemResultSerializer(ResponseOnlySerializer):
    client_key = serializers.CharField()
    status = serializers.ChoiceField(choices=[(CREATED, CREATED), (DUPLICATE, DUPLICATE), (ERROR, ERROR)])
    id = serializers.IntegerField(allow_null=True, help_text="The stored activity (created or already there).")
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()),
                                   help_text="Field -> messages, for an item in error.")


class BulkResponseSerializer(ResponseOnlySerializer):
    created = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    errors = serializers.IntegerField()
    results = BulkItemResultSerializer(many=True, help_text="One per item, in the order sent.")


# --- Imports ------------------------------------------------------------------------------------------------


class ImportRowSerializer(ResponseOnlySerializer):
    row = serializers.IntegerField(help_text="Line of the file (the header is line 1; 0 for the whole file).")
    status = serializers.ChoiceField(choices=[(s, s) for s in STATUSES],
                                     help_text="new (preview: will be created), created, duplicate or error.")
    date = serializers.CharField(allow_blank=True)
    kind = serializers.CharField(allow_blank=True)
    channel = serializers.CharField(allow_blank=True)
    employee = serializers.CharField(allow_blank=True)
    client_key = serializers.CharField(allow_blank=True)
    id = serializers.IntegerField(allow_null=True)
    errors = serializers.ListField(child=serializers.CharField())


class ActivityImportSerializer(serializers.ModelSerializer):
    percent = serializers.SerializerMethodField()
    report = ImportRowSerializer(many=True, read_only=True)

    class Meta:
        model = ActivityImport
        fields = ["id", "filename", "status", "total_rows", "processed_rows", "percent", "created_count", "duplicate_count",
                  "error_count", "report", "created_at", "finished_at"]
        read_only_fields = fields

    def get_percent(self, obj) -> int:
        if obj.status in (ActivityImport.Status.DONE, ActivityImport.Status.FAILED):
            return 100
        return round(100 * obj.processed_rows / obj.total_rows) if obj.total_rows else 0


class ActivityImportListSerializer(ActivityImportSerializer):
    class Meta(ActivityImportSerializer.Meta):
        fields = [f for f in ActivityImportSerializer.Meta.fields if f != "report"]
        read_only_fields = fields


class ActivityImportCreateSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV (; or ,), French or English headers, 2 MB and 5,000 rows at most.")


# --- Tool licences ------------------------------------------------------------------------------------------


class ToolLicenceSerializer(serializers.ModelSerializer):
    employee_name = serializers.CharField(source="employee.full_name", read_only=True, allow_null=True, default=None)
    last_activity_on = serializers.DateField(read_only=True, allow_null=True,
                                             help_text="The holder's latest activity on the licence's channel.")
    last_use = serializers.DateField(read_only=True, allow_null=True,
                                     help_text="The later of last_used_on and last_activity_on.")
    unused = serializers.BooleanField(read_only=True, help_text="Active, and unassigned or not used for the group's "
                                                                "licence_unused_days (30 by default).")
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = ToolLicence
        fields = ["id", "tool", "channel", "employee", "employee_name", "monthly_cost", "starts_on", "ends_on", "last_used_on",
                  "last_activity_on", "last_use", "unused", "is_active", "note", "created_at"]
        read_only_fields = fields


class ToolLicenceWriteSerializer(_TenantFields, serializers.Serializer):
    tool = serializers.CharField(max_length=120)
    channel = serializers.ChoiceField(choices=ActivityChannel.choices, required=False, default=ActivityChannel.LINKEDIN)
    employee = serializers.PrimaryKeyRelatedField(queryset=Employee.unscoped.none(), required=False, allow_null=True)
    monthly_cost = serializers.DecimalField(max_digits=9, decimal_places=2, min_value=Decimal("0"), max_value=Decimal("100000"),
                                            required=False, default=Decimal("0"))
    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    def tenant_querysets(self, tenant) -> dict:
        return {"employee": Employee.unscoped.filter(tenant=tenant)}


class ToolLicenceUpdateSerializer(ToolLicenceWriteSerializer):
    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.required = False
            if hasattr(field, "default"):
                field.default = serializers.empty
        return fields


class LicenceFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[(s, s) for s in ("active", "unused", "ended", "all")], required=False,
                                     help_text="active (default), unused, ended or all.")
    search = serializers.CharField(required=False, max_length=100)
