"""Pages of reviews and lessons: list with the schedule, recording a review (form, new actions, the freezing preview),
a review's page, edit, delete, exports; lessons list, add, edit, delete, export; permissions; bounded queries."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from bns.models import Role
from bns.programme.models import Lesson, Programme, ProgrammeAction, Review, ReviewKpiValue
from bns.programme.reviews import services
from tests.bns.programme.objectives.conftest import body, login, make_programme, url
from tests.bns.programme.reviews.support import kpi, record, value
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def day(days_ago: int = 0):
    return timezone.localdate() - timedelta(days=days_ago)


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body(response)), delimiter=";"))


# --- The reviews list ---------------------------------------------------------------------------------


def test_no_programme_yet(client, tenant):
    member = MembershipFactory(tenant=tenant, user=UserFactory(), role=Role.EMPLOYEE)
    client.force_login(member.user)
    for name in ("programme_reviews", "programme_lessons"):
        response = client.get(url(tenant, name))
        assert response.status_code == 200 and "has not started its BNS programme yet" in body(response)
    assert client.get(url(tenant, "programme_reviews_export")).status_code == 200


def test_empty_states(client, org):
    page = body(login(client, org.m("owner")).get(url(org.tenant, "programme_reviews")))
    assert "No review yet. Gather the executive committee" in page and "Record the first review" in page
    page = body(login(client, org.m("rep")).get(url(org.tenant, "programme_reviews")))
    assert "the process owner and the executive committee record them" in page
    assert url(org.tenant, "programme_review_create") not in page


def test_the_schedule_box_flags_an_overdue_review(client, org):
    Programme.unscoped.filter(pk=org.programme.pk).update(starts_on=day(34))
    page = body(login(client, org.m("rep")).get(url(org.tenant, "programme_reviews")))
    assert "OVERDUE" in page and "schedule overdue" in page and "4 days late" in page
    record(org, days_ago=2, participants="Eva, Paul", decisions="Relancer les profils")
    page = body(client.get(url(org.tenant, "programme_reviews")))
    assert "OVERDUE" not in page and "Next review due" in page
    assert "Relancer les profils" in page and 'data-testid="review"' in page


def test_the_list_shows_counts_search_and_pagination(client, org):
    k = kpi(org)
    kpi(org, "Sans valeur")
    value(org, k, 5, 10)
    record(org, days_ago=3, decisions="Accélérer les ateliers", new_actions=[{"title": "A", "kind": "tool"}, {"title": "B", "kind": "event"}])
    record(org, days_ago=1, decisions="Autre chose")
    page = body(login(client, org.m("rep")).get(url(org.tenant, "programme_reviews")))
    assert page.count('data-testid="review"') == 2 and "1 without a value" in page
    page = body(client.get(url(org.tenant, "programme_reviews") + "?q=ateliers"))
    assert page.count('data-testid="review"') == 1 and "Accélérer les ateliers" in page
    page = body(client.get(url(org.tenant, "programme_reviews") + "?q=introuvable"))
    assert "No review matches this search." in page


def test_an_earlier_iteration_is_readable(client, org):
    old = make_programme(org.tenant, iteration=0, status=Programme.Status.CLOSED, title="Itération zéro")
    Review.unscoped.create(tenant=org.tenant, programme=old, held_on=day(40), decisions="Décision ancienne")
    page = body(login(client, org.m("rep")).get(url(org.tenant, "programme_reviews") + f"?programme={old.pk}"))
    assert "Décision ancienne" in page and "You are reading a closed iteration" in page and "no review is due any more" in page
    assert client.get(url(org.tenant, "programme_reviews") + "?programme=999999").status_code == 404
    # The process owner may not record in a closed iteration; an executive may.
    assert login(client, org.m("owner")).get(url(org.tenant, "programme_review_create") + f"?programme={old.pk}").status_code == 403
    assert login(client, org.m("exec")).get(url(org.tenant, "programme_review_create") + f"?programme={old.pk}").status_code == 200


# --- Recording a review -------------------------------------------------------------------------------


def form_data(held_on, extra: dict | None = None) -> dict:
    data = {"held_on": held_on.isoformat(), "participants": "CoDir", "decisions": "Former les VO", "notes": "",
            "actions-TOTAL_FORMS": "5", "actions-INITIAL_FORMS": "0", "actions-MIN_NUM_FORMS": "0", "actions-MAX_NUM_FORMS": "5"}
    for i in range(5):
        data.update({f"actions-{i}-title": "", f"actions-{i}-kind": "", f"actions-{i}-owner": "", f"actions-{i}-deadline": ""})
    data.update(extra or {})
    return data


def test_record_a_review_with_new_actions(client, org):
    k = kpi(org)
    value(org, k, 6, 42)
    value(org, k, 1, 77)
    c = login(client, org.m("owner"))
    page = body(c.get(url(org.tenant, "programme_review_create")))
    assert 'name="actions-4-title"' in page and 'name="actions-5-title"' not in page
    assert "77" in page and 'hx-get=' in page and 'id="freeze-preview"' in page  # today's values to be frozen
    deadline = day(-20).isoformat()
    response = c.post(url(org.tenant, "programme_review_create") + f"?programme={org.programme.pk}", form_data(
        day(3), {"actions-0-title": "Coaching LinkedIn", "actions-0-kind": "training", "actions-0-owner": str(org.e("rep").pk),
                   "actions-0-deadline": deadline, "actions-2-title": "Club d'affaires", "actions-2-kind": "event"}))
    review = Review.unscoped.get()
    assert response.status_code == 302 and response["Location"] == url(org.tenant, "programme_review_detail", pk=review.pk)
    assert ReviewKpiValue.unscoped.get(review=review).value == 42
    actions = list(ProgrammeAction.unscoped.filter(review=review).order_by("pk"))
    assert [(a.title, a.owner_id) for a in actions] == [("Coaching LinkedIn", org.e("rep").pk), ("Club d'affaires", None)]
    page = body(c.get(response["Location"]))
    for text in ("Profils complets", "42", "80", "-38", "Coaching LinkedIn", url(org.tenant, "programme_action_detail", pk=actions[0].pk),
                 "Former les VO", "CoDir"):
        assert text in page, text


def test_the_preview_follows_the_date(client, org):
    k = kpi(org)
    value(org, k, 10, 11)
    value(org, k, 1, 99)
    c = login(client, org.m("owner"))
    fragment = body(c.get(url(org.tenant, "programme_review_create") + f"?preview=1&held_on={day(5).isoformat()}",
                          HTTP_HX_REQUEST="true"))
    assert "11" in fragment and "99" not in fragment and "<html" not in fragment
    # Without JavaScript: the "show the values" button re-renders the form and saves nothing.
    response = c.post(url(org.tenant, "programme_review_create"), {**form_data(day(5)), "preview": "1"})
    assert response.status_code == 200 and not Review.unscoped.exists()
    page = body(response)
    assert 'data-testid="preview-row"' in page and "11" in page
    # A KPI without a value says so.
    kpi(org, "Vide")
    assert "no value" in body(c.get(url(org.tenant, "programme_review_create") + "?preview=1&held_on=garbage"))


@pytest.mark.parametrize("extra, error", [
    ({"held_on": ""}, "This field is required"),
    ({"held_on": day(-1).isoformat()}, "cannot be in the future"),
    ({"held_on": day(60).isoformat()}, "a review cannot be before"),
    ({"actions-0-kind": "training"}, "Give this action a title"),
    ({"actions-0-title": "Sans type"}, "Choose the type of the action"),
    ({"actions-0-title": "X", "actions-0-kind": "tool", "actions-0-owner": "999999"}, "Select a valid choice"),
    ({"actions-TOTAL_FORMS": "6", "actions-5-title": "Six", "actions-5-kind": "tool"}, "5"),
])
def test_form_errors_rerender(client, org, extra, error):
    response = login(client, org.m("owner")).post(url(org.tenant, "programme_review_create"), form_data(day(1), extra))
    assert response.status_code == 400 and error in body(response)
    assert not Review.unscoped.exists() and not ProgrammeAction.unscoped.exists()


def test_a_rep_cannot_record_edit_or_delete(client, org):
    review = record(org)
    c = login(client, org.m("rep"))
    assert c.get(url(org.tenant, "programme_review_create")).status_code == 403
    assert c.post(url(org.tenant, "programme_review_create"), form_data(day(1))).status_code == 403
    assert c.get(url(org.tenant, "programme_review_edit", pk=review.pk)).status_code == 403
    assert c.post(url(org.tenant, "programme_review_edit", pk=review.pk), {"decisions": "x"}).status_code == 403
    assert c.post(url(org.tenant, "programme_review_delete", pk=review.pk)).status_code == 403
    page = body(c.get(url(org.tenant, "programme_review_detail", pk=review.pk)))
    assert "/edit/" not in page and "/delete/" not in page
    assert Review.unscoped.filter(pk=review.pk).exists()


def test_edit_and_delete(client, org):
    review = record(org, decisions="v1", new_actions=[{"title": "Reste", "kind": "tool"}])
    c = login(client, org.m("exec"))
    page = body(c.get(url(org.tenant, "programme_review_edit", pk=review.pk)))
    assert "v1" in page and 'name="held_on"' not in page
    response = c.post(url(org.tenant, "programme_review_edit", pk=review.pk), {"participants": "Tous", "decisions": "v2", "notes": ""})
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.participants, review.decisions) == ("Tous", "v2")
    assert c.get(url(org.tenant, "programme_review_delete", pk=review.pk)).status_code == 405
    response = c.post(url(org.tenant, "programme_review_delete", pk=review.pk))
    assert response.status_code == 302 and response["Location"] == url(org.tenant, "programme_reviews")
    assert not Review.unscoped.exists() and ProgrammeAction.unscoped.get().review_id is None


def test_another_groups_review_is_404(client, org, other_tenant):
    theirs = make_programme(other_tenant)
    review = Review.unscoped.create(tenant=other_tenant, programme=theirs, held_on=day(1))
    c = login(client, org.m("exec"))
    for name in ("programme_review_detail", "programme_review_edit"):
        assert c.get(url(org.tenant, name, pk=review.pk)).status_code == 404
    assert c.post(url(org.tenant, "programme_review_delete", pk=review.pk)).status_code == 404
    assert c.get(url(org.tenant, "programme_review_create") + f"?programme={theirs.pk}").status_code == 404
    assert Review.unscoped.filter(pk=review.pk).exists()


def test_reviews_export(client, org):
    k, empty = kpi(org), kpi(org, "Vide", target=None)
    value(org, k, 5, "12.5")
    record(org, days_ago=4, decisions="=HYPERLINK(x)")
    record(org, days_ago=1)
    Review.unscoped.create(tenant=org.tenant, programme=org.programme, held_on=day(2))  # no frozen value (old data)
    response = login(client, org.m("rep")).get(url(org.tenant, "programme_reviews_export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    assert rows[0][:2] == ["Iteration", "Date of the review"] and len(rows) == 1 + 2 + 1 + 2
    assert rows[1][1] == day(4).isoformat() and rows[1][3] == "'=HYPERLINK(x)"
    assert rows[1][5:] == ["Profils complets", "%", "12.50", day(5).isoformat(), "80.00", "-67.50"]
    assert rows[2][5:] == ["Vide", "%", "", "", "", ""]
    assert rows[3][1] == day(2).isoformat() and rows[3][5:] == ["", "", "", "", "", ""]
    assert empty.pk  # the KPI without a value has its row, with no value


# --- Lessons ------------------------------------------------------------------------------------------


def test_a_rep_adds_a_lesson_and_changes_only_their_own(client, org):
    theirs = services.lesson_create(tenant=org.tenant, actor=org.u("brest"), programme=org.programme, step=4, text="Leçon de Brest")
    c = login(client, org.m("rep"))
    page = body(c.get(url(org.tenant, "programme_lessons")))
    assert "Add a lesson" in page and "Leçon de Brest" in page
    assert url(org.tenant, "programme_lesson_edit", pk=theirs.pk) not in page
    response = c.post(url(org.tenant, "programme_lesson_create") + f"?programme={org.programme.pk}",
                      {"step": "5", "text": "Les clients apprécient les invitations VIP."})
    assert response.status_code == 302
    mine = Lesson.unscoped.get(text__startswith="Les clients")
    assert mine.author_id == org.e("rep").pk and mine.step == 5
    page = body(c.get(url(org.tenant, "programme_lessons")))
    assert url(org.tenant, "programme_lesson_edit", pk=mine.pk) in page
    assert "5. Tactics and actions" in page and "4. Strategy" in page
    assert c.get(url(org.tenant, "programme_lesson_edit", pk=theirs.pk)).status_code == 403
    assert c.post(url(org.tenant, "programme_lesson_edit", pk=theirs.pk), {"step": "4", "text": "x"}).status_code == 403
    assert c.post(url(org.tenant, "programme_lesson_delete", pk=theirs.pk)).status_code == 403
    assert c.post(url(org.tenant, "programme_lesson_edit", pk=mine.pk), {"step": "6", "text": "Mieux"}).status_code == 302
    mine.refresh_from_db()
    assert (mine.step, mine.text) == (6, "Mieux")
    assert c.post(url(org.tenant, "programme_lesson_delete", pk=mine.pk)).status_code == 302
    assert not Lesson.unscoped.filter(pk=mine.pk).exists()
    # An editor changes anyone's lesson.
    assert login(client, org.m("owner")).post(url(org.tenant, "programme_lesson_delete", pk=theirs.pk)).status_code == 302


def test_lesson_form_errors(client, org):
    c = login(client, org.m("rep"))
    response = c.post(url(org.tenant, "programme_lesson_create"), {"step": "9", "text": ""})
    assert response.status_code == 400 and "Select a valid choice" in body(response) and not Lesson.unscoped.exists()
    assert c.get(url(org.tenant, "programme_lesson_create") + "?step=3").status_code == 200


def test_a_member_without_employee_reads_but_does_not_write(client, org):
    reader = MembershipFactory(tenant=org.tenant, user=UserFactory(), role=Role.EMPLOYEE)
    c = login(client, reader)
    page = body(c.get(url(org.tenant, "programme_lessons")))
    assert "Add a lesson" not in page and "the members of the group write them" in page
    assert c.post(url(org.tenant, "programme_lesson_create"), {"step": "1", "text": "x"}).status_code == 403


def test_lessons_filter_search_and_carried(client, org):
    org.programme.status = Programme.Status.CLOSED
    org.programme.save()
    old = services.lesson_create(tenant=org.tenant, actor=org.u("exec"), programme=org.programme, step=2, text="Diagnostic trop long")
    nxt = make_programme(org.tenant, iteration=2, previous=org.programme, title="Itération 2")
    Lesson.unscoped.create(tenant=org.tenant, programme=nxt, step=2, text="Diagnostic raccourci", carried_from=old)
    services.lesson_create(tenant=org.tenant, actor=org.u("rep"), programme=nxt, step=7, text="Revues trop espacées")
    c = login(client, org.m("rep"))
    page = body(c.get(url(org.tenant, "programme_lessons")))
    assert "carried from iteration 1" in page and "Lessons of iteration 1" in page and "carried into this iteration" in page
    assert page.count('data-testid="lesson"') == 2
    page = body(c.get(url(org.tenant, "programme_lessons") + "?step=7"))
    assert page.count('data-testid="lesson"') == 1 and "Revues trop espacées" in page
    page = body(c.get(url(org.tenant, "programme_lessons") + "?q=raccourci"))
    assert page.count('data-testid="lesson"') == 1 and "Diagnostic raccourci" in page
    assert "No lesson matches these filters." in body(c.get(url(org.tenant, "programme_lessons") + "?q=zzz"))
    # The closed iteration is readable, not writable by a rep.
    page = body(c.get(url(org.tenant, "programme_lessons") + f"?programme={org.programme.pk}"))
    assert "Diagnostic trop long" in page and "Add a lesson" not in page
    rows = csv_rows(c.get(url(org.tenant, "programme_lessons_export")))
    assert rows[0] == ["Iteration", "Step", "Step name", "Lesson", "Author", "Carried from iteration", "Written on"]
    assert rows[1][:4] == ["2", "2", "Self-assessment", "Diagnostic raccourci"] and rows[1][5] == "1"
    assert rows[2][4] == org.e("rep").full_name and len(rows) == 3


def test_another_groups_lesson_is_404(client, org, other_tenant):
    theirs = make_programme(other_tenant)
    lesson = Lesson.unscoped.create(tenant=other_tenant, programme=theirs, step=1, text="x")
    c = login(client, org.m("exec"))
    assert c.get(url(org.tenant, "programme_lesson_edit", pk=lesson.pk)).status_code == 404
    assert c.post(url(org.tenant, "programme_lesson_delete", pk=lesson.pk)).status_code == 404
    assert c.get(url(org.tenant, "programme_lessons") + f"?programme={theirs.pk}").status_code == 404
    assert Lesson.unscoped.filter(pk=lesson.pk).exists()


# --- Bounded queries ----------------------------------------------------------------------------------


def _fill(org, n: int):
    kpis = [kpi(org, f"KPI {i}") for i in range(3)]
    for k in kpis:
        value(org, k, 20, 5)
    for i in range(n):
        record(org, days_ago=i % 25, decisions=f"Décision {i}", new_actions=[{"title": f"Action {i}", "kind": "tool"}])
        services.lesson_create(tenant=org.tenant, actor=org.u("rep" if i % 2 else "owner"), programme=org.programme,
                               step=1 + i % 8, text=f"Leçon {i}")


@pytest.mark.parametrize("name", ["programme_reviews", "programme_lessons"])
def test_list_queries_do_not_grow(client, org, django_assert_max_num_queries, name):
    c = login(client, org.m("rep"))
    _fill(org, 2)
    c.get(url(org.tenant, name))  # warm the session and caches
    with django_assert_max_num_queries(14) as small:
        assert c.get(url(org.tenant, name)).status_code == 200
    _fill(org, 14)
    with django_assert_max_num_queries(len(small.captured_queries)) as big:
        page = body(c.get(url(org.tenant, name)))
    assert "Décision 13" in page or "Leçon" in page
    print(name, len(small.captured_queries), len(big.captured_queries))


@pytest.mark.parametrize("name", ["programme_reviews_export", "programme_lessons_export"])
def test_export_queries_do_not_grow(client, org, django_assert_max_num_queries, name):
    c = login(client, org.m("rep"))
    _fill(org, 2)
    c.get(url(org.tenant, name))
    with django_assert_max_num_queries(12) as small:
        c.get(url(org.tenant, name))
    _fill(org, 10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(csv_rows(c.get(url(org.tenant, name)))) > 12
