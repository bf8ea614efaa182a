"""Forms of the objectives and KPI pages (validation of the input only: the services write and check the rules).

Reference fields list the request's group's rows only (the iteration's KPIs, active employees), so another group's
id is refused like a missing one.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bns.models import Department, Employee, Site
from bns.programme.models import Kpi, ScopeKind
from bns.programme.objectives import selectors
from bns.programme.objectives.progress import unit_label
from dashboards.catalogue import METRICS

NUMBER = {"max_digits": 14, "decimal_places": 2}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class EmployeeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Employee) -> str:
        return f"{obj.full_name} · {obj.site.name}" if obj.site_id else obj.full_name


class KpiChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Kpi) -> str:
        unit = unit_label(obj.unit)
        return f"{obj.name} ({unit})" if unit else obj.name


class _ScopeFields(forms.Form):
    scope_kind = forms.ChoiceField(label=_("Scope"), choices=ScopeKind.choices, initial=ScopeKind.GROUP)
    site = forms.ModelChoiceField(label=_("Dealership"), queryset=Site.unscoped.none(), required=False,
                                  help_text=_("When the scope is a dealership."))
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.unscoped.none(), required=False,
                                        help_text=_("When the scope is a department."))

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = selectors.site_choices(tenant=tenant)
        self.fields["department"].queryset = selectors.department_choices(tenant=tenant)


class ObjectiveFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)


class ObjectiveForm(_ScopeFields):
    statement = forms.CharField(
        label=_("Objective"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What changes, for whom: “Raise the LinkedIn profile completeness of the sales reps to 80 %”."),
    )
    kpi = KpiChoiceField(label=_("KPI"), queryset=Kpi.unscoped.none(), required=False,
                         help_text=_("The indicator that measures it (create KPIs on the KPI page)."))
    baseline = forms.DecimalField(label=_("Baseline"), required=False, **NUMBER,
                                  help_text=_("Where we start from. Left empty: the KPI's latest value."))
    target = forms.DecimalField(label=_("Target"), required=False, **NUMBER)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput(),
                               help_text=_("Within the iteration."))
    owner = EmployeeChoiceField(label=pgettext_lazy("objective", "Owner"), queryset=Employee.unscoped.none(), required=False,
                                help_text=_("Who answers for it: someone of the scope."))

    field_order = ["statement", "kpi", "baseline", "target", "deadline", "owner", "scope_kind", "site", "department"]

    def __init__(self, *args, tenant, programme, **kwargs):
        super().__init__(*args, tenant=tenant, **kwargs)
        self.fields["kpi"].queryset = selectors.kpi_choices(tenant=tenant, programme=programme)
        self.fields["owner"].queryset = selectors.employee_choices(tenant=tenant).select_related("site")


def metric_key_choices() -> list[tuple[str, str]]:
    return [("", _("None: a KPI entered by hand")), *[(m.key, m.label) for m in METRICS]]


class KpiForm(_ScopeFields):
    metric_key = forms.ChoiceField(
        label=_("Metric of the catalogue"), required=False, choices=metric_key_choices,
        help_text=_("A metric the system computes (its unit and direction are the metric's), or none to enter the "
                    "figures by hand with their source."),
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False,
                           help_text=_("Left empty for a metric of the catalogue: the metric's name."))
    unit = forms.CharField(label=_("Unit"), max_length=30, required=False, help_text=_("For a KPI entered by hand: %, €, days..."))
    direction = forms.ChoiceField(label=_("Direction"), choices=Kpi.Direction.choices, initial=Kpi.Direction.UP)
    target = forms.DecimalField(label=_("Target"), required=False, **NUMBER)
    manual_source = forms.CharField(label=_("Source"), max_length=300, required=False,
                                    help_text=_("Required for a KPI entered by hand: where the figures come from."))

    field_order = ["metric_key", "name", "unit", "direction", "target", "scope_kind", "site", "department", "manual_source"]


class KpiValueForm(forms.Form):
    measured_on = forms.DateField(label=_("Date"), widget=DateInput())
    value = forms.DecimalField(label=_("Value"), **NUMBER)
    source = forms.CharField(label=_("Source"), max_length=300, required=False,
                             help_text=_("Left empty: the KPI's source."))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("measured_on", timezone.localdate())
        super().__init__(*args, **kwargs)
