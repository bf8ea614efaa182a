"""Pages of the conviction pulse: the list, the answer form, the management forms, the results and their export."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from networking.models import Pulse, PulseAnswer, PulseParticipation

from .conftest import login, url

pytestmark = pytest.mark.django_db

ANSWER = {"offered_own_circle": "yes", "pride": "5", "recommend_products": "10", "recommend_employer": "9",
          "comment": "Fier de la concession"}


def test_a_member_sees_the_pulses_to_answer_and_whether_they_answered(client, org):
    pulse = org.create(title="Pulse Rennes", sites=[org.rennes.pk])
    login(client, org.people[0])
    page = client.get(url(org.tenant, "networking_pulse_list")).content.decode()
    assert "Pulse Rennes" in page and url(org.tenant, "networking_pulse_answer", pk=pulse.pk) in page
    assert "All pulses" not in page and "Pulses and their results" not in page
    org.answer(pulse, org.people[0])
    page = client.get(url(org.tenant, "networking_pulse_list")).content.decode()
    assert "Already answered" in page and url(org.tenant, "networking_pulse_answer", pk=pulse.pk) not in page
    login(client, org.people[10])  # Brest: not asked
    page = client.get(url(org.tenant, "networking_pulse_list")).content.decode()
    assert "Pulse Rennes" not in page and "No pulse is open for you right now" in page


def test_an_admin_without_employee_record_is_told_kindly(client, org):
    login(client, org.admin)
    response = client.get(url(org.tenant, "networking_pulse_list"))
    assert response.status_code == 200
    assert "not linked to an employee record" in response.content.decode()
    assert "No pulse yet" in response.content.decode()


def test_managers_see_every_pulse_with_its_response_count(client, org):
    draft = org.create(title="Draft pulse", open_now=False)
    running = org.create(title="Running pulse")
    for person in org.people[:3]:
        org.answer(running, person)
    login(client, org.executive)
    page = client.get(url(org.tenant, "networking_pulse_list")).content.decode()
    assert "Draft pulse" in page and "Running pulse" in page
    assert url(org.tenant, "networking_pulse_edit", pk=draft.pk) in page
    assert url(org.tenant, "networking_pulse_close", pk=running.pk) in page
    assert "(21.4 %)" in page  # 3 of 14
    login(client, org.director)  # a results reader: no drafts, no counts
    page = client.get(url(org.tenant, "networking_pulse_list")).content.decode()
    assert "Draft pulse" not in page and "Running pulse" in page and "(21.4 %)" not in page


def test_create_open_edit_and_close_through_the_pages(client, org):
    login(client, org.executive)
    today = timezone.localdate()
    response = client.get(url(org.tenant, "networking_pulse_create"))
    assert response.status_code == 200
    data = {"title": "Pulse VN", "opens_on": today.isoformat(), "closes_on": (today + timedelta(days=7)).isoformat(),
            "sites": [org.rennes.pk]}
    response = client.post(url(org.tenant, "networking_pulse_create"), data)
    assert response.status_code == 302
    pulse = Pulse.unscoped.get(tenant=org.tenant, title="Pulse VN")
    assert (pulse.status, pulse.audience_size) == (Pulse.Status.DRAFT, 11)
    response = client.post(url(org.tenant, "networking_pulse_edit", pk=pulse.pk), {**data, "title": "Pulse VN spring"})
    assert response.status_code == 302
    client.post(url(org.tenant, "networking_pulse_open", pk=pulse.pk))
    pulse.refresh_from_db()
    assert (pulse.title, pulse.status) == ("Pulse VN spring", Pulse.Status.OPEN)
    response = client.post(url(org.tenant, "networking_pulse_edit", pk=pulse.pk), {**data, "title": "Changed"})
    assert response.status_code == 400 and "Only a draft pulse can be changed" in response.content.decode()
    client.post(url(org.tenant, "networking_pulse_close", pk=pulse.pk))
    pulse.refresh_from_db()
    assert pulse.status == Pulse.Status.CLOSED


def test_create_refuses_bad_dates_with_the_form(client, org):
    login(client, org.executive)
    today = timezone.localdate()
    response = client.post(url(org.tenant, "networking_pulse_create"), {
        "title": "Backwards", "opens_on": today.isoformat(), "closes_on": (today - timedelta(days=1)).isoformat()})
    assert response.status_code == 400
    assert "The pulse must close on or after the day it opens." in response.content.decode()
    assert not Pulse.unscoped.filter(tenant=org.tenant).exists()


def test_members_without_the_permission_do_not_manage(client, org):
    pulse = org.create(open_now=False)
    login(client, org.people[0])
    assert client.get(url(org.tenant, "networking_pulse_create")).status_code == 403
    assert client.post(url(org.tenant, "networking_pulse_open", pk=pulse.pk)).status_code == 403
    login(client, org.director)
    assert client.post(url(org.tenant, "networking_pulse_open", pk=pulse.pk)).status_code == 403


def test_the_answer_page_asks_the_questions_of_seed_001_and_says_what_is_stored(client, org):
    pulse = org.create()
    login(client, org.people[0])
    page = client.get(url(org.tenant, "networking_pulse_answer", pk=pulse.pk)).content.decode()
    for text in ("Have you already offered our products or services to your own circle?", "No, never!", "Uh, no…",
                 "Yes, of course", "How proud are you of working for the group?",
                 "Would you recommend our products or services to a friend?", "Would you recommend working here to a friend?",
                 "How your answer stays anonymous", "only if at least 5 people answered", "Not stored with them: your name"):
        assert text in page, text


def test_answering_once_through_the_page(client, org):
    pulse = org.create()
    login(client, org.people[0])
    answer_url = url(org.tenant, "networking_pulse_answer", pk=pulse.pk)
    response = client.post(answer_url, ANSWER)
    assert response.status_code == 302
    assert PulseAnswer.unscoped.filter(pulse=pulse, comment="Fier de la concession", pride=5).count() == 1
    response = client.post(answer_url, {**ANSWER, "pride": "1"})
    assert response.status_code == 400 and "already answered" in response.content.decode()
    assert PulseAnswer.unscoped.filter(pulse=pulse).count() == 1
    assert "already answered" in client.get(answer_url).content.decode()


def test_an_incomplete_answer_is_refused_with_the_form(client, org):
    pulse = org.create()
    login(client, org.people[0])
    response = client.post(url(org.tenant, "networking_pulse_answer", pk=pulse.pk), {**ANSWER, "pride": ""})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    assert not PulseParticipation.unscoped.filter(pulse=pulse).exists()


def test_an_employee_outside_the_audience_gets_404(client, org):
    pulse = org.create(sites=[org.brest.pk])
    login(client, org.people[0])
    assert client.get(url(org.tenant, "networking_pulse_answer", pk=pulse.pk)).status_code == 404
    assert client.post(url(org.tenant, "networking_pulse_answer", pk=pulse.pk), ANSWER).status_code == 404
    login(client, org.executive)  # sees every pulse, is not asked: told so, and refused
    assert "not among the employees asked" in client.get(url(org.tenant, "networking_pulse_answer", pk=pulse.pk)).content.decode()
    assert client.post(url(org.tenant, "networking_pulse_answer", pk=pulse.pk), ANSWER).status_code == 400
    assert not PulseParticipation.unscoped.filter(pulse=pulse).exists()


@pytest.mark.parametrize("who", ["executive", "admin", "director"])
def test_four_respondents_show_nothing_on_the_results_page(client, org, who):
    pulse = org.closed_pulse(4, comments=["Secret one", "Secret two", "Secret three", "Secret four"])
    login(client, getattr(org, who))
    page = client.get(url(org.tenant, "networking_pulse_results", pk=pulse.pk)).content.decode()
    assert "Fewer than 5 people answered this pulse" in page
    assert "Secret" not in page and "Net Promoter Score" not in page
    response = client.get(url(org.tenant, "networking_pulse_results_export", pk=pulse.pk))
    assert response.status_code == 302


def test_five_respondents_show_the_results_and_their_export(client, org):
    pulse = org.closed_pulse(5, comments=["=HYPERLINK(1)", "Bravo", "", "Atelier", "Zen"])
    login(client, org.director)
    page = client.get(url(org.tenant, "networking_pulse_results", pk=pulse.pk)).content.decode()
    assert "Net Promoter Score" in page and "Bravo" in page and "Atelier" in page
    assert page.index("Atelier") < page.index("Bravo") < page.index("Zen")
    response = client.get(url(org.tenant, "networking_pulse_results_export", pk=pulse.pk))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffQuestion;Answer;Answers;Percent")
    assert "Net Promoter Score;;100" in text  # all answered 9 to the products question
    assert "Comment;'=HYPERLINK(1)" in text  # a formula is neutralised
    assert text.count("\r\n") == 1 + 1 + 3 + 6 + 2 * 16 + 4  # header, respondents, circle, pride + mean, 2 x 16, 4 comments


def test_an_open_pulse_shows_its_progress_to_managers_only(client, org):
    pulse = org.create()
    for person in org.people[:6]:
        org.answer(pulse, person, comment="Too early to read")
    login(client, org.executive)
    page = client.get(url(org.tenant, "networking_pulse_results", pk=pulse.pk)).content.decode()
    assert "6 answers so far, out of 14 employees asked" in page and "Too early" not in page
    login(client, org.director)
    page = client.get(url(org.tenant, "networking_pulse_results", pk=pulse.pk)).content.decode()
    assert "Results appear once the pulse is closed" in page and "answers so far" not in page


def test_results_are_for_managers_and_readers_only(client, org):
    pulse = org.closed_pulse(5)
    login(client, org.people[0])
    assert client.get(url(org.tenant, "networking_pulse_results", pk=pulse.pk)).status_code == 403
    assert client.get(url(org.tenant, "networking_pulse_results_export", pk=pulse.pk)).status_code == 403
    draft = org.create(open_now=False)
    login(client, org.director)
    assert client.get(url(org.tenant, "networking_pulse_results", pk=draft.pk)).status_code == 404


@pytest.mark.parametrize("size", [3, 15])
def test_the_list_reads_a_bounded_number_of_queries(client, org, size, django_assert_max_num_queries):
    for i in range(size):
        pulse = org.create(title=f"Pulse {i}", sites=[org.rennes.pk], departments=[org.sales.pk])
        org.answer(pulse, org.people[0])
    login(client, org.executive)
    client.get(url(org.tenant, "networking_pulse_list"))
    with django_assert_max_num_queries(13):
        assert client.get(url(org.tenant, "networking_pulse_list")).status_code == 200
    login(client, org.people[0])
    client.get(url(org.tenant, "networking_pulse_list"))
    with django_assert_max_num_queries(9):
        assert client.get(url(org.tenant, "networking_pulse_list")).status_code == 200


@pytest.mark.parametrize("size", [5, 12])
def test_the_results_page_reads_a_bounded_number_of_queries(client, org, size, django_assert_max_num_queries):
    pulse = org.closed_pulse(size, comments=[f"comment {i}" for i in range(size)])
    login(client, org.executive)
    client.get(url(org.tenant, "networking_pulse_results", pk=pulse.pk))
    with django_assert_max_num_queries(10):
        assert client.get(url(org.tenant, "networking_pulse_results", pk=pulse.pk)).status_code == 200
