"""Writes for the group's organisation: the tenant itself, dealerships, departments, employees.

Business rules raise django.core.exceptions.ValidationError with a field-keyed message dict, so forms
and the API can show them next to the right field; nothing is written when they fail.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connections, router, transaction
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bns.hooks import employee_deactivated_run
from bns.models import Department, Employee, Site, Tenant
from bns.services.audit import audit_record
from bns.tenancy import TenantScopeError, current_tenant

if TYPE_CHECKING:
    from bns.imports import EmployeeImportPlan, PlannedRow

# The departments every group starts with (seed 000); renameable, tenants may add their own.
DEFAULT_DEPARTMENTS: list[tuple[str, str]] = [
    ("VN", gettext_lazy("VN (new vehicles)")),
    ("VO", gettext_lazy("VO (used vehicles)")),
    ("PR", gettext_lazy("PR (spare parts)")),
    ("APV", gettext_lazy("APV (after-sales)")),
    ("RH", gettext_lazy("RH (human resources)")),
    ("DEV", gettext_lazy("Business development")),
    ("RC", gettext_lazy("Customer relations")),
    ("ACH", gettext_lazy("Purchasing")),
    ("MKT", gettext_lazy("Marketing")),
    ("DIR", gettext_lazy("Management")),
]

SITE_FIELDS = ("name", "brands", "city", "region")
DEPARTMENT_FIELDS = ("code", "name", "position")
EMPLOYEE_FIELDS = ("first_name", "last_name", "email", "external_id", "site", "department", "job_title", "manager", "is_active")


def _same_tenant(tenant: Tenant, *objs) -> None:
    for obj in objs:
        if obj is not None and obj.tenant_id != tenant.pk:
            raise ValidationError(_("This object does not belong to the group."))


# --- Tenant -------------------------------------------------------------------------------------------


@transaction.atomic
def tenant_create(*, name: str, slug: str, actor=None, locale: str = "fr", with_default_departments: bool = True) -> Tenant:
    """Create a group with its default departments (platform operation)."""
    if Tenant.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("This identifier is already taken.")})
    tenant = Tenant.objects.create(name=name.strip(), slug=slug, locale=locale)
    if with_default_departments:
        # Named in the group's language, whatever the language of whoever creates it.
        with translation.override(locale):
            names = [(code, str(label)) for code, label in DEFAULT_DEPARTMENTS]
        Department.unscoped.bulk_create(
            [Department(tenant=tenant, code=code, name=label, position=i) for i, (code, label) in enumerate(names)]
        )
    audit_record(tenant=tenant, actor=actor, verb="tenant.create", obj=tenant, data={"name": tenant.name, "slug": slug})
    return tenant


# The group's policy settings that its admins may change, with the bounds of the numeric ones (inclusive).
TENANT_POLICY_FIELDS = (
    "name",
    "locale",
    "require_mfa_for_leaders",
    "invitation_validity_days",
    "default_relationship_visibility",
    "default_relationship_scope",
    "solicitation_cap",
    "solicitation_window_days",
    "contact_retention_years",
)
TENANT_POLICY_RANGES: dict[str, tuple[int, int]] = {
    "invitation_validity_days": (1, 90),
    "solicitation_cap": (1, 20),
    "solicitation_window_days": (7, 365),
    "contact_retention_years": (1, 5),  # CNIL: 3 years for B2B prospects is the recommendation
}
_TENANT_POLICY_CHOICES = ("locale", "default_relationship_visibility", "default_relationship_scope")


def _tenant_policy_clean(changes: dict) -> dict:
    """The changes, checked field by field; a ValidationError keyed by field lists every bad one."""
    errors: dict[str, str] = {}
    cleaned: dict = {}
    for field, value in changes.items():
        if field == "name":
            value = (value or "").strip() if isinstance(value, str) else ""
            if not value:
                errors[field] = _("The name cannot be blank.")
        elif field == "require_mfa_for_leaders":
            if not isinstance(value, bool):
                errors[field] = _("Enter true or false.")
        elif field in _TENANT_POLICY_CHOICES:
            allowed = [code for code, _label in Tenant._meta.get_field(field).choices]
            if value not in allowed:
                errors[field] = _("Choose one of: %(choices)s.") % {"choices": ", ".join(allowed)}
        elif field in TENANT_POLICY_RANGES:
            low, high = TENANT_POLICY_RANGES[field]
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                errors[field] = _("Enter a whole number between %(min)s and %(max)s.") % {"min": low, "max": high}
        cleaned[field] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def tenant_update_policy(*, tenant: Tenant, actor, **changes) -> Tenant:
    """Change the group's policy settings (``TENANT_POLICY_FIELDS``): name, language, MFA for leaders,
    invitation validity, and the contact policy (default visibility and audience of a new relationship,
    the group-wide solicitation cap over its rolling window, how long contact data is kept).

    Every value is checked (``TENANT_POLICY_RANGES`` for the numbers): one bad value and nothing is written.
    One ``tenant.policy`` audit row lists each changed setting as ``{"from": old, "to": new}``.
    A new retention period applies to persons collected or contacted from now on: the ``retention_until``
    of existing persons is not rewritten.
    """
    unknown = set(changes) - set(TENANT_POLICY_FIELDS)
    if unknown:
        raise TypeError(f"not a policy setting: {sorted(unknown)}")
    cleaned = _tenant_policy_clean(changes)
    changed = {field: value for field, value in cleaned.items() if getattr(tenant, field) != value}
    if changed:
        before = {field: getattr(tenant, field) for field in changed}
        for field, value in changed.items():
            setattr(tenant, field, value)
        tenant.save(update_fields=list(changed))
        audit_record(
            tenant=tenant,
            actor=actor,
            verb="tenant.policy",
            obj=tenant,
            data={field: {"from": before[field], "to": value} for field, value in changed.items()},
        )
    return tenant


# --- Sites --------------------------------------------------------------------------------------------


def _site_name_clash(*, tenant: Tenant, name: str, exclude_pk=None) -> bool:
    qs = Site.unscoped.filter(tenant=tenant).annotate(lname=Lower("name")).filter(lname=name.lower())
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


@transaction.atomic
def site_create(*, tenant: Tenant, actor, name: str, brands: str = "", city: str = "", region: str = "") -> Site:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("The name cannot be blank.")})
    if _site_name_clash(tenant=tenant, name=name):
        raise ValidationError({"name": _("A dealership with this name already exists in the group.")})
    site = Site.unscoped.create(tenant=tenant, name=name, brands=(brands or "").strip(), city=(city or "").strip(), region=(region or "").strip())
    audit_record(tenant=tenant, actor=actor, verb="site.create", obj=site, data={"name": site.name})
    return site


@transaction.atomic
def site_update(*, tenant: Tenant, actor, site: Site, **changes) -> Site:
    _same_tenant(tenant, site)
    changed = {}
    for field in SITE_FIELDS:
        if field in changes:
            value = (changes[field] or "").strip()
            if getattr(site, field) != value:
                changed[field] = value
    if "name" in changed:
        if not changed["name"]:
            raise ValidationError({"name": _("The name cannot be blank.")})
        if _site_name_clash(tenant=tenant, name=changed["name"], exclude_pk=site.pk):
            raise ValidationError({"name": _("A dealership with this name already exists in the group.")})
    if changed:
        for field, value in changed.items():
            setattr(site, field, value)
        site.save(update_fields=list(changed))
        audit_record(tenant=tenant, actor=actor, verb="site.update", obj=site, data=changed)
    return site


@transaction.atomic
def site_delete(*, tenant: Tenant, actor, site: Site) -> None:
    """Delete a dealership; its employees stay, with no dealership."""
    _same_tenant(tenant, site)
    audit_record(tenant=tenant, actor=actor, verb="site.delete", obj=site, data={"name": site.name})
    site.delete()


# --- Departments --------------------------------------------------------------------------------------


def _department_clash(*, tenant: Tenant, code: str, name: str, exclude_pk=None) -> dict:
    qs = Department.unscoped.filter(tenant=tenant).annotate(lcode=Lower("code"), lname=Lower("name"))
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    errors = {}
    if code and qs.filter(lcode=code.lower()).exists():
        errors["code"] = _("A department with this code already exists.")
    if name and qs.filter(lname=name.lower()).exists():
        errors["name"] = _("A department with this name already exists.")
    return errors


@transaction.atomic
def department_create(*, tenant: Tenant, actor, code: str, name: str, position: int | None = None) -> Department:
    code, name = (code or "").strip(), (name or "").strip()
    errors = {}
    if not code:
        errors["code"] = _("The code cannot be blank.")
    if not name:
        errors["name"] = _("The name cannot be blank.")
    errors.update(_department_clash(tenant=tenant, code=code, name=name))
    if errors:
        raise ValidationError(errors)
    if position is None:
        position = Department.unscoped.filter(tenant=tenant).count()
    department = Department.unscoped.create(tenant=tenant, code=code, name=name, position=position)
    audit_record(tenant=tenant, actor=actor, verb="department.create", obj=department, data={"code": code, "name": name})
    return department


@transaction.atomic
def department_update(*, tenant: Tenant, actor, department: Department, **changes) -> Department:
    _same_tenant(tenant, department)
    changed = {}
    for field in DEPARTMENT_FIELDS:
        if field in changes and changes[field] is not None:
            value = changes[field].strip() if isinstance(changes[field], str) else changes[field]
            if getattr(department, field) != value:
                changed[field] = value
    errors = {}
    if "code" in changed and not changed["code"]:
        errors["code"] = _("The code cannot be blank.")
    if "name" in changed and not changed["name"]:
        errors["name"] = _("The name cannot be blank.")
    errors.update(
        _department_clash(tenant=tenant, code=changed.get("code", ""), name=changed.get("name", ""), exclude_pk=department.pk)
    )
    if errors:
        raise ValidationError(errors)
    if changed:
        for field, value in changed.items():
            setattr(department, field, value)
        department.save(update_fields=list(changed))
        audit_record(tenant=tenant, actor=actor, verb="department.update", obj=department, data={k: str(v) for k, v in changed.items()})
    return department


@transaction.atomic
def department_delete(*, tenant: Tenant, actor, department: Department) -> None:
    """Delete a department; its employees stay, with no department."""
    _same_tenant(tenant, department)
    audit_record(tenant=tenant, actor=actor, verb="department.delete", obj=department, data={"name": department.name})
    department.delete()


# --- Employees ----------------------------------------------------------------------------------------


def _employee_validate(*, tenant: Tenant, values: dict, employee: Employee | None = None) -> None:
    errors: dict[str, str] = {}
    if "first_name" in values and not values["first_name"]:
        errors["first_name"] = _("The first name cannot be blank.")
    if "last_name" in values and not values["last_name"]:
        errors["last_name"] = _("The last name cannot be blank.")
    for field in ("site", "department", "manager"):
        obj = values.get(field)
        if obj is not None and obj.tenant_id != tenant.pk:
            errors[field] = _("Unknown in this group.")
    others = Employee.unscoped.filter(tenant=tenant)
    if employee is not None:
        others = others.exclude(pk=employee.pk)
    email = values.get("email")
    if email and others.annotate(lemail=Lower("email")).filter(lemail=email.lower()).exists():
        errors["email"] = _("Another employee of the group already has this e-mail address.")
    external_id = values.get("external_id")
    if external_id and others.filter(external_id=external_id).exists():
        errors["external_id"] = _("Another employee of the group already has this employee number.")
    manager = values.get("manager")
    if manager is not None and employee is not None and "manager" not in errors:
        # Walk up the management line: an employee cannot end up managing themselves.
        seen, current = set(), manager
        while current is not None and current.pk not in seen:
            if current.pk == employee.pk:
                errors["manager"] = _("This would make the employee their own manager (directly or through the line).")
                break
            seen.add(current.pk)
            current = Employee.unscoped.filter(pk=current.manager_id).first() if current.manager_id else None
    if errors:
        raise ValidationError(errors)


def _employee_clean_values(values: dict) -> dict:
    cleaned = {}
    for field, value in values.items():
        if field not in EMPLOYEE_FIELDS:
            raise TypeError(f"unknown employee field {field}")
        if isinstance(value, str):
            value = value.strip()
            if field == "email":
                value = value.lower()
        cleaned[field] = value
    return cleaned


@transaction.atomic
def employee_create(
    *,
    tenant: Tenant,
    actor,
    first_name: str,
    last_name: str,
    email: str = "",
    external_id: str = "",
    site: Site | None = None,
    department: Department | None = None,
    job_title: str = "",
    manager: Employee | None = None,
    is_active: bool = True,
    audit: bool = True,
) -> Employee:
    values = _employee_clean_values(
        dict(
            first_name=first_name,
            last_name=last_name,
            email=email or "",
            external_id=external_id or "",
            site=site,
            department=department,
            job_title=job_title or "",
            manager=manager,
            is_active=is_active,
        )
    )
    _employee_validate(tenant=tenant, values=values)
    employee = Employee.unscoped.create(tenant=tenant, **values)
    if audit:
        audit_record(tenant=tenant, actor=actor, verb="employee.create", obj=employee, data={"name": employee.full_name})
    return employee


@transaction.atomic
def employee_update(*, tenant: Tenant, actor, employee: Employee, audit: bool = True, **changes) -> Employee:
    _same_tenant(tenant, employee)
    values = _employee_clean_values({k: ("" if v is None and k not in ("site", "department", "manager") else v) for k, v in changes.items()})
    changed = {k: v for k, v in values.items() if getattr(employee, k) != v}
    if not changed:
        return employee
    _employee_validate(tenant=tenant, values=changed, employee=employee)
    was_active = employee.is_active
    for field, value in changed.items():
        setattr(employee, field, value)
    employee.save(update_fields=[*changed, "updated_at"])
    if was_active and not employee.is_active:
        employee_deactivated_run(tenant=tenant, actor=actor, employee=employee)
    if audit:
        audit_record(
            tenant=tenant,
            actor=actor,
            verb="employee.update",
            obj=employee,
            data={k: (v.pk if hasattr(v, "pk") else v) for k, v in changed.items()},
        )
    return employee


# --- Employee CSV import (bulk) -----------------------------------------------------------------------

# Rows per INSERT/UPDATE statement (the backend may lower it: SQLite allows 999 parameters per statement).
EMPLOYEE_IMPORT_BATCH_SIZE = 500
_IMPORT_DEFAULTS = {"email": "", "external_id": "", "site": None, "department": None, "job_title": "", "is_active": True}
_IMPORT_TEXT_FIELDS = ("first_name", "last_name", "email", "external_id", "job_title")


class EmployeeImportConflict(ValidationError):
    """Applying an import plan was refused (the data changed since the plan); nothing was written.

    ``row`` is the spreadsheet row number (header = row 1) of the first row refused, or None when the
    database refused the batch as a whole (a concurrent change); ``reason`` is the message for the user.
    """

    def __init__(self, row: int | None, reason: str):
        super().__init__(reason, code="import_conflict")
        self.row = row
        self.reason = reason


def _import_row_values(*, tenant: Tenant, planned: PlannedRow, sites: dict, departments: dict, create: bool) -> dict:
    """The cleaned values of one planned row, with the dealership/department taken from the current data."""
    raw = dict(planned.values)
    if "manager" in raw:
        raise TypeError("an import row sets its manager through manager_target, not values")
    values = _employee_clean_values(
        {k: ("" if v is None and k not in ("site", "department") else v) for k, v in raw.items()}
    )
    if create:
        values = {**_IMPORT_DEFAULTS, **values}
        for key in ("first_name", "last_name"):
            values.setdefault(key, "")
    for key, pool in (("site", sites), ("department", departments)):
        obj = values.get(key)
        if obj is not None:
            current = pool.get(obj.pk) if obj.tenant_id == tenant.pk else None
            if current is None:
                if key == "site":
                    message = _("The dealership “%(name)s” no longer exists in the group.")
                else:
                    message = _("The department “%(name)s” no longer exists in the group.")
                raise EmployeeImportConflict(planned.row, message % {"name": obj.name})
            values[key] = current
    for key in ("first_name", "last_name"):
        if key in values and not values[key]:
            raise EmployeeImportConflict(planned.row, _("First name and last name are required."))
    for key in _IMPORT_TEXT_FIELDS:
        limit = Employee._meta.get_field(key).max_length
        if key in values and len(values[key]) > limit:
            label = Employee._meta.get_field(key).verbose_name
            raise EmployeeImportConflict(
                planned.row, _("“%(column)s” is longer than %(max)s characters.") % {"column": label, "max": limit}
            )
    if values.get("email"):
        try:
            validate_email(values["email"])
        except ValidationError:
            raise EmployeeImportConflict(
                planned.row, _("“%(value)s” is not a valid e-mail address.") % {"value": values["email"]}
            ) from None
    if "is_active" in values and not isinstance(values["is_active"], bool):
        raise TypeError("is_active must be a bool")
    return values


def _by_column(values: dict) -> dict:
    """``{"site": <Site>}`` -> ``{"site_id": pk}`` (and the same for the department); other values as they are."""
    out = dict(values)
    for key in ("site", "department"):
        if key in out:
            obj = out.pop(key)
            out[f"{key}_id"] = obj.pk if obj is not None else None
    return out


def _max_query_params(connection) -> int | None:
    """Bound parameters allowed in one statement: SQLite's real limit (32766 since 3.32), not Django's 999."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        try:
            return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        except (AttributeError, sqlite3.Error):
            pass
    return connection.features.max_query_params


def _employee_bulk_update(*, tenant: Tenant, employees: list[Employee], fields: list[str]) -> None:
    """Write ``fields`` of ``employees``: the statement ``QuerySet.bulk_update`` writes, without its cost per row.

    ``bulk_update`` builds and compiles one ``When(pk=...)`` expression per row and field (about 30 s for
    5,000 rows of 10 fields). Here each field is ``CASE "id" WHEN %s THEN %s ... ELSE <column> END`` built as
    text with bound parameters (values prepared by the model field, as the ORM does), inside an ORM
    ``update()`` restricted to the tenant; cast to the column type where the backend needs it (PostgreSQL),
    as ``bulk_update`` does. One statement per EMPLOYEE_IMPORT_BATCH_SIZE rows (fewer if the backend limits
    the parameters of a statement).
    """
    if not employees or not fields:
        return
    connection = connections[router.db_for_write(Employee)]
    quote = connection.ops.quote_name
    model_fields = [Employee._meta.get_field(name) for name in fields]
    batch_size = EMPLOYEE_IMPORT_BATCH_SIZE
    max_params = _max_query_params(connection)
    if max_params:
        batch_size = max(1, min(batch_size, (max_params - 1) // (2 * len(model_fields) + 1)))
    pk_column = quote(Employee._meta.pk.column)
    for start in range(0, len(employees), batch_size):
        batch = employees[start:start + batch_size]
        whens = " ".join(["WHEN %s THEN %s"] * len(batch))
        assignments = {}
        for field in model_fields:
            params: list = []
            for employee in batch:
                params += [employee.pk, field.get_db_prep_save(getattr(employee, field.attname), connection)]
            case = RawSQL(f"CASE {pk_column} {whens} ELSE {quote(field.column)} END", params, output_field=field)
            assignments[field.attname] = Cast(case, output_field=field) if connection.features.requires_casted_case_in_updates else case
        Employee.unscoped.filter(tenant=tenant, pk__in=[e.pk for e in batch]).update(**assignments)


def _nodes_in_loops(final: dict) -> set:
    """Nodes lying on a cycle of ``final`` (node -> its manager node or None): one walk per node, O(n)."""
    state: dict = {}  # node -> 1 being walked, 2 done
    looping: set = set()
    for start in final:
        if start in state:
            continue
        path, node = [], start
        while node is not None and node not in state:
            state[node] = 1
            path.append(node)
            node = final.get(node)
        if node is not None and state[node] == 1:  # came back into the current walk: a loop
            looping.update(path[path.index(node):])
        for step in path:
            state[step] = 2
    return looping


@transaction.atomic
def employee_import_apply(*, tenant: Tenant, actor, plan: EmployeeImportPlan, filename: str = "") -> dict[str, int]:
    """Apply an employee import plan (``bns.imports.employee_import_plan``) with a bounded number of queries.

    In one transaction: the plan is checked again against the current data, read once (the group's
    dealerships, departments and employees); new employees are inserted with ``bulk_create`` and the
    changed ones written by a bulk UPDATE (``_employee_bulk_update``, batches of EMPLOYEE_IMPORT_BATCH_SIZE);
    managers that are themselves new rows of the file are set by a second bulk UPDATE once every row has its
    id. The same rules as ``employee_create``/``employee_update`` hold: e-mail and employee number unique in
    the group, no management loop, no object of another group. One ``employee.import`` audit event sums it
    up (none when nothing changes). Bulk writes skip ``TenantOwnedModel.save()``, so its check is made here:
    the tenant in context, if any, must be ``tenant``.

    Returns ``{"created", "updated", "unchanged", "errors"}``. Raises EmployeeImportConflict (nothing written)
    when a row no longer fits the current data.
    """
    summary = {
        "created": sum(1 for r in plan.rows if r.action == "create"),
        "updated": sum(1 for r in plan.rows if r.action == "update"),
        "unchanged": sum(1 for r in plan.rows if r.action == "unchanged"),
        "errors": len(plan.errors),
    }
    changed = [r for r in plan.rows if r.action != "unchanged"]
    if not changed:
        return summary
    in_scope = current_tenant()
    if in_scope is not None and in_scope.pk != tenant.pk:
        raise TenantScopeError(f"employee import into tenant {tenant.pk} in scope of {in_scope.pk}")

    # The current data, read once.
    sites = {s.pk: s for s in Site.unscoped.filter(tenant=tenant)}
    departments = {d.pk: d for d in Department.unscoped.filter(tenant=tenant)}
    existing = list(Employee.unscoped.filter(tenant=tenant))
    by_pk = {e.pk: e for e in existing}
    by_email = {e.email.lower(): e for e in existing if e.email}
    by_number = {e.external_id: e for e in existing if e.external_id}
    created_rows = {r.row for r in changed if r.action == "create"}

    # Check every row against it, in file order (the first refusal is reported).
    to_create: list[tuple[PlannedRow, dict]] = []
    to_update: list[tuple[PlannedRow, Employee, dict]] = []
    seen_email: dict[str, int] = {}
    seen_number: dict[str, int] = {}
    final = {("employee", e.pk): (("employee", e.manager_id) if e.manager_id else None) for e in existing}
    for planned in changed:
        if planned.action == "create":
            employee = None
        elif planned.action == "update":
            employee = by_pk.get(planned.employee_id)
            if employee is None:
                raise EmployeeImportConflict(planned.row, _("This employee no longer exists in the group."))
        else:
            raise ValueError(f"unknown import action {planned.action!r}")
        values = _import_row_values(tenant=tenant, planned=planned, sites=sites, departments=departments, create=employee is None)
        email, number = values.get("email", ""), values.get("external_id", "")
        if email:
            owner = by_email.get(email)
            if owner is not None and owner is not employee:
                raise EmployeeImportConflict(
                    planned.row, _("The e-mail %(email)s already belongs to %(name)s.") % {"email": email, "name": owner.full_name}
                )
            if email in seen_email:
                raise EmployeeImportConflict(planned.row, _("Same e-mail as row %(row)s.") % {"row": seen_email[email]})
            seen_email[email] = planned.row
        if number:
            owner = by_number.get(number)
            if owner is not None and owner is not employee:
                raise EmployeeImportConflict(
                    planned.row,
                    _("The employee number %(number)s already belongs to %(name)s.") % {"number": number, "name": owner.full_name},
                )
            if number in seen_number:
                raise EmployeeImportConflict(planned.row, _("Same employee number as row %(row)s.") % {"row": seen_number[number]})
            seen_number[number] = planned.row
        node = ("employee", employee.pk) if employee is not None else ("row", planned.row)
        target = planned.manager_target
        if target is not None:
            target = tuple(target)
            kind, key = target
            if (kind == "employee" and key not in by_pk) or (kind == "row" and key not in created_rows) or kind not in ("employee", "row"):
                raise EmployeeImportConflict(planned.row, _("The manager of this employee no longer exists in the group."))
            final[node] = target
        elif employee is None:
            final[node] = None
        if employee is None:
            to_create.append((planned, values))
        else:
            to_update.append((planned, employee, values))
    looping = _nodes_in_loops(final)
    if looping:
        for planned in changed:
            node = ("row", planned.row) if planned.action == "create" else ("employee", planned.employee_id)
            if node in looping:
                raise EmployeeImportConflict(planned.row, _("The management line of this employee would loop back to them."))

    # Write: new rows, then the changed rows (their managers may be new rows), then the new rows' new managers.
    # Instances are filled by column (site_id...), which spares the ORM's related-object bookkeeping per row.
    now = timezone.now()
    new_employees = []
    for planned, values in to_create:
        target = planned.manager_target
        manager_id = target[1] if target is not None and target[0] == "employee" else None
        # bulk_create skips TenantOwnedModel.save(): the tenant is set here, explicitly.
        new_employees.append(
            Employee(tenant_id=tenant.pk, manager_id=manager_id, created_at=now, updated_at=now, **_by_column(values))
        )
    try:
        Employee.unscoped.bulk_create(new_employees, batch_size=EMPLOYEE_IMPORT_BATCH_SIZE)
        by_row = {planned.row: obj for (planned, _values), obj in zip(to_create, new_employees, strict=True)}
        if any(obj.pk is None for obj in new_employees):  # every supported backend returns the ids
            raise RuntimeError("bulk_create did not return the new employees' ids")

        def manager_id_for(target) -> int:
            return target[1] if target[0] == "employee" else by_row[target[1]].pk

        fields: set[str] = set()
        deactivated = [employee for _planned, employee, values in to_update if employee.is_active and values.get("is_active") is False]
        for planned, employee, values in to_update:
            for attname, value in _by_column(values).items():
                setattr(employee, attname, value)
            fields.update(values)
            if planned.manager_target is not None:
                employee.manager_id = manager_id_for(planned.manager_target)
                fields.add("manager")
            employee.updated_at = now  # auto_now is not applied by bulk_update
        _employee_bulk_update(
            tenant=tenant, employees=[employee for _planned, employee, _values in to_update], fields=[*sorted(fields), "updated_at"]
        )
        late = []
        for planned, _values in to_create:
            target = planned.manager_target
            if target is not None and target[0] == "row":
                obj = by_row[planned.row]
                obj.manager_id = manager_id_for(target)
                late.append(obj)
        _employee_bulk_update(tenant=tenant, employees=late, fields=["manager"])
        for employee in deactivated:
            employee_deactivated_run(tenant=tenant, actor=actor, employee=employee)
    except IntegrityError as exc:
        raise EmployeeImportConflict(
            None, _("Another change to the group's employees was saved at the same time.")
        ) from exc
    audit_record(tenant=tenant, actor=actor, verb="employee.import", object_type="employee", data={"file": filename, **summary})
    return summary
