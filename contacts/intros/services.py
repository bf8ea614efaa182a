"""Introductions: a colleague asks the owner of a DISCOVERABLE or SHARED relationship to introduce them.

pending -> accepted | declined | expired. Only the owner answers (accept, or decline with a reason); without an
answer the request expires after the group's SLA (``Tenant.intro_sla_days``), the owner being reminded once
when half of it has passed. Once accepted, only the requester records follow-ups and the outcome, which the
owner sees (seed 004: a contact treated badly is a contact never shared again).

Every transition locks the row (``select_for_update``), checks the current status (a clear message otherwise),
writes an IntroEvent, a LedgerEntry (INTRO_REQUEST, INTRO_ANSWER, INTRO_OUTCOME) and the notifications
(contacts.intros.notify: once per event, the e-mail after commit), in one transaction. A PRIVATE relationship
cannot be asked about: PermissionDenied, which the pages and the API answer as 404 (private = missing).
An exclusive relationship routes every approach through its owner: an introduction works as on any other.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bns.models import Employee, Tenant
from contacts.intros import notify
from contacts.models import (
    AccountPlan,
    IntroEvent,
    IntroRequest,
    LedgerEntry,
    Referral,
    Relationship,
    RelationshipStatus,
    Visibility,
)
from contacts.services import _actor_employee, ledger_record

DEFAULT_SLA_DAYS = 7
SWEEP_BATCH = 1000
PURPOSE_MAX, MESSAGE_MAX, REASON_MAX, NOTE_MAX, FOLLOW_UP_MAX = 200, 2000, 300, 500, 2000


def sla_days(tenant: Tenant) -> int:
    return tenant.intro_sla_days or DEFAULT_SLA_DAYS


def reminder_due_at(intro: IntroRequest) -> datetime | None:
    """When the owner is reminded: half of the SLA after the request (None when it has no deadline)."""
    if intro.expires_at is None or intro.created_at is None:
        return None
    return intro.created_at + (intro.expires_at - intro.created_at) / 2


def _status_error(intro: IntroRequest, allowed: str) -> ValidationError:
    return ValidationError(
        _("This request is %(status)s: %(allowed)s") % {"status": intro.get_status_display().lower(), "allowed": allowed}
    )


def _lock(tenant: Tenant, intro: IntroRequest) -> IntroRequest:
    """The request, locked for the transition (its related rows loaded without locking them)."""
    if intro.tenant_id != tenant.pk:
        raise PermissionDenied
    IntroRequest.unscoped.select_for_update().filter(tenant=tenant, pk=intro.pk).values_list("pk", flat=True).first()
    locked = (
        IntroRequest.unscoped.filter(tenant=tenant, pk=intro.pk)
        .select_related("requester", "owner", "relationship", "relationship__person")
        .first()
    )
    if locked is None:
        raise ValidationError(_("This introduction request no longer exists."))
    return locked


def _side(tenant: Tenant, actor, intro: IntroRequest, side: str) -> Employee:
    """The actor's employee when they are that side of the request ("owner" or "requester"), else PermissionDenied."""
    employee = _actor_employee(tenant, actor)
    expected = intro.owner_id if side == "owner" else intro.requester_id
    if employee is None or employee.pk != expected:
        raise PermissionDenied
    return employee


def _event(tenant: Tenant, intro: IntroRequest, kind: str, actor: Employee | None, text: str = "") -> IntroEvent:
    return IntroEvent.unscoped.create(tenant=tenant, intro_request=intro, actor=actor, kind=kind, text=text)


def _ledger(tenant: Tenant, actor, verb: str, intro: IntroRequest, **data) -> None:
    ledger_record(tenant=tenant, actor=actor, verb=verb, relationship=intro.relationship, data={"intro_request": intro.pk, **data})


# --- Asking -------------------------------------------------------------------------------------------


def _check_purpose_links(tenant: Tenant, purpose_kind: str, account_plan, referral) -> None:
    if purpose_kind not in IntroRequest.PurposeKind.values:
        raise ValidationError({"purpose_kind": _("Unknown purpose.")})
    if account_plan is not None and account_plan.tenant_id != tenant.pk:
        raise ValidationError({"account_plan": _("This object does not belong to the group.")})
    if referral is not None and referral.tenant_id != tenant.pk:
        raise ValidationError({"referral": _("This object does not belong to the group.")})
    if account_plan is not None and purpose_kind != IntroRequest.PurposeKind.ACCOUNT_PLAN:
        raise ValidationError({"purpose_kind": _("An account plan is given: choose “An account plan” as the purpose.")})
    if referral is not None and purpose_kind != IntroRequest.PurposeKind.REFERRAL:
        raise ValidationError({"purpose_kind": _("A referral is given: choose “A referral” as the purpose.")})


@transaction.atomic
def intro_request_create(
    *,
    tenant: Tenant,
    actor,
    relationship: Relationship,
    purpose: str,
    message: str = "",
    purpose_kind: str = IntroRequest.PurposeKind.NEED,
    account_plan: AccountPlan | None = None,
    referral: Referral | None = None,
) -> IntroRequest:
    """A colleague asks the owner for an introduction; the owner is notified (bell and e-mail, once)."""
    if relationship.tenant_id != tenant.pk:
        raise PermissionDenied
    requester = _actor_employee(tenant, actor)
    if requester is None:
        raise ValidationError(_("Only a member with an employee record can ask for an introduction."))
    # Lock the relationship: two clicks of the same requester cannot both pass the duplicate check.
    relationship = Relationship.unscoped.select_for_update().filter(tenant=tenant, pk=relationship.pk).first()
    if relationship is None:
        raise PermissionDenied
    if requester.pk == relationship.owner_id:
        raise ValidationError(_("This is your own relationship: no introduction needed."))
    if relationship.visibility == Visibility.PRIVATE:
        raise PermissionDenied  # private = missing
    if relationship.status != RelationshipStatus.ACTIVE:
        raise ValidationError(_("This relationship ended (its owner left the group): nobody can introduce you any more."))
    purpose = (purpose or "").strip()
    if not purpose:
        raise ValidationError({"purpose": _("Say why you would like to be introduced.")})
    purpose_kind = purpose_kind or IntroRequest.PurposeKind.NEED
    _check_purpose_links(tenant, purpose_kind, account_plan, referral)
    if IntroRequest.unscoped.filter(
        tenant=tenant, relationship=relationship, requester=requester, status=IntroRequest.Status.PENDING
    ).exists():
        raise ValidationError(_("You already asked for this introduction; the request is waiting for an answer."))
    now = timezone.now()
    message = (message or "").strip()[:MESSAGE_MAX]
    intro = IntroRequest.unscoped.create(
        tenant=tenant, relationship=relationship, requester=requester, owner_id=relationship.owner_id, purpose=purpose[:PURPOSE_MAX],
        message=message, purpose_kind=purpose_kind, account_plan=account_plan, referral=referral,
        expires_at=now + timedelta(days=sla_days(tenant)),
    )
    intro = IntroRequest.unscoped.select_related("requester", "owner", "relationship", "relationship__person").get(pk=intro.pk)
    _event(tenant, intro, IntroEvent.Kind.REQUESTED, requester, message)
    _ledger(tenant, actor, LedgerEntry.Verb.INTRO_REQUEST, intro, purpose_kind=purpose_kind)
    intro_request_notify_owner(tenant=tenant, intro=intro)
    return intro


def intro_request_notify_owner(*, tenant: Tenant, intro: IntroRequest) -> bool:
    """Notify the owner of a pending request, once (also what the legacy task does). True when sent now."""
    if intro.status != IntroRequest.Status.PENDING:
        return False
    sent = notify.notify_requested(tenant, intro) is not None
    if sent:
        IntroRequest.unscoped.filter(pk=intro.pk, owner_notified_at__isnull=True).update(owner_notified_at=timezone.now())
    return sent


# --- Answering (the owner) ----------------------------------------------------------------------------


@transaction.atomic
def intro_request_accept(*, tenant: Tenant, actor, intro: IntroRequest, message: str = "") -> IntroRequest:
    """The owner accepts: the requester is told (and may now see who the person is)."""
    intro = _lock(tenant, intro)
    owner = _side(tenant, actor, intro, "owner")
    if intro.status != IntroRequest.Status.PENDING:
        raise _status_error(intro, _("only a pending request can be accepted."))
    message = (message or "").strip()[:MESSAGE_MAX]
    intro.status, intro.answered_at = IntroRequest.Status.ACCEPTED, timezone.now()
    intro.save(update_fields=["status", "answered_at"])
    _event(tenant, intro, IntroEvent.Kind.ACCEPTED, owner, message)
    _ledger(tenant, actor, LedgerEntry.Verb.INTRO_ANSWER, intro, answer="accepted")
    notify.notify_accepted(tenant, intro, message)
    return intro


@transaction.atomic
def intro_request_decline(*, tenant: Tenant, actor, intro: IntroRequest, reason: str) -> IntroRequest:
    """The owner declines, with a reason the requester reads (and nothing about the person)."""
    intro = _lock(tenant, intro)
    owner = _side(tenant, actor, intro, "owner")
    if intro.status != IntroRequest.Status.PENDING:
        raise _status_error(intro, _("only a pending request can be declined."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason: your colleague will read it.")})
    intro.status, intro.answered_at, intro.decline_reason = IntroRequest.Status.DECLINED, timezone.now(), reason[:REASON_MAX]
    intro.save(update_fields=["status", "answered_at", "decline_reason"])
    _event(tenant, intro, IntroEvent.Kind.DECLINED, owner, intro.decline_reason)
    _ledger(tenant, actor, LedgerEntry.Verb.INTRO_ANSWER, intro, answer="declined")
    notify.notify_declined(tenant, intro)
    return intro


# --- After the introduction (the requester) ----------------------------------------------------------


@transaction.atomic
def intro_request_follow_up(*, tenant: Tenant, actor, intro: IntroRequest, text: str) -> IntroEvent:
    """The requester tells the owner how it goes (each follow-up notifies the owner once)."""
    intro = _lock(tenant, intro)
    requester = _side(tenant, actor, intro, "requester")
    if intro.status != IntroRequest.Status.ACCEPTED:
        raise _status_error(intro, _("follow-ups are recorded once the owner accepted."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the follow-up.")})
    event = _event(tenant, intro, IntroEvent.Kind.FOLLOW_UP, requester, text[:FOLLOW_UP_MAX])
    notify.notify_follow_up(tenant, intro, event)
    return event


@transaction.atomic
def intro_request_record_outcome(*, tenant: Tenant, actor, intro: IntroRequest, outcome: str, note: str = "") -> IntroRequest:
    """The requester records the outcome (met, opportunity, deal, nothing); it is fed back to the owner.

    The outcome may move on (met, then an opportunity, then a deal); recording the same one again is refused.
    """
    intro = _lock(tenant, intro)
    requester = _side(tenant, actor, intro, "requester")
    if intro.status != IntroRequest.Status.ACCEPTED:
        raise _status_error(intro, _("the outcome is recorded once the owner accepted."))
    if outcome not in IntroRequest.Outcome.values:
        raise ValidationError({"outcome": _("Unknown outcome.")})
    if outcome == intro.outcome:
        raise ValidationError({"outcome": _("This outcome is already recorded.")})
    before = intro.outcome
    intro.outcome, intro.outcome_note, intro.outcome_at = outcome, (note or "").strip()[:NOTE_MAX], timezone.now()
    intro.save(update_fields=["outcome", "outcome_note", "outcome_at"])
    with translation.override(tenant.locale or settings.LANGUAGE_CODE):
        label = str(intro.get_outcome_display())
    _event(tenant, intro, IntroEvent.Kind.OUTCOME, requester, f"{label}: {intro.outcome_note}" if intro.outcome_note else label)
    _ledger(tenant, actor, LedgerEntry.Verb.INTRO_OUTCOME, intro, outcome=outcome, previous=before)
    notify.notify_outcome(tenant, intro)
    return intro


# --- The clock (hourly task) --------------------------------------------------------------------------


def intro_requests_remind(*, tenant: Tenant, now: datetime | None = None) -> int:
    """Remind each owner once, when half of the SLA has passed without an answer. Idempotent (``reminded_at``)."""
    now = now or timezone.now()
    with transaction.atomic():
        candidates = list(
            IntroRequest.unscoped.select_for_update()
            .filter(tenant=tenant, status=IntroRequest.Status.PENDING, reminded_at__isnull=True, expires_at__gt=now)
            .only("pk", "created_at", "expires_at")
            .order_by("expires_at", "pk")[:SWEEP_BATCH]
        )
        due = [i.pk for i in candidates if (at := reminder_due_at(i)) is not None and at <= now]
        if not due:
            return 0
        IntroRequest.unscoped.filter(pk__in=due).update(reminded_at=now)
        intros = list(
            IntroRequest.unscoped.filter(pk__in=due).select_related("requester", "owner", "relationship__person").order_by("pk")
        )
        IntroEvent.unscoped.bulk_create([IntroEvent(tenant=tenant, intro_request=i, kind=IntroEvent.Kind.REMINDED) for i in intros])
        for intro in intros:
            notify.notify_reminder(tenant, intro)
        return len(intros)


def intro_requests_expire(*, tenant: Tenant, now: datetime | None = None) -> int:
    """Expire the pending requests past their deadline: event, ledger entry, the requester told. Idempotent."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            IntroRequest.unscoped.select_for_update()
            .filter(tenant=tenant, status=IntroRequest.Status.PENDING, expires_at__lte=now)
            .order_by("expires_at", "pk")
            .values_list("pk", flat=True)[:SWEEP_BATCH]
        )
        if not ids:
            return 0
        IntroRequest.unscoped.filter(pk__in=ids, status=IntroRequest.Status.PENDING).update(status=IntroRequest.Status.EXPIRED)
        intros = list(
            IntroRequest.unscoped.filter(pk__in=ids)
            .select_related("requester", "owner", "relationship", "relationship__person")
            .order_by("pk")
        )
        IntroEvent.unscoped.bulk_create([IntroEvent(tenant=tenant, intro_request=i, kind=IntroEvent.Kind.EXPIRED) for i in intros])
        LedgerEntry.unscoped.bulk_create([
            LedgerEntry(
                tenant=tenant, actor=None, actor_label="", verb=LedgerEntry.Verb.INTRO_ANSWER, person=i.relationship.person,
                relationship=i.relationship, owner=i.owner, subject_label=i.relationship.person.full_name,
                data={"intro_request": i.pk, "answer": "expired"},
            )
            for i in intros
        ])
        for intro in intros:
            notify.notify_expired(tenant, intro)
        return len(intros)
