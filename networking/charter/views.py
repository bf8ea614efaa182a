"""Pages of the networking charter: the current version with the acknowledgement, previous versions, publishing
a new version (Perm.MANAGE_CHARTER) and the acknowledgement rate per dealership (VIEW_NETWORKING or MANAGE_CHARTER).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bns import imports
from bns.access import membership_require
from bns.forms import form_add_service_errors
from bns.permissions import Perm
from bns.views.utils import paginate
from networking.charter import selectors, services
from networking.charter.defaults import charter_default
from networking.charter.forms import CharterAcknowledgeForm, CharterPublishForm

VERSIONS_PER_PAGE = 20


def _charter_context(charter) -> dict:
    if charter is None:
        return {}
    return {"dos": selectors.charter_lines(charter.dos), "donts": selectors.charter_lines(charter.donts)}


def _page(request, *, publish_form=None, status=200):
    membership, tenant = request.membership, request.tenant
    current = selectors.charter_current(tenant=tenant)
    can_publish = membership.has_perm(Perm.MANAGE_CHARTER)
    if can_publish and publish_form is None:
        initial = ({"title": current.title, "dos": current.dos, "donts": current.donts, "body": current.body}
                   if current is not None else charter_default())
        publish_form = CharterPublishForm(initial=initial)
    previous = None
    if current is not None:
        previous = paginate(request, selectors.charters(tenant=tenant).exclude(pk=current.pk), per_page=VERSIONS_PER_PAGE)
    context = {
        "charter": current,
        **_charter_context(current),
        "has_employee": membership.employee_id is not None,
        "ack": selectors.charter_acknowledgement_of(tenant=tenant, charter=current, employee=membership.employee),
        "page": previous,
        "can_publish": can_publish,
        "publish_form": publish_form if can_publish else None,
        "can_read_rates": selectors.can_read_rates(membership),
    }
    if context["can_read_rates"] and current is not None:
        context["rates"], context["rates_total"] = selectors.charter_ack_rates(tenant=tenant, charter=current)
    return render(request, "networking/charter/charter.html", context, status=status)


@require_GET
def charter_page(request, tenant_slug: str):
    membership_require(request.membership, Perm.USE_NETWORKING)
    return _page(request)


@require_GET
def charter_version(request, tenant_slug: str, version):
    membership_require(request.membership, Perm.USE_NETWORKING)
    charter = selectors.charter_get_by_version(tenant=request.tenant, version=version)
    current = selectors.charter_current(tenant=request.tenant)
    return render(request, "networking/charter/version.html", {
        "charter": charter, **_charter_context(charter), "current": current,
        "is_current": current is not None and current.pk == charter.pk,
        "ack": selectors.charter_acknowledgement_of(tenant=request.tenant, charter=charter, employee=request.membership.employee),
    })


@require_POST
def charter_acknowledge(request, tenant_slug: str):
    """Acknowledge the version the member read (the form names it): refused, with the page again, when it is not
    the current one any more."""
    membership_require(request.membership, Perm.USE_NETWORKING)
    form = CharterAcknowledgeForm(request.POST)
    charter = None
    if form.is_valid():
        charter = selectors.charters(tenant=request.tenant).filter(pk=form.cleaned_data["charter"]).first()
    if charter is None:
        messages.error(request, _("Open the charter and use its button to acknowledge it."))
        return _page(request, status=400)
    try:
        services.charter_acknowledge(tenant=request.tenant, actor=request.user, charter=charter)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _page(request, status=400)
    messages.success(request, _("Thank you: your acknowledgement of the charter is recorded."))
    return redirect("networking_charter", tenant_slug=request.tenant.slug)


@require_POST
def charter_publish(request, tenant_slug: str):
    membership_require(request.membership, Perm.MANAGE_CHARTER)
    form = CharterPublishForm(request.POST)
    if form.is_valid():
        try:
            charter = services.charter_publish(tenant=request.tenant, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Version %(version)s published: every employee is asked to read and acknowledge it.")
                             % {"version": charter.version})
            return redirect("networking_charter", tenant_slug=request.tenant.slug)
    return _page(request, publish_form=form, status=400)


@require_GET
def charter_rates_export(request, tenant_slug: str):
    """The acknowledgement rate per dealership as CSV (``;``, UTF-8 BOM: what Excel FR opens directly)."""
    if not selectors.can_read_rates(request.membership):
        raise PermissionDenied
    tenant = request.tenant
    current = selectors.charter_current(tenant=tenant)
    rows, total = selectors.charter_ack_rates(tenant=tenant, charter=current)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"charter-acknowledgements-{tenant.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(imports.CSV_BOM)
    writer = imports.csv_writer(response)
    writer.writerow([_("Dealership"), _("Charter version"), _("Active employees"), _("Acknowledged"), _("Rate (%)")])
    version = current.version if current is not None else ""
    for row in [*rows, total] if rows else []:
        writer.writerow([row.site_name, version, row.active, row.acknowledged, "" if row.percent is None else row.percent])
    return response
