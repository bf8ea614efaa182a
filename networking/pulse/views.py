"""Pages of the conviction pulse (seed 001): the list, the answer form, the management forms and the results.

Thin views: permissions (bns.access, selectors.pulse_get_for: 404 for a pulse the member may not see), reads
through selectors.py, writes through services.py. No page lists who answered: a member only ever learns whether
their own employee record has answered.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bns import imports
from bns.access import membership_require
from bns.forms import form_add_service_errors
from bns.permissions import Perm
from bns.views.utils import paginate
from networking.models import Pulse
from networking.pulse import selectors, services
from networking.pulse.forms import PulseAnswerForm, PulseCreateForm, PulseForm


def _list_redirect(request):
    return redirect("networking_pulse_list", tenant_slug=request.tenant.slug)


def _rows(request, pulses, *, with_counts: bool) -> list[dict]:
    labels = selectors.audience_labels(tenant=request.tenant, pulses=pulses)
    return [
        {
            "pulse": p, "audience": labels[p.pk],
            "response_count": p.response_count if with_counts else None,
            "response_rate": selectors.rate(p.response_count, p.audience_size) if with_counts else None,
        }
        for p in pulses
    ]


@require_GET
def pulse_list(request, tenant_slug: str):
    membership = request.membership
    membership_require(membership, Perm.USE_NETWORKING)
    to_answer = selectors.pulses_open_for(tenant=request.tenant, employee=membership.employee)
    answered = selectors.pulse_answered_ids(tenant=request.tenant, employee=membership.employee,
                                            pulse_ids=[p.pk for p in to_answer])
    can_manage = membership.has_perm(Perm.MANAGE_PULSE)
    can_read = selectors.can_read_results(membership)
    page, rows = None, []
    if can_read:
        qs = selectors.pulses_visible(tenant=request.tenant, membership=membership)
        if not can_manage:
            qs = qs.exclude(status=Pulse.Status.DRAFT)
        page = paginate(request, qs, per_page=25)
        rows = _rows(request, list(page.object_list), with_counts=can_manage)
    return render(request, "networking/pulse/list.html", {
        "to_answer": [{"pulse": p, "answered": p.pk in answered} for p in to_answer],
        "has_employee": membership.employee_id is not None,
        "can_manage": can_manage, "can_read": can_read, "page": page, "rows": rows,
        "min_respondents": selectors.min_respondents(tenant=request.tenant),
    })


def _form_page(request, form, pulse, *, status: int = 200):
    return render(request, "networking/pulse/form.html", {"form": form, "pulse": pulse}, status=status)


@require_http_methods(["GET", "POST"])
def pulse_create(request, tenant_slug: str):
    membership_require(request.membership, Perm.MANAGE_PULSE)
    form = PulseCreateForm(request.POST or None, tenant=request.tenant)
    if request.method == "POST" and form.is_valid():
        try:
            pulse = services.pulse_create(tenant=request.tenant, actor=request.user, open_now=form.cleaned_data["open_now"],
                                          **form.service_values())
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            if pulse.status == Pulse.Status.OPEN:
                messages.success(request, _("Pulse \"%(title)s\" opened: the employees asked are told.") % {"title": pulse.title})
            else:
                messages.success(request, _("Pulse \"%(title)s\" saved as a draft.") % {"title": pulse.title})
            return _list_redirect(request)
    return _form_page(request, form, None, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def pulse_edit(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.MANAGE_PULSE)
    pulse = selectors.pulse_get_for(tenant=request.tenant, membership=request.membership, pk=pk)
    if pulse.status != Pulse.Status.DRAFT:  # nothing to change once open: say so, and refuse a post
        return _form_page(request, None, pulse, status=400 if request.method == "POST" else 200)
    initial = {"title": pulse.title, "opens_on": pulse.opens_on, "closes_on": pulse.closes_on,
               "sites": selectors.clean_ids(pulse.audience_site_ids), "departments": selectors.clean_ids(pulse.audience_department_ids)}
    form = PulseForm(request.POST or None, tenant=request.tenant, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.pulse_update(tenant=request.tenant, actor=request.user, pulse=pulse, **form.service_values())
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Draft saved."))
            return _list_redirect(request)
    return _form_page(request, form, pulse, status=400 if form.errors else 200)


def _transition(request, pk, service, done: str):
    membership_require(request.membership, Perm.MANAGE_PULSE)
    pulse = selectors.pulse_get_for(tenant=request.tenant, membership=request.membership, pk=pk)
    try:
        pulse = service(tenant=request.tenant, actor=request.user, pulse=pulse)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done % {"title": pulse.title})
    return _list_redirect(request)


@require_POST
def pulse_open(request, tenant_slug: str, pk):
    return _transition(request, pk, services.pulse_open, _("Pulse \"%(title)s\" opened: the employees asked are told."))


@require_POST
def pulse_close(request, tenant_slug: str, pk):
    return _transition(request, pk, services.pulse_close,
                       _("Pulse \"%(title)s\" closed: its results are shown if enough people answered."))


def _answer_state(request, pulse) -> str:
    """Why the member may not answer (empty: they may)."""
    membership = request.membership
    today = timezone.localdate()
    if membership.employee is None:
        return "no_employee"
    if pulse.status != Pulse.Status.OPEN or not pulse.opens_on <= today <= pulse.closes_on:
        return "not_open"
    if not selectors.employee_in_audience(pulse=pulse, employee=membership.employee):
        return "not_asked"
    if selectors.pulse_answered_ids(tenant=request.tenant, employee=membership.employee, pulse_ids=[pulse.pk]):
        return "answered"
    return ""


@require_http_methods(["GET", "POST"])
def pulse_answer(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.USE_NETWORKING)
    pulse = selectors.pulse_get_for(tenant=request.tenant, membership=request.membership, pk=pk)
    state = _answer_state(request, pulse)
    form = PulseAnswerForm(request.POST or None) if not state else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.pulse_answer_submit(tenant=request.tenant, actor=request.user, pulse=pulse, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you: your answer is recorded, without your name."))
            return _list_redirect(request)
    status = 400 if request.method == "POST" and (form is None or form.errors) else 200
    return render(request, "networking/pulse/answer.html", {
        "pulse": pulse, "form": form, "state": state, "min_respondents": selectors.min_respondents(tenant=request.tenant),
    }, status=status)


def _results_pulse(request, pk):
    membership_require(request.membership, Perm.USE_NETWORKING)
    if not selectors.can_read_results(request.membership):
        raise PermissionDenied
    return selectors.pulse_get_for(tenant=request.tenant, membership=request.membership, pk=pk)


@require_GET
def pulse_results(request, tenant_slug: str, pk):
    pulse = _results_pulse(request, pk)
    results = selectors.pulse_results(tenant=request.tenant, pulse=pulse)
    progress = None
    if pulse.status == Pulse.Status.OPEN and request.membership.has_perm(Perm.MANAGE_PULSE):
        count = selectors.response_count(tenant=request.tenant, pulse=pulse)
        progress = {"count": count, "rate": selectors.rate(count, pulse.audience_size)}
    return render(request, "networking/pulse/results.html", {
        "pulse": pulse, "results": results, "progress": progress,
        "audience": selectors.audience_labels(tenant=request.tenant, pulses=[pulse])[pulse.pk],
        "recommendations": [
            (_("Would you recommend our products or services to a friend?"), results.recommend_products),
            (_("Would you recommend working here to a friend?"), results.recommend_employer),
        ] if results.shown else [],
    })


class _SafeText:
    """Rows whose two text cells (question, answer or comment) are protected against spreadsheet formulas; the
    figures stay numbers (a negative NPS must not gain an apostrophe)."""

    def __init__(self, writer):
        self.writer = writer

    def writerow(self, row: list) -> None:
        self.writer.writerow([imports.csv_safe(row[0]), imports.csv_safe(row[1]), *row[2:]])


@require_GET
def pulse_results_export(request, tenant_slug: str, pk):
    """The aggregated results and the comments as CSV (UTF-8 BOM, ``;``): never one row per answer."""
    pulse = _results_pulse(request, pk)
    results = selectors.pulse_results(tenant=request.tenant, pulse=pulse)
    if not results.shown:
        messages.info(request, _("Nothing to export: results are shown once the pulse is closed with at least %(n)s answers.")
                      % {"n": results.min_respondents})
        return redirect("networking_pulse_results", tenant_slug=request.tenant.slug, pk=pulse.pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="pulse-{pulse.pk}-results-{timezone.localdate():%Y-%m-%d}.csv"'
    response.write(imports.CSV_BOM)
    csv = imports.csv_writer(response)
    writer = _SafeText(csv)
    writer.writerow([_("Question"), _("Answer"), _("Answers"), _("Percent")])
    writer.writerow([_("Respondents"), "", results.respondents, results.response_rate if results.response_rate is not None else ""])
    question = _("Have you already offered our products or services to your own circle?")
    for bar in results.offered_own_circle:
        writer.writerow([question, bar.label, bar.count, bar.percent])
    question = _("How proud are you of working for the group?")
    for bar in results.pride:
        writer.writerow([question, bar.label, bar.count, bar.percent])
    writer.writerow([question, _("Mean (1-5)"), "", results.pride_mean])
    for question, rec in (
        (_("Would you recommend our products or services to a friend?"), results.recommend_products),
        (_("Would you recommend working here to a friend?"), results.recommend_employer),
    ):
        for bar in rec.distribution:
            writer.writerow([question, bar.label, bar.count, bar.percent])
        writer.writerow([question, _("Promoters (9-10)"), rec.promoters, rec.promoters_percent])
        writer.writerow([question, _("Passives (7-8)"), rec.passives, rec.passives_percent])
        writer.writerow([question, _("Detractors (0-6)"), rec.detractors, rec.detractors_percent])
        writer.writerow([question, _("Net Promoter Score"), "", rec.nps])
        writer.writerow([question, _("Mean (0-10)"), "", rec.mean])
    for comment in results.comments:
        writer.writerow([_("Comment"), comment, "", ""])
    return response
