"""Pages of the networking score: my score, an employee's score, the group's scores (with CSV), the run's
progress and the "recompute now" button. The settings page is settings_views.py.

Thin views: permissions (bns.access, networking.access.employee_networking_get_for: 404 for an employee the
member may not see), reads through selectors.py, writes through services.py. The formula shown is the one in
formula.py, with the group's weights.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bns import imports
from bns.access import membership_require
from bns.permissions import Perm
from bns.services.audit import audit_record
from bns.views.utils import paginate, querystring_without_page
from networking.access import employee_networking_get_for
from networking.models import NetworkingScoreRun
from networking.score import formula, selectors, services
from networking.score.forms import ScoreGroupFilterForm

CHART_WIDTH, CHART_HEIGHT = 320, 100


def _chart(history) -> dict | None:
    """An inline SVG line of the totals, oldest first (no chart library: two points make a line)."""
    points = list(reversed(history))
    if len(points) < 2:
        return None
    step = CHART_WIDTH / (len(points) - 1)
    coords = [(round(i * step, 1), round(CHART_HEIGHT - float(s.total) * CHART_HEIGHT / 100, 1)) for i, s in enumerate(points)]
    return {
        "width": CHART_WIDTH, "height": CHART_HEIGHT,
        "polyline": " ".join(f"{x},{y}" for x, y in coords),
        # Strings, not floats: the template would localise 12.5 as "12,5" in French, which SVG does not read.
        "dots": [{"x": str(x), "y": str(y), "score": s} for (x, y), s in zip(coords, points, strict=True)],
    }


def _input_rows(score, weights) -> list[dict]:
    details = score.details if isinstance(score.details, dict) else {}
    values, points, used = details.get("inputs") or {}, details.get("points") or {}, details.get("weights") or {}
    rows = []
    for pillar in formula.PILLARS:
        items = []
        for spec in formula.pillar_inputs(pillar):
            w = used.get(spec.key) if isinstance(used.get(spec.key), dict) else weights[spec.key]
            got = formula.as_number(points.get(spec.key)) or 0.0
            weight = formula.as_number(w.get("weight")) or 0.0
            items.append({
                "label": spec.label, "measures": spec.measures,
                "value": formula.value_display(spec.key, values.get(spec.key, 0)),
                "target": formula.target_display(spec.key, w.get("target")),
                "points": round(got, 1), "weight": weight,
                "percent": int(100 * got / weight) if weight else 0,
            })
        value = getattr(score, pillar)
        rows.append({"pillar": pillar, "label": formula.PILLAR_LABELS[pillar], "help": formula.PILLAR_HELP[pillar],
                     "value": value, "percent": int(float(value) * 4), "inputs": items})
    return rows


def _next_steps(score) -> list[dict]:
    details = score.details if isinstance(score.details, dict) else {}
    steps = details.get("next_steps") or []
    return [{"text": formula.next_step_text(s), "gain": formula.gain_display(s.get("gain"))}
            for s in steps if isinstance(s, dict) and s.get("key") in formula.SPECS]


def _run_context(request) -> dict:
    run = selectors.score_run_latest(tenant=request.tenant)
    active = run is not None and run.status in services.ACTIVE_STATUSES
    return {"run": run, "run_active": active, "run_percent": selectors.run_percent(run)}


def _score_page(request, employee, *, is_self: bool):
    tenant = request.tenant
    history = selectors.score_history(tenant=tenant, employee_id=employee.pk)
    weights = selectors.score_weights_for(tenant=tenant)
    latest = history[0] if history else None
    return render(request, "networking/score/detail.html", {
        "employee": employee, "is_self": is_self, "score": latest, "history": history, "chart": _chart(history),
        "pillars": _input_rows(latest, weights) if latest else [],
        "next_steps": _next_steps(latest) if latest else [],
        "formula": formula.formula_rows(weights),
        "engage_days": formula.ENGAGE_WINDOW_DAYS,
        **_run_context(request),
    })


@require_GET
def score_mine(request, tenant_slug: str):
    membership_require(request.membership, Perm.USE_NETWORKING)
    employee = request.membership.employee
    if employee is None:
        return render(request, "networking/score/no_employee.html", {
            "formula": formula.formula_rows(selectors.score_weights_for(tenant=request.tenant)),
        })
    return _score_page(request, employee, is_self=True)


@require_GET
def score_employee(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.USE_NETWORKING)
    employee = employee_networking_get_for(membership=request.membership, employee_id=pk)
    return _score_page(request, employee, is_self=employee.pk == request.membership.employee_id)


def _group_filters(request) -> tuple[ScoreGroupFilterForm, dict]:
    choices = selectors.score_filter_choices(tenant=request.tenant)
    form = ScoreGroupFilterForm(request.GET or None, **choices)
    data = form.cleaned_data if form.is_valid() else {}
    return form, {
        "site_id": int(data["site"]) if data.get("site") else None,
        "department_id": int(data["department"]) if data.get("department") else None,
        "search": data.get("q", ""),
        "sort": data.get("sort") or "-total",
    }


@require_GET
def score_group(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_NETWORKING)
    form, filters = _group_filters(request)
    qs = selectors.score_group_list(tenant=request.tenant, **filters)
    page = paginate(request, qs, per_page=50)
    return render(request, "networking/score/group.html", {
        "form": form, "filters": filters, "page": page, "querystring": querystring_without_page(request),
        "export_query": request.GET.urlencode(),
        "has_filters": bool(filters["site_id"] or filters["department_id"] or filters["search"]),
        "averages": selectors.score_site_averages(qs),
        "pillar_labels": formula.PILLAR_LABELS,
        **_run_context(request),
    })


@require_GET
def score_group_export(request, tenant_slug: str):
    """The group's latest scores as CSV (UTF-8 BOM, ``;``), with the page's filters; in the audit trail."""
    membership_require(request.membership, Perm.VIEW_NETWORKING)
    _form, filters = _group_filters(request)
    rows = list(selectors.score_group_list(tenant=request.tenant, **filters))
    audit_record(tenant=request.tenant, actor=request.user, verb="networking.score_export",
                 data={"rows": len(rows), **{k: v for k, v in filters.items() if v}})
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="networking-scores-{timezone.localdate():%Y-%m-%d}.csv"'
    response.write(imports.CSV_BOM)
    writer = imports.csv_writer(response)
    writer.writerow([
        _("Employee"), _("Job title"), _("Dealership"), _("Department"), _("Computed on"), _("Score"),
        *[str(formula.PILLAR_LABELS[p]) for p in formula.PILLARS],
    ])
    for s in rows:
        e = s.employee
        writer.writerow([
            e.full_name, e.job_title, e.site.name if e.site_id else "", e.department.name if e.department_id else "",
            s.computed_on.isoformat(), str(s.total).replace(".", ","),
            *[str(getattr(s, p)).replace(".", ",") for p in formula.PILLARS],
        ])
    return response


@require_POST
def score_recompute(request, tenant_slug: str):
    """Ask for a computation of the group's scores now (one at a time: a run under way is kept)."""
    membership_require(request.membership, Perm.USE_NETWORKING)
    before = services.score_run_active(tenant=request.tenant)
    run = services.score_run_request(tenant=request.tenant, actor=request.user)
    run.refresh_from_db()  # without a worker (the embedded default) the run is already done after commit
    if before is not None and before.pk == run.pk:
        messages.info(request, _("A computation of the scores is already under way: it will be done in a moment."))
    elif run.status == NetworkingScoreRun.Status.DONE:
        messages.success(request, _("The scores have been computed again."))
    else:
        messages.success(request, _("The scores are being computed: this page follows the progress."))
    target = "networking_score_group" if request.POST.get("next") == "group" and request.membership.has_perm(
        Perm.VIEW_NETWORKING) else "networking_score_mine"
    return redirect(target, tenant_slug=request.tenant.slug)


@require_GET
def score_run_status(request, tenant_slug: str, pk):
    """The progress of a run: the fragment polled by the pages (HTMX), or a small page of its own."""
    membership_require(request.membership, Perm.USE_NETWORKING)
    run = selectors.score_run_get_for(tenant=request.tenant, pk=pk)
    context = {"run": run, "run_active": run.status in services.ACTIVE_STATUSES, "run_percent": selectors.run_percent(run)}
    if request.headers.get("HX-Request") or request.GET.get("fragment"):
        response = render(request, "networking/score/_run_progress.html", context)
        if not context["run_active"] and request.headers.get("HX-Request"):
            response["HX-Refresh"] = "true"  # the whole page, with the new scores
        return response
    return render(request, "networking/score/run.html", context)
