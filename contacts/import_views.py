"""Pages of the address-book import: upload -> preview (column mapping for CSV) -> start -> progress -> report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bns.access import membership_require
from bns.forms import form_add_service_errors
from bns.permissions import Perm
from bns.views.utils import paginate, querystring_without_page
from contacts.importing import parsers, selectors, service
from contacts.importing.forms import ColumnMappingForm, ContactImportForm
from contacts.models import ContactImport

ACTIONS = service.OUTCOMES


def _report_page(request, contact_import: ContactImport):
    action = request.GET.get("action", "")
    rows = contact_import.report or []
    if action in ACTIONS:
        rows = [r for r in rows if r.get("action") == action]
    else:
        action = ""
    return paginate(request, rows, per_page=100), action


def _created_list_url(request, contact_import: ContactImport) -> str | None:
    try:
        return reverse("contacts_list", kwargs={"tenant_slug": request.tenant.slug}) + f"?import={contact_import.pk}"
    except NoReverseMatch:
        return None


@require_http_methods(["GET", "POST"])
def contacts_import(request, tenant_slug: str):
    membership_require(request.membership, Perm.USE_CONTACTS)
    employee = request.membership.employee
    form = ContactImportForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST":
        if employee is None:
            form = ContactImportForm(request.POST, request.FILES)
            form.is_valid()
            form.add_error(None, _("You have no employee record in this group, so you own no contacts to import."))
        elif form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > parsers.MAX_FILE_BYTES:
                form.add_error("file", _("The file is too large (5 MB at most)."))
            else:
                try:
                    contact_import = service.contact_import_create(
                        tenant=request.tenant, actor=request.user, owner=employee, filename=upload.name, raw_bytes=upload.read(),
                        format=form.cleaned_data["format"], default_visibility=form.cleaned_data["default_visibility"],
                        default_strength=form.cleaned_data["default_strength"],
                    )
                except ValidationError as exc:
                    form_add_service_errors(form, exc)
                else:
                    return redirect("contacts_import_preview", tenant_slug=request.tenant.slug, pk=contact_import.pk)
    return render(
        request, "contacts/import_upload.html", {"form": form, "employee": employee}, status=400 if form.errors else 200
    )


@require_http_methods(["GET"])
def contacts_import_list(request, tenant_slug: str):
    membership_require(request.membership, Perm.USE_CONTACTS)
    page = paginate(request, selectors.contact_import_list(tenant=request.tenant, membership=request.membership))
    return render(request, "contacts/import_list.html", {"page": page, "querystring": querystring_without_page(request)})


@require_http_methods(["GET", "POST"])
def contacts_import_preview(request, tenant_slug: str, pk: int):
    membership_require(request.membership, Perm.USE_CONTACTS)
    contact_import = selectors.contact_import_get_for(tenant=request.tenant, membership=request.membership, pk=pk)
    if request.method == "POST" and (contact_import.status != ContactImport.Status.PREVIEW or contact_import.format != parsers.CSV):
        return HttpResponseBadRequest(_("The columns can only be changed on a CSV import that has not started."))
    if contact_import.status != ContactImport.Status.PREVIEW:
        return redirect("contacts_import_status", tenant_slug=request.tenant.slug, pk=contact_import.pk)
    mapping_form = None
    status = 200
    if contact_import.format == parsers.CSV:
        try:
            headers, _rows = parsers.csv_read(contact_import.content)
        except parsers.ImportFileError:
            headers = []
        mapping_form = ColumnMappingForm(request.POST if request.method == "POST" else None, headers=headers, initial=contact_import.column_mapping)
        if request.method == "POST":
            if mapping_form.is_valid():
                try:
                    service.contact_import_remap(
                        tenant=request.tenant, actor=request.user, contact_import=contact_import, column_mapping=mapping_form.cleaned_data
                    )
                except ValidationError as exc:
                    form_add_service_errors(mapping_form, exc)
                else:
                    messages.success(request, _("Columns updated: check the preview below."))
                    return redirect("contacts_import_preview", tenant_slug=request.tenant.slug, pk=contact_import.pk)
            status = 400
    page, action = _report_page(request, contact_import)
    return render(
        request,
        "contacts/import_preview.html",
        {"contact_import": contact_import, "mapping_form": mapping_form, "page": page, "action": action,
         "querystring": querystring_without_page(request)},
        status=status,
    )


@require_POST
def contacts_import_start(request, tenant_slug: str, pk: int):
    membership_require(request.membership, Perm.USE_CONTACTS)
    contact_import = selectors.contact_import_get_for(tenant=request.tenant, membership=request.membership, pk=pk)
    if contact_import.status == ContactImport.Status.PREVIEW:
        service.contact_import_start(tenant=request.tenant, actor=request.user, contact_import=contact_import)
        messages.success(request, _("Import started: you can leave this page, it goes on in the background."))
    return redirect("contacts_import_status", tenant_slug=request.tenant.slug, pk=contact_import.pk)


@require_http_methods(["GET"])
def contacts_import_status(request, tenant_slug: str, pk: int):
    membership_require(request.membership, Perm.USE_CONTACTS)
    contact_import = selectors.contact_import_get_for(tenant=request.tenant, membership=request.membership, pk=pk)
    if contact_import.status == ContactImport.Status.PREVIEW:
        return redirect("contacts_import_preview", tenant_slug=request.tenant.slug, pk=contact_import.pk)
    finished = contact_import.status in (ContactImport.Status.DONE, ContactImport.Status.FAILED)
    context = {"contact_import": contact_import, "finished": finished}
    if request.headers.get("HX-Request") or request.GET.get("fragment"):
        response = render(request, "contacts/import_progress.html", context)
        if finished and request.headers.get("HX-Request"):
            response["HX-Refresh"] = "true"  # the whole page, with the report
        return response
    page, action = _report_page(request, contact_import)
    context.update(
        page=page, action=action, querystring=querystring_without_page(request),
        created_list_url=_created_list_url(request, contact_import),
        undone="undone" in (contact_import.counts or {}),
    )
    return render(request, "contacts/import_status.html", context)


@require_POST
def contacts_import_undo(request, tenant_slug: str, pk: int):
    membership_require(request.membership, Perm.USE_CONTACTS)
    contact_import = selectors.contact_import_get_for(tenant=request.tenant, membership=request.membership, pk=pk)
    try:
        count = service.contact_import_undo(tenant=request.tenant, actor=request.user, contact_import=contact_import)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Import undone: %(count)s contacts removed.") % {"count": count})
    return redirect("contacts_import_status", tenant_slug=request.tenant.slug, pk=contact_import.pk)
