"""The reviews, review schedule and lessons API: reads for every member, writes for editors (lessons: members with an
employee, their own), 404 for another group's ids, 400 for bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from bns.programme.models import Lesson, Programme, ProgrammeAction, Review
from bns.programme.reviews import services
from tests.bns.programme.objectives.conftest import api, make_programme
from tests.bns.programme.reviews.support import kpi, record, value
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def base(org) -> str:
    return f"/api/v1/g/{org.tenant.slug}"


def day(days_ago: int = 0):
    return timezone.localdate() - timedelta(days=days_ago)


def test_record_a_review_and_read_it(org):
    k = kpi(org)
    value(org, k, 9, "33")
    value(org, k, 1, "66")
    response = api(org.m("owner")).post(f"{base(org)}/programme-reviews/", {
        "held_on": day(4).isoformat(), "participants": "CoDir", "decisions": "Go",
        "new_actions": [{"title": "Atelier LinkedIn", "kind": "training", "owner": org.e("rep").pk,
                         "deadline": day(-10).isoformat()}],
    }, format="json")
    assert response.status_code == 201, response.data
    data = response.data
    action = ProgrammeAction.unscoped.get()
    assert data["programme"] == org.programme.pk and data["new_actions"] == [action.pk] and data["new_action_count"] == 1
    assert [(v["kpi_name"], v["value"], v["value_on"], v["target"], v["gap"]) for v in data["kpi_values"]] == [
        ("Profils complets", "33.00", day(9).isoformat(), "80.00", "-47.00")]
    assert action.review_id == data["id"] and action.owner_id == org.e("rep").pk
    # Every member reads, the list and one review.
    rep = api(org.m("rep"))
    listed = rep.get(f"{base(org)}/programme-reviews/").data
    assert listed["count"] == 1 if isinstance(listed, dict) else len(listed) == 1
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert rows[0]["kpi_value_count"] == 1 and "kpi_values" not in rows[0]
    assert rep.get(f"{base(org)}/programme-reviews/{data['id']}/").data["kpi_values"][0]["value"] == "33.00"


def test_a_rep_cannot_write_reviews(org):
    review = record(org)
    rep = api(org.m("rep"))
    assert rep.post(f"{base(org)}/programme-reviews/", {"held_on": day(1).isoformat()}, format="json").status_code == 403
    assert rep.patch(f"{base(org)}/programme-reviews/{review.pk}/", {"decisions": "x"}, format="json").status_code == 403
    assert rep.delete(f"{base(org)}/programme-reviews/{review.pk}/").status_code == 403
    assert Review.unscoped.count() == 1


@pytest.mark.parametrize("payload, field", [
    ({"held_on": "tomorrow"}, "held_on"),
    ({}, "held_on"),
    ({"held_on": "FUTURE"}, "held_on"),
    ({"held_on": "TODAY", "new_actions": [{"title": "X", "kind": "nope"}]}, "new_actions"),
    ({"held_on": "TODAY", "new_actions": [{"title": f"A{i}", "kind": "tool"} for i in range(6)]}, "new_actions"),
    ({"held_on": "TODAY", "programme": 999999}, "programme"),
])
def test_bad_input_is_400(org, payload, field):
    payload = dict(payload)
    if payload.get("held_on") == "FUTURE":
        payload["held_on"] = day(-1).isoformat()
    elif payload.get("held_on") == "TODAY":
        payload["held_on"] = day().isoformat()
    response = api(org.m("exec")).post(f"{base(org)}/programme-reviews/", payload, format="json")
    assert response.status_code == 400 and field in response.data, response.data
    assert not Review.unscoped.exists()


def test_update_and_delete(org):
    review = record(org, new_actions=[{"title": "Reste", "kind": "tool"}])
    client = api(org.m("exec"))
    response = client.patch(f"{base(org)}/programme-reviews/{review.pk}/", {"decisions": "Nouvelle", "held_on": "2020-01-01"},
                            format="json")
    assert response.status_code == 200 and response.data["decisions"] == "Nouvelle"
    assert response.data["held_on"] == review.held_on.isoformat()  # not changeable: ignored
    assert client.put(f"{base(org)}/programme-reviews/{review.pk}/", {}, format="json").status_code == 405
    assert client.delete(f"{base(org)}/programme-reviews/{review.pk}/").status_code == 204
    assert not Review.unscoped.exists() and ProgrammeAction.unscoped.get().review_id is None


def test_the_schedule(org):
    Programme.unscoped.filter(pk=org.programme.pk).update(starts_on=day(33))
    data = api(org.m("rep")).get(f"{base(org)}/programme-review-schedule/").data
    assert data == {"programme": org.programme.pk, "last_held_on": None, "next_due_on": day(3).isoformat(), "overdue": True,
                    "days_overdue": 3, "cadence_days": 30}
    old = make_programme(org.tenant, iteration=0, status=Programme.Status.CLOSED)
    data = api(org.m("rep")).get(f"{base(org)}/programme-review-schedule/?programme={old.pk}").data
    assert data["programme"] == old.pk and data["overdue"] is False


def test_the_schedule_without_programme_is_404(tenant):
    from bns.models import Role
    from tests.factories import MembershipFactory, UserFactory

    member = MembershipFactory(tenant=tenant, user=UserFactory(), role=Role.EMPLOYEE)
    assert api(member).get(f"/api/v1/g/{tenant.slug}/programme-review-schedule/").status_code == 404
    assert api(member).get(f"/api/v1/g/{tenant.slug}/programme-reviews/").status_code == 200


def test_lessons_crud(org):
    rep, brest = api(org.m("rep")), api(org.m("brest"))
    response = rep.post(f"{base(org)}/programme-lessons/", {"step": 5, "text": "Les invitations VIP marchent"}, format="json")
    assert response.status_code == 201 and response.data["author"] == org.e("rep").pk and response.data["step_label"]
    pk = response.data["id"]
    brest.post(f"{base(org)}/programme-lessons/", {"step": 2, "text": "Brest"}, format="json")
    assert [row["step"] for row in _rows(rep.get(f"{base(org)}/programme-lessons/").data)] == [2, 5]
    assert [row["id"] for row in _rows(rep.get(f"{base(org)}/programme-lessons/?step=5").data)] == [pk]
    assert _rows(rep.get(f"{base(org)}/programme-lessons/?search=VIP").data)[0]["id"] == pk
    assert rep.get(f"{base(org)}/programme-lessons/?step=9").status_code == 400
    assert brest.patch(f"{base(org)}/programme-lessons/{pk}/", {"text": "x"}, format="json").status_code == 403
    assert brest.delete(f"{base(org)}/programme-lessons/{pk}/").status_code == 403
    assert rep.patch(f"{base(org)}/programme-lessons/{pk}/", {"step": 6}, format="json").data["step"] == 6
    assert rep.post(f"{base(org)}/programme-lessons/", {"step": 0, "text": "x"}, format="json").status_code == 400
    assert rep.post(f"{base(org)}/programme-lessons/", {"step": 1, "text": ""}, format="json").status_code == 400
    assert api(org.m("owner")).delete(f"{base(org)}/programme-lessons/{pk}/").status_code == 204
    assert not Lesson.unscoped.filter(pk=pk).exists()


def _rows(data):
    return data["results"] if isinstance(data, dict) else data


def test_another_groups_ids_are_404(org, other_tenant):
    theirs = make_programme(other_tenant)
    review = Review.unscoped.create(tenant=other_tenant, programme=theirs, held_on=day(1))
    lesson = Lesson.unscoped.create(tenant=other_tenant, programme=theirs, step=1, text="secret")
    stranger = EmployeeFactory(tenant=other_tenant)
    client = api(org.m("exec"))
    for path in (f"programme-reviews/{review.pk}/", f"programme-lessons/{lesson.pk}/"):
        assert client.get(f"{base(org)}/{path}").status_code == 404
        assert client.patch(f"{base(org)}/{path}", {"text": "x", "decisions": "x"}, format="json").status_code == 404
        assert client.delete(f"{base(org)}/{path}").status_code == 404
    assert _rows(client.get(f"{base(org)}/programme-reviews/?programme={theirs.pk}").data) == []
    assert _rows(client.get(f"{base(org)}/programme-lessons/?programme={theirs.pk}").data) == []
    assert client.get(f"{base(org)}/programme-review-schedule/?programme={theirs.pk}").status_code == 404
    response = client.post(f"{base(org)}/programme-reviews/", {"held_on": day().isoformat(), "programme": theirs.pk}, format="json")
    assert response.status_code == 400
    response = client.post(f"{base(org)}/programme-reviews/", {"held_on": day().isoformat(), "new_actions": [
        {"title": "x", "kind": "tool", "owner": stranger.pk}]}, format="json")
    assert response.status_code == 400
    assert client.post(f"{base(org)}/programme-lessons/", {"step": 1, "text": "x", "programme": theirs.pk}, format="json").status_code == 400
    assert Review.unscoped.filter(tenant=org.tenant).count() == 0 and Lesson.unscoped.filter(tenant=org.tenant).count() == 0


def test_services_lesson_for_the_list_query(org, django_assert_max_num_queries):
    for i in range(3):
        services.lesson_create(tenant=org.tenant, actor=org.u("rep"), programme=org.programme, step=1 + i, text=f"L{i}")
    with django_assert_max_num_queries(12):
        assert len(_rows(api(org.m("rep")).get(f"{base(org)}/programme-lessons/").data)) == 3
