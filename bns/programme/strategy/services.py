"""Writes of step 4 (strategy): candidate options, their challenges, and the decision (one option retained).

Keyword-only, tenant and actor explicit, atomic, each change in the audit trail in the same transaction.
Who may do what (bns.programme.access): the editors (Perm.MANAGE_PROGRAMME or the iteration's process owner) write
the options and take the decision; members who answer the self-assessment (Perm.ANSWER_DIAGNOSTIC) challenge them too;
only Perm.MANAGE_PROGRAMME reopens a decision.

Exactly one option is retained per iteration: the service locks the iteration's options and refuses a second decision
with a clear message, and the partial unique index ``strategy_one_retained`` stops whatever slips past it (its
IntegrityError becomes the same message).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bns.access import membership_of_actor
from bns.models import Membership, Tenant
from bns.permissions import Perm
from bns.programme.access import programme_can_edit, programme_require_edit
from bns.programme.models import Programme, StrategyChallenge, StrategyOption
from bns.programme.strategy.validation import clean_amount, clean_level, clean_text
from bns.services.audit import audit_record

OPTION_EDITABLE = ("title", "description", "pros", "cons", "cost", "feasibility", "rationale")
TEXT_MAX = 10_000

AUDIT_VERB_LABELS = {
    "programme.strategy_option.create": gettext_lazy("Strategy option added"),
    "programme.strategy_option.update": gettext_lazy("Strategy option changed"),
    "programme.strategy_option.delete": gettext_lazy("Strategy option deleted"),
    "programme.strategy_option.retain": gettext_lazy("Strategy option retained"),
    "programme.strategy_option.reopen": gettext_lazy("Strategy decision reopened"),
    "programme.strategy_challenge.add": gettext_lazy("Strategy option challenged"),
}


def _check_tenant(tenant: Tenant, *objs) -> None:
    for obj in objs:
        if obj is not None and obj.tenant_id != tenant.pk:
            raise PermissionDenied


def _validate_option(values: dict) -> dict:
    errors: dict = {}
    clean_text(values, "title", 200, errors, required=True, single_line=True)
    for name in ("description", "pros", "cons", "rationale"):
        clean_text(values, name, TEXT_MAX, errors)
    clean_amount(values, "cost", errors, nullable=True)
    clean_level(values, "feasibility", errors, _("Feasibility is a level from 1 (hard) to 5 (easy)."))
    if errors:
        raise ValidationError(errors)
    return values


def _membership(tenant: Tenant, actor) -> Membership:
    return membership_of_actor(tenant=tenant, actor=actor)


def _audit_value(value):
    return str(value) if isinstance(value, Decimal) else value


# --- Options ------------------------------------------------------------------------------------------


@transaction.atomic
def strategy_option_create(*, tenant: Tenant, actor, programme: Programme, title: str, description: str = "", pros: str = "",
                           cons: str = "", cost=None, feasibility: int | None = None) -> StrategyOption:
    """A candidate option of the iteration (the editors)."""
    _check_tenant(tenant, programme)
    programme_require_edit(membership=_membership(tenant, actor), programme=programme)
    values = _validate_option({"title": title, "description": description, "pros": pros, "cons": cons, "cost": cost,
                               "feasibility": feasibility})
    option = StrategyOption.unscoped.create(tenant=tenant, programme=programme, **values)
    audit_record(tenant=tenant, actor=actor, verb="programme.strategy_option.create", obj=option,
                 data={"programme": programme.pk, "title": option.title})
    return option


@transaction.atomic
def strategy_option_update(*, tenant: Tenant, actor, option: StrategyOption, **changes) -> StrategyOption:
    """The editors change an option's texts, cost, feasibility, or the rationale of a decided one (never its status:
    that is ``strategy_option_retain`` / ``strategy_option_reopen``)."""
    _check_tenant(tenant, option)
    unknown = set(changes) - set(OPTION_EDITABLE)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    option = StrategyOption.unscoped.select_for_update(of=("self",)).select_related("programme").get(tenant=tenant, pk=option.pk)
    programme_require_edit(membership=_membership(tenant, actor), programme=option.programme)
    values = _validate_option(dict(changes))
    if option.status != StrategyOption.Status.CANDIDATE and "rationale" in values and not values["rationale"]:
        raise ValidationError({"rationale": _("A decided option keeps its rationale: say why it was retained or rejected.")})
    changed = {}
    for name, value in values.items():
        if getattr(option, name) != value:
            changed[name] = "changed" if name in ("description", "pros", "cons", "rationale") else {
                "from": _audit_value(getattr(option, name)), "to": _audit_value(value)}
            setattr(option, name, value)
    if changed:
        option.save()
        audit_record(tenant=tenant, actor=actor, verb="programme.strategy_option.update", obj=option, data=changed)
    return option


@transaction.atomic
def strategy_option_delete(*, tenant: Tenant, actor, option: StrategyOption) -> None:
    """The editors delete an option still under discussion (a decided one stays, with its reason)."""
    _check_tenant(tenant, option)
    option = StrategyOption.unscoped.select_for_update(of=("self",)).select_related("programme").get(tenant=tenant, pk=option.pk)
    programme_require_edit(membership=_membership(tenant, actor), programme=option.programme)
    if option.status != StrategyOption.Status.CANDIDATE:
        raise ValidationError(_("A decided option is kept with its rationale; reopen the decision to delete it."))
    audit_record(tenant=tenant, actor=actor, verb="programme.strategy_option.delete", obj=option,
                 data={"programme": option.programme_id, "title": option.title})
    option.delete()


# --- Challenges ---------------------------------------------------------------------------------------


def strategy_can_challenge(*, membership: Membership, programme: Programme) -> bool:
    if programme_can_edit(membership=membership, programme=programme):
        return True
    return programme.status == Programme.Status.ACTIVE and membership.has_perm(Perm.ANSWER_DIAGNOSTIC)


@transaction.atomic
def strategy_challenge_add(*, tenant: Tenant, actor, option: StrategyOption, comment: str, score: int | None = None
                           ) -> StrategyChallenge:
    """A comment (and an optional score 1-5) on an option, by an editor or a member who answers the self-assessment."""
    _check_tenant(tenant, option)
    membership = _membership(tenant, actor)
    option = StrategyOption.unscoped.select_related("programme").get(tenant=tenant, pk=option.pk)
    if not strategy_can_challenge(membership=membership, programme=option.programme):
        raise PermissionDenied
    values: dict = {"comment": comment, "score": score}
    errors: dict = {}
    clean_text(values, "comment", 5_000, errors, required=True)
    clean_level(values, "score", errors, _("The score is a level from 1 (weak) to 5 (strong)."))
    if errors:
        raise ValidationError(errors)
    challenge = StrategyChallenge.unscoped.create(tenant=tenant, option=option, author_id=membership.employee_id, **values)
    audit_record(tenant=tenant, actor=actor, verb="programme.strategy_challenge.add", obj=challenge,
                 data={"option": option.pk, "score": challenge.score})
    return challenge


# --- The decision -------------------------------------------------------------------------------------


def _already_retained(title: str) -> ValidationError:
    return ValidationError(_("“%(title)s” is already retained for this iteration: reopen the decision first.") % {"title": title})


def strategy_default_rejection(*, tenant: Tenant, retained: StrategyOption) -> str:
    """The reason stored for an option rejected without one (in the group's language: it is stored text)."""
    with translation.override(tenant.locale):
        return _("Not retained: “%(title)s” was preferred.") % {"title": retained.title}


@transaction.atomic
def strategy_option_retain(*, tenant: Tenant, actor, option: StrategyOption, rationale: str,
                           rejection_reasons: dict[int, str] | None = None) -> StrategyOption:
    """Retain ``option`` for its iteration, with its rationale; every other option becomes rejected with its own reason
    (``rejection_reasons`` by option id; a blank one keeps the reason it already had, else a default naming the retained
    option, editable later with ``strategy_option_update``).

    The iteration's options are locked (select_for_update) so two decisions taken at once are serialised: the second one
    sees the first and is refused. The database's partial unique index is the last guard; its IntegrityError is
    turned into the same message."""
    _check_tenant(tenant, option)
    membership = _membership(tenant, actor)
    target = StrategyOption.unscoped.select_related("programme").get(tenant=tenant, pk=option.pk)
    programme_require_edit(membership=membership, programme=target.programme)
    values = {"rationale": rationale}
    errors: dict = {}
    clean_text(values, "rationale", TEXT_MAX, errors, required=True)
    if errors:
        raise ValidationError(errors)
    options = list(StrategyOption.unscoped.select_for_update().filter(tenant=tenant, programme_id=target.programme_id).order_by("pk"))
    target = next((o for o in options if o.pk == target.pk), None)
    if target is None:  # deleted meanwhile
        raise ValidationError(_("This option no longer exists."))
    retained = next((o for o in options if o.status == StrategyOption.Status.RETAINED), None)
    if retained is not None:
        raise _already_retained(retained.title)
    reasons = {}
    for key, text in (rejection_reasons or {}).items():
        try:
            pk = int(key)
        except (TypeError, ValueError):
            continue
        reason = {"r": text}
        clean_text(reason, "r", TEXT_MAX, errors)
        if "r" in errors:
            raise ValidationError({"rejection_reasons": errors["r"]})
        reasons[pk] = reason["r"]
    now = timezone.now()
    default = strategy_default_rejection(tenant=tenant, retained=target)
    rejected = []
    try:
        with transaction.atomic():  # a savepoint: the IntegrityError below must not break the outer transaction
            for other in options:
                if other.pk == target.pk:
                    continue
                other.rationale = reasons.get(other.pk) or (other.rationale if other.status == StrategyOption.Status.REJECTED else "") \
                    or default
                other.status = StrategyOption.Status.REJECTED
                other.decided_at = now
                other.save(update_fields=["status", "rationale", "decided_at"])
                rejected.append(other.pk)
            target.status = StrategyOption.Status.RETAINED
            target.rationale = values["rationale"]
            target.decided_at = now
            target.save(update_fields=["status", "rationale", "decided_at"])
    except IntegrityError:
        found = StrategyOption.unscoped.filter(tenant=tenant, programme_id=target.programme_id,
                                               status=StrategyOption.Status.RETAINED).first()
        raise _already_retained(found.title if found else "?") from None
    audit_record(tenant=tenant, actor=actor, verb="programme.strategy_option.retain", obj=target,
                 data={"programme": target.programme_id, "title": target.title, "rejected": rejected})
    return target


@transaction.atomic
def strategy_option_reopen(*, tenant: Tenant, actor, programme: Programme) -> int:
    """Perm.MANAGE_PROGRAMME only: every option of the iteration goes back under discussion (status, decision date and
    rationale cleared; the audit row keeps what they were). Returns how many options were reopened."""
    _check_tenant(tenant, programme)
    membership = _membership(tenant, actor)
    if not membership.has_perm(Perm.MANAGE_PROGRAMME):
        raise PermissionDenied
    options = list(StrategyOption.unscoped.select_for_update().filter(tenant=tenant, programme_id=programme.pk).order_by("pk"))
    decided = [o for o in options if o.status != StrategyOption.Status.CANDIDATE]
    if not decided:
        raise ValidationError(_("No decision to reopen: every option is still under discussion."))
    before = {str(o.pk): {"status": o.status, "rationale": o.rationale} for o in decided}
    StrategyOption.unscoped.filter(tenant=tenant, pk__in=[o.pk for o in decided]).update(
        status=StrategyOption.Status.CANDIDATE, rationale="", decided_at=None)
    audit_record(tenant=tenant, actor=actor, verb="programme.strategy_option.reopen", obj=programme, data={"before": before})
    return len(decided)
