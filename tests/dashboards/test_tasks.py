"""Asking for a snapshot (who may, one at a time, audit), the Celery tasks (eager), the nightly job, and the
compute_snapshots command."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.utils import timezone

from bns.models import AuditEvent, Role
from bns.periodic import periodic_schedule
from bns.services.audit import audit_verb_label
from dashboards import services, tasks
from dashboards.compute import snapshot_metrics
from dashboards.models import MetricSnapshot, SnapshotRun
from dashboards.services import snapshot_request
from tests.dashboards.conftest import AS_OF, build_org
from tests.factories import MembershipFactory, TenantFactory, UserFactory

pytestmark = pytest.mark.django_db


def _user(tenant, role):
    return MembershipFactory(tenant=tenant, user=UserFactory(), role=role).user


# --- snapshot_request --------------------------------------------------------------------------------------


def test_an_executive_asks_and_the_task_computes_after_commit(org, django_capture_on_commit_callbacks):
    executive = _user(org.tenant, Role.EXECUTIVE)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run = snapshot_request(tenant=org.tenant, actor=executive, day=AS_OF)
        assert run.status == SnapshotRun.Status.QUEUED and run.requested_by == executive
        assert not MetricSnapshot.unscoped.filter(tenant=org.tenant).exists()  # nothing before the commit
    assert len(callbacks) == 1
    run.refresh_from_db()
    assert run.status == SnapshotRun.Status.DONE and run.progress == 100 and run.day == AS_OF
    assert MetricSnapshot.unscoped.filter(tenant=org.tenant, day=AS_OF, run=run).count() == run.row_count > 0
    event = AuditEvent.unscoped.get(tenant=org.tenant, verb="dashboards.snapshot_request")
    assert event.actor == executive and event.object_id == str(run.pk) and event.data == {"day": "2026-03-31"}
    assert str(audit_verb_label("dashboards.snapshot_request"))


def test_a_second_request_while_one_is_under_way_returns_it(org, django_capture_on_commit_callbacks):
    admin = _user(org.tenant, Role.ADMIN)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = snapshot_request(tenant=org.tenant, actor=admin, day=AS_OF)
        second = snapshot_request(tenant=org.tenant, actor=admin)  # another day, same group: still the one under way
        SnapshotRun.unscoped.filter(pk=first.pk).update(status=SnapshotRun.Status.RUNNING)
        third = snapshot_request(tenant=org.tenant, actor=None)
    assert first.pk == second.pk == third.pk
    assert len(callbacks) == 1  # one task queued
    assert SnapshotRun.unscoped.filter(tenant=org.tenant).count() == 1


def test_a_finished_or_stale_run_does_not_block_a_new_request(org, django_capture_on_commit_callbacks):
    admin = _user(org.tenant, Role.ADMIN)
    with django_capture_on_commit_callbacks(execute=False):
        done = snapshot_request(tenant=org.tenant, actor=admin)
        SnapshotRun.unscoped.filter(pk=done.pk).update(status=SnapshotRun.Status.DONE)
        stale = snapshot_request(tenant=org.tenant, actor=admin)
        assert stale.pk != done.pk
        SnapshotRun.unscoped.filter(pk=stale.pk).update(created_at=timezone.now() - services.RUN_STALE_AFTER - timedelta(minutes=1))
        fresh = snapshot_request(tenant=org.tenant, actor=admin)
    assert fresh.pk not in (done.pk, stale.pk)
    stale.refresh_from_db()
    assert stale.status == SnapshotRun.Status.FAILED and stale.error == "timed out"


@pytest.mark.parametrize("role", [Role.SITE_DIRECTOR, Role.MANAGER, Role.EMPLOYEE, Role.MARKETING, Role.CONSULTANT])
def test_only_executives_and_admins_may_ask(tenant, role):
    user = _user(tenant, role)
    with pytest.raises(PermissionDenied):
        snapshot_request(tenant=tenant, actor=user)
    assert not SnapshotRun.unscoped.filter(tenant=tenant).exists()


def test_a_member_of_another_group_may_not_ask(tenant, other_tenant):
    outsider = _user(other_tenant, Role.ADMIN)
    with pytest.raises(PermissionDenied):
        snapshot_request(tenant=tenant, actor=outsider)


def test_a_deactivated_executive_may_not_ask(tenant):
    membership = MembershipFactory(tenant=tenant, user=UserFactory(), role=Role.EXECUTIVE, is_active=False)
    with pytest.raises(PermissionDenied):
        snapshot_request(tenant=tenant, actor=membership.user)


# --- The tasks (eager Celery) --------------------------------------------------------------------------------


def test_the_task_computes_a_queued_run_once(org):
    run = SnapshotRun.unscoped.create(tenant=org.tenant, day=AS_OF)
    result = tasks.snapshot_compute_task.delay(org.tenant.pk, AS_OF.isoformat(), run.pk)
    assert result.get() == "done"
    run.refresh_from_db()
    assert run.status == SnapshotRun.Status.DONE
    rows = set(MetricSnapshot.unscoped.filter(tenant=org.tenant).values_list("pk", flat=True))
    assert tasks.snapshot_compute_task.delay(org.tenant.pk, AS_OF.isoformat(), run.pk).get() == "skipped"  # redelivered
    assert set(MetricSnapshot.unscoped.filter(tenant=org.tenant).values_list("pk", flat=True)) == rows


def test_a_redelivered_task_of_a_run_left_running_computes_it_again(org):
    """A worker killed mid-run leaves its run "running"; the redelivered message finishes it."""
    run = SnapshotRun.unscoped.create(tenant=org.tenant, day=AS_OF, status=SnapshotRun.Status.RUNNING, progress=40)
    assert tasks.snapshot_compute_task.delay(org.tenant.pk, AS_OF.isoformat(), run.pk).get() == "done"
    assert MetricSnapshot.unscoped.filter(tenant=org.tenant, day=AS_OF).count() == SnapshotRun.unscoped.get(pk=run.pk).row_count


def test_the_task_without_a_run_creates_one(org):
    assert tasks.snapshot_compute_task.delay(org.tenant.pk, AS_OF.isoformat()).get() == "done"
    run = SnapshotRun.unscoped.get(tenant=org.tenant)
    assert run.day == AS_OF and run.requested_by is None and run.status == SnapshotRun.Status.DONE


def test_the_task_skips_an_unknown_tenant_or_run(org, other_tenant):
    assert tasks.snapshot_compute_task.delay(10**9, AS_OF.isoformat()).get() == "skipped"
    assert tasks.snapshot_compute_task.delay(org.tenant.pk, AS_OF.isoformat(), 10**9).get() == "skipped"
    theirs = SnapshotRun.unscoped.create(tenant=other_tenant, day=AS_OF)
    assert tasks.snapshot_compute_task.delay(org.tenant.pk, AS_OF.isoformat(), theirs.pk).get() == "skipped"
    theirs.refresh_from_db()
    assert theirs.status == SnapshotRun.Status.QUEUED


def test_the_task_is_safe_to_retry_and_survives_a_lost_worker():
    options = tasks.snapshot_compute_task
    assert options.acks_late is True and options.reject_on_worker_lost is True
    assert OperationalError in options.autoretry_for and options.max_retries >= 3
    assert options.soft_time_limit < options.time_limit


def test_a_database_error_leaves_the_run_queued_for_the_retry(org, monkeypatch):
    def unavailable(**kwargs):
        raise OperationalError("server closed the connection")

    monkeypatch.setattr(tasks.snapshot_compute_task, "max_retries", 0, raising=False)
    monkeypatch.setattr("dashboards.services.snapshot_rows_compute", unavailable)
    run = SnapshotRun.unscoped.create(tenant=org.tenant, day=AS_OF)
    with pytest.raises(OperationalError):
        tasks.snapshot_compute_task.apply(args=(org.tenant.pk, AS_OF.isoformat(), run.pk), throw=True)
    run.refresh_from_db()
    assert run.status == SnapshotRun.Status.FAILED  # the last try: failed, with a reason people can read
    assert run.error == "database unavailable"


def test_the_nightly_job_asks_once_per_tenant(org, other_tenant, django_capture_on_commit_callbacks):
    build_org(other_tenant, pulse=False)
    third = TenantFactory(slug="third")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert tasks.snapshots_compute_all.delay().get() == 3
    assert len(callbacks) == 3
    today = timezone.localdate()
    for tenant in (org.tenant, other_tenant, third):
        run = SnapshotRun.unscoped.get(tenant=tenant)
        assert run.day == today and run.requested_by is None and run.status == SnapshotRun.Status.DONE
    assert not AuditEvent.unscoped.filter(verb="dashboards.snapshot_request").exists()  # not a person's act
    assert MetricSnapshot.unscoped.filter(tenant=third, level="group").count() == len(snapshot_metrics())


def test_the_nightly_job_is_in_the_beat_schedule():
    entry = periodic_schedule()["dashboards-snapshots-nightly"]
    assert entry["task"] == "dashboards.tasks.snapshots_compute_all"


# --- The command ------------------------------------------------------------------------------------------


def test_the_command_computes_and_prints_duration_and_counts(org):
    out = StringIO()
    call_command("compute_snapshots", "--tenant", org.tenant.slug, "--date", "2026-03-31", stdout=out)
    run = SnapshotRun.unscoped.get(tenant=org.tenant)
    text = out.getvalue()
    assert f"Snapshot of {org.tenant.slug} for 2026-03-31: run {run.pk} done in {run.duration_ms} ms, {run.row_count} rows" in text
    for level, count in run.level_counts.items():
        assert f"  {level:<10} {count:>8} rows" in text
    assert run.level_counts["employee"] == 6 * sum(1 for m in snapshot_metrics() if "employee" in m.scopes)
    out2 = StringIO()
    call_command("compute_snapshots", "--tenant", org.tenant.slug, "--date", "2026-03-31", stdout=out2)
    assert MetricSnapshot.unscoped.filter(tenant=org.tenant).count() == run.row_count  # the day replaced, not doubled


def test_the_command_defaults_to_today(org):
    call_command("compute_snapshots", "--tenant", org.tenant.slug, stdout=StringIO())
    assert SnapshotRun.unscoped.get(tenant=org.tenant).day == timezone.localdate()


def test_the_command_refuses_a_bad_tenant_or_date(org):
    with pytest.raises(CommandError, match="No group with the slug nope"):
        call_command("compute_snapshots", "--tenant", "nope", stdout=StringIO())
    with pytest.raises(CommandError, match="Not a date"):
        call_command("compute_snapshots", "--tenant", org.tenant.slug, "--date", "31/03/2026", stdout=StringIO())
    assert not SnapshotRun.unscoped.exists()


def test_the_command_reports_a_failure(org, monkeypatch):
    def boom(**kwargs):
        raise RuntimeError("x")

    monkeypatch.setattr("dashboards.services.snapshot_rows_compute", boom)
    with pytest.raises(CommandError, match="failed.*previous snapshot of that day is kept"):
        call_command("compute_snapshots", "--tenant", org.tenant.slug, stdout=StringIO())
    assert SnapshotRun.unscoped.get(tenant=org.tenant).status == SnapshotRun.Status.FAILED
