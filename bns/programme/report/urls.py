"""Pages of the one-page programme summary (CoDir report), under /g/<tenant_slug>/programme/report/."""

from django.urls import path

from bns.programme.report import views

urlpatterns = [
    path("", views.programme_report_page, name="programme_report"),
    path("pdf/", views.programme_report_pdf, name="programme_report_pdf"),
    path("html/", views.programme_report_html, name="programme_report_html"),
]
