"""Writes of tool licences (Sales Navigator seats...): create, change, end, delete (Perm.MANAGE_NETWORKS), and
"record a use" by the holder of the licence. Keyword-only, atomic, audited."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bns.models import Employee, Tenant
from bns.permissions import Perm
from bns.services.audit import audit_record
from networking.activity.services import actor_membership
from networking.models import ActivityChannel, ToolLicence

EDITABLE = ("tool", "channel", "employee", "monthly_cost", "starts_on", "ends_on", "note")
MAX_MONTHLY_COST = Decimal("100000")


def _require_manage(tenant: Tenant, actor):
    membership = actor_membership(tenant, actor)
    if not membership.has_perm(Perm.MANAGE_NETWORKS):
        raise PermissionDenied
    return membership


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return getattr(value, "pk", value)


def _validate(tenant: Tenant, values: dict, current: ToolLicence | None = None) -> dict:
    errors: dict[str, str] = {}
    if "tool" in values:
        tool = " ".join(str(values["tool"] or "").replace("\x00", "").split())
        if not tool:
            errors["tool"] = _("Name the tool (for example Sales Navigator).")
        elif len(tool) > 120:
            errors["tool"] = _("At most %(n)s characters.") % {"n": 120}
        values["tool"] = tool
    if "note" in values:
        values["note"] = " ".join(str(values["note"] or "").replace("\x00", "").split())
        if len(values["note"]) > 300:
            errors["note"] = _("At most %(n)s characters.") % {"n": 300}
    if "channel" in values and values["channel"] not in ActivityChannel.values:
        errors["channel"] = _("Choose the platform the tool is used on.")
    if "employee" in values and values["employee"] is not None:
        employee = values["employee"]
        if not isinstance(employee, Employee) or employee.tenant_id != tenant.pk:
            errors["employee"] = _("Choose an active employee of the group.")
        elif not employee.is_active and (current is None or current.employee_id != employee.pk):
            errors["employee"] = _("Choose an active employee of the group.")
    if "monthly_cost" in values:
        try:
            cost = Decimal(str(values["monthly_cost"] if values["monthly_cost"] not in (None, "") else "0"))
        except (InvalidOperation, ValueError):
            cost = Decimal("-1")
        if not cost.is_finite() or cost < 0 or cost > MAX_MONTHLY_COST:
            errors["monthly_cost"] = _("Enter a monthly cost between 0 and 100,000 €.")
        else:
            values["monthly_cost"] = cost.quantize(Decimal("0.01"))
    starts = values.get("starts_on", current.starts_on if current else None)
    ends = values.get("ends_on", current.ends_on if current else None)
    if starts and ends and ends < starts:
        errors["ends_on"] = _("The end date is before the start date.")
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def tool_licence_create(*, tenant: Tenant, actor, tool: str, channel: str = ActivityChannel.LINKEDIN,
                        employee: Employee | None = None, monthly_cost=Decimal("0"), starts_on: date | None = None,
                        ends_on: date | None = None, note: str = "") -> ToolLicence:
    _require_manage(tenant, actor)
    values = _validate(tenant, {"tool": tool, "channel": channel, "employee": employee, "monthly_cost": monthly_cost,
                                "starts_on": starts_on, "ends_on": ends_on, "note": note})
    licence = ToolLicence.unscoped.create(tenant=tenant, **values)
    audit_record(tenant=tenant, actor=actor, verb="tool_licence.create", obj=licence,
                 data={k: _plain(v) for k, v in values.items() if k != "note"})
    return licence


@transaction.atomic
def tool_licence_update(*, tenant: Tenant, actor, licence: ToolLicence, **changes) -> ToolLicence:
    _require_manage(tenant, actor)
    if licence.tenant_id != tenant.pk:
        raise PermissionDenied
    licence = ToolLicence.unscoped.select_for_update().get(tenant=tenant, pk=licence.pk)
    values = _validate(tenant, {k: v for k, v in changes.items() if k in EDITABLE}, current=licence)
    changed = {}
    for name, value in values.items():
        old = getattr(licence, name)
        if old != value:
            changed[name] = {"from": _plain(old), "to": _plain(value)}
            setattr(licence, name, value)
    if changed:
        licence.save()
        audit_record(tenant=tenant, actor=actor, verb="tool_licence.update", obj=licence, data={"changes": changed})
    return licence


@transaction.atomic
def tool_licence_end(*, tenant: Tenant, actor, licence: ToolLicence, ends_on: date | None = None) -> ToolLicence:
    """End the licence (today by default): it leaves the costs and the unused seats from then on."""
    ends_on = ends_on or timezone.localdate()
    return tool_licence_update(tenant=tenant, actor=actor, licence=licence, ends_on=ends_on)


@transaction.atomic
def tool_licence_delete(*, tenant: Tenant, actor, licence: ToolLicence) -> None:
    """Delete a licence entered by mistake (a licence that ran should rather be ended: its cost stays known)."""
    _require_manage(tenant, actor)
    if licence.tenant_id != tenant.pk:
        raise PermissionDenied
    audit_record(tenant=tenant, actor=actor, verb="tool_licence.delete", obj=licence,
                 data={"tool": licence.tool, "employee": licence.employee_id})
    ToolLicence.unscoped.filter(tenant=tenant, pk=licence.pk).delete()


@transaction.atomic
def tool_licence_record_use(*, tenant: Tenant, actor, licence: ToolLicence) -> ToolLicence:
    """The holder says they used the tool today (a search, a saved lead...): the seat counts as used."""
    membership = actor_membership(tenant, actor)
    if licence.tenant_id != tenant.pk or not membership.employee_id or licence.employee_id != membership.employee_id:
        raise PermissionDenied
    today = timezone.localdate()
    updated = ToolLicence.unscoped.filter(tenant=tenant, pk=licence.pk).exclude(last_used_on=today).update(last_used_on=today)
    licence.last_used_on = today
    if updated:
        audit_record(tenant=tenant, actor=actor, verb="tool_licence.use", obj=licence, data={"on": today.isoformat()})
    return licence
