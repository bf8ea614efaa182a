"""Pages of the one-page programme summary for the executive committee (CoDir), under /g/<tenant_slug>/programme/report/.

Every member reads it (Perm.VIEW_PROGRAMME). ``?programme=<pk>`` reads an earlier iteration (another group's: 404);
``?lang=fr|en`` chooses the language of the report (the user's active language by default); ``?print=1`` renders the
summary alone, ready for the browser's Print command (A4, one page: the print stylesheet hides the site's navigation).
The PDF and the HTML download are the same summary; the HTML one is self-contained (inline CSS, no script, no link).
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from bns.access import membership_require
from bns.permissions import Perm
from bns.programme.access import programme_current
from bns.programme.report.pdf import report_pdf
from bns.programme.report.selectors import Report, programme_report, report_language
from bns.programme.strategy.common import programme_from_request


def report_for_request(request) -> tuple[Report | None, str]:
    """(the report of the iteration asked for, in the language asked for; None before the first iteration), the language."""
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    lang = report_language(request.GET.get("lang"))
    programme = programme_from_request(request)
    if programme is None:
        return None, lang
    with translation.override(lang):
        report = programme_report(tenant=request.tenant, programme=programme, today=timezone.localdate())
    return report, lang


def _attachment(content, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def programme_report_page(request, tenant_slug: str):
    report, lang = report_for_request(request)
    if report is None:
        return render(request, "bns/programme/report/report.html", {"report": None, "report_lang": lang})
    context = {"report": report, "report_lang": lang, "programme": report.programme,
               "query": f"programme={report.programme.pk}&lang={lang}"}
    if request.GET.get("print"):
        return render(request, "bns/programme/report/document.html", {**context, "download": False})
    current = programme_current(tenant=request.tenant)
    context["is_current"] = current is not None and current.pk == report.programme.pk
    return render(request, "bns/programme/report/report.html", context)


@require_GET
def programme_report_pdf(request, tenant_slug: str):
    report, lang = report_for_request(request)
    if report is None:
        raise Http404
    with translation.override(lang):
        data = report_pdf(report)
    return _attachment(data, content_type="application/pdf", filename=f"{report.filename_stem}.pdf")


@require_GET
def programme_report_html(request, tenant_slug: str):
    report, lang = report_for_request(request)
    if report is None:
        raise Http404
    html = render_to_string("bns/programme/report/document.html", {"report": report, "report_lang": lang, "download": True})
    return _attachment(html.encode("utf-8"), content_type="text/html; charset=utf-8", filename=f"{report.filename_stem}.html")
