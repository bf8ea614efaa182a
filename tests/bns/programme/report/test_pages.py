"""The report's pages: the one-page summary (and its print view), the PDF and the HTML downloads."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bns.programme.home import services as home_services
from tests.bns.programme.objectives.conftest import login, make_programme, url
from tests.bns.programme.report.support import pdf_pages, pdf_text

pytestmark = pytest.mark.django_db

ROUTES = ["programme_report", "programme_report_pdf", "programme_report_html"]
MEMBERS = ["exec", "owner", "rep", "brest", "admin"]


def get(client, org, name="programme_report", who="rep", query="", **extra):
    login(client, org.m(who))
    return client.get(url(org.tenant, name) + (f"?{query}" if query else ""), **extra)


@pytest.mark.parametrize("who", MEMBERS)
def test_every_member_reads_the_report(client, filled, who):
    response = get(client, filled, who=who)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="report"' in html and "BNS programme: summary for the executive committee" in html
    assert html.count('data-testid="step"') == 8 and html.count('data-testid="dimension"') == 8
    assert html.count('data-testid="objective"') == 2 and html.count('data-testid="kpi"') == 3
    assert html.count('data-testid="lesson"') == 3 and "and 1 more lesson" in html
    assert "Ambassadeurs volontaires" in html and "Paul Pilote" in html
    assert "net saving of 2,200\u00a0€".capitalize() in html.replace("&nbsp;", "\u00a0")
    assert "1 action is overdue." in html


@pytest.mark.parametrize("who", MEMBERS)
def test_every_member_downloads_the_pdf_and_the_html(client, filled, who):
    today = timezone.localdate().isoformat()
    stem = f"programme-bns-{filled.tenant.slug}-iteration-1-{today}"
    pdf = get(client, filled, "programme_report_pdf", who=who)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == f'attachment; filename="{stem}.pdf"'
    assert pdf.content.startswith(b"%PDF") and pdf_pages(pdf.content) == 1
    html = get(client, filled, "programme_report_html", who=who)
    assert html.status_code == 200 and html["Content-Type"] == "text/html; charset=utf-8"
    assert html["Content-Disposition"] == f'attachment; filename="{stem}.html"'


def test_the_page_offers_print_pdf_html_and_the_language(client, filled):
    html = get(client, filled, query="lang=en").content.decode()
    pk = filled.programme.pk
    assert f'href="?programme={pk}&amp;lang=en&amp;print=1"' in html
    assert f'href="{url(filled.tenant, "programme_report_pdf")}?programme={pk}&amp;lang=en"' in html
    assert f'href="{url(filled.tenant, "programme_report_html")}?programme={pk}&amp;lang=en"' in html
    assert f'href="?programme={pk}&amp;lang=fr" lang="fr"' in html and 'lang="en" aria-current="true"' in html
    assert "@page { size: A4 portrait;" in html and "@media print" in html  # the print stylesheet
    assert "<script>" not in html  # no inline script (the base's scripts are files)


def test_the_language_of_the_report(client, filled):
    french = get(client, filled, query="lang=fr").content.decode().replace("&nbsp;", "\u00a0")
    english = get(client, filled, query="lang=en").content.decode().replace("&nbsp;", "\u00a0")
    assert "Économie nette de 2\u00a0200\u00a0€" in french and "Comprendre les nouvelles règles" in french
    assert 'lang="fr" data-testid="report"' in french
    assert "Net saving of 2,200\u00a0€" in english and "Économie nette" not in english
    # Without ?lang=, the user's language; an unknown one is ignored.
    assert "Économie nette" in get(client, filled, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Net saving of" in get(client, filled, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Net saving of" in get(client, filled, query="lang=xx", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    pdf_fr = get(client, filled, "programme_report_pdf", query="lang=fr").content
    assert "Économie nette de 2 200 €" in pdf_text(pdf_fr)
    html_en = get(client, filled, "programme_report_html", query="lang=en", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="en">' in html_en and "Net saving of" in html_en


def test_the_print_view_has_no_navigation(client, filled):
    html = get(client, filled, query="print=1&lang=en").content.decode()
    assert 'data-testid="report"' in html and "@page { size: A4 portrait;" in html
    assert "programme-nav" not in html.split("<style>")[0] + html.split("</style>")[1]
    assert "topbar" not in html.split("</style>")[1] and "<script" not in html
    assert "Back to the report" in html and "Ctrl+P" in html


def test_the_html_download_stands_alone(client, filled):
    html = get(client, filled, "programme_report_html", query="lang=fr").content.decode()
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html and "@media print" in html
    assert "<script" not in html.lower() and "<link" not in html.lower() and "<img" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.I)
    assert "http://" not in html and "https://" not in html
    assert "href=" not in html  # nothing to follow: a file sent by e-mail
    assert "Économie nette" in html and "Porter la complétude des profils LinkedIn" in html
    assert "Back to the report" not in html and "Retour à la synthèse" not in html


def test_the_empty_state_before_the_first_iteration(client, org):
    org.programme.delete()
    response = get(client, org)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="empty"' in html and 'data-testid="report"' not in html
    assert url(org.tenant, "programme_home") in html
    assert get(client, org, "programme_report_pdf").status_code == 404
    assert get(client, org, "programme_report_html").status_code == 404


def test_an_earlier_iteration_stays_readable(client, filled):
    today = timezone.localdate()
    second = home_services.programme_next_iteration(tenant=filled.tenant, actor=filled.u("exec"), previous=filled.programme,
                                                    title="Itération deux", starts_on=today, target_end_on=today + timedelta(days=120))
    current = get(client, filled, query="lang=en").content.decode()
    assert "iteration 2: Itération deux" in current and "an earlier iteration" not in current
    assert f'<option value="{filled.programme.pk}">1 · Programme 1 (closed)</option>' in current
    earlier = get(client, filled, query=f"programme={filled.programme.pk}&lang=en").content.decode()
    assert "iteration 1: Programme 1" in earlier and "You are reading iteration 1, an earlier iteration" in earlier
    assert "closed" in earlier
    pdf = get(client, filled, "programme_report_pdf", query=f"programme={filled.programme.pk}&lang=en")
    assert "iteration-1-" in pdf["Content-Disposition"] and "Programme 1" in pdf_text(pdf.content)
    assert second.iteration == 2


@pytest.mark.parametrize("name", ROUTES)
def test_another_groups_iteration_answers_404(client, filled, other_tenant, name):
    foreign = make_programme(other_tenant, title="Programme étranger")
    assert get(client, filled, name, query=f"programme={foreign.pk}").status_code == 404
    for bad in ("abc", "0", "-1", "99999999999999999999", "1.5"):
        assert get(client, filled, name, query=f"programme={bad}").status_code == 404
    assert get(client, filled, name, query=f"programme={filled.programme.pk}").status_code == 200


@pytest.mark.parametrize("name", ROUTES)
def test_only_members_and_only_get(client, filled, other_tenant, name):
    assert client.get(url(filled.tenant, name)).status_code == 302  # anonymous: to the login page
    login(client, filled.m("rep"))
    assert client.post(url(filled.tenant, name)).status_code == 405
    assert client.get(url(other_tenant, name)).status_code == 404  # not a member of that group


def test_another_groups_data_never_shows(client, filled, other_tenant):
    """B's vision, lessons, KPIs and objectives stay out of A's report, in every format (the PDF's text decoded)."""
    from bns.programme.models import Kpi, Lesson, Objective, VisionVersion
    from tests.bns.programme.objectives.conftest import api

    secret = "SECRETDEB"
    foreign = make_programme(other_tenant, title=f"Programme {secret}")
    VisionVersion.unscoped.create(tenant=other_tenant, programme=foreign, version=9, text=f"Vision {secret}")
    Lesson.unscoped.create(tenant=other_tenant, programme=foreign, step=8, text=f"Leçon {secret}")
    kpi = Kpi.unscoped.create(tenant=other_tenant, programme=foreign, name=f"KPI {secret}", manual_source="x")
    Objective.unscoped.create(tenant=other_tenant, programme=foreign, statement=f"Objectif {secret}", kpi=kpi)
    texts = [get(client, filled, name).content.decode() for name in ("programme_report", "programme_report_html")]
    texts.append(get(client, filled, query="print=1").content.decode())
    texts.append(pdf_text(get(client, filled, "programme_report_pdf").content))
    texts.append(api(filled.m("rep")).get(reverse("api-programme-report", kwargs={"tenant_slug": filled.tenant.slug})).content.decode())
    assert all("Programme 1" in text for text in texts)
    assert not [text for text in texts if secret in text]
