"""Writes of rewards ("primes") and reward rules. Keyword-only, tenant and actor explicit, atomic, recorded.

- A reward is computed once, when its referral is won, with the rule in force when the referral was SUBMITTED
  (``reward_for_win``, called by ``referral_win`` in its transaction).
- Rules are never edited in place: ``reward_rule_change`` ends the rule (``ended_at``, ``replaced_by``) and
  creates its successor, so referrals submitted before the change keep the old rule.
- Status: pending -> approved (APPROVE_REWARDS, never the referrer) -> paid (PAY_REWARDS); pending -> rejected.
  Each step locks the row (``select_for_update``) and checks the status again, so two managers approving at
  once approve once and a reward is paid once; each writes a REWARD ledger entry and tells the referrer.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from bns.models import Department, Tenant
from bns.permissions import Perm
from bns.services.audit import audit_record
from contacts.models import LedgerEntry
from contacts.referrals.common import (
    actor_membership,
    euros,
    lead_label,
    money,
    notify_employee,
    percent_text,
    referral_url,
)
from contacts.referrals.models import Referral, Reward, RewardRule
from contacts.referrals.selectors import reward_rule_in_force
from contacts.services import ledger_record

RULE_FIELDS = ("name", "department", "kind", "amount", "percent", "cap", "valid_from", "valid_until")
HUNDRED = Decimal("100")


# --- Computation ----------------------------------------------------------------------------------------


def reward_compute(*, rule: RewardRule, margin: Decimal | None) -> tuple[Decimal, str]:
    """(amount, explanation) of ``rule`` for a deal with ``margin``; the explanation in the active language.

    A percentage rule needs the margin (the caller refuses the win without it); a negative margin earns nothing.
    """
    if rule.kind == RewardRule.Kind.FIXED:
        amount = money(rule.amount or 0)
        text = _("Fixed amount: %(amount)s") % {"amount": euros(amount)}
    else:
        if margin is None:
            raise ValueError("a percentage rule needs the margin")
        base = max(Decimal(margin), Decimal(0))
        amount = money(base * Decimal(rule.percent or 0) / HUNDRED)
        text = _("%(percent)s %% of %(margin)s margin = %(amount)s") % {
            "percent": percent_text(rule.percent or 0), "margin": euros(margin), "amount": euros(amount),
        }
    if rule.cap is not None and amount > rule.cap:
        amount = money(rule.cap)
        text = _("%(computation)s, capped at %(cap)s") % {"computation": text, "cap": euros(rule.cap)}
    return amount, f"{rule.name} · {text}"[:300]


def rule_needs_margin(rule: RewardRule | None) -> bool:
    return rule is not None and rule.kind == RewardRule.Kind.MARGIN_PERCENT


def reward_rule_for(referral: Referral, *, department_id: int | None) -> RewardRule | None:
    return reward_rule_in_force(tenant=referral.tenant, department_id=department_id, submitted_at=referral.submitted_at)


def reward_for_win(*, tenant: Tenant, actor, referral: Referral, rule: RewardRule | None) -> Reward | None:
    """The referrer's reward for the won ``referral`` (inside referral_win's transaction); None without a rule."""
    if rule is None:
        return None
    with translation.override(tenant.locale):
        amount, explanation = reward_compute(rule=rule, margin=referral.margin)
    reward = Reward.unscoped.create(
        tenant=tenant, referral=referral, referrer_id=referral.referrer_id, rule=rule, amount=amount, explanation=explanation
    )
    _ledger(tenant, actor, reward, referral)
    notify_employee(
        tenant=tenant, employee=referral.referrer, key=f"reward:{reward.pk}:pending", verb="reward_pending",
        title=lambda: _("Your referral “%(lead)s” was won: a reward of %(amount)s waits for approval")
        % {"lead": lead_label(referral), "amount": euros(amount)},
        body=lambda: explanation, url=referral_url(tenant, referral.pk),
    )
    return reward


# --- Approval, rejection, payment -------------------------------------------------------------------------


def _ledger(tenant: Tenant, actor, reward: Reward, referral: Referral) -> None:
    ledger_record(
        tenant=tenant, actor=actor, verb=LedgerEntry.Verb.REWARD, person=referral.person, owner=referral.referrer,
        data={"reward": reward.pk, "referral": referral.pk, "status": reward.status, "amount": str(reward.amount)},
    )


def _lock(tenant: Tenant, reward: Reward) -> Reward:
    if reward.tenant_id != tenant.pk:
        raise PermissionDenied
    return (
        Reward.unscoped.select_for_update(of=("self",))
        .select_related("referral", "referral__person", "referral__account", "referrer")
        .get(tenant=tenant, pk=reward.pk)
    )


def _status_error(reward: Reward) -> ValidationError:
    """Why ``reward`` cannot take the step asked, naming its current status."""
    status = reward.get_status_display()
    if reward.status == Reward.Status.PENDING:
        return ValidationError(_("This reward is “%(status)s”: approve it before it is paid.") % {"status": status})
    if reward.status == Reward.Status.APPROVED:
        when = formats.date_format(timezone.localtime(reward.approved_at), "SHORT_DATE_FORMAT") if reward.approved_at else ""
        who = reward.approved_by.get_full_name() if reward.approved_by_id else ""
        return ValidationError(
            _("This reward was already approved (by %(who)s on %(when)s): it can only be marked paid now.") % {"who": who, "when": when}
        )
    if reward.status == Reward.Status.PAID:
        return ValidationError(
            _("This reward was already paid (payroll of %(month)s): it can no longer change.")
            % {"month": formats.date_format(reward.payroll_month, "YEAR_MONTH_FORMAT") if reward.payroll_month else "?"}
        )
    return ValidationError(_("This reward was rejected: it can no longer change."))


def _require_not_referrer(membership, reward: Reward, message: str) -> None:
    if membership.employee_id and membership.employee_id == reward.referrer_id:
        raise PermissionDenied(message)


def _tell_referrer(tenant: Tenant, reward: Reward, body: str = "") -> None:
    referral = reward.referral
    notify_employee(
        tenant=tenant, employee=reward.referrer, key=f"reward:{reward.pk}:{reward.status}", verb=f"reward_{reward.status}",
        title=lambda: _("Your reward of %(amount)s for “%(lead)s”: %(status)s")
        % {"amount": euros(reward.amount), "lead": lead_label(referral), "status": reward.get_status_display()},
        body=body, url=referral_url(tenant, referral.pk),
    )


@transaction.atomic
def reward_approve(*, tenant: Tenant, actor, reward: Reward, now: datetime | None = None) -> Reward:
    """A manager approves a pending reward (Perm.APPROVE_REWARDS), never their own."""
    membership = actor_membership(tenant, actor)
    if not membership.has_perm(Perm.APPROVE_REWARDS):
        raise PermissionDenied
    locked = _lock(tenant, reward)
    _require_not_referrer(membership, locked, _("This is your own reward: another manager must approve it."))
    if locked.status != Reward.Status.PENDING:
        raise _status_error(locked)
    locked.status, locked.approved_by, locked.approved_at = Reward.Status.APPROVED, actor, now or timezone.now()
    locked.save(update_fields=["status", "approved_by", "approved_at"])
    _ledger(tenant, actor, locked, locked.referral)
    _tell_referrer(tenant, locked, body=locked.explanation)
    return locked


@transaction.atomic
def reward_reject(*, tenant: Tenant, actor, reward: Reward, reason: str) -> Reward:
    """A manager turns down a pending reward, with the reason the referrer will read."""
    membership = actor_membership(tenant, actor)
    if not membership.has_perm(Perm.APPROVE_REWARDS):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the reward is rejected: the referrer will read it.")})
    if len(reason) > 300:
        raise ValidationError({"reason": _("Keep the reason under 300 characters.")})
    locked = _lock(tenant, reward)
    _require_not_referrer(membership, locked, _("This is your own reward: another manager must decide on it."))
    if locked.status != Reward.Status.PENDING:
        raise _status_error(locked)
    locked.status, locked.rejection_reason = Reward.Status.REJECTED, reason
    locked.save(update_fields=["status", "rejection_reason"])
    _ledger(tenant, actor, locked, locked.referral)
    _tell_referrer(tenant, locked, body=reason)
    return locked


@transaction.atomic
def reward_mark_paid(*, tenant: Tenant, actor, reward: Reward, month: date | None = None, now: datetime | None = None) -> Reward:
    """Payroll (Perm.PAY_REWARDS) marks an approved reward paid, in ``month`` (default: the current month)."""
    membership = actor_membership(tenant, actor)
    if not membership.has_perm(Perm.PAY_REWARDS):
        raise PermissionDenied
    now = now or timezone.now()
    locked = _lock(tenant, reward)
    _require_not_referrer(membership, locked, _("This is your own reward: someone else in payroll must mark it paid."))
    if locked.status != Reward.Status.APPROVED:
        raise _status_error(locked)
    locked.status, locked.paid_by, locked.paid_at = Reward.Status.PAID, actor, now
    locked.payroll_month = (month or timezone.localdate(now)).replace(day=1)
    locked.save(update_fields=["status", "paid_by", "paid_at", "payroll_month"])
    _ledger(tenant, actor, locked, locked.referral)
    _tell_referrer(tenant, locked)
    return locked


# --- Rules ------------------------------------------------------------------------------------------------


def _decimal(value, field: str, errors: dict) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        errors[field] = _("Enter a number.")
        return None
    if not number.is_finite() or abs(number) >= Decimal("1e8"):
        errors[field] = _("Enter a number.")
        return None
    return number


def _rule_values(tenant: Tenant, values: dict) -> dict:
    """Validated rule fields, or ValidationError naming each wrong field."""
    errors: dict[str, str] = {}
    name = (values.get("name") or "").strip()
    if not name:
        errors["name"] = _("Give the rule a name (e.g. “VN reward 2025”).")
    elif len(name) > 120:
        errors["name"] = _("Keep the name under 120 characters.")
    kind = values.get("kind")
    if kind not in RewardRule.Kind.values:
        errors["kind"] = _("Choose a fixed amount or a percentage of the margin.")
    department = values.get("department")
    if department is not None and (not isinstance(department, Department) or department.tenant_id != tenant.pk):
        errors["department"] = _("This object does not belong to the group.")
    amount = _decimal(values.get("amount"), "amount", errors)
    percent = _decimal(values.get("percent"), "percent", errors)
    cap = _decimal(values.get("cap"), "cap", errors)
    if kind == RewardRule.Kind.FIXED and "amount" not in errors:
        if amount is None:
            errors["amount"] = _("A fixed reward needs its amount.")
        elif amount < 0:
            errors["amount"] = _("The amount cannot be negative.")
        if percent is not None and "percent" not in errors:
            errors["percent"] = _("A fixed reward has no percentage: leave it empty.")
    if kind == RewardRule.Kind.MARGIN_PERCENT and "percent" not in errors:
        if percent is None:
            errors["percent"] = _("A reward on the margin needs its percentage.")
        elif not Decimal(0) <= percent <= HUNDRED:
            errors["percent"] = _("The percentage goes from 0 to 100.")
        if amount is not None and "amount" not in errors:
            errors["amount"] = _("A reward on the margin has no fixed amount: leave it empty (use the cap to limit it).")
    if cap is not None and cap < 0 and "cap" not in errors:
        errors["cap"] = _("The cap cannot be negative.")
    valid_from, valid_until = values.get("valid_from"), values.get("valid_until")
    if not isinstance(valid_from, date):
        errors["valid_from"] = _("Give the first day the rule applies.")
    if valid_until is not None and not isinstance(valid_until, date):
        errors["valid_until"] = _("Enter a valid date.")
    elif valid_until is not None and isinstance(valid_from, date) and valid_until < valid_from:
        errors["valid_until"] = _("The end of validity cannot be before its start.")
    if errors:
        raise ValidationError(errors)
    return dict(
        name=name, kind=kind, department=department, valid_from=valid_from, valid_until=valid_until,
        amount=money(amount) if kind == RewardRule.Kind.FIXED else None,
        percent=percent.quantize(Decimal("0.01")) if kind == RewardRule.Kind.MARGIN_PERCENT else None,
        cap=money(cap) if cap is not None else None,
    )


def _require_payroll(tenant: Tenant, actor):
    membership = actor_membership(tenant, actor)
    if not membership.has_perm(Perm.PAY_REWARDS):
        raise PermissionDenied
    return membership


def _rule_data(rule: RewardRule) -> dict:
    return {
        "name": rule.name, "kind": rule.kind, "department": rule.department_id, "amount": str(rule.amount) if rule.amount is not None else None,
        "percent": str(rule.percent) if rule.percent is not None else None, "cap": str(rule.cap) if rule.cap is not None else None,
        "valid_from": rule.valid_from.isoformat(), "valid_until": rule.valid_until.isoformat() if rule.valid_until else None,
    }


@transaction.atomic
def reward_rule_create(*, tenant: Tenant, actor, **values) -> RewardRule:
    """A new reward rule (Perm.PAY_REWARDS). It applies to referrals submitted from now on."""
    _require_payroll(tenant, actor)
    unknown = set(values) - set(RULE_FIELDS)
    if unknown:
        raise TypeError(f"unknown rule fields: {sorted(unknown)}")
    rule = RewardRule.unscoped.create(tenant=tenant, created_by=actor, **_rule_values(tenant, values))
    audit_record(tenant=tenant, actor=actor, verb="reward_rule.create", obj=rule, data=_rule_data(rule))
    return rule


@transaction.atomic
def reward_rule_change(*, tenant: Tenant, actor, rule: RewardRule, now: datetime | None = None, **values) -> RewardRule:
    """"Editing" a rule: it ends now and its successor (``values``, the whole rule) starts; referrals submitted
    before keep the old rule. Returns the new rule."""
    _require_payroll(tenant, actor)
    if rule.tenant_id != tenant.pk:
        raise PermissionDenied
    unknown = set(values) - set(RULE_FIELDS)
    if unknown:
        raise TypeError(f"unknown rule fields: {sorted(unknown)}")
    clean = _rule_values(tenant, values)
    locked = RewardRule.unscoped.select_for_update().get(tenant=tenant, pk=rule.pk)
    if locked.ended_at is not None:
        raise ValidationError(_("This rule was already replaced or ended: change the rule in force instead."))
    new = RewardRule.unscoped.create(tenant=tenant, created_by=actor, **clean)
    locked.ended_at, locked.replaced_by = now or timezone.now(), new
    locked.save(update_fields=["ended_at", "replaced_by"])
    audit_record(tenant=tenant, actor=actor, verb="reward_rule.change", obj=new, data={"replaces": locked.pk, **_rule_data(new)})
    return new


@transaction.atomic
def reward_rule_end(*, tenant: Tenant, actor, rule: RewardRule, now: datetime | None = None) -> RewardRule:
    """Stop a rule with no successor: referrals submitted from now on earn nothing under it."""
    _require_payroll(tenant, actor)
    if rule.tenant_id != tenant.pk:
        raise PermissionDenied
    locked = RewardRule.unscoped.select_for_update().get(tenant=tenant, pk=rule.pk)
    if locked.ended_at is not None:
        raise ValidationError(_("This rule was already replaced or ended."))
    locked.ended_at = now or timezone.now()
    locked.save(update_fields=["ended_at"])
    audit_record(tenant=tenant, actor=actor, verb="reward_rule.end", obj=locked, data={"name": locked.name})
    return locked
