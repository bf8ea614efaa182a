"""Forms of the networks' pages (validation only: the services write).

Reference fields list the request's tenant's rows only, so another group's id is refused like a missing one.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bns.models import Employee, Site
from contacts.models import STRENGTH_MEANINGS, Visibility
from networking.models import MembershipRole, Network, NetworkKind, Priority

TARGET_FILTER_CHOICES = [("", _("All")), ("yes", _("Target networks")), ("no", _("Not targeted"))]
WHEN_CHOICES = [("", _("All")), ("upcoming", _("Upcoming")), ("past", _("Past"))]


class EmployeeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Employee) -> str:
        return f"{obj.full_name} · {obj.site.name}" if obj.site_id else obj.full_name


class NetworkChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Network) -> str:
        return str(obj)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date_field(label, *, required: bool = False, help_text=""):
    return forms.DateField(label=label, required=required, widget=DateInput(), help_text=help_text)


def _valid_data(form: forms.Form) -> dict:
    """The fields of a filter form that are valid (an invalid filter is ignored, the others still apply)."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return form.cleaned_data


# --- Directory ----------------------------------------------------------------------------------------


class NetworkFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *NetworkKind.choices])
    site = forms.ModelChoiceField(label=_("Dealership"), queryset=Site.unscoped.none(), required=False, empty_label=_("All"))
    priority = forms.TypedChoiceField(label=_("Priority"), required=False, coerce=int, empty_value=None,
                                      choices=[("", _("All")), *Priority.choices])
    target = forms.ChoiceField(label=_("Policy"), required=False, choices=TARGET_FILTER_CHOICES)
    inactive = forms.BooleanField(label=_("Include inactive networks"), required=False)

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites

    def filters(self) -> dict:
        data = _valid_data(self)
        site = data.get("site")
        return {
            "search": data.get("q") or "",
            "kind": data.get("kind") or "",
            "site_id": site.pk if site else None,
            "priority": data.get("priority") or None,
            "target": data.get("target") or "",
            "include_inactive": bool(data.get("inactive")),
        }


class NetworkForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=NetworkKind.choices)
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    site = forms.ModelChoiceField(label=_("Dealership concerned"), queryset=Site.unscoped.none(), required=False,
                                  empty_label=_("The whole group"))
    annual_fee = forms.DecimalField(label=_("Annual fee (€)"), required=False, min_value=0, max_digits=9, decimal_places=2)
    priority = forms.TypedChoiceField(label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.MEDIUM)
    website = forms.URLField(label=_("Website"), max_length=300, required=False, assume_scheme="https")
    description = forms.CharField(label=_("Description"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                  help_text=_("Who meets there, how often, what it brings to the group."))

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites


class NetworkEditForm(NetworkForm):
    is_active = forms.BooleanField(label=_("Active (listed in the directory)"), required=False)


# --- Memberships --------------------------------------------------------------------------------------


class MembershipForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices, initial=MembershipRole.MEMBER,
                             help_text=_("“Lead”: the colleague who coordinates the group's presence in this network."))
    since = _date_field(_("Member since"))
    paid_by_company = forms.BooleanField(label=_("The fee is paid by the company"), required=False)


class MembershipAddForm(MembershipForm):
    employee = EmployeeChoiceField(label=_("Employee"), queryset=Employee.unscoped.none())

    field_order = ["employee", "role", "since", "paid_by_company"]

    def __init__(self, *args, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees


class MembershipEndForm(forms.Form):
    ended_on = _date_field(_("Ended on"), help_text=_("Leave empty for today."))


# --- The policy: targets and leads --------------------------------------------------------------------


class TargetEditForm(forms.Form):
    lead = EmployeeChoiceField(label=_("Lead"), queryset=Employee.unscoped.none(), required=False, empty_label=_("No lead yet"),
                               help_text=_("The named colleague who coordinates the group's presence in this network."))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = employees


class TargetForm(TargetEditForm):
    network = NetworkChoiceField(label=_("Network"), queryset=Network.unscoped.none())
    site = forms.ModelChoiceField(label=_("Targeted by"), queryset=Site.unscoped.none(), required=False,
                                  empty_label=_("The whole group"))

    field_order = ["network", "site", "lead", "note"]

    def __init__(self, *args, employees, networks, sites, **kwargs):
        super().__init__(*args, employees=employees, **kwargs)
        self.fields["network"].queryset = networks
        self.fields["site"].queryset = sites


# --- Events -------------------------------------------------------------------------------------------


class EventFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    network = NetworkChoiceField(label=_("Network"), queryset=Network.unscoped.none(), required=False, empty_label=_("All"))
    when = forms.ChoiceField(label=_("When"), required=False, choices=WHEN_CHOICES)
    mine = forms.BooleanField(label=_("Events I attended"), required=False)

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks

    def filters(self) -> dict:
        data = _valid_data(self)
        network = data.get("network")
        return {"search": data.get("q") or "", "network_id": network.pk if network else None, "when": data.get("when") or "",
                "mine": bool(data.get("mine"))}


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = _date_field(_("Date"), required=True)
    network = NetworkChoiceField(label=_("Network"), queryset=Network.unscoped.none(), required=False,
                                 empty_label=_("None (a trade fair, a one-off dinner...)"))
    city = forms.CharField(label=_("City"), max_length=120, required=False, help_text=_("Empty: the network's city."))
    notes = forms.CharField(label=_("Notes"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks


class EventCreateForm(EventForm):
    i_attended = forms.BooleanField(label=_("I was there"), required=False, initial=True)


class AttendeeAddForm(forms.Form):
    employee = EmployeeChoiceField(label=_("Colleague who attended"), queryset=Employee.unscoped.none())

    def __init__(self, *args, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees


class EventContactForm(forms.Form):
    """A person met at the event: becomes the attendee's own relationship."""

    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    company = forms.CharField(label=_("Company"), max_length=200, required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False, widget=forms.EmailInput())
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False, widget=forms.TextInput(attrs={"type": "tel"}))
    linkedin_url = forms.CharField(label=_("LinkedIn profile"), max_length=300, required=False)
    strength = forms.TypedChoiceField(label=_("Strength of the relationship"), coerce=int, initial=1,
                                      choices=[(k, v) for k, v in STRENGTH_MEANINGS.items()])
    visibility = forms.ChoiceField(label=_("Who sees this relationship"), choices=Visibility.choices,
                                   help_text=_("The group's default is preselected; you can change it later on the contact."))
    notes = forms.CharField(label=_("Private notes"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("Only you will ever see them."))

    def clean(self):
        data = super().clean()
        if not any(data.get(k) for k in ("first_name", "last_name", "email", "linkedin_url")):
            raise forms.ValidationError(_("Give at least a name, an e-mail or a LinkedIn profile."))
        return data
