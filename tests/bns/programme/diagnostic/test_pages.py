"""The self-assessment pages: results for everyone, the questionnaire for those who answer, the export; bounded queries."""

from __future__ import annotations

import csv
import io

import pytest

from bns.models import Role
from bns.programme.diagnostic.questionnaire import QUESTIONS
from bns.programme.models import DiagnosticAnswer, Programme
from tests.bns.programme.diagnostic.support import answer, answer_all, respondents
from tests.bns.programme.objectives.conftest import make_programme
from tests.bns.programme.strategy.support import url
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def login(client, org, who):
    client.force_login(org.user(who))
    return client


def text(response) -> str:
    return response.content.decode("utf-8-sig")


def test_empty_states(client, tenant):
    member = MembershipFactory(tenant=tenant, user=UserFactory(), role=Role.EMPLOYEE)
    client.force_login(member.user)
    response = client.get(url(tenant, "programme_diagnostic"))
    assert response.status_code == 200 and "has not started its BNS programme yet" in text(response)
    assert client.get(url(tenant, "programme_diagnostic_export")).status_code == 404


def test_no_answer_yet_says_what_to_do(client, org):
    page = text(login(client, org, "manager").get(url(org.tenant, "programme_diagnostic")))
    assert "Nobody has answered the self-assessment of this iteration yet." in page
    assert "Start with your own answers" in page and url(org.tenant, "programme_diagnostic_answer") in page
    page = text(login(client, org, "employee").get(url(org.tenant, "programme_diagnostic")))
    assert "the results appear here as soon as the first answers are in" in page
    assert url(org.tenant, "programme_diagnostic_answer") not in page


def test_results_for_everyone_individual_answers_for_editors_only(client, org):
    answer(org, "manager", {"profiles_1": (2, "Profils vides à Brest"), "profiles_2": 2})
    answer(org, "executive", {"profiles_1": 4})
    response = login(client, org, "employee").get(url(org.tenant, "programme_diagnostic"))
    page = text(response)
    assert response.status_code == 200
    assert 'data-testid="respondents">2<' in page and "structured" in page  # profiles: (2 + 2 + 4) / 3 = 2.67 -> 3
    assert "2.67" in page and "not measured by the system" in page and "no measure yet" in page
    assert 'data-plotly-figure="diagnostic-chart-data"' in page and 'id="diagnostic-chart-data"' in page
    for private in ("Marc Chefdesventes", "Profils vides à Brest", 'data-testid="respondents-table"'):
        assert private not in page, private
    page = text(login(client, org, "owner").get(url(org.tenant, "programme_diagnostic")))
    for shown in ("Marc Chefdesventes", "Claire Dirigeante", "Profils vides à Brest", 'data-testid="respondents-table"'):
        assert shown in page, shown
    # A manager answers but does not edit the programme: aggregates only.
    page = text(login(client, org, "manager").get(url(org.tenant, "programme_diagnostic")))
    assert "Claire Dirigeante" not in page and "Change my answers" in page and "You have answered 2 of 24 questions." in page


def test_employees_may_not_answer(client, org):
    login(client, org, "employee")
    assert client.get(url(org.tenant, "programme_diagnostic_answer")).status_code == 403
    assert client.post(url(org.tenant, "programme_diagnostic_answer"), {"profiles_1": "3"}).status_code == 403
    assert not DiagnosticAnswer.unscoped.exists()


def test_the_questionnaire_prefilled_then_saved(client, org):
    answer(org, "manager", {"profiles_1": (2, "Peu de profils")})
    login(client, org, "manager")
    response = client.get(url(org.tenant, "programme_diagnostic_answer"))
    page = text(response)
    assert response.status_code == 200
    assert page.count('type="radio"') == 24 * 5 and "Leadership and governance" in page
    assert "1. Few employees have a professional profile" in page
    assert 'value="2" name="profiles_1"' in page.replace('name="profiles_1" value="2"', 'value="2" name="profiles_1"') or (
        'name="profiles_1" value="2"' in page)
    assert 'checked' in page and 'value="Peu de profils"' in page
    response = client.post(url(org.tenant, "programme_diagnostic_answer"), {
        "profiles_1": "3", "comment_profiles_1": "Mieux depuis janvier", "conviction_2": "1", "comment_activity_1": ""})
    assert response.status_code == 302 and response["Location"] == url(org.tenant, "programme_diagnostic")
    assert dict(DiagnosticAnswer.unscoped.values_list("question", "level")) == {"profiles_1": 3, "conviction_2": 1}
    assert DiagnosticAnswer.unscoped.get(question="profiles_1").comment == "Mieux depuis janvier"
    page = text(client.get(url(org.tenant, "programme_diagnostic")))
    assert "your answers are saved (2 of 24 questions answered)" in page


@pytest.mark.parametrize(("data", "message"), [
    ({}, "Answer at least one question"),
    ({"profiles_1": ""}, "Answer at least one question"),
    ({"profiles_1": "7"}, "Choose a level from 1 to 5."),
    ({"profiles_1": "3", "comment_profiles_2": "sans niveau"}, "Choose a level for this comment."),
    ({"profiles_1": "3", "comment_profiles_1": "x" * 501}, "at most 500 characters"),
])
def test_invalid_answers_come_back_with_the_errors(client, org, data, message):
    response = login(client, org, "executive").post(url(org.tenant, "programme_diagnostic_answer"), data)
    assert response.status_code == 400 and message in text(response)
    assert not DiagnosticAnswer.unscoped.exists()


def test_a_login_without_employee_is_told_why(client, org):
    login(client, org, "admin")
    page = text(client.get(url(org.tenant, "programme_diagnostic")))
    assert "Your login is not linked to an employee of the group" in page
    response = client.get(url(org.tenant, "programme_diagnostic_answer"))
    assert response.status_code == 200 and 'type="radio"' not in text(response)
    response = client.post(url(org.tenant, "programme_diagnostic_answer"), {"profiles_1": "3"})
    assert response.status_code == 400 and "not linked to an employee" in text(response)
    assert not DiagnosticAnswer.unscoped.exists()


def test_an_earlier_iteration_is_read_not_answered(client, org):
    answer(org, "manager", {"profiles_1": 5})
    org.programme.status = Programme.Status.CLOSED
    org.programme.save()
    second = make_programme(org.tenant, iteration=2, owner=org.employee("owner"))
    login(client, org, "manager")
    page = text(client.get(url(org.tenant, "programme_diagnostic")))
    assert "Nobody has answered" in page and "Programme 2" in page
    page = text(client.get(url(org.tenant, "programme_diagnostic"), {"programme": org.programme.pk}))
    assert "You are reading iteration 1" in page and "optimised" in page and "Change my answers" not in page
    response = client.get(url(org.tenant, "programme_diagnostic_answer"), {"programme": org.programme.pk})
    assert response.status_code == 200 and "This iteration is closed" in text(response) and 'type="radio"' not in text(response)
    response = client.post(f"{url(org.tenant, 'programme_diagnostic_answer')}?programme={org.programme.pk}", {"profiles_1": "1"})
    assert response.status_code == 400 and DiagnosticAnswer.unscoped.get().level == 5
    assert second.pk != org.programme.pk


def test_another_groups_iteration_is_404(client, org, other_tenant):
    theirs = make_programme(other_tenant)
    login(client, org, "executive")
    for name in ("programme_diagnostic", "programme_diagnostic_answer", "programme_diagnostic_export"):
        assert client.get(url(org.tenant, name), {"programme": theirs.pk}).status_code == 404, name
        assert client.get(url(org.tenant, name), {"programme": "abc"}).status_code == 404, name


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content if response.streaming else [response.content])
                                      .decode("utf-8-sig")), delimiter=";"))


def test_export_aggregates_for_all_answers_for_editors(client, org):
    answer(org, "manager", {"profiles_1": (2, "Profils vides")})
    answer(org, "executive", {"profiles_1": 4})
    response = login(client, org, "employee").get(url(org.tenant, "programme_diagnostic_export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    assert rows[0][:4] == ["Row", "Dimension", "Question code", "Question"]
    assert len(rows) == 1 + 8 + 24 and not any(r[0] == "answer" for r in rows)
    profiles = next(r for r in rows if r[0] == "dimension" and r[1] == "Profiles")
    assert profiles[5:10] == ["2", "2", "3.00", "3", "50"]
    assert "Profils vides" not in str(rows) and "Chefdesventes" not in str(rows)
    rows = _csv(login(client, org, "owner").get(url(org.tenant, "programme_diagnostic_export")))
    answers = [r for r in rows if r[0] == "answer"]
    assert [(r[2], r[4], r[8], r[14]) for r in answers] == [("profiles_1", "Marc Chefdesventes", "2", "Profils vides"),
                                                           ("profiles_1", "Claire Dirigeante", "4", "")]


def _fill(org, n: int, start: int = 0):
    for i, member in enumerate(respondents(org, n, start=start)):
        answer_all(org, member, 1 + (i % 5), comment=f"commentaire {start + i}")


@pytest.mark.parametrize("who", ["employee", "owner"])
def test_the_results_page_reads_a_bounded_number_of_queries(client, org, who, django_assert_max_num_queries):
    login(client, org, who)
    _fill(org, 3)
    client.get(url(org.tenant, "programme_diagnostic"))  # warm the session
    with django_assert_max_num_queries(40) as small:
        assert client.get(url(org.tenant, "programme_diagnostic")).status_code == 200
    _fill(org, 17, start=3)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        page = text(client.get(url(org.tenant, "programme_diagnostic")))
    print(f"results page as {who}: {len(small.captured_queries)} queries (3 respondents), {len(large.captured_queries)} (20)")
    assert 'data-testid="respondents">20<' in page
    if who == "owner":
        assert page.count('<th scope="row">Resp N0') == 20  # the respondents' table: one row each (a page of 25)


def test_the_questionnaire_reads_a_bounded_number_of_queries(client, org, django_assert_max_num_queries):
    login(client, org, "manager")
    answer_all(org, org.m("manager"), 3)
    with django_assert_max_num_queries(12):
        assert client.get(url(org.tenant, "programme_diagnostic_answer")).status_code == 200
    assert len(QUESTIONS) == 24
