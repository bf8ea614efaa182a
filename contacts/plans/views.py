"""Pages of account plans ("plan de compte"): the list, a plan's page (org chart, who could open each door,
coverage, actions), its forms and the CSV export of its stakeholders. Affiliations: affiliation_views.py.

Thin views: permissions (access.py, bns.access), lookups through the ``*_get_for`` selectors (404 for another
group's objects), reads through selectors.py (the visibility rules), writes through services.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bns import imports
from bns.access import membership_require
from bns.forms import form_add_service_errors
from bns.permissions import Perm
from bns.views.utils import paginate, querystring_without_page
from contacts.models import LedgerEntry
from contacts.plans import selectors, services
from contacts.plans.access import action_can_edit, persons_with_details, plan_can_edit, plan_require_edit
from contacts.plans.forms import (
    AccountPlanCreateForm,
    AccountPlanForm,
    PlanActionEditForm,
    PlanActionForm,
    PlanFilterForm,
    StakeholderAddForm,
    StakeholderEditForm,
)
from contacts.plans.models import PlanAction
from contacts.services import ledger_record


def _band(band: str) -> str:
    return {"weak": _("weak"), "good": _("good"), "strong": _("strong")}.get(band, band)


def _status(form) -> int:
    return 400 if form.errors else 200


def _plan_redirect(plan):
    return redirect("plans_detail", tenant_slug=plan.tenant.slug, pk=plan.pk)


def _employees(request):
    return selectors.plan_employees(tenant=request.tenant)


# --- List ---------------------------------------------------------------------------------------------


@require_GET
def plans_list(request, tenant_slug: str):
    membership_require(request.membership, Perm.USE_CONTACTS)
    form = PlanFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = {"search": data.get("q", ""), "status": data.get("status", ""), "mine": bool(data.get("mine"))}
    page = paginate(request, selectors.plan_list(tenant=request.tenant, membership=request.membership, **filters), per_page=25)
    return render(request, "contacts/plans/plan_list.html", {
        "page": page, "form": form, "filters": filters, "has_filters": any(filters.values()),
        "querystring": querystring_without_page(request),
        "can_create": request.membership.has_perm(Perm.MANAGE_ACCOUNT_PLANS),
    })


@require_http_methods(["GET", "POST"])
def plans_create(request, tenant_slug: str):
    membership_require(request.membership, Perm.MANAGE_ACCOUNT_PLANS)
    initial = {"owner": request.membership.employee_id}
    account_id = request.GET.get("account", "")
    if account_id.isdigit():
        initial["account"] = int(account_id)
    form = AccountPlanCreateForm(request.POST or None, tenant=request.tenant, employees=_employees(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.account_plan_create(tenant=request.tenant, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Account plan for %(account)s created: now map its stakeholders.") % {
                "account": plan.account.name})
            return _plan_redirect(plan)
    return render(request, "contacts/plans/plan_form.html", {"form": form, "plan": None}, status=_status(form))


# --- One plan -----------------------------------------------------------------------------------------


def _action_rows(request, plan) -> list[dict]:
    today = timezone.localdate()
    membership = request.membership
    rows = []
    for action in selectors.plan_action_list(tenant=request.tenant, plan_id=plan.pk):
        action.plan = plan  # known: no query per row for the permission check
        rows.append({
            "action": action,
            "overdue": action.status == PlanAction.Status.TODO and action.due_date is not None and action.due_date < today,
            "can_edit": action_can_edit(membership, action),
        })
    return rows


@require_GET
def plans_detail(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.USE_CONTACTS)
    plan = selectors.plan_get_for(tenant=request.tenant, pk=pk)
    board = selectors.plan_board(tenant=request.tenant, membership=request.membership, plan=plan)
    for card in board.cards:
        for known in card.someone_knows:
            known.band_label = _band(known.band)
    return render(request, "contacts/plans/plan_detail.html", {
        "plan": plan,
        "board": board,
        "coverage": board.coverage,
        "actions": _action_rows(request, plan),
        "can_edit": plan_can_edit(request.membership, plan),
        "can_request_intro": request.membership.employee_id is not None,
        "min_strength": selectors.COVERED_MIN_STRENGTH,
    })


@require_http_methods(["GET", "POST"])
def plans_edit(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.USE_CONTACTS)
    plan = selectors.plan_get_for(tenant=request.tenant, pk=pk)
    plan_require_edit(request.membership, plan)
    initial = {"owner": plan.owner_id, "status": plan.status, "objectives": plan.objectives, "strategy": plan.strategy}
    form = AccountPlanForm(request.POST or None, tenant=request.tenant, employees=_employees(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_plan_update(tenant=request.tenant, actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Plan saved."))
            return _plan_redirect(plan)
    return render(request, "contacts/plans/plan_form.html", {"form": form, "plan": plan}, status=_status(form))


@require_GET
def plans_stakeholders_export(request, tenant_slug: str, pk):
    """The stakeholders as CSV (UTF-8 BOM, ``;``), with only what the viewer sees on the page; in the ledger."""
    membership_require(request.membership, Perm.USE_CONTACTS)
    plan = selectors.plan_get_for(tenant=request.tenant, pk=pk)
    board = selectors.plan_board(tenant=request.tenant, membership=request.membership, plan=plan)
    names = {card.stakeholder.pk: card.stakeholder.person.full_name for card in board.cards}
    ledger_record(tenant=request.tenant, actor=request.user, verb=LedgerEntry.Verb.EXPORT,
                  data={"what": "account_plan_stakeholders", "plan": plan.pk, "rows": len(board.cards)})
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.pk}-stakeholders-{timezone.localdate():%Y-%m-%d}.csv"'
    response.write(imports.CSV_BOM)
    writer = imports.csv_writer(response)
    writer.writerow([
        _("Person"), _("Title"), _("Hierarchy level"), _("Buying role"), _("Stance"), _("Reports to"),
        _("Colleagues who know them"), _("Someone in the group knows them"), _("Covered (strength 3+)"),
        _("Shared affiliations"), _("Affiliations"), _("Whom to send"), _("Notes"),
    ])
    for card in board.cards:
        s = card.stakeholder
        writer.writerow([
            s.person.full_name, s.title, s.get_level_display(), s.get_buying_role_display(), s.get_stance_display(),
            names.get(s.reports_to_id, ""),
            ", ".join(f"{k.employee.full_name} ({k.strength}/5)" for k in card.known_by),
            ", ".join(_band(k.band) for k in card.someone_knows),
            _("yes") if card.covered else _("no"),
            " | ".join(f"{sh.affiliation.name}: {', '.join(e.full_name for e in sh.employees)}" for sh in card.shared),
            ", ".join(row.affiliation.name for row in card.affiliations),
            " | ".join(f"{sg.employee.full_name} ({sg.score}): {', '.join(r.text for r in sg.reasons)}" for sg in card.top_suggestions),
            s.notes,
        ])
    return response


# --- Stakeholders -------------------------------------------------------------------------------------


def _persons_for(request, plan):
    """The persons the member may add: theirs and those shared with them, the account's first."""
    from django.db.models import Case, IntegerField, Value, When

    return persons_with_details(tenant=request.tenant, membership=request.membership).annotate(
        _here=Case(When(account_id=plan.account_id, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("_here", "last_name", "first_name", "pk")


@require_http_methods(["GET", "POST"])
def plans_stakeholder_add(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.USE_CONTACTS)
    plan = selectors.plan_get_for(tenant=request.tenant, pk=pk)
    plan_require_edit(request.membership, plan)
    form = StakeholderAddForm(request.POST or None, plan=plan, persons=_persons_for(request, plan))
    if request.method == "POST" and form.is_valid():
        try:
            stakeholder = services.stakeholder_add(tenant=request.tenant, actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            person = stakeholder.person
            messages.success(request, _("%(name)s added to the plan.") % {"name": person.full_name})
            if person.account_id != plan.account_id:
                messages.warning(request, _("%(name)s is not recorded at %(account)s: check the person's company.") % {
                    "name": person.full_name, "account": plan.account.name})
            return _plan_redirect(plan)
    return render(request, "contacts/plans/stakeholder_form.html", {"form": form, "plan": plan, "stakeholder": None},
                  status=_status(form))


@require_http_methods(["GET", "POST"])
def plans_stakeholder_edit(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.USE_CONTACTS)
    stakeholder = selectors.stakeholder_get_for(tenant=request.tenant, pk=pk)
    plan = stakeholder.plan
    plan_require_edit(request.membership, plan)
    initial = {f: getattr(stakeholder, f) for f in ("title", "level", "buying_role", "stance", "notes")}
    initial["reports_to"] = stakeholder.reports_to_id
    form = StakeholderEditForm(request.POST or None, plan=plan, stakeholder=stakeholder, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.stakeholder_update(tenant=request.tenant, actor=request.user, stakeholder=stakeholder, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Stakeholder saved."))
            return _plan_redirect(plan)
    return render(request, "contacts/plans/stakeholder_form.html", {"form": form, "plan": plan, "stakeholder": stakeholder},
                  status=_status(form))


@require_POST
def plans_stakeholder_remove(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.USE_CONTACTS)
    stakeholder = selectors.stakeholder_get_for(tenant=request.tenant, pk=pk)
    plan = stakeholder.plan
    plan_require_edit(request.membership, plan)
    name = stakeholder.person.full_name
    services.stakeholder_remove(tenant=request.tenant, actor=request.user, stakeholder=stakeholder)
    messages.success(request, _("%(name)s is no longer on the plan.") % {"name": name})
    return _plan_redirect(plan)


# --- Actions ------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def plans_action_create(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.USE_CONTACTS)
    plan = selectors.plan_get_for(tenant=request.tenant, pk=pk)
    plan_require_edit(request.membership, plan)
    initial = {}
    stakeholder_id = request.GET.get("stakeholder", "")
    if stakeholder_id.isdigit():
        initial["stakeholder"] = int(stakeholder_id)
    form = PlanActionForm(request.POST or None, plan=plan, employees=_employees(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_action_create(tenant=request.tenant, actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Action added."))
            return _plan_redirect(plan)
    return render(request, "contacts/plans/action_form.html", {"form": form, "plan": plan, "action": None}, status=_status(form))


@require_http_methods(["GET", "POST"])
def plans_action_edit(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.USE_CONTACTS)
    action = selectors.plan_action_get_for(tenant=request.tenant, pk=pk)
    if not action_can_edit(request.membership, action):
        raise PermissionDenied
    plan = action.plan
    initial = {"title": action.title, "owner": action.owner_id, "stakeholder": action.stakeholder_id, "due_date": action.due_date,
               "status": action.status}
    form = PlanActionEditForm(request.POST or None, plan=plan, employees=_employees(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_action_update(tenant=request.tenant, actor=request.user, action=action, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Action saved."))
            return _plan_redirect(plan)
    return render(request, "contacts/plans/action_form.html", {"form": form, "plan": plan, "action": action}, status=_status(form))


@require_POST
def plans_action_complete(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.USE_CONTACTS)
    action = selectors.plan_action_get_for(tenant=request.tenant, pk=pk)
    if not action_can_edit(request.membership, action):
        raise PermissionDenied
    try:
        services.plan_action_complete(tenant=request.tenant, actor=request.user, action=action)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Action “%(title)s” done.") % {"title": action.title})
    return _plan_redirect(action.plan)

