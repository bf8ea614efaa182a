"""Pages of the programme home: the 8 steps of an iteration, its lifecycle (start, edit, close, next iteration), the
steps' notes, the group's vision, the workshops and the list of iterations.

Thin views: permissions from bns.programme.access (every member reads; executives, admins and the iteration's process
owner write; a closed iteration only executives and admins), reads from selectors.py, writes through services.py.
Pages show the current iteration, or the one named by ``?programme=<pk>``.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bns.access import membership_require
from bns.forms import form_add_service_errors
from bns.models import Employee
from bns.permissions import Perm
from bns.programme.access import programme_can_edit, programme_require_edit
from bns.programme.home import selectors, services
from bns.programme.home.forms import (
    NextIterationForm,
    ProgrammeEditForm,
    ProgrammeForm,
    StepForm,
    VisionForm,
    WorkshopFilterForm,
    WorkshopForm,
)
from bns.programme.models import Programme, ProgrammeAction, Step
from bns.programme.strategy.common import programme_from_request
from bns.views.utils import paginate, querystring_without_page

NEXT_ITERATION_MONTHS = 4


def _status(form) -> int:
    return 400 if form.errors else 200


def _programme(request) -> Programme | None:
    """``?programme=<pk>`` (in the query string, or the form for a POST), else the current iteration."""
    if request.method == "POST" and str(request.POST.get("programme", "")).strip() and not request.GET.get("programme"):
        return programme_from_request(request, source=request.POST)
    return programme_from_request(request)


def _reverse(request, name: str, *, programme: Programme | None = None, query: str = "", **kwargs) -> str:
    """The URL of a page of the programme, or "" while that area is not routed yet."""
    try:
        url = reverse(name, kwargs={"tenant_slug": request.tenant.slug, **kwargs})
    except NoReverseMatch:
        return ""
    params = [f"programme={programme.pk}"] if programme is not None and programme.status != Programme.Status.ACTIVE else []
    if query:
        params.append(query)
    return f"{url}?{'&'.join(params)}" if params else url


def home_url(request, programme: Programme | None = None) -> str:
    return _reverse(request, "programme_home", programme=programme)


def _employees(request, *keep):
    """The group's active employees, plus the current holders of the fields being edited (kept after leaving)."""
    qs = Employee.unscoped.filter(tenant=request.tenant, is_active=True)
    keep = [pk for pk in keep if pk]
    if keep:
        qs = Employee.unscoped.filter(tenant=request.tenant).filter(pk__in=keep) | qs
    return qs.select_related("site").order_by("last_name", "first_name", "pk").distinct()


# --- The overview -------------------------------------------------------------------------------------


@require_GET
def programme_home(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    programme = _programme(request)
    can_manage = request.membership.has_perm(Perm.MANAGE_PROGRAMME)
    if programme is None:
        return render(request, "bns/programme/home.html", {
            "programme": None, "can_start": can_manage, "step_choices": Step.choices,
        })
    today = timezone.localdate()
    overview = selectors.programme_overview(tenant=request.tenant, programme=programme, today=today)
    programme = overview.programme
    iterations = overview.iterations
    latest = iterations[0] if iterations else programme
    active = next((it for it in iterations if it.status == Programme.Status.ACTIVE), None)
    current = active or latest
    can_edit = programme_can_edit(membership=request.membership, programme=programme)
    steps = []
    for step in overview.steps:
        link_name = step.link_name
        query = step.link_query
        if step.number == Step.RULES and overview.facts["vision_version"] and not overview.facts["workshops_rules"]:
            link_name = "programme_workshop_create" if can_edit else "programme_workshops"
        steps.append({
            "step": step,
            "url": _reverse(request, link_name, programme=programme, query=query),
            "edit_url": _reverse(request, "programme_step_edit", pk=step.row.pk) if can_edit and step.row else "",
        })
    return render(request, "bns/programme/home.html", {
        "programme": programme,
        "overview": overview,
        "steps": steps,
        "timeline": overview.timeline,
        "schedule": overview.schedule,
        "reviews_url": _reverse(request, "programme_reviews", programme=programme),
        "iterations": iterations,
        "is_current": programme.pk == current.pk,
        "can_edit": can_edit,
        "can_start": can_manage and active is None,
        "can_next": can_edit and programme.pk == latest.pk,
        "can_close": can_edit and programme.status == Programme.Status.ACTIVE,
        "today": today,
    })


# --- Lifecycle ----------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def programme_start(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    membership_require(request.membership, Perm.MANAGE_PROGRAMME)
    active = services.active_iteration(tenant=request.tenant)  # the page says so; a POST gets the service's refusal
    today = timezone.localdate()
    form = ProgrammeForm(request.POST or None, employees=_employees(request), initial={
        "title": _("BNS programme %(year)s") % {"year": today.year}, "process_owner": request.membership.employee_id,
        "starts_on": today, "target_end_on": selectors.add_months(today, NEXT_ITERATION_MONTHS), "review_cadence_days": 30,
    })
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_start(tenant=request.tenant, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Iteration %(n)s of the programme has started: step 1, understand the new rules.")
                             % {"n": programme.iteration})
            return redirect(home_url(request))
    return render(request, "bns/programme/home/programme_form.html", {"form": form, "programme": None, "mode": "start",
                                                                      "active": active}, status=_status(form))


@require_http_methods(["GET", "POST"])
def programme_edit(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    programme = _programme(request)
    if programme is None:
        raise Http404
    programme_require_edit(membership=request.membership, programme=programme)
    initial = {name: getattr(programme, name) for name in services.PROGRAMME_EDITABLE}
    form = ProgrammeEditForm(request.POST or None, initial=initial,
                             employees=_employees(request, programme.process_owner_id, programme.sponsor_id))
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_update(tenant=request.tenant, actor=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Iteration saved."))
            return redirect(home_url(request, programme))
    return render(request, "bns/programme/home/programme_form.html", {"form": form, "programme": programme, "mode": "edit"},
                  status=_status(form))


@require_POST
def programme_close(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    programme = _programme(request)
    if programme is None:
        raise Http404
    try:
        services.programme_close(tenant=request.tenant, actor=request.user, programme=programme)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Iteration %(n)s is closed: it stays readable. Start the next one, pre-filled from it.")
                         % {"n": programme.iteration})
    return redirect(home_url(request, Programme.unscoped.get(tenant=request.tenant, pk=programme.pk)))


def _next_dates(previous: Programme, today):
    starts_on = previous.target_end_on + timedelta(days=1)
    if starts_on < today:
        starts_on = today
    return starts_on, selectors.add_months(starts_on, NEXT_ITERATION_MONTHS)


@require_http_methods(["GET", "POST"])
def programme_next(request, tenant_slug: str):
    """Start iteration N+1 pre-filled from the latest one (closed first when still in progress)."""
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    previous = _programme(request)
    if previous is None:
        return redirect("programme_start", tenant_slug=request.tenant.slug)
    programme_require_edit(membership=request.membership, programme=previous)
    starts_on, target_end_on = _next_dates(previous, timezone.localdate())
    form = NextIterationForm(request.POST or None, initial={
        "title": _("Iteration %(n)s") % {"n": previous.iteration + 1}, "starts_on": starts_on, "target_end_on": target_end_on})
    if request.method == "POST" and form.is_valid():
        try:
            new = services.programme_next_iteration(tenant=request.tenant, actor=request.user, previous=previous,
                                                    **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Iteration %(n)s has started, pre-filled from iteration %(previous)s: review what was "
                                        "carried over, step by step.") % {"n": new.iteration, "previous": previous.iteration})
            return redirect(home_url(request))
    facts = selectors.programme_facts(tenant=request.tenant, programme=previous, today=timezone.localdate()).facts
    carried = {
        "kpis": facts["kpis"], "objectives": facts["objectives"], "retained": facts["retained_title"],
        "actions": sum(facts[f"actions_{s}"] for s in selectors.OPEN_ACTIONS), "lessons": facts["lessons"],
    }
    return render(request, "bns/programme/home/next_form.html", {
        "form": form, "previous": previous, "carried": carried, "closes": previous.status == Programme.Status.ACTIVE,
        "open_statuses": [ProgrammeAction.Status(s).label for s in selectors.OPEN_ACTIONS],
    }, status=_status(form))


@require_GET
def programme_iterations(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    page = paginate(request, selectors.programme_list(tenant=request.tenant).select_related("previous"), per_page=25)
    return render(request, "bns/programme/home/iterations.html", {
        "page": page, "querystring": querystring_without_page(request),
        "can_start": request.membership.has_perm(Perm.MANAGE_PROGRAMME) and not Programme.unscoped.filter(
            tenant=request.tenant, status=Programme.Status.ACTIVE).exists(),
    })


# --- A step -------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def programme_step_edit(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    step = selectors.programme_step_get_for(tenant=request.tenant, pk=pk)
    programme_require_edit(membership=request.membership, programme=step.programme)
    initial = {name: getattr(step, name) for name in services.STEP_EDITABLE}
    form = StepForm(request.POST or None, initial=initial, employees=_employees(request, step.owner_id))
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_step_update(tenant=request.tenant, actor=request.user, step=step, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Step %(n)s saved.") % {"n": step.number})
            return redirect(home_url(request, step.programme))
    return render(request, "bns/programme/home/step_form.html", {
        "form": form, "step": step, "programme": step.programme, "home_url": home_url(request, step.programme),
    }, status=_status(form))


# --- The vision ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def programme_vision(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    can_publish = services.vision_can_publish(membership=request.membership, tenant=request.tenant)
    current = selectors.vision_current(tenant=request.tenant)
    if request.method == "POST" and not can_publish:
        raise PermissionDenied
    form = None
    if can_publish:
        form = VisionForm(request.POST or None, initial={"text": current.text if current else ""})
        if request.method == "POST" and form.is_valid():
            try:
                vision = services.vision_publish(tenant=request.tenant, actor=request.user, text=form.cleaned_data["text"])
            except ValidationError as exc:
                form_add_service_errors(form, exc)
            else:
                messages.success(request, _("Version %(n)s of the vision is published.") % {"n": vision.version})
                return redirect("programme_vision", tenant_slug=request.tenant.slug)
    page = paginate(request, selectors.vision_history(tenant=request.tenant), per_page=20)
    return render(request, "bns/programme/home/vision.html", {
        "current": current, "page": page, "querystring": querystring_without_page(request), "form": form,
        "can_publish": can_publish,
    }, status=_status(form) if form is not None else 200)


# --- Workshops ----------------------------------------------------------------------------------------


@require_GET
def programme_workshops(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    programme = _programme(request)
    if programme is None:
        return render(request, "bns/programme/home/workshops.html", {"programme": None})
    form = WorkshopFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.workshop_list(tenant=request.tenant, programme=programme, step=data.get("step"), search=data.get("q", ""))
    page = paginate(request, qs, per_page=20)
    return render(request, "bns/programme/home/workshops.html", {
        "programme": programme, "form": form, "page": page, "querystring": querystring_without_page(request),
        "has_filters": bool(data.get("step") or data.get("q")),
        "can_edit": programme_can_edit(membership=request.membership, programme=programme),
        "create_url": _reverse(request, "programme_workshop_create", programme=programme),
        "home_url": home_url(request, programme), "today": timezone.localdate(),
    })


def _workshops_url(request, programme: Programme) -> str:
    return _reverse(request, "programme_workshops", programme=programme)


@require_http_methods(["GET", "POST"])
def programme_workshop_create(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    programme = _programme(request)
    if programme is None:
        raise Http404
    programme_require_edit(membership=request.membership, programme=programme)
    step = request.GET.get("step", "")
    form = WorkshopForm(request.POST or None, employees=_employees(request), initial={
        "held_on": timezone.localdate(), "step": int(step) if step in {str(n) for n in Step.values} else None})
    if request.method == "POST" and form.is_valid():
        try:
            workshop = services.workshop_create(tenant=request.tenant, actor=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Workshop “%(title)s” added.") % {"title": workshop.title})
            return redirect("programme_workshop_detail", tenant_slug=request.tenant.slug, pk=workshop.pk)
    return render(request, "bns/programme/home/workshop_form.html", {
        "form": form, "programme": programme, "workshop": None, "cancel_url": _workshops_url(request, programme),
    }, status=_status(form))


@require_GET
def programme_workshop_detail(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    workshop = selectors.workshop_get_for(tenant=request.tenant, pk=pk)
    return render(request, "bns/programme/home/workshop_detail.html", {
        "workshop": workshop, "programme": workshop.programme, "participants": list(workshop.participants.all()),
        "can_edit": programme_can_edit(membership=request.membership, programme=workshop.programme),
        "list_url": _workshops_url(request, workshop.programme),
        "step_label": Step(workshop.step).label if workshop.step else "",
    })


@require_http_methods(["GET", "POST"])
def programme_workshop_edit(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    workshop = selectors.workshop_get_for(tenant=request.tenant, pk=pk)
    programme_require_edit(membership=request.membership, programme=workshop.programme)
    people = [p.pk for p in workshop.participants.all()]
    initial = {name: getattr(workshop, name) for name in services.WORKSHOP_EDITABLE if name != "participants"}
    form = WorkshopForm(request.POST or None, employees=_employees(request, *people), initial={**initial, "participants": people})
    if request.method == "POST" and form.is_valid():
        try:
            services.workshop_update(tenant=request.tenant, actor=request.user, workshop=workshop, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Workshop saved."))
            return redirect("programme_workshop_detail", tenant_slug=request.tenant.slug, pk=workshop.pk)
    return render(request, "bns/programme/home/workshop_form.html", {
        "form": form, "programme": workshop.programme, "workshop": workshop,
        "cancel_url": reverse("programme_workshop_detail", kwargs={"tenant_slug": request.tenant.slug, "pk": workshop.pk}),
    }, status=_status(form))


@require_POST
def programme_workshop_delete(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    workshop = selectors.workshop_get_for(tenant=request.tenant, pk=pk)
    services.workshop_delete(tenant=request.tenant, actor=request.user, workshop=workshop)
    messages.success(request, _("Workshop “%(title)s” deleted.") % {"title": workshop.title})
    return redirect(_workshops_url(request, workshop.programme))
