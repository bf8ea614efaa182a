"""The CoDir dashboards' pages, under /g/<tenant_slug>/dashboards/: the group (CoDir), one dealership, one department,
the metric definitions, "refresh now" with its progress bar, and the CSV export of every table.

Thin views: the figures come from dashboards/codir/selectors.py (snapshot rows only), the refresh from
dashboards.services.snapshot_request. Group, dealership and department dashboards need Perm.VIEW_DASHBOARDS (every
dealership of the group, for simplicity); refreshing needs Perm.REFRESH_DASHBOARDS; the definitions are open to every
member of the group.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_POST

from bns import imports
from bns.access import membership_require
from bns.permissions import Perm
from bns.programme.objectives.progress import unit_label
from bns.selectors import department_get_for, site_get_for
from dashboards.catalogue import METRICS, metric_get
from dashboards.codir import selectors
from dashboards.codir.charts import page_charts
from dashboards.models import Level, SnapshotRun
from dashboards.selectors import snapshot_run_get, snapshot_table
from dashboards.services import snapshot_request

SCOPE_LABELS = {"group": Level.GROUP.label, "site": Level.SITE.label, "department": Level.DEPARTMENT.label,
                "employee": Level.EMPLOYEE.label}


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _dashboards_root(request) -> str:
    return reverse("dashboards_codir", kwargs={"tenant_slug": request.tenant.slug})


def _safe_next(request, value) -> str:
    """A page of this group's dashboards to come back to (the CoDir dashboard otherwise)."""
    root = _dashboards_root(request)
    if (isinstance(value, str) and value.startswith(root) and "\x00" not in value
            and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}, require_https=request.is_secure())):
        return value
    return root


def _scope(request, *, site_pk=None, department_pk=None):
    """(level, entity) of a page or an export: the group, or one of the group's dealerships / departments (404 else)."""
    if site_pk not in (None, ""):
        return Level.SITE, site_get_for(tenant=request.tenant, pk=site_pk)
    if department_pk not in (None, ""):
        return Level.DEPARTMENT, department_get_for(tenant=request.tenant, pk=department_pk)
    return Level.GROUP, None


def _render_dashboard(request, level, entity, template: str):
    membership_require(request.membership, Perm.VIEW_DASHBOARDS)
    page = selectors.dashboard_page(tenant=request.tenant, membership=request.membership, level=level, entity=entity)
    export_query = {Level.SITE: f"?site={entity.pk}" if entity else "", Level.DEPARTMENT: f"?department={entity.pk}" if entity else ""}
    next_url = request.get_full_path()
    active = _progress_context(request, page.active_run, next_url)["progress_url"] if page.active_run else ""
    return render(request, template, {
        "page": page,
        "active_progress_url": active,
        "charts": page_charts(page),
        "tables": selectors.page_tables(page),
        "export_query": export_query.get(level, ""),
        "can_refresh": request.membership.has_perm(Perm.REFRESH_DASHBOARDS),
        "next_url": next_url,
    })


@require_GET
def dashboards_codir(request, tenant_slug: str):
    return _render_dashboard(request, Level.GROUP, None, "dashboards/codir/codir.html")


@require_GET
def dashboards_site(request, tenant_slug: str, pk: int):
    membership_require(request.membership, Perm.VIEW_DASHBOARDS)
    return _render_dashboard(request, Level.SITE, site_get_for(tenant=request.tenant, pk=pk), "dashboards/codir/entity.html")


@require_GET
def dashboards_department(request, tenant_slug: str, pk: int):
    membership_require(request.membership, Perm.VIEW_DASHBOARDS)
    return _render_dashboard(request, Level.DEPARTMENT, department_get_for(tenant=request.tenant, pk=pk),
                             "dashboards/codir/entity.html")


@require_GET
def dashboards_export(request, tenant_slug: str, table: str):
    """One table of the CoDir dashboard (or of a dealership's with ?site=, a department's with ?department=) as CSV."""
    membership_require(request.membership, Perm.VIEW_DASHBOARDS)
    if table not in selectors.TABLE_KEYS:
        raise Http404
    level, entity = _scope(request, site_pk=request.GET.get("site"), department_pk=request.GET.get("department"))
    page = selectors.dashboard_page(tenant=request.tenant, membership=request.membership, level=level, entity=entity)
    found = selectors.page_tables(page).get(table)
    if found is None:
        raise Http404
    scope = f"-{level}-{entity.pk}" if entity is not None else ""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dashboard{scope}-{table}-{page.day:%Y-%m-%d}.csv"'
    response.write(imports.CSV_BOM)
    writer = imports.csv_writer(response)
    writer.writerow([imports.csv_safe(c) for c in found.columns])
    for row in found.rows:
        writer.writerow([imports.csv_safe("" if cell.raw is None else cell.raw) for cell in row])
    return response


# --- Definitions ------------------------------------------------------------------------------------------------


@require_GET
def dashboards_metric_list(request, tenant_slug: str):
    """The catalogue: every metric with its formula (any member of the group)."""
    run = selectors.page_run(tenant=request.tenant)
    rows = [{"metric": m, "unit": unit_label(m.unit), "scopes": ", ".join(str(SCOPE_LABELS[s]) for s in m.scopes)}
            for m in METRICS]
    return render(request, "dashboards/codir/metric_list.html", {"rows": rows, "run": run})


@require_GET
def dashboards_metric_detail(request, tenant_slug: str, key: str):
    metric = metric_get(key)
    if metric is None:
        raise Http404
    run = selectors.page_run(tenant=request.tenant)
    value = None
    may_see = request.membership.has_perm(Perm.VIEW_DASHBOARDS)
    if run is not None and may_see and "group" in metric.scopes:
        value = snapshot_table(tenant=request.tenant, day=run.day, level=Level.GROUP, metric_keys=[key]).get(None, {}).get(key)
    return render(request, "dashboards/codir/metric_detail.html", {
        "metric": metric, "run": run, "value_text": selectors.value_text(value, metric.unit) if may_see and run else "",
        "scopes": [str(SCOPE_LABELS[s]) for s in metric.scopes], "unit": unit_label(metric.unit),
    })


# --- Refresh ---------------------------------------------------------------------------------------------------


def _progress_context(request, run: SnapshotRun, next_url: str) -> dict:
    url = reverse("dashboards_run_progress", kwargs={"tenant_slug": request.tenant.slug, "pk": run.pk})
    return {"run": run, "progress_url": f"{url}?{urlencode({'next': next_url})}", "next_url": next_url,
            "finished": run.status in (SnapshotRun.Status.DONE, SnapshotRun.Status.FAILED)}


@require_POST
def dashboards_refresh(request, tenant_slug: str):
    """Ask for the snapshot to be computed now (executives and administrators); then the progress bar."""
    membership_require(request.membership, Perm.REFRESH_DASHBOARDS)
    run = snapshot_request(tenant=request.tenant, actor=request.user)  # PermissionDenied (403) for anyone else
    next_url = _safe_next(request, request.POST.get("next"))
    if _is_htmx(request):
        return render(request, "dashboards/codir/_progress.html", _progress_context(request, run, next_url))
    url = reverse("dashboards_run_progress", kwargs={"tenant_slug": tenant_slug, "pk": run.pk})
    return redirect(f"{url}?{urlencode({'next': next_url})}")


@require_GET
def dashboards_run_progress(request, tenant_slug: str, pk: int):
    """A run's progress: the bar fragment HTMX polls every second, or a page refreshing itself without JavaScript."""
    membership_require(request.membership, Perm.VIEW_DASHBOARDS)
    run = snapshot_run_get(tenant=request.tenant, pk=pk)
    if run is None:
        raise Http404
    context = _progress_context(request, run, _safe_next(request, request.GET.get("next")))
    if _is_htmx(request):
        return render(request, "dashboards/codir/_progress.html", context)
    return render(request, "dashboards/codir/run_progress.html", context)
