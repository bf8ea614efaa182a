"""Serializers of the account-plan and affiliation API: validation in, presentation out (writes: services).

Reference ids are looked up in the caller's group only (another group's id is refused like a missing one); a
person can only be named where the caller may see their details (their contact, or one shared with them).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from bns.models import Employee
from contacts.models import Account, Person
from contacts.plans.access import persons_with_details
from contacts.plans.models import (
    AccountPlan,
    Affiliation,
    EmployeeAffiliation,
    PersonAffiliation,
    PlanAction,
    Stakeholder,
)
from contacts.serializers import STRENGTH_BAND_CHOICES, ResponseOnlySerializer

ID_MAX = 2_147_483_647


class _TenantFields:
    """Scope the related fields to the request's tenant (``tenant_fields``: name -> queryset builder)."""

    def tenant_querysets(self, tenant, membership) -> dict:
        return {}

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        tenant, membership = getattr(request, "tenant", None), getattr(request, "membership", None)
        querysets = self.tenant_querysets(tenant, membership) if tenant is not None and membership is not None else {}
        for name, field in fields.items():
            if isinstance(field, serializers.PrimaryKeyRelatedField) and not field.read_only:
                field.queryset = querysets.get(name, field.queryset.none())
        return fields


def _employees(tenant):
    return Employee.unscoped.filter(tenant=tenant, is_active=True)


def _stakeholders(tenant):
    return Stakeholder.unscoped.filter(tenant=tenant).select_related("person")


# --- Plans ----------------------------------------------------------------------------------------------


class AccountPlanSerializer(serializers.ModelSerializer):
    """A plan with its coverage, as the caller may know it (relationships they may know exist)."""

    account_name = serializers.CharField(source="account.name", read_only=True)
    account_city = serializers.CharField(source="account.city", read_only=True)
    owner_name = serializers.CharField(source="owner.full_name", read_only=True, allow_null=True, default=None)
    stakeholder_count = serializers.IntegerField(read_only=True)
    covered_count = serializers.IntegerField(read_only=True, help_text=_("Stakeholders with a relationship of strength 3 or more."))
    decision_maker_count = serializers.IntegerField(read_only=True)
    ally_decision_maker_count = serializers.IntegerField(read_only=True)
    open_action_count = serializers.IntegerField(read_only=True)
    overdue_action_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = AccountPlan
        fields = [
            "id", "account", "account_name", "account_city", "owner", "owner_name", "objectives", "strategy", "status",
            "stakeholder_count", "covered_count", "decision_maker_count", "ally_decision_maker_count", "open_action_count",
            "overdue_action_count", "created_at", "updated_at",
        ]
        read_only_fields = fields


class AccountPlanUpdateSerializer(_TenantFields, serializers.Serializer):
    owner = serializers.PrimaryKeyRelatedField(queryset=Employee.unscoped.none(), allow_null=True, required=False,
                                               help_text=_("The key account manager (an active employee)."))
    objectives = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
    strategy = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=AccountPlan.Status.choices, required=False)

    def tenant_querysets(self, tenant, membership):
        return {"owner": _employees(tenant)}


class AccountPlanCreateSerializer(AccountPlanUpdateSerializer):
    account = serializers.PrimaryKeyRelatedField(queryset=Account.unscoped.none(), help_text=_("The target account."))

    def tenant_querysets(self, tenant, membership):
        return {**super().tenant_querysets(tenant, membership), "account": Account.unscoped.filter(tenant=tenant)}


class PlanFilterSerializer(serializers.Serializer):
    search = serializers.CharField(required=False, max_length=200, help_text=_("The account's name or the owner's."))
    status = serializers.ChoiceField(choices=AccountPlan.Status.choices, required=False)
    mine = serializers.BooleanField(required=False, default=False, help_text=_("true: only the plans you own."))


class CoverageSerializer(ResponseOnlySerializer):
    stakeholders = serializers.IntegerField()
    covered = serializers.IntegerField(help_text=_("Stakeholders with a relationship of strength 3 or more that you may know of."))
    covered_percent = serializers.IntegerField()
    decision_makers = serializers.IntegerField()
    allied_decision_makers = serializers.IntegerField()
    allies_percent = serializers.IntegerField()
    gaps = serializers.SerializerMethodField(help_text=_("Ids of the stakeholders nobody knows well (as far as you may know)."))

    def get_gaps(self, coverage) -> list[int]:
        return [s.pk for s in coverage.gaps]


class ReasonSerializer(ResponseOnlySerializer):
    code = serializers.CharField(help_text=_("strength, school, club, association, former_employer, other or same_city"))
    text = serializers.CharField()
    points = serializers.IntegerField()


class SuggestionSerializer(ResponseOnlySerializer):
    employee_id = serializers.IntegerField(source="employee.pk")
    employee_name = serializers.CharField(source="employee.full_name")
    is_me = serializers.BooleanField()
    score = serializers.IntegerField()
    reasons = ReasonSerializer(many=True)


class KnownBySerializer(ResponseOnlySerializer):
    relationship_id = serializers.IntegerField()
    employee_id = serializers.IntegerField(source="employee.pk")
    employee_name = serializers.CharField(source="employee.full_name")
    is_me = serializers.BooleanField()
    strength = serializers.IntegerField()
    exclusive = serializers.BooleanField()


class SomeoneKnowsSerializer(ResponseOnlySerializer):
    relationship_id = serializers.IntegerField(help_text=_("To request an introduction (POST to the introductions API)."))
    strength_band = serializers.ChoiceField(source="band", choices=STRENGTH_BAND_CHOICES)
    exclusive = serializers.BooleanField()


class SharedAffiliationSerializer(ResponseOnlySerializer):
    affiliation_id = serializers.IntegerField(source="affiliation.pk")
    name = serializers.CharField(source="affiliation.name")
    kind = serializers.ChoiceField(source="affiliation.kind", choices=Affiliation.Kind.choices)
    employees = serializers.SerializerMethodField()

    def get_employees(self, row) -> list[dict]:
        return [{"id": e.pk, "name": e.full_name} for e in row.employees]


class StakeholderCardSerializer(ResponseOnlySerializer):
    """One stakeholder as the caller sees it on the plan: who knows them (under the visibility rules), the
    affiliations shared with our employees, and whom to send, ranked, with the reasons."""

    stakeholder_id = serializers.IntegerField(source="stakeholder.pk")
    person_name = serializers.CharField(source="stakeholder.person.full_name")
    covered = serializers.BooleanField()
    known_by = KnownBySerializer(many=True)
    someone_knows = SomeoneKnowsSerializer(many=True)
    affiliations = SharedAffiliationSerializer(many=True)
    suggestions = SuggestionSerializer(many=True)


class PlanSuggestionsSerializer(ResponseOnlySerializer):
    plan = serializers.IntegerField(source="plan.pk")
    coverage = CoverageSerializer()
    stakeholders = StakeholderCardSerializer(many=True, source="cards")


# --- Stakeholders ---------------------------------------------------------------------------------------


class StakeholderSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = Stakeholder
        fields = ["id", "plan", "person", "person_name", "title", "level", "buying_role", "stance", "reports_to", "notes"]
        read_only_fields = fields


class StakeholderUpdateSerializer(_TenantFields, serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    level = serializers.ChoiceField(choices=Stakeholder.Level.choices, required=False)
    buying_role = serializers.ChoiceField(choices=Stakeholder.BuyingRole.choices, required=False)
    stance = serializers.ChoiceField(choices=Stakeholder.Stance.choices, required=False)
    reports_to = serializers.PrimaryKeyRelatedField(
        queryset=Stakeholder.unscoped.none(), allow_null=True, required=False,
        help_text=_("A stakeholder of the same plan; a loop in the org chart is refused."),
    )
    notes = serializers.CharField(max_length=500, required=False, allow_blank=True)

    def tenant_querysets(self, tenant, membership):
        return {"reports_to": _stakeholders(tenant)}


class StakeholderCreateSerializer(StakeholderUpdateSerializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=AccountPlan.unscoped.none())
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.unscoped.none(), help_text=_("A person whose details you may see (your contact, or one shared with you)."),
    )

    def tenant_querysets(self, tenant, membership):
        return {
            **super().tenant_querysets(tenant, membership),
            "plan": AccountPlan.unscoped.filter(tenant=tenant).select_related("account"),
            "person": persons_with_details(tenant=tenant, membership=membership),
        }


class StakeholderFilterSerializer(serializers.Serializer):
    plan = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX, help_text=_("Only this plan's stakeholders."))


# --- Actions --------------------------------------------------------------------------------------------


class PlanActionSerializer(serializers.ModelSerializer):
    owner_name = serializers.CharField(source="owner.full_name", read_only=True, allow_null=True, default=None)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = PlanAction
        fields = ["id", "plan", "title", "owner", "owner_name", "stakeholder", "due_date", "status", "overdue", "created_at"]
        read_only_fields = fields

    def get_overdue(self, action) -> bool:
        return action.status == PlanAction.Status.TODO and action.due_date is not None and action.due_date < timezone.localdate()


class PlanActionUpdateSerializer(_TenantFields, serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    owner = serializers.PrimaryKeyRelatedField(queryset=Employee.unscoped.none(), allow_null=True, required=False)
    stakeholder = serializers.PrimaryKeyRelatedField(queryset=Stakeholder.unscoped.none(), allow_null=True, required=False,
                                                     help_text=_("A stakeholder of the same plan."))
    due_date = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=PlanAction.Status.choices, required=False)

    def tenant_querysets(self, tenant, membership):
        return {"owner": _employees(tenant), "stakeholder": _stakeholders(tenant)}


class PlanActionCreateSerializer(PlanActionUpdateSerializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=AccountPlan.unscoped.none())
    title = serializers.CharField(max_length=200)
    status = None

    def tenant_querysets(self, tenant, membership):
        return {**super().tenant_querysets(tenant, membership), "plan": AccountPlan.unscoped.filter(tenant=tenant)}


class PlanActionFilterSerializer(serializers.Serializer):
    plan = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    status = serializers.ChoiceField(choices=PlanAction.Status.choices, required=False)
    mine = serializers.BooleanField(required=False, default=False, help_text=_("true: only the actions you own."))


# --- Affiliations ---------------------------------------------------------------------------------------


class AffiliationSerializer(serializers.ModelSerializer):
    employee_count = serializers.IntegerField(read_only=True, required=False, help_text=_("Active employees carrying it."))
    person_count = serializers.IntegerField(read_only=True, required=False,
                                            help_text=_("Persons carrying it whose details you may see."))

    class Meta:
        model = Affiliation
        fields = ["id", "name", "kind", "city", "employee_count", "person_count", "created_at"]
        read_only_fields = fields


class AffiliationCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=Affiliation.Kind.choices)
    city = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    confirm_new = serializers.BooleanField(
        required=False, default=False, help_text=_("true: create it even though similar names exist (no suggestions)."),
    )


class AffiliationMatchSerializer(ResponseOnlySerializer):
    affiliation = AffiliationSerializer(allow_null=True, help_text=_("Null when only similar names exist: see suggestions."))
    created = serializers.BooleanField()
    suggestions = AffiliationSerializer(many=True, help_text=_("Similar existing affiliations (\"did you mean...?\")."))


class AffiliationFilterSerializer(serializers.Serializer):
    search = serializers.CharField(required=False, max_length=200)
    kind = serializers.ChoiceField(choices=Affiliation.Kind.choices, required=False)


class AffiliationSimilarSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=Affiliation.Kind.choices, required=False)


class AffiliationMergeSerializer(_TenantFields, serializers.Serializer):
    merged = serializers.PrimaryKeyRelatedField(queryset=Affiliation.unscoped.none(),
                                                help_text=_("The duplicate: its links move to this affiliation, then it is deleted."))

    def tenant_querysets(self, tenant, membership):
        return {"merged": Affiliation.unscoped.filter(tenant=tenant)}


class EmployeeAffiliationSerializer(serializers.ModelSerializer):
    affiliation_name = serializers.CharField(source="affiliation.name", read_only=True)
    affiliation_kind = serializers.CharField(source="affiliation.kind", read_only=True)
    employee_name = serializers.CharField(source="employee.full_name", read_only=True)

    class Meta:
        model = EmployeeAffiliation
        fields = ["id", "affiliation", "affiliation_name", "affiliation_kind", "employee", "employee_name", "detail"]
        read_only_fields = fields


class EmployeeAffiliationCreateSerializer(_TenantFields, serializers.Serializer):
    affiliation = serializers.PrimaryKeyRelatedField(queryset=Affiliation.unscoped.none())
    employee = serializers.PrimaryKeyRelatedField(
        queryset=Employee.unscoped.none(), required=False,
        help_text=_("Default: yourself. Someone else: the manage-organisation permission."),
    )
    detail = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    def tenant_querysets(self, tenant, membership):
        return {"affiliation": Affiliation.unscoped.filter(tenant=tenant), "employee": Employee.unscoped.filter(tenant=tenant)}


class EmployeeAffiliationFilterSerializer(serializers.Serializer):
    employee = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    affiliation = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)


class PersonAffiliationSerializer(serializers.ModelSerializer):
    affiliation_name = serializers.CharField(source="affiliation.name", read_only=True)
    affiliation_kind = serializers.CharField(source="affiliation.kind", read_only=True)
    person_name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = PersonAffiliation
        fields = ["id", "affiliation", "affiliation_name", "affiliation_kind", "person", "person_name", "detail"]
        read_only_fields = fields


class PersonAffiliationCreateSerializer(_TenantFields, serializers.Serializer):
    affiliation = serializers.PrimaryKeyRelatedField(queryset=Affiliation.unscoped.none())
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.unscoped.none(), help_text=_("A person whose details you may see (your contact, or one shared with you)."),
    )
    detail = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    def tenant_querysets(self, tenant, membership):
        return {"affiliation": Affiliation.unscoped.filter(tenant=tenant), "person": persons_with_details(tenant=tenant, membership=membership)}


class PersonAffiliationFilterSerializer(serializers.Serializer):
    person = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    affiliation = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
