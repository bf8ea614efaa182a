"""Writes of the networking score: computing a day's snapshots, asking for a run, the group's settings.

A run computes every active employee's score for one day: the inputs are gathered set-based
(``inputs.score_inputs_gather``), the formula applied in Python (``formula.score_compute``, pure), progress
committed as it goes (``employees_done``), and the day's snapshots replaced in ONE transaction at the end, so a
page reads either the previous snapshots or the new ones, never half of a day.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bns.models import Tenant
from bns.services.audit import audit_record
from bns.tenancy import tenant_scope
from networking.models import NetworkingScore, NetworkingScoreRun, NetworkingSettings
from networking.score import formula
from networking.score.inputs import score_employee_ids, score_inputs_gather

PROGRESS_CHUNK = 200  # employees computed between two progress updates
# A run queued or running for longer than this is taken as lost (a worker killed mid-run): a new one may start.
RUN_STALE_AFTER = timedelta(hours=2)
ACTIVE_STATUSES = (NetworkingScoreRun.Status.QUEUED, NetworkingScoreRun.Status.RUNNING)

SETTINGS_RANGES = {"pulse_min_respondents": (5, 100), "licence_unused_days": (7, 180)}
SETTINGS_FIELDS = ("pulse_min_respondents", "licence_unused_days", "score_weights")


def _run_update(run: NetworkingScoreRun, **fields) -> None:
    """Write the run's counters and status at once (outside any longer transaction: the page polls them)."""
    for name, value in fields.items():
        setattr(run, name, value)
    NetworkingScoreRun.unscoped.filter(tenant_id=run.tenant_id, pk=run.pk).update(**fields)


def networking_scores_compute(*, tenant: Tenant, actor=None, run: NetworkingScoreRun | None = None,
                              today: date | None = None) -> NetworkingScoreRun:
    """Compute the score of every active employee of the group for ``today`` (synchronous). With no ``run``, one
    is created (the demo and the command line); a run already done is returned untouched."""
    today = today or timezone.localdate()
    with tenant_scope(tenant):
        if run is None:
            run = NetworkingScoreRun.unscoped.create(tenant=tenant, requested_by=actor, status=NetworkingScoreRun.Status.QUEUED)
        if run.tenant_id != tenant.pk:
            raise ValidationError(_("This object does not belong to the group."))
        if run.status == NetworkingScoreRun.Status.DONE:
            return run
        employee_ids = score_employee_ids(tenant=tenant)
        _run_update(run, status=NetworkingScoreRun.Status.RUNNING, started_at=timezone.now(), finished_at=None, error="",
                    employees_total=len(employee_ids), employees_done=0)
        settings_row = NetworkingSettings.unscoped.filter(tenant=tenant).first()
        weights = formula.weights_effective(settings_row.score_weights if settings_row else None)
        inputs = score_inputs_gather(tenant=tenant, employee_ids=employee_ids, today=today)
        rows: list[NetworkingScore] = []
        for start in range(0, len(employee_ids), PROGRESS_CHUNK):
            for pk in employee_ids[start : start + PROGRESS_CHUNK]:
                breakdown = formula.score_compute(inputs[pk], weights)
                rows.append(NetworkingScore(
                    tenant=tenant, employee_id=pk, computed_on=today, total=breakdown.total, run=run,
                    details=breakdown.as_details(), **breakdown.pillars,
                ))
            _run_update(run, employees_done=min(start + PROGRESS_CHUNK, len(employee_ids)))
        with transaction.atomic():
            # The day is replaced as a whole: an employee gone since an earlier run of the day loses that snapshot.
            NetworkingScore.unscoped.filter(tenant=tenant, computed_on=today).delete()
            NetworkingScore.unscoped.bulk_create(rows, batch_size=500)
            _run_update(run, status=NetworkingScoreRun.Status.DONE, finished_at=timezone.now(), employees_done=len(rows))
    return run


def score_run_fail(*, tenant: Tenant, run_id: int, error: str) -> None:
    NetworkingScoreRun.unscoped.filter(tenant=tenant, pk=run_id).exclude(status=NetworkingScoreRun.Status.DONE).update(
        status=NetworkingScoreRun.Status.FAILED, error=(error or "")[:300], finished_at=timezone.now()
    )


def score_run_active(*, tenant: Tenant) -> NetworkingScoreRun | None:
    """The group's run queued or running, if any (runs older than RUN_STALE_AFTER are not counted)."""
    since = timezone.now() - RUN_STALE_AFTER
    return (
        NetworkingScoreRun.unscoped.filter(tenant=tenant, status__in=ACTIVE_STATUSES, created_at__gte=since)
        .order_by("-created_at", "-pk")
        .first()
    )


@transaction.atomic
def score_run_request(*, tenant: Tenant, actor) -> NetworkingScoreRun:
    """Queue a computation of the group's scores, run in the background after commit. While one is queued or
    running, that one is returned instead: asking twice never computes twice."""
    Tenant.objects.select_for_update().filter(pk=tenant.pk).first()  # serialise two requests of the same group
    existing = score_run_active(tenant=tenant)
    if existing is not None:
        return existing
    stale = NetworkingScoreRun.unscoped.filter(tenant=tenant, status__in=ACTIVE_STATUSES)
    stale.update(status=NetworkingScoreRun.Status.FAILED, error="timed out", finished_at=timezone.now())
    person = actor if getattr(actor, "is_authenticated", False) else None
    run = NetworkingScoreRun.unscoped.create(tenant=tenant, requested_by=person)
    if person is not None:  # the nightly runs are not people's acts: the run row is their record
        audit_record(tenant=tenant, actor=person, verb="networking.score_run", obj=run, data={})
    from networking.score.tasks import networking_score_run

    tenant_id, run_id = tenant.pk, run.pk
    transaction.on_commit(lambda: networking_score_run.delay(tenant_id, run_id))
    return run


# --- Settings ----------------------------------------------------------------------------------------------


def _settings_clean(changes: dict, current: NetworkingSettings) -> dict:
    errors: dict[str, list[str]] = {}
    cleaned: dict = {}
    for field, (low, high) in SETTINGS_RANGES.items():
        if field not in changes:
            continue
        value = changes[field]
        if isinstance(value, bool) or not isinstance(value, int):
            errors[field] = [_("Enter a whole number.")]
        elif field == "pulse_min_respondents" and value < low:
            errors[field] = [_("Pulse results are never shown over fewer than 5 respondents: enter 5 or more.")]
        elif not low <= value <= high:
            errors[field] = [_("Enter a number from %(min)s to %(max)s.") % {"min": low, "max": high}]
        else:
            cleaned[field] = value
    if "score_weights" in changes:
        weights, weight_errors = formula.weights_validate(
            changes["score_weights"], base=formula.weights_effective(current.score_weights)
        )
        if weight_errors:
            errors["score_weights"] = [message for messages in weight_errors.values() for message in messages]
        else:
            cleaned["score_weights"] = weights
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def networking_settings_update(*, tenant: Tenant, actor, **changes) -> NetworkingSettings:
    """Change the group's networking settings: the smallest group of pulse respondents shown (never below 5),
    when a tool licence counts as unused, and the score's weights and targets (``score_weights``: a partial
    {input key: {weight, target}} merged over the current ones; each pillar's weights must add up to 25).

    One bad value and nothing is written. One ``networking.settings`` audit row lists each changed setting as
    ``{"from": old, "to": new}``. New weights apply from the next computation of the scores."""
    unknown = set(changes) - set(SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"not a networking setting: {sorted(unknown)}")
    with tenant_scope(tenant):
        current, _created = NetworkingSettings.unscoped.select_for_update().get_or_create(tenant=tenant)
        cleaned = _settings_clean(changes, current)
        before = {field: getattr(current, field) for field in cleaned}
        if "score_weights" in before:
            before["score_weights"] = formula.weights_effective(current.score_weights)
        changed = {field: value for field, value in cleaned.items() if before[field] != value}
        if changed:
            for field, value in changed.items():
                setattr(current, field, value)
            current.save(update_fields=[*changed, "updated_at"])
            data = {field: {"from": before[field], "to": value} for field, value in changed.items()}
            if "score_weights" in data:  # only the inputs that changed, not the whole table
                old, new = data["score_weights"]["from"], data["score_weights"]["to"]
                keys = [key for key in new if old.get(key) != new[key]]
                data["score_weights"] = {"from": {k: old.get(k) for k in keys}, "to": {k: new[k] for k in keys}}
            audit_record(tenant=tenant, actor=actor, verb="networking.settings", obj=current, data=data)
    return current
