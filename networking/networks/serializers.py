"""Serializers of the real-world networks' API: validation in, presentation out (writes: services).

Reference ids are looked up in the caller's group only: another group's id is refused like a missing one.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from bns.models import Employee, Site
from contacts.models import Visibility
from networking.models import (
    EventAttendance,
    EventContact,
    MembershipRole,
    Network,
    NetworkEvent,
    NetworkKind,
    NetworkMembership,
    NetworkTarget,
    Priority,
)

ID_MAX = 2_147_483_647
TARGET_FILTER = [("yes", "targeted by the group or a dealership"), ("no", "not targeted")]
WHEN = [("upcoming", "today or later"), ("past", "before today")]


def _enum_field(name: str, choices, type_: str = "string"):
    """A ChoiceField documented as its own named enum: the field names "kind", "role" and "priority" are used by
    other areas with other choices, and one shared enum name per field name would collide in the schema."""
    schema = {"type": type_, "enum": [value for value, _label in choices]}

    @extend_schema_field(schema, component_name=name)
    class EnumField(serializers.ChoiceField):
        def __init__(self, **kwargs):
            super().__init__(choices=choices, **kwargs)

    EnumField.__name__ = f"{name}Field"
    return EnumField


NetworkKindField = _enum_field("NetworkKindEnum", NetworkKind.choices)
NetworkPriorityField = _enum_field("NetworkPriorityEnum", Priority.choices, "integer")
NetworkMembershipRoleField = _enum_field("NetworkMembershipRoleEnum", MembershipRole.choices)


class ResponseOnlySerializer(serializers.Serializer):
    """Describes an answer only."""

    def create(self, validated_data):  # pragma: no cover - never written through
        raise NotImplementedError

    def update(self, instance, validated_data):  # pragma: no cover - never written through
        raise NotImplementedError


class _TenantFields:
    """Scope the writable related fields to the request's tenant (``tenant_querysets``: name -> queryset)."""

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


def _employees(tenant):
    return Employee.unscoped.filter(tenant=tenant, is_active=True)


def _networks(tenant):
    return Network.unscoped.filter(tenant=tenant, is_active=True)


def _sites(tenant):
    return Site.unscoped.filter(tenant=tenant)


# --- Networks -------------------------------------------------------------------------------------------


class NetworkSerializer(serializers.ModelSerializer):
    kind = NetworkKindField(read_only=True)
    priority = NetworkPriorityField(read_only=True)
    site_name = serializers.CharField(source="site.name", read_only=True, allow_null=True, default=None)
    member_count = serializers.IntegerField(read_only=True, help_text="Active memberships of active employees.")
    target_count = serializers.IntegerField(read_only=True, help_text="Targets of the networking policy (group-wide or per dealership).")

    class Meta:
        model = Network
        fields = ["id", "name", "kind", "city", "site", "site_name", "annual_fee", "priority", "website", "description",
                  "is_active", "member_count", "target_count", "created_at"]
        read_only_fields = fields


class NetworkWriteSerializer(_TenantFields, serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = NetworkKindField()
    city = serializers.CharField(max_length=120, required=False, allow_blank=True)
    site = serializers.PrimaryKeyRelatedField(queryset=Site.unscoped.none(), required=False, allow_null=True,
                                              help_text="The dealership concerned; null: the whole group.")
    annual_fee = serializers.DecimalField(max_digits=9, decimal_places=2, min_value=0, required=False, allow_null=True)
    priority = NetworkPriorityField(required=False)
    website = serializers.URLField(max_length=300, required=False, allow_blank=True)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)

    def tenant_querysets(self, tenant):
        return {"site": _sites(tenant)}


class NetworkUpdateSerializer(NetworkWriteSerializer):
    is_active = serializers.BooleanField(required=False, help_text="true reactivates a network taken out of the directory.")


class NetworkFilterSerializer(serializers.Serializer):
    search = serializers.CharField(required=False, max_length=200, help_text="Words of the name or the city.")
    kind = NetworkKindField(required=False)
    site = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX, help_text="The dealership concerned (id).")
    priority = NetworkPriorityField(required=False)
    target = serializers.ChoiceField(choices=TARGET_FILTER, required=False)
    include_inactive = serializers.BooleanField(required=False, default=False)


# --- Memberships ----------------------------------------------------------------------------------------


class NetworkMembershipSerializer(serializers.ModelSerializer):
    role = NetworkMembershipRoleField(read_only=True)
    network_name = serializers.CharField(source="network.name", read_only=True)
    employee_name = serializers.CharField(source="employee.full_name", read_only=True)

    class Meta:
        model = NetworkMembership
        fields = ["id", "network", "network_name", "employee", "employee_name", "role", "since", "paid_by_company", "ended_on",
                  "created_at"]
        read_only_fields = fields


class NetworkMembershipUpdateSerializer(serializers.Serializer):
    role = NetworkMembershipRoleField(required=False)
    since = serializers.DateField(required=False, allow_null=True)
    paid_by_company = serializers.BooleanField(required=False)


class NetworkMembershipCreateSerializer(_TenantFields, NetworkMembershipUpdateSerializer):
    network = serializers.PrimaryKeyRelatedField(queryset=Network.unscoped.none(), help_text="An active network of the directory.")
    employee = serializers.PrimaryKeyRelatedField(
        queryset=Employee.unscoped.none(), required=False, allow_null=True,
        help_text="Default: yourself. Another employee needs the manage-networks permission.",
    )

    def tenant_querysets(self, tenant):
        return {"network": _networks(tenant), "employee": _employees(tenant)}


class NetworkMembershipEndSerializer(serializers.Serializer):
    ended_on = serializers.DateField(required=False, allow_null=True, help_text="Default: today.")


class NetworkMembershipFilterSerializer(serializers.Serializer):
    network = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    employee = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    active = serializers.BooleanField(required=False, allow_null=True, default=None,
                                      help_text="true: memberships not ended; false: ended ones.")


# --- Targets (the networking policy) --------------------------------------------------------------------


class NetworkTargetSerializer(serializers.ModelSerializer):
    network_name = serializers.CharField(source="network.name", read_only=True)
    site_name = serializers.CharField(source="site.name", read_only=True, allow_null=True, default=None)
    lead_name = serializers.CharField(source="lead.full_name", read_only=True, allow_null=True, default=None)
    lead_active = serializers.BooleanField(read_only=True)
    members_in_scope = serializers.IntegerField(read_only=True,
                                                help_text="Active members of the dealership (of the group for a group-wide target).")
    covered = serializers.BooleanField(read_only=True, help_text="An active member in scope and an active named lead.")

    class Meta:
        model = NetworkTarget
        fields = ["id", "network", "network_name", "site", "site_name", "lead", "lead_name", "lead_active", "note",
                  "members_in_scope", "covered", "created_at"]
        read_only_fields = fields


class NetworkTargetUpdateSerializer(_TenantFields, serializers.Serializer):
    lead = serializers.PrimaryKeyRelatedField(queryset=Employee.unscoped.none(), required=False, allow_null=True,
                                              help_text="The named lead: an active employee.")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)

    def tenant_querysets(self, tenant):
        return {"lead": _employees(tenant)}


class NetworkTargetCreateSerializer(NetworkTargetUpdateSerializer):
    network = serializers.PrimaryKeyRelatedField(queryset=Network.unscoped.none())
    site = serializers.PrimaryKeyRelatedField(queryset=Site.unscoped.none(), required=False, allow_null=True,
                                              help_text="The dealership that targets it; null: the whole group.")

    def tenant_querysets(self, tenant):
        return {**super().tenant_querysets(tenant), "network": _networks(tenant), "site": _sites(tenant)}


class NetworkTargetFilterSerializer(serializers.Serializer):
    network = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    site = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    covered = serializers.BooleanField(required=False, allow_null=True, default=None)


# --- Events, attendance, contacts met -------------------------------------------------------------------


class NetworkEventSerializer(serializers.ModelSerializer):
    network_name = serializers.CharField(source="network.name", read_only=True, allow_null=True, default=None)
    attendee_count = serializers.IntegerField(read_only=True)
    contact_count = serializers.IntegerField(read_only=True, help_text="Persons met at the event, by all attendees (a count).")
    i_attended = serializers.BooleanField(read_only=True, help_text="You are marked as present.")

    class Meta:
        model = NetworkEvent
        fields = ["id", "title", "held_on", "network", "network_name", "city", "notes", "attendee_count", "contact_count",
                  "i_attended", "created_at"]
        read_only_fields = fields


class NetworkEventAttendeeSerializer(ResponseOnlySerializer):
    attendance = serializers.IntegerField(source="pk")
    employee = serializers.IntegerField(source="employee_id")
    employee_name = serializers.CharField(source="employee.full_name")
    site_name = serializers.CharField(source="employee.site.name", allow_null=True, default=None)


class NetworkEventDetailSerializer(NetworkEventSerializer):
    attendees = serializers.SerializerMethodField()
    i_attended = serializers.SerializerMethodField()
    others_contact_count = serializers.SerializerMethodField(help_text="Persons met by the other attendees: a count, never names.")

    class Meta(NetworkEventSerializer.Meta):
        fields = [*NetworkEventSerializer.Meta.fields, "attendees", "others_contact_count"]
        read_only_fields = fields

    def _detail(self):
        return self.context["detail"]

    def get_attendees(self, event) -> list[dict]:
        return NetworkEventAttendeeSerializer(self._detail().attendees, many=True).data

    def get_i_attended(self, event) -> bool:
        return self._detail().i_attended

    def get_others_contact_count(self, event) -> int:
        return self._detail().others_contact_count


class NetworkEventUpdateSerializer(_TenantFields, serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    held_on = serializers.DateField(required=False)
    network = serializers.PrimaryKeyRelatedField(queryset=Network.unscoped.none(), required=False, allow_null=True,
                                                 help_text="Optional: an event may belong to no network (a trade fair...).")
    city = serializers.CharField(max_length=120, required=False, allow_blank=True)
    notes = serializers.CharField(max_length=5000, required=False, allow_blank=True)

    def tenant_querysets(self, tenant):
        return {"network": Network.unscoped.filter(tenant=tenant)}


class NetworkEventCreateSerializer(NetworkEventUpdateSerializer):
    title = serializers.CharField(max_length=200)
    held_on = serializers.DateField()
    i_attended = serializers.BooleanField(required=False, default=False, help_text="true: mark yourself as an attendee.")

    def tenant_querysets(self, tenant):
        return {"network": _networks(tenant)}


class NetworkEventFilterSerializer(serializers.Serializer):
    search = serializers.CharField(required=False, max_length=200, help_text="Words of the title, the city or the network's name.")
    network = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    when = serializers.ChoiceField(choices=WHEN, required=False)
    mine = serializers.BooleanField(required=False, default=False, help_text="true: only the events you attended.")


class NetworkEventAttendSerializer(_TenantFields, serializers.Serializer):
    employee = serializers.PrimaryKeyRelatedField(
        queryset=Employee.unscoped.none(), required=False, allow_null=True,
        help_text="Default: yourself. A colleague: the event's creator or the manage-networks permission.",
    )
    attended = serializers.BooleanField(required=False, default=True, help_text="false takes the mark back.")

    def tenant_querysets(self, tenant):
        return {"employee": Employee.unscoped.filter(tenant=tenant)}


class NetworkEventAttendanceSerializer(serializers.ModelSerializer):
    employee_name = serializers.CharField(source="employee.full_name", read_only=True)

    class Meta:
        model = EventAttendance
        fields = ["id", "event", "employee", "employee_name", "attended"]
        read_only_fields = fields


class NetworkContactMetCreateSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    company = serializers.CharField(max_length=200, required=False, allow_blank=True)
    position = serializers.CharField(max_length=200, required=False, allow_blank=True)
    email = serializers.CharField(max_length=254, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    linkedin_url = serializers.CharField(max_length=300, required=False, allow_blank=True)
    strength = serializers.IntegerField(min_value=1, max_value=5, required=False, default=1)
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False,
                                         help_text="Default: the group's default visibility.")
    notes = serializers.CharField(max_length=5000, required=False, allow_blank=True,
                                  help_text="The relationship's private notes: only ever shown to you.")

    def validate(self, attrs):
        if not any(attrs.get(k) for k in ("first_name", "last_name", "email", "linkedin_url")):
            raise serializers.ValidationError("Give at least a name, an e-mail or a LinkedIn profile.")
        return attrs


class NetworkContactMetSerializer(serializers.ModelSerializer):
    """One of your own contacts met at the event (the person's name only while the relationship is yours)."""

    person_name = serializers.SerializerMethodField()
    company = serializers.SerializerMethodField()
    visibility = serializers.SerializerMethodField()

    class Meta:
        model = EventContact
        fields = ["id", "event", "person", "person_name", "company", "relationship", "visibility", "created_at"]
        read_only_fields = fields

    def _visible(self, row) -> bool:
        return row.person_id is not None and row.relationship_id is not None and row.relationship.owner_id == row.attendee_id

    def get_person_name(self, row) -> str | None:
        return row.person.full_name if self._visible(row) else None

    def get_company(self, row) -> str | None:
        return row.person.company_name if self._visible(row) else None

    def get_visibility(self, row) -> str | None:
        return row.relationship.visibility if self._visible(row) else None


class NetworkContactMetResultSerializer(ResponseOnlySerializer):
    contact = NetworkContactMetSerializer()
    relationship_created = serializers.BooleanField(help_text="false: you already knew this person; your relationship is unchanged.")
    person_created = serializers.BooleanField(help_text="false: the person was already known in the group (deduplicated).")
    already_recorded = serializers.BooleanField()
    objected = serializers.BooleanField(help_text="The person objected to being contacted: nobody may solicit them.")


# --- Coordination ---------------------------------------------------------------------------------------


class NetworkCoverageRowSerializer(ResponseOnlySerializer):
    site = serializers.IntegerField(source="site.pk", allow_null=True, default=None, help_text="null: the group-wide targets.")
    site_name = serializers.CharField(source="site.name", allow_null=True, default=None)
    total = serializers.IntegerField()
    covered = serializers.IntegerField()
    percent = serializers.IntegerField(allow_null=True, help_text="null when there is no target.")
    paid_fees = serializers.DecimalField(max_digits=12, decimal_places=2)


class NetworkOverlapSerializer(ResponseOnlySerializer):
    network = serializers.IntegerField(source="pk")
    network_name = serializers.CharField(source="name")
    member_count = serializers.IntegerField()
    members = serializers.SerializerMethodField()

    def get_members(self, network) -> list[dict]:
        return [{"membership": m.pk, "employee": m.employee_id, "employee_name": m.employee.full_name} for m in network.active_members]


class NetworkUnattendedMembershipSerializer(ResponseOnlySerializer):
    membership = serializers.IntegerField(source="pk")
    network = serializers.IntegerField(source="network_id")
    network_name = serializers.CharField(source="network.name")
    employee = serializers.IntegerField(source="employee_id")
    employee_name = serializers.CharField(source="employee.full_name")
    paid_by_company = serializers.BooleanField()
    recent_event_count = serializers.IntegerField(help_text="Events of the network logged in the window; 0: no event logged.")
    last_attended_on = serializers.DateField(allow_null=True)


@extend_schema_serializer(many=False)
class NetworkingCoordinationSerializer(ResponseOnlySerializer):
    """The coordination indicators of the group's presence in real-world networks."""

    coverage_percent = serializers.IntegerField(allow_null=True,
                                                help_text="Share of target networks covered by an active member with a named lead.")
    targets_total = serializers.IntegerField()
    targets_covered = serializers.IntegerField()
    group_wide = NetworkCoverageRowSerializer()
    sites = NetworkCoverageRowSerializer(many=True)
    paid_fees_total = serializers.DecimalField(max_digits=12, decimal_places=2,
                                               help_text="Annual fees of the active memberships paid by the company.")
    paid_memberships = serializers.IntegerField()
    paid_memberships_without_fee = serializers.IntegerField()
    window_days = serializers.IntegerField(help_text="The window of 'memberships nobody attends'.")
    uncovered_targets = NetworkTargetSerializer(many=True)
    uncovered_targets_total = serializers.IntegerField()
    overlaps = NetworkOverlapSerializer(many=True)
    overlaps_total = serializers.IntegerField()
    unattended = NetworkUnattendedMembershipSerializer(many=True)
    unattended_total = serializers.IntegerField()
