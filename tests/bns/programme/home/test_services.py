"""The programme home's services: an iteration's lifecycle (3-6 months, one in progress, 8 steps), the next iteration
pre-filled from the previous one, the versioned vision and the workshops."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from bns.models import AuditEvent
from bns.programme.home import services
from bns.programme.home.selectors import add_months, vision_current, vision_history
from bns.programme.means import services as means_services
from bns.programme.models import (
    ActionRole,
    Kpi,
    KpiValue,
    Lesson,
    Objective,
    Programme,
    ProgrammeAction,
    ProgrammeStep,
    RoleBehaviour,
    StrategyOption,
    VisionVersion,
    Workshop,
    WorkshopParticipant,
)
from bns.programme.objectives import services as objective_services
from bns.programme.strategy import services as strategy_services
from tests.bns.programme.home.conftest import make_group, start
from tests.factories import EmployeeFactory, TenantFactory

pytestmark = pytest.mark.django_db


def verbs(tenant) -> list[str]:
    return list(AuditEvent.unscoped.filter(tenant=tenant).order_by("pk").values_list("verb", flat=True))


def test_audit_labels_cover_every_verb():
    assert set(services.AUDIT_VERB_LABELS) == {
        "programme.iteration.start", "programme.iteration.update", "programme.iteration.close", "programme.iteration.next",
        "programme.step.update", "programme.vision.publish", "programme.workshop.create", "programme.workshop.update",
        "programme.workshop.delete"}


def test_add_months_clamps_to_the_end_of_month():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)


# --- Start --------------------------------------------------------------------------------------------


def test_start_creates_the_iteration_and_its_eight_steps(group):
    programme = start(group)
    assert programme.iteration == 1 and programme.status == Programme.Status.ACTIVE and programme.current_step == 1
    assert programme.process_owner == group.e("owner") and programme.sponsor == group.e("exec")
    steps = list(ProgrammeStep.unscoped.filter(tenant=group.tenant, programme=programme).order_by("number"))
    assert [s.number for s in steps] == list(range(1, 9))
    assert [s.status for s in steps] == ["in_progress"] + ["not_started"] * 7
    assert verbs(group.tenant) == ["programme.iteration.start"]


@pytest.mark.parametrize("who", ["owner", "rep"])
def test_only_executives_and_admins_start(group, who):
    with pytest.raises(PermissionDenied):
        services.programme_start(tenant=group.tenant, actor=group.u(who), title="X", process_owner=group.e("exec"), sponsor=None,
                                 starts_on=date(2026, 1, 5), target_end_on=date(2026, 5, 5))
    assert not Programme.unscoped.filter(tenant=group.tenant).exists()


def test_an_admin_without_employee_starts(group):
    programme = services.programme_start(tenant=group.tenant, actor=group.u("admin"), title="X", process_owner=group.e("exec"),
                                         sponsor=None, starts_on=date(2026, 1, 5), target_end_on=date(2026, 5, 5))
    assert programme.sponsor is None


@pytest.mark.parametrize(("end", "ok"), [
    (date(2026, 4, 4), False),  # a day short of 3 months
    (date(2026, 4, 5), True),  # exactly 3 months
    (date(2026, 7, 5), True),  # exactly 6 months
    (date(2026, 7, 6), False),  # a day beyond 6 months
    (date(2026, 1, 5), False),  # the start itself
    (date(2025, 12, 1), False),  # before the start
])
def test_an_iteration_lasts_three_to_six_months(group, end, ok):
    def go():
        return services.programme_start(tenant=group.tenant, actor=group.u("exec"), title="X", process_owner=group.e("owner"),
                                        sponsor=None, starts_on=date(2026, 1, 5), target_end_on=end)
    if ok:
        assert go().target_end_on == end
        return
    with pytest.raises(ValidationError) as exc:
        go()
    message = " ".join(exc.value.message_dict["target_end_on"])
    assert ("3 to 6 months" in message and "04/05/2026" in message and "07/05/2026" in message) or "after the start" in message


def test_the_process_owner_and_sponsor_are_active_employees_of_the_group(group, other_tenant):
    stranger = EmployeeFactory(tenant=other_tenant, first_name="Autre", last_name="Groupe")
    gone = EmployeeFactory(tenant=group.tenant, first_name="Parti", last_name="Depuis", is_active=False)
    base = {"tenant": group.tenant, "actor": group.u("exec"), "title": "X", "starts_on": date(2026, 1, 5),
            "target_end_on": date(2026, 5, 5)}
    for owner, sponsor, field in ((stranger, None, "process_owner"), (gone, None, "process_owner"), (None, None, "process_owner"),
                                  (group.e("owner"), stranger, "sponsor")):
        with pytest.raises(ValidationError) as exc:
            services.programme_start(process_owner=owner, sponsor=sponsor, **base)
        assert field in exc.value.message_dict
    assert not Programme.unscoped.filter(tenant=group.tenant).exists()


def test_one_iteration_in_progress_at_a_time(started):
    with pytest.raises(ValidationError) as exc:
        start(started, title="Encore")
    assert "Iteration 1 (“Programme BNS”) is still in progress" in exc.value.messages[0]
    # Once closed, a new one may start: iteration 2.
    services.programme_close(tenant=started.tenant, actor=started.u("exec"), programme=started.programme)
    assert start(started, title="Deux").iteration == 2


def test_the_database_refuses_a_second_active_iteration_and_the_service_says_so(started, monkeypatch):
    with pytest.raises(IntegrityError), transaction.atomic():
        Programme.unscoped.create(tenant=started.tenant, iteration=9, title="Doublon", starts_on=date(2026, 1, 1),
                                  target_end_on=date(2026, 5, 1))
    # A start that slips past the service's check (two at once) meets the partial unique index: a clear message.
    monkeypatch.setattr(services, "active_iteration", lambda *, tenant: None)
    with pytest.raises(ValidationError) as exc:
        start(started, title="Concurrente")
    assert "still in progress" in exc.value.messages[0]
    assert Programme.unscoped.filter(tenant=started.tenant).count() == 1


def test_iterations_are_numbered_per_group(started, other_tenant):
    other = make_group(other_tenant)
    assert start(other).iteration == 1


# --- Update, steps, close -----------------------------------------------------------------------------


def test_the_process_owner_updates_the_iteration(started):
    p = started.programme
    services.programme_update(tenant=started.tenant, actor=started.u("owner"), programme=p, title="Programme 2026",
                              review_cadence_days=14, current_step=3)
    p.refresh_from_db()
    assert (p.title, p.review_cadence_days, p.current_step) == ("Programme 2026", 14, 3)
    assert ProgrammeStep.unscoped.get(tenant=started.tenant, programme=p, number=3).status == "in_progress"
    event = AuditEvent.unscoped.filter(tenant=started.tenant, verb="programme.iteration.update").get()
    assert event.data["title"] == {"from": "Programme BNS", "to": "Programme 2026"}


def test_update_validates(started):
    p = started.programme
    with pytest.raises(PermissionDenied):
        services.programme_update(tenant=started.tenant, actor=started.u("rep"), programme=p, title="Non")
    with pytest.raises(ValidationError) as exc:
        services.programme_update(tenant=started.tenant, actor=started.u("exec"), programme=p,
                                  target_end_on=add_months(p.starts_on, 8))
    assert "3 to 6 months" in exc.value.message_dict["target_end_on"][0]
    with pytest.raises(ValidationError) as exc:
        services.programme_update(tenant=started.tenant, actor=started.u("exec"), programme=p, current_step=9,
                                  review_cadence_days=3)
    assert set(exc.value.message_dict) == {"current_step", "review_cadence_days"}
    with pytest.raises(ValidationError):
        services.programme_update(tenant=started.tenant, actor=started.u("exec"), programme=p, status="closed")


def test_step_update(started, other_tenant):
    step = ProgrammeStep.unscoped.get(tenant=started.tenant, programme=started.programme, number=2)
    services.programme_step_update(tenant=started.tenant, actor=started.u("owner"), step=step, status="done",
                                   owner=started.e("rep"), done_notes="  Questionnaire rempli  ", next_action="Lire",
                                   due_on=date(2026, 3, 1))
    step.refresh_from_db()
    assert (step.status, step.owner, step.done_notes, step.next_action) == ("done", started.e("rep"), "Questionnaire rempli", "Lire")
    with pytest.raises(PermissionDenied):
        services.programme_step_update(tenant=started.tenant, actor=started.u("rep"), step=step, status="in_progress")
    with pytest.raises(ValidationError) as exc:
        services.programme_step_update(tenant=started.tenant, actor=started.u("owner"), step=step, status="finished",
                                       owner=EmployeeFactory(tenant=other_tenant))
    assert set(exc.value.message_dict) == {"status", "owner"}
    assert verbs(started.tenant)[-1] == "programme.step.update"


def test_close_keeps_the_iteration_readable_and_locks_it_for_the_process_owner(started):
    p = services.programme_close(tenant=started.tenant, actor=started.u("owner"), programme=started.programme)
    assert p.status == "closed" and p.closed_at is not None
    with pytest.raises(ValidationError):
        services.programme_close(tenant=started.tenant, actor=started.u("exec"), programme=p)
    with pytest.raises(PermissionDenied):  # closed: only executives and admins correct it
        services.programme_update(tenant=started.tenant, actor=started.u("owner"), programme=p, title="Non")
    services.programme_update(tenant=started.tenant, actor=started.u("exec"), programme=p, title="Corrigé")


# --- The next iteration -------------------------------------------------------------------------------


@pytest.fixture
def filled(started):
    """Iteration 1 with KPIs, objectives, options, actions in every state with RACI roles, behaviours and lessons."""
    t, owner, p = started.tenant, started.u("owner"), started.programme
    today = timezone.localdate()
    measured = objective_services.kpi_create(tenant=t, actor=owner, programme=p, name="Relations partagées", unit="%",
                                             target=D("60"), manual_source="CRM")
    objective_services.kpi_value_record(tenant=t, actor=owner, kpi=measured, measured_on=today - timedelta(days=20), value=D("30"))
    objective_services.kpi_value_record(tenant=t, actor=owner, kpi=measured, measured_on=today - timedelta(days=2), value=D("42"))
    unmeasured = objective_services.kpi_create(tenant=t, actor=owner, programme=p, name="Leads", manual_source="CRM",
                                               target=D("100"))
    objective_services.objective_create(tenant=t, actor=owner, programme=p, statement="Partager 60 %", kpi=measured,
                                        baseline=D("25"), target=D("60"), deadline=p.target_end_on, owner=started.e("rep"))
    objective_services.objective_create(tenant=t, actor=owner, programme=p, statement="100 leads", kpi=unmeasured,
                                        baseline=D("10"), target=D("100"), scope_kind="site", site=started.rennes)
    objective_services.objective_create(tenant=t, actor=owner, programme=p, statement="Sans KPI")
    kept = strategy_services.strategy_option_create(tenant=t, actor=owner, programme=p, title="Ambassadeurs", description="d",
                                                    pros="p", cons="c", cost=D("5000"), feasibility=4)
    strategy_services.strategy_option_create(tenant=t, actor=owner, programme=p, title="Tout publicitaire")
    strategy_services.strategy_option_retain(tenant=t, actor=owner, option=kept, rationale="Réaliste")
    actions = {}
    for status in ProgrammeAction.Status.values:
        actions[status] = means_services.programme_action_create(
            tenant=t, actor=owner, programme=p, title=f"Action {status}", kind="training", status=status, owner=started.e("rep"),
            budget_planned=D("1000"), budget_actual=D("300"), starts_on=today - timedelta(days=10),
            deadline=today + timedelta(days=200) if status == "blocked" else today - timedelta(days=1))
        means_services.action_role_set(tenant=t, actor=owner, action=actions[status], accountable=started.e("owner"),
                                       responsible=[started.e("rep")])
    RoleBehaviour.unscoped.create(tenant=t, programme=p, role="manager", behaviours="Coacher chaque semaine")
    Lesson.unscoped.create(tenant=t, programme=p, step=5, text="Former avant d'outiller", author=started.e("rep"))
    Lesson.unscoped.create(tenant=t, programme=p, step=7, text="Revue trop longue")
    VisionVersion.unscoped.create(tenant=t, programme=p, version=1, text="Notre vision")
    return started


def _next(group, **kwargs):
    previous = group.programme
    starts_on = previous.target_end_on + timedelta(days=1)
    values = {"title": "Itération 2", "starts_on": starts_on, "target_end_on": add_months(starts_on, 4), **kwargs}
    return services.programme_next_iteration(tenant=group.tenant, actor=group.u("owner"), previous=previous, **values)


def test_next_iteration_is_prefilled_from_the_previous_one(filled):
    t, previous = filled.tenant, filled.programme
    before = {model: model.unscoped.filter(tenant=t).count() for model in (Kpi, KpiValue, Objective, StrategyOption, ProgrammeAction,
                                                                           ActionRole, RoleBehaviour, Lesson, VisionVersion)}
    new = _next(filled)
    previous.refresh_from_db()
    # The previous iteration is closed, still there and untouched.
    assert previous.status == "closed" and previous.closed_at is not None
    assert Objective.unscoped.filter(tenant=t, programme=previous).count() == 3
    assert ProgrammeAction.unscoped.filter(tenant=t, programme=previous).count() == 5
    assert StrategyOption.unscoped.get(tenant=t, programme=previous, title="Ambassadeurs").status == "retained"
    # The new one: N+1, same people and cadence, 8 steps, linked to the previous one.
    assert (new.iteration, new.previous, new.status, new.title) == (2, previous, "active", "Itération 2")
    assert (new.process_owner, new.sponsor, new.review_cadence_days) == (previous.process_owner, previous.sponsor, 30)
    assert ProgrammeStep.unscoped.filter(tenant=t, programme=new).count() == 8
    # KPI definitions copied without values.
    kpis = {k.name: k for k in Kpi.unscoped.filter(tenant=t, programme=new)}
    assert set(kpis) == {"Relations partagées", "Leads"}
    assert (kpis["Relations partagées"].unit, kpis["Relations partagées"].target, kpis["Leads"].manual_source) == ("%", D("60"), "CRM")
    assert not KpiValue.unscoped.filter(tenant=t, kpi__programme=new).exists()
    # Objectives: KPI mapped to the copy, baseline = the KPI's latest value (else the old one), deadline = the new end.
    objectives = {o.statement: o for o in Objective.unscoped.filter(tenant=t, programme=new)}
    assert set(objectives) == {"Partager 60 %", "100 leads", "Sans KPI"}
    shared = objectives["Partager 60 %"]
    assert (shared.kpi, shared.baseline, shared.target, shared.owner) == (kpis["Relations partagées"], D("42"), D("60"), filled.e("rep"))
    leads = objectives["100 leads"]
    assert (leads.kpi, leads.baseline, leads.scope_kind, leads.site) == (kpis["Leads"], D("10"), "site", filled.rennes)
    assert objectives["Sans KPI"].kpi is None
    assert {o.deadline for o in objectives.values()} == {new.target_end_on}
    # Only the retained option, as a candidate to challenge again.
    options = list(StrategyOption.unscoped.filter(tenant=t, programme=new))
    assert [(o.title, o.status, o.cost, o.feasibility, o.pros, o.rationale) for o in options] == [
        ("Ambassadeurs", "candidate", D("5000.00"), 4, "p", "")]
    # Unfinished actions (planned, in progress, blocked) planned again with their RACI; done and cancelled stay behind.
    actions = {a.title: a for a in ProgrammeAction.unscoped.filter(tenant=t, programme=new)}
    assert set(actions) == {"Action planned", "Action in_progress", "Action blocked"}
    assert {a.status for a in actions.values()} == {"planned"}
    assert {a.budget_actual for a in actions.values()} == {D("0")} and {a.budget_planned for a in actions.values()} == {D("1000")}
    assert actions["Action planned"].deadline is None  # before the new start: to plan again
    assert actions["Action blocked"].deadline == timezone.localdate() + timedelta(days=200)
    roles = set(ActionRole.unscoped.filter(tenant=t, action__programme=new).values_list("action__title", "employee", "raci"))
    assert roles == {(title, e.pk, raci) for title in actions for e, raci in ((filled.e("owner"), "A"), (filled.e("rep"), "R"))}
    # Behaviours and lessons carried (carried_from names the original); the vision is not copied.
    assert list(RoleBehaviour.unscoped.filter(tenant=t, programme=new).values_list("role", "behaviours")) == [
        ("manager", "Coacher chaque semaine")]
    lessons = list(Lesson.unscoped.filter(tenant=t, programme=new).order_by("step"))
    assert [(lesson.step, lesson.text, lesson.carried_from.programme_id) for lesson in lessons] == [
        (5, "Former avant d'outiller", previous.pk), (7, "Revue trop longue", previous.pk)]
    after = {model: model.unscoped.filter(tenant=t).count() for model in before}
    assert {m.__name__: after[m] - before[m] for m in before} == {
        "Kpi": 2, "KpiValue": 0, "Objective": 3, "StrategyOption": 1, "ProgrammeAction": 3, "ActionRole": 6, "RoleBehaviour": 1,
        "Lesson": 2, "VisionVersion": 0}
    # Audit: the close and the start from the previous one.
    assert verbs(t)[-2:] == ["programme.iteration.close", "programme.iteration.next"]
    event = AuditEvent.unscoped.filter(tenant=t, verb="programme.iteration.next").get()
    assert event.data["previous"] == previous.pk and event.data["objectives"] == 3 and event.data["actions"] == 3


def test_next_iteration_rules(filled, other_tenant):
    with pytest.raises(PermissionDenied):
        services.programme_next_iteration(tenant=filled.tenant, actor=filled.u("rep"), previous=filled.programme, title="X",
                                          starts_on=date(2027, 1, 1), target_end_on=date(2027, 5, 1))
    with pytest.raises(ValidationError) as exc:
        _next(filled, target_end_on=filled.programme.target_end_on + timedelta(days=20))
    assert "3 to 6 months" in exc.value.message_dict["target_end_on"][0]
    assert filled.programme.status == "active"  # nothing happened
    new = _next(filled)
    with pytest.raises(ValidationError) as exc:  # not from an older iteration
        services.programme_next_iteration(tenant=filled.tenant, actor=filled.u("exec"), previous=filled.programme, title="X",
                                          starts_on=date(2030, 1, 1), target_end_on=date(2030, 5, 1))
    assert "latest one (iteration 2)" in exc.value.messages[0]
    assert new.iteration == 2
    with pytest.raises(PermissionDenied):  # another group's iteration
        services.programme_next_iteration(tenant=TenantFactory(), actor=filled.u("exec"), previous=new, title="X",
                                          starts_on=date(2030, 1, 1), target_end_on=date(2030, 5, 1))


def test_next_iteration_from_a_closed_one_is_for_executives(started):
    services.programme_close(tenant=started.tenant, actor=started.u("owner"), programme=started.programme)
    started.programme.refresh_from_db()
    with pytest.raises(PermissionDenied):
        _next(started)
    new = services.programme_next_iteration(tenant=started.tenant, actor=started.u("exec"), previous=started.programme,
                                            title="Deux", starts_on=date(2030, 1, 1), target_end_on=date(2030, 5, 1))
    assert new.iteration == 2 and "programme.iteration.close" not in verbs(started.tenant)[-1:]


# --- The vision ---------------------------------------------------------------------------------------


def test_vision_versions(started, other_tenant):
    t = started.tenant
    v1 = services.vision_publish(tenant=t, actor=started.u("exec"), text="Le réseau, c'est nos clients.")
    assert (v1.version, v1.programme) == (1, started.programme)
    with pytest.raises(ValidationError) as exc:
        services.vision_publish(tenant=t, actor=started.u("owner"), text="  Le réseau, c'est nos clients.  ")
    assert "identical to the current version" in exc.value.message_dict["text"][0]
    v2 = services.vision_publish(tenant=t, actor=started.u("owner"), text="Le réseau, c'est nos clients et nos équipes.")
    assert v2.version == 2 and vision_current(tenant=t) == v2
    assert [v.version for v in vision_history(tenant=t)] == [2, 1]
    with pytest.raises(PermissionDenied):
        services.vision_publish(tenant=t, actor=started.u("rep"), text="Autre")
    with pytest.raises(ValidationError):
        services.vision_publish(tenant=t, actor=started.u("exec"), text="   ")
    # Version numbers are per group.
    other = make_group(other_tenant)
    assert services.vision_publish(tenant=other_tenant, actor=other.u("exec"), text="Vision B").version == 1
    assert audit_count(t, "programme.vision.publish") == 2


def audit_count(tenant, verb) -> int:
    return AuditEvent.unscoped.filter(tenant=tenant, verb=verb).count()


def test_the_process_owner_publishes_only_while_the_iteration_is_in_progress(started):
    services.programme_close(tenant=started.tenant, actor=started.u("exec"), programme=started.programme)
    with pytest.raises(PermissionDenied):
        services.vision_publish(tenant=started.tenant, actor=started.u("owner"), text="Après")
    assert services.vision_publish(tenant=started.tenant, actor=started.u("exec"), text="Après").programme is None


# --- Workshops ----------------------------------------------------------------------------------------


def test_workshops_with_participants(started, other_tenant):
    t = started.tenant
    w = services.workshop_create(tenant=t, actor=started.u("owner"), programme=started.programme, title="Atelier règles",
                                 held_on=date(2026, 2, 1), step=1, agenda="1. Pourquoi", participants=[started.e("exec"), started.e("rep")])
    assert set(WorkshopParticipant.unscoped.filter(tenant=t, workshop=w).values_list("employee", flat=True)) == {
        started.e("exec").pk, started.e("rep").pk}
    services.workshop_update(tenant=t, actor=started.u("exec"), workshop=w, outcomes="Vision v1", participants=[started.e("owner")])
    w.refresh_from_db()
    assert w.outcomes == "Vision v1"
    assert list(WorkshopParticipant.unscoped.filter(tenant=t, workshop=w).values_list("employee", flat=True)) == [started.e("owner").pk]
    event = AuditEvent.unscoped.filter(tenant=t, verb="programme.workshop.update").get()
    assert event.data["participants"]["added"] == [started.e("owner").pk]
    with pytest.raises(ValidationError) as exc:
        services.workshop_update(tenant=t, actor=started.u("exec"), workshop=w, participants=[EmployeeFactory(tenant=other_tenant)])
    assert "participants" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.workshop_create(tenant=t, actor=started.u("exec"), programme=started.programme, title="", held_on=None, step=12,
                                 participants=[EmployeeFactory(tenant=other_tenant)])
    assert set(exc.value.message_dict) == {"title", "held_on", "step", "participants"}
    with pytest.raises(PermissionDenied):
        services.workshop_update(tenant=t, actor=started.u("rep"), workshop=w, title="Non")
    with pytest.raises(PermissionDenied):
        services.workshop_delete(tenant=t, actor=started.u("rep"), workshop=w)
    services.workshop_delete(tenant=t, actor=started.u("owner"), workshop=w)
    assert not Workshop.unscoped.filter(tenant=t).exists() and not WorkshopParticipant.unscoped.filter(tenant=t).exists()
    assert verbs(t)[-1] == "programme.workshop.delete"
