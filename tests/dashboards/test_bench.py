"""``manage.py bench_dashboards`` (issue 7, "Performance"): generates the bench tenants with SQL, prints the three
figures and the row counts, reuses its data at the same scale, and ``--drop`` removes every bench row.

The command needs PostgreSQL: the full run is a ``services`` test, e.g.
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bns_bench REDIS_URL=redis://127.0.0.1:6379/7 \\
        .venv/bin/python -m pytest -p no:randomly tests/dashboards/test_bench.py
"""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from bns.models import Employee, Tenant, User
from contacts.models import Person, Relationship
from dashboards.bench.generate import EMAIL_DOMAIN
from dashboards.bench.sizes import BENCH_SLUGS, LARGE_SLUG, SMALL, SMALL_SLUGS, large_sizes
from dashboards.compute import snapshot_metrics
from dashboards.models import Level, MetricSnapshot, SnapshotRun
from networking.models import Activity

SCALE = "0.002"


def _bench(*args: str) -> str:
    out = StringIO()
    call_command("bench_dashboards", *args, stdout=out)
    return out.getvalue()


def _count_row(output: str, label: str) -> list[int]:
    """The row counts printed for ``label`` (large tenant first, then the three small ones)."""
    line = next(line for line in output.splitlines() if line.strip().startswith(label + " "))
    return [int(value.replace(",", "")) for value in line.split()[len(label.split()):]]


def test_sizes_scale_with_floors():
    assert large_sizes(1.0).activities == 5_000_000 and large_sizes(1.0).relationships == 1_000_000
    tiny = large_sizes(0.002)
    assert tiny.sites == 1 and tiny.employees >= 27 and tiny.relationships <= 2 * tiny.persons
    with pytest.raises(ValueError):
        large_sizes(0)


def test_refuses_without_postgresql(monkeypatch):
    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError, match="PostgreSQL"):
        _bench("--scale", SCALE, "--runs", "1")


@pytest.mark.services
@pytest.mark.django_db
def test_generates_measures_reuses_and_drops():
    first = _bench("--scale", SCALE, "--runs", "1")

    assert f"Generating the bench data at scale {SCALE}" in first
    assert re.search(r"Generated in [0-9.]+ s", first)
    # The three figures, each in the summary with its goal and verdict.
    assert re.search(r"\(1\) Snapshot of bench-large .*\n.*ratio [0-9.]+ \(goal <= 1.5\)", first)
    assert "(2) Pages: server time in-process" in first
    assert re.search(r"\(3\) Snapshot of bench-small-1: alone [0-9.]+ ms .* ratio [0-9.]+ \(goal <= 1.2\)", first)
    assert re.search(r"\(1\) snapshot / plain SQL, large tenant +[0-9.]+ +<= 1.5 +(PASS|FAIL)", first)
    assert re.search(r"\(3\) small snapshot beside large / alone +[0-9.]+ +<= 1.2 +(PASS|FAIL)", first)
    for url_name in ("dashboards_codir", "dashboards_team"):
        assert url_name in first  # measured, or "not built"

    # The row counts printed are the rows in the database.
    tenants = {t.slug: t for t in Tenant.objects.filter(slug__in=BENCH_SLUGS)}
    assert set(tenants) == set(BENCH_SLUGS)
    large, small = tenants[LARGE_SLUG], tenants[SMALL_SLUGS[0]]
    sizes = large_sizes(float(SCALE))
    assert _count_row(first, "activity rows") == [sizes.activities] + [SMALL.activities] * 3
    assert _count_row(first, "relationships") == [sizes.relationships] + [SMALL.relationships] * 3
    assert _count_row(first, "persons")[0] == Person.unscoped.filter(tenant=large).count() == sizes.persons
    assert _count_row(first, "employees")[0] == Employee.unscoped.filter(tenant=large).count() == sizes.employees
    assert Activity.unscoped.filter(tenant=small).count() == SMALL.activities
    assert Relationship.unscoped.filter(tenant=large).values("owner", "person").distinct().count() == sizes.relationships

    # Every computed metric of the catalogue has a value for the large group (the data covers them all).
    values = dict(MetricSnapshot.unscoped.filter(tenant=large, level=Level.GROUP).values_list("metric_key", "value"))
    missing = [metric.key for metric in snapshot_metrics() if values.get(metric.key) is None]
    assert not missing, f"no data for {missing}"

    # Run again at the same scale: the data is reused (same tenants, no new load), the figures printed again.
    runs_before = SnapshotRun.unscoped.filter(tenant=small).count()
    second = _bench("--scale", SCALE, "--runs", "1")
    assert f"Reusing the bench data at scale {SCALE}" in second
    assert "Generating" not in second
    assert {t.slug: t.pk for t in Tenant.objects.filter(slug__in=BENCH_SLUGS)} == {s: t.pk for s, t in tenants.items()}
    assert Activity.unscoped.filter(tenant=large).count() == sizes.activities
    assert "(3) Snapshot of bench-small-1: alone" in second  # "alone" read back from the runs before the large tenant
    assert SnapshotRun.unscoped.filter(tenant=small).count() > runs_before

    # --drop removes every bench row, the logins included.
    dropped = _bench("--drop")
    assert "Dropped the bench tenants" in dropped
    assert not Tenant.objects.filter(slug__in=BENCH_SLUGS).exists()
    assert not User.objects.filter(email__endswith=EMAIL_DOMAIN).exists()
    for model in (Activity, Person, Relationship, Employee, MetricSnapshot, SnapshotRun):
        assert not model.unscoped.filter(tenant_id__in=[t.pk for t in tenants.values()]).exists()
    assert "No bench data to drop." in _bench("--drop")
