"""Forms of the account-plan and affiliation pages (validation only: the services write).

Reference fields list the request's tenant's rows only, so another group's id is refused like a missing one.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bns.models import Employee
from contacts.models import Account
from contacts.plans.models import AccountPlan, Affiliation, PlanAction, Stakeholder


class EmployeeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Employee) -> str:
        return f"{obj.full_name} · {obj.site.name}" if obj.site_id else obj.full_name


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        company = obj.account.name if obj.account_id else obj.company_name
        return f"{obj.full_name} · {company}" if company else obj.full_name


class StakeholderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Stakeholder) -> str:
        return f"{obj.person.full_name} · {obj.title}" if obj.title else obj.person.full_name


def _text(label, max_length: int, *, required: bool = False, rows: int | None = None, help_text=""):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(label=label, max_length=max_length, required=required, widget=widget, help_text=help_text)


class PlanFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *AccountPlan.Status.choices])
    mine = forms.BooleanField(label=_("My plans only"), required=False)


class AccountPlanForm(forms.Form):
    owner = EmployeeChoiceField(label=_("Key account manager"), queryset=Employee.unscoped.none(), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=AccountPlan.Status.choices, initial=AccountPlan.Status.ACTIVE)
    objectives = _text(_("Objectives"), 10_000, rows=4, help_text=_("SMART: what, how much, by when."))
    strategy = _text(_("Strategy notes"), 10_000, rows=6, help_text=_("How we will win the account: allies to build on, "
                                                                     "adversaries to win over, offers, timing."))

    def __init__(self, *args, tenant, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = employees


class AccountPlanCreateForm(AccountPlanForm):
    account = forms.ModelChoiceField(label=_("Target account"), queryset=Account.unscoped.none())

    field_order = ["account", "owner", "status", "objectives", "strategy"]

    def __init__(self, *args, tenant, employees, **kwargs):
        super().__init__(*args, tenant=tenant, employees=employees, **kwargs)
        self.fields["account"].queryset = Account.unscoped.filter(tenant=tenant).order_by("name", "pk")


class _StakeholderFields(forms.Form):
    title = _text(_("Title"), 200, help_text=_("Leave empty to use the person's position."))
    level = forms.TypedChoiceField(label=_("Hierarchy level"), choices=Stakeholder.Level.choices, coerce=int,
                                   initial=Stakeholder.Level.MANAGER)
    buying_role = forms.ChoiceField(label=_("Buying role"), choices=Stakeholder.BuyingRole.choices,
                                    initial=Stakeholder.BuyingRole.INFLUENCER)
    stance = forms.ChoiceField(label=_("Stance"), choices=Stakeholder.Stance.choices, initial=Stakeholder.Stance.UNKNOWN)
    reports_to = StakeholderChoiceField(label=_("Reports to"), queryset=Stakeholder.unscoped.none(), required=False)
    notes = _text(_("Notes"), 500, rows=2)

    def __init__(self, *args, plan, exclude_pk=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Stakeholder.unscoped.filter(tenant_id=plan.tenant_id, plan=plan).select_related("person").order_by("level", "pk")
        if exclude_pk is not None:
            qs = qs.exclude(pk=exclude_pk)
        self.fields["reports_to"].queryset = qs


class StakeholderAddForm(_StakeholderFields):
    person = PersonChoiceField(
        label=_("Person"), queryset=None,
        help_text=_("Your contacts and those shared with you; the persons at this account come first."),
    )

    field_order = ["person", "title", "level", "buying_role", "stance", "reports_to", "notes"]

    def __init__(self, *args, plan, persons, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["person"].queryset = persons


class StakeholderEditForm(_StakeholderFields):
    def __init__(self, *args, plan, stakeholder, **kwargs):
        super().__init__(*args, plan=plan, exclude_pk=stakeholder.pk, **kwargs)


class PlanActionForm(forms.Form):
    title = _text(_("Action"), 200, required=True)
    owner = EmployeeChoiceField(label=_("Owner"), queryset=Employee.unscoped.none(), required=False)
    stakeholder = StakeholderChoiceField(label=_("Stakeholder"), queryset=Stakeholder.unscoped.none(), required=False)
    due_date = forms.DateField(label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                               input_formats=["%Y-%m-%d", "%d/%m/%Y"])

    def __init__(self, *args, plan, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = employees
        self.fields["stakeholder"].queryset = (
            Stakeholder.unscoped.filter(tenant_id=plan.tenant_id, plan=plan).select_related("person").order_by("level", "pk")
        )


class PlanActionEditForm(PlanActionForm):
    status = forms.ChoiceField(label=_("Status"), choices=PlanAction.Status.choices)


class AffiliationForm(forms.Form):
    """Name an affiliation: the existing one is reused; similar names come back as suggestions to pick from
    (``use``), or to confirm a new one (``confirm_new``)."""

    name = _text(_("Name"), 200, required=True)
    kind = forms.ChoiceField(label=_("Kind"), choices=Affiliation.Kind.choices)
    city = _text(_("City"), 120)
    detail = _text(_("Detail"), 200, help_text=_("e.g. class of 2008, board member"))
    use = forms.ModelChoiceField(label=_("Did you mean"), queryset=Affiliation.unscoped.none(), required=False,
                                 widget=forms.RadioSelect)
    confirm_new = forms.BooleanField(label=_("None of these: create it as I typed it"), required=False)

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["use"].queryset = Affiliation.unscoped.filter(tenant=tenant).order_by("name", "pk")


class AffiliationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *Affiliation.Kind.choices])


class AffiliationMergeForm(forms.Form):
    merged = forms.ModelChoiceField(label=_("Affiliation to merge into this one"), queryset=Affiliation.unscoped.none())
    confirm = forms.BooleanField(label=_("I understand: its members move here and it is deleted."), required=True)

    def __init__(self, *args, tenant, survivor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merged"].queryset = Affiliation.unscoped.filter(tenant=tenant).exclude(pk=survivor.pk).order_by("name", "pk")
