"""Writes of the dashboards: computing a tenant's snapshot for a day, and asking for one in the background.

``snapshot_compute`` is deliberately NOT one transaction: the run's progress is committed as the metrics are
computed (short UPDATEs, so a page polling the run sees the bar move), and only the swap is atomic: ONE
transaction deletes the day's previous rows, inserts the new ones and marks the run done. A failure before or
during the swap leaves the previous rows of that day untouched and the run marked failed. Running it twice for
the same day gives the same rows (idempotent), so a redelivered Celery task (acks_late) is harmless.
"""

from __future__ import annotations

import logging
import time
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bns.models import LEADER_ROLES, Membership, Tenant
from bns.services.audit import audit_record
from bns.tenancy import tenant_scope
from dashboards.compute import SnapshotResult, snapshot_rows_compute
from dashboards.models import MetricSnapshot, SnapshotRun

logger = logging.getLogger(__name__)

AUDIT_VERB_LABELS = {
    "dashboards.snapshot_request": gettext_lazy("Dashboards refresh requested"),
}

# A run queued or running for longer than this is taken as lost (a worker killed and its message not redelivered):
# a new request may then start another. Above the task's hard time limit and the broker's visibility timeout.
RUN_STALE_AFTER = timedelta(hours=2)
ACTIVE_STATUSES = (SnapshotRun.Status.QUEUED, SnapshotRun.Status.RUNNING)
COMPUTE_SHARE = 95  # % of the progress bar for the metrics; the rest is the swap
INSERT_BATCH = 5000  # rows per INSERT statement on PostgreSQL


def _run_update(run: SnapshotRun, **fields) -> None:
    """Write the run's fields at once, as its own short statement (the page polls them)."""
    for name, value in fields.items():
        setattr(run, name, value)
    SnapshotRun.unscoped.filter(tenant_id=run.tenant_id, pk=run.pk).update(**fields)


def _rows_insert(rows: list[MetricSnapshot]) -> None:
    """Insert the snapshot's rows in a number of statements that does not grow with the data on small tenants.

    PostgreSQL: multi-row INSERTs of INSERT_BATCH rows (psycopg2 binds client-side, no parameter limit). SQLite
    caps a statement at 999 parameters (about 100 rows here), so one prepared INSERT is run with executemany:
    one statement for the whole snapshot."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        MetricSnapshot.unscoped.bulk_create(rows, batch_size=INSERT_BATCH)
        return
    fields = [f for f in MetricSnapshot._meta.concrete_fields if not f.primary_key]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        connection.ops.quote_name(MetricSnapshot._meta.db_table),
        ", ".join(connection.ops.quote_name(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    params = [[f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields] for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _error_text(exc: BaseException, metric: str) -> str:
    """What the run says went wrong: short and without internals (the traceback goes to the log)."""
    if isinstance(exc, OperationalError):
        reason = "database unavailable"
    else:
        reason = type(exc).__name__
    return f"{reason} while computing {metric}" if metric else reason


def snapshot_run_fail(*, tenant: Tenant, run_id: int, error: str) -> None:
    """Mark a run failed (never a done one). Best effort: the database may be the reason it failed."""
    try:
        SnapshotRun.unscoped.filter(tenant=tenant, pk=run_id).exclude(status=SnapshotRun.Status.DONE).update(
            status=SnapshotRun.Status.FAILED, error=(error or "")[:500], finished_at=timezone.now()
        )
    except DatabaseError:
        logger.exception("could not mark the snapshot run %s failed", run_id)


def snapshot_compute(*, tenant: Tenant, day: date | None = None, run: SnapshotRun | None = None,
                     progress=None) -> SnapshotRun:
    """Compute the tenant's snapshot for ``day`` (today by default; a given run's day) synchronously and swap it in.

    With no ``run``, one is created (nightly jobs from the command line, tests). A run already done is returned
    untouched. ``progress(percent)`` is called as the metrics are computed. On any error the run is marked failed
    (with a short reason), the day's previous rows are kept, and the exception is raised again."""
    with tenant_scope(tenant):
        if run is not None and run.tenant_id != tenant.pk:
            raise ValidationError(_("This object does not belong to the group."))
        if run is not None and day is not None and run.day != day:
            raise ValueError(f"run {run.pk} is for {run.day}, not {day}")
        day = day or (run.day if run is not None else timezone.localdate())
        if run is None:
            run = SnapshotRun.unscoped.create(tenant=tenant, day=day, status=SnapshotRun.Status.QUEUED)
        if run.status == SnapshotRun.Status.DONE:
            return run
        started = time.monotonic()
        _run_update(run, status=SnapshotRun.Status.RUNNING, started_at=timezone.now(), finished_at=None, error="", progress=0)

        def step(done: int, total: int) -> None:
            percent = COMPUTE_SHARE * done // total if total else COMPUTE_SHARE
            if percent != run.progress:
                _run_update(run, progress=percent)
            if progress is not None:
                progress(percent)

        result = SnapshotResult()
        try:
            snapshot_rows_compute(tenant=tenant, day=day, run=run, result=result, progress=step)
            with transaction.atomic():
                # Serialise two swaps of the same tenant (the nightly run and a refresh); NO KEY: inserts elsewhere
                # referencing the tenant (FOR KEY SHARE) are not blocked.
                Tenant.objects.select_for_update(no_key=True).filter(pk=tenant.pk).values_list("pk", flat=True).first()
                MetricSnapshot.unscoped.filter(tenant=tenant, day=day).delete()
                _rows_insert(result.rows)
                _run_update(
                    run, status=SnapshotRun.Status.DONE, progress=100, finished_at=timezone.now(),
                    duration_ms=int((time.monotonic() - started) * 1000), row_count=len(result.rows),
                    level_counts=result.level_counts,
                )
        except Exception as exc:  # SoftTimeLimitExceeded included
            logger.exception("snapshot of tenant %s for %s failed (run %s)", tenant.pk, day, run.pk)
            snapshot_run_fail(tenant=tenant, run_id=run.pk, error=_error_text(exc, result.metric))
            run.status, run.error = SnapshotRun.Status.FAILED, _error_text(exc, result.metric)
            raise
    return run


def snapshot_run_active(*, tenant: Tenant) -> SnapshotRun | None:
    """The tenant's run queued or running, if any (runs older than RUN_STALE_AFTER are not counted)."""
    since = timezone.now() - RUN_STALE_AFTER
    return (
        SnapshotRun.unscoped.filter(tenant=tenant, status__in=ACTIVE_STATUSES, created_at__gte=since)
        .order_by("-created_at", "-pk")
        .first()
    )


def snapshot_can_request(*, tenant: Tenant, user) -> bool:
    """Executives and administrators may refresh the dashboards now (everyone else waits for the night)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.unscoped.filter(tenant=tenant, user=user, is_active=True, role__in=LEADER_ROLES).exists()


@transaction.atomic
def snapshot_request(*, tenant: Tenant, actor, day: date | None = None) -> SnapshotRun:
    """Queue the computation of the tenant's snapshot for ``day`` (today by default), run in the background after
    commit. ``actor`` None: the nightly job; a person must be an executive or an administrator of the group.

    While a run of the tenant is queued or running, that one is returned instead: asking twice never computes
    twice at the same time."""
    person = actor if getattr(actor, "is_authenticated", False) else None
    if actor is not None and not snapshot_can_request(tenant=tenant, user=actor):
        raise PermissionDenied(_("Only executives and administrators can refresh the dashboards."))
    day = day or timezone.localdate()
    # Two requests at once make one run (NO KEY: rows elsewhere referencing the tenant are not blocked).
    Tenant.objects.select_for_update(no_key=True).filter(pk=tenant.pk).values_list("pk", flat=True).first()
    existing = snapshot_run_active(tenant=tenant)
    if existing is not None:
        return existing
    SnapshotRun.unscoped.filter(tenant=tenant, status__in=ACTIVE_STATUSES).update(
        status=SnapshotRun.Status.FAILED, error="timed out", finished_at=timezone.now()
    )
    run = SnapshotRun.unscoped.create(tenant=tenant, day=day, requested_by=person)
    if person is not None:  # the nightly runs are not people's acts: the run row is their record
        audit_record(tenant=tenant, actor=person, verb="dashboards.snapshot_request", obj=run, data={"day": day.isoformat()})
    from dashboards.tasks import snapshot_compute_task

    tenant_id, day_iso, run_id = tenant.pk, day.isoformat(), run.pk
    transaction.on_commit(lambda: snapshot_compute_task.delay(tenant_id, day_iso, run_id))
    return run
