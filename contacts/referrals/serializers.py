"""Serializers of the referrals API: validation and representation only (writes go through the services)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bns.api.serializers import TenantRelatedFieldsMixin
from bns.models import Department, Employee, Site
from contacts.referrals import selectors
from contacts.referrals.common import lead_label
from contacts.referrals.models import Referral, ReferralEvent, Reward, RewardRule

MAX_ID = 2**63 - 1
# The referral status filter: a status, or "open" / "closed" (named ReferralStatusFilterEnum in the schema).
REFERRAL_STATUS_FILTER_CHOICES = [("open", "open"), ("closed", "closed"), *Referral.Status.choices]


def _money(**kwargs):
    return serializers.DecimalField(max_digits=12, decimal_places=2, **kwargs)


class _Named(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


def _named(obj, attr: str = "name"):
    if obj is None:
        return None
    return {"id": obj.pk, "name": getattr(obj, attr)}


class RewardBriefSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Reward
        fields = ["id", "amount", "status", "status_label", "explanation", "payroll_month", "rejection_reason"]
        read_only_fields = fields


class ReferralSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    lead = serializers.SerializerMethodField(help_text=_("The person and/or the company referred."))
    referrer = serializers.SerializerMethodField()
    to_employee = serializers.SerializerMethodField()
    to_site = serializers.SerializerMethodField()
    to_department = serializers.SerializerMethodField()
    handled_by = serializers.SerializerMethodField()
    deal_department = serializers.SerializerMethodField()
    receiving = serializers.BooleanField(read_only=True, help_text=_("Whether you are on the receiving side of this referral."))
    next_actions = serializers.SerializerMethodField(help_text=_("The steps you may take now (accept, qualify, win, lose)."))
    reward = serializers.SerializerMethodField(help_text=_("The referrer's reward once won (null: not won yet, or no rule applied)."))

    class Meta:
        model = Referral
        fields = [
            "id", "status", "status_label", "lead", "person_id", "account_id", "need", "urgency", "consent", "referrer",
            "to_employee", "to_site", "to_department", "submitted_at", "accepted_at", "qualified_at", "closed_at", "handled_by",
            "deal_value", "vehicles", "margin", "deal_department", "lost_reason", "receiving", "next_actions", "reward",
        ]
        read_only_fields = fields

    def get_lead(self, obj) -> str:
        return lead_label(obj)

    @extend_schema_field(_Named)
    def get_referrer(self, obj):
        return _named(obj.referrer, "full_name")

    @extend_schema_field(_Named(allow_null=True))
    def get_to_employee(self, obj):
        return _named(obj.to_employee, "full_name")

    @extend_schema_field(_Named(allow_null=True))
    def get_to_site(self, obj):
        return _named(obj.to_site)

    @extend_schema_field(_Named(allow_null=True))
    def get_to_department(self, obj):
        return _named(obj.to_department)

    @extend_schema_field(_Named(allow_null=True))
    def get_handled_by(self, obj):
        return _named(obj.handled_by, "full_name")

    @extend_schema_field(_Named(allow_null=True))
    def get_deal_department(self, obj):
        return _named(obj.deal_department)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_next_actions(self, obj) -> list[str]:
        from contacts.referrals.services import next_actions

        request = self.context.get("request")
        membership = getattr(request, "membership", None)
        if membership is None or not getattr(obj, "receiving", False):
            return []
        if membership.employee_id and membership.employee_id == obj.referrer_id:
            return []
        return next_actions(obj.status)

    @extend_schema_field(RewardBriefSerializer(allow_null=True))
    def get_reward(self, obj):
        reward = getattr(obj, "reward", None) if obj.status == Referral.Status.WON else None
        return RewardBriefSerializer(reward).data if reward is not None else None


class ReferralEventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = ReferralEvent
        fields = ["id", "from_status", "to_status", "note", "actor", "created_at"]
        read_only_fields = fields

    def get_actor(self, obj) -> str:
        return obj.actor.get_full_name() if obj.actor_id else ""


class _Contact(serializers.Serializer):
    emails = serializers.ListField(child=serializers.CharField())
    phones = serializers.ListField(child=serializers.CharField())


class ReferralDetailSerializer(ReferralSerializer):
    events = serializers.SerializerMethodField()
    lead_contact = serializers.SerializerMethodField(
        help_text=_("The person's e-mails and phones: for the referrer and the receiving side only (null otherwise).")
    )

    class Meta(ReferralSerializer.Meta):
        fields = [*ReferralSerializer.Meta.fields, "events", "lead_contact"]
        read_only_fields = fields

    @extend_schema_field(ReferralEventSerializer(many=True))
    def get_events(self, obj):
        return ReferralEventSerializer(selectors.referral_events(referral=obj), many=True).data

    @extend_schema_field(_Contact(allow_null=True))
    def get_lead_contact(self, obj):
        membership = getattr(self.context.get("request"), "membership", None)
        if obj.person is None or membership is None or not selectors.lead_details_visible(referral=obj, membership=membership):
            return None
        return {"emails": [e.email for e in obj.person.emails.all()], "phones": [p.number for p in obj.person.phones.all()]}


class ReferralFilterSerializer(serializers.Serializer):
    box = serializers.ChoiceField(
        choices=[("mine", "mine"), ("received", "received"), ("all", "all")], required=False, default="mine",
        help_text=_("mine: the leads you referred (default); received: those you receive; all: every one you may see."),
    )
    status = serializers.ChoiceField(
        choices=REFERRAL_STATUS_FILTER_CHOICES, required=False,
        help_text=_("A status, or open (submitted, accepted, qualified) or closed (won, lost)."),
    )
    search = serializers.CharField(required=False, max_length=200, help_text=_("Words in the lead's name or company, the need or the referrer."))


class ReferralCreateSerializer(TenantRelatedFieldsMixin, serializers.Serializer):
    tenant_related_fields = {"to_employee": Employee, "to_site": Site, "to_department": Department}

    person_id = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=MAX_ID,
        help_text=_("A person whose details you may see (your own contact, or one shared with you)."),
    )
    account_id = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_ID, help_text=_("A company of the group."))
    first_name = serializers.CharField(required=False, allow_blank=True, max_length=100, help_text=_("A new lead: added to your contacts."))
    last_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    company = serializers.CharField(required=False, allow_blank=True, max_length=200)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=40)
    email = serializers.CharField(required=False, allow_blank=True, max_length=254)
    need = serializers.CharField(max_length=5000)
    urgency = serializers.ChoiceField(choices=Referral.Urgency.choices, required=False, default=Referral.Urgency.NORMAL)
    consent = serializers.BooleanField(
        allow_null=True, help_text=_("Whether the person agreed to be contacted: must be true (CNIL); false or null is refused.")
    )
    to_employee = serializers.PrimaryKeyRelatedField(queryset=Employee.unscoped.none(), required=False, allow_null=True)
    to_site = serializers.PrimaryKeyRelatedField(queryset=Site.unscoped.none(), required=False, allow_null=True)
    to_department = serializers.PrimaryKeyRelatedField(queryset=Department.unscoped.none(), required=False, allow_null=True)


class ReferralNoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class ReferralWinSerializer(TenantRelatedFieldsMixin, serializers.Serializer):
    tenant_related_fields = {"deal_department": Department}

    deal_value = _money(min_value=0, help_text=_("€, excluding VAT."))
    vehicles = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100_000)
    margin = _money(required=False, allow_null=True, help_text=_("Needed when the reward rule is a percentage of the margin."))
    deal_department = serializers.PrimaryKeyRelatedField(
        queryset=Department.unscoped.none(), required=False, allow_null=True,
        help_text=_("Default: the department the lead was referred to, else yours."),
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class ReferralLoseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


# --- Rewards ----------------------------------------------------------------------------------------------


class RewardSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    referral_id = serializers.IntegerField(read_only=True)
    referral = serializers.SerializerMethodField()
    referrer = serializers.SerializerMethodField()
    rule = serializers.SerializerMethodField()
    approved_by = serializers.SerializerMethodField()
    paid_by = serializers.SerializerMethodField()

    class Meta:
        model = Reward
        fields = [
            "id", "referral_id", "referral", "referrer", "rule", "amount", "explanation", "status", "status_label", "created_at",
            "approved_by", "approved_at", "paid_by", "paid_at", "payroll_month", "rejection_reason",
        ]
        read_only_fields = fields

    def get_referral(self, obj) -> str:
        return lead_label(obj.referral)

    @extend_schema_field(_Named)
    def get_referrer(self, obj):
        return _named(obj.referrer, "full_name")

    @extend_schema_field(_Named(allow_null=True))
    def get_rule(self, obj):
        return _named(obj.rule)

    def get_approved_by(self, obj) -> str:
        return obj.approved_by.get_full_name() if obj.approved_by_id else ""

    def get_paid_by(self, obj) -> str:
        return obj.paid_by.get_full_name() if obj.paid_by_id else ""


class RewardFilterSerializer(serializers.Serializer):
    box = serializers.ChoiceField(
        choices=[("mine", "mine"), ("all", "all")], required=False,
        help_text=_("mine: your own rewards; all (default for approvers and payroll): every reward you may see."),
    )
    status = serializers.ChoiceField(choices=Reward.Status.choices, required=False)
    month = serializers.RegexField(r"^\d{4}-\d{2}$", required=False, help_text=_("Payroll month, YYYY-MM."))
    search = serializers.CharField(required=False, max_length=200, help_text=_("The referrer's name or number, or the company."))


class PayrollExportFilterSerializer(serializers.Serializer):
    month = serializers.RegexField(r"^\d{4}-\d{2}$", required=False, help_text=_("YYYY-MM; default: the current month."))


class RewardRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class RewardMarkPaidSerializer(serializers.Serializer):
    month = serializers.RegexField(r"^\d{4}-\d{2}$", required=False, allow_null=True, help_text=_("YYYY-MM; default: the current month."))


class RewardRuleSerializer(TenantRelatedFieldsMixin, serializers.ModelSerializer):
    tenant_related_fields = {"department": Department}

    department = serializers.PrimaryKeyRelatedField(queryset=Department.unscoped.none(), required=False, allow_null=True,
                                                    help_text=_("Empty: any department."))
    department_name = serializers.SerializerMethodField()
    replaced_by = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = RewardRule
        fields = [
            "id", "name", "department", "department_name", "kind", "amount", "percent", "cap", "valid_from", "valid_until",
            "created_at", "ended_at", "replaced_by",
        ]
        read_only_fields = ["id", "department_name", "created_at", "ended_at", "replaced_by"]

    def get_department_name(self, obj) -> str:
        return obj.department.name if obj.department_id else ""

    def create(self, validated_data):
        raise NotImplementedError("API writes go through the services")

    def update(self, instance, validated_data):
        raise NotImplementedError("API writes go through the services")


class RewardRuleFilterSerializer(serializers.Serializer):
    current = serializers.BooleanField(required=False, allow_null=True, default=None,
                                       help_text=_("true: rules not ended by a change; false: the past ones."))


class EmptySerializer(serializers.Serializer):
    """No body: the action takes no input."""
