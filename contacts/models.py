"""The governed contact ledger: persons, accounts, relationships, the sharing ledger, solicitations, imports.

Principles (brief section 3): the rep owns the relationship and decides who sees what; every sharing act is
in the append-only ledger; the group coordinates solicitations under a cap; personal data carries a legal
basis, a source and a retention deadline.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bns.tenancy import TenantOwnedModel


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Private (only me)")
    DISCOVERABLE = "discoverable", _("Discoverable (colleagues see that I know them)")
    SHARED = "shared", _("Shared (colleagues see the details)")


class Scope(models.TextChoices):
    TEAM = "team", _("My team")
    SITE = "site", _("My dealership")
    GROUP = "group", _("The whole group")


class RelationshipKind(models.TextChoices):
    CLIENT = "client", _("Customer")
    PROSPECT = "prospect", _("Prospect")
    FRIEND = "friend", _("Friend")
    FAMILY = "family", _("Family")
    FORMER_COLLEAGUE = "former_colleague", _("Former colleague")
    ALUMNI = "alumni", _("Alumni")
    CLUB_FELLOW = "club_fellow", _("Club or association fellow")
    SUPPLIER = "supplier", _("Supplier")
    PARTNER = "partner", _("Business partner")
    OTHER = "other", _("Other")


STRENGTH_MEANINGS = {
    1: _("1 · We met once; they may not remember me"),
    2: _("2 · Acquaintance; we have exchanged a few times"),
    3: _("3 · We know each other well; they take my calls"),
    4: _("4 · Trusted relationship; they would listen to an offer from me"),
    5: _("5 · Close; they would do me a favour and recommend me"),
}


class LegalBasis(models.TextChoices):
    LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest")
    CONSENT = "consent", _("Consent")
    CONTRACT = "contract", _("Contract")


class Source(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    ADDRESS_BOOK = "address_book", _("Address book (vCard)")
    LINKEDIN = "linkedin", _("LinkedIn export")
    CSV = "csv", _("CSV file")
    EVENT = "event", _("Event")


class RelationshipStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended (the employee left)")


class Account(TenantOwnedModel):
    """A company or public body."""

    name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(max_length=200, editable=False)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    website = models.CharField(_("website"), max_length=200, blank=True)
    owner = models.ForeignKey(
        "bns.Employee", verbose_name=_("account owner"), null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_accounts"
    )
    is_target = models.BooleanField(_("target account"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "siren"], condition=~Q(siren=""), name="account_unique_siren_per_tenant"),
        ]
        indexes = [models.Index(fields=["tenant", "name_key"], name="account_tenant_name_key")]

    def __str__(self) -> str:
        return self.name


class Person(TenantOwnedModel):
    """A human, deduplicated per tenant (e-mail, LinkedIn URL, or normalised name + company)."""

    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    name_key = models.CharField(max_length=220, editable=False)
    company_name = models.CharField(_("company"), max_length=200, blank=True)
    company_key = models.CharField(max_length=200, editable=False, blank=True)
    account = models.ForeignKey(Account, verbose_name=_("account"), null=True, blank=True, on_delete=models.SET_NULL, related_name="persons")
    position = models.CharField(_("position"), max_length=200, blank=True)
    linkedin_url = models.CharField(_("LinkedIn profile"), max_length=300, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=30, choices=LegalBasis.choices, default=LegalBasis.LEGITIMATE_INTEREST)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.MANUAL)
    collected_at = models.DateTimeField(_("collected"))
    last_inbound_at = models.DateTimeField(_("last contact from the person"), null=True, blank=True)
    retention_until = models.DateField(_("retention deadline"))
    retention_warned_at = models.DateTimeField(null=True, blank=True, editable=False)
    objected_at = models.DateTimeField(_("objection (do not contact)"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "linkedin_url"], condition=~Q(linkedin_url=""), name="person_unique_linkedin_per_tenant"
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "name_key", "company_key"], name="person_tenant_name_company"),
            models.Index(fields=["tenant", "account"], name="person_tenant_account"),
            models.Index(fields=["tenant", "retention_until"], name="person_tenant_retention"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or str(_("(no name)"))


class PersonEmail(TenantOwnedModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="emails")
    email = models.EmailField(_("e-mail"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant", "email"], name="person_email_unique_per_tenant")]
        indexes = [models.Index(fields=["tenant", "person"], name="person_email_tenant_person")]

    def __str__(self) -> str:
        return self.email


class PersonPhone(TenantOwnedModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(_("phone (E.164)"), max_length=20)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant", "person", "number"], name="person_phone_unique")]
        indexes = [models.Index(fields=["tenant", "number"], name="person_phone_tenant_number")]

    def __str__(self) -> str:
        return self.number


class ContactImport(TenantOwnedModel):
    """One uploaded address book, processed by a background job with progress and a per-row report."""

    class Format(models.TextChoices):
        LINKEDIN = "linkedin", _("LinkedIn export (Connections.csv)")
        VCARD = "vcard", _("vCard (.vcf)")
        CSV = "csv", _("CSV with column mapping")

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Preview")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    owner = models.ForeignKey("bns.Employee", on_delete=models.CASCADE, related_name="contact_imports")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    format = models.CharField(max_length=20, choices=Format.choices)
    filename = models.CharField(max_length=255)
    content = models.TextField(help_text="decoded file content, kept until the import is done")
    content_sha256 = models.CharField(max_length=64)
    column_mapping = models.JSONField(default=dict, blank=True)
    default_visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.PRIVATE)
    default_strength = models.PositiveSmallIntegerField(default=2)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEW)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    report = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["tenant", "owner", "created_at"], name="import_tenant_owner_created")]

    @property
    def percent(self) -> int:
        return int(100 * self.processed / self.total) if self.total else (100 if self.status == self.Status.DONE else 0)


class Relationship(TenantOwnedModel):
    """An employee knows a person. Owned by that employee, who decides who sees what."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="relationships")
    owner = models.ForeignKey("bns.Employee", verbose_name=_("owner"), on_delete=models.CASCADE, related_name="relationships")
    strength = models.PositiveSmallIntegerField(
        _("strength"), default=2, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    kind = models.CharField(_("how we know each other"), max_length=20, choices=RelationshipKind.choices, default=RelationshipKind.OTHER)
    context = models.CharField(_("context"), max_length=300, blank=True)
    open_to_offer = models.BooleanField(_("open to a commercial offer"), default=False)
    exclusive = models.BooleanField(_("exclusive"), default=False)
    visibility = models.CharField(_("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.PRIVATE)
    scope = models.CharField(_("shared with"), max_length=10, choices=Scope.choices, default=Scope.GROUP)
    private_notes = models.TextField(_("private notes"), blank=True)
    tags = models.CharField(_("tags"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RelationshipStatus.choices, default=RelationshipStatus.ACTIVE)
    ended_at = models.DateTimeField(null=True, blank=True)
    contact_import = models.ForeignKey(ContactImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="relationships")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "owner", "person"], name="relationship_unique_owner_person"),
            models.CheckConstraint(condition=Q(strength__gte=1, strength__lte=5), name="relationship_strength_1_5"),
        ]
        indexes = [
            models.Index(fields=["tenant", "person"], name="rel_tenant_person"),
            models.Index(fields=["tenant", "owner", "visibility"], name="rel_tenant_owner_visibility"),
            models.Index(fields=["tenant", "visibility", "status"], name="rel_tenant_visibility_status"),
        ]

    def __str__(self) -> str:
        return f"{self.owner_id} -> {self.person_id}"


class LedgerEntry(TenantOwnedModel):
    """Append-only record of every sharing act. Only GDPR erasure touches it, to pseudonymise."""

    class Verb(models.TextChoices):
        CREATE = "create", _("logged a relationship")
        UPDATE = "update", _("edited a relationship")
        VISIBILITY = "visibility", _("changed visibility")
        VIEW = "view", _("viewed the details")
        DELETE = "delete", _("deleted a relationship")
        IMPORT = "import", _("imported contacts")
        MERGE = "merge", _("merged two persons")
        INTRO_REQUEST = "intro_request", _("requested an introduction")
        SOLICITATION = "solicitation", _("logged a solicitation")
        EXPORT = "export", _("exported")
        OBJECTION = "objection", _("recorded an objection")
        ERASURE = "erasure", _("erased a person")
        ENDED = "ended", _("relationship ended (employee left)")
        INTRO_ANSWER = "intro_answer", _("answered an introduction request")
        INTRO_OUTCOME = "intro_outcome", _("recorded the outcome of an introduction")
        REFERRAL = "referral", _("referred a lead")
        REFERRAL_STATUS = "referral_status", _("moved a referral forward")
        REWARD = "reward", _("changed a reward")

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(max_length=200, blank=True)
    verb = models.CharField(max_length=20, choices=Verb.choices)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="ledger_entries")
    relationship = models.ForeignKey(Relationship, null=True, blank=True, on_delete=models.SET_NULL, related_name="ledger_entries")
    owner = models.ForeignKey("bns.Employee", null=True, blank=True, on_delete=models.SET_NULL, related_name="ledger_about_mine")
    subject_label = models.CharField(max_length=250, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["tenant", "created_at"], name="ledger_tenant_created"),
            models.Index(fields=["tenant", "owner", "created_at"], name="ledger_tenant_owner_created"),
            models.Index(fields=["tenant", "person"], name="ledger_tenant_person"),
        ]

    def save(self, *args, **kwargs):
        if self.pk is not None and not getattr(self, "_pseudonymising", False):
            raise RuntimeError("Ledger entries are append-only")
        super().save(*args, **kwargs)


class Solicitation(TenantOwnedModel):
    """An approach of a person by an employee (counted against the group's contact-pressure cap)."""

    class Channel(models.TextChoices):
        CALL = "call", _("Call")
        EMAIL = "email", _("E-mail")
        MESSAGE = "message", _("Message")
        INMAIL = "inmail", _("InMail")
        VISIT = "visit", _("Visit")
        INVITATION = "invitation", _("Invitation")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="solicitations")
    employee = models.ForeignKey("bns.Employee", on_delete=models.CASCADE, related_name="solicitations")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    commercial = models.BooleanField(_("commercial solicitation"), default=True)
    occurred_at = models.DateTimeField(_("when"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["tenant", "person", "occurred_at"], name="solicitation_tenant_person")]


class Suppression(TenantOwnedModel):
    """What survives an erasure of an objecting person: hashes only, so a re-import cannot bring them back."""

    email_hash = models.CharField(max_length=64, blank=True)
    phone_hash = models.CharField(max_length=64, blank=True)
    linkedin_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["tenant", "email_hash"], name="suppression_tenant_email"),
            models.Index(fields=["tenant", "phone_hash"], name="suppression_tenant_phone"),
        ]


class MergeSuggestion(TenantOwnedModel):
    """Two persons that may be the same human: proposed, never merged silently."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MERGED = "merged", _("Merged")
        DISMISSED = "dismissed", _("Not the same person")

    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["tenant", "person_a", "person_b"], name="merge_suggestion_unique_pair")]
        indexes = [models.Index(fields=["tenant", "status"], name="merge_suggestion_tenant_status")]


class IntroRequest(TenantOwnedModel):
    """A colleague asks the owner of a discoverable relationship for an introduction.

    pending -> accepted | declined | expired (the tenant's SLA, ``Tenant.intro_sla_days``). Once accepted, the
    requester records follow-ups and the outcome, which the owner sees: a contact treated badly is a contact never
    shared again (seed 004).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")

    class PurposeKind(models.TextChoices):
        NEED = "need", _("A need")
        ACCOUNT_PLAN = "account_plan", _("An account plan")
        REFERRAL = "referral", _("A referral")

    class Outcome(models.TextChoices):
        MET = "met", _("We met")
        OPPORTUNITY = "opportunity", _("An opportunity")
        DEAL = "deal", _("A deal")
        NOTHING = "nothing", _("Nothing came of it")

    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="intro_requests")
    requester = models.ForeignKey("bns.Employee", on_delete=models.CASCADE, related_name="intro_requests_sent")
    owner = models.ForeignKey("bns.Employee", on_delete=models.CASCADE, related_name="intro_requests_received")
    purpose_kind = models.CharField(_("purpose"), max_length=20, choices=PurposeKind.choices, default=PurposeKind.NEED)
    account_plan = models.ForeignKey(
        "contacts.AccountPlan", verbose_name=_("account plan"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="intro_requests",
    )
    referral = models.ForeignKey(
        "contacts.Referral", verbose_name=_("referral"), null=True, blank=True, on_delete=models.SET_NULL, related_name="intro_requests"
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("answer expected by"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    answered_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(_("reason"), max_length=300, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.CharField(_("outcome note"), max_length=500, blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    owner_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["tenant", "owner", "status"], name="intro_tenant_owner_status"),
            models.Index(fields=["tenant", "requester", "status"], name="intro_tenant_requester_status"),
            models.Index(fields=["tenant", "status", "expires_at"], name="intro_tenant_status_expires"),
        ]


class IntroEvent(TenantOwnedModel):
    """The history of an introduction request, seen by both sides."""

    class Kind(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        REMINDED = "reminded", _("Reminder sent")
        EXPIRED = "expired", _("Expired without an answer")
        FOLLOW_UP = "follow_up", _("Follow-up")
        OUTCOME = "outcome", _("Outcome")

    intro_request = models.ForeignKey(IntroRequest, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey("bns.Employee", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["tenant", "intro_request", "created_at"], name="intro_event_tenant_intro")]


# The second half of the ledger (issue 4): referrals with rewards, account plans and affiliations.
from contacts.plans.models import (  # noqa: E402
    AccountPlan,
    Affiliation,
    EmployeeAffiliation,
    PersonAffiliation,
    PlanAction,
    Stakeholder,
)
from contacts.referrals.models import Referral, ReferralEvent, Reward, RewardRule  # noqa: E402

__all__ = [
    "Account", "AccountPlan", "Affiliation", "ContactImport", "EmployeeAffiliation", "IntroEvent", "IntroRequest",
    "LedgerEntry", "MergeSuggestion", "Person", "PersonAffiliation", "PersonEmail", "PersonPhone", "PlanAction", "Referral",
    "ReferralEvent", "Relationship", "Reward", "RewardRule", "Solicitation", "Stakeholder", "Suppression",
]
