"""Forms of the conviction pulse pages (validation only: the services write).

The audience lists the request's group's dealerships and departments only, so another group's id is refused
exactly like a missing one.
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bns.models import Department, Site
from networking.models import OfferedOwnCircle
from networking.pulse.services import COMMENT_MAX, TITLE_MAX


class _ChoiceOfIds(forms.ModelMultipleChoiceField):
    """Ids the database can hold only: a huge number is refused as invalid before any query."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip()
            if not text.isdigit() or int(text) >= 2**31:
                raise forms.ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                            params={"pk": text[:20]})
        return super()._check_values(value)


class PulseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX,
                            help_text=_("For example: \"Conviction pulse, spring\". Everyone asked sees it."))
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"}),
                                help_text=_("Two to three weeks leave everyone time to answer."))
    sites = _ChoiceOfIds(
        label=_("Dealerships"), queryset=Site.unscoped.none(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every dealership."),
    )
    departments = _ChoiceOfIds(
        label=_("Departments"), queryset=Department.unscoped.none(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every department."),
    )

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sites"].queryset = Site.unscoped.filter(tenant=tenant).order_by("name", "pk")
        self.fields["departments"].queryset = Department.unscoped.filter(tenant=tenant).order_by("position", "name", "pk")

    def clean(self):
        data = super().clean()
        opens_on, closes_on = data.get("opens_on"), data.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("The pulse must close on or after the day it opens."))
        return data

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"], "opens_on": data["opens_on"], "closes_on": data["closes_on"],
            "audience_site_ids": [s.pk for s in data["sites"]], "audience_department_ids": [d.pk for d in data["departments"]],
        }


class PulseCreateForm(PulseForm):
    open_now = forms.BooleanField(label=_("Open it now"), required=False,
                                  help_text=_("Otherwise it stays a draft you can still change, and open later."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["opens_on"].initial = today
        self.fields["closes_on"].initial = today + timedelta(days=21)


def _scale(low: int, high: int):
    return [(value, str(value)) for value in range(low, high + 1)]


class PulseAnswerForm(forms.Form):
    """The four questions of seed 001 and a free comment; every question must be answered."""

    offered_own_circle = forms.ChoiceField(
        label=_("Have you already offered our products or services to your own circle?"),
        help_text=_("Your family, your close friends, your own network."),
        choices=OfferedOwnCircle.choices, widget=forms.RadioSelect,
    )
    pride = forms.TypedChoiceField(
        label=_("How proud are you of working for the group?"), help_text=_("1: not proud at all, 5: very proud."),
        choices=_scale(1, 5), coerce=int, widget=forms.RadioSelect,
    )
    recommend_products = forms.TypedChoiceField(
        label=_("Would you recommend our products or services to a friend?"),
        help_text=_("0: certainly not, 10: without hesitation."), choices=_scale(0, 10), coerce=int, widget=forms.RadioSelect,
    )
    recommend_employer = forms.TypedChoiceField(
        label=_("Would you recommend working here to a friend?"),
        help_text=_("0: certainly not, 10: without hesitation."), choices=_scale(0, 10), coerce=int, widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything to add?"), required=False, max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional. Shown as written, without your name: avoid details that would say who you are."),
    )
