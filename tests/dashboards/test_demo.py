"""seed_demo computes armor's dashboard snapshots (twelve weekly days) from the other apps' demo data."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from bns.models import Tenant
from dashboards.models import MetricSnapshot, SnapshotRun


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    return Tenant.objects.get(slug="armor")


def test_demo_snapshots_for_twelve_weeks_with_figures(seeded):
    runs = SnapshotRun.unscoped.filter(tenant=seeded, status=SnapshotRun.Status.DONE)
    assert runs.count() == 12
    assert runs.order_by("-day").first().day == timezone.localdate()
    today = MetricSnapshot.unscoped.filter(tenant=seeded, day=timezone.localdate(), level="group")
    values = dict(today.values_list("metric_key", "value"))
    assert values["profile_completeness"] is not None and values["profile_completeness"] > 0
    assert values["active_employees"] is not None
    # The other demo group gets none, and a second seed computes nothing new.
    assert not SnapshotRun.unscoped.exclude(tenant=seeded).exists()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert SnapshotRun.unscoped.filter(tenant=seeded).count() == 12
