"""Serializers of the means API: validation in, presentation out (writes: the services).

Reference ids are looked up in the caller's group only (another group's id is refused like a missing one)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from bns.models import Employee
from bns.programme.means.selectors import action_is_overdue
from bns.programme.models import ActionRole, BudgetLine, Programme, ProgrammeAction
from bns.programme.strategy.serializers import _TenantFields

ID = {"min_value": 1, "max_value": 2**31 - 1}


def _money(**kwargs):
    return serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, **kwargs)


def _read_money(**kwargs):
    return serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True, **kwargs)


# --- Actions ------------------------------------------------------------------------------------------


class ActionRoleSerializer(serializers.ModelSerializer):
    employee_name = serializers.CharField(source="employee.full_name", read_only=True)

    class Meta:
        model = ActionRole
        fields = ["id", "action", "employee", "employee_name", "raci"]
        read_only_fields = fields


class ProgrammeActionSerializer(serializers.ModelSerializer):
    owner_name = serializers.CharField(source="owner.full_name", read_only=True, allow_null=True, default=None)
    lines_planned = _read_money(help_text=_("Sum of the planned amounts of the budget lines linked to the action."))
    lines_actual = _read_money(help_text=_("Sum of the spent amounts of the budget lines linked to the action."))
    lines_replaced = _read_money(help_text=_("Classic spend replaced by the action's budget lines."))
    counted_planned = _read_money(help_text=_("What the programme's total counts: the larger of budget_planned and "
                                              "lines_planned, 0 for a cancelled action."))
    counted_actual = _read_money(help_text=_("What the programme's total counts: the larger of budget_actual and lines_actual."))
    overdue = serializers.SerializerMethodField(help_text=_("Deadline passed and not done nor cancelled."))
    roles = ActionRoleSerializer(many=True, read_only=True)

    class Meta:
        model = ProgrammeAction
        fields = ["id", "programme", "title", "kind", "description", "owner", "owner_name", "status", "budget_planned",
                  "budget_actual", "starts_on", "deadline", "overdue", "lines_planned", "lines_actual", "lines_replaced",
                  "counted_planned", "counted_actual", "roles", "created_at"]
        read_only_fields = fields

    def get_overdue(self, action) -> bool:
        return action_is_overdue(action, timezone.localdate())


class ProgrammeActionUpdateSerializer(_TenantFields, serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    kind = serializers.ChoiceField(choices=ProgrammeAction.Kind.choices, required=False)
    description = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
    owner = serializers.PrimaryKeyRelatedField(queryset=Employee.unscoped.none(), required=False, allow_null=True,
                                               help_text=_("An active employee of the group."))
    status = serializers.ChoiceField(choices=ProgrammeAction.Status.choices, required=False)
    budget_planned = _money(required=False)
    budget_actual = _money(required=False)
    starts_on = serializers.DateField(required=False, allow_null=True)
    deadline = serializers.DateField(required=False, allow_null=True, help_text=_("Not before starts_on."))

    def tenant_querysets(self, tenant):
        return {"owner": Employee.unscoped.filter(tenant=tenant), "programme": Programme.unscoped.filter(tenant=tenant)}


class ProgrammeActionCreateSerializer(ProgrammeActionUpdateSerializer):
    programme = serializers.PrimaryKeyRelatedField(queryset=Programme.unscoped.none(), required=False,
                                                   help_text=_("The iteration; the current one when left out."))
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=ProgrammeAction.Kind.choices)


class ProgrammeActionFilterSerializer(serializers.Serializer):
    programme = serializers.IntegerField(required=False, **ID, help_text=_("An iteration's id; the current one when left out."))
    kind = serializers.ChoiceField(choices=ProgrammeAction.Kind.choices, required=False)
    status = serializers.ChoiceField(choices=ProgrammeAction.Status.choices, required=False)
    owner = serializers.IntegerField(required=False, **ID)
    search = serializers.CharField(required=False, max_length=200)


class ActionRoleCreateSerializer(_TenantFields, serializers.Serializer):
    action = serializers.PrimaryKeyRelatedField(queryset=ProgrammeAction.unscoped.none())
    employee = serializers.PrimaryKeyRelatedField(queryset=Employee.unscoped.none(), help_text=_("An active employee of the group."))
    raci = serializers.ChoiceField(choices=ActionRole.Raci.choices, help_text=_("R, A (one per action), C or I."))

    def tenant_querysets(self, tenant):
        return {"action": ProgrammeAction.unscoped.filter(tenant=tenant), "employee": Employee.unscoped.filter(tenant=tenant)}


class ActionRoleFilterSerializer(serializers.Serializer):
    programme = serializers.IntegerField(required=False, **ID)
    action = serializers.IntegerField(required=False, **ID)
    employee = serializers.IntegerField(required=False, **ID)


# --- Budget lines -------------------------------------------------------------------------------------


class BudgetLineSerializer(serializers.ModelSerializer):
    action_title = serializers.CharField(source="action.title", read_only=True, allow_null=True, default=None)

    class Meta:
        model = BudgetLine
        fields = ["id", "programme", "label", "action", "action_title", "planned", "actual", "replaces", "replaced_amount"]
        read_only_fields = fields


class BudgetLineUpdateSerializer(_TenantFields, serializers.Serializer):
    label = serializers.CharField(max_length=200, required=False)
    action = serializers.PrimaryKeyRelatedField(queryset=ProgrammeAction.unscoped.none(), required=False, allow_null=True,
                                                help_text=_("An action of the same iteration: the line then details its budget."))
    planned = _money(required=False)
    actual = _money(required=False)
    replaces = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                     help_text=_("The classic marketing spend this line replaces."))
    replaced_amount = _money(required=False, help_text=_("What that classic spend cost."))

    def tenant_querysets(self, tenant):
        return {"action": ProgrammeAction.unscoped.filter(tenant=tenant), "programme": Programme.unscoped.filter(tenant=tenant)}


class BudgetLineCreateSerializer(BudgetLineUpdateSerializer):
    programme = serializers.PrimaryKeyRelatedField(queryset=Programme.unscoped.none(), required=False,
                                                   help_text=_("The iteration; the current one when left out."))
    label = serializers.CharField(max_length=200)


class BudgetLineFilterSerializer(serializers.Serializer):
    programme = serializers.IntegerField(required=False, **ID, help_text=_("An iteration's id; the current one when left out."))
    action = serializers.IntegerField(required=False, **ID)


# --- The budget summary -------------------------------------------------------------------------------


class BudgetFilterSerializer(serializers.Serializer):
    programme = serializers.IntegerField(required=False, **ID, help_text=_("An iteration's id; the current one when left out."))


class BudgetRowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_("An action type, or “unlinked” for the budget lines without an action."))
    label = serializers.CharField()
    actions = serializers.IntegerField()
    planned = _read_money()
    actual = _read_money()
    replaced = _read_money()
    net = _read_money()


class LicenceToolSerializer(serializers.Serializer):
    tool = serializers.CharField()
    seats = serializers.IntegerField()
    unused = serializers.IntegerField()
    yearly = _read_money()
    unused_yearly = _read_money()


class LicenceSummarySerializer(serializers.Serializer):
    unused_days = serializers.IntegerField(help_text=_("A seat is unused after this many days without use nor activity."))
    seats = serializers.IntegerField()
    unused = serializers.IntegerField()
    yearly = _read_money()
    unused_yearly = _read_money()
    tools = LicenceToolSerializer(many=True)


class BudgetSummarySerializer(serializers.Serializer):
    programme = serializers.IntegerField(source="programme_id")
    planned = _read_money(help_text=_("Actions (each once, with their lines) and the lines without an action."))
    actual = _read_money()
    replaced = _read_money(help_text=_("The classic marketing spend the budget lines replace."))
    net = _read_money(help_text=_("actual - replaced: negative is a net saving, positive a net cost."))
    net_planned = _read_money(help_text=_("planned - replaced."))
    net_text = serializers.CharField(help_text=_("The net figure in words, in the request's language."))
    rows = BudgetRowSerializer(many=True, help_text=_("Per action type, then the lines without an action; they add up to the totals."))
    licences = LicenceSummarySerializer(help_text=_("Tool licences in force: not included in the net figure."))
