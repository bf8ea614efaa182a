"""Forms of the programme home (validation only: the services write and check the rest, the 3-6 month rule included).

Employee fields list the request's group's rows only, so another group's id is refused like a missing one."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bns.models import Employee
from bns.programme.means.forms import DateInput, EmployeeChoiceField, EmployeeMultipleChoiceField
from bns.programme.models import ProgrammeStep, Step


def _step_field(*, required: bool, label=None):
    empty = [] if required else [("", _("No particular step"))]
    return forms.TypedChoiceField(label=label or _("Step"), required=required, coerce=int, empty_value=None,
                                  choices=[*empty, *[(n, f"{n}. {label_}") for n, label_ in Step.choices]])


class ProgrammeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    process_owner = EmployeeChoiceField(
        label=_("Process owner"), queryset=Employee.unscoped.none(),
        help_text=_("A member of the executive committee (CoDir) who leads the programme and writes it."))
    sponsor = EmployeeChoiceField(label=_("Sponsor"), required=False, queryset=Employee.unscoped.none(),
                                  help_text=_("The executive who backs the programme, often the group's managing director."))
    starts_on = forms.DateField(label=_("Start"), widget=DateInput())
    target_end_on = forms.DateField(label=_("Target end"), widget=DateInput(),
                                    help_text=_("3 to 6 months after the start."))
    review_cadence_days = forms.IntegerField(label=_("Days between reviews"), min_value=7, max_value=120, initial=30,
                                             help_text=_("30 for a monthly review."))

    def __init__(self, *args, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["process_owner"].queryset = employees
        self.fields["sponsor"].queryset = employees

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("target_end_on") and data["target_end_on"] <= data["starts_on"]:
            self.add_error("target_end_on", _("The target end must come after the start."))
        return data


class ProgrammeEditForm(ProgrammeForm):
    current_step = _step_field(required=True, label=_("Current step"))


class NextIterationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_on = forms.DateField(label=_("Start"), widget=DateInput())
    target_end_on = forms.DateField(label=_("Target end"), widget=DateInput(), help_text=_("3 to 6 months after the start."))

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("target_end_on") and data["target_end_on"] <= data["starts_on"]:
            self.add_error("target_end_on", _("The target end must come after the start."))
        return data


class StepForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ProgrammeStep.Status.choices)
    owner = EmployeeChoiceField(label=_("Step owner"), required=False, queryset=Employee.unscoped.none())
    done_notes = forms.CharField(label=_("What is done"), max_length=10_000, required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                 help_text=_("Left blank, the page says what the data shows."))
    missing_notes = forms.CharField(label=_("What is missing"), max_length=10_000, required=False,
                                    widget=forms.Textarea(attrs={"rows": 4}),
                                    help_text=_("Left blank, the page says what the data shows."))
    next_action = forms.CharField(label=_("Next thing to do"), max_length=300, required=False,
                                  help_text=_("Left blank, the page suggests one from the data."))
    due_on = forms.DateField(label=_("Due"), required=False, widget=DateInput())

    def __init__(self, *args, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = employees


class VisionForm(forms.Form):
    text = forms.CharField(label=_("Vision"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 10}),
                           help_text=_("Why the group networks, in its own words: what it expects for its customers, its "
                                       "employees and its results. Publishing keeps the previous versions."))


class WorkshopForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    step = _step_field(required=False)
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    participants = EmployeeMultipleChoiceField(label=_("Participants"), required=False, queryset=Employee.unscoped.none())
    agenda = forms.CharField(label=_("Agenda"), max_length=10_000, required=False, widget=forms.Textarea(attrs={"rows": 5}))
    outcomes = forms.CharField(label=_("Outcomes"), max_length=10_000, required=False, widget=forms.Textarea(attrs={"rows": 5}),
                               help_text=_("What was decided or learned; written after the workshop."))

    def __init__(self, *args, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = employees
        self.fields["participants"].widget.attrs["size"] = 10


class WorkshopFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    step = _step_field(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [("", _("All steps")), *list(self.fields["step"].choices)[1:]]
