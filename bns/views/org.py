"""Pages for the group's organisation: dealerships, departments, employees (and their CSV import)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bns import imports, selectors
from bns.access import membership_require
from bns.forms import form_add_service_errors
from bns.forms.org import DepartmentForm, EmployeeForm, EmployeeImportForm, SiteForm
from bns.permissions import Perm
from bns.services import org as org_services
from bns.services.audit import audit_record
from bns.views.utils import paginate, querystring_without_page

# --- Dealerships --------------------------------------------------------------------------------------


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
    form = SiteForm(request.POST if request.method == "POST" else None, tenant=request.tenant)
    if request.method == "POST" and form.is_valid():
        try:
            site = org_services.site_create(tenant=request.tenant, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Dealership “%(name)s” created.") % {"name": site.name})
            return redirect("site_list", tenant_slug=request.tenant.slug)
    return render(request, "bns/org/site_form.html", {"form": form, "site": None}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def site_edit(request, tenant_slug: str, pk: int):
    membership_require(request.membership, Perm.VIEW_GROUP)
    site = selectors.site_get_for(tenant=request.tenant, pk=pk)
    membership_require(request.membership, Perm.MANAGE_ORG)
    form = SiteForm(request.POST if request.method == "POST" else None, tenant=request.tenant, instance=site)
    if request.method == "POST" and form.is_valid():
        try:
            org_services.site_update(tenant=request.tenant, actor=request.user, site=site, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
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


# --- Departments --------------------------------------------------------------------------------------


@require_GET
def department_list(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_GROUP)
    search = request.GET.get("q", "").strip()
    page = paginate(request, selectors.department_list(tenant=request.tenant, search=search))
    return render(
        request,
        "bns/org/department_list.html",
        {"page": page, "search": search, "querystring": querystring_without_page(request)},
    )


@require_http_methods(["GET", "POST"])
def department_create(request, tenant_slug: str):
    membership_require(request.membership, Perm.MANAGE_ORG)
    form = DepartmentForm(request.POST if request.method == "POST" else None, tenant=request.tenant)
    if request.method == "POST" and form.is_valid():
        try:
            department = org_services.department_create(tenant=request.tenant, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Department “%(name)s” created.") % {"name": department.name})
            return redirect("department_list", tenant_slug=request.tenant.slug)
    return render(
        request, "bns/org/department_form.html", {"form": form, "department": None}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def department_edit(request, tenant_slug: str, pk: int):
    membership_require(request.membership, Perm.VIEW_GROUP)
    department = selectors.department_get_for(tenant=request.tenant, pk=pk)
    membership_require(request.membership, Perm.MANAGE_ORG)
    form = DepartmentForm(request.POST if request.method == "POST" else None, tenant=request.tenant, instance=department)
    if request.method == "POST" and form.is_valid():
        try:
            org_services.department_update(
                tenant=request.tenant, actor=request.user, department=department, **form.cleaned_data
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Department “%(name)s” saved.") % {"name": department.name})
            return redirect("department_list", tenant_slug=request.tenant.slug)
    return render(
        request, "bns/org/department_form.html", {"form": form, "department": department}, status=400 if form.errors else 200
    )


@require_POST
def department_delete(request, tenant_slug: str, pk: int):
    department = selectors.department_get_for(tenant=request.tenant, pk=pk)
    membership_require(request.membership, Perm.MANAGE_ORG)
    name = department.name
    org_services.department_delete(tenant=request.tenant, actor=request.user, department=department)
    messages.success(request, _("Department “%(name)s” deleted; its employees are kept, with no department.") % {"name": name})
    return redirect("department_list", tenant_slug=request.tenant.slug)


# --- Employees ----------------------------------------------------------------------------------------

# ?active= values: "1" (default: active only), "0" (inactive only), "all".
_ACTIVE_FILTER = {"1": True, "0": False, "all": None}


def _int_or_none(value) -> int | None:
    """A positive database id from a query parameter, or None (never an overflow in the query)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


def _employee_filters(request) -> dict:
    """The list's search and filters from the query string; bad values are ignored, never a 500."""
    active = request.GET.get("active", "1")
    if active not in _ACTIVE_FILTER:
        active = "1"
    return {
        "search": request.GET.get("q", "").strip(),
        "site_id": _int_or_none(request.GET.get("site")),
        "department_id": _int_or_none(request.GET.get("department")),
        "active_param": active,
        "active": _ACTIVE_FILTER[active],
    }


def _employee_queryset(request, filters: dict):
    return selectors.employee_list(
        tenant=request.tenant,
        search=filters["search"],
        site_id=filters["site_id"],
        department_id=filters["department_id"],
        active=filters["active"],
    )


@require_GET
def employee_list(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_GROUP)
    filters = _employee_filters(request)
    page = paginate(request, _employee_queryset(request, filters))
    filtered = bool(filters["search"] or filters["site_id"] or filters["department_id"] or filters["active_param"] != "1")
    has_any = bool(page.object_list) or selectors.employee_list(tenant=request.tenant).exists()
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "bns/org/employee_list.html",
        {
            "page": page,
            "filters": filters,
            "filtered": filtered,
            "has_any": has_any,
            "sites": selectors.site_list(tenant=request.tenant),
            "departments": selectors.department_list(tenant=request.tenant),
            "querystring": params.urlencode(),
        },
    )


@require_GET
def employee_export(request, tenant_slug: str):
    """The filtered list as CSV for Excel: UTF-8 with BOM, ``;`` separated (see bns.imports); re-importable."""
    membership_require(request.membership, Perm.VIEW_GROUP)
    filters = _employee_filters(request)
    employees = _employee_queryset(request, filters)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"employees-{request.tenant.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(imports.CSV_BOM)
    writer = imports.csv_writer(response)
    writer.writerow(imports.employee_csv_header())
    count = 0
    for employee in employees.iterator(chunk_size=500):
        writer.writerow(imports.employee_csv_row(employee))
        count += 1
    # Employees are people: who exported the directory, and how much of it, is on record.
    audit_record(
        tenant=request.tenant,
        actor=request.user,
        verb="employee.export",
        object_type="employee",
        data={"count": count, "filters": {k: v for k, v in filters.items() if k != "active" and v}},
    )
    return response


@require_http_methods(["GET", "POST"])
def employee_create(request, tenant_slug: str):
    membership_require(request.membership, Perm.MANAGE_ORG)
    form = EmployeeForm(request.POST if request.method == "POST" else None, tenant=request.tenant)
    if request.method == "POST" and form.is_valid():
        try:
            employee = org_services.employee_create(tenant=request.tenant, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Employee “%(name)s” added.") % {"name": employee.full_name})
            return redirect("employee_detail", tenant_slug=request.tenant.slug, pk=employee.pk)
    return render(request, "bns/org/employee_form.html", {"form": form, "employee": None}, status=400 if form.errors else 200)


def _manager_line(*, tenant, employee, limit: int = 20) -> list:
    """The employee's manager, their manager, and so on up to the top (bounded, loop-safe)."""
    line, seen = [], {employee.pk}
    current = employee.manager
    while current is not None and current.pk not in seen and len(line) < limit:
        line.append(current)
        seen.add(current.pk)
        current = selectors.employee_get_for(tenant=tenant, pk=current.manager_id) if current.manager_id else None
    return line


@require_GET
def employee_detail(request, tenant_slug: str, pk: int):
    membership_require(request.membership, Perm.VIEW_GROUP)
    employee = selectors.employee_get_for(tenant=request.tenant, pk=pk)
    reports = selectors.employee_list(tenant=request.tenant).filter(manager_id=employee.pk)
    return render(
        request,
        "bns/org/employee_detail.html",
        {
            "employee": employee,
            "manager_line": _manager_line(tenant=request.tenant, employee=employee),
            "reports": list(reports),
        },
    )


@require_http_methods(["GET", "POST"])
def employee_edit(request, tenant_slug: str, pk: int):
    membership_require(request.membership, Perm.VIEW_GROUP)
    employee = selectors.employee_get_for(tenant=request.tenant, pk=pk)
    membership_require(request.membership, Perm.MANAGE_ORG)
    form = EmployeeForm(request.POST if request.method == "POST" else None, tenant=request.tenant, instance=employee)
    if request.method == "POST" and form.is_valid():
        try:
            org_services.employee_update(tenant=request.tenant, actor=request.user, employee=employee, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Employee “%(name)s” saved.") % {"name": employee.full_name})
            return redirect("employee_detail", tenant_slug=request.tenant.slug, pk=employee.pk)
    return render(
        request, "bns/org/employee_form.html", {"form": form, "employee": employee}, status=400 if form.errors else 200
    )


@require_POST
def employee_toggle_active(request, tenant_slug: str, pk: int):
    employee = selectors.employee_get_for(tenant=request.tenant, pk=pk)
    membership_require(request.membership, Perm.MANAGE_ORG)
    active = not employee.is_active
    org_services.employee_update(tenant=request.tenant, actor=request.user, employee=employee, is_active=active)
    if active:
        messages.success(request, _("“%(name)s” is active again.") % {"name": employee.full_name})
    else:
        messages.success(
            request, _("“%(name)s” is deactivated: kept in the records, hidden from the default list.") % {"name": employee.full_name}
        )
    return redirect("employee_detail", tenant_slug=request.tenant.slug, pk=employee.pk)


# --- Employee CSV import ------------------------------------------------------------------------------


def _import_session_key(tenant) -> str:
    return f"bns.employee_import.{tenant.pk}"


@require_http_methods(["GET", "POST"])
def employee_import(request, tenant_slug: str):
    """Upload -> preview (the decoded file waits in the session) -> confirm -> applied in one transaction."""
    membership_require(request.membership, Perm.MANAGE_ORG)
    max_rows = settings.BNS_EMPLOYEE_IMPORT_MAX_ROWS
    key = _import_session_key(request.tenant)

    if request.method == "POST" and "confirm" in request.POST:
        pending = request.session.get(key)
        if not pending or not secrets.compare_digest(str(pending.get("token", "")), request.POST.get("token", "")):
            messages.error(request, _("This preview is no longer valid: upload the file again."))
            return redirect("employee_import", tenant_slug=request.tenant.slug)
        try:
            plan = imports.employee_import_apply(
                tenant=request.tenant, actor=request.user, text=pending["text"], filename=pending["filename"], max_rows=max_rows
            )
        except imports.ImportApplyError as exc:
            if exc.row is None:
                message = _("Nothing was imported (%(reason)s). The data changed since the preview; upload the file again.") % {
                    "reason": exc.message
                }
            else:
                message = _(
                    "Nothing was imported: row %(row)s was refused (%(reason)s). The data changed since the preview; "
                    "upload the file again."
                ) % {"row": exc.row, "reason": exc.message}
            messages.error(request, message)
            return redirect("employee_import", tenant_slug=request.tenant.slug)
        del request.session[key]
        if plan.file_error:
            messages.error(request, plan.file_error)
            return redirect("employee_import", tenant_slug=request.tenant.slug)
        return render(request, "bns/org/employee_import_report.html", {"plan": plan, "filename": pending["filename"]})

    form = EmployeeImportForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text, encoding = imports.employee_csv_decode(upload.read())
        except imports.ImportFileError as exc:
            form.add_error("file", exc.message)
        else:
            plan = imports.employee_import_plan(tenant=request.tenant, text=text, max_rows=max_rows)
            plan.encoding = encoding
            if plan.file_error:
                form.add_error("file", plan.file_error)
            else:
                token = secrets.token_urlsafe(16)
                request.session[key] = {"token": token, "text": text, "filename": upload.name[:200]}
                return render(
                    request,
                    "bns/org/employee_import.html",
                    {"form": None, "plan": plan, "token": token, "filename": upload.name, "max_rows": max_rows},
                )
    return render(
        request,
        "bns/org/employee_import.html",
        {"form": form, "plan": None, "max_rows": max_rows, "columns": imports.employee_csv_header()},
        status=400 if form.errors else 200,
    )


@require_GET
def employee_import_template(request, tenant_slug: str):
    """The header line to fill in, in the format Excel FR opens directly (UTF-8 BOM, ``;``)."""
    membership_require(request.membership, Perm.MANAGE_ORG)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="employees-template.csv"'
    response.write(imports.CSV_BOM)
    imports.csv_writer(response).writerow(imports.employee_csv_header())
    return response
