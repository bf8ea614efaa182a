"""Forms of the activity pages: the quick log / edit form, the CSV upload, the group export filters, licences.

Reference fields are limited to the member's group (and, for persons, to the contacts they may name): another
group's id is refused exactly like a missing one. Long lists (persons, accounts) render a bounded number of options;
the page's search box fetches others with HTMX (views.activity_lookup)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bns.models import Department, Employee, Membership, Site, Tenant
from contacts.models import Account, Person
from networking.activity import importing, rules
from networking.models import ActivityChannel, ActivityKind

CHOICES_SHOWN = 50


def person_label(person: Person) -> str:
    name = f"{person.first_name} {person.last_name}".strip() or "—"
    return f"{name} ({person.company_name})" if person.company_name else name


def account_label(account: Account) -> str:
    return f"{account.name} ({account.city})" if account.city else account.name


def persons_search(queryset, q: str):
    for term in (q or "").replace("\x00", "").split()[:4]:
        queryset = queryset.filter(
            Q(first_name__icontains=term) | Q(last_name__icontains=term) | Q(company_name__icontains=term))
    return queryset.order_by("last_name", "first_name", "pk")


def accounts_search(queryset, q: str):
    for term in (q or "").replace("\x00", "").split()[:4]:
        queryset = queryset.filter(Q(name__icontains=term) | Q(city__icontains=term))
    return queryset.order_by("name", "pk")


def _limited_choices(field: forms.ModelChoiceField, shown, selected, label) -> None:
    """Render only the first options (and the selected one); validation still uses the whole queryset."""
    options = list(shown[:CHOICES_SHOWN])
    if selected is not None and all(o.pk != selected.pk for o in options):
        options.insert(0, selected)
    field.widget.choices = [("", "—")] + [(o.pk, label(o)) for o in options]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ActivityForm(forms.Form):
    """Log or change an activity. On the quick log, the kind comes from the button pressed."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    channel = forms.ChoiceField(label=_("Where"), choices=ActivityChannel.choices, initial=ActivityChannel.LINKEDIN)
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput(), help_text=rules.DATE_HELP)
    reach = forms.IntegerField(label=_("Reach (views)"), required=False, min_value=0, max_value=rules.MAX_COUNT)
    engagement = forms.IntegerField(label=_("Engagement (reactions, comments, shares)"), required=False, min_value=0,
                                    max_value=rules.MAX_COUNT)
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.unscoped.none(), required=False,
                                    help_text=_("One of your contacts, if the activity was with someone in particular."))
    account = forms.ModelChoiceField(label=_("Account"), queryset=Account.unscoped.none(), required=False)
    content_url = forms.URLField(label=_("Link (post or relayed content)"), required=False, max_length=rules.URL_MAX,
                                 assume_scheme="https")
    note = forms.CharField(label=_("Note"), required=False, max_length=rules.NOTE_MAX)

    def __init__(self, *args, tenant: Tenant, membership: Membership, employee: Employee | None, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {
                "kind": instance.kind, "channel": instance.channel, "occurred_on": instance.occurred_on, "reach": instance.reach,
                "engagement": instance.engagement, "person": instance.person_id, "account": instance.account_id,
                "content_url": instance.content_url, "note": instance.note,
            })
        else:
            kwargs.setdefault("initial", {"occurred_on": timezone.localdate(), "channel": ActivityChannel.LINKEDIN})
        super().__init__(*args, **kwargs)
        persons = rules.linkable_persons(tenant=tenant, membership=membership, employee=employee)
        accounts = Account.unscoped.filter(tenant=tenant)
        self.fields["person"].queryset = persons
        self.fields["account"].queryset = accounts
        self.fields["person"].label_from_instance = person_label
        self.fields["account"].label_from_instance = account_label
        earliest, latest = rules.date_bounds()
        self.fields["occurred_on"].widget.attrs.update(min=earliest.isoformat(), max=latest.isoformat())
        selected_person = instance.person if instance is not None and instance.person_id else None
        selected_account = instance.account if instance is not None and instance.account_id else None
        _limited_choices(self.fields["person"], persons.order_by("last_name", "first_name", "pk"), selected_person, person_label)
        _limited_choices(self.fields["account"], accounts.order_by("name", "pk"), selected_account, account_label)

    def clean_note(self):
        return " ".join(self.cleaned_data["note"].split())

    def clean(self):
        data = super().clean()
        day = data.get("occurred_on")
        if day is not None and (message := rules.date_error(day)):
            self.add_error("occurred_on", message)
        channel, kind = data.get("channel"), data.get("kind")
        if channel and kind and not rules.compatible(channel, kind):
            self.add_error("kind", rules.compatibility_error(channel, kind))
        return data

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "occurred_on": data["occurred_on"], "channel": data["channel"], "kind": data["kind"], "reach": data.get("reach"),
            "engagement": data.get("engagement"), "person": data.get("person"), "account": data.get("account"),
            "content_url": data.get("content_url") or "", "note": data.get("note") or "",
        }


class ActivityImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_("A CSV file separated by ; or , (2 MB and 5,000 rows at most)."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > importing.MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is too large (2 MB at most): split it into several files."))
        return upload


class GroupExportForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Dealership"), queryset=Site.unscoped.none(), required=False)
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.unscoped.none(), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, tenant: Tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.unscoped.filter(tenant=tenant).order_by("name")
        self.fields["department"].queryset = Department.unscoped.filter(tenant=tenant).order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


class ToolLicenceForm(forms.Form):
    tool = forms.CharField(label=_("Tool"), max_length=120, help_text=_("For example Sales Navigator Core."))
    channel = forms.ChoiceField(label=_("Platform used"), choices=ActivityChannel.choices, initial=ActivityChannel.LINKEDIN,
                                help_text=_("The holder's activity logged on this platform counts as a use of the tool."))
    employee = forms.ModelChoiceField(label=_("Assigned to"), queryset=Employee.unscoped.none(), required=False,
                                      help_text=_("Leave empty for a seat nobody holds: it counts as unused."))
    monthly_cost = forms.DecimalField(label=_("Monthly cost (€)"), min_value=Decimal("0"), max_value=Decimal("100000"),
                                      max_digits=9, decimal_places=2, initial=Decimal("0"))
    starts_on = forms.DateField(label=_("From"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, tenant: Tenant, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {
                "tool": instance.tool, "channel": instance.channel, "employee": instance.employee_id,
                "monthly_cost": instance.monthly_cost, "starts_on": instance.starts_on, "ends_on": instance.ends_on,
                "note": instance.note,
            })
        super().__init__(*args, **kwargs)
        employees = Employee.unscoped.filter(tenant=tenant, is_active=True)
        if instance is not None and instance.employee_id:
            employees = Employee.unscoped.filter(tenant=tenant).filter(
                Q(is_active=True) | Q(pk=instance.employee_id))
        self.fields["employee"].queryset = employees.select_related("site").order_by("last_name", "first_name", "pk")
        self.fields["employee"].label_from_instance = lambda e: f"{e.full_name} · {e.site.name}" if e.site_id else e.full_name

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end date is before the start date."))
        return data
