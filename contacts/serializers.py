"""Serializers of the contacts API: validation of what comes in, presentation of what goes out.

Writes never go through ``serializer.save()``: the views hand ``validated_data`` to contacts.services.
Relationships go out through ``contacts.selectors.relationship_present`` only, so a field the viewer may not
see (a person's details on an existence row, the private notes of someone else's relationship) is absent
from the answer, not merely empty.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from bns.api.serializers import TenantRelatedFieldsMixin
from bns.models import Employee
from contacts.models import (
    Account,
    ContactImport,
    LedgerEntry,
    MergeSuggestion,
    Person,
    RelationshipKind,
    Scope,
    Solicitation,
    Visibility,
)
from contacts.selectors import DETAILS, EXISTENCE, OWNER, relationship_present

ACCESS_CHOICES = [
    (OWNER, _("owner: everything, private notes included")),
    (DETAILS, _("details: the person and the relationship, never the private notes")),
    (EXISTENCE, _("existence: that the owner knows someone at this company, and the strength band")),
]
STRENGTH_BAND_CHOICES = [("weak", _("weak (1-2)")), ("good", _("good (3)")), ("strong", _("strong (4-5)"))]


class ResponseOnlySerializer(serializers.Serializer):
    """Describes an answer only (the fields are optional in the schema: some rows leave some out)."""

    def create(self, validated_data):  # pragma: no cover - never written through
        raise NotImplementedError

    def update(self, instance, validated_data):  # pragma: no cover - never written through
        raise NotImplementedError


# --- Relationships --------------------------------------------------------------------------------------


class RelationshipSerializer(ResponseOnlySerializer):
    """A relationship as the caller may see it (``access``): fields beyond the existence ones are absent
    when the caller may not see them; ``private_notes`` is only ever given to the owner."""

    id = serializers.IntegerField()
    access = serializers.ChoiceField(choices=ACCESS_CHOICES)
    owner_id = serializers.IntegerField(help_text=_("The employee who owns the relationship."))
    owner_name = serializers.CharField()
    company = serializers.CharField(help_text=_("The account's name, else the company name given."))
    strength_band = serializers.ChoiceField(choices=STRENGTH_BAND_CHOICES)
    exclusive = serializers.BooleanField()
    status = serializers.CharField()
    visibility = serializers.ChoiceField(choices=Visibility.choices)
    person_id = serializers.IntegerField(required=False, help_text=_("Owner and details access only."))
    person_name = serializers.CharField(required=False, help_text=_("Owner and details access only."))
    position = serializers.CharField(required=False, help_text=_("Owner and details access only."))
    linkedin_url = serializers.CharField(required=False, help_text=_("Owner and details access only."))
    strength = serializers.IntegerField(required=False, help_text=_("1 to 5. Owner and details access only."))
    kind = serializers.ChoiceField(choices=RelationshipKind.choices, required=False)
    context = serializers.CharField(required=False)
    open_to_offer = serializers.BooleanField(required=False)
    scope = serializers.ChoiceField(choices=Scope.choices, required=False)
    tags = serializers.CharField(required=False)
    private_notes = serializers.CharField(required=False, help_text=_("The owner only."))

    def to_representation(self, instance):
        return relationship_present(instance)


class _RelationshipValuesSerializer(serializers.Serializer):
    strength = serializers.IntegerField(min_value=1, max_value=5, required=False)
    kind = serializers.ChoiceField(choices=RelationshipKind.choices, required=False)
    context = serializers.CharField(max_length=300, required=False, allow_blank=True)
    open_to_offer = serializers.BooleanField(required=False)
    exclusive = serializers.BooleanField(required=False)
    visibility = serializers.ChoiceField(
        choices=Visibility.choices, required=False, help_text=_("Default: the group's policy.")
    )
    scope = serializers.ChoiceField(choices=Scope.choices, required=False, help_text=_("Default: the group's policy."))
    private_notes = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    tags = serializers.CharField(
        max_length=300, required=False, allow_blank=True, help_text=_("Comma-separated labels.")
    )


class RelationshipCreateSerializer(_RelationshipValuesSerializer):
    """Quick add: the person (found or created, deduplicated) and the caller's relationship to them."""

    first_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    company = serializers.CharField(max_length=200, required=False, allow_blank=True)
    siren = serializers.CharField(
        max_length=20, required=False, allow_blank=True, help_text=_("9 digits, with a valid check digit.")
    )
    position = serializers.CharField(max_length=200, required=False, allow_blank=True)
    email = serializers.CharField(max_length=254, required=False, allow_blank=True)
    phone = serializers.CharField(
        max_length=30, required=False, allow_blank=True, help_text=_("French numbers by default; stored as E.164.")
    )
    linkedin_url = serializers.CharField(
        max_length=300, required=False, allow_blank=True, help_text=_("https://www.linkedin.com/in/...")
    )


class RelationshipUpdateSerializer(_RelationshipValuesSerializer):
    """What the owner may change (PATCH: any subset)."""


class RelationshipBulkSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2_147_483_647),
        min_length=1,
        max_length=1000,
        help_text=_("Ids of your own relationships (others' are ignored)."),
    )
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)
    scope = serializers.ChoiceField(choices=Scope.choices, required=False)
    strength = serializers.IntegerField(min_value=1, max_value=5, required=False)
    tags = serializers.CharField(max_length=300, required=False, allow_blank=True, help_text=_("Replaces the tags."))

    def validate(self, attrs):
        if len(attrs) < 2:
            raise serializers.ValidationError(_("Say what to change: visibility, scope, strength or tags."))
        return attrs


class RelationshipBulkResultSerializer(ResponseOnlySerializer):
    updated = serializers.IntegerField(help_text=_("How many relationships changed."))


class RelationshipFilterSerializer(serializers.Serializer):
    mine = serializers.BooleanField(required=False, default=False, help_text=_("true: only your own relationships."))
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)
    search = serializers.CharField(
        required=False,
        max_length=200,
        help_text=_(
            "Every word must match: the company, or (where you may see the details) the person's name, "
            "position, e-mail, the tags or the context."
        ),
    )


class WhoKnowsFilterSerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        max_length=200,
        help_text=_("A company or a person. A person's name only matches where you may see the details."),
    )


# --- Accounts -------------------------------------------------------------------------------------------


class AccountSerializer(TenantRelatedFieldsMixin, serializers.ModelSerializer):
    """A company or public body (group data: every member sees the accounts)."""

    tenant_related_fields = {"owner": Employee}

    owner = serializers.PrimaryKeyRelatedField(
        queryset=Employee.unscoped.none(), allow_null=True, required=False, label=_("account owner")
    )
    owner_name = serializers.CharField(source="owner.full_name", read_only=True, allow_null=True)

    class Meta:
        model = Account
        fields = ["id", "name", "siren", "city", "website", "owner", "owner_name", "is_target", "created_at"]
        read_only_fields = ["siren", "website", "created_at"]

    def create(self, validated_data):  # pragma: no cover - writes go through contacts.services
        raise NotImplementedError

    def update(self, instance, validated_data):  # pragma: no cover - writes go through contacts.services
        raise NotImplementedError


class AccountCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    siren = serializers.CharField(
        max_length=20, required=False, allow_blank=True, help_text=_("9 digits, with a valid check digit.")
    )
    city = serializers.CharField(max_length=120, required=False, allow_blank=True)


class AccountUpdateSerializer(AccountSerializer):
    class Meta(AccountSerializer.Meta):
        fields = ["name", "city", "is_target", "owner"]
        read_only_fields: list[str] = []
        extra_kwargs = {"name": {"required": False}}


class AccountFilterSerializer(serializers.Serializer):
    search = serializers.CharField(required=False, max_length=200, help_text=_("Search in name, SIREN and city."))
    is_target = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text=_("true: target accounts only.")
    )


# --- Persons --------------------------------------------------------------------------------------------


class PersonSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(read_only=True)
    account_name = serializers.CharField(source="account.name", read_only=True, allow_null=True)
    emails = serializers.SerializerMethodField()
    phones = serializers.SerializerMethodField()
    objected = serializers.SerializerMethodField(help_text=_("The person objected: do not contact them."))

    class Meta:
        model = Person
        fields = [
            "id",
            "first_name",
            "last_name",
            "full_name",
            "company_name",
            "account",
            "account_name",
            "position",
            "emails",
            "phones",
            "linkedin_url",
            "legal_basis",
            "source",
            "collected_at",
            "retention_until",
            "objected",
            "objected_at",
        ]
        read_only_fields = fields

    def get_emails(self, person) -> list[str]:
        return [e.email for e in person.emails.all()]

    def get_phones(self, person) -> list[str]:
        return [p.number for p in person.phones.all()]

    def get_objected(self, person) -> bool:
        return person.objected_at is not None


# --- Ledger ---------------------------------------------------------------------------------------------


class LedgerEntrySerializer(serializers.ModelSerializer):
    """One sharing act. Who it was about (person, relationship, data) is left out (null) when the caller may
    not see that relationship's details."""

    verb_label = serializers.CharField(source="get_verb_display", read_only=True)
    person = serializers.SerializerMethodField()
    relationship = serializers.SerializerMethodField()
    subject_label = serializers.SerializerMethodField()
    data = serializers.SerializerMethodField()
    subject_visible = serializers.BooleanField(read_only=True)

    class Meta:
        model = LedgerEntry
        fields = [
            "id",
            "created_at",
            "verb",
            "verb_label",
            "actor",
            "actor_label",
            "owner",
            "person",
            "relationship",
            "subject_label",
            "subject_visible",
            "data",
        ]
        read_only_fields = fields

    def _shown(self, entry) -> bool:
        return bool(getattr(entry, "subject_visible", False))

    def get_person(self, entry) -> int | None:
        return entry.person_id if self._shown(entry) else None

    def get_relationship(self, entry) -> int | None:
        return entry.relationship_id if self._shown(entry) else None

    def get_subject_label(self, entry) -> str:
        return entry.subject_label if self._shown(entry) else ""

    def get_data(self, entry) -> dict:
        return entry.data if self._shown(entry) else {}


class LedgerFilterSerializer(serializers.Serializer):
    verb = serializers.ChoiceField(choices=LedgerEntry.Verb.choices, required=False)
    actor = serializers.IntegerField(
        required=False, min_value=1, max_value=2_147_483_647, help_text=_("Only the acts of this user (id).")
    )
    since = serializers.DateTimeField(required=False, help_text=_("From this moment (included)."))
    until = serializers.DateTimeField(required=False, help_text=_("Up to this moment (excluded)."))



# --- Solicitations --------------------------------------------------------------------------------------


class SolicitationSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    employee_name = serializers.CharField(source="employee.full_name", read_only=True)

    class Meta:
        model = Solicitation
        fields = ["id", "person", "person_name", "employee", "employee_name", "channel", "commercial", "occurred_at",
                  "note", "created_at"]
        read_only_fields = fields


class SolicitationCreateSerializer(serializers.Serializer):
    person = serializers.IntegerField(
        min_value=1, max_value=2_147_483_647, help_text=_("A person whose details you may see (id).")
    )
    channel = serializers.ChoiceField(choices=Solicitation.Channel.choices)
    commercial = serializers.BooleanField(required=False, default=True)
    occurred_at = serializers.DateTimeField(required=False, help_text=_("Default: now. Never in the future."))
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)
    override_cap = serializers.BooleanField(
        required=False, default=False, help_text=_("Log it even when the group's cap is reached (the ledger says so).")
    )


class SolicitationPressureSerializer(ResponseOnlySerializer):
    count = serializers.IntegerField(help_text=_("Commercial solicitations of the person in the window, by anyone."))
    cap = serializers.IntegerField(help_text=_("The group's cap (0: none)."))
    window_days = serializers.IntegerField()
    by_employees = serializers.IntegerField(help_text=_("How many colleagues solicited the person in the window."))
    over_cap = serializers.BooleanField()


class SolicitationResultSerializer(ResponseOnlySerializer):
    solicitation = SolicitationSerializer()
    warning = serializers.CharField(help_text=_("Empty, or why this solicitation is over the cap."))
    pressure = SolicitationPressureSerializer()


class SolicitationFilterSerializer(serializers.Serializer):
    person = serializers.IntegerField(
        required=False, min_value=1, max_value=2_147_483_647, help_text=_("Only the solicitations of this person (id).")
    )


# --- GDPR -----------------------------------------------------------------------------------------------


class ErasureResultSerializer(ResponseOnlySerializer):
    pseudonym = serializers.CharField(help_text=_("What the ledger keeps of the erased person."))


# --- Imports --------------------------------------------------------------------------------------------

IMPORT_FORMAT_CHOICES = [("auto", _("Detect automatically")), *ContactImport.Format.choices]


class ContactImportSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True)
    owner_name = serializers.CharField(source="owner.full_name", read_only=True)

    class Meta:
        model = ContactImport
        fields = ["id", "owner", "owner_name", "format", "filename", "status", "total", "processed", "percent", "counts",
                  "report", "error", "default_visibility", "default_strength", "column_mapping", "created_at",
                  "finished_at"]
        read_only_fields = fields


class ContactImportListSerializer(ContactImportSerializer):
    class Meta(ContactImportSerializer.Meta):
        fields = [f for f in ContactImportSerializer.Meta.fields if f not in ("report", "column_mapping")]
        read_only_fields = fields


class ContactImportCreateSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text=_("LinkedIn Connections.csv, a .vcf address book or a CSV file (5 MB at most).")
    )
    format = serializers.ChoiceField(choices=IMPORT_FORMAT_CHOICES, required=False, default="auto")
    default_visibility = serializers.ChoiceField(choices=Visibility.choices, required=False, default=Visibility.PRIVATE)
    default_strength = serializers.IntegerField(min_value=1, max_value=5, required=False, default=2)


# --- Merge suggestions (suspected duplicates) -----------------------------------------------------------


class MergePersonSerializer(ResponseOnlySerializer):
    """One of the two records compared: what it holds, and how many relationships (never who holds them)."""

    id = serializers.IntegerField()
    full_name = serializers.CharField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    company = serializers.CharField(help_text=_("The account's name, else the company name given."))
    position = serializers.CharField()
    emails = serializers.ListField(child=serializers.CharField())
    phones = serializers.ListField(child=serializers.CharField())
    linkedin_url = serializers.CharField()
    source = serializers.CharField()
    collected_at = serializers.DateTimeField()
    objected = serializers.BooleanField()
    relationship_count = serializers.IntegerField(help_text=_("How many employees know this record."))

    def to_representation(self, person):
        return {
            "id": person.pk,
            "full_name": person.full_name,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "company": person.account.name if person.account_id else person.company_name,
            "position": person.position,
            "emails": [e.email for e in person.emails.all()],
            "phones": [p.number for p in person.phones.all()],
            "linkedin_url": person.linkedin_url,
            "source": person.source,
            "collected_at": serializers.DateTimeField().to_representation(person.collected_at),
            "objected": person.objected_at is not None,
            "relationship_count": getattr(person, "relationship_count", None),
        }


class MergeSuggestionSerializer(ResponseOnlySerializer):
    """Two records that may be the same person. Once merged, both sides name the record kept."""

    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=MergeSuggestion.Status.choices)
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()
    decided_by = serializers.IntegerField(allow_null=True, help_text=_("The user who decided (id)."))
    decided_at = serializers.DateTimeField(allow_null=True)
    person_a = MergePersonSerializer()
    person_b = MergePersonSerializer()

    def to_representation(self, suggestion):
        persons = getattr(suggestion, "compare_persons", None) or {}
        return {
            "id": suggestion.pk,
            "status": suggestion.status,
            "reason": suggestion.reason,
            "created_at": serializers.DateTimeField().to_representation(suggestion.created_at),
            "decided_by": suggestion.decided_by_id,
            "decided_at": serializers.DateTimeField().to_representation(suggestion.decided_at) if suggestion.decided_at else None,
            "person_a": MergePersonSerializer(persons.get(suggestion.person_a_id, suggestion.person_a)).data,
            "person_b": MergePersonSerializer(persons.get(suggestion.person_b_id, suggestion.person_b)).data,
        }


class MergeSuggestionFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=MergeSuggestion.Status.choices, required=False, default=MergeSuggestion.Status.OPEN,
        help_text=_("Default: open (waiting for a decision)."),
    )
    search = serializers.CharField(
        required=False, max_length=200, help_text=_("Every word must be in the name or the company of one of the two records.")
    )


class MergeSuggestionMergeSerializer(serializers.Serializer):
    survivor = serializers.IntegerField(
        required=False, min_value=1, max_value=2_147_483_647,
        help_text=_("The record kept: the id of person_a or person_b. Default: person_a."),
    )


class PersonMergeSerializer(TenantRelatedFieldsMixin, serializers.Serializer):
    tenant_related_fields = {"survivor": Person, "merged": Person}

    survivor = serializers.PrimaryKeyRelatedField(queryset=Person.unscoped.none(), help_text=_("The record kept (person id)."))
    merged = serializers.PrimaryKeyRelatedField(
        queryset=Person.unscoped.none(), help_text=_("The record merged into the other one, then deleted (person id).")
    )


class MergeResultSerializer(ResponseOnlySerializer):
    survivor = MergePersonSerializer()
    merged_id = serializers.IntegerField(help_text=_("The id of the record deleted."))
    suggestion = serializers.IntegerField(allow_null=True, help_text=_("The suggestion closed by this merge (id), if any."))
