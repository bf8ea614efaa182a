"""Dashboards demo data for ``manage.py seed_demo`` (registered through bns.demo_hooks by dashboards/apps.py).

The dashboards read snapshots only: for the "armor" group, compute the snapshots of the last twelve weeks (one per
week, ending today) from the demo data the other seeders wrote, so the CoDir dashboard opens with figures and trends.
Runs last (dashboards comes after the other apps in INSTALLED_APPS). Idempotent: a day that already has a finished
snapshot is left alone, so a second run computes nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from dashboards.models import SnapshotRun
from dashboards.services import snapshot_compute

DEMO_TENANT_SLUG = "armor"
DEMO_WEEKS = 12


def dashboards_demo_seed(*, tenants: dict, stdout=None) -> dict[str, int]:
    tenant = tenants.get(DEMO_TENANT_SLUG)
    if tenant is None:
        return {}
    today = timezone.localdate()
    days = [today - timedelta(weeks=n) for n in range(DEMO_WEEKS - 1, -1, -1)]
    done = set(SnapshotRun.unscoped.filter(tenant=tenant, day__in=days, status=SnapshotRun.Status.DONE)
               .values_list("day", flat=True))
    computed = 0
    for day in days:
        if day not in done:
            snapshot_compute(tenant=tenant, day=day)
            computed += 1
    return {"dashboard snapshots": computed} if computed else {}
