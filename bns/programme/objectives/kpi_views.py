"""Pages of the KPIs (step 6): the list with latest value, target, direction and status, the catalogue of metrics,
a KPI's page (plotly chart of its values with the target line, and the same as a table), its forms, manual values,
"measure now" for catalogue KPIs, and the CSV export of the values.

A catalogue KPI without a computed value says so plainly ("no computed value yet") and never shows a number.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bns import imports
from bns.access import membership_require
from bns.forms import form_add_service_errors
from bns.permissions import Perm
from bns.programme.access import programme_require_edit
from bns.programme.models import Objective
from bns.programme.objectives import charts, selectors, services
from bns.programme.objectives.forms import KpiForm, KpiValueForm
from bns.programme.objectives.progress import catalogue_rows, unit_label
from bns.programme.objectives.smart import day, num
from bns.programme.objectives.views import can_edit, iterations, no_programme, programme_for, with_programme
from bns.views.utils import paginate, querystring_without_page
from dashboards.catalogue import METRICS, metric_get


def _status(form) -> int:
    return 400 if form.errors else 200


def _list_url(request, programme) -> str:
    return with_programme(reverse("programme_kpis", kwargs={"tenant_slug": request.tenant.slug}), programme)


def _detail(request, kpi):
    return redirect("programme_kpi_detail", tenant_slug=request.tenant.slug, pk=kpi.pk)


# --- List, catalogue and export -----------------------------------------------------------------------


@require_GET
def kpis_list(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    programme = programme_for(request)
    if programme is None:
        return no_programme(request, "bns/programme/objectives/kpi_list.html")
    page = paginate(request, selectors.kpi_list(tenant=request.tenant, programme=programme), per_page=25)
    return render(request, "bns/programme/objectives/kpi_list.html", {
        "programme": programme, "iterations": iterations(request), "page": page, "querystring": querystring_without_page(request),
        "rows": selectors.kpi_rows(tenant=request.tenant, programme=programme, kpis=page.object_list),
        "metrics": catalogue_rows(METRICS), "can_edit": can_edit(request, programme), "as_of": selectors.programme_as_of(programme),
    })


@require_GET
def kpis_export(request, tenant_slug: str):
    """Every value of the iteration's KPIs as CSV (``;``, UTF-8 with BOM)."""
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    programme = programme_for(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kpi-values-{timezone.localdate():%Y-%m-%d}.csv"'
    response.write(imports.CSV_BOM)
    writer = imports.csv_writer(response)
    writer.writerow([_("KPI"), _("Metric of the catalogue"), _("Unit"), _("Direction"), _("Target"), _("Date"), _("Value"),
                     _("Source")])
    values = selectors.kpi_value_list(tenant=request.tenant, programme=programme) if programme else []
    for row in values:
        kpi = row.kpi
        writer.writerow([imports.csv_safe(value) for value in [
            kpi.name, kpi.metric_key, unit_label(kpi.unit), kpi.get_direction_display(),
            "" if kpi.target is None else num(kpi.target), row.measured_on.isoformat(), num(row.value), row.source,
        ]])
    return response


# --- One KPI ------------------------------------------------------------------------------------------


def _detail_context(request, kpi, value_form=None) -> dict:
    programme = kpi.programme
    history = selectors.kpi_history(tenant=request.tenant, kpi=kpi)
    row = selectors.kpi_rows(tenant=request.tenant, programme=programme, kpis=[kpi])[0]
    editable = can_edit(request, programme)
    return {
        "programme": programme, "kpi": kpi, "row": row, "metric": row.metric, "history": history,
        "chart": charts.figure_data(charts.kpi_figure(kpi=kpi, values=history)) if history else None,
        "unit": unit_label(kpi.unit), "can_edit": editable, "list_url": _list_url(request, programme),
        "objectives": Objective.unscoped.filter(tenant=request.tenant, kpi=kpi).order_by("pk").only("pk", "statement"),
        "value_form": value_form or (KpiValueForm() if editable else None),
    }


@require_GET
def kpi_detail(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    kpi = selectors.kpi_get_for(tenant=request.tenant, pk=pk)
    return render(request, "bns/programme/objectives/kpi_detail.html", _detail_context(request, kpi))


def _kpi_form_initial(request) -> dict:
    metric = metric_get(request.GET.get("metric", ""))
    if metric is None:
        return {}
    return {"metric_key": metric.key, "name": metric.label, "unit": unit_label(metric.unit), "direction": metric.direction}


@require_http_methods(["GET", "POST"])
def kpi_create(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    programme = programme_for(request)
    if programme is None:
        messages.info(request, _("Start the group's programme first: KPIs belong to an iteration."))
        return redirect("programme_home", tenant_slug=request.tenant.slug)
    programme_require_edit(membership=request.membership, programme=programme)
    form = KpiForm(request.POST or None, tenant=request.tenant, initial=_kpi_form_initial(request))
    if request.method == "POST" and form.is_valid():
        try:
            kpi = services.kpi_create(tenant=request.tenant, actor=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("KPI “%(name)s” added.") % {"name": kpi.name})
            return _detail(request, kpi)
    return render(request, "bns/programme/objectives/kpi_form.html", {
        "form": form, "programme": programme, "kpi": None, "cancel_url": _list_url(request, programme),
    }, status=_status(form))


@require_http_methods(["GET", "POST"])
def kpi_edit(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    kpi = selectors.kpi_get_for(tenant=request.tenant, pk=pk)
    programme_require_edit(membership=request.membership, programme=kpi.programme)
    initial = {name: getattr(kpi, name) for name in ("metric_key", "name", "unit", "direction", "target", "scope_kind",
                                                      "manual_source")}
    initial.update(site=kpi.site_id, department=kpi.department_id)
    form = KpiForm(request.POST or None, tenant=request.tenant, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.kpi_update(tenant=request.tenant, actor=request.user, kpi=kpi, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("KPI saved."))
            return _detail(request, kpi)
    return render(request, "bns/programme/objectives/kpi_form.html", {
        "form": form, "programme": kpi.programme, "kpi": kpi,
        "cancel_url": reverse("programme_kpi_detail", kwargs={"tenant_slug": request.tenant.slug, "pk": kpi.pk}),
    }, status=_status(form))


@require_POST
def kpi_delete(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    kpi = selectors.kpi_get_for(tenant=request.tenant, pk=pk)
    programme = kpi.programme
    services.kpi_delete(tenant=request.tenant, actor=request.user, kpi=kpi)
    messages.success(request, _("KPI “%(name)s” deleted with its values.") % {"name": kpi.name})
    return redirect(_list_url(request, programme))


# --- Values -------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def kpi_value_record(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    kpi = selectors.kpi_get_for(tenant=request.tenant, pk=pk)
    programme_require_edit(membership=request.membership, programme=kpi.programme)
    form = KpiValueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.kpi_value_record(tenant=request.tenant, actor=request.user, kpi=kpi, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Value recorded."))
            return _detail(request, kpi)
    context = _detail_context(request, kpi, value_form=form)
    return render(request, "bns/programme/objectives/kpi_detail.html", context, status=_status(form))


@require_POST
def kpi_measure(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    kpi = selectors.kpi_get_for(tenant=request.tenant, pk=pk)
    try:
        row = services.kpi_measure(tenant=request.tenant, actor=request.user, kpi=kpi)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if row is None:
            messages.warning(request, _("No computed value yet: the catalogue has no data for this metric in this scope."))
        else:
            messages.success(request, _("Measured: %(value)s on %(date)s.") % {
                "value": f"{num(row.value)} {unit_label(kpi.unit)}".strip(), "date": day(row.measured_on)})
    return _detail(request, kpi)


@require_POST
def kpi_value_delete(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    value = selectors.kpi_value_get_for(tenant=request.tenant, pk=pk)
    kpi = value.kpi
    services.kpi_value_delete(tenant=request.tenant, actor=request.user, kpi_value=value)
    messages.success(request, _("Value deleted."))
    return _detail(request, kpi)
