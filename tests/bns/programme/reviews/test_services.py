"""Services of reviews and lessons: freezing the KPI values, the latest value at a date, the new actions, validation,
permissions and the audit trail."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from bns.models import AuditEvent
from bns.programme.models import Kpi, Lesson, Programme, ProgrammeAction, Review, ReviewKpiValue
from bns.programme.objectives import services as kpi_services
from bns.programme.reviews import selectors, services
from tests.bns.programme.objectives.conftest import make_programme
from tests.bns.programme.reviews.support import kpi, record, value

pytestmark = pytest.mark.django_db


def frozen(review) -> dict[str, tuple]:
    return {r.kpi_name: (r.value, r.value_on, r.target, r.unit)
            for r in ReviewKpiValue.unscoped.filter(tenant=review.tenant, review=review)}


# --- Freezing -----------------------------------------------------------------------------------------


def test_recording_freezes_the_latest_value_at_the_date_of_each_kpi(org):
    today = timezone.localdate()
    profiles, intros = kpi(org, "Profils complets"), kpi(org, "Intros answered", target=None, unit="")
    kpi(org, "Sans valeur", target="10")
    value(org, profiles, 20, "40")
    value(org, profiles, 10, "55.5")
    value(org, profiles, 2, "70")  # after the review's date: not frozen
    value(org, intros, 12, "3")
    review = record(org, days_ago=5, participants="CoDir", decisions="Accélérer")
    assert frozen(review) == {
        "Profils complets": (Decimal("55.50"), today - timedelta(days=10), Decimal("80.00"), "%"),
        "Intros answered": (Decimal("3.00"), today - timedelta(days=12), None, ""),
        "Sans valeur": (None, None, Decimal("10.00"), "%"),
    }


def test_a_value_measured_on_the_review_day_is_frozen(org):
    profiles = kpi(org)
    value(org, profiles, 5, "61")
    value(org, profiles, 6, "50")
    assert frozen(record(org, days_ago=5))["Profils complets"][0] == Decimal("61.00")


def test_later_changes_leave_a_recorded_review_unchanged(org):
    profiles, other = kpi(org), kpi(org, "Réseaux couverts", target="5", unit="")
    value(org, profiles, 10, "50")
    review = record(org, days_ago=3)
    before = frozen(review)
    # New values after and before the review's date, a changed value of the frozen day, a new target, a renamed KPI,
    # another KPI deleted, a new KPI: the review keeps what it froze.
    value(org, profiles, 1, "90")
    value(org, profiles, 10, "12")
    value(org, profiles, 4, "77")
    value(org, other, 8, "4")
    kpi_services.kpi_update(tenant=org.tenant, actor=org.u("owner"), kpi=profiles, target=Decimal("99"), name="Renamed")
    kpi_services.kpi_delete(tenant=org.tenant, actor=org.u("owner"), kpi=other)
    kpi(org, "Nouveau KPI")
    assert frozen(review) == before
    assert before["Profils complets"][0] == Decimal("50.00") and before["Profils complets"][2] == Decimal("80.00")
    assert before["Réseaux couverts"][0] is None
    # ...and a new review freezes the new state.
    later = frozen(record(org))
    assert later["Renamed"][:1] == (Decimal("90.00"),) and later["Renamed"][2] == Decimal("99.00")
    assert "Nouveau KPI" in later and "Réseaux couverts" not in later


def test_freezing_reads_the_values_in_one_query(org, django_assert_num_queries):
    kpis = [kpi(org, f"KPI {i}") for i in range(6)]
    for i, k in enumerate(kpis):
        value(org, k, 3, i)
        value(org, k, 1, i + 10)
    with django_assert_num_queries(1):
        rows = selectors.kpi_values_as_of(tenant=org.tenant, programme=org.programme, as_of=timezone.localdate() - timedelta(days=2))
    assert [r.value_as_of for r in rows] == [Decimal(i) for i in range(6)]


def test_only_the_iterations_kpis_are_frozen(org, other_tenant):
    kpi(org)
    earlier = make_programme(org.tenant, iteration=0, status=Programme.Status.CLOSED)
    Kpi.unscoped.create(tenant=org.tenant, programme=earlier, name="Ancien", manual_source="x")
    theirs = make_programme(other_tenant)
    Kpi.unscoped.create(tenant=other_tenant, programme=theirs, name="Autre groupe", manual_source="x")
    assert set(frozen(record(org))) == {"Profils complets"}


# --- New actions, reminder reset, audit ---------------------------------------------------------------


def test_new_actions_are_created_in_the_means_and_linked(org):
    deadline = timezone.localdate() + timedelta(days=30)
    review = record(org, new_actions=[
        {"title": "Former les chefs des ventes", "kind": "training", "owner": org.e("rep"), "deadline": deadline},
        {"title": "", "kind": "", "owner": None, "deadline": None},  # a blank row is skipped
        {"title": "Licences Sales Navigator", "kind": "tool"},
    ])
    actions = list(ProgrammeAction.unscoped.filter(tenant=org.tenant, review=review).order_by("pk"))
    assert [(a.title, a.kind, a.owner_id, a.deadline, a.programme_id) for a in actions] == [
        ("Former les chefs des ventes", "training", org.e("rep").pk, deadline, org.programme.pk),
        ("Licences Sales Navigator", "tool", None, None, org.programme.pk),
    ]
    event = AuditEvent.unscoped.get(tenant=org.tenant, verb="programme.review.record")
    assert event.data["new_actions"] == [a.pk for a in actions] and event.object_id == str(review.pk)
    assert AuditEvent.unscoped.filter(tenant=org.tenant, verb="programme.action.create").count() == 2


def test_a_bad_new_action_records_nothing(org):
    kpi(org)
    with pytest.raises(ValidationError) as exc:
        record(org, new_actions=[{"title": "OK", "kind": "training"}, {"title": "Sans type", "kind": "nope"}])
    assert "new_actions" in exc.value.message_dict
    assert not Review.unscoped.exists() and not ProgrammeAction.unscoped.exists() and not ReviewKpiValue.unscoped.exists()
    with pytest.raises(ValidationError):
        record(org, new_actions=[{"title": f"A{i}", "kind": "tool"} for i in range(6)])
    with pytest.raises(ValidationError) as exc:  # another group's employee as owner
        from tests.factories import EmployeeFactory, TenantFactory
        stranger = EmployeeFactory(tenant=TenantFactory(slug="autre"))
        record(org, new_actions=[{"title": "X", "kind": "tool", "owner": stranger}])
    assert "new_actions" in exc.value.message_dict


def test_recording_resets_the_reminder(org):
    Programme.unscoped.filter(pk=org.programme.pk).update(review_reminder_due_on=timezone.localdate() - timedelta(days=1))
    record(org)
    org.programme.refresh_from_db()
    assert org.programme.review_reminder_due_on is None


@pytest.mark.parametrize("days_ago, message", [(-1, "future"), (31, "starts on")])
def test_the_date_is_checked(org, days_ago, message):
    with pytest.raises(ValidationError) as exc:
        record(org, days_ago=days_ago)
    assert message in " ".join(exc.value.message_dict["held_on"])
    assert record(org, days_ago=30).held_on == org.programme.starts_on  # the start day itself is allowed
    with pytest.raises(ValidationError):
        services.review_record(tenant=org.tenant, actor=org.u("owner"), programme=org.programme, held_on="not a date")
    with pytest.raises(ValidationError):
        services.review_record(tenant=org.tenant, actor=org.u("owner"), programme=org.programme, held_on=None)


# --- Permissions --------------------------------------------------------------------------------------


@pytest.mark.parametrize("who, allowed", [("exec", True), ("owner", True), ("admin", True), ("rep", False), ("brest", False)])
def test_who_records_a_review(org, who, allowed):
    if allowed:
        assert record(org, who=who).programme_id == org.programme.pk
    else:
        with pytest.raises(PermissionDenied):
            record(org, who=who)
        assert not Review.unscoped.exists()


def test_a_closed_iteration_only_by_executives(org):
    Programme.unscoped.filter(pk=org.programme.pk).update(status=Programme.Status.CLOSED)
    org.programme.refresh_from_db()
    with pytest.raises(PermissionDenied):
        record(org, who="owner")
    assert record(org, who="exec")


def test_another_groups_programme_is_refused(org, other_tenant):
    theirs = make_programme(other_tenant)
    with pytest.raises(PermissionDenied):
        services.review_record(tenant=org.tenant, actor=org.u("owner"), programme=theirs, held_on=timezone.localdate())


# --- Update and delete --------------------------------------------------------------------------------


def test_update_changes_the_texts_only(org):
    profiles = kpi(org)
    value(org, profiles, 3, "40")
    review = record(org, decisions="v1")
    services.review_update(tenant=org.tenant, actor=org.u("exec"), review=review, decisions="v2", notes="n")
    review.refresh_from_db()
    assert (review.decisions, review.notes) == ("v2", "n")
    for forbidden in ({"held_on": timezone.localdate()}, {"programme": org.programme}):
        with pytest.raises(ValidationError):
            services.review_update(tenant=org.tenant, actor=org.u("exec"), review=review, **forbidden)
    with pytest.raises(PermissionDenied):
        services.review_update(tenant=org.tenant, actor=org.u("rep"), review=review, decisions="hack")
    assert AuditEvent.unscoped.filter(verb="programme.review.update").count() == 1


def test_delete_keeps_the_actions(org):
    review = record(org, new_actions=[{"title": "Garder", "kind": "event"}])
    with pytest.raises(PermissionDenied):
        services.review_delete(tenant=org.tenant, actor=org.u("rep"), review=review)
    assert services.review_delete(tenant=org.tenant, actor=org.u("owner"), review=review) == 1
    assert not Review.unscoped.exists() and not ReviewKpiValue.unscoped.exists()
    action = ProgrammeAction.unscoped.get()
    assert action.title == "Garder" and action.review_id is None


# --- Lessons ------------------------------------------------------------------------------------------


def lesson(org, who="rep", step=5, text="Les vendeurs partagent plus après l'atelier."):
    return services.lesson_create(tenant=org.tenant, actor=org.u(who), programme=org.programme, step=step, text=text)


def test_a_rep_writes_a_lesson_as_its_author(org):
    mine = lesson(org)
    assert (mine.author_id, mine.step, mine.programme_id) == (org.e("rep").pk, 5, org.programme.pk)
    assert AuditEvent.unscoped.filter(verb="programme.lesson.create", object_id=str(mine.pk)).exists()


def test_an_admin_without_employee_writes_as_editor(org):
    assert lesson(org, who="admin").author_id is None


@pytest.mark.parametrize("step", [0, 9, "", None, "x"])
def test_the_step_tag_is_required(org, step):
    with pytest.raises(ValidationError) as exc:
        lesson(org, step=step)
    assert "step" in exc.value.message_dict


def test_the_text_is_required(org):
    with pytest.raises(ValidationError) as exc:
        lesson(org, text="   ")
    assert "text" in exc.value.message_dict


def test_only_the_author_or_an_editor_changes_a_lesson(org):
    mine = lesson(org, who="rep")
    for who in ("brest",):
        with pytest.raises(PermissionDenied):
            services.lesson_update(tenant=org.tenant, actor=org.u(who), lesson=mine, text="Not mine")
        with pytest.raises(PermissionDenied):
            services.lesson_delete(tenant=org.tenant, actor=org.u(who), lesson=mine)
    services.lesson_update(tenant=org.tenant, actor=org.u("rep"), lesson=mine, step=3, text="Mieux dit")
    services.lesson_update(tenant=org.tenant, actor=org.u("owner"), lesson=mine, text="Corrigé par le pilote")
    mine.refresh_from_db()
    assert (mine.step, mine.text, mine.author_id) == (3, "Corrigé par le pilote", org.e("rep").pk)
    services.lesson_delete(tenant=org.tenant, actor=org.u("exec"), lesson=mine)
    assert not Lesson.unscoped.exists()


def test_a_closed_iteration_takes_no_lesson_from_members(org):
    mine = lesson(org)
    Programme.unscoped.filter(pk=org.programme.pk).update(status=Programme.Status.CLOSED)
    org.programme.refresh_from_db()
    with pytest.raises(PermissionDenied):
        lesson(org, who="rep")
    with pytest.raises(PermissionDenied):
        lesson(org, who="owner")  # the process owner edits a running iteration only
    with pytest.raises(PermissionDenied):
        services.lesson_update(tenant=org.tenant, actor=org.u("rep"), lesson=Lesson.unscoped.get(pk=mine.pk), text="late")
    assert lesson(org, who="exec").author_id == org.e("exec").pk


def test_previous_iteration_lessons_and_carried_ones(org):
    org.programme.status = Programme.Status.CLOSED
    org.programme.save()
    old = lesson(org, who="exec", step=2, text="Diagnostic trop long")
    other = lesson(org, who="exec", step=6, text="KPI trop nombreux")
    nxt = make_programme(org.tenant, iteration=2, previous=org.programme)
    Lesson.unscoped.create(tenant=org.tenant, programme=nxt, step=2, text=old.text, carried_from=old)
    rows = list(selectors.lessons_previous(tenant=org.tenant, programme=nxt))
    assert [(r.pk, r.carried) for r in rows] == [(old.pk, True), (other.pk, False)]
    listed = list(selectors.lesson_list(tenant=org.tenant, programme=nxt))
    assert listed[0].carried_from.programme.iteration == 1
    assert list(selectors.lessons_previous(tenant=org.tenant, programme=org.programme)) == []
