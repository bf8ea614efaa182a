"""Social profiles: one per employee and platform, with a platform-specific checklist (seed 000, 003)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from bns.tenancy import TenantOwnedModel
from networking.models.common import Platform


class SocialProfile(TenantOwnedModel):
    """An employee's account on a platform. ``checklist`` maps item codes (networking.profiles.checklists) to
    booleans; ``positioning`` is the niche the employee wants to be known for (seed 003)."""

    employee = models.ForeignKey("bns.Employee", verbose_name=_("employee"), on_delete=models.CASCADE, related_name="social_profiles")
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    url = models.URLField(_("profile address"), max_length=300)
    audience_size = models.PositiveIntegerField(_("audience (followers or connections)"), null=True, blank=True)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    checklist = models.JSONField(_("checklist"), default=dict, blank=True)
    positioning = models.TextField(_("positioning statement"), blank=True)
    completeness = models.PositiveSmallIntegerField(_("completeness (%)"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("social profile")
        verbose_name_plural = _("social profiles")
        ordering = ["employee_id", "platform"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "employee", "platform"], name="socialprofile_unique_employee_platform"),
            models.CheckConstraint(condition=models.Q(completeness__lte=100), name="socialprofile_completeness_0_100"),
        ]
        indexes = [models.Index(fields=["tenant", "platform"], name="socialprofile_tenant_platform")]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} · {self.employee_id}"
