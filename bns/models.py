"""Tenancy core: users, tenants (dealership groups), sites, departments, employees, memberships."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bns.tenancy import TenantOwnedModel


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A login. Belongs to tenants only through Membership rows (never a 'current tenant' field)."""

    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    is_staff = models.BooleanField(_("platform staff"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name.split(" ")[0] if self.full_name else self.email)


class Tenant(models.Model):
    """A dealership group ("groupe de distribution"): one customer of the SaaS."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    locale = models.CharField(_("language"), max_length=8, default="fr", choices=[("fr", "Français"), ("en", "English")])
    # Policy settings. Later issues add theirs here (default visibility, solicitation cap...).
    require_mfa_for_leaders = models.BooleanField(
        _("two-factor authentication mandatory for executives and admins"), default=False
    )
    invitation_validity_days = models.PositiveSmallIntegerField(_("invitation validity (days)"), default=14)
    # Contact-ledger policy (contacts app): the default visibility of a new relationship, the group-wide
    # contact-pressure cap, and how long personal data of contacts is kept (CNIL: 3 years for prospects).
    default_relationship_visibility = models.CharField(
        _("default visibility of a new relationship"),
        max_length=20,
        choices=[("private", _("Private")), ("discoverable", _("Discoverable")), ("shared", _("Shared"))],
        default="discoverable",
    )
    default_relationship_scope = models.CharField(
        _("default audience of a shared relationship"),
        max_length=10,
        choices=[("team", _("Team")), ("site", _("Dealership")), ("group", _("Group"))],
        default="site",
    )
    solicitation_cap = models.PositiveSmallIntegerField(_("commercial solicitations allowed per person"), default=3)
    solicitation_window_days = models.PositiveSmallIntegerField(_("over a rolling window of (days)"), default=30)
    contact_retention_years = models.PositiveSmallIntegerField(_("contact data kept for (years)"), default=3)
    # Working the network together (contacts app): how long an owner has to answer an introduction request.
    intro_sla_days = models.PositiveSmallIntegerField(_("days to answer an introduction request"), default=7)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Site(TenantOwnedModel):
    """A dealership ("concession") of the group."""

    name = models.CharField(_("name"), max_length=200)
    brands = models.CharField(_("brands"), max_length=300, blank=True, help_text=_("Comma-separated, e.g. Peugeot, Citroën"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    region = models.CharField(_("region"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("dealership")
        verbose_name_plural = _("dealerships")
        ordering = ["name"]
        constraints = [models.UniqueConstraint("tenant", Lower("name"), name="site_unique_name_per_tenant")]
        indexes = [models.Index(fields=["tenant", "city"], name="site_tenant_city")]

    def __str__(self) -> str:
        return self.name

    @property
    def brand_list(self) -> list[str]:
        return [b.strip() for b in self.brands.split(",") if b.strip()]


class Department(TenantOwnedModel):
    """A department ("métier"): VN, VO, PR, APV, RH... renameable, tenants may add their own."""

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint("tenant", Lower("code"), name="department_unique_code_per_tenant"),
            models.UniqueConstraint("tenant", Lower("name"), name="department_unique_name_per_tenant"),
        ]

    def __str__(self) -> str:
        return self.name


class Employee(TenantOwnedModel):
    """A person of the group. May or may not have a login (through Membership.employee)."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    external_id = models.CharField(_("employee number"), max_length=50, blank=True)
    site = models.ForeignKey(Site, verbose_name=_("dealership"), null=True, blank=True, on_delete=models.SET_NULL, related_name="employees")
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.SET_NULL, related_name="employees"
    )
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    manager = models.ForeignKey(
        "self", verbose_name=_("manager"), null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                "tenant", Lower("email"), condition=~Q(email=""), name="employee_unique_email_per_tenant"
            ),
            models.UniqueConstraint(
                fields=["tenant", "external_id"], condition=~Q(external_id=""), name="employee_unique_external_id_per_tenant"
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "last_name", "first_name"], name="employee_tenant_name"),
            models.Index(fields=["tenant", "site"], name="employee_tenant_site"),
            models.Index(fields=["tenant", "department"], name="employee_tenant_department"),
            models.Index(fields=["tenant", "manager"], name="employee_tenant_manager"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    EXECUTIVE = "executive", _("Executive (CoDir)")
    SITE_DIRECTOR = "site_director", _("Site director")
    MANAGER = "manager", _("Sales manager")
    EMPLOYEE = "employee", _("Employee")
    MARKETING = "marketing", _("Marketing")
    CONSULTANT = "consultant", _("BNS consultant")


LEADER_ROLES = frozenset({Role.ADMIN, Role.EXECUTIVE})


class Membership(TenantOwnedModel):
    """A user's access to one tenant, with a role. The only link between users and tenants."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.EMPLOYEE)
    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), null=True, blank=True, on_delete=models.SET_NULL, related_name="memberships"
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user__email"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "user"], name="membership_unique_user_per_tenant"),
            models.UniqueConstraint(
                fields=["tenant", "employee"], condition=Q(employee__isnull=False), name="membership_unique_employee_per_tenant"
            ),
        ]
        indexes = [models.Index(fields=["tenant", "role"], name="membership_tenant_role")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    def has_perm(self, perm) -> bool:
        from bns.permissions import role_has_perm

        return self.is_active and role_has_perm(self.role, perm)


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(TenantOwnedModel):
    """An invitation sent by a tenant admin; the invitee sets a password from the link."""

    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.EMPLOYEE)
    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations"
    )
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                "tenant",
                Lower("email"),
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_pending_per_email",
            )
        ]
        indexes = [models.Index(fields=["tenant", "created_at"], name="invitation_tenant_created")]

    def __str__(self) -> str:
        return self.email

    @staticmethod
    def default_expiry(days: int):
        return timezone.now() + timedelta(days=days)

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    @property
    def status_label(self) -> str:
        return {
            "accepted": _("accepted"),
            "revoked": _("revoked"),
            "expired": _("expired"),
            "pending": _("pending"),
        }[self.status]


class AuditEvent(TenantOwnedModel):
    """Append-only record of administrative acts in a tenant (who, what, when)."""

    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    verb = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["tenant", "created_at"], name="audit_tenant_created")]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Audit events are append-only")
        super().save(*args, **kwargs)


class Notification(TenantOwnedModel):
    """An in-app notice for one member (the bell), optionally also e-mailed. Sent once per ``key``."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    key = models.CharField(max_length=120, help_text="idempotency key: one notification per recipient and key")
    verb = models.CharField(max_length=40)
    title = models.CharField(max_length=250)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["tenant", "recipient", "key"], name="notification_unique_key")]
        indexes = [models.Index(fields=["tenant", "recipient", "read_at"], name="notification_tenant_unread")]

    def __str__(self) -> str:
        return self.title


# The BNS programme's models (issue 6) live in their own module; importing them here registers them with the bns app.
from bns.programme.models import (  # noqa: E402,F401
    ActionRole,
    BudgetLine,
    DiagnosticAnswer,
    Kpi,
    KpiValue,
    Lesson,
    Objective,
    Programme,
    ProgrammeAction,
    ProgrammeStep,
    Review,
    ReviewKpiValue,
    RoleBehaviour,
    StrategyChallenge,
    StrategyOption,
    VisionVersion,
    Workshop,
    WorkshopParticipant,
)
