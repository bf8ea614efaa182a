"""Pages of step 5 (means): the board, the timeline, the RACI matrix, the budget and licences; an action's pages.

Thin views: permissions from bns.programme.access, reads from selectors.py and budget.py, writes through services.py.
Pages show the current iteration, or the one named by ``?programme=<pk>``. Budget lines and exports: budget_views.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bns.access import membership_require
from bns.forms import form_add_service_errors
from bns.models import Employee
from bns.permissions import Perm
from bns.programme.access import programme_can_edit, programme_current, programme_require_edit
from bns.programme.means import budget, selectors, services
from bns.programme.means.forms import ActionRaciForm, ActionStatusForm, MeansFilterForm, ProgrammeActionForm
from bns.programme.models import ActionRole, Programme, ProgrammeAction
from bns.programme.strategy.common import euros, programme_from_request


def means_url(programme: Programme) -> str:
    url = reverse("programme_means", kwargs={"tenant_slug": programme.tenant.slug})
    current = programme_current(tenant=programme.tenant)
    return url if current is not None and current.pk == programme.pk else f"{url}?programme={programme.pk}"


def safe_next(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if isinstance(target, str) and target.startswith("/") and "\x00" not in target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def _status(form) -> int:
    return 400 if form.errors else 200


def _money_rows(summary: budget.BudgetSummary) -> list[dict]:
    return [{"row": row, "planned": euros(row.planned), "actual": euros(row.actual), "replaced": euros(row.replaced),
             "net": euros(row.net)} for row in summary.rows]


def _tool_rows(licences: budget.LicenceSummary) -> list[dict]:
    return [{"row": row, "yearly": euros(row.yearly), "unused_yearly": euros(row.unused_yearly)} for row in licences.tools]


# --- The means page -----------------------------------------------------------------------------------


@require_GET
def programme_means(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    programme = programme_from_request(request)
    if programme is None:
        return render(request, "bns/programme/means/means.html", {"programme": None})
    owners = Employee.unscoped.filter(tenant=request.tenant, pk__in=ProgrammeAction.unscoped.filter(
        tenant=request.tenant, programme=programme).values("owner_id")).select_related("site").order_by("last_name", "first_name", "pk")
    form = MeansFilterForm(request.GET or None, owners=owners)
    data = form.cleaned_data if form.is_valid() else {}
    owner = data.get("owner")
    filters = {"kind": data.get("kind", ""), "status": data.get("status", ""), "owner_id": owner.pk if owner else None}
    actions = list(selectors.action_list(tenant=request.tenant, programme_id=programme.pk, with_roles=True, **filters))
    today = timezone.localdate()
    summary = budget.budget_summary(tenant=request.tenant, programme=programme, today=today)
    lines = list(selectors.budget_line_list(tenant=request.tenant, programme_id=programme.pk))
    current = programme_current(tenant=request.tenant)
    can_edit = programme_can_edit(membership=request.membership, programme=programme)
    return render(request, "bns/programme/means/means.html", {
        "programme": programme,
        "is_current": current is not None and current.pk == programme.pk,
        "form": form,
        "has_filters": any(filters.values()),
        "actions": actions,
        "columns": selectors.board_columns(actions, today),
        "timeline": selectors.timeline(actions, today, programme_start=programme.starts_on, programme_end=programme.target_end_on),
        "raci": selectors.raci_matrix(actions),
        "summary": summary,
        "budget_rows": _money_rows(summary),
        "totals": {"planned": euros(summary.planned), "actual": euros(summary.actual), "replaced": euros(summary.replaced),
                   "net": euros(summary.net)},
        "licences": summary.licences,
        "tool_rows": _tool_rows(summary.licences),
        "licence_totals": {"yearly": euros(summary.licences.yearly), "unused_yearly": euros(summary.licences.unused_yearly)},
        "lines": [{"line": line, "planned": euros(line.planned), "actual": euros(line.actual),
                   "replaced": euros(line.replaced_amount)} for line in lines],
        "status_choices": ProgrammeAction.Status.choices,
        "can_edit": can_edit,
        "can_see_licences": request.membership.has_perm(Perm.VIEW_NETWORKING),
        "today": today,
        "next_url": request.get_full_path(),
    })


# --- One action ---------------------------------------------------------------------------------------


def _action_for(request, pk) -> ProgrammeAction:
    return selectors.action_get_for(tenant=request.tenant, pk=pk)


def _employees(request):
    return selectors.programme_employees(tenant=request.tenant)


@require_http_methods(["GET", "POST"])
def programme_action_create(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    programme = programme_from_request(request)
    if programme is None:
        raise Http404
    programme_require_edit(membership=request.membership, programme=programme)
    form = ProgrammeActionForm(request.POST or None, employees=_employees(request),
                               initial={"kind": request.GET.get("kind") if request.GET.get("kind") in ProgrammeAction.Kind.values else None})
    if request.method == "POST" and form.is_valid():
        try:
            action = services.programme_action_create(tenant=request.tenant, actor=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Action “%(title)s” added: now say who does what (RACI).") % {"title": action.title})
            return redirect("programme_action_detail", tenant_slug=request.tenant.slug, pk=action.pk)
    return render(request, "bns/programme/means/action_form.html", {"form": form, "programme": programme, "action": None},
                  status=_status(form))


def _render_detail(request, action: ProgrammeAction, *, status: int = 200):
    lines = list(selectors.budget_line_list(tenant=request.tenant, action_id=action.pk))
    today = timezone.localdate()
    roles = {letter: [r.employee for r in action.roles.all() if r.raci == letter] for letter in "RACI"}
    return render(request, "bns/programme/means/action_detail.html", {
        "action": action,
        "programme": action.programme,
        "overdue": selectors.action_is_overdue(action, today),
        "roles": [(letter, label, roles[letter]) for letter, label in ActionRole.Raci.choices],
        "lines": [{"line": line, "planned": euros(line.planned), "actual": euros(line.actual),
                   "replaced": euros(line.replaced_amount)} for line in lines],
        "money": {name: euros(getattr(action, name)) for name in (
            "budget_planned", "budget_actual", "lines_planned", "lines_actual", "counted_planned", "counted_actual")},
        "can_edit": programme_can_edit(membership=request.membership, programme=action.programme),
        "status_choices": ProgrammeAction.Status.choices,
        "means_url": means_url(action.programme),
    }, status=status)


@require_GET
def programme_action_detail(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    return _render_detail(request, _action_for(request, pk))


@require_http_methods(["GET", "POST"])
def programme_action_edit(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    action = _action_for(request, pk)
    programme_require_edit(membership=request.membership, programme=action.programme)
    employees = _employees(request)
    if action.owner_id and not action.owner.is_active:  # a former employee stays selectable as the current owner
        employees = employees | Employee.unscoped.filter(tenant=request.tenant, pk=action.owner_id)
    initial = {name: getattr(action, name) for name in services.ACTION_EDITABLE}
    form = ProgrammeActionForm(request.POST or None, employees=employees, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_action_update(tenant=request.tenant, actor=request.user, action=action, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Action saved."))
            return redirect("programme_action_detail", tenant_slug=request.tenant.slug, pk=action.pk)
    return render(request, "bns/programme/means/action_form.html", {"form": form, "programme": action.programme, "action": action},
                  status=_status(form))


@require_POST
def programme_action_status(request, tenant_slug: str, pk):
    """The status form of a board card."""
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    action = _action_for(request, pk)
    programme_require_edit(membership=request.membership, programme=action.programme)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        try:
            services.programme_action_update(tenant=request.tenant, actor=request.user, action=action, status=form.cleaned_data["status"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("“%(title)s” is now %(status)s.") % {
                "title": action.title, "status": ProgrammeAction.Status(form.cleaned_data["status"]).label})
            return redirect(safe_next(request, means_url(action.programme)))
    else:
        messages.error(request, _("Choose a status: planned, in progress, done, blocked or cancelled."))
    return _render_detail(request, action, status=400)


@require_POST
def programme_action_delete(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    action = _action_for(request, pk)
    unlinked = services.programme_action_delete(tenant=request.tenant, actor=request.user, action=action)
    text = _("Action “%(title)s” deleted.") % {"title": action.title}
    if unlinked:
        text += " " + ngettext("Its budget line stays in the budget, without an action.",
                               "Its %(n)s budget lines stay in the budget, without an action.", unlinked) % {"n": unlinked}
    messages.success(request, text)
    return redirect(means_url(action.programme))


@require_http_methods(["GET", "POST"])
def programme_action_raci(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    action = _action_for(request, pk)
    programme_require_edit(membership=request.membership, programme=action.programme)
    roles = list(action.roles.all())
    holders = {r.employee_id for r in roles}
    employees = _employees(request) | Employee.unscoped.filter(tenant=request.tenant, pk__in=holders)
    accountable = next((r.employee_id for r in roles if r.raci == ActionRole.Raci.ACCOUNTABLE), None)
    initial = {"accountable": accountable, **{name: [r.employee_id for r in roles if r.raci == letter]
                                               for name, letter in (("responsible", "R"), ("consulted", "C"), ("informed", "I"))}}
    form = ActionRaciForm(request.POST or None, employees=employees.distinct(), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_role_set(tenant=request.tenant, actor=request.user, action=action, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Roles saved."))
            return redirect("programme_action_detail", tenant_slug=request.tenant.slug, pk=action.pk)
    return render(request, "bns/programme/means/action_raci.html", {"form": form, "action": action, "programme": action.programme},
                  status=_status(form))
