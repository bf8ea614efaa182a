"""Pages of step 2 (the self-assessment), under /g/<tenant_slug>/programme/diagnostic/: the results (declared level per
dimension beside the measured one, and the gap), the questionnaire, and the CSV export.

Thin views: reads from selectors.py, writes through services.py. Every member reads the aggregates; only the
programme's editors (Perm.MANAGE_PROGRAMME or the process owner) see who answered what. Pages show the current
iteration, or the one named by ``?programme=<pk>``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bns import imports
from bns.access import membership_require
from bns.permissions import Perm
from bns.programme.access import programme_can_edit, programme_current
from bns.programme.diagnostic import selectors, services
from bns.programme.diagnostic.charts import diagnostic_chart_data
from bns.programme.diagnostic.forms import DiagnosticAnswerForm
from bns.programme.diagnostic.measures import Indicator
from bns.programme.diagnostic.questionnaire import DIMENSION_BY_KEY, DIMENSIONS, QUESTIONS, as_mean
from bns.programme.models import Programme
from bns.programme.objectives.progress import unit_label
from bns.programme.objectives.smart import num
from bns.programme.strategy.common import programme_from_request
from bns.views.utils import paginate, querystring_without_page

RESPONDENTS_PER_PAGE = 25


def _is_current(request, programme: Programme) -> bool:
    current = programme_current(tenant=request.tenant)
    return current is not None and current.pk == programme.pk


def _page_url(request, programme: Programme, name: str = "programme_diagnostic", *, is_current: bool | None = None) -> str:
    url = reverse(name, kwargs={"tenant_slug": request.tenant.slug})
    if is_current is None:
        is_current = _is_current(request, programme)
    return url if is_current else f"{url}?programme={programme.pk}"


def _iterations(request) -> list[dict]:
    return list(Programme.unscoped.filter(tenant=request.tenant).order_by("-iteration").values("pk", "iteration", "title", "status"))


def indicator_value(indicator: Indicator) -> str:
    """A measured figure as people read it ("42 %", "3.5/5", "6 per employee"); "" without a value."""
    if indicator.value is None:
        return ""
    if indicator.key == "pulse_pride":
        return f"{num(indicator.value)}/5"
    unit = unit_label(indicator.unit)
    return f"{num(indicator.value)}\u00a0{unit}" if unit and indicator.unit != "count" else num(indicator.value)


def _rows(results: selectors.DiagnosticResults) -> list[dict]:
    rows = []
    for d in results.dimensions:
        indicators = [{"indicator": i, "value": indicator_value(i)} for i in (d.measure.indicators if d.measure else [])]
        rows.append({"d": d, "indicators": indicators})
    return rows


def _respondent_table(request, programme: Programme):
    page = paginate(request, selectors.respondent_rows(tenant=request.tenant, programme=programme), per_page=RESPONDENTS_PER_PAGE)
    rows = []
    for row in page.object_list:
        means = [as_mean(row[f"mean_{d.key}"]) for d in DIMENSIONS]
        rows.append({"name": f"{row['respondent__first_name']} {row['respondent__last_name']}".strip(),
                     "job_title": row["respondent__job_title"], "n": row["n"], "last": row["last"], "means": means})
    return page, rows


@require_GET
def programme_diagnostic(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    programme = programme_from_request(request)
    if programme is None:
        return render(request, "bns/programme/diagnostic/results.html", {"programme": None})
    membership = request.membership
    results = selectors.diagnostic_results(tenant=request.tenant, programme=programme)
    is_editor = programme_can_edit(membership=membership, programme=programme)
    is_current = _is_current(request, programme)
    mine = selectors.my_answers(tenant=request.tenant, programme=programme, employee=membership.employee_id)
    context = {
        "programme": programme,
        "is_current": is_current,
        "iterations": _iterations(request),
        "results": results,
        "rows": _rows(results),
        "dimension_labels": [d.label for d in DIMENSIONS],
        "can_answer": services.diagnostic_can_answer(membership=membership, programme=programme),
        "may_answer": membership.has_perm(Perm.ANSWER_DIAGNOSTIC),
        "no_employee": membership.employee_id is None,
        "my_count": len(mine),
        "question_count": len(QUESTIONS),
        "is_editor": is_editor,
        "chart": diagnostic_chart_data(results) if results.respondents else None,
        "answer_url": _page_url(request, programme, "programme_diagnostic_answer", is_current=is_current),
        "export_url": _page_url(request, programme, "programme_diagnostic_export", is_current=is_current),
    }
    if is_editor and results.respondents:
        context["page"], context["respondents"] = _respondent_table(request, programme)
        context["querystring"] = querystring_without_page(request)
        context["comments"] = selectors.diagnostic_comments(tenant=request.tenant, programme=programme)
    return render(request, "bns/programme/diagnostic/results.html", context)


@require_http_methods(["GET", "POST"])
def programme_diagnostic_answer(request, tenant_slug: str):
    """The questionnaire, prefilled with my answers; POST saves them (answering again replaces them)."""
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    membership_require(request.membership, Perm.ANSWER_DIAGNOSTIC)
    programme = programme_from_request(request)
    if programme is None:
        raise Http404
    membership = request.membership
    mine = selectors.my_answers(tenant=request.tenant, programme=programme, employee=membership.employee_id)
    form = DiagnosticAnswerForm(request.POST if request.method == "POST" else None, mine=mine)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.diagnostic_answer_save(tenant=request.tenant, actor=request.user, membership=membership,
                                                    programme=programme, answers=form.answers())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            answered = len(mine.keys() | form.answers().keys())
            if saved:
                messages.success(request, _("Thank you: your answers are saved (%(n)s of %(total)s questions answered).") % {
                    "n": answered, "total": len(QUESTIONS)})
            else:
                messages.info(request, _("Nothing changed: your answers were already saved."))
            return redirect(_page_url(request, programme))
    return render(request, "bns/programme/diagnostic/answer.html", {
        "programme": programme,
        "form": form,
        "groups": form.groups(),
        "can_answer": services.diagnostic_can_answer(membership=membership, programme=programme),
        "no_employee": membership.employee_id is None,
        "my_count": len(mine),
        "question_count": len(QUESTIONS),
        "results_url": _page_url(request, programme),
    }, status=400 if form.errors else 200)


def _add_errors(form, exc: ValidationError) -> None:
    """A service error on the question it names (keys are question codes), the rest at the top."""
    if hasattr(exc, "error_dict"):
        for key, errors in exc.message_dict.items():
            form.add_error(key if key in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@require_GET
def programme_diagnostic_export(request, tenant_slug: str):
    """The aggregates per dimension and question as CSV (``;``, UTF-8 with BOM); the programme's editors also get one
    row per respondent and question."""
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    programme = programme_from_request(request)
    if programme is None:
        raise Http404
    results = selectors.diagnostic_results(tenant=request.tenant, programme=programme)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="programme-{programme.iteration}-self-assessment-{timezone.localdate():%Y-%m-%d}.csv"')
    response.write(imports.CSV_BOM)
    writer = imports.csv_writer(response)
    writer.writerow([_("Row"), _("Dimension"), _("Question code"), _("Question"), _("Respondent"), _("Respondents"),
                     _("Answers"), _("Mean (1-5)"), _("Declared level"), _("Maturity index (0-100)"), _("Lowest level"),
                     _("Highest level"), _("Measured level"), _("Gap (declared - measured)"), _("Comment"), _("Answered on")])

    def value(v) -> str:
        return "" if v is None else str(v)

    for d in results.dimensions:
        writer.writerow([imports.csv_safe(v) for v in [
            _("dimension"), d.label, "", "", "", d.respondents, d.answers, value(d.mean), value(d.level), value(d.index),
            value(d.low), value(d.high), value(d.measured_level), value(d.gap), "", ""]])
        for q in d.questions:
            writer.writerow([imports.csv_safe(v) for v in [
                _("question"), d.label, q.question.code, q.question.text, "", "", q.answers, value(q.mean), value(q.level), "",
                value(q.low), value(q.high), "", "", "", ""]])
    if programme_can_edit(membership=request.membership, programme=programme):
        for answer in selectors.diagnostic_answer_list(tenant=request.tenant, programme_id=programme.pk).iterator(chunk_size=500):
            question = QUESTIONS[answer.question]
            writer.writerow([imports.csv_safe(v) for v in [
                _("answer"), DIMENSION_BY_KEY[question.dimension].label, question.code, question.text,
                answer.respondent.full_name, "", "", "", answer.level, "", "", "", "", "", answer.comment,
                timezone.localtime(answer.answered_at).date().isoformat()]])
    return response

