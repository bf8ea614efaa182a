"""Forms of the reviews and lessons pages (validation only: the services write and check the rest)."""

from __future__ import annotations

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from bns.programme.models import Programme, ProgrammeAction, Step
from bns.programme.reviews.services import NEW_ACTIONS_MAX


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class ReviewTextsForm(forms.Form):
    participants = forms.CharField(label=_("Participants"), max_length=5_000, required=False, widget=_textarea(2),
                                   help_text=_("Who attended: the CoDir members, the process owner, the site directors..."))
    decisions = forms.CharField(label=_("Decisions"), max_length=20_000, required=False, widget=_textarea(5),
                                help_text=_("What was decided, given the KPIs: keep, adjust, stop, accelerate."))
    notes = forms.CharField(label=_("Notes"), max_length=20_000, required=False, widget=_textarea(4))


class ReviewForm(ReviewTextsForm):
    held_on = forms.DateField(label=_("Date of the review"), widget=DateInput(),
                              help_text=_("The KPI values frozen are the latest measured on or before this date."))
    field_order = ["held_on", "participants", "decisions", "notes"]

    def __init__(self, *args, programme: Programme, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.today = today
        self.fields["held_on"].widget.attrs.update({"min": programme.starts_on.isoformat(), "max": today.isoformat()})

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > self.today:
            raise forms.ValidationError(_("A review is recorded once held: the date cannot be in the future."))
        if held_on < self.programme.starts_on:
            raise forms.ValidationError(_("The iteration starts on %(date)s: a review cannot be before.")
                                        % {"date": formats.date_format(self.programme.starts_on, "SHORT_DATE_FORMAT")})
        return held_on


class NewActionForm(forms.Form):
    """One row of the new actions decided at a review; a blank row is ignored."""

    title = forms.CharField(label=_("New action"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", "—"), *ProgrammeAction.Kind.choices])
    owner = forms.TypedChoiceField(label=_("Owner"), required=False, coerce=int, empty_value=None, choices=[])
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())

    def __init__(self, *args, owner_choices=(), employees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "—"), *owner_choices]
        self.employees = employees or {}

    def clean(self):
        data = super().clean()
        title, kind = data.get("title", ""), data.get("kind", "")
        if not title and (kind or data.get("owner") or data.get("deadline")):
            self.add_error("title", _("Give this action a title, or clear the row."))
        if title and not kind:
            self.add_error("kind", _("Choose the type of the action."))
        owner = data.get("owner")
        data["owner"] = self.employees.get(owner) if owner else None
        return data


class _NewActionFormSet(forms.BaseFormSet):
    def rows(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if form.has_changed() and form.cleaned_data.get("title")]


NewActionFormSet = forms.formset_factory(NewActionForm, formset=_NewActionFormSet, extra=NEW_ACTIONS_MAX, max_num=NEW_ACTIONS_MAX,
                                         validate_max=True, absolute_max=NEW_ACTIONS_MAX)


class ReviewFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


STEP_CHOICES = [(value, f"{value}. {label}") for value, label in Step.choices]


class LessonForm(forms.Form):
    step = forms.TypedChoiceField(label=_("Step"), coerce=int, choices=[("", "—"), *STEP_CHOICES],
                                  help_text=_("The step of the programme the lesson is about."))
    text = forms.CharField(label=_("Lesson"), max_length=5_000, widget=_textarea(4),
                           help_text=_("What you saw in the field, what worked, what did not, what to do differently."))


class LessonFilterForm(forms.Form):
    step = forms.TypedChoiceField(label=_("Step"), required=False, coerce=int, empty_value=None,
                                  choices=[("", _("All the steps")), *STEP_CHOICES])
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
