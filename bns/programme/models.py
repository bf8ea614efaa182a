"""Models of the BNS programme (seed 002's 8 steps). Imported at the end of bns/models.py (app label "bns")."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bns.tenancy import TenantOwnedModel

STEP_NUMBERS = range(1, 9)


class Step(models.IntegerChoices):
    """Seed 002's structured approach."""

    RULES = 1, _("Understand the new rules")
    SELF_ASSESSMENT = 2, _("Self-assessment")
    OBJECTIVES = 3, _("SMART objectives")
    STRATEGY = 4, _("Strategy")
    TACTICS = 5, _("Tactics and actions")
    INDICATORS = 6, _("Indicators")
    REVIEWS = 7, _("Regular reviews")
    LESSONS = 8, _("Lessons and next iteration")


class ScopeKind(models.TextChoices):
    GROUP = "group", _("the whole group")
    SITE = "site", _("a dealership")
    DEPARTMENT = "department", _("a department")


class Programme(TenantOwnedModel):
    """One iteration of the group's programme (3 to 6 months); earlier iterations stay readable."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("in progress")
        CLOSED = "closed", _("closed")

    iteration = models.PositiveSmallIntegerField(_("iteration"))
    title = models.CharField(_("title"), max_length=200)
    process_owner = models.ForeignKey(
        "bns.Employee", verbose_name=_("process owner"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sponsor = models.ForeignKey("bns.Employee", verbose_name=_("sponsor"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    starts_on = models.DateField(_("start"))
    target_end_on = models.DateField(_("target end"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    current_step = models.PositiveSmallIntegerField(_("current step"), choices=Step.choices, default=Step.RULES)
    review_cadence_days = models.PositiveSmallIntegerField(
        _("days between reviews"), default=30, validators=[MinValueValidator(7), MaxValueValidator(120)]
    )
    previous = models.ForeignKey("self", verbose_name=_("previous iteration"), null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    # The due date of the review the process owner was last reminded of (the overdue e-mail goes once per due date).
    review_reminder_due_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("BNS programme")
        verbose_name_plural = _("BNS programmes")
        ordering = ["-iteration"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "iteration"], name="programme_unique_iteration"),
            models.UniqueConstraint(fields=["tenant"], condition=Q(status="active"), name="programme_one_active"),
            models.CheckConstraint(condition=Q(target_end_on__gt=models.F("starts_on")), name="programme_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title


class ProgrammeStep(TenantOwnedModel):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField(_("step"), choices=Step.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    owner = models.ForeignKey("bns.Employee", verbose_name=_("owner"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    done_notes = models.TextField(_("what is done"), blank=True)
    missing_notes = models.TextField(_("what is missing"), blank=True)
    next_action = models.CharField(_("next thing to do"), max_length=300, blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)

    class Meta:
        verbose_name = _("programme step")
        verbose_name_plural = _("programme steps")
        ordering = ["programme_id", "number"]
        constraints = [models.UniqueConstraint(fields=["tenant", "programme", "number"], name="programmestep_unique_number")]


class VisionVersion(TenantOwnedModel):
    """Why the group networks, in its own words; each change is a new version."""

    programme = models.ForeignKey(Programme, null=True, blank=True, on_delete=models.SET_NULL, related_name="visions")
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("vision"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("vision")
        verbose_name_plural = _("visions")
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["tenant", "version"], name="vision_unique_version")]


class Workshop(TenantOwnedModel):
    """An "atelier": date, participants, agenda, outcomes."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="workshops")
    step = models.PositiveSmallIntegerField(_("step"), choices=Step.choices, null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    participants = models.ManyToManyField("bns.Employee", through="bns.WorkshopParticipant", related_name="+", blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["held_on", "id"]
        indexes = [models.Index(fields=["tenant", "programme", "held_on"], name="workshop_tenant_programme")]


class WorkshopParticipant(TenantOwnedModel):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="+")
    employee = models.ForeignKey("bns.Employee", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant", "workshop", "employee"], name="workshopparticipant_unique")]


class DiagnosticAnswer(TenantOwnedModel):
    """One executive's or manager's answer to one self-assessment question (bns/programme/diagnostic.py holds the
    questionnaire: question codes per maturity dimension), level 1-5."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="diagnostic_answers")
    respondent = models.ForeignKey("bns.Employee", verbose_name=_("respondent"), on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(_("dimension"), max_length=30)
    question = models.CharField(_("question"), max_length=40)
    level = models.PositiveSmallIntegerField(_("level"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    answered_at = models.DateTimeField(_("answered"), auto_now=True)

    class Meta:
        verbose_name = _("diagnostic answer")
        verbose_name_plural = _("diagnostic answers")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "programme", "respondent", "question"], name="diagnostic_unique_answer"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="diagnostic_level_1_5"),
        ]
        indexes = [models.Index(fields=["tenant", "programme", "dimension"], name="diagnostic_tenant_dimension")]


class Kpi(TenantOwnedModel):
    """An indicator: a metric of the catalogue (dashboards.catalogue; computed) or entered by hand with a source."""

    class Direction(models.TextChoices):
        UP = "up", _("higher is better")
        DOWN = "down", _("lower is better")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="kpis")
    metric_key = models.CharField(_("metric of the catalogue"), max_length=60, blank=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    direction = models.CharField(_("direction"), max_length=4, choices=Direction.choices, default=Direction.UP)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    scope_kind = models.CharField(_("scope"), max_length=12, choices=ScopeKind.choices, default=ScopeKind.GROUP)
    site = models.ForeignKey("bns.Site", verbose_name=_("dealership"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey("bns.Department", verbose_name=_("department"), null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="+")
    manual_source = models.CharField(_("source (entered by hand)"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        ordering = ["programme_id", "name", "id"]
        indexes = [models.Index(fields=["tenant", "programme"], name="kpi_tenant_programme")]


class KpiValue(TenantOwnedModel):
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="values")
    measured_on = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    source = models.CharField(_("source"), max_length=300, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("KPI value")
        verbose_name_plural = _("KPI values")
        ordering = ["kpi_id", "measured_on"]
        constraints = [models.UniqueConstraint(fields=["tenant", "kpi", "measured_on"], name="kpivalue_unique_day")]


class Objective(TenantOwnedModel):
    """A SMART objective; bns/programme/smart.py says which of the five letters it fails and why."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="objectives")
    statement = models.TextField(_("statement"))
    kpi = models.ForeignKey(Kpi, verbose_name=_("KPI"), null=True, blank=True, on_delete=models.SET_NULL, related_name="objectives")
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    owner = models.ForeignKey("bns.Employee", verbose_name=_("owner"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    scope_kind = models.CharField(_("scope"), max_length=12, choices=ScopeKind.choices, default=ScopeKind.GROUP)
    site = models.ForeignKey("bns.Site", verbose_name=_("dealership"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey("bns.Department", verbose_name=_("department"), null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["programme_id", "id"]
        indexes = [models.Index(fields=["tenant", "programme"], name="objective_tenant_programme")]


class StrategyOption(TenantOwnedModel):
    """A candidate strategy; exactly one is retained per iteration (a partial unique index and the service)."""

    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("under discussion")
        RETAINED = "retained", _("retained")
        REJECTED = "rejected", _("rejected")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="strategy_options")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    pros = models.TextField(_("pros"), blank=True)
    cons = models.TextField(_("cons"), blank=True)
    cost = models.DecimalField(_("estimated cost (€)"), max_digits=12, decimal_places=2, null=True, blank=True)
    feasibility = models.PositiveSmallIntegerField(_("feasibility (1-5)"), null=True, blank=True,
                                                   validators=[MinValueValidator(1), MaxValueValidator(5)])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CANDIDATE)
    rationale = models.TextField(_("rationale"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("strategy option")
        verbose_name_plural = _("strategy options")
        ordering = ["programme_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "programme"], condition=Q(status="retained"), name="strategy_one_retained"),
        ]


class StrategyChallenge(TenantOwnedModel):
    option = models.ForeignKey(StrategyOption, on_delete=models.CASCADE, related_name="challenges")
    author = models.ForeignKey("bns.Employee", verbose_name=_("author"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    comment = models.TextField(_("comment"))
    score = models.PositiveSmallIntegerField(_("score (1-5)"), null=True, blank=True,
                                             validators=[MinValueValidator(1), MaxValueValidator(5)])
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["option_id", "created_at", "id"]


class ProgrammeAction(TenantOwnedModel):
    """An action or tactic of step 5."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("training")
        TOOL = "tool", _("tool")
        CONTENT = "content", _("content")
        EVENT = "event", _("event")
        PROCESS = "process", _("process")
        RECRUITMENT = "recruitment", _("recruitment")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        BLOCKED = "blocked", _("blocked")
        CANCELLED = "cancelled", _("cancelled")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey("bns.Employee", verbose_name=_("owner"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    budget_planned = models.DecimalField(_("budget planned (€)"), max_digits=12, decimal_places=2, default=0)
    budget_actual = models.DecimalField(_("budget spent (€)"), max_digits=12, decimal_places=2, default=0)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    review = models.ForeignKey("bns.Review", verbose_name=_("decided at review"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="new_actions")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["programme_id", "deadline", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(budget_planned__gte=0, budget_actual__gte=0), name="programmeaction_budget_positive"),
        ]
        indexes = [models.Index(fields=["tenant", "programme", "status"], name="progaction_tenant_status")]


class ActionRole(TenantOwnedModel):
    """RACI: who is Responsible, Accountable, Consulted, Informed for an action."""

    class Raci(models.TextChoices):
        RESPONSIBLE = "R", _("Responsible")
        ACCOUNTABLE = "A", _("Accountable")
        CONSULTED = "C", _("Consulted")
        INFORMED = "I", _("Informed")

    action = models.ForeignKey(ProgrammeAction, on_delete=models.CASCADE, related_name="roles")
    employee = models.ForeignKey("bns.Employee", on_delete=models.CASCADE, related_name="+")
    raci = models.CharField(_("role"), max_length=1, choices=Raci.choices)

    class Meta:
        verbose_name = _("action role")
        verbose_name_plural = _("action roles")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "action", "employee", "raci"], name="actionrole_unique"),
            models.UniqueConstraint(fields=["tenant", "action"], condition=Q(raci="A"), name="actionrole_one_accountable"),
        ]


class BudgetLine(TenantOwnedModel):
    """A budget line of the programme, with the classic marketing spend it replaces (the saving of seed 000)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="budget_lines")
    label = models.CharField(_("label"), max_length=200)
    action = models.ForeignKey(ProgrammeAction, verbose_name=_("action"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="budget_lines")
    planned = models.DecimalField(_("planned (€)"), max_digits=12, decimal_places=2, default=0)
    actual = models.DecimalField(_("spent (€)"), max_digits=12, decimal_places=2, default=0)
    replaces = models.CharField(_("classic spend it replaces"), max_length=200, blank=True)
    replaced_amount = models.DecimalField(_("amount of that spend (€)"), max_digits=12, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["programme_id", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(planned__gte=0, actual__gte=0, replaced_amount__gte=0), name="budgetline_positive"),
        ]


class RoleBehaviour(TenantOwnedModel):
    """Attitudes: the behaviours expected of each role."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="behaviours")
    role = models.CharField(_("role"), max_length=20)
    behaviours = models.TextField(_("expected behaviours"))

    class Meta:
        verbose_name = _("expected behaviour")
        verbose_name_plural = _("expected behaviours")
        constraints = [models.UniqueConstraint(fields=["tenant", "programme", "role"], name="rolebehaviour_unique_role")]


class Review(TenantOwnedModel):
    """A steering review (step 7): the KPI values are frozen into ReviewKpiValue rows when it is recorded."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField(_("date"))
    participants = models.TextField(_("participants"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["programme_id", "-held_on", "-id"]
        indexes = [models.Index(fields=["tenant", "programme", "held_on"], name="review_tenant_programme")]


class ReviewKpiValue(TenantOwnedModel):
    """A KPI's value and target as they were at the review: copies, never recomputed."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="kpi_values")
    kpi = models.ForeignKey(Kpi, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kpi_name = models.CharField(max_length=200)
    unit = models.CharField(max_length=30, blank=True)
    value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    value_on = models.DateField(null=True, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("KPI value at a review")
        verbose_name_plural = _("KPI values at reviews")
        indexes = [models.Index(fields=["tenant", "review"], name="reviewkpi_tenant_review")]


class Lesson(TenantOwnedModel):
    """Field feedback and lessons learned (step 8), tagged by step, carried into the next iteration."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="lessons")
    step = models.PositiveSmallIntegerField(_("step"), choices=Step.choices)
    text = models.TextField(_("lesson"))
    author = models.ForeignKey("bns.Employee", verbose_name=_("author"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    carried_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["programme_id", "step", "id"]
        indexes = [models.Index(fields=["tenant", "programme", "step"], name="lesson_tenant_programme_step")]
