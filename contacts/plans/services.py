"""Writes of account plans ("plan de compte"): the plan, its stakeholders (the org chart) and its actions.

Keyword-only, tenant and actor explicit, atomic, each change in the audit trail (bns.services.audit) in the same
transaction. Who may do what: see access.py. Affiliations: affiliation_services.py (re-exported here).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from bns.models import Employee, Tenant
from bns.permissions import Perm
from bns.services.audit import audit_record
from bns.services.notifications import notification_send_to_employee
from contacts.models import Account, Person
from contacts.plans.access import action_can_edit, actor_membership, person_details_visible, plan_require_edit
from contacts.plans.affiliation_services import (  # noqa: F401  (one import path for the callers)
    AffiliationMatch,
    affiliation_find_or_create,
    affiliation_merge,
    employee_affiliation_add,
    employee_affiliation_remove,
    person_affiliation_add,
    person_affiliation_remove,
)
from contacts.plans.models import AccountPlan, PlanAction, Stakeholder

TEXT_MAX = 10_000
PLAN_EDITABLE = ("owner", "objectives", "strategy", "status")
STAKEHOLDER_EDITABLE = ("title", "level", "buying_role", "stance", "reports_to", "notes")
ACTION_EDITABLE = ("title", "owner", "stakeholder", "due_date", "status")


def _check_tenant(tenant: Tenant, *objs) -> None:
    for obj in objs:
        if obj is not None and obj.tenant_id != tenant.pk:
            raise PermissionDenied


def _text(values: dict, name: str, max_length: int, errors: dict, *, single_line: bool = True) -> None:
    if name not in values:
        return
    value = str(values[name] or "").replace("\x00", "")
    value = " ".join(value.split()) if single_line else value.strip()
    if len(value) > max_length:
        errors[name] = _("At most %(n)s characters.") % {"n": max_length}
    values[name] = value


def _check_owner(tenant: Tenant, owner, errors: dict, field: str = "owner") -> None:
    if owner is None:
        return
    if not isinstance(owner, Employee) or owner.tenant_id != tenant.pk or not owner.is_active:
        errors[field] = _("Choose an active employee of the group.")


def _changes(obj, values: dict) -> dict:
    """What changes, as the audit trail shows it ("from" -> "to"; long texts only say they changed)."""
    out = {}
    for name, value in values.items():
        old = getattr(obj, name)
        if old == value:
            continue
        if name in ("objectives", "strategy", "notes"):
            out[name] = "changed"
        else:
            out[name] = {"from": _plain(old), "to": _plain(value)}
    return out


def _plain(value):
    """A value as the audit row's JSON holds it: an object's id, a date in ISO format."""
    if isinstance(value, date):
        return value.isoformat()
    return getattr(value, "pk", value)


def _plan_url(plan: AccountPlan) -> str:
    return reverse("plans_detail", kwargs={"tenant_slug": plan.tenant.slug, "pk": plan.pk})


def _notify_action_owner(tenant: Tenant, membership, action: PlanAction) -> None:
    """The new owner of an action hears of it (once per action and owner), unless they assigned it to themself."""
    if action.owner_id is None or action.owner_id == membership.employee_id:
        return
    with translation.override(tenant.locale):
        title = _("An action of the account plan “%(account)s” is yours: %(action)s") % {
            "account": action.plan.account.name, "action": action.title}
        body = _("Due on %(date)s.") % {"date": action.due_date.strftime("%d/%m/%Y")} if action.due_date else ""
    notification_send_to_employee(
        tenant=tenant, employee=action.owner, key=f"plan_action:{action.pk}:owner:{action.owner_id}", verb="plan_action",
        title=title, body=body, url=_plan_url(action.plan),
    )


# --- Plans --------------------------------------------------------------------------------------------


def _validate_plan_values(tenant: Tenant, values: dict) -> dict:
    errors: dict = {}
    _text(values, "objectives", TEXT_MAX, errors, single_line=False)
    _text(values, "strategy", TEXT_MAX, errors, single_line=False)
    if "status" in values and values["status"] not in AccountPlan.Status.values:
        errors["status"] = _("Unknown status: draft, active, on hold or closed.")
    if "owner" in values:
        _check_owner(tenant, values["owner"], errors)
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def account_plan_create(*, tenant: Tenant, actor, account: Account, owner: Employee | None = None, objectives: str = "",
                        strategy: str = "", status: str = AccountPlan.Status.ACTIVE) -> AccountPlan:
    """A plan for a target account (Perm.MANAGE_ACCOUNT_PLANS); the account becomes a target account.

    One open plan per account: a second one is refused while another is not closed."""
    membership = actor_membership(tenant, actor)
    if not membership.has_perm(Perm.MANAGE_ACCOUNT_PLANS):
        raise PermissionDenied
    if not isinstance(account, Account) or account.tenant_id != tenant.pk:
        raise ValidationError({"account": _("Choose an account of the group.")})
    values = _validate_plan_values(tenant, {"owner": owner, "objectives": objectives, "strategy": strategy, "status": status})
    account = Account.unscoped.select_for_update().get(tenant=tenant, pk=account.pk)
    if AccountPlan.unscoped.filter(tenant=tenant, account=account).exclude(status=AccountPlan.Status.CLOSED).exists():
        raise ValidationError({"account": _("This account already has an open plan: work on that one (or close it first).")})
    plan = AccountPlan.unscoped.create(tenant=tenant, account=account, **values)
    if not account.is_target:
        account.is_target = True
        account.save(update_fields=["is_target"])
    audit_record(tenant=tenant, actor=actor, verb="account_plan.create", obj=plan,
                 data={"account": account.pk, "owner": owner.pk if owner else None, "status": plan.status})
    return plan


@transaction.atomic
def account_plan_update(*, tenant: Tenant, actor, plan: AccountPlan, **changes) -> AccountPlan:
    """The plan's owner or a member with Perm.MANAGE_ACCOUNT_PLANS changes its owner, objectives, strategy, status."""
    membership = actor_membership(tenant, actor)
    _check_tenant(tenant, plan)
    unknown = set(changes) - set(PLAN_EDITABLE)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    plan = AccountPlan.unscoped.select_for_update(of=("self",)).select_related("account").get(tenant=tenant, pk=plan.pk)
    plan_require_edit(membership, plan)
    values = _validate_plan_values(tenant, dict(changes))
    changed = _changes(plan, values)
    if not changed:
        return plan
    for name, value in values.items():
        setattr(plan, name, value)
    plan.save()
    audit_record(tenant=tenant, actor=actor, verb="account_plan.update", obj=plan, data=changed)
    return plan


# --- Stakeholders -------------------------------------------------------------------------------------


def _lock_plan(tenant: Tenant, plan: AccountPlan) -> AccountPlan:
    """The plan row, locked: changes of one plan's org chart are serialised (no cycle built by two at once)."""
    return AccountPlan.unscoped.select_for_update(of=("self",)).select_related("account").get(tenant=tenant, pk=plan.pk)


def _validate_stakeholder_values(values: dict, errors: dict) -> None:
    _text(values, "title", 200, errors)
    _text(values, "notes", 500, errors)
    if "level" in values:
        try:
            values["level"] = int(values["level"])
        except (TypeError, ValueError):
            values["level"] = 0
        if values["level"] not in Stakeholder.Level.values:
            errors["level"] = _("Unknown hierarchy level.")
    if "buying_role" in values and values["buying_role"] not in Stakeholder.BuyingRole.values:
        errors["buying_role"] = _("Unknown buying role: decision maker, influencer, user, buyer or gatekeeper.")
    if "stance" in values and values["stance"] not in Stakeholder.Stance.values:
        errors["stance"] = _("Unknown stance: ally, neutral, adversary or unknown.")


def _check_reports_to(tenant: Tenant, plan: AccountPlan, stakeholder: Stakeholder | None, boss, errors: dict) -> None:
    """``boss`` must be a stakeholder of the same plan, not the stakeholder itself nor one of their reports."""
    if boss is None:
        return
    if not isinstance(boss, Stakeholder) or boss.tenant_id != tenant.pk or boss.plan_id != plan.pk:
        errors["reports_to"] = _("Choose a stakeholder of this plan.")
        return
    if stakeholder is None:
        return
    if boss.pk == stakeholder.pk:
        errors["reports_to"] = _("A stakeholder cannot report to themself.")
        return
    parents = dict(Stakeholder.unscoped.filter(tenant=tenant, plan=plan).values_list("pk", "reports_to_id"))
    seen, current = set(), boss.pk
    while current is not None and current not in seen:
        if current == stakeholder.pk:
            errors["reports_to"] = _(
                "%(boss)s already reports, directly or not, to %(name)s: %(name)s cannot report to them "
                "(that would make a loop in the org chart)."
            ) % {"boss": boss.person.full_name, "name": stakeholder.person.full_name}
            return
        seen.add(current)
        current = parents.get(current)


@transaction.atomic
def stakeholder_add(*, tenant: Tenant, actor, plan: AccountPlan, person: Person, title: str = "",
                    level: int = Stakeholder.Level.MANAGER, buying_role: str = Stakeholder.BuyingRole.INFLUENCER,
                    stance: str = Stakeholder.Stance.UNKNOWN, reports_to: Stakeholder | None = None, notes: str = "") -> Stakeholder:
    """Add a person of the account to the plan (plan editors). The actor must see the person's details (their own
    contact, or one shared with them): a person they may not see cannot be added by them. The title defaults to
    the person's position."""
    membership = actor_membership(tenant, actor)
    _check_tenant(tenant, plan)
    plan = _lock_plan(tenant, plan)
    plan_require_edit(membership, plan)
    errors: dict = {}
    if not isinstance(person, Person) or not person_details_visible(tenant=tenant, membership=membership, person=person):
        raise ValidationError({"person": _("Choose a person from your contacts or from those shared with you.")})
    values = {"title": title or person.position, "level": level, "buying_role": buying_role, "stance": stance, "notes": notes}
    _validate_stakeholder_values(values, errors)
    _check_reports_to(tenant, plan, None, reports_to, errors)
    if Stakeholder.unscoped.filter(tenant=tenant, plan=plan, person=person).exists():
        errors["person"] = _("%(name)s is already a stakeholder of this plan.") % {"name": person.full_name}
    if errors:
        raise ValidationError(errors)
    stakeholder = Stakeholder.unscoped.create(tenant=tenant, plan=plan, person=person, reports_to=reports_to, **values)
    audit_record(tenant=tenant, actor=actor, verb="account_plan.stakeholder_add", obj=stakeholder,
                 data={"plan": plan.pk, "person": person.pk, "buying_role": stakeholder.buying_role, "stance": stakeholder.stance})
    return stakeholder


@transaction.atomic
def stakeholder_update(*, tenant: Tenant, actor, stakeholder: Stakeholder, **changes) -> Stakeholder:
    """Title, level, buying role, stance, notes and who they report to (same plan, no loop) — plan editors."""
    membership = actor_membership(tenant, actor)
    _check_tenant(tenant, stakeholder)
    unknown = set(changes) - set(STAKEHOLDER_EDITABLE)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    plan = _lock_plan(tenant, stakeholder.plan)
    plan_require_edit(membership, plan)
    stakeholder = Stakeholder.unscoped.select_for_update(of=("self",)).select_related("person").get(tenant=tenant, pk=stakeholder.pk)
    values, errors = dict(changes), {}
    _validate_stakeholder_values(values, errors)
    if "reports_to" in values:
        _check_reports_to(tenant, plan, stakeholder, values["reports_to"], errors)
    if errors:
        raise ValidationError(errors)
    changed = _changes(stakeholder, values)
    if not changed:
        return stakeholder
    for name, value in values.items():
        setattr(stakeholder, name, value)
    stakeholder.save()
    audit_record(tenant=tenant, actor=actor, verb="account_plan.stakeholder_update", obj=stakeholder,
                 data={"plan": plan.pk, **changed})
    return stakeholder


@transaction.atomic
def stakeholder_remove(*, tenant: Tenant, actor, stakeholder: Stakeholder) -> None:
    """Take a stakeholder off the plan (plan editors); their reports then report to no one, their actions stay."""
    membership = actor_membership(tenant, actor)
    _check_tenant(tenant, stakeholder)
    plan = _lock_plan(tenant, stakeholder.plan)
    plan_require_edit(membership, plan)
    audit_record(tenant=tenant, actor=actor, verb="account_plan.stakeholder_remove", obj=plan,
                 data={"stakeholder": stakeholder.pk, "person": stakeholder.person_id})
    stakeholder.delete()


# --- Actions ------------------------------------------------------------------------------------------


def _validate_action_values(tenant: Tenant, plan: AccountPlan, values: dict) -> dict:
    errors: dict = {}
    _text(values, "title", 200, errors)
    if "title" in values and not values["title"]:
        errors["title"] = _("Say what is to be done.")
    if "owner" in values:
        _check_owner(tenant, values["owner"], errors)
    if values.get("stakeholder") is not None:
        stakeholder = values["stakeholder"]
        if not isinstance(stakeholder, Stakeholder) or stakeholder.tenant_id != tenant.pk or stakeholder.plan_id != plan.pk:
            errors["stakeholder"] = _("Choose a stakeholder of this plan.")
    if values.get("due_date") is not None and not isinstance(values["due_date"], date):
        errors["due_date"] = _("Enter a valid date.")
    if "status" in values and values["status"] not in PlanAction.Status.values:
        errors["status"] = _("Unknown status: to do, done or cancelled.")
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def plan_action_create(*, tenant: Tenant, actor, plan: AccountPlan, title: str, owner: Employee | None = None,
                       stakeholder: Stakeholder | None = None, due_date: date | None = None) -> PlanAction:
    """A next step on the plan (plan editors), with an owner and a due date; the owner is notified."""
    membership = actor_membership(tenant, actor)
    _check_tenant(tenant, plan)
    plan = _lock_plan(tenant, plan)
    plan_require_edit(membership, plan)
    values = _validate_action_values(tenant, plan, {"title": title, "owner": owner, "stakeholder": stakeholder, "due_date": due_date})
    action = PlanAction.unscoped.create(tenant=tenant, plan=plan, **values)
    audit_record(tenant=tenant, actor=actor, verb="account_plan.action_create", obj=action,
                 data={"plan": plan.pk, "title": action.title, "owner": owner.pk if owner else None,
                       "due_date": due_date.isoformat() if due_date else None})
    _notify_action_owner(tenant, membership, action)
    return action


@transaction.atomic
def plan_action_update(*, tenant: Tenant, actor, action: PlanAction, **changes) -> PlanAction:
    """Plan editors, or the action's owner, change it."""
    membership = actor_membership(tenant, actor)
    _check_tenant(tenant, action)
    unknown = set(changes) - set(ACTION_EDITABLE)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    action = PlanAction.unscoped.select_for_update(of=("self",)).select_related("plan", "plan__account").get(tenant=tenant, pk=action.pk)
    if not action_can_edit(membership, action):
        raise PermissionDenied
    values = _validate_action_values(tenant, action.plan, dict(changes))
    changed = _changes(action, values)
    if not changed:
        return action
    for name, value in values.items():
        setattr(action, name, value)
    action.save()
    audit_record(tenant=tenant, actor=actor, verb="account_plan.action_update", obj=action, data={"plan": action.plan_id, **changed})
    if "owner" in changed:
        _notify_action_owner(tenant, membership, action)
    return action


@transaction.atomic
def plan_action_complete(*, tenant: Tenant, actor, action: PlanAction) -> PlanAction:
    """Mark a to-do action done (plan editors or its owner); a done or cancelled one is refused."""
    membership = actor_membership(tenant, actor)
    _check_tenant(tenant, action)
    action = PlanAction.unscoped.select_for_update(of=("self",)).select_related("plan").get(tenant=tenant, pk=action.pk)
    if not action_can_edit(membership, action):
        raise PermissionDenied
    if action.status != PlanAction.Status.TODO:
        raise ValidationError(
            _("This action is already “%(status)s”: only an action still to do can be completed.") % {
                "status": action.get_status_display()}
        )
    action.status = PlanAction.Status.DONE
    action.save(update_fields=["status"])
    audit_record(tenant=tenant, actor=actor, verb="account_plan.action_complete", obj=action,
                 data={"plan": action.plan_id, "title": action.title})
    return action
