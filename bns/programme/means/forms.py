"""Forms of the means pages (validation only: the services write and check the rest).

Reference fields list the request's group's rows only, so another group's id is refused like a missing one."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bns.models import Employee
from bns.programme.models import ProgrammeAction

ID_MAX = 2**31 - 1


def _valid_id(value) -> bool:
    text = str(value).strip()
    return text.isdigit() and 0 < int(text) <= ID_MAX


class EmployeeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Employee) -> str:
        return f"{obj.full_name} · {obj.site.name}" if obj.site_id else obj.full_name

    def to_python(self, value):
        if value not in self.empty_values and not _valid_id(value):  # a huge number would overflow the database integer
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class EmployeeMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Employee) -> str:
        return f"{obj.full_name} · {obj.site.name}" if obj.site_id else obj.full_name

    def _check_values(self, value):
        for item in value:
            if not _valid_id(item):
                raise forms.ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": item})
        return super()._check_values(value)


class ActionChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and not _valid_id(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _money(label, *, help_text=""):
    return forms.DecimalField(label=label, required=False, min_value=0, max_digits=12, decimal_places=2, help_text=help_text)


class MeansFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All")), *ProgrammeAction.Kind.choices])
    owner = EmployeeChoiceField(label=_("Owner"), required=False, queryset=Employee.unscoped.none())
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *ProgrammeAction.Status.choices])

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners


class ProgrammeActionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=ProgrammeAction.Kind.choices)
    description = forms.CharField(label=_("Description"), max_length=10_000, required=False, widget=forms.Textarea(attrs={"rows": 4}))
    owner = EmployeeChoiceField(label=_("Owner"), required=False, queryset=Employee.unscoped.none())
    status = forms.ChoiceField(label=_("Status"), choices=ProgrammeAction.Status.choices, initial=ProgrammeAction.Status.PLANNED)
    budget_planned = _money(_("Budget planned (€)"))
    budget_actual = _money(_("Budget spent (€)"))
    starts_on = forms.DateField(label=_("Start"), required=False, widget=DateInput())
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())

    def __init__(self, *args, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = employees

    def clean(self):
        data = super().clean()
        for name in ("budget_planned", "budget_actual"):
            if name in data and data[name] is None:
                data[name] = 0
        if data.get("starts_on") and data.get("deadline") and data["starts_on"] > data["deadline"]:
            self.add_error("deadline", _("The deadline cannot be before the start."))
        return data


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ProgrammeAction.Status.choices)


class ActionRaciForm(forms.Form):
    """The whole RACI of one action: exactly one Accountable (a single choice), as many R, C and I as needed."""

    accountable = EmployeeChoiceField(label=_("Accountable (A)"), required=False, queryset=Employee.unscoped.none(),
                                      help_text=_("The one person who answers for the result: one per action."))
    responsible = EmployeeMultipleChoiceField(label=_("Responsible (R)"), required=False, queryset=Employee.unscoped.none(),
                                              help_text=_("Those who do the work."))
    consulted = EmployeeMultipleChoiceField(label=_("Consulted (C)"), required=False, queryset=Employee.unscoped.none(),
                                            help_text=_("Those whose opinion is sought before."))
    informed = EmployeeMultipleChoiceField(label=_("Informed (I)"), required=False, queryset=Employee.unscoped.none(),
                                           help_text=_("Those kept up to date after."))

    def __init__(self, *args, employees, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("accountable", "responsible", "consulted", "informed"):
            self.fields[name].queryset = employees
            if name != "accountable":
                self.fields[name].widget.attrs["size"] = 8


class BudgetLineForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=200)
    action = ActionChoiceField(label=_("Action"), required=False, queryset=ProgrammeAction.unscoped.none(),
                                    help_text=_("Linked to an action, the line details that action's budget (counted once)."))
    planned = _money(_("Planned (€)"))
    actual = _money(_("Spent (€)"))
    replaces = forms.CharField(label=_("Classic spend it replaces"), max_length=200, required=False,
                               help_text=_("Press ads, radio, mailing, trade show stand..."))
    replaced_amount = _money(_("Amount of that spend (€)"), help_text=_("What that classic spend cost, and no longer costs."))

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = actions

    def clean(self):
        data = super().clean()
        for name in ("planned", "actual", "replaced_amount"):
            if name in data and data[name] is None:
                data[name] = 0
        return data
