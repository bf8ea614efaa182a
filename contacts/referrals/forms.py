"""Forms of the referral and reward pages (they shape the input; the services validate the values)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bns.models import Department, Employee, Site
from contacts.referrals.models import Referral, RewardRule

CONSENT_CHOICES = [("yes", _("Yes, they agreed to be contacted")), ("no", _("No, or I have not asked them yet"))]
MONTH_FORMATS = ["%Y-%m", "%m/%Y", "%Y-%m-%d", "%d/%m/%Y"]


def _text(label, *, required=False, max_length=200, **attrs):
    return forms.CharField(label=label, required=required, max_length=max_length, widget=forms.TextInput(attrs=attrs))


class EmployeeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Employee) -> str:
        where = " · ".join(x for x in (obj.job_title, obj.site.name if obj.site_id else "") if x)
        return f"{obj.full_name} ({where})" if where else obj.full_name


def _money_field(label, *, required=False, help_text="", allow_negative=False):
    return forms.DecimalField(
        label=label, required=required, max_digits=12, decimal_places=2, min_value=None if allow_negative else 0,
        help_text=help_text, widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )


class ReferralForm(forms.Form):
    """Refer a lead: who (a contact of mine, or a new person), what they need, to whom. One column, phone-friendly."""

    person = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    account = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    first_name = _text(_("First name"), max_length=100, autocomplete="off", autocapitalize="words")
    last_name = _text(_("Last name"), max_length=100, autocomplete="off", autocapitalize="words")
    company = _text(_("Company"), autocomplete="off")
    phone = forms.CharField(
        label=_("Phone"), required=False, max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )
    email = forms.CharField(
        label=_("E-mail"), required=False, max_length=254, widget=forms.EmailInput(attrs={"inputmode": "email", "autocomplete": "off"}),
    )
    need = forms.CharField(
        label=_("Need"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What they are looking for: vehicles, a service contract, a fleet renewal..."),
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Referral.Urgency.choices, initial=Referral.Urgency.NORMAL,
                                widget=forms.RadioSelect)
    consent = forms.ChoiceField(label=_("Does the person agree to be contacted?"), choices=CONSENT_CHOICES, widget=forms.RadioSelect)
    to_employee = EmployeeChoiceField(label=_("For a colleague"), queryset=Employee.unscoped.none(), required=False)
    to_site = forms.ModelChoiceField(label=_("For a dealership"), queryset=Site.unscoped.none(), required=False)
    to_department = forms.ModelChoiceField(label=_("For a department"), queryset=Department.unscoped.none(), required=False)

    def __init__(self, *args, tenant, referrer_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        employees = Employee.unscoped.filter(tenant=tenant, is_active=True).select_related("site").order_by("last_name", "first_name")
        if referrer_id:
            employees = employees.exclude(pk=referrer_id)
        self.fields["to_employee"].queryset = employees
        self.fields["to_site"].queryset = Site.unscoped.filter(tenant=tenant).order_by("name")
        self.fields["to_department"].queryset = Department.unscoped.filter(tenant=tenant).order_by("position", "name")

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["consent"] = {"yes": True, "no": False}.get(data.pop("consent"))
        data["person_id"] = data.pop("person")
        data["account_id"] = data.pop("account")
        return data


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note for the referrer (optional)"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2}))


class WinForm(forms.Form):
    deal_value = _money_field(_("Deal value (€, excl. VAT)"), required=True)
    vehicles = forms.IntegerField(label=_("Vehicles"), required=False, min_value=0, max_value=100_000)
    margin = _money_field(
        _("Margin (€)"), allow_negative=True,
        help_text=_("Needed when the reward of the deal's department is a percentage of the margin."),
    )
    deal_department = forms.ModelChoiceField(
        label=_("Department of the deal"), queryset=Department.unscoped.none(), required=False,
        help_text=_("Empty: the department the lead was referred to, else yours."),
    )
    note = forms.CharField(label=_("Note for the referrer (optional)"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deal_department"].queryset = Department.unscoped.filter(tenant=tenant).order_by("position", "name")


class LoseForm(forms.Form):
    reason = forms.CharField(label=_("Why was it lost?"), max_length=300, help_text=_("The referrer will read it."))


class RewardRejectForm(forms.Form):
    reason = forms.CharField(label=_("Why is the reward rejected?"), max_length=300, help_text=_("The referrer will read it."))


class MarkPaidForm(forms.Form):
    month = forms.DateField(
        label=_("Payroll month"), required=False, input_formats=MONTH_FORMATS,
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"), help_text=_("Empty: this month."),
    )


class RewardRuleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    department = forms.ModelChoiceField(
        label=_("Department of the deal"), queryset=Department.unscoped.none(), required=False, empty_label=_("Any department"),
        help_text=_("A rule of the deal's department wins over a rule for any department."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=RewardRule.Kind.choices, widget=forms.RadioSelect)
    amount = _money_field(_("Amount (€)"), help_text=_("For a fixed amount."))
    percent = forms.DecimalField(
        label=_("Percentage of the margin"), required=False, max_digits=5, decimal_places=2, min_value=0, max_value=100,
        help_text=_("For a percentage of the margin, from 0 to 100."), widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    cap = _money_field(_("Cap (€)"), help_text=_("Optional: the most a referral can earn under this rule."))
    valid_from = forms.DateField(label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    valid_until = forms.DateField(label=_("Valid until"), required=False, help_text=_("Empty: no end."),
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.unscoped.filter(tenant=tenant).order_by("position", "name")


def rule_initial(rule: RewardRule) -> dict:
    return {
        "name": rule.name, "department": rule.department_id, "kind": rule.kind, "amount": rule.amount, "percent": rule.percent,
        "cap": rule.cap, "valid_from": rule.valid_from, "valid_until": rule.valid_until,
    }
