"""Pages of tool licences: the list with last use, unused flag and costs (Perm.VIEW_NETWORKING), create / edit /
end / delete (Perm.MANAGE_NETWORKS), and "record a use" by the holder (from their activity page)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bns.access import membership_require
from bns.forms import form_add_service_errors
from bns.permissions import Perm
from bns.views.utils import paginate, querystring_without_page
from networking.activity import licence_services, selectors
from networking.activity.forms import ToolLicenceForm


@require_GET
def licence_list(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_NETWORKING)
    status = request.GET.get("status", "active")
    status = status if status in selectors.LICENCE_FILTERS else "active"
    search = request.GET.get("q", "").replace("\x00", "")[:100]
    unused_days = selectors.licence_unused_days(tenant=request.tenant)
    qs = selectors.licence_list(tenant=request.tenant, status=status, search=search, unused_days=unused_days)
    totals = selectors.licence_totals(tenant=request.tenant, unused_days=unused_days)
    return render(request, "networking/activity/licence_list.html", {
        "page": paginate(request, qs), "status": status, "q": search, "totals": totals, "unused_days": unused_days,
        "filters": selectors.LICENCE_FILTERS, "can_manage": request.membership.has_perm(Perm.MANAGE_NETWORKS),
        "querystring": querystring_without_page(request),
    })


def _licence_form(request, licence=None):
    membership_require(request.membership, Perm.MANAGE_NETWORKS)
    form = ToolLicenceForm(request.POST if request.method == "POST" else None, tenant=request.tenant, instance=licence)
    if request.method == "POST" and form.is_valid():
        try:
            if licence is None:
                licence_services.tool_licence_create(tenant=request.tenant, actor=request.user, **form.cleaned_data)
                messages.success(request, _("Licence added."))
            else:
                licence_services.tool_licence_update(tenant=request.tenant, actor=request.user, licence=licence, **form.cleaned_data)
                messages.success(request, _("Licence updated."))
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            return redirect("networking_licences", tenant_slug=request.tenant.slug)
    return render(request, "networking/activity/licence_form.html", {"form": form, "licence": licence},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def licence_create(request, tenant_slug: str):
    return _licence_form(request)


@require_http_methods(["GET", "POST"])
def licence_edit(request, tenant_slug: str, pk: int):
    membership_require(request.membership, Perm.MANAGE_NETWORKS)
    return _licence_form(request, selectors.licence_get_for(tenant=request.tenant, membership=request.membership, pk=pk))


@require_POST
def licence_end(request, tenant_slug: str, pk: int):
    membership_require(request.membership, Perm.MANAGE_NETWORKS)
    licence = selectors.licence_get_for(tenant=request.tenant, membership=request.membership, pk=pk)
    try:
        licence_services.tool_licence_end(tenant=request.tenant, actor=request.user, licence=licence)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Licence ended today: it no longer counts in the costs."))
    return redirect("networking_licences", tenant_slug=request.tenant.slug)


@require_POST
def licence_delete(request, tenant_slug: str, pk: int):
    membership_require(request.membership, Perm.MANAGE_NETWORKS)
    licence = selectors.licence_get_for(tenant=request.tenant, membership=request.membership, pk=pk)
    licence_services.tool_licence_delete(tenant=request.tenant, actor=request.user, licence=licence)
    messages.success(request, _("Licence deleted."))
    return redirect("networking_licences", tenant_slug=request.tenant.slug)


@require_POST
def licence_record_use(request, tenant_slug: str, pk: int):
    """The holder says they used the tool today."""
    membership_require(request.membership, Perm.USE_NETWORKING)
    licence = selectors.licence_get_for(tenant=request.tenant, membership=request.membership, pk=pk)
    licence_services.tool_licence_record_use(tenant=request.tenant, actor=request.user, licence=licence)
    messages.success(request, _("Use recorded for today: thank you."))
    return redirect("networking_activity_mine", tenant_slug=request.tenant.slug)
