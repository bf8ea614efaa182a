"""Networking activity (posts, comments, messages, events attended...), its CSV imports and tool licences."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bns.tenancy import TenantOwnedModel
from networking.models.common import ActivityChannel


class ActivityKind(models.TextChoices):
    POST = "post", _("post")
    SHARE = "share", _("share")
    COMMENT = "comment", _("comment")
    REACTION = "reaction", _("reaction")
    CONNECTION_SENT = "connection_sent", _("connection request sent")
    CONNECTION_ACCEPTED = "connection_accepted", _("connection request accepted")
    MESSAGE = "message", _("message")
    INMAIL = "inmail", _("InMail")
    ARTICLE = "article", _("article")
    LIVE_VIDEO = "live_video", _("live or video")
    EVENT_ATTENDED = "event_attended", _("event attended")


class ActivitySource(models.TextChoices):
    MANUAL = "manual", _("logged by hand")
    CSV = "csv", _("CSV import")
    API = "api", _("API")
    EVENT = "event", _("network event")


class ActivityImport(TenantOwnedModel):
    """A CSV of activity: parsed into a preview with a per-row report, then applied in one transaction."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("preview")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    filename = models.CharField(_("file"), max_length=255)
    content = models.TextField(blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREVIEW)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    duplicate_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("activity import")
        verbose_name_plural = _("activity imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["tenant", "-created_at"], name="actimport_tenant_created")]


class Activity(TenantOwnedModel):
    """One networking act of an employee. ``client_key`` makes bulk uploads idempotent: a retried upload with the
    same key in the same group creates nothing new."""

    employee = models.ForeignKey("bns.Employee", verbose_name=_("employee"), on_delete=models.CASCADE, related_name="activities")
    occurred_on = models.DateField(_("date"))
    channel = models.CharField(_("where"), max_length=20, choices=ActivityChannel.choices)
    kind = models.CharField(_("kind"), max_length=24, choices=ActivityKind.choices)
    reach = models.PositiveIntegerField(_("reach (views)"), null=True, blank=True)
    engagement = models.PositiveIntegerField(_("engagement (reactions, comments, shares)"), null=True, blank=True)
    person = models.ForeignKey("contacts.Person", verbose_name=_("person"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    account = models.ForeignKey("contacts.Account", verbose_name=_("account"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    content_url = models.URLField(_("link (post or relayed content)"), max_length=500, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=ActivitySource.choices, default=ActivitySource.MANUAL)
    client_key = models.CharField(_("client key"), max_length=100, blank=True)
    activity_import = models.ForeignKey(ActivityImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "client_key"], condition=~Q(client_key=""), name="activity_unique_client_key"
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "employee", "occurred_on"], name="activity_tenant_emp_date"),
            models.Index(fields=["tenant", "occurred_on"], name="activity_tenant_date"),
        ]


class ToolLicence(TenantOwnedModel):
    """A paid seat (Sales Navigator...) assigned to an employee. Unused when the holder logged no activity on
    the tool's channel, and no use was recorded, for ``NetworkingSettings.licence_unused_days`` days."""

    tool = models.CharField(_("tool"), max_length=120)
    channel = models.CharField(_("platform used"), max_length=20, choices=ActivityChannel.choices, default=ActivityChannel.LINKEDIN)
    employee = models.ForeignKey(
        "bns.Employee", verbose_name=_("assigned to"), null=True, blank=True, on_delete=models.SET_NULL, related_name="tool_licences"
    )
    monthly_cost = models.DecimalField(_("monthly cost (€)"), max_digits=9, decimal_places=2, default=0)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    last_used_on = models.DateField(_("last use recorded"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("tool licence")
        verbose_name_plural = _("tool licences")
        ordering = ["tool", "id"]
        indexes = [models.Index(fields=["tenant", "employee"], name="licence_tenant_employee")]
        constraints = [models.CheckConstraint(condition=Q(monthly_cost__gte=0), name="licence_cost_not_negative")]
