"""The networking score's snapshots, the runs that compute them, and the group's networking settings."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bns.tenancy import TenantOwnedModel


class NetworkingSettings(TenantOwnedModel):
    """The group's networking settings (one row per group, created with defaults on first read)."""

    pulse_min_respondents = models.PositiveSmallIntegerField(
        _("smallest group of respondents shown"),
        default=5,
        validators=[MinValueValidator(5), MaxValueValidator(100)],
        help_text=_("Pulse results are shown only over at least this many answers (never fewer than 5)."),
    )
    licence_unused_days = models.PositiveSmallIntegerField(
        _("a licence is unused after (days)"), default=30, validators=[MinValueValidator(7), MaxValueValidator(180)]
    )
    # Weights of the networking score (networking.score.formula documents the keys and their defaults).
    score_weights = models.JSONField(_("score weights"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("networking settings")
        verbose_name_plural = _("networking settings")
        constraints = [
            models.UniqueConstraint(fields=["tenant"], name="networkingsettings_one_per_tenant"),
            models.CheckConstraint(condition=Q(pulse_min_respondents__gte=5), name="networkingsettings_pulse_min_5"),
        ]


class NetworkingScore(TenantOwnedModel):
    """An employee's score on a day: total 0-100 and four pillars 0-25, with the inputs and next steps."""

    employee = models.ForeignKey("bns.Employee", verbose_name=_("employee"), on_delete=models.CASCADE, related_name="networking_scores")
    computed_on = models.DateField(_("computed on"))
    total = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    brand = models.DecimalField(_("brand"), max_digits=4, decimal_places=1)
    reach = models.DecimalField(_("reach"), max_digits=4, decimal_places=1)
    engage = models.DecimalField(_("engage"), max_digits=4, decimal_places=1)
    relate = models.DecimalField(_("relate"), max_digits=4, decimal_places=1)
    details = models.JSONField(default=dict, blank=True)
    run = models.ForeignKey("networking.NetworkingScoreRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="scores")

    class Meta:
        verbose_name = _("networking score")
        verbose_name_plural = _("networking scores")
        ordering = ["-computed_on", "employee_id"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "employee", "computed_on"], name="netscore_unique_employee_day"),
            models.CheckConstraint(condition=Q(total__gte=0, total__lte=100), name="netscore_total_0_100"),
        ]
        indexes = [models.Index(fields=["tenant", "computed_on"], name="netscore_tenant_day")]


class NetworkingScoreRun(TenantOwnedModel):
    """One computation of every employee's score (nightly, or asked for from the score page)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    employees_total = models.PositiveIntegerField(default=0)
    employees_done = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("score computation")
        verbose_name_plural = _("score computations")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["tenant", "-created_at"], name="netscorerun_tenant_created")]
