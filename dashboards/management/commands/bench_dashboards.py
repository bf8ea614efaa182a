"""Benchmark the dashboards on PostgreSQL (issue 7, "Performance"): a developer tool, not a timed test.

    python manage.py bench_dashboards [--scale 1.0] [--runs 5] [--keep] [--drop]

Generates (unless present) a large bench tenant "bench-large" (at --scale 1: 100 dealerships, 5,000 employees,
500,000 persons, 1,000,000 relationships, 5,000,000 activity rows, and the other tables in proportion) beside
three small ones "bench-small-1..3" (about 3 dealerships, 30 employees, 3,000 persons, 6,000 relationships, 30,000
activity rows each), with set-based SQL (see dashboards/bench/generate.py), then prints, as medians of --runs runs:

(1) the large tenant's snapshot time divided by the time of the same aggregate statements run bare (goal <= 1.5),
    and the slowest five metrics;
(2) the CoDir dashboard's and the manager's team page's server time and query count, large tenant vs small one
    (goal: under 150 ms, the same number of queries); a page whose url name does not resolve is "not built";
(3) a small tenant's snapshot time beside the large tenant divided by its time alone, measured before the large
    tenant was generated (goal <= 1.2).

Data is kept between invocations: the bench tenants are reused when present at the same --scale, else dropped and
generated again. --keep reuses them whatever their scale (never drops); --drop deletes them and exits. The large
tenant's name records its scale and generation time. See dashboards/bench/measure.py for how each figure is taken.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from bns.models import Membership, Role, Tenant
from dashboards.bench.generate import (
    TABLES,
    analyze,
    bench_complete,
    bench_drop,
    bench_generation_seconds,
    bench_mark_generated,
    bench_name,
    bench_scale,
    bench_tenants,
    row_counts,
    tenant_generate,
)
from dashboards.bench.measure import (
    PageFigures,
    median,
    page_measure,
    small_alone_durations,
    small_snapshot_runs,
    snapshot_measure,
)
from dashboards.bench.sizes import LARGE_SLUG, SMALL, SMALL_SLUGS, large_sizes

RATIO_GOAL = 1.5
PAGE_GOAL_MS = 150.0
ISOLATION_GOAL = 1.2
PAGES = (("dashboards_codir", "CoDir dashboard", Role.EXECUTIVE), ("dashboards_team", "Manager team page", Role.MANAGER))


class Command(BaseCommand):
    help = "Benchmark the dashboards' snapshots and pages on generated large and small tenants (PostgreSQL only)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="size of the large tenant (1.0: 5,000,000 activity rows)")
        parser.add_argument("--runs", type=int, default=5, help="runs per figure (medians are printed)")
        parser.add_argument("--keep", action="store_true", help="reuse the bench data present whatever its scale")
        parser.add_argument("--drop", action="store_true", help="delete the bench tenants and exit")

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("bench_dashboards needs PostgreSQL: set DATABASE_URL (for example "
                               "postgres://postgres@127.0.0.1:5432/bns_bench) and run migrate first. SQLite is not supported.")
        scale, runs = options["scale"], options["runs"]
        if scale <= 0 or runs < 1:
            raise CommandError("--scale must be positive and --runs at least 1.")
        if options["drop"]:
            self._drop()
            return
        day = timezone.localdate()
        tenants = bench_tenants()
        alone: list[int] = []
        if bench_complete(tenants) and (options["keep"] or bench_scale(tenants[LARGE_SLUG]) == scale):
            large = tenants[LARGE_SLUG]
            scale = bench_scale(large) or scale
            self.stdout.write(f"Reusing the bench data at scale {scale:g} (generated in "
                              f"{bench_generation_seconds(large):.1f} s); --drop to remove it.")
        else:
            if options["keep"] and tenants:
                raise CommandError("The bench data present is incomplete: run without --keep to generate it again.")
            if tenants:
                self.stdout.write(f"Dropping the bench data present (scale {bench_scale(tenants.get(LARGE_SLUG)) or '?'})...")
                self._drop()
            tenants, alone = self._generate(scale=scale, day=day, runs=runs)
            large = tenants[LARGE_SLUG]
        small = tenants[SMALL_SLUGS[0]]
        self._print_counts(tenants)

        self.stdout.write(f"\n(1) Snapshot of {LARGE_SLUG} vs the same aggregates as plain SQL ({runs} runs, medians)")
        try:
            snap = snapshot_measure(tenant=large, day=day, runs=runs)
        except Exception as exc:  # the catalogue is the subject under test: say which part failed
            raise CommandError(f"The snapshot of {LARGE_SLUG} failed ({type(exc).__name__}: {exc}); the bench data is kept.") from exc
        self.stdout.write(f"    snapshot task {median(snap.engine_ms):.0f} ms ({snap.rows} rows written), plain SQL "
                          f"{median(snap.sql_ms):.0f} ms ({snap.statements} statements): ratio {snap.ratio:.2f} "
                          f"(goal <= {RATIO_GOAL})")
        self.stdout.write(f"    (information: each of the {snap.distinct_statements} distinct statements once "
                          f"{median(snap.sql_distinct_ms):.0f} ms, ratio {snap.ratio_distinct:.2f})")
        self.stdout.write(f"    {'slowest metrics':<32}{'snapshot ms':>12}{'plain SQL ms':>14}")
        for key, engine_ms, sql_ms in snap.slowest(5):
            self.stdout.write(f"    {key:<32}{engine_ms:>12.1f}{sql_ms:>14.1f}")
        self.stdout.write(f"    {'swap (delete, insert, mark done)':<32}{median(snap.swap_ms):>12.1f}")

        # (3) before (2): it leaves the small tenant a snapshot for its pages.
        if not alone:
            alone = small_alone_durations(small=small, large=large)
        beside = small_snapshot_runs(tenant=small, day=day, runs=runs)
        isolation = median(beside) / median(alone) if alone and median(alone) else None

        self.stdout.write(f"\n(2) Pages: server time in-process (median of {runs}) and queries, {LARGE_SLUG} vs {small.slug}")
        pages: dict[str, tuple[PageFigures, PageFigures]] = {}
        for url_name, label, role in PAGES:
            figures = tuple(page_measure(url_name=url_name, tenant=tenant, user=self._login(tenant, role), runs=runs)
                            for tenant in (large, small))
            pages[url_name] = figures
            self.stdout.write(f"    {label} ({url_name}): {figures[0].describe()} | {figures[1].describe()}")

        self.stdout.write(f"\n(3) Snapshot of {small.slug}: alone {self._ms(median(alone))} (median of {len(alone)} runs, "
                          f"measured before {LARGE_SLUG} was generated), beside {LARGE_SLUG} {self._ms(median(beside))} "
                          f"(median of {len(beside)}): ratio {self._ratio(isolation)} (goal <= {ISOLATION_GOAL})")
        self._print_summary(snap.ratio, pages, isolation)

    # --- steps ------------------------------------------------------------------------------------------

    def _drop(self) -> None:
        started = time.monotonic()
        deleted = bench_drop()
        if not deleted:
            self.stdout.write("No bench data to drop.")
            return
        analyze(vacuum=False)
        self.stdout.write(f"Dropped the bench tenants in {time.monotonic() - started:.1f} s "
                          f"({sum(deleted.values())} rows in {len(deleted)} tables).")

    def _generate(self, *, scale: float, day, runs: int) -> tuple[dict[str, Tenant], list[int]]:
        """Small tenants first, analysed and measured alone, then the large one; the generation time excludes the
        measurement of the small tenant alone."""
        now = timezone.now()
        sizes = large_sizes(scale)
        self.stdout.write(f"Generating the bench data at scale {scale:g}: 3 small tenants, then {LARGE_SLUG} "
                          f"({sizes.sites} sites, {sizes.employees} employees, {sizes.persons} persons, "
                          f"{sizes.relationships} relationships, {sizes.activities} activity rows)...")
        tenants: dict[str, Tenant] = {}
        started = time.monotonic()
        for number, slug in enumerate(SMALL_SLUGS, start=1):
            tenants[slug] = tenant_generate(slug=slug, name=bench_name(f"small {number}"), sizes=SMALL, today=day, now=now).tenant
        small_seconds = time.monotonic() - started
        small_seconds += analyze(vacuum=True)
        alone = small_snapshot_runs(tenant=tenants[SMALL_SLUGS[0]], day=day, runs=runs)
        started = time.monotonic()
        generated = tenant_generate(slug=LARGE_SLUG, name=bench_name("large", scale), sizes=sizes, today=day, now=now)
        large_seconds = time.monotonic() - started
        analyze_seconds = analyze(vacuum=True)
        total = small_seconds + large_seconds + analyze_seconds
        bench_mark_generated(generated.tenant, scale=scale, seconds=total)
        tenants[LARGE_SLUG] = generated.tenant
        slowest = sorted(generated.steps.items(), key=lambda item: item[1], reverse=True)[:3]
        self.stdout.write(f"Generated in {total:.1f} s: small tenants {small_seconds:.1f} s, {LARGE_SLUG} {large_seconds:.1f} s "
                          f"(slowest: {', '.join(f'{table} {seconds:.1f} s' for table, seconds in slowest)}), "
                          f"VACUUM ANALYZE {analyze_seconds:.1f} s.")
        return tenants, alone

    def _login(self, tenant: Tenant, role: str):
        membership = Membership.unscoped.filter(tenant=tenant, role=role, is_active=True).select_related("user").first()
        if membership is None:
            raise CommandError(f"No {role} login in {tenant.slug}: drop the bench data (--drop) and generate it again.")
        return membership.user

    def _print_counts(self, tenants: dict[str, Tenant]) -> None:
        order = [LARGE_SLUG, *SMALL_SLUGS]
        counts = {slug: row_counts(tenants[slug]) for slug in order}
        self.stdout.write("\nRow counts")
        self.stdout.write(f"    {'table':<22}" + "".join(f"{slug:>15}" for slug in order))
        for label, _table in TABLES:
            self.stdout.write(f"    {label:<22}" + "".join(f"{counts[slug][label]:>15,}" for slug in order))
        totals = {slug: sum(counts[slug].values()) for slug in order}
        self.stdout.write(f"    {'total':<22}" + "".join(f"{totals[slug]:>15,}" for slug in order))

    def _print_summary(self, ratio, pages, isolation) -> None:
        rows = [("(1) snapshot / plain SQL, large tenant", self._ratio(ratio), f"<= {RATIO_GOAL}",
                 self._verdict(ratio is not None and ratio <= RATIO_GOAL, ratio is not None))]
        for url_name, label, _role in PAGES:
            big, little = pages[url_name]
            if not big.built:
                rows.append((f"(2) {label} ({url_name})", "not built", "", "-"))
                continue
            fine = big.ok and little.ok
            rows.append((f"(2) {label} time, large tenant", self._ms(big.median_ms) if big.ok else big.short(),
                         f"< {PAGE_GOAL_MS:.0f} ms", self._verdict(big.ok and big.median_ms < PAGE_GOAL_MS, True)))
            rows.append((f"(2) {label} queries, large vs small",
                         f"{big.queries} vs {little.queries}" if fine else "-", "equal",
                         self._verdict(fine and big.queries == little.queries, True)))
        rows.append(("(3) small snapshot beside large / alone", self._ratio(isolation), f"<= {ISOLATION_GOAL}",
                     self._verdict(isolation is not None and isolation <= ISOLATION_GOAL, isolation is not None)))
        self.stdout.write("\nSummary")
        self.stdout.write(f"    {'figure':<46}{'value':>16}{'goal':>12}  result")
        for figure, value, goal, verdict in rows:
            self.stdout.write(f"    {figure:<46}{value:>16}{goal:>12}  {verdict}")

    @staticmethod
    def _verdict(passed: bool, measured: bool) -> str:
        return ("PASS" if passed else "FAIL") if measured else "-"

    @staticmethod
    def _ms(value) -> str:
        return f"{value:.1f} ms" if value is not None else "-"

    @staticmethod
    def _ratio(value) -> str:
        return f"{value:.2f}" if value is not None else "-"
