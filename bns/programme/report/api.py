"""REST API of the one-page programme summary, under /api/v1/g/<tenant_slug>/ (tenant checks: bns.api_base).

Every member reads it (Perm.VIEW_PROGRAMME). ``?programme=`` names an iteration (the current one by default; another
group's: 404), ``?lang=fr|en`` the language of its texts (the caller's by default).
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import renderers
from rest_framework.response import Response

from bns.programme.access import programme_get_for
from bns.programme.models import Programme
from bns.programme.report import selectors
from bns.programme.report.pdf import report_pdf
from bns.programme.report.serializers import ReportFilterSerializer, ReportSerializer
from bns.programme.strategy.api import ProgrammeViewSet


class PdfRenderer(renderers.BaseRenderer):
    """Lets a client ask for ``Accept: application/pdf``; the PDF itself is returned as is (errors as JSON)."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return renderers.JSONRenderer().render(data)


class ProgrammeReportViewSet(ProgrammeViewSet):
    """The one-page programme summary for the executive committee: as JSON, or as a PDF."""

    queryset = Programme.unscoped.none()
    serializer_class = ReportSerializer
    filter_serializer_class = ReportFilterSerializer

    def list_queryset(self, tenant, filters):  # a summary, not a list (the browsable API may still ask)
        return Programme.unscoped.none()

    def _report(self) -> tuple[selectors.Report, str]:
        filters = self.list_filters()
        lang = selectors.report_language(filters.get("lang"))
        programme_id = self._programme_id(filters)
        if programme_id is None:
            raise Http404
        programme = programme_get_for(tenant=self.tenant, pk=programme_id)
        with translation.override(lang):
            return selectors.programme_report(tenant=self.tenant, programme=programme, today=timezone.localdate()), lang

    @extend_schema(
        summary="The one-page programme summary for the executive committee (CoDir)",
        description=(
            "An iteration (the current one by default) in one read: the iteration and its 8 steps, the vision "
            "(shortened), the self-assessment per dimension (declared and measured), the SMART objectives and the KPIs "
            "(capped, with their totals), the retained strategy, the means (actions by status, budget, net saving or "
            "cost), the reviews (last one, next due, overdue) and the latest lessons. Texts are in ?lang= (fr, en)."
        ),
        parameters=[ReportFilterSerializer], responses=ReportSerializer,
    )
    def summary(self, request, *args, **kwargs):
        report, lang = self._report()
        with translation.override(lang):
            data = ReportSerializer(report).data
        return Response(data)

    @extend_schema(
        summary="The one-page programme summary as a PDF (A4, one page)",
        description=("The same summary as a one-page A4 PDF, as an attachment named "
                     "programme-bns-<group>-iteration-<n>-<date>.pdf; texts in ?lang= (fr, en)."),
        parameters=[ReportFilterSerializer],
        responses={(200, "application/pdf"): OpenApiResponse(response=OpenApiTypes.BINARY,
                                                             description="The summary, as an attachment.")},
    )
    def pdf(self, request, *args, **kwargs):
        report, lang = self._report()
        with translation.override(lang):
            data = report_pdf(report)
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=f"{report.filename_stem}.pdf")
        return response

    def get_renderers(self):
        if getattr(self, "action", None) == "pdf":
            return [renderers.JSONRenderer(), PdfRenderer()]
        return super().get_renderers()
