"""Writes of referrals ("apporteur d'affaires"). Keyword-only, tenant and actor explicit, atomic, in the ledger.

Status machine, one step at a time, moved by the RECEIVING SIDE only (never by the referrer, see
contacts.referrals.selectors for who receives a referral):

    submitted -> accepted -> qualified -> won
        \\            \\           \\-> lost
         \\            \\-> lost
          \\-> lost

Lost is allowed from every open status, submitted included: a receiver must be able to turn a lead down
(the customer already bought elsewhere, no budget) without pretending to accept it first, and always says
why. Won only from qualified. A won or lost referral never changes again. Each transition locks the row
(``select_for_update``), checks its status (a clear message naming the current status and what it may
become), writes a ReferralEvent and a REFERRAL_STATUS ledger entry and tells the referrer, in one transaction.
Winning also computes the referrer's reward (contacts.referrals.rewards) in that transaction.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from bns.models import Department, Employee, Membership, Site, Tenant
from bns.services.notifications import notification_send
from contacts.models import Account, LedgerEntry, Person
from contacts.referrals import rewards
from contacts.referrals.common import actor_membership, euros, lead_label, notify_employee, referral_url
from contacts.referrals.models import Referral, ReferralEvent
from contacts.referrals.selectors import receiver_memberships, referral_is_receiver
from contacts.selectors import DETAILS, OWNER, relationship_visible
from contacts.services import account_find_or_create, contact_quick_add, ledger_record

S = Referral.Status
# action -> (the statuses it may start from, the status it leads to)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "accept": ((S.SUBMITTED,), S.ACCEPTED),
    "qualify": ((S.ACCEPTED,), S.QUALIFIED),
    "win": ((S.QUALIFIED,), S.WON),
    "lose": ((S.SUBMITTED, S.ACCEPTED, S.QUALIFIED), S.LOST),
}
MAX_DEAL = Decimal("1e10")


def next_actions(status: str) -> list[str]:
    """The transitions allowed from ``status``, in the order of the flow."""
    return [action for action, (sources, _to) in TRANSITIONS.items() if status in sources]


def _action_words() -> dict[str, str]:
    return {
        "accept": pgettext("referral transition", "accepted"),
        "qualify": pgettext("referral transition", "qualified"),
        "win": pgettext("referral transition", "won"),
        "lose": pgettext("referral transition", "lost"),
    }


def status_error(referral: Referral) -> ValidationError:
    """Why the referral cannot take the step asked, naming its current status and what it may become."""
    status = referral.get_status_display()
    allowed = next_actions(referral.status)
    if not allowed:
        return ValidationError(_("This referral is closed (“%(status)s”): it can no longer change.") % {"status": status})
    words = [_action_words()[a] for a in allowed]
    joined = words[0] if len(words) == 1 else _("%(first)s or %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}
    return ValidationError(_("This referral is “%(status)s”: it can only be %(allowed)s now.") % {"status": status, "allowed": joined})


def _notify_receivers(tenant: Tenant, referral: Referral) -> None:
    for membership in receiver_memberships(referral=referral):
        with translation.override(tenant.locale):
            notification_send(
                tenant=tenant, recipient=membership.user, key=f"referral:{referral.pk}:submitted", verb="referral_submitted",
                title=_("New referral from %(name)s: %(lead)s") % {"name": referral.referrer.full_name, "lead": lead_label(referral)},
                body=referral.need[:1000], url=referral_url(tenant, referral.pk),
            )


def _receiver(model, value, tenant: Tenant, field: str, errors: dict):
    if value is None:
        return None
    if not isinstance(value, model) or value.tenant_id != tenant.pk:
        errors[field] = _("This object does not belong to the group.")
        return None
    return value


def _visible_person(tenant: Tenant, membership: Membership, person_id) -> Person | None:
    """A person the referrer may see the details of (their own relationship, or SHARED in their audience)."""
    try:
        pk = int(person_id)
    except (TypeError, ValueError):
        return None
    if not relationship_visible(tenant=tenant, membership=membership).filter(person_id=pk, access__in=[OWNER, DETAILS]).exists():
        return None
    return Person.unscoped.filter(tenant=tenant, pk=pk).select_related("account").first()


@transaction.atomic
def referral_submit(
    *,
    tenant: Tenant,
    actor,
    need: str,
    consent: bool | None,
    person_id: int | None = None,
    account_id: int | None = None,
    first_name: str = "",
    last_name: str = "",
    company: str = "",
    phone: str = "",
    email: str = "",
    to_employee: Employee | None = None,
    to_site: Site | None = None,
    to_department: Department | None = None,
    urgency: str = Referral.Urgency.NORMAL,
    now: datetime | None = None,
) -> Referral:
    """An employee refers a lead to a colleague, a dealership and/or a department.

    The lead: a person whose details the referrer may see (``person_id``), and/or a company (``account_id``, or
    ``company`` alone); or a new person entered by name, company, phone or e-mail, logged as the referrer's own
    relationship (contact_quick_add). The person's consent to be contacted must be stated, and given (CNIL).
    """
    membership = actor_membership(tenant, actor)
    referrer = membership.employee
    if referrer is None:
        raise ValidationError(_("Only a member with an employee record can refer a lead: ask an administrator to link your login to it."))
    errors: dict[str, str] = {}
    need = (need or "").strip()
    if not need:
        errors["need"] = _("Describe the need: what the person or the company is looking for.")
    elif len(need) > 5000:
        errors["need"] = _("Keep the need under 5,000 characters.")
    if urgency not in Referral.Urgency.values:
        errors["urgency"] = _("Choose an urgency.")
    if consent is None:
        errors["consent"] = _("Say whether the person agrees to be contacted.")
    elif not consent:
        errors["consent"] = _(
            "The person has not agreed to be contacted: a lead can only be referred with their consent (CNIL). Ask them first."
        )
    to_employee = _receiver(Employee, to_employee, tenant, "to_employee", errors)
    to_site = _receiver(Site, to_site, tenant, "to_site", errors)
    to_department = _receiver(Department, to_department, tenant, "to_department", errors)
    if to_employee is not None and to_employee.pk == referrer.pk:
        errors["to_employee"] = _("You cannot refer a lead to yourself: choose a colleague, a dealership or a department.")
    elif to_employee is not None and not to_employee.is_active:
        errors["to_employee"] = _("This colleague has left the group: choose someone else.")
    if not (to_employee or to_site or to_department) and not {"to_employee", "to_site", "to_department"} & set(errors):
        errors["to_employee"] = _("Choose who receives the lead: a colleague, a dealership or a department.")

    person = account = None
    if person_id not in (None, ""):
        person = _visible_person(tenant, membership, person_id)
        if person is None:
            errors["person"] = _("Unknown contact, or one whose details you may not see: enter the lead by name instead.")
        elif person.objected_at is not None:
            errors["person"] = _("This person objected to being contacted: they cannot be referred.")
    if account_id not in (None, ""):
        try:
            account = Account.unscoped.filter(tenant=tenant, pk=int(account_id)).first()
        except (TypeError, ValueError):
            account = None
        if account is None:
            errors["account"] = _("Unknown company.")
    new_person = any((value or "").strip() for value in (first_name, last_name, phone, email))
    if person is None and account is None and not new_person and not (company or "").strip() and not {"person", "account"} & set(errors):
        errors["last_name"] = _("Say who the lead is: pick one of your contacts, or enter a name, a company, a phone or an e-mail.")
    if errors:
        raise ValidationError(errors)

    if person is None and new_person:
        relationship, _created = contact_quick_add(
            tenant=tenant, actor=actor, owner=referrer, first_name=first_name, last_name=last_name, company=company,
            phone=phone, email=email, context=_("Referred lead"),
        )
        person = relationship.person
        if person.objected_at is not None:
            raise ValidationError({"last_name": _("This person objected to being contacted: they cannot be referred.")})
    elif person is None and account is None:
        account = account_find_or_create(tenant=tenant, actor=actor, name=company)
    if account is None and person is not None:
        account = person.account

    referral = Referral.unscoped.create(
        tenant=tenant, referrer=referrer, person=person, account=account, to_employee=to_employee, to_site=to_site,
        to_department=to_department, need=need, urgency=urgency, consent=True, submitted_at=now or timezone.now(),
    )
    ReferralEvent.unscoped.create(tenant=tenant, referral=referral, actor=actor, from_status="", to_status=S.SUBMITTED)
    ledger_record(
        tenant=tenant, actor=actor, verb=LedgerEntry.Verb.REFERRAL, person=person, owner=referrer,
        data={"referral": referral.pk, "account": account.pk if account else None, "to_employee": to_employee.pk if to_employee else None,
              "to_site": to_site.pk if to_site else None, "to_department": to_department.pk if to_department else None,
              "urgency": urgency, "consent": True},
    )
    _notify_receivers(tenant, referral)
    return referral


# --- Transitions ------------------------------------------------------------------------------------------


def _lock(tenant: Tenant, referral: Referral) -> Referral:
    if referral.tenant_id != tenant.pk:
        raise PermissionDenied
    return (
        Referral.unscoped.select_for_update(of=("self",))
        .select_related("referrer", "person", "account", "to_department", "handled_by")
        .get(tenant=tenant, pk=referral.pk)
    )


def can_move(*, referral: Referral, membership: Membership) -> bool:
    """Whether the member may move this referral forward (receiving side, never the referrer)."""
    if membership.employee_id and membership.employee_id == referral.referrer_id:
        return False
    return referral_is_receiver(referral=referral, membership=membership)


def _begin(tenant: Tenant, actor, referral: Referral, action: str) -> tuple[Referral, Membership]:
    membership = actor_membership(tenant, actor)
    locked = _lock(tenant, referral)
    if membership.employee_id and membership.employee_id == locked.referrer_id:
        raise PermissionDenied(_("You referred this lead: only the receiving side moves it forward."))
    if not referral_is_receiver(referral=locked, membership=membership):
        raise PermissionDenied(_("Only the colleague or the team this lead was referred to can move it forward."))
    if locked.status not in TRANSITIONS[action][0]:
        raise status_error(locked)
    return locked, membership


def _finish(tenant: Tenant, actor, referral: Referral, membership: Membership, *, from_status: str, note: str, fields: list[str],
            data: dict | None = None) -> Referral:
    if membership.employee_id:
        referral.handled_by_id = membership.employee_id
        fields = [*fields, "handled_by"]
    referral.save(update_fields=[*fields, "status", "updated_at"])
    ReferralEvent.unscoped.create(
        tenant=tenant, referral=referral, actor=actor, from_status=from_status, to_status=referral.status, note=note[:500]
    )
    ledger_record(
        tenant=tenant, actor=actor, verb=LedgerEntry.Verb.REFERRAL_STATUS, person=referral.person, owner=referral.referrer,
        data={"referral": referral.pk, "from": from_status, "to": referral.status, **(data or {})},
    )
    notify_employee(
        tenant=tenant, employee=referral.referrer, key=f"referral:{referral.pk}:{referral.status}", verb=f"referral_{referral.status}",
        title=lambda: _("Your referral “%(lead)s”: %(status)s") % {"lead": lead_label(referral), "status": referral.get_status_display()},
        body=note, url=referral_url(tenant, referral.pk),
    )
    return referral


def _note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > 500:
        raise ValidationError({"note": _("Keep the note under 500 characters.")})
    return note


@transaction.atomic
def referral_accept(*, tenant: Tenant, actor, referral: Referral, note: str = "", now: datetime | None = None) -> Referral:
    """The receiving side takes the lead on (submitted -> accepted)."""
    note = _note(note)
    locked, membership = _begin(tenant, actor, referral, "accept")
    now = now or timezone.now()
    from_status, locked.status, locked.accepted_at = locked.status, S.ACCEPTED, now
    return _finish(tenant, actor, locked, membership, from_status=from_status, note=note, fields=["accepted_at"])


@transaction.atomic
def referral_qualify(*, tenant: Tenant, actor, referral: Referral, note: str = "", now: datetime | None = None) -> Referral:
    """The lead is real: a need, a budget, a contact (accepted -> qualified)."""
    note = _note(note)
    locked, membership = _begin(tenant, actor, referral, "qualify")
    now = now or timezone.now()
    from_status, locked.status, locked.qualified_at = locked.status, S.QUALIFIED, now
    return _finish(tenant, actor, locked, membership, from_status=from_status, note=note, fields=["qualified_at"])


def _amount(value, field: str, errors: dict, *, required: bool = False, minimum: Decimal | None = Decimal(0)) -> Decimal | None:
    if value in (None, ""):
        if required:
            errors[field] = _("This field is required.")
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        errors[field] = _("Enter a number.")
        return None
    if not number.is_finite() or abs(number) >= MAX_DEAL:
        errors[field] = _("Enter a number.")
        return None
    if minimum is not None and number < minimum:
        errors[field] = _("This cannot be negative.")
        return None
    return number.quantize(Decimal("0.01"))


@transaction.atomic
def referral_win(
    *,
    tenant: Tenant,
    actor,
    referral: Referral,
    deal_value,
    vehicles: int | None = None,
    margin=None,
    deal_department: Department | None = None,
    note: str = "",
    now: datetime | None = None,
) -> Referral:
    """The deal is signed (qualified -> won): deal value (required), vehicles, margin, the department of the deal
    (default: the department it was referred to, else the handler's). Computes the referrer's reward with the
    rule in force when the referral was submitted; a percentage-of-margin rule needs the margin."""
    note = _note(note)
    errors: dict[str, str] = {}
    deal_value = _amount(deal_value, "deal_value", errors, required=True)
    margin = _amount(margin, "margin", errors, minimum=None)
    if vehicles not in (None, ""):
        try:
            vehicles = int(vehicles)
        except (TypeError, ValueError):
            errors["vehicles"] = _("Enter a whole number.")
        else:
            if not 0 <= vehicles <= 100_000:
                errors["vehicles"] = _("Enter a number of vehicles between 0 and 100,000.")
    else:
        vehicles = None
    if deal_department is not None and (not isinstance(deal_department, Department) or deal_department.tenant_id != tenant.pk):
        errors["deal_department"] = _("This object does not belong to the group.")
    if errors:
        raise ValidationError(errors)
    locked, membership = _begin(tenant, actor, referral, "win")
    if deal_department is None:
        deal_department = locked.to_department
    if deal_department is None:
        handler = membership.employee or locked.handled_by
        if handler is not None and handler.department_id:
            deal_department = Department.unscoped.filter(tenant=tenant, pk=handler.department_id).first()
    rule = rewards.reward_rule_for(locked, department_id=deal_department.pk if deal_department else None)
    if margin is None and rewards.rule_needs_margin(rule):
        raise ValidationError({"margin": _(
            "The reward rule of this department (“%(rule)s”) is a percentage of the margin: give the deal's margin."
        ) % {"rule": rule.name}})
    now = now or timezone.now()
    from_status = locked.status
    locked.status, locked.closed_at = S.WON, now
    locked.deal_value, locked.vehicles, locked.margin, locked.deal_department = deal_value, vehicles, margin, deal_department
    with translation.override(tenant.locale):
        summary = _("Deal of %(value)s") % {"value": euros(deal_value)}
    won = _finish(
        tenant, actor, locked, membership, from_status=from_status, note=note or summary,
        fields=["closed_at", "deal_value", "vehicles", "margin", "deal_department"],
        data={"deal_value": str(deal_value), "vehicles": vehicles, "deal_department": deal_department.pk if deal_department else None,
              "rule": rule.pk if rule else None},
    )
    rewards.reward_for_win(tenant=tenant, actor=actor, referral=won, rule=rule)
    return won


@transaction.atomic
def referral_lose(*, tenant: Tenant, actor, referral: Referral, reason: str, now: datetime | None = None) -> Referral:
    """The lead did not turn into a deal (any open status -> lost), with the reason the referrer will read."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the lead was lost: the referrer will read it.")})
    if len(reason) > 300:
        raise ValidationError({"reason": _("Keep the reason under 300 characters.")})
    locked, membership = _begin(tenant, actor, referral, "lose")
    now = now or timezone.now()
    from_status = locked.status
    locked.status, locked.closed_at, locked.lost_reason = S.LOST, now, reason
    return _finish(tenant, actor, locked, membership, from_status=from_status, note=reason, fields=["closed_at", "lost_reason"])
