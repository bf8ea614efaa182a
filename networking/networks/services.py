"""Writes of the real-world networks: the directory, memberships, the networking policy (targets and leads),
events, attendance and the contacts met there.

Keyword-only, tenant and actor explicit, atomic, each change in the audit trail (bns.services.audit) in the same
transaction. Who may do what:
- the directory and the policy (targets, leads): Perm.MANAGE_NETWORKS;
- a membership: the employee declares their own; Perm.MANAGE_NETWORKS for anyone's;
- events: any member using the networking creates one; its creator or Perm.MANAGE_NETWORKS edits it;
- attendance: an employee marks themself; the event's creator or Perm.MANAGE_NETWORKS marks colleagues;
- contacts met: only the attendee records the persons they met, and each becomes the attendee's own relationship
  through the contacts services (the rep owns the relationship). See contacts_met.py.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bns.models import Employee, Site, Tenant
from bns.permissions import Perm
from bns.services.audit import audit_record
from networking.models import (
    MembershipRole,
    Network,
    NetworkKind,
    NetworkMembership,
    NetworkTarget,
    Priority,
)
from networking.networks.access import actor_membership, membership_can_manage
from networking.networks.checks import (
    clean_text,
    diff,
    employee_ok,
    plain,
    require,
    same_tenant,
    unknown_fields,
)
from networking.networks.contacts_met import EventContactResult, event_contact_add  # noqa: F401  (one import path)
from networking.networks.event_services import (  # noqa: F401  (one import path for the callers)
    event_attendance_set,
    network_event_create,
    network_event_update,
)

FEE_MAX = Decimal("9999999.99")
NETWORK_EDITABLE = ("name", "kind", "city", "site", "annual_fee", "priority", "website", "description", "is_active")
MEMBERSHIP_EDITABLE = ("role", "since", "paid_by_company")
TARGET_EDITABLE = ("lead", "note")


# --- Networks -----------------------------------------------------------------------------------------


def _validate_network(tenant: Tenant, values: dict, *, network: Network | None = None) -> dict:
    errors: dict = {}
    clean_text(values, "name", 200, errors, required=True)
    clean_text(values, "city", 120, errors)
    clean_text(values, "website", 300, errors)
    clean_text(values, "description", 5000, errors, single_line=False)
    if "kind" in values and values["kind"] not in NetworkKind.values:
        errors["kind"] = _("Unknown kind of network.")
    if "priority" in values:
        try:
            values["priority"] = int(values["priority"])
        except (TypeError, ValueError):
            values["priority"] = 0
        if values["priority"] not in Priority.values:
            errors["priority"] = _("The priority is high, medium or low.")
    if "annual_fee" in values and values["annual_fee"] not in (None, ""):
        try:
            fee = Decimal(str(values["annual_fee"])).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            errors["annual_fee"] = _("Give the annual fee in euros, for example 450 or 450.50.")
        else:
            if fee < 0:
                errors["annual_fee"] = _("The annual fee cannot be negative.")
            elif fee > FEE_MAX:
                errors["annual_fee"] = _("This annual fee is too large.")
            values["annual_fee"] = fee
    elif "annual_fee" in values:
        values["annual_fee"] = None
    if values.get("website"):
        try:
            URLValidator(schemes=["http", "https"])(values["website"])
        except ValidationError:
            errors["website"] = _("Give the website's full address (https://...).")
    if "site" in values and values["site"] is not None and (not isinstance(values["site"], Site) or values["site"].tenant_id != tenant.pk):
        errors["site"] = _("Choose a dealership of the group.")
    if "is_active" in values:
        values["is_active"] = bool(values["is_active"])
    if not errors and ("name" in values or "city" in values):
        name = values.get("name", network.name if network else "")
        city = values.get("city", network.city if network else "")
        clash = Network.unscoped.filter(tenant=tenant, name__iexact=name, city__iexact=city)
        if network is not None:
            clash = clash.exclude(pk=network.pk)
        if clash.exists():
            errors["name"] = _duplicate_message(name, city)
    if errors:
        raise ValidationError(errors)
    return values


def _duplicate_message(name: str, city: str) -> str:
    if city:
        return _("The group already has a network named “%(name)s” in %(city)s.") % {"name": name, "city": city}
    return _("The group already has a network named “%(name)s” (no city).") % {"name": name}


def _save_network(network: Network, *, create: bool) -> None:
    """Save, turning a race on the unique name + city into the same clear error (never a 500)."""
    try:
        with transaction.atomic():
            network.save(force_insert=create)
    except IntegrityError:
        raise ValidationError({"name": _duplicate_message(network.name, network.city)}) from None


@transaction.atomic
def network_create(
    *,
    tenant: Tenant,
    actor,
    name: str,
    kind: str,
    city: str = "",
    site: Site | None = None,
    annual_fee=None,
    priority: int = Priority.MEDIUM,
    website: str = "",
    description: str = "",
) -> Network:
    """Add a network to the group's directory (Perm.MANAGE_NETWORKS). One network per name and city."""
    require(actor_membership(tenant, actor), Perm.MANAGE_NETWORKS)
    values = _validate_network(tenant, dict(name=name, kind=kind, city=city, site=site, annual_fee=annual_fee,
                                            priority=priority, website=website, description=description))
    network = Network(tenant=tenant, **values)
    _save_network(network, create=True)
    audit_record(tenant=tenant, actor=actor, verb="networking.network_create", obj=network,
                 data={k: plain(v) for k, v in values.items() if k != "description"})
    return network


@transaction.atomic
def network_update(*, tenant: Tenant, actor, network: Network, **changes) -> Network:
    """Change a network of the directory (Perm.MANAGE_NETWORKS); ``is_active=True`` reactivates it."""
    require(actor_membership(tenant, actor), Perm.MANAGE_NETWORKS)
    same_tenant(tenant, network)
    unknown_fields(changes, NETWORK_EDITABLE)
    network = Network.unscoped.select_for_update().get(tenant=tenant, pk=network.pk)
    values = _validate_network(tenant, dict(changes), network=network)
    changed = diff(network, values)
    if not changed:
        return network
    for name, value in values.items():
        setattr(network, name, value)
    _save_network(network, create=False)
    if "description" in changed:
        changed["description"] = "changed"
    audit_record(tenant=tenant, actor=actor, verb="networking.network_update", obj=network, data=changed)
    return network


@transaction.atomic
def network_deactivate(*, tenant: Tenant, actor, network: Network) -> Network:
    """Take a network out of the directory (kept with its history; Perm.MANAGE_NETWORKS). It leaves the
    coordination figures; its memberships and targets stay as they were, for the day it is reactivated."""
    require(actor_membership(tenant, actor), Perm.MANAGE_NETWORKS)
    same_tenant(tenant, network)
    network = Network.unscoped.select_for_update().get(tenant=tenant, pk=network.pk)
    if not network.is_active:
        raise ValidationError(_("This network is already inactive."))
    network.is_active = False
    network.save(update_fields=["is_active"])
    audit_record(tenant=tenant, actor=actor, verb="networking.network_deactivate", obj=network)
    return network


def _locked_network(tenant: Tenant, network: Network) -> Network:
    """The network's row, locked (two memberships or targets set at once are serialised), and still active."""
    network = Network.unscoped.select_for_update().get(tenant=tenant, pk=network.pk)
    if not network.is_active:
        raise ValidationError({"network": _("This network is no longer in the directory.")})
    return network


# --- Memberships --------------------------------------------------------------------------------------


def _validate_membership(values: dict, errors: dict) -> None:
    if "role" in values and values["role"] not in MembershipRole.values:
        errors["role"] = _("The role is member, board member or lead.")
    if "since" in values:
        since = values["since"]
        if since is not None and not isinstance(since, date):
            errors["since"] = _("Give a date.")
        elif since is not None and since > timezone.localdate():
            errors["since"] = _("The membership cannot start in the future.")
    if "paid_by_company" in values:
        values["paid_by_company"] = bool(values["paid_by_company"])


@transaction.atomic
def network_membership_add(
    *,
    tenant: Tenant,
    actor,
    network: Network,
    employee: Employee | None = None,
    role: str = MembershipRole.MEMBER,
    since: date | None = None,
    paid_by_company: bool = False,
) -> NetworkMembership:
    """Declare a membership: the employee their own ("I am a member"), Perm.MANAGE_NETWORKS anyone's.

    A membership that had ended starts again (one row per network and employee keeps its history in the audit)."""
    membership = actor_membership(tenant, actor)
    same_tenant(tenant, network)
    if employee is None:
        employee = membership.employee
        if employee is None:
            raise ValidationError({"employee": _("Your login is not linked to an employee of the group: name the employee.")})
    if not employee_ok(tenant, employee):
        raise ValidationError({"employee": _("Choose an active employee of the group.")})
    if not membership_can_manage(membership, employee.pk):
        raise PermissionDenied
    network = _locked_network(tenant, network)
    values = dict(role=role, since=since, paid_by_company=paid_by_company)
    errors: dict = {}
    _validate_membership(values, errors)
    if errors:
        raise ValidationError(errors)
    existing = NetworkMembership.unscoped.select_for_update().filter(tenant=tenant, network=network, employee=employee).first()
    if existing is not None and existing.ended_on is None:
        raise ValidationError(_("%(name)s is already a member of this network.") % {"name": employee.full_name})
    if existing is not None:
        for name, value in values.items():
            setattr(existing, name, value)
        existing.ended_on = None
        existing.save()
        row, verb = existing, "networking.membership_restart"
    else:
        row = NetworkMembership.unscoped.create(tenant=tenant, network=network, employee=employee, **values)
        verb = "networking.membership_add"
    audit_record(tenant=tenant, actor=actor, verb=verb, obj=row,
                 data={"network": network.pk, "employee": employee.pk, **{k: plain(v) for k, v in values.items()}})
    return row


@transaction.atomic
def network_membership_update(*, tenant: Tenant, actor, membership: NetworkMembership, **changes) -> NetworkMembership:
    """Change the role, start date or who pays: the member themself, or Perm.MANAGE_NETWORKS."""
    member = actor_membership(tenant, actor)
    same_tenant(tenant, membership)
    if not membership_can_manage(member, membership.employee_id):
        raise PermissionDenied
    unknown_fields(changes, MEMBERSHIP_EDITABLE)
    row = NetworkMembership.unscoped.select_for_update().get(tenant=tenant, pk=membership.pk)
    values = dict(changes)
    errors: dict = {}
    _validate_membership(values, errors)
    if errors:
        raise ValidationError(errors)
    changed = diff(row, values)
    if not changed:
        return row
    for name, value in values.items():
        setattr(row, name, value)
    row.save()
    audit_record(tenant=tenant, actor=actor, verb="networking.membership_update", obj=row, data=changed)
    return row


@transaction.atomic
def network_membership_end(*, tenant: Tenant, actor, membership: NetworkMembership, ended_on: date | None = None) -> NetworkMembership:
    """The membership ends (today by default): the member themself, or Perm.MANAGE_NETWORKS."""
    member = actor_membership(tenant, actor)
    same_tenant(tenant, membership)
    if not membership_can_manage(member, membership.employee_id):
        raise PermissionDenied
    row = NetworkMembership.unscoped.select_for_update().get(tenant=tenant, pk=membership.pk)
    if row.ended_on is not None:
        raise ValidationError(_("This membership has already ended."))
    today = timezone.localdate()
    ended_on = ended_on or today
    if ended_on > today:
        raise ValidationError({"ended_on": _("The end date cannot be in the future.")})
    if row.since is not None and ended_on < row.since:
        raise ValidationError({"ended_on": _("The end date comes before the start of the membership.")})
    row.ended_on = ended_on
    row.save(update_fields=["ended_on"])
    audit_record(tenant=tenant, actor=actor, verb="networking.membership_end", obj=row,
                 data={"network": row.network_id, "employee": row.employee_id, "ended_on": ended_on.isoformat()})
    return row


# --- The networking policy: targets and leads ---------------------------------------------------------


def _validate_target(tenant: Tenant, values: dict) -> dict:
    errors: dict = {}
    clean_text(values, "note", 300, errors)
    if "lead" in values and values["lead"] is not None and not employee_ok(tenant, values["lead"]):
        errors["lead"] = _("Choose an active employee of the group.")
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def network_target_set(
    *, tenant: Tenant, actor, network: Network, site: Site | None = None, lead: Employee | None = None, note: str = ""
) -> tuple[NetworkTarget, bool]:
    """Make the network a target of the whole group (``site`` None) or of a dealership, with its named lead
    (Perm.MANAGE_NETWORKS). Setting it again changes the lead and the note. Returns (target, created)."""
    require(actor_membership(tenant, actor), Perm.MANAGE_NETWORKS)
    if not isinstance(network, Network) or network.tenant_id != tenant.pk:
        raise ValidationError({"network": _("Choose a network of the group's directory.")})
    if site is not None and (not isinstance(site, Site) or site.tenant_id != tenant.pk):
        raise ValidationError({"site": _("Choose a dealership of the group.")})
    values = _validate_target(tenant, {"lead": lead, "note": note})
    network = _locked_network(tenant, network)
    target = NetworkTarget.unscoped.filter(tenant=tenant, network=network, site=site).first()
    created = target is None
    if created:
        target = NetworkTarget.unscoped.create(tenant=tenant, network=network, site=site, **values)
        changed = {k: plain(v) for k, v in values.items()}
    else:
        changed = diff(target, values)
        for name, value in values.items():
            setattr(target, name, value)
        if changed:
            target.save()
    if created or changed:
        audit_record(tenant=tenant, actor=actor, verb="networking.target_set", obj=target,
                     data={"network": network.pk, "site": site.pk if site else None, "created": created, **changed})
    return target, created


@transaction.atomic
def network_target_update(*, tenant: Tenant, actor, target: NetworkTarget, **changes) -> NetworkTarget:
    """Change a target's lead or note (Perm.MANAGE_NETWORKS)."""
    require(actor_membership(tenant, actor), Perm.MANAGE_NETWORKS)
    same_tenant(tenant, target)
    unknown_fields(changes, TARGET_EDITABLE)
    target = NetworkTarget.unscoped.select_for_update().get(tenant=tenant, pk=target.pk)
    values = _validate_target(tenant, dict(changes))
    changed = diff(target, values)
    if changed:
        for name, value in values.items():
            setattr(target, name, value)
        target.save()
        audit_record(tenant=tenant, actor=actor, verb="networking.target_update", obj=target, data=changed)
    return target


@transaction.atomic
def network_target_remove(*, tenant: Tenant, actor, target: NetworkTarget) -> None:
    """The network is no longer a target of that dealership (or of the group) (Perm.MANAGE_NETWORKS)."""
    require(actor_membership(tenant, actor), Perm.MANAGE_NETWORKS)
    same_tenant(tenant, target)
    audit_record(tenant=tenant, actor=actor, verb="networking.target_remove", obj=target,
                 data={"network": target.network_id, "site": target.site_id, "lead": target.lead_id})
    NetworkTarget.unscoped.filter(tenant=tenant, pk=target.pk).delete()
