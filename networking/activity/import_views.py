"""Pages of the activity CSV import: upload -> preview with the per-row report -> start -> progress -> report."""

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
from networking.activity import exports, import_services, importing, selectors
from networking.activity.forms import ActivityImportForm
from networking.models import ActivityChannel, ActivityImport, ActivityKind


def _report_page(request, activity_import: ActivityImport):
    status = request.GET.get("status", "")
    rows = activity_import.report or []
    if status in import_services.STATUSES:
        rows = [r for r in rows if r.get("status") == status]
    else:
        status = ""
    page = paginate(request, rows, per_page=100)
    kinds, channels = dict(ActivityKind.choices), dict(ActivityChannel.choices)
    page.object_list = [{**r, "kind": kinds.get(r.get("kind"), r.get("kind")), "channel": channels.get(r.get("channel"), r.get("channel"))}
                        for r in page.object_list]
    return page, status


@require_http_methods(["GET", "POST"])
def import_upload(request, tenant_slug: str):
    membership_require(request.membership, Perm.USE_NETWORKING)
    membership = request.membership
    form = ActivityImportForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            activity_import = import_services.activity_import_create(
                tenant=request.tenant, actor=request.user, filename=upload.name, raw_bytes=upload.read())
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            return redirect("networking_activity_import_preview", tenant_slug=request.tenant.slug, pk=activity_import.pk)
    context = {"form": form, "for_others": membership.has_perm(Perm.MANAGE_NETWORKS), "employee": membership.employee,
               "max_rows": importing.MAX_ROWS}
    return render(request, "networking/activity/import_upload.html", context, status=400 if form.errors else 200)


@require_GET
def import_template(request, tenant_slug: str):
    membership_require(request.membership, Perm.USE_NETWORKING)
    return exports.template_response()


@require_GET
def import_list(request, tenant_slug: str):
    membership_require(request.membership, Perm.USE_NETWORKING)
    page = paginate(request, selectors.activity_import_list(tenant=request.tenant, membership=request.membership))
    return render(request, "networking/activity/import_list.html", {"page": page, "querystring": querystring_without_page(request)})


@require_GET
def import_preview(request, tenant_slug: str, pk: int):
    membership_require(request.membership, Perm.USE_NETWORKING)
    activity_import = selectors.activity_import_get_for(tenant=request.tenant, membership=request.membership, pk=pk)
    if activity_import.status not in (ActivityImport.Status.PREVIEW, ActivityImport.Status.FAILED):
        return redirect("networking_activity_import_status", tenant_slug=request.tenant.slug, pk=activity_import.pk)
    page, status = _report_page(request, activity_import)
    return render(request, "networking/activity/import_preview.html", {
        "activity_import": activity_import, "page": page, "status": status, "querystring": querystring_without_page(request),
    })


@require_POST
def import_start(request, tenant_slug: str, pk: int):
    membership_require(request.membership, Perm.USE_NETWORKING)
    activity_import = selectors.activity_import_get_for(tenant=request.tenant, membership=request.membership, pk=pk)
    if activity_import.status in (ActivityImport.Status.PREVIEW, ActivityImport.Status.FAILED):
        import_services.activity_import_start(tenant=request.tenant, actor=request.user, activity_import=activity_import)
        messages.success(request, _("Import started: you can leave this page, it goes on in the background."))
    return redirect("networking_activity_import_status", tenant_slug=request.tenant.slug, pk=activity_import.pk)


@require_GET
def import_status(request, tenant_slug: str, pk: int):
    membership_require(request.membership, Perm.USE_NETWORKING)
    activity_import = selectors.activity_import_get_for(tenant=request.tenant, membership=request.membership, pk=pk)
    if activity_import.status == ActivityImport.Status.PREVIEW:
        return redirect("networking_activity_import_preview", tenant_slug=request.tenant.slug, pk=activity_import.pk)
    finished = activity_import.status in (ActivityImport.Status.DONE, ActivityImport.Status.FAILED)
    percent = round(100 * activity_import.processed_rows / activity_import.total_rows) if activity_import.total_rows else 0
    context = {"activity_import": activity_import, "finished": finished, "percent": 100 if finished else percent}
    if request.headers.get("HX-Request") or request.GET.get("fragment"):
        response = render(request, "networking/activity/_import_progress.html", context)
        if finished and request.headers.get("HX-Request"):
            response["HX-Refresh"] = "true"  # the whole page, with the report
        return response
    page, status = _report_page(request, activity_import)
    context.update(page=page, status=status, querystring=querystring_without_page(request))
    return render(request, "networking/activity/import_status.html", context)
