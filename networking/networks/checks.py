"""Small checks shared by the networks' services (validation of values, the audit's "from -> to")."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from bns.models import Employee, Membership, Tenant
from bns.permissions import Perm


def require(membership: Membership, perm: Perm) -> None:
    if not membership.has_perm(perm):
        raise PermissionDenied


def same_tenant(tenant: Tenant, *objs) -> None:
    for obj in objs:
        if obj is not None and obj.tenant_id != tenant.pk:
            raise PermissionDenied


def clean_text(values: dict, name: str, max_length: int, errors: dict, *, required: bool = False, single_line: bool = True) -> None:
    """Strip (and fold the blanks of a single line), refuse NUL characters' effect and overlong text."""
    if name not in values:
        return
    value = str(values[name] or "").replace("\x00", "")
    value = " ".join(value.split()) if single_line else value.strip()
    if required and not value:
        errors[name] = _("This field is required.")
    elif len(value) > max_length:
        errors[name] = _("At most %(n)s characters.") % {"n": max_length}
    values[name] = value


def employee_ok(tenant: Tenant, employee) -> bool:
    return isinstance(employee, Employee) and employee.tenant_id == tenant.pk and employee.is_active


def plain(value):
    """A value as an audit row's JSON holds it."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return getattr(value, "pk", value)


def diff(obj, values: dict) -> dict:
    """What changes, as the audit row shows it ("from" -> "to")."""
    return {k: {"from": plain(getattr(obj, k)), "to": plain(v)} for k, v in values.items() if getattr(obj, k) != v}


def unknown_fields(changes: dict, editable) -> None:
    unknown = set(changes) - set(editable)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
