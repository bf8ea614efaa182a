"""API routes of the one-page programme summary, included under /api/v1/g/<tenant_slug>/."""

from django.urls import path

from bns.programme.report import api

urlpatterns = [
    path("programme-report/", api.ProgrammeReportViewSet.as_view({"get": "summary"}), name="api-programme-report"),
    path("programme-report/pdf/", api.ProgrammeReportViewSet.as_view({"get": "pdf"}), name="api-programme-report-pdf"),
]
