"""Pages of the coaching dashboards: the manager's team, a rep's page, and "my network".

- ``team/``: everyone below the member in the organisation chart (networking.access.team_ids). A member with no
  employee record or nobody reporting to them gets a page saying why (as networking's own team page does).
- ``team/<employee_pk>/``: one employee, for their manager line, themself and members with VIEW_NETWORKING; 404 for
  anyone else (networking.access.employee_networking_get_for). Coaching follow-ups are shown only to the employee's
  manager line and the employee (networking.access.coaching_visible): never to an executive outside the line.
- ``me/``: the member's own figures; a member without an employee record gets a page saying why.
- ``team/<employee_pk>/export/<table>/`` and ``me/export/<table>/``: each table of those two pages as CSV (the same
  file as the team's export: UTF-8 with BOM, ``;``, decimal comma), for exactly who sees the page, in the audit trail.
  The follow-ups' table exists only for the readers of the coaching notes (404 for anyone else, as for an unknown
  table); "my network" without an employee record has no table (404).

Thin views: permissions, then dashboards.coaching.selectors (a fixed number of queries whatever the team's size).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from bns import imports
from bns.access import membership_require
from bns.permissions import Perm
from bns.views.utils import paginate, querystring_without_page
from dashboards.coaching import charts, selectors, services
from dashboards.coaching.forms import TeamFilterForm
from networking.access import coaching_visible, employee_networking_get_for
from networking.score import formula

TEAM_PER_PAGE = 50


def _common(request, fresh) -> dict:
    return {
        "fresh": fresh,
        "can_refresh": request.membership.has_perm(Perm.REFRESH_DASHBOARDS),
        "weeks": selectors.WEEKS,
        "due_days": selectors.DUE_DAYS,
        "sharing_days": selectors.SHARING_DAYS,
        "pillar_labels": [(p, formula.PILLAR_LABELS[p]) for p in formula.PILLARS],
    }


def _team(request):
    """The member's team rows, filtered and sorted as asked: (me, team size, form, filters, rows shown, fresh)."""
    tenant = request.tenant
    me, ids = selectors.team_of(membership=request.membership)
    fresh = selectors.freshness_get(tenant=tenant)
    rows = selectors.team_rows(tenant=tenant, employee_ids=ids, fresh=fresh)
    form = TeamFilterForm(request.GET or None, sites=selectors.team_sites(rows))
    filters = form.filters()
    return me, len(ids), form, filters, selectors.team_filter(rows, **filters), fresh


@require_GET
def dashboards_team(request, tenant_slug: str):
    """The manager's coaching view: each rep's score and pillars, profile gaps, activity, relationships, referrals
    and due follow-ups, with the team's averages."""
    membership_require(request.membership, Perm.USE_NETWORKING)
    me, team_size, form, filters, rows, fresh = _team(request)
    page = paginate(request, rows, per_page=TEAM_PER_PAGE)
    return render(request, "dashboards/coaching/team.html", {
        **_common(request, fresh),
        "has_employee": me is not None, "team_size": team_size, "form": form, "filters": filters,
        "page": page, "rows": page.object_list, "averages": selectors.team_averages(rows),
        "querystring": querystring_without_page(request), "export_query": request.GET.urlencode(),
    })


def _num(value) -> str:
    """A figure for the CSV: decimal comma (the files open in a French spreadsheet), empty for no value."""
    if value is None:
        return ""
    return str(value).replace(".", ",")


@require_GET
def dashboards_team_export(request, tenant_slug: str):
    """The team's table as CSV (UTF-8 with BOM, ``;``), with the page's filter and sort, and the averages row; in
    the audit trail. A member with no team gets the header only."""
    membership_require(request.membership, Perm.USE_NETWORKING)
    _me, _size, _form, filters, rows, fresh = _team(request)
    services.team_export_record(tenant=request.tenant, actor=request.user, rows=len(rows), site_id=filters["site_id"],
                                sort=filters["sort"])
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="team-{fresh.as_of:%Y-%m-%d}.csv"'
    response.write(imports.CSV_BOM)
    writer = imports.csv_writer(response)
    weeks = selectors.WEEKS
    writer.writerow([
        _("Employee"), _("Job title"), _("Dealership"), _("Networking score"), *[str(formula.PILLAR_LABELS[p]) for p in formula.PILLARS],
        _("Score computed on"), _("Profile completeness (%)"), _("Profile items missing"),
        *[_("Activities, week %(n)s of %(weeks)s") % {"n": i + 1, "weeks": weeks} for i in range(weeks)],
        _("Activities in 30 days"), _("Active relationships"), _("Relationships shared (%)"),
        _("Referrals submitted (90 days)"), _("Referrals won (90 days)"), _("Deals from referrals (€, 90 days)"),
        _("Follow-ups due (7 days)"), _("Follow-ups overdue"), _("Figures as of"),
    ])
    as_of = fresh.day.isoformat() if fresh.day else ""
    for r in rows:
        e = r.employee
        writer.writerow([
            imports.csv_safe(e.full_name), imports.csv_safe(e.job_title), imports.csv_safe(e.site.name if e.site_id else ""),
            _num(r.score), *[_num(r.pillars[p]) for p in formula.PILLARS],
            r.score_on.isoformat() if r.score_on else "", _num(r.completeness), r.profile_gaps, *r.trend, _num(r.activity_30),
            r.relationships, _num(r.shared_percent), r.referrals_submitted, _num(r.referrals_won), _num(r.deal_value),
            r.follow_ups_due, r.follow_ups_overdue, as_of,
        ])
    averages = selectors.team_averages(rows)
    if averages is not None:
        a = averages
        writer.writerow([
            _("Team average (%(n)s)") % {"n": a.n}, "", "", _num(a.score), *[_num(a.pillars[p]) for p in formula.PILLARS], "",
            _num(a.completeness), _num(a.profile_gaps), *[_num(v) for v in a.trend], _num(a.activity_30), _num(a.relationships),
            _num(a.shared_percent), _num(a.referrals_submitted), _num(a.referrals_won), _num(a.deal_value),
            _num(a.follow_ups_due), "", as_of,
        ])
    return response


def _cell(value) -> str:
    """A cell of a page's table in the CSV: numbers with a decimal comma, dates in ISO, texts safe from formulas."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localdate(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return _num(value)
    return imports.csv_safe(value)


def _table_response(table: selectors.Table, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(imports.CSV_BOM)
    writer = imports.csv_writer(response)
    writer.writerow([imports.csv_safe(c) for c in table.columns])
    for row in table.rows:
        writer.writerow([_cell(v) for v in row])
    return response


def _exports(keys, url_name: str, **kwargs) -> dict:
    """The "Export (CSV)" links of a page's tables: {key: {"url", "title"}}."""
    return {key: {"url": reverse(url_name, kwargs={**kwargs, "table": key}), "title": selectors.TABLE_TITLES[key]} for key in keys}


def _person_context(request, page) -> dict:
    return {
        **_common(request, page.fresh),
        "p": page,
        "employee": page.employee,
        "chart": charts.score_trend_figure(history=page.history, trend=page.trend),
        "profile_steps_shown": page.profile_steps[:5],
    }


def _rep_page(request, employee_pk):
    """(employee, whether the reader sees the coaching notes, the page): 404 for whom may not see the page."""
    membership_require(request.membership, Perm.USE_NETWORKING)
    membership = request.membership
    employee = employee_networking_get_for(membership=membership, employee_id=employee_pk)
    notes_visible = coaching_visible(membership=membership, employee=employee)
    fresh = selectors.freshness_get(tenant=request.tenant)
    page = selectors.person_page(tenant=request.tenant, employee=employee, fresh=fresh, notes_visible=notes_visible)
    return employee, notes_visible, page


@require_GET
def dashboards_rep(request, tenant_slug: str, employee_pk):
    """A rep's page for their manager line (also open to the rep and to members with VIEW_NETWORKING; 404 for
    anyone else): the score's breakdown and trend, the three actions that would raise it most, profile gaps,
    activity, contacts, referrals and, for the manager line only, due follow-ups."""
    employee, notes_visible, page = _rep_page(request, employee_pk)
    keys = [k for k in selectors.REP_TABLE_KEYS if notes_visible or k != "follow_ups"]
    return render(request, "dashboards/coaching/rep.html", {
        **_person_context(request, page),
        "is_self": request.membership.employee_id == employee.pk,
        "notes_visible": notes_visible,
        "exports": _exports(keys, "dashboards_rep_export", tenant_slug=tenant_slug, employee_pk=employee.pk),
    })


@require_GET
def dashboards_rep_export(request, tenant_slug: str, employee_pk, table: str):
    """One table of a rep's page as CSV, for exactly who sees the page (404 for anyone else); the follow-ups only
    for the readers of the coaching notes; in the audit trail."""
    membership_require(request.membership, Perm.USE_NETWORKING)
    if table not in selectors.REP_TABLE_KEYS:
        raise Http404
    employee, _notes, page = _rep_page(request, employee_pk)
    found = selectors.person_tables(page).get(table)
    if found is None:
        raise Http404
    services.person_export_record(tenant=request.tenant, actor=request.user, employee=employee, table=table, rows=len(found.rows))
    return _table_response(found, f"networking-{employee.pk}-{table}-{page.fresh.as_of:%Y-%m-%d}.csv")


@require_GET
def dashboards_me(request, tenant_slug: str):
    """"My network": my score and trend, my contacts' figures, what waits for my answer, my referrals and rewards."""
    membership_require(request.membership, Perm.USE_NETWORKING)
    membership = request.membership
    employee = membership.employee
    fresh = selectors.freshness_get(tenant=request.tenant)
    if employee is None:
        return render(request, "dashboards/coaching/me.html", {**_common(request, fresh), "has_employee": False})
    page = selectors.person_page(tenant=request.tenant, employee=employee, fresh=fresh, notes_visible=False)
    return render(request, "dashboards/coaching/me.html", {
        **_person_context(request, page),
        "has_employee": True,
        "waiting": selectors.waiting_for(tenant=request.tenant, membership=membership),
        "rewards": selectors.rewards_of(tenant=request.tenant, employee_id=employee.pk),
        "exports": _exports(selectors.ME_TABLE_KEYS, "dashboards_me_export", tenant_slug=tenant_slug),
    })


@require_GET
def dashboards_me_export(request, tenant_slug: str, table: str):
    """One table of "my network" as CSV (404 for a member without an employee record: the page has no table); in the
    audit trail."""
    membership_require(request.membership, Perm.USE_NETWORKING)
    membership = request.membership
    employee = membership.employee
    if employee is None or table not in selectors.ME_TABLE_KEYS:
        raise Http404
    tenant = request.tenant
    page = selectors.person_page(tenant=tenant, employee=employee, fresh=selectors.freshness_get(tenant=tenant), notes_visible=False)
    found = selectors.person_tables(
        page,
        intro_requests=selectors.intro_requests_waiting(tenant=tenant, membership=membership) if table == "waiting" else None,
        rewards=selectors.rewards_of(tenant=tenant, employee_id=employee.pk) if table == "rewards" else None,
    )[table]
    services.person_export_record(tenant=tenant, actor=request.user, employee=employee, table=table, rows=len(found.rows), own=True)
    return _table_response(found, f"my-network-{table}-{page.fresh.as_of:%Y-%m-%d}.csv")
