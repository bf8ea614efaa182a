"""Forms for who may enter a group: memberships, invitations, accepting an invitation, tenant settings."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bns.models import Employee, Invitation, Membership, Role, Tenant
from bns.services.org import TENANT_POLICY_RANGES

INVITATION_STATUSES = [
    ("pending", _("pending")),
    ("expired", _("expired")),
    ("accepted", _("accepted")),
    ("revoked", _("revoked")),
]


class EmployeeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Employee) -> str:
        parts = [obj.full_name]
        if obj.job_title:
            parts.append(obj.job_title)
        if obj.site_id:
            parts.append(obj.site.name)
        return " · ".join(parts)


def _free_employees(tenant: Tenant, *, keep: Employee | None = None):
    """The group's active employees without a login yet (plus ``keep``, the one already linked)."""
    free = Q(is_active=True, memberships__isnull=True)
    if keep is not None:
        free |= Q(pk=keep.pk)
    return Employee.unscoped.filter(tenant=tenant).filter(free).select_related("site").order_by("last_name", "first_name", "pk")


class MembershipForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    employee = EmployeeChoiceField(
        label=_("Linked employee"),
        queryset=Employee.unscoped.none(),
        required=False,
        empty_label=_("(none)"),
        help_text=_("The employee record of the group that this login belongs to."),
    )
    is_active = forms.BooleanField(
        label=_("Active"), required=False, help_text=_("An inactive member can no longer open the group's pages.")
    )

    def __init__(self, *args, tenant: Tenant, instance: Membership, **kwargs):
        self.tenant = tenant
        self.instance = instance
        if "initial" not in kwargs:
            kwargs["initial"] = {"role": instance.role, "employee": instance.employee_id, "is_active": instance.is_active}
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = _free_employees(tenant, keep=instance.employee)


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        required=False,
        help_text=_("Leave empty to use the e-mail address of the chosen employee."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.EMPLOYEE)
    employee = EmployeeChoiceField(
        label=_("Employee"),
        queryset=Employee.unscoped.none(),
        required=False,
        empty_label=_("(none)"),
        help_text=_("Optional: the employee record this login will belong to."),
    )

    def __init__(self, *args, tenant: Tenant, **kwargs):
        self.tenant = tenant
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = _free_employees(tenant)

    def clean(self):
        cleaned = super().clean()
        email = (cleaned.get("email") or "").strip()
        employee = cleaned.get("employee")
        if not email and "email" not in self.errors:
            if employee is not None and employee.email:
                email = employee.email
            else:
                self.add_error("email", _("Enter the e-mail address of the person to invite."))
        cleaned["email"] = email.lower()
        return cleaned


class InvitationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All"))] + INVITATION_STATUSES)


class InvitationAcceptForm(forms.Form):
    """A newcomer chooses their name and password (Django's password validators apply in the service)."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password_confirm = forms.CharField(
        label=_("Password (again)"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, invitation: Invitation, **kwargs):
        self.invitation = invitation
        super().__init__(*args, **kwargs)
        from django.contrib.auth import password_validation

        self.fields["password"].help_text = password_validation.password_validators_help_text_html()

    def clean_full_name(self):
        name = self.cleaned_data["full_name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter your full name."))
        return name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password") and cleaned.get("password_confirm") and cleaned["password"] != cleaned["password_confirm"]:
            self.add_error("password_confirm", _("The two passwords do not match."))
        return cleaned


class TenantSettingsForm(forms.Form):
    """The group's settings, in two fieldsets: the group itself, and its contact policy."""

    name = forms.CharField(label=_("Group name"), max_length=200)
    locale = forms.ChoiceField(
        label=_("Default language"),
        choices=Tenant._meta.get_field("locale").choices,
        help_text=_("Used for the e-mails sent to the group's members."),
    )
    require_mfa_for_leaders = forms.BooleanField(
        label=_("Two-factor authentication mandatory for executives and admins"),
        required=False,
        help_text=_("They will have to set up an authenticator app before opening the group's pages."),
    )
    invitation_validity_days = forms.IntegerField(
        label=_("Invitation validity (days)"),
        min_value=TENANT_POLICY_RANGES["invitation_validity_days"][0],
        max_value=TENANT_POLICY_RANGES["invitation_validity_days"][1],
        help_text=_("Between 1 and 90 days."),
    )
    # --- Contacts
    default_relationship_visibility = forms.ChoiceField(
        label=_("Default visibility of a new relationship"),
        choices=Tenant._meta.get_field("default_relationship_visibility").choices,
        help_text=_(
            "Used when an employee records a relationship without choosing. Private: the owner only. "
            "Discoverable: colleagues see that someone knows the person and can ask for an introduction. "
            "Shared: colleagues of the chosen audience also see the details. The owner can change it for each "
            "relationship; existing relationships keep theirs."
        ),
    )
    default_relationship_scope = forms.ChoiceField(
        label=_("Default audience of a shared relationship"),
        choices=Tenant._meta.get_field("default_relationship_scope").choices,
        help_text=_(
            "Who sees the details of a shared relationship when its owner does not choose: the owner's team, "
            "their dealership, or the whole group."
        ),
    )
    solicitation_cap = forms.IntegerField(
        label=_("Commercial solicitations allowed per person"),
        min_value=TENANT_POLICY_RANGES["solicitation_cap"][0],
        max_value=TENANT_POLICY_RANGES["solicitation_cap"][1],
        help_text=_(
            "How many commercial solicitations (calls, e-mails, visits...) of one person the whole group may make "
            "over the rolling window below, whoever in the group makes them. Between 1 and 20."
        ),
    )
    solicitation_window_days = forms.IntegerField(
        label=_("Rolling window of the cap (days)"),
        min_value=TENANT_POLICY_RANGES["solicitation_window_days"][0],
        max_value=TENANT_POLICY_RANGES["solicitation_window_days"][1],
        help_text=_(
            "The cap counts the solicitations made during this many last days (a rolling window, not a "
            "calendar month). Between 7 and 365 days."
        ),
    )
    contact_retention_years = forms.IntegerField(
        label=_("Contact data kept for (years)"),
        min_value=TENANT_POLICY_RANGES["contact_retention_years"][0],
        max_value=TENANT_POLICY_RANGES["contact_retention_years"][1],
        help_text=_(
            "How long the personal data of a contact is kept, counted from its collection or from the last time "
            "the person contacted the group (CNIL rules for B2B prospects: 3 years is the recommendation). "
            "Between 1 and 5 years. A change applies to persons collected or contacted from now on: the "
            "deadlines of existing persons stay as they are."
        ),
    )

    GENERAL_FIELDS = ("name", "locale", "require_mfa_for_leaders", "invitation_validity_days")
    CONTACT_FIELDS = (
        "default_relationship_visibility",
        "default_relationship_scope",
        "solicitation_cap",
        "solicitation_window_days",
        "contact_retention_years",
    )
    FIELDS = GENERAL_FIELDS + CONTACT_FIELDS

    def __init__(self, *args, tenant: Tenant, **kwargs):
        self.tenant = tenant
        if "initial" not in kwargs:
            kwargs["initial"] = {f: getattr(tenant, f) for f in self.FIELDS}
        super().__init__(*args, **kwargs)

    @property
    def general_fields(self) -> list:
        return [self[name] for name in self.GENERAL_FIELDS]

    @property
    def contact_fields(self) -> list:
        return [self[name] for name in self.CONTACT_FIELDS]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("The name cannot be blank."))
        return name
