"""Computing the scores: the snapshots of a day, the runs and their progress, the Celery tasks and the nightly job."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from bns.models import AuditEvent
from bns.periodic import periodic_schedule
from bns.tenancy import tenant_scope
from networking.models import NetworkingScore, NetworkingScoreRun, NetworkingSettings
from networking.score import services
from networking.score.tasks import networking_score_run, networking_scores_nightly
from tests.factories import EmployeeFactory
from tests.networking.score.conftest import TODAY, activities_make, days_ago, profile_make


def _scores(tenant, day=TODAY):
    return {s.employee_id: s for s in NetworkingScore.unscoped.filter(tenant=tenant, computed_on=day)}


def test_compute_writes_one_snapshot_per_active_employee(tenant, org):
    rep = org["rep"].employee
    profile_make(tenant, rep, completeness=100, positioning="Les flottes des PME rennaises")
    activities_make(tenant, rep, 18)
    gone = EmployeeFactory(tenant=tenant, is_active=False)

    run = services.networking_scores_compute(tenant=tenant, actor=org["admin"].user, today=TODAY)

    assert run.status == NetworkingScoreRun.Status.DONE and run.finished_at is not None
    active = [m.employee.pk for m in org.values() if getattr(m, "employee", None)]
    assert run.employees_total == run.employees_done == len(active)
    scores = _scores(tenant)
    assert set(scores) == set(active) and gone.pk not in scores
    # Brand 20 + 5; Engage 10 × 18/36 = 5 -> 30.0
    mine = scores[rep.pk]
    assert (mine.brand, mine.reach, mine.engage, mine.relate, mine.total) == (
        Decimal("25.0"), Decimal("0.0"), Decimal("5.0"), Decimal("0.0"), Decimal("30.0"))
    assert mine.run_id == run.pk
    assert mine.details["inputs"]["engage.activities"] == 18
    assert mine.details["next_steps"][0]["key"] == "reach.relationships"


def test_computing_the_same_day_again_replaces_it(tenant, org):
    rep = org["rep"].employee
    services.networking_scores_compute(tenant=tenant, today=TODAY)
    activities_make(tenant, rep, 36)
    services.networking_scores_compute(tenant=tenant, today=TODAY)
    scores = NetworkingScore.unscoped.filter(tenant=tenant, employee=rep)
    assert scores.count() == 1 and scores.get().engage == Decimal("10.0")


def test_a_past_day_counts_what_was_known_then(tenant, org):
    rep = org["rep"].employee
    activities_make(tenant, rep, 9, day=days_ago(5))
    services.networking_scores_compute(tenant=tenant, today=days_ago(7))
    services.networking_scores_compute(tenant=tenant, today=TODAY)
    assert _scores(tenant, days_ago(7))[rep.pk].engage == Decimal("0.0")
    assert _scores(tenant)[rep.pk].engage == Decimal("2.5")


def test_the_groups_weights_are_used(tenant, org):
    rep = org["rep"].employee
    activities_make(tenant, rep, 18)
    services.networking_settings_update(tenant=tenant, actor=org["admin"].user, score_weights={
        "engage.activities": {"weight": 15, "target": 18}, "engage.content_relayed": {"weight": 5}, "engage.events": {"weight": 5},
    })
    services.networking_scores_compute(tenant=tenant, today=TODAY)
    score = _scores(tenant)[rep.pk]
    assert score.engage == Decimal("15.0")
    assert score.details["weights"]["engage.activities"] == {"weight": 15, "target": 18}


def test_progress_is_committed_as_the_run_goes(tenant, org, monkeypatch):
    seen = []
    real = services._run_update

    def spy(run, **fields):
        if "employees_done" in fields:
            seen.append(fields["employees_done"])
        real(run, **fields)

    monkeypatch.setattr(services, "PROGRESS_CHUNK", 2)
    monkeypatch.setattr(services, "_run_update", spy)
    run = services.networking_scores_compute(tenant=tenant, today=TODAY)
    assert run.employees_total == 5
    assert seen == [0, 2, 4, 5, 5]


def test_a_done_run_is_left_alone(tenant, org):
    run = services.networking_scores_compute(tenant=tenant, today=TODAY)
    NetworkingScore.unscoped.filter(tenant=tenant).delete()
    assert networking_score_run(tenant.pk, run.pk) == "skipped"
    assert services.networking_scores_compute(tenant=tenant, run=run) == run
    assert not NetworkingScore.unscoped.filter(tenant=tenant).exists()


def test_the_task_computes_a_queued_run_and_ignores_unknown_ids(tenant, other_tenant, org):
    run = NetworkingScoreRun.unscoped.create(tenant=tenant)
    assert networking_score_run(tenant.pk, run.pk) == "done"
    run.refresh_from_db()
    assert run.status == "done" and run.employees_done == 5 and run.started_at is not None
    assert networking_score_run(other_tenant.pk, run.pk) == "skipped"  # another group's run: not found there
    assert networking_score_run(987654, run.pk) == "skipped"


def test_a_failing_task_marks_the_run_failed(tenant, org, monkeypatch):
    run = NetworkingScoreRun.unscoped.create(tenant=tenant)

    def boom(**kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(services, "networking_scores_compute", boom)
    with pytest.raises(RuntimeError):
        networking_score_run(tenant.pk, run.pk)
    run.refresh_from_db()
    assert run.status == "failed" and "disk on fire" in run.error


def test_asking_twice_queues_one_run(tenant, org, django_capture_on_commit_callbacks):
    user = org["rep"].user
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = services.score_run_request(tenant=tenant, actor=user)
        second = services.score_run_request(tenant=tenant, actor=user)
    assert first.pk == second.pk and first.status == "queued" and len(callbacks) == 1
    assert AuditEvent.unscoped.filter(tenant=tenant, verb="networking.score_run").count() == 1
    for callback in callbacks:
        callback()  # the eager task runs the computation
    first.refresh_from_db()
    assert first.status == "done" and len(_scores(tenant, timezone.localdate())) == 5
    with django_capture_on_commit_callbacks(execute=True):
        third = services.score_run_request(tenant=tenant, actor=user)
    assert third.pk != first.pk


def test_a_lost_run_does_not_block_the_next_one(tenant, org, django_capture_on_commit_callbacks):
    lost = NetworkingScoreRun.unscoped.create(tenant=tenant, status="running")
    NetworkingScoreRun.unscoped.filter(pk=lost.pk).update(created_at=timezone.now() - timedelta(hours=3))
    with django_capture_on_commit_callbacks(execute=True):
        run = services.score_run_request(tenant=tenant, actor=org["rep"].user)
    assert run.pk != lost.pk
    lost.refresh_from_db()
    assert lost.status == "failed"


def test_nightly_job_queues_one_run_per_group(tenant, other_tenant, org, django_capture_on_commit_callbacks):
    EmployeeFactory(tenant=other_tenant)
    assert "networking-scores-nightly" in periodic_schedule()
    with django_capture_on_commit_callbacks(execute=True):
        assert networking_scores_nightly() >= 2
    for group in (tenant, other_tenant):
        assert NetworkingScoreRun.unscoped.filter(tenant=group, status="done").count() == 1
        assert NetworkingScore.unscoped.filter(tenant=group).exists()
    assert not AuditEvent.unscoped.filter(verb="networking.score_run").exists()  # nobody asked: no audit row


def test_settings_update_is_audited_from_to(tenant, org):
    services.networking_settings_update(tenant=tenant, actor=org["admin"].user, pulse_min_respondents=7,
                                        score_weights={"relate.shared": {"target": 40}})
    row = NetworkingSettings.unscoped.get(tenant=tenant)
    assert row.pulse_min_respondents == 7 and row.score_weights["relate.shared"] == {"weight": 7, "target": 40}
    event = AuditEvent.unscoped.get(tenant=tenant, verb="networking.settings")
    assert event.data["pulse_min_respondents"] == {"from": 5, "to": 7}
    assert event.data["score_weights"] == {"from": {"relate.shared": {"weight": 7, "target": 50}},
                                           "to": {"relate.shared": {"weight": 7, "target": 40}}}


@pytest.mark.parametrize(("changes", "field"), [
    ({"pulse_min_respondents": 4}, "pulse_min_respondents"),
    ({"pulse_min_respondents": 101}, "pulse_min_respondents"),
    ({"licence_unused_days": 3}, "licence_unused_days"),
    ({"licence_unused_days": "30"}, "licence_unused_days"),
    ({"score_weights": {"brand.completeness": {"weight": 10}}}, "score_weights"),
])
def test_settings_service_refuses_bad_values_and_writes_nothing(tenant, org, changes, field):
    from django.core.exceptions import ValidationError

    good = {} if field == "licence_unused_days" else {"licence_unused_days": 45}  # a valid change beside the bad one
    with pytest.raises(ValidationError) as excinfo:
        services.networking_settings_update(tenant=tenant, actor=org["admin"].user, **good, **changes)
    assert field in excinfo.value.message_dict
    with tenant_scope(tenant):
        assert not NetworkingSettings.unscoped.filter(tenant=tenant, licence_unused_days=45).exists()
    assert not AuditEvent.unscoped.filter(tenant=tenant, verb="networking.settings").exists()


def test_settings_service_says_why_4_is_refused(tenant, org):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as excinfo:
        services.networking_settings_update(tenant=tenant, actor=org["admin"].user, pulse_min_respondents=4)
    assert "never shown over fewer than 5" in str(excinfo.value.message_dict["pulse_min_respondents"])
