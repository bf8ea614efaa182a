"""The report's API: the summary as JSON, and as a PDF."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.bns.programme.objectives.conftest import api, make_programme
from tests.bns.programme.report.support import pdf_pages, pdf_text

pytestmark = pytest.mark.django_db

KEYS = {"language", "generated_on", "group", "iteration", "steps", "vision", "diagnostic", "objectives", "objectives_total",
        "kpis", "kpis_total", "strategy", "means", "reviews", "lessons", "lessons_total"}


def api_url(tenant, name="api-programme-report") -> str:
    return reverse(name, kwargs={"tenant_slug": tenant.slug})


@pytest.mark.parametrize("who", ["exec", "owner", "rep", "brest", "admin"])
def test_every_member_reads_the_summary(filled, who):
    response = api(filled.m(who)).get(api_url(filled.tenant), {"lang": "en"})
    assert response.status_code == 200
    data = response.json()
    assert set(data) == KEYS
    assert data["language"] == "en" and data["group"] == filled.tenant.name
    assert data["iteration"]["id"] == filled.programme.pk and data["iteration"]["process_owner"] == "Paul Pilote"
    assert [s["number"] for s in data["steps"]] == list(range(1, 9)) and data["steps"][0]["is_current"] is True
    assert data["vision"]["version"] == 1 and data["vision"]["text"].endswith("…")
    assert len(data["diagnostic"]["dimensions"]) == 8 and data["diagnostic"]["level"] == 3
    assert data["objectives_total"] == 2 and data["kpis_total"] == 3 and data["lessons_total"] == 4
    smart = next(o for o in data["objectives"] if o["smart_ok"])
    assert (smart["kpi"], smart["target"], smart["latest_value"], smart["progress"]) == ("Profils complets", "80.00", "62.00", "55.00")
    assert data["strategy"]["title"] == "Ambassadeurs volontaires"
    means = data["means"]
    assert (means["actions"], means["overdue"], means["planned"], means["spent"], means["replaced"], means["net"]) == (
        3, 1, "4700.00", "1800.00", "4000.00", "-2200.00")
    assert means["is_saving"] is True and means["net_text"] == "net saving of 2,200\u00a0€"
    assert data["reviews"]["held"] == 1 and data["reviews"]["overdue"] is False
    assert [lesson["step"] for lesson in data["lessons"]] == [8, 7, 5]


def test_the_language_of_the_texts(filled):
    client = api(filled.m("rep"))
    french = client.get(api_url(filled.tenant), {"lang": "fr"}).json()
    english = client.get(api_url(filled.tenant), {"lang": "en"}).json()
    assert french["means"]["net_text"] == "économie nette de 2\u00a0200\u00a0€"
    assert french["steps"][0]["label"] == "Comprendre les nouvelles règles"
    assert english["steps"][0]["label"] == "Understand the new rules"
    assert client.get(api_url(filled.tenant), {"lang": "de"}).status_code == 400
    assert client.get(api_url(filled.tenant), HTTP_ACCEPT_LANGUAGE="fr").json()["language"] == "fr"


def test_the_pdf(filled):
    client = api(filled.m("rep"))
    response = client.get(api_url(filled.tenant, "api-programme-report-pdf"), {"lang": "fr"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith(f'attachment; filename="programme-bns-{filled.tenant.slug}-iteration-1-')
    assert pdf_pages(response.content) == 1 and "Économie nette de 2 200 €" in pdf_text(response.content)
    asked = client.get(api_url(filled.tenant, "api-programme-report-pdf"), HTTP_ACCEPT="application/pdf")
    assert asked.status_code == 200 and asked.content.startswith(b"%PDF")


@pytest.mark.parametrize("name", ["api-programme-report", "api-programme-report-pdf"])
def test_another_groups_iteration_and_bad_ids(filled, other_tenant, name):
    client = api(filled.m("rep"))
    foreign = make_programme(other_tenant)
    assert client.get(api_url(filled.tenant, name), {"programme": foreign.pk}).status_code == 404
    assert client.get(api_url(filled.tenant, name), {"programme": 99999}).status_code == 404
    assert client.get(api_url(filled.tenant, name), {"programme": "abc"}).status_code == 400
    assert client.get(api_url(filled.tenant, name), {"programme": filled.programme.pk}).status_code == 200
    assert client.get(api_url(other_tenant, name)).status_code == 404  # not a member of that group
    assert client.post(api_url(filled.tenant, name), {}).status_code == 405
    assert APIClient().get(api_url(filled.tenant, name)).status_code in (401, 403)


@pytest.mark.parametrize("name", ["api-programme-report", "api-programme-report-pdf"])
def test_no_programme_yet_is_404(org, name):
    org.programme.delete()
    assert api(org.m("exec")).get(api_url(org.tenant, name)).status_code == 404
