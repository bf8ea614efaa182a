"""The conviction pulse (seed 001): an anonymous survey of the group's own people.

Anonymity is structural, not a display rule:
- ``PulseAnswer`` holds no employee, no user, no timestamp and a random UUID key, so no column, no ordering of
  keys and no join ties an answer to a person, for admins and for the database's own views alike;
- ``PulseParticipation`` records only that an employee has answered a pulse (to refuse a second answer and to
  count the response rate); it has a random UUID key and no timestamp either, so the two tables cannot be
  lined up by key order or time;
- results are computed only over at least ``NetworkingSettings.pulse_min_respondents`` answers (never below 5)
  and only once the pulse is closed, so a change in the figures cannot be pinned to one person answering;
- closing a pulse rewrites its answers in a random order, so even the rows' physical order says nothing.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bns.tenancy import TenantOwnedModel


class OfferedOwnCircle(models.TextChoices):
    NEVER = "never", _("No, never!")
    UH_NO = "uh_no", _("Uh, no…")
    YES = "yes", _("Yes, of course")


class Pulse(TenantOwnedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Audience: employees of these dealerships and these departments; an empty list means all of them.
    audience_site_ids = models.JSONField(_("dealerships"), default=list, blank=True)
    audience_department_ids = models.JSONField(_("departments"), default=list, blank=True)
    audience_size = models.PositiveIntegerField(_("employees asked"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("conviction pulse")
        verbose_name_plural = _("conviction pulses")
        ordering = ["-opens_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="pulse_closes_after_opening")]
        indexes = [models.Index(fields=["tenant", "status"], name="pulse_tenant_status")]

    def __str__(self) -> str:
        return self.title


class PulseParticipation(TenantOwnedModel):
    """That an employee has answered a pulse, and nothing else (no timestamp, no link to the answer)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pulse = models.ForeignKey(Pulse, on_delete=models.CASCADE, related_name="participations")
    employee = models.ForeignKey("bns.Employee", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("pulse participation")
        verbose_name_plural = _("pulse participations")
        constraints = [models.UniqueConstraint(fields=["tenant", "pulse", "employee"], name="pulseparticipation_unique_employee")]


class PulseAnswer(TenantOwnedModel):
    """One anonymous answer: no employee, no user, no time, a random key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pulse = models.ForeignKey(Pulse, on_delete=models.CASCADE, related_name="answers")
    offered_own_circle = models.CharField(
        _("Have you already offered our products or services to your own circle?"), max_length=10, choices=OfferedOwnCircle.choices
    )
    pride = models.PositiveSmallIntegerField(_("How proud are you of the group? (1-5)"))
    recommend_products = models.PositiveSmallIntegerField(_("Would you recommend our products to a friend? (0-10)"))
    recommend_employer = models.PositiveSmallIntegerField(_("Would you recommend working here? (0-10)"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("pulse answer")
        verbose_name_plural = _("pulse answers")
        ordering = ["id"]  # random UUIDs: a random order, never the order of answering
        constraints = [
            models.CheckConstraint(condition=Q(pride__gte=1, pride__lte=5), name="pulseanswer_pride_1_5"),
            models.CheckConstraint(condition=Q(recommend_products__lte=10), name="pulseanswer_products_0_10"),
            models.CheckConstraint(condition=Q(recommend_employer__lte=10), name="pulseanswer_employer_0_10"),
        ]
        indexes = [models.Index(fields=["tenant", "pulse"], name="pulseanswer_tenant_pulse")]
