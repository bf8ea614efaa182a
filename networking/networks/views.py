"""Pages of the real-world networks: the directory (with its CSV export), a network's page and forms, memberships,
the networking policy (targets and leads) and the coordination view. Events: event_views.py.

Thin views: permissions (bns.access, access.py), lookups through the ``*_get_for`` selectors (404 for another
group's objects), reads through selectors.py / coordination.py, writes through services.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
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
from networking.models import NetworkTarget
from networking.networks import coordination, selectors, services
from networking.networks.access import membership_can_manage
from networking.networks.forms import (
    MembershipAddForm,
    MembershipEndForm,
    MembershipForm,
    NetworkEditForm,
    NetworkFilterForm,
    NetworkForm,
    TargetEditForm,
    TargetForm,
)
from networking.networks.selectors import GROUP_WIDE_FIRST

NETWORK_FIELDS = ("name", "kind", "city", "site", "annual_fee", "priority", "website", "description")


def _status(form) -> int:
    return 400 if form is not None and form.errors else 200


def _network_redirect(request, network):
    return redirect("networking_network_detail", tenant_slug=request.tenant.slug, pk=network.pk)


def _int_param(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


# --- The directory ------------------------------------------------------------------------------------


def _directory(request):
    form = NetworkFilterForm(request.GET or None, sites=selectors.site_choices(tenant=request.tenant))
    return form, form.filters()


@require_GET
def networks_list(request, tenant_slug: str):
    membership_require(request.membership, Perm.USE_NETWORKING)
    form, filters = _directory(request)
    page = paginate(request, selectors.network_list(tenant=request.tenant, **filters), per_page=25)
    mine = {m.network_id for m in selectors.my_memberships(tenant=request.tenant, membership=request.membership)}
    return render(request, "networking/networks/network_list.html", {
        "page": page, "form": form, "filters": filters, "has_filters": any(filters.values()),
        "querystring": querystring_without_page(request), "my_network_ids": mine,
        "can_manage": request.membership.has_perm(Perm.MANAGE_NETWORKS),
    })


@require_GET
def networks_export(request, tenant_slug: str):
    """The directory as CSV (UTF-8 BOM, ``;``), with the same filters as the page."""
    membership_require(request.membership, Perm.USE_NETWORKING)
    _form, filters = _directory(request)
    targets = NetworkTarget.unscoped.filter(tenant=request.tenant).select_related("site", "lead").order_by(GROUP_WIDE_FIRST, "pk")
    rows = selectors.network_list(tenant=request.tenant, **filters).prefetch_related(Prefetch("targets", queryset=targets,
                                                                                              to_attr="target_rows"))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="networks-{timezone.localdate():%Y-%m-%d}.csv"'
    response.write(imports.CSV_BOM)
    writer = imports.csv_writer(response)
    writer.writerow([_("Name"), _("Kind"), _("City"), _("Dealership concerned"), _("Priority"), _("Annual fee (€)"),
                     _("Active members"), _("Targeted by"), _("Leads"), _("Website"), _("Active")])
    for network in rows:
        writer.writerow([
            network.name, network.get_kind_display(), network.city, network.site.name if network.site_id else "",
            network.get_priority_display(), "" if network.annual_fee is None else str(network.annual_fee).replace(".", ","),
            network.member_count,
            ", ".join(t.site.name if t.site_id else _("the whole group") for t in network.target_rows),
            ", ".join(t.lead.full_name for t in network.target_rows if t.lead_id),
            network.website, _("yes") if network.is_active else _("no"),
        ])
    return response


@require_http_methods(["GET", "POST"])
def network_create(request, tenant_slug: str):
    membership_require(request.membership, Perm.MANAGE_NETWORKS)
    form = NetworkForm(request.POST or None, sites=selectors.site_choices(tenant=request.tenant))
    if request.method == "POST" and form.is_valid():
        try:
            network = services.network_create(tenant=request.tenant, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Network “%(name)s” added to the directory.") % {"name": network.name})
            return _network_redirect(request, network)
    return render(request, "networking/networks/network_form.html", {"form": form, "network": None}, status=_status(form))


@require_GET
def network_detail(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.USE_NETWORKING)
    network = selectors.network_get_for(tenant=request.tenant, pk=pk)
    detail = selectors.network_detail(tenant=request.tenant, membership=request.membership, network=network)
    membership = request.membership
    for row in detail.members:
        row.can_manage = membership_can_manage(membership, row.employee_id)
    return render(request, "networking/networks/network_detail.html", {
        "network": network, "detail": detail,
        "can_manage": membership.has_perm(Perm.MANAGE_NETWORKS),
        "can_view_policy": membership.has_perm(Perm.VIEW_NETWORKING),
        "has_employee": membership.employee_id is not None,
    })


@require_http_methods(["GET", "POST"])
def network_edit(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.MANAGE_NETWORKS)
    network = selectors.network_get_for(tenant=request.tenant, pk=pk)
    initial = {name: getattr(network, name) for name in NETWORK_FIELDS}
    initial["site"], initial["is_active"] = network.site_id, network.is_active
    form = NetworkEditForm(request.POST or None, sites=selectors.site_choices(tenant=request.tenant), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.network_update(tenant=request.tenant, actor=request.user, network=network, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Network saved."))
            return _network_redirect(request, network)
    return render(request, "networking/networks/network_form.html", {"form": form, "network": network}, status=_status(form))


@require_POST
def network_deactivate(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.MANAGE_NETWORKS)
    network = selectors.network_get_for(tenant=request.tenant, pk=pk)
    try:
        services.network_deactivate(tenant=request.tenant, actor=request.user, network=network)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("“%(name)s” is no longer in the directory (its history is kept; edit it to reactivate it).")
                         % {"name": network.name})
    return _network_redirect(request, network)


# --- Memberships --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def network_join(request, tenant_slug: str, pk):
    """"I am a member": the viewer declares their own membership."""
    membership_require(request.membership, Perm.USE_NETWORKING)
    network = selectors.network_get_for(tenant=request.tenant, pk=pk)
    if request.membership.employee_id is None:
        if request.method == "POST":
            raise PermissionDenied
        return render(request, "networking/networks/membership_form.html", {"network": network, "form": None, "mode": "join"})
    form = MembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.network_membership_add(tenant=request.tenant, actor=request.user, network=network, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("You are listed as a member of “%(name)s”.") % {"name": network.name})
            return _network_redirect(request, network)
    return render(request, "networking/networks/membership_form.html", {"network": network, "form": form, "mode": "join"},
                  status=_status(form))


@require_http_methods(["GET", "POST"])
def network_member_add(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.MANAGE_NETWORKS)
    network = selectors.network_get_for(tenant=request.tenant, pk=pk)
    form = MembershipAddForm(request.POST or None, employees=selectors.employee_choices(tenant=request.tenant))
    if request.method == "POST" and form.is_valid():
        try:
            row = services.network_membership_add(tenant=request.tenant, actor=request.user, network=network, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is listed as a member.") % {"name": row.employee.full_name})
            return _network_redirect(request, network)
    return render(request, "networking/networks/membership_form.html", {"network": network, "form": form, "mode": "add"},
                  status=_status(form))


def _membership_for_edit(request, pk):
    membership_require(request.membership, Perm.USE_NETWORKING)
    row = selectors.membership_get_for(tenant=request.tenant, pk=pk)
    if not membership_can_manage(request.membership, row.employee_id):
        raise PermissionDenied
    return row


@require_http_methods(["GET", "POST"])
def membership_edit(request, tenant_slug: str, pk):
    row = _membership_for_edit(request, pk)
    initial = {"role": row.role, "since": row.since, "paid_by_company": row.paid_by_company}
    form = MembershipForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.network_membership_update(tenant=request.tenant, actor=request.user, membership=row, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Membership saved."))
            return _network_redirect(request, row.network)
    return render(request, "networking/networks/membership_form.html",
                  {"network": row.network, "form": form, "mode": "edit", "row": row}, status=_status(form))


@require_http_methods(["GET", "POST"])
def membership_end(request, tenant_slug: str, pk):
    row = _membership_for_edit(request, pk)
    form = MembershipEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.network_membership_end(tenant=request.tenant, actor=request.user, membership=row,
                                            ended_on=form.cleaned_data.get("ended_on"))
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("The membership of %(name)s has ended.") % {"name": row.employee.full_name})
            return _network_redirect(request, row.network)
    return render(request, "networking/networks/membership_form.html",
                  {"network": row.network, "form": form, "mode": "end", "row": row}, status=_status(form))


# --- The policy ---------------------------------------------------------------------------------------


@require_GET
def policy(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_NETWORKING)
    sites = selectors.site_choices(tenant=request.tenant)
    site_id = _int_param(request, "site")
    targets = coordination.targets_annotated(tenant=request.tenant).filter(network__is_active=True)
    if site_id:
        targets = targets.filter(site_id=site_id)
    # Group-wide targets first, then dealership by dealership.
    targets = targets.order_by(GROUP_WIDE_FIRST, "network__priority", "network__name", "pk")
    page = paginate(request, targets, per_page=100)
    return render(request, "networking/networks/policy.html", {
        "page": page, "sites": sites, "site_id": site_id, "querystring": querystring_without_page(request),
        "coverage": coordination.target_coverage(tenant=request.tenant),
        "can_manage": request.membership.has_perm(Perm.MANAGE_NETWORKS),
    })


@require_http_methods(["GET", "POST"])
def target_create(request, tenant_slug: str):
    membership_require(request.membership, Perm.MANAGE_NETWORKS)
    tenant = request.tenant
    initial = {"network": _int_param(request, "network"), "site": _int_param(request, "site")}
    form = TargetForm(request.POST or None, initial=initial, employees=selectors.employee_choices(tenant=tenant),
                      networks=selectors.network_choices(tenant=tenant), sites=selectors.site_choices(tenant=tenant))
    if request.method == "POST" and form.is_valid():
        try:
            target, created = services.network_target_set(tenant=tenant, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            if created:
                messages.success(request, _("“%(name)s” is now a target network.") % {"name": target.network.name})
            else:
                messages.success(request, _("This target already existed: its lead and note were updated."))
            return redirect("networking_policy", tenant_slug=tenant.slug)
    return render(request, "networking/networks/target_form.html", {"form": form, "target": None}, status=_status(form))


@require_http_methods(["GET", "POST"])
def target_edit(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.MANAGE_NETWORKS)
    target = selectors.target_get_for(tenant=request.tenant, pk=pk)
    form = TargetEditForm(request.POST or None, initial={"lead": target.lead_id, "note": target.note},
                          employees=selectors.employee_choices(tenant=request.tenant))
    if request.method == "POST" and form.is_valid():
        try:
            services.network_target_update(tenant=request.tenant, actor=request.user, target=target, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Target saved."))
            return redirect("networking_policy", tenant_slug=request.tenant.slug)
    return render(request, "networking/networks/target_form.html", {"form": form, "target": target}, status=_status(form))


@require_POST
def target_remove(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.MANAGE_NETWORKS)
    target = selectors.target_get_for(tenant=request.tenant, pk=pk)
    services.network_target_remove(tenant=request.tenant, actor=request.user, target=target)
    messages.success(request, _("“%(name)s” is no longer a target network there.") % {"name": target.network.name})
    return redirect("networking_policy", tenant_slug=request.tenant.slug)


# --- Coordination -------------------------------------------------------------------------------------


def _page(request, qs, param: str, per_page: int = 25):
    return Paginator(qs, per_page).get_page(request.GET.get(param))


@require_GET
def coordination_view(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_NETWORKING)
    tenant = request.tenant
    params = request.GET.copy()
    return render(request, "networking/networks/coordination.html", {
        "coverage": coordination.target_coverage(tenant=tenant),
        "uncovered": _page(request, coordination.uncovered_targets(tenant=tenant), "p_targets"),
        "overlaps": _page(request, coordination.uncoordinated_overlaps(tenant=tenant), "p_overlaps"),
        "unattended": _page(request, coordination.memberships_unattended(tenant=tenant), "p_unattended"),
        "days": coordination.UNATTENDED_DAYS,
        "can_manage": request.membership.has_perm(Perm.MANAGE_NETWORKS),
        "qs_targets": _without(params, "p_targets"), "qs_overlaps": _without(params, "p_overlaps"),
        "qs_unattended": _without(params, "p_unattended"),
    })


def _without(params, name: str) -> str:
    copy = params.copy()
    copy.pop(name, None)
    return copy.urlencode()
