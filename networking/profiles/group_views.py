"""The group's profile completeness (Perm.VIEW_NETWORKING): per employee, per dealership, and its CSV export.

Completeness is computed in SQL (selectors.employee_completeness_list), so filters, pagination and averages cost a
fixed number of queries whatever the number of employees.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from bns.access import membership_require
from bns.permissions import Perm
from bns.views.utils import paginate, querystring_without_page
from networking.models import Platform
from networking.profiles import exports, selectors
from networking.profiles.forms import GroupFilterForm

PER_PAGE = 50


def _filters(request) -> tuple[GroupFilterForm, selectors.GroupFilters]:
    sites, departments = selectors.group_filter_choices(tenant=request.tenant)
    form = GroupFilterForm(request.GET or None, sites=sites, departments=departments)
    form.is_valid()  # invalid values (another group's dealership, "abc %") are dropped, the valid ones kept
    data = getattr(form, "cleaned_data", {})
    filters = selectors.GroupFilters(site=data.get("site"), department=data.get("department"),
                                     search=(data.get("q") or "").strip(), below=data.get("below"))
    return form, filters


@require_GET
def profiles_group(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_NETWORKING)
    form, filters = _filters(request)
    page = paginate(request, selectors.employee_completeness_list(tenant=request.tenant, filters=filters), per_page=PER_PAGE)
    employees = list(page.object_list)
    by_platform = selectors.platform_completeness(tenant=request.tenant, employee_ids=[e.pk for e in employees])
    rows = [{"employee": e, "platforms": [by_platform[e.pk].get(p) for p in Platform.values]} for e in employees]
    averages, overall = selectors.site_averages(tenant=request.tenant, filters=filters)
    return render(request, "networking/profiles/group.html", {
        "form": form, "filters": filters, "page": page, "rows": rows, "platforms": Platform.choices,
        "averages": averages, "overall": overall, "querystring": querystring_without_page(request),
        "export_query": request.GET.urlencode(),
    })


@require_GET
def profiles_group_export(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_NETWORKING)
    _form, filters = _filters(request)
    text, _count = exports.group_completeness_csv(tenant=request.tenant, actor=request.user, filters=filters)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="profiles-{request.tenant.slug}-{timezone.localdate():%Y-%m-%d}.csv"'
    return response
