"""Referrals ("apporteur d'affaires") and their rewards ("prime").

Any employee refers a lead to a site, a department (a team) or a named colleague. The receiving side moves it
forward, one step at a time: submitted -> accepted -> qualified -> won | lost; a closed referral never changes.
When it is won, the tenant's reward rule in force when the referral was SUBMITTED computes the referrer's reward
(rules are never edited in place: a change ends the old rule and starts a new one), which a manager approves and
payroll marks paid.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bns.tenancy import TenantOwnedModel


class Referral(TenantOwnedModel):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        QUALIFIED = "qualified", _("Qualified")
        WON = "won", _("Won")
        LOST = "lost", _("Lost")

    class Urgency(models.TextChoices):
        LOW = "low", _("Can wait")
        NORMAL = "normal", _("Within the month")
        HIGH = "high", _("Urgent")

    CLOSED = (Status.WON, Status.LOST)

    referrer = models.ForeignKey("bns.Employee", verbose_name=_("referred by"), on_delete=models.PROTECT, related_name="referrals_made")
    person = models.ForeignKey(
        "contacts.Person", verbose_name=_("person"), null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals"
    )
    account = models.ForeignKey(
        "contacts.Account", verbose_name=_("company"), null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals"
    )
    to_employee = models.ForeignKey(
        "bns.Employee", verbose_name=_("for colleague"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="referrals_received",
    )
    to_site = models.ForeignKey("bns.Site", verbose_name=_("for dealership"), null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="referrals")
    to_department = models.ForeignKey(
        "bns.Department", verbose_name=_("for department"), null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals"
    )
    need = models.TextField(_("need"))
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    consent = models.BooleanField(_("the person agrees to be contacted"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    submitted_at = models.DateTimeField(_("submitted"))
    handled_by = models.ForeignKey(
        "bns.Employee", verbose_name=_("handled by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals_handled"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    qualified_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    deal_department = models.ForeignKey(
        "bns.Department", verbose_name=_("department of the deal"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    deal_value = models.DecimalField(_("deal value (€, excl. VAT)"), max_digits=12, decimal_places=2, null=True, blank=True,
                                     validators=[MinValueValidator(0)])
    vehicles = models.PositiveIntegerField(_("vehicles"), null=True, blank=True)
    margin = models.DecimalField(_("margin (€)"), max_digits=12, decimal_places=2, null=True, blank=True)
    lost_reason = models.CharField(_("reason lost"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-submitted_at", "-id"]
        # A receiver and a lead are required when submitting (service), not by the database: a dealership
        # deleted later or a person erased under GDPR must not make the referral's history impossible to keep.
        indexes = [
            models.Index(fields=["tenant", "referrer", "submitted_at"], name="referral_tenant_referrer"),
            models.Index(fields=["tenant", "status", "submitted_at"], name="referral_tenant_status"),
            models.Index(fields=["tenant", "to_employee", "status"], name="referral_tenant_to_employee"),
            models.Index(fields=["tenant", "to_site", "status"], name="referral_tenant_to_site"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED


class ReferralEvent(TenantOwnedModel):
    """Each step of a referral (who moved it, when, with what note), shown on its page."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["tenant", "referral", "created_at"], name="referral_event_tenant_ref")]


class RewardRule(TenantOwnedModel):
    """How much a won referral earns its referrer. Never edited in place: a change ends it and starts a new rule."""

    class Kind(models.TextChoices):
        FIXED = "fixed", _("Fixed amount")
        MARGIN_PERCENT = "margin_percent", _("Percentage of the margin")

    name = models.CharField(_("name"), max_length=120)
    department = models.ForeignKey(
        "bns.Department", verbose_name=_("department of the deal"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="reward_rules", help_text=_("Empty: any department."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(_("amount (€)"), max_digits=10, decimal_places=2, null=True, blank=True)
    percent = models.DecimalField(_("percentage of the margin"), max_digits=5, decimal_places=2, null=True, blank=True)
    cap = models.DecimalField(_("cap (€)"), max_digits=10, decimal_places=2, null=True, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True, help_text=_("Empty: no end."))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True, help_text="when a change replaced this rule")
    replaced_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("reward rule")
        verbose_name_plural = _("reward rules")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["tenant", "department", "valid_from"], name="reward_rule_tenant_dept")]

    def __str__(self) -> str:
        return self.name


class Reward(TenantOwnedModel):
    """The referrer's "prime" for a won referral: computed once, approved by a manager, paid by payroll."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        PAID = "paid", _("Paid")
        REJECTED = "rejected", _("Rejected")

    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="reward")
    referrer = models.ForeignKey("bns.Employee", on_delete=models.PROTECT, related_name="rewards")
    rule = models.ForeignKey(RewardRule, null=True, blank=True, on_delete=models.PROTECT, related_name="rewards")
    amount = models.DecimalField(_("amount (€)"), max_digits=10, decimal_places=2)
    explanation = models.CharField(_("computation"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    paid_at = models.DateTimeField(null=True, blank=True)
    payroll_month = models.DateField(_("payroll month"), null=True, blank=True, help_text="first day of the month it was paid in")
    rejection_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="reward_amount_not_negative")]
        indexes = [
            models.Index(fields=["tenant", "status", "created_at"], name="reward_tenant_status"),
            models.Index(fields=["tenant", "referrer", "created_at"], name="reward_tenant_referrer"),
            models.Index(fields=["tenant", "payroll_month"], name="reward_tenant_payroll_month"),
        ]
