"""Pages for the group's organisation: dealerships, departments, employees (and their CSV import)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bns import selectors
from bns.access import membership_require
from bns.forms.org import SiteForm
from bns.permissions import Perm
from bns.services import org as org_services
from bns.views.utils import paginate, querystring_without_page


@require_http_methods(["GET"])
def site_list(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_GROUP)
    search = request.GET.get("q", "").strip()
    page = paginate(request, selectors.site_list(tenant=request.tenant, search=search))
    return render(
        request,
        "bns/org/site_list.html",
        {"page": page, "search": search, "querystring": querystring_without_page(request)},
    )


@require_http_methods(["GET", "POST"])
def site_create(request, tenant_slug: str):
    membership_require(request.membership, Perm.MANAGE_ORG)
    form = SiteForm(request.POST or None, tenant=request.tenant)
    if request.method == "POST" and form.is_valid():
        site = org_services.site_create(tenant=request.tenant, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Dealership “%(name)s” created.") % {"name": site.name})
        return redirect("site_list", tenant_slug=request.tenant.slug)
    return render(request, "bns/org/site_form.html", {"form": form, "site": None}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def site_edit(request, tenant_slug: str, pk: int):
    membership_require(request.membership, Perm.VIEW_GROUP)
    site = selectors.site_get_for(tenant=request.tenant, pk=pk)
    membership_require(request.membership, Perm.MANAGE_ORG)
    form = SiteForm(request.POST or None, tenant=request.tenant, instance=site)
    if request.method == "POST" and form.is_valid():
        org_services.site_update(tenant=request.tenant, actor=request.user, site=site, **form.cleaned_data)
        messages.success(request, _("Dealership “%(name)s” saved.") % {"name": site.name})
        return redirect("site_list", tenant_slug=request.tenant.slug)
    return render(request, "bns/org/site_form.html", {"form": form, "site": site}, status=400 if form.errors else 200)


@require_POST
def site_delete(request, tenant_slug: str, pk: int):
    site = selectors.site_get_for(tenant=request.tenant, pk=pk)
    membership_require(request.membership, Perm.MANAGE_ORG)
    name = site.name
    org_services.site_delete(tenant=request.tenant, actor=request.user, site=site)
    messages.success(request, _("Dealership “%(name)s” deleted; its employees are kept, with no dealership.") % {"name": name})
    return redirect("site_list", tenant_slug=request.tenant.slug)


# --- Placeholders until the employees/departments pages land (replaced by their real views).
def employee_list(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_GROUP)
    return render(request, "base.html")


def department_list(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_GROUP)
    return render(request, "base.html")
