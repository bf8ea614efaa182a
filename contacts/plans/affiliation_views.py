"""Pages of affiliations: my affiliations, the directory with member counts, one affiliation's members, the merge
of duplicates (Perm.MANAGE_ORG), and a stakeholder's affiliations (from the account plan's stakeholder panel).

Naming an affiliation goes through ``affiliation_find_or_create``: similar existing names come back as "did you
mean...?" choices before a new one is created.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bns.access import membership_require
from bns.forms import form_add_service_errors
from bns.permissions import Perm
from bns.views.utils import paginate, querystring_without_page
from contacts.plans import affiliation_selectors as aff
from contacts.plans import selectors, services
from contacts.plans.access import person_details_visible
from contacts.plans.forms import AffiliationFilterForm, AffiliationForm, AffiliationMergeForm


def _resolve(request, form):
    """The affiliation the form names (a suggestion picked, the same name, or a new one confirmed) and, when only
    similar names exist, those as suggestions (the affiliation is then None)."""
    data = form.cleaned_data
    if data.get("use") is not None:
        return data["use"], []
    match = services.affiliation_find_or_create(
        tenant=request.tenant, actor=request.user, name=data["name"], kind=data["kind"], city=data.get("city", ""),
        confirm_new=bool(data.get("confirm_new")),
    )
    if match.created:
        messages.info(request, _("New affiliation “%(name)s” created.") % {"name": match.affiliation.name})
    return match.affiliation, match.suggestions


@require_http_methods(["GET", "POST"])
def plans_affiliation_mine(request, tenant_slug: str):
    """The member's own affiliations (school, clubs, associations, former employers), and adding one."""
    membership_require(request.membership, Perm.USE_CONTACTS)
    employee = request.membership.employee
    form = AffiliationForm(request.POST or None, tenant=request.tenant)
    suggestions = []
    if request.method == "POST" and employee is None:
        form.is_valid()
        form.add_error(None, _("Your account has no employee record: only employees carry affiliations."))
    elif request.method == "POST" and form.is_valid():
        try:
            affiliation, suggestions = _resolve(request, form)
            if affiliation is not None:
                _link, created = services.employee_affiliation_add(
                    tenant=request.tenant, actor=request.user, employee=employee, affiliation=affiliation,
                    detail=form.cleaned_data.get("detail", ""),
                )
                if created:
                    messages.success(request, _("“%(name)s” added to your affiliations.") % {"name": affiliation.name})
                else:
                    messages.info(request, _("“%(name)s” was already among your affiliations.") % {"name": affiliation.name})
                return redirect("plans_affiliation_mine", tenant_slug=request.tenant.slug)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
    links = list(aff.employee_affiliations(tenant=request.tenant, employee_id=request.membership.employee_id))
    return render(request, "contacts/plans/affiliation_mine.html", {
        "form": form, "suggestions": suggestions, "links": links, "has_employee": employee is not None,
    }, status=400 if form.errors else 200)


@require_POST
def plans_affiliation_mine_remove(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.USE_CONTACTS)
    link = aff.employee_affiliation_get_for(tenant=request.tenant, pk=pk)
    services.employee_affiliation_remove(tenant=request.tenant, actor=request.user, link=link)
    messages.success(request, _("“%(name)s” removed.") % {"name": link.affiliation.name})
    if link.employee_id == request.membership.employee_id:
        return redirect("plans_affiliation_mine", tenant_slug=request.tenant.slug)
    return redirect("plans_affiliation_detail", tenant_slug=request.tenant.slug, pk=link.affiliation_id)


@require_GET
def plans_affiliation_list(request, tenant_slug: str):
    """The group's affiliations with how many colleagues (and persons you may see) carry each."""
    membership_require(request.membership, Perm.USE_CONTACTS)
    form = AffiliationFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    search, kind = data.get("q", ""), data.get("kind", "")
    qs = aff.affiliation_list(tenant=request.tenant, membership=request.membership, search=search, kind=kind)
    page = paginate(request, qs, per_page=50)
    return render(request, "contacts/plans/affiliation_list.html", {
        "page": page, "form": form, "search": search, "has_filters": bool(search or kind),
        "querystring": querystring_without_page(request), "can_merge": request.membership.has_perm(Perm.MANAGE_ORG),
    })


@require_GET
def plans_affiliation_detail(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.USE_CONTACTS)
    affiliation = aff.affiliation_get_for(tenant=request.tenant, pk=pk)
    can_merge = request.membership.has_perm(Perm.MANAGE_ORG)
    return render(request, "contacts/plans/affiliation_detail.html", {
        "affiliation": affiliation,
        "employees": list(aff.affiliation_employees(tenant=request.tenant, affiliation=affiliation)),
        "persons": list(aff.affiliation_persons(tenant=request.tenant, membership=request.membership, affiliation=affiliation)),
        "can_merge": can_merge,
        "similar": aff.affiliation_similar(tenant=request.tenant, name=affiliation.name, exclude_pk=affiliation.pk) if can_merge else [],
    })


@require_http_methods(["GET", "POST"])
def plans_affiliation_merge(request, tenant_slug: str, pk):
    """Merge a duplicate into this affiliation (organisation managers)."""
    membership_require(request.membership, Perm.MANAGE_ORG)
    survivor = aff.affiliation_get_for(tenant=request.tenant, pk=pk)
    initial = {}
    merged_id = request.GET.get("merged", "")
    if merged_id.isdigit():
        initial["merged"] = int(merged_id)
    form = AffiliationMergeForm(request.POST or None, tenant=request.tenant, survivor=survivor, initial=initial)
    if request.method == "POST" and form.is_valid():
        merged = form.cleaned_data["merged"]
        name = merged.name
        try:
            services.affiliation_merge(tenant=request.tenant, actor=request.user, survivor=survivor, merged=merged)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("“%(merged)s” merged into “%(name)s”.") % {"merged": name, "name": survivor.name})
            return redirect("plans_affiliation_detail", tenant_slug=request.tenant.slug, pk=survivor.pk)
    similar = aff.affiliation_similar(tenant=request.tenant, name=survivor.name, exclude_pk=survivor.pk)
    return render(request, "contacts/plans/affiliation_merge.html", {"form": form, "affiliation": survivor, "similar": similar},
                  status=400 if form.errors else 200)


# --- A stakeholder's affiliations (the plan's stakeholder panel) --------------------------------------


@require_http_methods(["GET", "POST"])
def plans_stakeholder_affiliations(request, tenant_slug: str, pk):
    """The affiliations of a stakeholder's person, for a member who may see the person's details."""
    membership_require(request.membership, Perm.USE_CONTACTS)
    stakeholder = selectors.stakeholder_get_for(tenant=request.tenant, pk=pk)
    person = stakeholder.person
    if not person_details_visible(tenant=request.tenant, membership=request.membership, person=person):
        raise PermissionDenied
    form = AffiliationForm(request.POST or None, tenant=request.tenant)
    suggestions = []
    if request.method == "POST" and form.is_valid():
        try:
            affiliation, suggestions = _resolve(request, form)
            if affiliation is not None:
                _link, created = services.person_affiliation_add(
                    tenant=request.tenant, actor=request.user, person=person, affiliation=affiliation,
                    detail=form.cleaned_data.get("detail", ""),
                )
                if created:
                    messages.success(request, _("“%(name)s” added to the affiliations of %(person)s.") % {
                        "name": affiliation.name, "person": person.full_name})
                return redirect("plans_stakeholder_affiliations", tenant_slug=request.tenant.slug, pk=stakeholder.pk)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
    links = list(aff.person_affiliation_list(tenant=request.tenant, membership=request.membership, person_id=person.pk))
    return render(request, "contacts/plans/stakeholder_affiliations.html", {
        "form": form, "suggestions": suggestions, "links": links, "stakeholder": stakeholder, "plan": stakeholder.plan,
        "person": person,
    }, status=400 if form.errors else 200)


@require_POST
def plans_person_affiliation_remove(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.USE_CONTACTS)
    link = aff.person_affiliation_get_for(tenant=request.tenant, membership=request.membership, pk=pk)
    try:
        services.person_affiliation_remove(tenant=request.tenant, actor=request.user, link=link)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("“%(name)s” removed from the affiliations of %(person)s.") % {
            "name": link.affiliation.name, "person": link.person.full_name})
    target = request.POST.get("next", "")
    if target and "\x00" not in target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("plans_affiliation_detail", tenant_slug=request.tenant.slug, pk=link.affiliation_id)
