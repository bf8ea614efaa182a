"""Account plans ("plan de compte") and affiliations.

An account plan maps the stakeholders of a target account (title, hierarchy level, buying role, stance, who
reports to whom) and, for each, which of our employees could open the door: their relationships (under the
visibility rules: a discoverable one only says "someone in the group knows them") and shared affiliations
(same school, club, association, former employer). Affiliations are shared records, matched by identity, so
that an employee and a person who went to the same school point at the same Affiliation row.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from bns.tenancy import TenantOwnedModel


class Affiliation(TenantOwnedModel):
    class Kind(models.TextChoices):
        SCHOOL = "school", _("School")
        CLUB = "club", _("Club")
        ASSOCIATION = "association", _("Association")
        FORMER_EMPLOYER = "former_employer", _("Former employer")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(max_length=200, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    city = models.CharField(_("city"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["tenant", "kind", "name_key"], name="affiliation_unique_per_kind")]
        indexes = [models.Index(fields=["tenant", "name_key"], name="affiliation_tenant_name_key")]

    def __str__(self) -> str:
        return self.name


class EmployeeAffiliation(TenantOwnedModel):
    affiliation = models.ForeignKey(Affiliation, on_delete=models.CASCADE, related_name="employee_links")
    employee = models.ForeignKey("bns.Employee", on_delete=models.CASCADE, related_name="affiliations")
    detail = models.CharField(_("detail"), max_length=200, blank=True, help_text=_("e.g. class of 2008, board member"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant", "affiliation", "employee"], name="employee_affiliation_unique")]
        indexes = [models.Index(fields=["tenant", "employee"], name="emp_affiliation_tenant_emp")]


class PersonAffiliation(TenantOwnedModel):
    affiliation = models.ForeignKey(Affiliation, on_delete=models.CASCADE, related_name="person_links")
    person = models.ForeignKey("contacts.Person", on_delete=models.CASCADE, related_name="affiliations")
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant", "affiliation", "person"], name="person_affiliation_unique")]
        indexes = [models.Index(fields=["tenant", "person"], name="person_affiliation_tenant_p")]


class AccountPlan(TenantOwnedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        ON_HOLD = "on_hold", _("On hold")
        CLOSED = "closed", _("Closed")

    account = models.ForeignKey("contacts.Account", verbose_name=_("account"), on_delete=models.CASCADE, related_name="plans")
    owner = models.ForeignKey(
        "bns.Employee", verbose_name=_("key account manager"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="account_plans",
    )
    objectives = models.TextField(_("objectives"), blank=True)
    strategy = models.TextField(_("strategy notes"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("account plan")
        verbose_name_plural = _("account plans")
        ordering = ["account__name", "id"]
        indexes = [
            models.Index(fields=["tenant", "status"], name="plan_tenant_status"),
            models.Index(fields=["tenant", "account"], name="plan_tenant_account"),
            models.Index(fields=["tenant", "owner"], name="plan_tenant_owner"),
        ]

    def __str__(self) -> str:
        return str(self.account)


class Stakeholder(TenantOwnedModel):
    class BuyingRole(models.TextChoices):
        DECISION_MAKER = "decision_maker", _("Decision maker")
        INFLUENCER = "influencer", _("Influencer")
        USER = "user", _("User")
        BUYER = "buyer", _("Buyer")
        GATEKEEPER = "gatekeeper", _("Gatekeeper")

    class Stance(models.TextChoices):
        ALLY = "ally", _("Ally")
        NEUTRAL = "neutral", _("Neutral")
        ADVERSARY = "adversary", _("Adversary")
        UNKNOWN = "unknown", _("Unknown")

    class Level(models.IntegerChoices):
        EXECUTIVE = 1, _("Executive management")
        DIRECTOR = 2, _("Director")
        MANAGER = 3, _("Manager")
        STAFF = 4, _("Staff")

    plan = models.ForeignKey(AccountPlan, on_delete=models.CASCADE, related_name="stakeholders")
    person = models.ForeignKey("contacts.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="stakeholder_roles")
    title = models.CharField(_("title"), max_length=200, blank=True)
    level = models.PositiveSmallIntegerField(_("hierarchy level"), choices=Level.choices, default=Level.MANAGER)
    buying_role = models.CharField(_("buying role"), max_length=20, choices=BuyingRole.choices, default=BuyingRole.INFLUENCER)
    stance = models.CharField(_("stance"), max_length=10, choices=Stance.choices, default=Stance.UNKNOWN)
    reports_to = models.ForeignKey(
        "self", verbose_name=_("reports to"), null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    notes = models.CharField(_("notes"), max_length=500, blank=True)

    class Meta:
        ordering = ["level", "id"]
        constraints = [models.UniqueConstraint(fields=["tenant", "plan", "person"], name="stakeholder_unique_per_plan")]
        indexes = [models.Index(fields=["tenant", "plan"], name="stakeholder_tenant_plan")]


class PlanAction(TenantOwnedModel):
    class Status(models.TextChoices):
        TODO = "todo", _("To do")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    plan = models.ForeignKey(AccountPlan, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("action"), max_length=200)
    owner = models.ForeignKey("bns.Employee", verbose_name=_("owner"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="plan_actions")
    stakeholder = models.ForeignKey(Stakeholder, verbose_name=_("stakeholder"), null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="actions")
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.TODO)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["status", "due_date", "id"]
        indexes = [models.Index(fields=["tenant", "plan", "status"], name="plan_action_tenant_plan")]
