"""Pages of social profiles: my profiles (the six platforms, checklists, completeness, next steps), a colleague's
profiles (read only, for those allowed to see them), and the add / edit / checklist / delete forms.

Thin views: who may see whom is networking.access (404 otherwise), who may write is networking.profiles.access
(checked again by the services, 403 otherwise), reads through selectors.py, writes through services.py. The group's
table is in group_views.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bns.access import membership_require
from bns.forms import form_add_service_errors
from bns.models import Employee
from bns.permissions import Perm
from networking.access import employee_networking_get_for
from networking.models import Platform
from networking.profiles import selectors, services
from networking.profiles.access import profile_can_choose_employee, profile_can_edit
from networking.profiles.checklists import (
    PLATFORM_ORDER,
    checklist_items,
    checklist_normalize,
    employee_completeness,
    employee_next_steps,
    profile_next_steps,
)
from networking.profiles.forms import ChecklistForm, SocialProfileForm


def _status(form) -> int:
    return 400 if form is not None and form.errors else 200


def board_build(*, tenant, employee: Employee) -> dict:
    """What the profile pages show of one employee: a slot per platform (its profile or none), the overall
    completeness and the next steps. One query (the profiles)."""
    profiles = selectors.employee_profiles(tenant=tenant, employee=employee)
    by_platform = {p.platform: p for p in profiles}
    slots = []
    for platform in PLATFORM_ORDER:
        profile = by_platform.get(platform)
        slot = {"platform": platform, "label": Platform(platform).label, "profile": profile}
        if profile is not None:
            ticks = checklist_normalize(platform, profile.checklist)
            slot["items"] = [{"item": item, "done": ticks[item.code]} for item in checklist_items(platform)]
            slot["next_steps"] = profile_next_steps(profile)
            slot["form"] = _checklist_form(profile)
        slots.append(slot)
    return {
        "employee": employee,
        "slots": slots,
        "profiles": profiles,
        "overall": employee_completeness(profiles),
        "next_steps": employee_next_steps(profiles),
    }


def _checklist_form(profile, data=None) -> ChecklistForm:
    ticks = checklist_normalize(profile.platform, profile.checklist)
    initial = {f"item_{code}": done for code, done in ticks.items()}
    initial["positioning"] = profile.positioning
    return ChecklistForm(data, platform=profile.platform, initial=initial, prefix=f"p{profile.pk}")


def _back(request, employee_id: int):
    """After a change: my profiles when they are mine, else the colleague's page (an administrator's correction)."""
    if request.membership.employee_id == employee_id:
        return redirect("networking_profiles_mine", tenant_slug=request.tenant.slug)
    return redirect("networking_profiles_employee", tenant_slug=request.tenant.slug, pk=employee_id)


def _editable_profile(request, pk):
    """The profile, if the member may see it (404 otherwise) and change it (403 otherwise)."""
    profile = selectors.social_profile_get_for(tenant=request.tenant, membership=request.membership, pk=pk)
    if not profile_can_edit(request.membership, profile.employee_id):
        raise PermissionDenied
    return profile


# --- Reads --------------------------------------------------------------------------------------------------------


@require_GET
def profiles_mine(request, tenant_slug: str):
    membership_require(request.membership, Perm.USE_NETWORKING)
    employee = request.membership.employee
    context = {"can_edit": True, "mine": True, "can_choose_employee": profile_can_choose_employee(request.membership)}
    if employee is not None:
        context.update(board_build(tenant=request.tenant, employee=employee))
    return render(request, "networking/profiles/mine.html", context)


@require_GET
def profiles_employee(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.USE_NETWORKING)
    employee = employee_networking_get_for(membership=request.membership, employee_id=pk)
    context = board_build(tenant=request.tenant, employee=employee)
    context.update({
        "can_edit": profile_can_edit(request.membership, employee.pk),
        "mine": request.membership.employee_id == employee.pk,
    })
    return render(request, "networking/profiles/employee.html", context)


# --- Writes -------------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def profiles_create(request, tenant_slug: str):
    membership_require(request.membership, Perm.USE_NETWORKING)
    membership = request.membership
    can_choose = profile_can_choose_employee(membership)
    if not can_choose and membership.employee is None:
        if request.method == "POST":
            raise PermissionDenied
        return render(request, "networking/profiles/profile_form.html", {"form": None, "profile": None})
    employees = Employee.unscoped.filter(tenant=request.tenant, is_active=True).select_related("site") if can_choose else None
    initial = {"employee": membership.employee_id}
    if can_choose and request.GET.get("employee", "").isdigit():
        initial["employee"] = int(request.GET["employee"])
    if request.GET.get("platform") in Platform.values:
        initial["platform"] = request.GET["platform"]
    form = SocialProfileForm(request.POST or None, tenant=request.tenant, employees=employees, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        employee = data.pop("employee", None) or membership.employee
        try:
            profile = services.social_profile_create(tenant=request.tenant, actor=request.user, employee=employee, **data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("%(platform)s profile recorded: now tick what it already has.") % {
                "platform": profile.get_platform_display()})
            return _back(request, profile.employee_id)
    return render(request, "networking/profiles/profile_form.html", {"form": form, "profile": None}, status=_status(form))


@require_http_methods(["GET", "POST"])
def profiles_edit(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.USE_NETWORKING)
    profile = _editable_profile(request, pk)
    initial = {"url": profile.url, "audience_size": profile.audience_size, "checked_on": profile.checked_on,
               "positioning": profile.positioning}
    form = SocialProfileForm(request.POST or None, tenant=request.tenant, platform=profile.platform, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.social_profile_update(tenant=request.tenant, actor=request.user, profile=profile, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Profile saved."))
            return _back(request, profile.employee_id)
    return render(request, "networking/profiles/profile_form.html", {"form": form, "profile": profile}, status=_status(form))


@require_http_methods(["GET", "POST"])
def profiles_checklist(request, tenant_slug: str, pk):
    """Tick boxes and positioning statement. A plain form (its own page, or the card on "my profiles"); with HTMX
    the card, the overall completeness and the next steps are swapped in place."""
    membership_require(request.membership, Perm.USE_NETWORKING)
    profile = _editable_profile(request, pk)
    form = _checklist_form(profile, request.POST if request.method == "POST" else None)
    htmx = request.headers.get("HX-Request") == "true" and request.method == "POST"
    if request.method == "POST" and form.is_valid():
        try:
            profile = services.social_profile_update(
                tenant=request.tenant, actor=request.user, profile=profile, checklist=form.checklist(),
                positioning=form.cleaned_data["positioning"], checked_on=timezone.localdate(),
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            if htmx:
                return _checklist_partial(request, profile)
            messages.success(request, _("Checklist saved: %(n)s %% complete.") % {"n": profile.completeness})
            return _back(request, profile.employee_id)
    if htmx:  # htmx swaps 2xx answers only: the card comes back with the form's errors
        return _checklist_partial(request, profile, form=form)
    return render(request, "networking/profiles/checklist.html", {"form": form, "profile": profile}, status=_status(form))


def _checklist_partial(request, profile, form=None):
    """The HTMX answer: the profile's card, with the summary (overall completeness, next steps) out of band."""
    context = board_build(tenant=request.tenant, employee=profile.employee)
    slot = next(s for s in context["slots"] if s["platform"] == profile.platform)
    if form is not None:
        slot["form"] = form
    context.update(slot=slot, can_edit=True, mine=request.membership.employee_id == profile.employee_id, oob=True)
    return render(request, "networking/profiles/_checklist_response.html", context)


@require_http_methods(["GET", "POST"])
def profiles_delete(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.USE_NETWORKING)
    profile = _editable_profile(request, pk)
    if request.method == "POST":
        services.social_profile_delete(tenant=request.tenant, actor=request.user, profile=profile)
        messages.success(request, _("%(platform)s profile removed.") % {"platform": profile.get_platform_display()})
        return _back(request, profile.employee_id)
    return render(request, "networking/profiles/profile_delete.html", {"profile": profile})
