"""Pages of the programme's budget lines, and the CSV exports of the means (actions, budget lines).

CSV: ``;`` separator and a UTF-8 BOM (Excel in French opens it as it is), amounts with a decimal point."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bns import imports
from bns.access import membership_require
from bns.forms import form_add_service_errors
from bns.permissions import Perm
from bns.programme.access import programme_require_edit
from bns.programme.means import budget, budget_services, selectors
from bns.programme.means.forms import BudgetLineForm
from bns.programme.means.views import means_url
from bns.programme.models import ActionRole, ProgrammeAction
from bns.programme.strategy.common import programme_from_request


def _actions(request, programme):
    return ProgrammeAction.unscoped.filter(tenant=request.tenant, programme=programme).order_by("title", "pk")


def _status(form) -> int:
    return 400 if form.errors else 200


@require_http_methods(["GET", "POST"])
def programme_budget_line_create(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    programme = programme_from_request(request)
    if programme is None:
        raise Http404
    programme_require_edit(membership=request.membership, programme=programme)
    initial = {}
    action_id = request.GET.get("action", "")
    if action_id.isdigit() and len(action_id) < 10:
        initial["action"] = int(action_id)
    form = BudgetLineForm(request.POST or None, actions=_actions(request, programme), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            budget_services.budget_line_create(tenant=request.tenant, actor=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Budget line added."))
            return redirect(f"{means_url(programme)}#budget")
    return render(request, "bns/programme/means/budget_line_form.html", {"form": form, "programme": programme, "line": None},
                  status=_status(form))


@require_http_methods(["GET", "POST"])
def programme_budget_line_edit(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    line = selectors.budget_line_get_for(tenant=request.tenant, pk=pk)
    programme_require_edit(membership=request.membership, programme=line.programme)
    initial = {name: getattr(line, name) for name in budget_services.LINE_EDITABLE}
    form = BudgetLineForm(request.POST or None, actions=_actions(request, line.programme), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            budget_services.budget_line_update(tenant=request.tenant, actor=request.user, line=line, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Budget line saved."))
            return redirect(f"{means_url(line.programme)}#budget")
    return render(request, "bns/programme/means/budget_line_form.html", {"form": form, "programme": line.programme, "line": line},
                  status=_status(form))


@require_POST
def programme_budget_line_delete(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    line = selectors.budget_line_get_for(tenant=request.tenant, pk=pk)
    budget_services.budget_line_delete(tenant=request.tenant, actor=request.user, line=line)
    messages.success(request, _("Budget line “%(label)s” deleted.") % {"label": line.label})
    return redirect(f"{means_url(line.programme)}#budget")


# --- CSV exports --------------------------------------------------------------------------------------


def _csv_response(filename: str):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{timezone.localdate():%Y-%m-%d}.csv"'
    response.write(imports.CSV_BOM)
    return response, imports.csv_writer(response)


def _export_programme(request):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    programme = programme_from_request(request)
    if programme is None:
        raise Http404
    return programme


@require_GET
def programme_means_actions_export(request, tenant_slug: str):
    programme = _export_programme(request)
    today = timezone.localdate()
    response, writer = _csv_response(f"programme-{programme.iteration}-actions")
    writer.writerow([
        _("Title"), _("Type"), _("Status"), _("Owner"), _("Start"), _("Deadline"), _("Overdue"), _("Budget planned (€)"),
        _("Budget spent (€)"), _("Its budget lines, planned (€)"), _("Its budget lines, spent (€)"), _("Counted planned (€)"),
        _("Counted spent (€)"), _("Classic spend replaced (€)"), _("Responsible (R)"), _("Accountable (A)"), _("Consulted (C)"),
        _("Informed (I)"), _("Description"),
    ])
    for action in selectors.action_list(tenant=request.tenant, programme_id=programme.pk, with_roles=True):
        roles = {letter: ", ".join(r.employee.full_name for r in action.roles.all() if r.raci == letter) for letter in ActionRole.Raci.values}
        writer.writerow([
            action.title, action.get_kind_display(), action.get_status_display(), action.owner.full_name if action.owner_id else "",
            action.starts_on.isoformat() if action.starts_on else "", action.deadline.isoformat() if action.deadline else "",
            _("yes") if selectors.action_is_overdue(action, today) else _("no"),
            action.budget_planned, action.budget_actual, action.lines_planned, action.lines_actual, action.counted_planned,
            action.counted_actual, action.lines_replaced, roles["R"], roles["A"], roles["C"], roles["I"], action.description,
        ])
    return response


@require_GET
def programme_means_budget_export(request, tenant_slug: str):
    programme = _export_programme(request)
    summary = budget.budget_summary(tenant=request.tenant, programme=programme)
    response, writer = _csv_response(f"programme-{programme.iteration}-budget")
    writer.writerow([_("Label"), _("Action"), _("Planned (€)"), _("Spent (€)"), _("Classic spend it replaces"),
                     _("Amount of that spend (€)")])
    for line in selectors.budget_line_list(tenant=request.tenant, programme_id=programme.pk):
        writer.writerow([line.label, line.action.title if line.action_id else "", line.planned, line.actual, line.replaces,
                         line.replaced_amount])
    writer.writerow([])
    writer.writerow([_("Total counted (actions and lines, each once)"), "", summary.planned, summary.actual, "", summary.replaced])
    writer.writerow([_("Net (spent - replaced classic spend)"), summary.net_text, "", summary.net, "", ""])
    return response
