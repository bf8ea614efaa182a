"""Real-world networks (clubs, chambers of commerce, federations...), memberships, events and the group's
networking policy: which networks each dealership targets, and who leads the group's presence there."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bns.tenancy import TenantOwnedModel


class NetworkKind(models.TextChoices):
    BUSINESS_CLUB = "business_club", _("business club")
    CHAMBER = "chamber", _("chamber of commerce")
    FEDERATION = "federation", _("professional federation")
    ASSOCIATION = "association", _("association")
    SERVICE_CLUB = "service_club", _("service club")
    SPORTS_CLUB = "sports_club", _("sports club")
    ALUMNI = "alumni", _("alumni")
    ONLINE_GROUP = "online_group", _("online group")


class Priority(models.IntegerChoices):
    HIGH = 1, _("high")
    MEDIUM = 2, _("medium")
    LOW = 3, _("low")


class Network(TenantOwnedModel):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=NetworkKind.choices)
    city = models.CharField(_("city"), max_length=120, blank=True)
    site = models.ForeignKey("bns.Site", verbose_name=_("dealership concerned"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    annual_fee = models.DecimalField(_("annual fee (€)"), max_digits=9, decimal_places=2, null=True, blank=True)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.MEDIUM)
    website = models.URLField(_("website"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["priority", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "name", "city"], name="network_unique_name_city"),
            models.CheckConstraint(condition=Q(annual_fee__isnull=True) | Q(annual_fee__gte=0), name="network_fee_not_negative"),
        ]
        indexes = [models.Index(fields=["tenant", "site"], name="network_tenant_site")]

    def __str__(self) -> str:
        return f"{self.name} ({self.city})" if self.city else self.name


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("member")
    BOARD = "board", _("board member")
    LEAD = "lead", _("lead")


class NetworkMembership(TenantOwnedModel):
    network = models.ForeignKey(Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="memberships")
    employee = models.ForeignKey("bns.Employee", verbose_name=_("employee"), on_delete=models.CASCADE, related_name="network_memberships")
    role = models.CharField(_("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    since = models.DateField(_("since"), null=True, blank=True)
    paid_by_company = models.BooleanField(_("fee paid by the company"), default=False)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")
        ordering = ["network_id", "employee_id"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "network", "employee"], name="netmembership_unique_employee"),
        ]
        indexes = [models.Index(fields=["tenant", "employee"], name="netmembership_tenant_emp")]


class NetworkTarget(TenantOwnedModel):
    """The networking policy: a network the group (site empty) or a dealership targets, with its named lead."""

    network = models.ForeignKey(Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="targets")
    site = models.ForeignKey("bns.Site", verbose_name=_("dealership"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    lead = models.ForeignKey(
        "bns.Employee", verbose_name=_("lead"), null=True, blank=True, on_delete=models.SET_NULL, related_name="network_leads"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("target network")
        verbose_name_plural = _("target networks")
        ordering = ["network_id", "site_id"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "network", "site"], name="nettarget_unique_site"),
            models.UniqueConstraint(
                fields=["tenant", "network"], condition=Q(site__isnull=True), name="nettarget_unique_group_wide"
            ),
        ]
        indexes = [models.Index(fields=["tenant", "site"], name="nettarget_tenant_site")]


class NetworkEvent(TenantOwnedModel):
    network = models.ForeignKey(
        Network, verbose_name=_("network"), null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("network event")
        verbose_name_plural = _("network events")
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["tenant", "held_on"], name="netevent_tenant_date"),
            models.Index(fields=["tenant", "network", "held_on"], name="netevent_tenant_network"),
        ]

    def __str__(self) -> str:
        return self.title


class EventAttendance(TenantOwnedModel):
    event = models.ForeignKey(NetworkEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="attendances")
    employee = models.ForeignKey("bns.Employee", verbose_name=_("employee"), on_delete=models.CASCADE, related_name="event_attendances")
    attended = models.BooleanField(_("attended"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["tenant", "event", "employee"], name="attendance_unique_employee")]
        indexes = [models.Index(fields=["tenant", "employee"], name="attendance_tenant_emp")]


class EventContact(TenantOwnedModel):
    """A person met at an event by an attendee. Recording it creates (or finds) the person and the attendee's
    relationship through the contacts services, in the same transaction."""

    event = models.ForeignKey(NetworkEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="contacts_met")
    attendee = models.ForeignKey("bns.Employee", verbose_name=_("met by"), on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("contacts.Person", verbose_name=_("person"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    relationship = models.ForeignKey(
        "contacts.Relationship", verbose_name=_("relationship"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact met")
        verbose_name_plural = _("contacts met")
        indexes = [models.Index(fields=["tenant", "event"], name="eventcontact_tenant_event")]
