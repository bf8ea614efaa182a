"""The conviction pulse API: pulses, the answer (once), the results (aggregates only, from the minimum group)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from networking.models import Pulse, PulseAnswer, PulseParticipation
from tests.factories import SiteFactory

from .conftest import login

pytestmark = pytest.mark.django_db

ANSWER = {"offered_own_circle": "uh_no", "pride": 3, "recommend_products": 7, "recommend_employer": 10, "comment": "Bof"}


def api(tenant, name, **kwargs):
    return reverse(f"api-networking-pulse-{name}", kwargs={"tenant_slug": tenant.slug, **kwargs})


def test_members_list_the_open_pulses_they_are_asked_to_answer(client, org):
    rennes = org.create(title="Rennes", sites=[org.rennes.pk])
    org.create(title="Brest", sites=[org.brest.pk])
    org.create(title="Draft", open_now=False)
    org.answer(rennes, org.people[0])
    login(client, org.people[0])
    rows = client.get(api(org.tenant, "list")).json()["results"]
    assert [(r["title"], r["answered"], r["response_count"], r["response_rate"]) for r in rows] == [("Rennes", True, None, None)]
    login(client, org.executive)
    rows = client.get(api(org.tenant, "list")).json()["results"]
    assert {r["title"]: r["response_count"] for r in rows} == {"Rennes": 1, "Brest": 0, "Draft": 0}
    login(client, org.director)
    assert {r["title"] for r in client.get(api(org.tenant, "list")).json()["results"]} == {"Rennes", "Brest"}


def test_create_update_open_and_close(client, org):
    login(client, org.executive)
    today = timezone.localdate()
    body = {"title": "Pulse API", "opens_on": today.isoformat(), "closes_on": (today + timedelta(days=5)).isoformat(),
            "audience_department_ids": [org.workshop.pk]}
    response = client.post(api(org.tenant, "list"), body, content_type="application/json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["status"], data["audience_size"], data["audience_department_ids"]) == ("draft", 3, [org.workshop.pk])
    pk = data["id"]
    response = client.patch(api(org.tenant, "detail", pk=pk), {"audience_department_ids": []}, content_type="application/json")
    assert response.status_code == 200 and response.json()["audience_size"] == 14
    assert client.post(api(org.tenant, "open", pk=pk)).json()["status"] == "open"
    response = client.patch(api(org.tenant, "detail", pk=pk), {"title": "Late"}, content_type="application/json")
    assert response.status_code == 400 and "Only a draft pulse can be changed" in str(response.json())
    assert client.post(api(org.tenant, "close", pk=pk)).json()["status"] == "closed"
    assert client.post(api(org.tenant, "close", pk=pk)).status_code == 400
    assert client.put(api(org.tenant, "detail", pk=pk), body, content_type="application/json").status_code == 405


def test_create_refuses_bad_input_naming_the_field(client, org, other_tenant):
    login(client, org.executive)
    today = timezone.localdate()
    body = {"title": "Bad", "opens_on": today.isoformat(), "closes_on": (today - timedelta(days=1)).isoformat()}
    response = client.post(api(org.tenant, "list"), body, content_type="application/json")
    assert response.status_code == 400 and "closes_on" in response.json()
    foreign = SiteFactory(tenant=other_tenant)
    body["closes_on"] = today.isoformat()
    errors = {}
    for label, pk in (("foreign", foreign.pk), ("missing", 2_000_000_000)):
        response = client.post(api(org.tenant, "list"), {**body, "audience_site_ids": [pk]}, content_type="application/json")
        assert response.status_code == 400
        errors[label] = response.json()["audience_site_ids"]
    assert errors["foreign"] == errors["missing"]
    assert not Pulse.unscoped.filter(tenant=org.tenant).exists()


def test_only_pulse_managers_write(client, org):
    pulse = org.create(open_now=False)
    login(client, org.director)
    today = timezone.localdate().isoformat()
    assert client.post(api(org.tenant, "list"), {"title": "x", "opens_on": today, "closes_on": today},
                       content_type="application/json").status_code == 403
    assert client.post(api(org.tenant, "open", pk=pulse.pk)).status_code == 403


def test_answer_once_through_the_api(client, org):
    pulse = org.create()
    login(client, org.people[0])
    response = client.post(api(org.tenant, "answer", pk=pulse.pk), ANSWER, content_type="application/json")
    assert response.status_code == 201 and response.json() == {"recorded": True}
    response = client.post(api(org.tenant, "answer", pk=pulse.pk), ANSWER, content_type="application/json")
    assert response.status_code == 400 and "already answered" in str(response.json())
    assert PulseAnswer.unscoped.filter(pulse=pulse).count() == 1
    response = client.post(api(org.tenant, "answer", pk=pulse.pk), {**ANSWER, "pride": 9}, content_type="application/json")
    assert response.status_code == 400
    assert client.get(api(org.tenant, "answer", pk=pulse.pk)).status_code == 405  # nothing to read there


def test_answer_outside_the_audience(client, org):
    pulse = org.create(sites=[org.brest.pk])
    login(client, org.people[0])
    assert client.post(api(org.tenant, "answer", pk=pulse.pk), ANSWER, content_type="application/json").status_code == 404
    login(client, org.executive)
    response = client.post(api(org.tenant, "answer", pk=pulse.pk), ANSWER, content_type="application/json")
    assert response.status_code == 400 and "not among the employees asked" in str(response.json())
    login(client, org.admin)
    response = client.post(api(org.tenant, "answer", pk=pulse.pk), ANSWER, content_type="application/json")
    assert response.status_code == 400 and "no employee record" in str(response.json())
    assert not PulseParticipation.unscoped.filter(pulse=pulse).exists()


def test_results_under_the_minimum_say_nothing_but_the_rule(client, org):
    pulse = org.closed_pulse(4, comments=["Secret A", "Secret B", "", ""])
    login(client, org.admin)
    response = client.get(api(org.tenant, "results", pk=pulse.pk))
    assert response.status_code == 200
    assert response.json() == {"pulse": pulse.pk, "status": "closed", "shown": False, "reason": "too_few", "min_respondents": 5}


def test_results_with_a_setting_of_seven(client, org):
    org.min_respondents(7)
    pulse = org.closed_pulse(6)
    login(client, org.executive)
    data = client.get(api(org.tenant, "results", pk=pulse.pk)).json()
    assert (data["shown"], data["min_respondents"]) == (False, 7) and "respondents" not in data


def test_results_from_five_answers(client, org):
    pulse = org.create()
    for i, products in enumerate([10, 9, 8, 3, 0]):
        org.answer(pulse, org.people[i], products=products, comment=f"Remarque {i}")
    org.close(pulse)
    login(client, org.director)
    data = client.get(api(org.tenant, "results", pk=pulse.pk)).json()
    assert data["shown"] and data["respondents"] == 5
    products = data["recommend_products"]
    assert (products["promoters"], products["passives"], products["detractors"], products["nps"]) == (2, 1, 2, 0)
    assert products["mean"] == 6.0
    assert data["comments"] == [f"Remarque {i}" for i in range(5)]
    assert [b["count"] for b in data["offered_own_circle"]] == [0, 0, 5]


def test_results_of_an_open_pulse_give_managers_the_progress_only(client, org):
    pulse = org.create()
    for person in org.people[:7]:
        org.answer(pulse, person, comment="early")
    login(client, org.executive)
    data = client.get(api(org.tenant, "results", pk=pulse.pk)).json()
    assert data == {"pulse": pulse.pk, "status": "open", "shown": False, "reason": "open", "min_respondents": 5,
                    "response_count": 7, "response_rate": 50.0}
    login(client, org.director)
    assert "response_count" not in client.get(api(org.tenant, "results", pk=pulse.pk)).json()
    login(client, org.people[0])
    assert client.get(api(org.tenant, "results", pk=pulse.pk)).status_code == 403


def test_no_route_lists_answers_or_participations():
    from django.urls import get_resolver

    names = [n for n in get_resolver().reverse_dict if isinstance(n, str)]
    assert not [n for n in names if "answers" in n or "participation" in n]
