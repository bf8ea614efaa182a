"""Dashboard snapshots (issue 7): the metric catalogue's values per tenant, level and day, and the runs computing them.

``MetricSnapshot`` holds one value per (day, level, site / department / employee, metric): level "group" (no
site, department or employee), "site", "department" or "employee" (exactly that one set). ``value`` None means
"no data to compute it from" (the catalogue's None), never a made-up 0.

Atomic swap. A run computes every row of its day in memory first (progress committed on the run as it goes), then
ONE transaction deletes the day's previous rows, inserts the new ones and marks the run done. Readers read the
rows only: in that transaction's isolation they see the previous day's rows or the new ones, never a mix, so no
"current run" pointer is needed. ``MetricSnapshot.run`` records which run wrote a row (for the "as of / computed
by" line).

Uniqueness. A (tenant, day, level, site, department, employee, metric_key) unique constraint would need
``nulls_distinct=False`` (the NULLs of the other levels), which SQLite does not support (Django skips it there);
so there is one partial unique constraint per level, on that level's key only, plus a check constraint that a
row carries exactly its level's key. Both behave the same on PostgreSQL and SQLite, and lead with the tenant.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bns.tenancy import TenantOwnedModel


class SnapshotRun(TenantOwnedModel):
    """One computation of a tenant's snapshot for a day (nightly, asked for from a page, or the command line)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    day = models.DateField(_("day"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )  # None: the nightly run (or the command line)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    level_counts = models.JSONField(_("rows per level"), default=dict, blank=True)  # {"group": 13, "site": 26, ...}
    error = models.TextField(_("error"), blank=True)  # a short, user-safe reason: never a traceback
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("snapshot computation")
        verbose_name_plural = _("snapshot computations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__gte=0, progress__lte=100), name="snapshotrun_progress_0_100"),
        ]
        indexes = [
            models.Index(fields=["tenant", "day", "status"], name="snapshotrun_tenant_day_status"),
            models.Index(fields=["tenant", "created_at"], name="snapshotrun_tenant_created"),
        ]

    def __str__(self) -> str:
        return f"{self.day} ({self.get_status_display()})"


class Level(models.TextChoices):
    GROUP = "group", _("group")
    SITE = "site", _("dealership")
    DEPARTMENT = "department", _("department")
    EMPLOYEE = "employee", _("employee")


class MetricSnapshot(TenantOwnedModel):
    """A metric's value on a day for the group, a dealership, a department or an employee."""

    day = models.DateField(_("day"))
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    site = models.ForeignKey("bns.Site", verbose_name=_("dealership"), null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    department = models.ForeignKey("bns.Department", verbose_name=_("department"), null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="+")
    employee = models.ForeignKey("bns.Employee", verbose_name=_("employee"), null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="+")
    metric_key = models.CharField(_("metric"), max_length=60)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)  # None: no data
    run = models.ForeignKey(SnapshotRun, verbose_name=_("computation"), on_delete=models.CASCADE, related_name="rows")

    class Meta:
        verbose_name = _("metric snapshot")
        verbose_name_plural = _("metric snapshots")
        ordering = ["day", "level", "metric_key", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(level="group", site__isnull=True, department__isnull=True, employee__isnull=True)
                    | Q(level="site", site__isnull=False, department__isnull=True, employee__isnull=True)
                    | Q(level="department", site__isnull=True, department__isnull=False, employee__isnull=True)
                    | Q(level="employee", site__isnull=True, department__isnull=True, employee__isnull=False)
                ),
                name="metricsnapshot_level_key",
            ),
            models.UniqueConstraint(fields=["tenant", "day", "metric_key"], condition=Q(level="group"),
                                    name="metricsnapshot_unique_group"),
            models.UniqueConstraint(fields=["tenant", "day", "site", "metric_key"], condition=Q(level="site"),
                                    name="metricsnapshot_unique_site"),
            models.UniqueConstraint(fields=["tenant", "day", "department", "metric_key"], condition=Q(level="department"),
                                    name="metricsnapshot_unique_department"),
            models.UniqueConstraint(fields=["tenant", "day", "employee", "metric_key"], condition=Q(level="employee"),
                                    name="metricsnapshot_unique_employee"),
        ]
        indexes = [
            models.Index(fields=["tenant", "day", "level", "metric_key"], name="metricsnap_tenant_day_level"),
            models.Index(fields=["tenant", "employee", "metric_key", "day"], name="metricsnap_tenant_emp_metric"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.level} {self.metric_key} = {self.value}"

    @property
    def key_id(self) -> int | None:
        """The id of the row's site, department or employee (None for the group)."""
        return {"site": self.site_id, "department": self.department_id, "employee": self.employee_id}.get(self.level)
