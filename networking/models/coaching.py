"""Coaching notes and the networking charter."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bns.tenancy import TenantOwnedModel


class CoachingNote(TenantOwnedModel):
    """Written by a manager for one of the employees below them. Visible to that employee and to their manager
    line only (networking.coaching.access): not to executives or admins outside the line."""

    employee = models.ForeignKey("bns.Employee", verbose_name=_("employee coached"), on_delete=models.CASCADE, related_name="coaching_notes")
    author = models.ForeignKey("bns.Employee", verbose_name=_("written by"), on_delete=models.CASCADE, related_name="coaching_notes_written")
    focus = models.CharField(_("focus"), max_length=200)
    actions_agreed = models.TextField(_("actions agreed"), blank=True)
    follow_up_on = models.DateField(_("follow-up date"), null=True, blank=True)
    follow_up_done_at = models.DateTimeField(_("follow-up done"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("coaching note")
        verbose_name_plural = _("coaching notes")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["tenant", "employee", "-created_at"], name="coaching_tenant_emp"),
            models.Index(fields=["tenant", "follow_up_on"], name="coaching_tenant_followup"),
        ]


class Charter(TenantOwnedModel):
    """One version of the group's networking charter. Versions are never edited once published: a change is
    a new version, which employees acknowledge again."""

    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    dos = models.TextField(_("do's"), blank=True)
    donts = models.TextField(_("don'ts"), blank=True)
    body = models.TextField(_("text"), blank=True)
    published_at = models.DateTimeField(_("published"), auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("networking charter")
        verbose_name_plural = _("networking charters")
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["tenant", "version"], name="charter_unique_version")]


class CharterAcknowledgement(TenantOwnedModel):
    charter = models.ForeignKey(Charter, verbose_name=_("charter"), on_delete=models.CASCADE, related_name="acknowledgements")
    employee = models.ForeignKey("bns.Employee", verbose_name=_("employee"), on_delete=models.CASCADE, related_name="charter_acknowledgements")
    acknowledged_at = models.DateTimeField(_("acknowledged"), auto_now_add=True)

    class Meta:
        verbose_name = _("charter acknowledgement")
        verbose_name_plural = _("charter acknowledgements")
        constraints = [models.UniqueConstraint(fields=["tenant", "charter", "employee"], name="charterack_unique_employee")]
        indexes = [models.Index(fields=["tenant", "employee"], name="charterack_tenant_emp")]
