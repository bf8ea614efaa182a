"""Pages of networking activity: my week with the quick log, a colleague's week, edit/delete, person/account lookup,
CSV exports. Imports: import_views.py; tool licences: licence_views.py."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bns.access import membership_require
from bns.forms import form_add_service_errors
from bns.permissions import Perm
from contacts.models import Account
from networking.access import employee_networking_get_for
from networking.activity import exports, rules, selectors, services
from networking.activity.forms import (
    ActivityForm,
    GroupExportForm,
    account_label,
    accounts_search,
    person_label,
    persons_search,
)
from networking.models import ActivityChannel, ActivityKind

LOOKUP_LIMIT = 30


def _week_url(request, employee, day) -> str:
    mine = request.membership.employee_id == employee.pk
    if mine:
        url = reverse("networking_activity_mine", kwargs={"tenant_slug": request.tenant.slug})
    else:
        url = reverse("networking_activity_employee", kwargs={"tenant_slug": request.tenant.slug, "pk": employee.pk})
    return f"{url}?week={selectors.week_label(day)}"


def _week_context(request, employee) -> dict:
    monday = selectors.week_parse(request.GET.get("week"))
    week = selectors.activity_week(tenant=request.tenant, membership=request.membership, employee=employee, monday=monday)
    return {
        "employee": employee, "week": week, "kinds": ActivityKind.choices, "channels": ActivityChannel.choices,
        "measured": rules.WHAT_IS_MEASURED, "can_edit_any": request.membership.has_perm(Perm.MANAGE_NETWORKS),
        "compatibility": [(str(ActivityChannel(c).label), [str(ActivityKind(k).label) for k in ActivityKind.values if k in kinds])
                          for c, kinds in rules.KINDS_BY_CHANNEL.items()],
    }


@require_http_methods(["GET", "POST"])
def activity_mine(request, tenant_slug: str):
    """My week: the quick log (a button per kind), the counts, the list per day, the trend, my licences."""
    membership_require(request.membership, Perm.USE_NETWORKING)
    employee = request.membership.employee
    if employee is None:
        status = 400 if request.method == "POST" else 200
        return render(request, "networking/activity/week.html", {"employee": None, "mine": True,
                                                                  "measured": rules.WHAT_IS_MEASURED}, status=status)
    form = ActivityForm(request.POST if request.method == "POST" else None, tenant=request.tenant,
                        membership=request.membership, employee=employee)
    if request.method == "POST":
        if form.is_valid():
            try:
                activity = services.activity_log(tenant=request.tenant, actor=request.user, **form.service_values())
            except ValidationError as exc:
                form_add_service_errors(form, exc)
            else:
                messages.success(request, _("Logged: %(kind)s (%(channel)s) on %(date)s.") % {
                    "kind": activity.get_kind_display(), "channel": activity.get_channel_display(),
                    "date": activity.occurred_on.strftime("%d/%m/%Y")})
                return redirect(_week_url(request, employee, activity.occurred_on))
    context = _week_context(request, employee)
    context.update(mine=True, form=form, licences=list(selectors.licence_list(
        tenant=request.tenant, status="active", employee_id=employee.pk)))
    return render(request, "networking/activity/week.html", context, status=400 if form.errors else 200)


@require_GET
def activity_employee(request, tenant_slug: str, pk: int):
    """A colleague's week, for those who may see it (their manager line, the networking leads)."""
    membership_require(request.membership, Perm.USE_NETWORKING)
    employee = employee_networking_get_for(membership=request.membership, employee_id=pk)
    if employee.pk == request.membership.employee_id:
        return redirect(_week_url(request, employee, selectors.week_parse(request.GET.get("week"))))
    context = _week_context(request, employee)
    context.update(mine=False)
    return render(request, "networking/activity/week.html", context)


@require_http_methods(["GET", "POST"])
def activity_edit(request, tenant_slug: str, pk: int):
    membership_require(request.membership, Perm.USE_NETWORKING)
    activity = selectors.activity_get_for(tenant=request.tenant, membership=request.membership, pk=pk)
    if not services.activity_can_edit(request.membership, activity):
        raise PermissionDenied
    form = ActivityForm(request.POST if request.method == "POST" else None, tenant=request.tenant,
                        membership=request.membership, employee=activity.employee, instance=activity)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(tenant=request.tenant, actor=request.user, activity=activity, **form.service_values())
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Activity updated."))
            return redirect(_week_url(request, activity.employee, form.cleaned_data["occurred_on"]))
    back = _week_url(request, activity.employee, activity.occurred_on)
    return render(request, "networking/activity/activity_form.html", {"form": form, "activity": activity, "back": back},
                  status=400 if form.errors else 200)


@require_POST
def activity_delete(request, tenant_slug: str, pk: int):
    membership_require(request.membership, Perm.USE_NETWORKING)
    activity = selectors.activity_get_for(tenant=request.tenant, membership=request.membership, pk=pk)
    services.activity_delete(tenant=request.tenant, actor=request.user, activity=activity)
    messages.success(request, _("Activity deleted."))
    return redirect(_week_url(request, activity.employee, activity.occurred_on))


@require_GET
def activity_lookup(request, tenant_slug: str):
    """Options of the person or account select, for the search box next to it (HTMX), bounded."""
    membership_require(request.membership, Perm.USE_NETWORKING)
    what, q = request.GET.get("what", "person"), request.GET.get("q", "")[:100]
    if what == "account":
        found = accounts_search(Account.unscoped.filter(tenant=request.tenant), q)[:LOOKUP_LIMIT]
        options = [(a.pk, account_label(a)) for a in found]
    else:
        persons = rules.linkable_persons(tenant=request.tenant, membership=request.membership,
                                         employee=request.membership.employee)
        options = [(p.pk, person_label(p)) for p in persons_search(persons, q)[:LOOKUP_LIMIT]]
    return render(request, "networking/activity/_lookup_options.html", {"options": options, "limit": LOOKUP_LIMIT})


@require_GET
def activity_export_mine(request, tenant_slug: str):
    membership_require(request.membership, Perm.USE_NETWORKING)
    employee_id = request.membership.employee_id
    if employee_id is None:
        return HttpResponseBadRequest(_("You have no employee record in this group, so you have no activity to export."))
    rows = selectors.activity_export_rows(tenant=request.tenant, employee_id=employee_id)
    return exports.activity_csv_response(rows, filename="my-activity", group=False)


@require_GET
def activity_export_group(request, tenant_slug: str):
    """The group's activity (filters: dealership, department, dates): the form, then the CSV."""
    membership_require(request.membership, Perm.VIEW_NETWORKING)
    form = GroupExportForm(request.GET if request.GET.get("download") else None, tenant=request.tenant)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        services.activity_group_export_record(tenant=request.tenant, actor=request.user, filters={
            "site": getattr(data.get("site"), "pk", None), "department": getattr(data.get("department"), "pk", None),
            "from": data.get("date_from"), "to": data.get("date_to")})
        rows = selectors.activity_export_rows(
            tenant=request.tenant, site_id=data["site"].pk if data.get("site") else None,
            department_id=data["department"].pk if data.get("department") else None,
            date_from=data.get("date_from"), date_to=data.get("date_to"))
        return exports.activity_csv_response(rows, filename="group-activity", group=True)
    return render(request, "networking/activity/export_group.html", {"form": form, "max_rows": exports.EXPORT_MAX_ROWS},
                  status=400 if form.errors else 200)
