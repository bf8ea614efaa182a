"""Forms of the organisation pages. Business rules (duplicates, manager loops...) live in the services:
views call them and show their ValidationError with ``form_add_service_errors``."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bns import selectors
from bns.imports import MAX_FILE_BYTES
from bns.models import Department, Employee, Site, Tenant


class SiteForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    brands = forms.CharField(label=_("Brands"), max_length=300, required=False, help_text=_("Comma-separated, e.g. Peugeot, Citroën"))
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    region = forms.CharField(label=_("Region"), max_length=120, required=False)

    def __init__(self, *args, tenant: Tenant, instance: Site | None = None, **kwargs):
        self.tenant = tenant
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {f: getattr(instance, f) for f in ("name", "brands", "city", "region")}
        super().__init__(*args, **kwargs)


class DepartmentForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20, help_text=_("Short code used in imports, e.g. VN, APV"))
    name = forms.CharField(label=_("Name"), max_length=120)
    position = forms.IntegerField(
        label=_("Order"), min_value=0, max_value=32767, required=False, help_text=_("Position in lists; empty puts it last")
    )

    def __init__(self, *args, tenant: Tenant, instance: Department | None = None, **kwargs):
        self.tenant = tenant
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {f: getattr(instance, f) for f in ("code", "name", "position")}
        super().__init__(*args, **kwargs)


class _ManagerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Employee) -> str:
        details = [d for d in (obj.job_title, obj.site.name if obj.site else "") if d]
        return f"{obj.full_name} ({', '.join(details)})" if details else obj.full_name


class EmployeeForm(forms.Form):
    """Choices hold only the tenant's objects: an id of another tenant is 'not a valid choice', never a 500."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
    external_id = forms.CharField(label=_("Employee number"), max_length=50, required=False)
    site = forms.ModelChoiceField(label=_("Dealership"), queryset=Site.unscoped.none(), required=False, empty_label=_("(none)"))
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.unscoped.none(), required=False, empty_label=_("(none)")
    )
    job_title = forms.CharField(label=_("Job title"), max_length=150, required=False)
    manager = _ManagerChoiceField(
        label=_("Manager"), queryset=Employee.unscoped.none(), required=False, empty_label=_("(none)"),
        help_text=_("Chosen among the group's active employees"),
    )

    def __init__(self, *args, tenant: Tenant, instance: Employee | None = None, **kwargs):
        self.tenant = tenant
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "first_name": instance.first_name,
                "last_name": instance.last_name,
                "email": instance.email,
                "external_id": instance.external_id,
                "site": instance.site_id,
                "department": instance.department_id,
                "job_title": instance.job_title,
                "manager": instance.manager_id,
            }
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = selectors.site_list(tenant=tenant)
        self.fields["department"].queryset = selectors.department_list(tenant=tenant)
        managers = selectors.employee_list(tenant=tenant)
        if instance is not None:
            # Keep the current manager selectable even if they left, and never offer the employee themselves.
            managers = managers.filter(Q(is_active=True) | Q(pk=instance.manager_id)).exclude(pk=instance.pk)
        else:
            managers = managers.filter(is_active=True)
        self.fields["manager"].queryset = managers


class EmployeeImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Separator ; or , — encoding UTF-8 or Windows (Excel). The first line names the columns."),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv,text/plain"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is too large (%(size)s MB at most).") % {"size": MAX_FILE_BYTES // (1024 * 1024)}
            )
        return upload
