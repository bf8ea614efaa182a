"""Mirror builder of the dashboards' snapshots (issue 7), for tests/isolation/cases.py's MIRROR_BUILDERS:

    from tests.isolation.builders_dashboards import _build_dashboards
    ...
    "dashboards.SnapshotRun": _build_dashboards,
    "dashboards.MetricSnapshot": _build_dashboards,

Registered after the networking builder: the snapshot is computed from the world's data through the service (every
level: the group, its dealerships, departments and active employees), as the nightly job does.
"""

from __future__ import annotations

from datetime import date

SNAPSHOT_DAY = date(2026, 11, 20)


def _build_dashboards(w) -> None:
    from dashboards.models import MetricSnapshot, SnapshotRun
    from dashboards.services import snapshot_compute

    w.snapshot_run = snapshot_compute(tenant=w.tenant, day=SNAPSHOT_DAY)
    SnapshotRun.unscoped.filter(pk=w.snapshot_run.pk).update(requested_by=w.admin)
    rows = MetricSnapshot.unscoped.filter(tenant=w.tenant, run=w.snapshot_run)
    w.metric_snapshot = rows.get(level="group", metric_key="active_employees")
    w.metric_snapshot_site = rows.get(level="site", site=w.site, metric_key="active_employees")
    w.metric_snapshot_department = rows.get(level="department", department=w.department, metric_key="active_employees")
    w.metric_snapshot_employee = rows.get(level="employee", employee=w.manager, metric_key="active_employees")
    # A run under way (the progress bar polls it) beside the done one.
    w.snapshot_run_queued = SnapshotRun.unscoped.create(tenant=w.tenant, day=SNAPSHOT_DAY, requested_by=w.admin)
