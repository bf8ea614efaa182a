"""Pages of the SMART objectives (step 3): the list with the five letters and their reasons, an objective's page,
its forms and the CSV export. KPIs: kpi_views.py.

Every member reads (Perm.VIEW_PROGRAMME); executives, admins and the iteration's process owner write (the services
check it again). Pages show the current iteration; ``?programme=<pk>`` reads an earlier one.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bns import imports
from bns.access import membership_require
from bns.forms import form_add_service_errors
from bns.permissions import Perm
from bns.programme.access import (
    programme_can_edit,
    programme_current,
    programme_get_for,
    programme_require_edit,
)
from bns.programme.models import Programme
from bns.programme.objectives import selectors, services
from bns.programme.objectives.forms import ObjectiveFilterForm, ObjectiveForm
from bns.programme.objectives.progress import unit_label
from bns.programme.objectives.smart import LETTERS, num
from bns.views.utils import paginate, querystring_without_page


def programme_for(request) -> Programme | None:
    """The iteration a page shows: ``?programme=<pk>`` (404 when not the group's), else the current one."""
    pk = request.GET.get("programme") or request.POST.get("programme")
    if pk:
        return programme_get_for(tenant=request.tenant, pk=pk)
    return programme_current(tenant=request.tenant)


def can_edit(request, programme: Programme | None) -> bool:
    return programme is not None and programme_can_edit(membership=request.membership, programme=programme)


def with_programme(url: str, programme: Programme) -> str:
    """``url`` for ``programme``: the current iteration needs no parameter."""
    current = programme.status == Programme.Status.ACTIVE
    return url if current else f"{url}?programme={programme.pk}"


def iterations(request) -> list[Programme]:
    return list(Programme.unscoped.filter(tenant=request.tenant).order_by("-iteration").only("pk", "iteration", "title", "status"))


def no_programme(request, template: str):
    return render(request, template, {"programme": None, "iterations": []})


def _status(form) -> int:
    return 400 if form.errors else 200


def _list_url(request, programme: Programme) -> str:
    return with_programme(reverse("programme_objectives", kwargs={"tenant_slug": request.tenant.slug}), programme)


# --- List and export ----------------------------------------------------------------------------------


@require_GET
def objectives_list(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    programme = programme_for(request)
    if programme is None:
        return no_programme(request, "bns/programme/objectives/objective_list.html")
    form = ObjectiveFilterForm(request.GET or None)
    search = form.cleaned_data.get("q", "") if form.is_valid() else ""
    page = paginate(request, selectors.objective_list(tenant=request.tenant, programme=programme, search=search), per_page=25)
    rows = selectors.objective_rows(tenant=request.tenant, programme=programme, objectives=page.object_list)
    return render(request, "bns/programme/objectives/objective_list.html", {
        "programme": programme, "iterations": iterations(request), "page": page, "rows": rows, "search": search,
        "querystring": querystring_without_page(request), "can_edit": can_edit(request, programme),
        "letters": LETTERS, "as_of": selectors.programme_as_of(programme),
    })


@require_GET
def objectives_export(request, tenant_slug: str):
    """The iteration's objectives as CSV (``;``, UTF-8 with BOM), with the five checks and their reasons."""
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    programme = programme_for(request)
    objectives = selectors.objective_list(tenant=request.tenant, programme=programme) if programme else []
    rows = selectors.objective_rows(tenant=request.tenant, programme=programme, objectives=objectives) if programme else []
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="objectives-{timezone.localdate():%Y-%m-%d}.csv"'
    response.write(imports.CSV_BOM)
    writer = imports.csv_writer(response)
    writer.writerow([_("Objective"), _("KPI"), _("Unit"), _("Baseline"), _("Target"), _("Latest value"), _("Measured on"),
                     _("Progress (%)"), _("Deadline"), pgettext("objective", "Owner"), _("Scope"), *[str(name) for name in LETTERS.values()],
                     _("Reasons")])
    for row in rows:
        o = row.objective
        scope = o.site.name if o.site_id else o.department.name if o.department_id else o.get_scope_kind_display()
        writer.writerow([imports.csv_safe(value) for value in [
            o.statement, o.kpi.name if o.kpi_id else "", unit_label(o.kpi.unit) if o.kpi_id else "",
            "" if o.baseline is None else num(o.baseline), "" if o.target is None else num(o.target),
            num(row.latest[1]) if row.latest else "", row.latest[0].isoformat() if row.latest else "",
            "" if row.progress is None else str(row.progress), o.deadline.isoformat() if o.deadline else "",
            o.owner.full_name if o.owner_id else "", scope,
            *[_("yes") if check.ok else _("no") for check in row.checks],
            " | ".join(f"{check.letter}: {check.reason}" for check in row.checks),
        ]])
    return response


# --- One objective ------------------------------------------------------------------------------------


@require_GET
def objective_detail(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    objective = selectors.objective_get_for(tenant=request.tenant, pk=pk)
    programme = objective.programme
    row = selectors.objective_rows(tenant=request.tenant, programme=programme, objectives=[objective])[0]
    return render(request, "bns/programme/objectives/objective_detail.html", {
        "programme": programme, "objective": objective, "row": row, "can_edit": can_edit(request, programme),
        "list_url": _list_url(request, programme), "as_of": selectors.programme_as_of(programme),
    })


def _save(request, form, programme, objective=None):
    data = dict(form.cleaned_data)
    try:
        if objective is None:
            objective = services.objective_create(tenant=request.tenant, actor=request.user, programme=programme, **data)
            messages.success(request, _("Objective added: its SMART checks are below."))
        else:
            services.objective_update(tenant=request.tenant, actor=request.user, objective=objective, **data)
            messages.success(request, _("Objective saved."))
    except ValidationError as exc:
        form_add_service_errors(form, exc)
        return None
    return redirect("programme_objective_detail", tenant_slug=request.tenant.slug, pk=objective.pk)


@require_http_methods(["GET", "POST"])
def objective_create(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    programme = programme_for(request)
    if programme is None:
        messages.info(request, _("Start the group's programme first: objectives belong to an iteration."))
        return redirect("programme_home", tenant_slug=request.tenant.slug)
    programme_require_edit(membership=request.membership, programme=programme)
    initial = {"owner": request.membership.employee_id, "deadline": programme.target_end_on}
    form = ObjectiveForm(request.POST or None, tenant=request.tenant, programme=programme, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _save(request, form, programme)
        if done:
            return done
    return render(request, "bns/programme/objectives/objective_form.html", {
        "form": form, "programme": programme, "objective": None, "cancel_url": _list_url(request, programme),
    }, status=_status(form))


@require_http_methods(["GET", "POST"])
def objective_edit(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    objective = selectors.objective_get_for(tenant=request.tenant, pk=pk)
    programme = objective.programme
    programme_require_edit(membership=request.membership, programme=programme)
    initial = {name: getattr(objective, name) for name in ("statement", "baseline", "target", "deadline", "scope_kind")}
    initial.update(kpi=objective.kpi_id, owner=objective.owner_id, site=objective.site_id, department=objective.department_id)
    form = ObjectiveForm(request.POST or None, tenant=request.tenant, programme=programme, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _save(request, form, programme, objective)
        if done:
            return done
    return render(request, "bns/programme/objectives/objective_form.html", {
        "form": form, "programme": programme, "objective": objective,
        "cancel_url": reverse("programme_objective_detail", kwargs={"tenant_slug": request.tenant.slug, "pk": objective.pk}),
    }, status=_status(form))


@require_POST
def objective_delete(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    objective = selectors.objective_get_for(tenant=request.tenant, pk=pk)
    programme = objective.programme
    services.objective_delete(tenant=request.tenant, actor=request.user, objective=objective)
    messages.success(request, _("Objective deleted."))
    return redirect(_list_url(request, programme))
