"""Forms of the social profile pages (validation of the input's shape only: the services check and write).

The address itself is checked per platform by the service (validators.py), so that the pages and the API give the
same messages; its errors come back on the ``url`` field.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bns.models import Employee
from networking.models import Platform
from networking.profiles.checklists import POSITIONING_ITEM, checklist_items
from networking.profiles.services import AUDIENCE_MAX, POSITIONING_MAX
from networking.profiles.validators import EXPECTED, RAW_MAX


class EmployeeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Employee) -> str:
        return f"{obj.full_name} · {obj.site.name}" if obj.site_id else obj.full_name


def _positioning_field() -> forms.CharField:
    return forms.CharField(
        label=POSITIONING_ITEM.label, max_length=POSITIONING_MAX, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The niche you want to be known for, in one sentence: for example “the utility-van specialist for "
                    "craftsmen around Vannes”."),
    )


class SocialProfileForm(forms.Form):
    """Add a profile (``platform`` and, for administrators, ``employee``) or edit one (``platform=`` given)."""

    employee = EmployeeChoiceField(label=_("Employee"), queryset=Employee.unscoped.none())
    platform = forms.ChoiceField(label=_("Platform"), choices=Platform.choices)
    url = forms.CharField(label=_("Profile address"), max_length=RAW_MAX,
                          widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "url"}))
    audience_size = forms.IntegerField(label=_("Audience (followers or connections)"), min_value=0, max_value=AUDIENCE_MAX,
                                       required=False)
    checked_on = forms.DateField(label=_("Checked on"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                 help_text=_("When you last looked at the profile and its figures."))
    positioning = _positioning_field()

    def __init__(self, *args, tenant, platform: str | None = None, employees=None, **kwargs):
        super().__init__(*args, **kwargs)
        if employees is None:
            del self.fields["employee"]
        else:
            self.fields["employee"].queryset = employees
        if platform is not None:  # editing: the platform of a profile does not change
            del self.fields["platform"]
        shape = EXPECTED.get(platform or self.data.get("platform") or self.initial.get("platform") or "")
        self.fields["url"].help_text = (_("Expected: %(shape)s") % {"shape": shape}) if shape else _(
            "The address of your personal profile, as your browser shows it.")
        if shape:
            self.fields["url"].widget.attrs["placeholder"] = shape.split(" ")[0]


class ChecklistForm(forms.Form):
    """A profile's checklist (one tick box per item) and its positioning statement."""

    def __init__(self, *args, platform: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = checklist_items(platform)
        for item in self.items:
            self.fields[f"item_{item.code}"] = forms.BooleanField(label=item.label, required=False, help_text=item.next_step)
        self.fields["positioning"] = _positioning_field()

    def checklist(self) -> dict[str, bool]:
        return {item.code: bool(self.cleaned_data.get(f"item_{item.code}")) for item in self.items}


class GroupFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    site = forms.ModelChoiceField(label=_("Dealership"), queryset=None, required=False, empty_label=_("All"))
    department = forms.ModelChoiceField(label=_("Department"), queryset=None, required=False, empty_label=_("All"))
    below = forms.IntegerField(label=_("Below (%)"), min_value=1, max_value=100, required=False,
                               help_text=_("Only employees whose completeness is below this percentage."))

    def __init__(self, *args, sites, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["department"].queryset = departments
