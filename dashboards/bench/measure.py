"""The three measurements of the benchmark (medians of several runs).

(1) Snapshot vs its lower bound. The snapshot task (``dashboards.services.snapshot_compute``) of the large tenant,
timed whole, against the same aggregate statements run bare: for every computed metric and level, the statements
``Metric.compute_grouped`` executes (one GROUP BY each; the pulse's group figures two, plus the group's settings)
are recorded once with ``CaptureQueriesContext`` (on PostgreSQL the recorded text is what psycopg2 sent, parameters
bound: the same statements ``qs.query.sql_with_params()`` gives, executable as they are) and then timed through a
plain cursor with ``fetchall()``: no ORM, no row building, no insert. The ratio is what the engine costs above the
database's own work. (Some metrics run others' statements again, the maturity ones their indicators': the
figure for each distinct statement run once is printed too, for information.) Per metric, the engine's time is measured between two calls of the task's progress callback
(which runs after each metric) and the SQL time is the sum over that metric's levels.

(2) Pages. The dashboard pages by url name (``dashboards_codir`` logged in as the tenant's executive,
``dashboards_team`` as the manager of a team of 12), served in-process by Django's test ``Client`` (the whole
middleware stack, no network), after a snapshot exists: the median server time and the number of queries of one
request (``CaptureQueriesContext``), for the large tenant and a small one. A url name that does not resolve is
reported "not built"; a page that fails is reported with its error, never raised.

(3) Tenant isolation of the cost. A small tenant's snapshot time with the large tenant present divided by its time
alone. "Alone" is measured when the bench data is generated: the small tenants are loaded and analysed first, the
small tenant's snapshot is run (one warm-up, then ``--runs`` runs) BEFORE the large tenant exists; those runs stay
in ``SnapshotRun`` (``duration_ms``), so a later invocation reusing the data reads them back (the small tenant's
done runs created before the large tenant, less the first, the warm-up). "With the large one" is measured the same
way now. Both figures are the task's own ``duration_ms``.

Timings run with ``DEBUG`` off (Django's debug cursor would record every statement).
"""

from __future__ import annotations

import logging
import statistics
import time
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse

from bns.models import Tenant, User
from bns.tenancy import tenant_scope
from dashboards.compute import LEVELS, snapshot_metrics
from dashboards.models import SnapshotRun
from dashboards.services import snapshot_compute


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


# --- (1) The snapshot and its plain-SQL lower bound -----------------------------------------------------


@dataclass
class Statement:
    metric: str
    level: str
    sql: list[str]


@dataclass
class SnapshotFigures:
    runs: int = 0
    engine_ms: list[float] = field(default_factory=list)
    sql_ms: list[float] = field(default_factory=list)
    sql_distinct_ms: list[float] = field(default_factory=list)  # each distinct statement once (information only)
    distinct_statements: int = 0
    swap_ms: list[float] = field(default_factory=list)
    engine_metric_ms: dict[str, list[float]] = field(default_factory=dict)
    sql_metric_ms: dict[str, list[float]] = field(default_factory=dict)
    statements: int = 0
    rows: int = 0

    @property
    def ratio(self) -> float | None:
        engine, sql = median(self.engine_ms), median(self.sql_ms)
        return engine / sql if engine is not None and sql else None

    @property
    def ratio_distinct(self) -> float | None:
        engine, sql = median(self.engine_ms), median(self.sql_distinct_ms)
        return engine / sql if engine is not None and sql else None

    def slowest(self, n: int = 5) -> list[tuple[str, float, float]]:
        """(metric, engine ms, plain SQL ms) of the n metrics taking the engine the longest (medians)."""
        rows = [(key, median(times), median(self.sql_metric_ms.get(key, [])) or 0.0)
                for key, times in self.engine_metric_ms.items()]
        return sorted(rows, key=lambda row: row[1], reverse=True)[:n]


def snapshot_statements(*, tenant: Tenant, day: date) -> list[Statement]:
    """The SQL each metric's ``compute_grouped`` executes, per level, as sent to the database."""
    found: list[Statement] = []
    with tenant_scope(tenant):
        for metric in snapshot_metrics():
            for level in LEVELS:
                if level not in metric.scopes:
                    continue
                with CaptureQueriesContext(connection) as captured:
                    metric.compute_grouped(tenant=tenant, level=str(level), as_of=day)
                found.append(Statement(metric.key, str(level), [query["sql"] for query in captured.captured_queries]))
    return found


def _engine_run(*, tenant: Tenant, day: date, figures: SnapshotFigures) -> None:
    keys = [metric.key for metric in snapshot_metrics()]
    marks: list[float] = []
    started = time.perf_counter()
    run = snapshot_compute(tenant=tenant, day=day, progress=lambda _percent: marks.append(time.perf_counter()))
    ended = time.perf_counter()
    figures.engine_ms.append((ended - started) * 1000)
    previous = started
    for key, mark in zip(keys, marks, strict=False):
        figures.engine_metric_ms.setdefault(key, []).append((mark - previous) * 1000)
        previous = mark
    figures.swap_ms.append((ended - previous) * 1000)
    figures.rows = run.row_count


def _sql_run(statements: list[Statement], figures: SnapshotFigures) -> None:
    per_metric: dict[str, float] = {}
    total = distinct = 0.0
    seen: set[str] = set()
    with connection.cursor() as cursor:
        for statement in statements:
            for sql in statement.sql:
                started = time.perf_counter()
                cursor.execute(sql)
                cursor.fetchall()
                elapsed = (time.perf_counter() - started) * 1000
                per_metric[statement.metric] = per_metric.get(statement.metric, 0.0) + elapsed
                total += elapsed
                if sql not in seen:
                    seen.add(sql)
                    distinct += elapsed
    figures.sql_ms.append(total)
    figures.sql_distinct_ms.append(distinct)
    figures.distinct_statements = len(seen)
    for key, elapsed in per_metric.items():
        figures.sql_metric_ms.setdefault(key, []).append(elapsed)


def snapshot_measure(*, tenant: Tenant, day: date, runs: int) -> SnapshotFigures:
    """One warm-up of each, then ``runs`` rounds of (the snapshot task, the same statements bare)."""
    figures = SnapshotFigures(runs=runs)
    with override_settings(DEBUG=False):
        snapshot_compute(tenant=tenant, day=day)  # warm-up (and a snapshot for the pages)
        statements = snapshot_statements(tenant=tenant, day=day)
        figures.statements = sum(len(statement.sql) for statement in statements)
        _sql_run(statements, SnapshotFigures())  # warm-up
        for _ in range(runs):
            _engine_run(tenant=tenant, day=day, figures=figures)
            _sql_run(statements, figures)
    return figures


# --- (3) A small tenant's snapshot, alone and beside the large one ----------------------------------------


def small_snapshot_runs(*, tenant: Tenant, day: date, runs: int) -> list[int]:
    """The small tenant's snapshot: a warm-up, then ``runs`` runs; their ``duration_ms``."""
    with override_settings(DEBUG=False):
        snapshot_compute(tenant=tenant, day=day)
        return [snapshot_compute(tenant=tenant, day=day).duration_ms for _ in range(runs)]


def small_alone_durations(*, small: Tenant, large: Tenant) -> list[int]:
    """The small tenant's runs measured before the large tenant existed (the first, a warm-up, left out)."""
    durations = list(
        SnapshotRun.unscoped.filter(tenant=small, status=SnapshotRun.Status.DONE, created_at__lt=large.created_at)
        .order_by("created_at", "pk").values_list("duration_ms", flat=True)
    )
    return [value for value in durations[1:] if value is not None]


# --- (2) The pages --------------------------------------------------------------------------------------


@dataclass
class PageFigures:
    url_name: str
    slug: str
    built: bool = True
    status: int | None = None
    times_ms: list[float] = field(default_factory=list)
    queries: int | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.built and not self.error and self.status == 200

    @property
    def median_ms(self) -> float | None:
        return median(self.times_ms)

    def short(self) -> str:
        if not self.built:
            return "not built"
        return "error" if self.error else f"HTTP {self.status}"

    def describe(self) -> str:
        if not self.built:
            return "not built"
        if self.error:
            return f"error: {self.error}"
        if self.status != 200:
            return f"HTTP {self.status}"
        return f"{self.median_ms:.1f} ms, {self.queries} queries"


def url_built(url_name: str, slug: str) -> bool:
    try:
        reverse(url_name, kwargs={"tenant_slug": slug})
    except NoReverseMatch:
        return False
    return True


def page_measure(*, url_name: str, tenant: Tenant, user: User, runs: int) -> PageFigures:
    """GET the page as ``user``: a warm-up, ``runs`` timed requests, one more counting its queries."""
    figures = PageFigures(url_name=url_name, slug=tenant.slug)
    try:
        url = reverse(url_name, kwargs={"tenant_slug": tenant.slug})
    except NoReverseMatch:
        figures.built = False
        return figures
    client = Client()
    request_logger = logging.getLogger("django.request")  # a failing page is reported in the figures, not as a traceback
    level, request_logger.level = request_logger.level, logging.CRITICAL
    secure = bool(getattr(settings, "SECURE_SSL_REDIRECT", False))
    try:
        with override_settings(DEBUG=False, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            client.force_login(user)
            response = client.get(url, secure=secure)
            figures.status = response.status_code
            if response.status_code != 200:
                return figures
            for _ in range(runs):
                started = time.perf_counter()
                client.get(url, secure=secure)
                figures.times_ms.append((time.perf_counter() - started) * 1000)
            with CaptureQueriesContext(connection) as captured:
                client.get(url, secure=secure)
            figures.queries = len(captured.captured_queries)
            client.logout()
    except Exception as exc:  # a page under construction must not stop the benchmark
        figures.error = f"{type(exc).__name__}: {str(exc)[:200]}"
    finally:
        request_logger.setLevel(level)
    return figures
