"""Compute a group's dashboard snapshot for a day, synchronously, with the service the Celery task runs.

    python manage.py compute_snapshots --tenant SLUG [--date YYYY-MM-DD]

Prints the duration and the rows written per level. Exits with status 2 on a bad --tenant or --date, 1 when the
computation fails (the day's previous snapshot is then kept).
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bns.models import Tenant
from dashboards.compute import LEVELS, snapshot_metrics
from dashboards.services import snapshot_compute


class Command(BaseCommand):
    help = "Compute a group's dashboard snapshot for a day (today by default) and print duration and row counts."

    def add_arguments(self, parser):
        parser.add_argument("--tenant", required=True, help="the group's slug")
        parser.add_argument("--date", help="the day, YYYY-MM-DD (default: today)")

    def handle(self, *args, **options):
        tenant = Tenant.objects.filter(slug=options["tenant"]).first()
        if tenant is None:
            raise CommandError(f"No group with the slug {options['tenant']}.", returncode=2)
        if options.get("date"):
            try:
                day = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"Not a date: {options['date']} (expected YYYY-MM-DD).", returncode=2) from None
        else:
            day = timezone.localdate()
        try:
            run = snapshot_compute(tenant=tenant, day=day)
        except Exception as exc:
            raise CommandError(f"Snapshot of {tenant.slug} for {day.isoformat()} failed: {exc}. "
                               "The previous snapshot of that day is kept.", returncode=1) from exc
        counts = run.level_counts or {}
        self.stdout.write(f"Snapshot of {tenant.slug} for {day.isoformat()}: run {run.pk} done in {run.duration_ms} ms, "
                          f"{run.row_count} rows ({len(snapshot_metrics())} metrics).")
        for level in LEVELS:
            self.stdout.write(f"  {level:<10} {counts.get(str(level), 0):>8} rows")
