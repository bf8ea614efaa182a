"""Writes for the group's organisation: the tenant itself, dealerships, departments, employees.

Business rules raise django.core.exceptions.ValidationError with a field-keyed message dict, so forms
and the API can show them next to the right field; nothing is written when they fail.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bns.models import Department, Employee, Site, Tenant
from bns.services.audit import audit_record

# The departments every group starts with (seed 000); renameable, tenants may add their own.
DEFAULT_DEPARTMENTS: list[tuple[str, str]] = [
    ("VN", gettext_lazy("VN (véhicules neufs)")),
    ("VO", gettext_lazy("VO (véhicules d'occasion)")),
    ("PR", gettext_lazy("PR (pièces de rechange)")),
    ("APV", gettext_lazy("APV (après-vente)")),
    ("RH", gettext_lazy("RH (ressources humaines)")),
    ("DEV", gettext_lazy("Développement commercial")),
    ("RC", gettext_lazy("Relation client")),
    ("ACH", gettext_lazy("Achats")),
    ("MKT", gettext_lazy("Marketing")),
    ("DIR", gettext_lazy("Direction")),
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
        Department.unscoped.bulk_create(
            [Department(tenant=tenant, code=code, name=str(label), position=i) for i, (code, label) in enumerate(DEFAULT_DEPARTMENTS)]
        )
    audit_record(tenant=tenant, actor=actor, verb="tenant.create", obj=tenant, data={"name": tenant.name, "slug": slug})
    return tenant


@transaction.atomic
def tenant_update_policy(*, tenant: Tenant, actor, **changes) -> Tenant:
    """Change policy settings (MFA for leaders, invitation validity, language, name)."""
    allowed = ("name", "locale", "require_mfa_for_leaders", "invitation_validity_days")
    changed = {}
    for field in allowed:
        if field in changes and getattr(tenant, field) != changes[field]:
            changed[field] = changes[field]
            setattr(tenant, field, changes[field])
    if changed:
        tenant.save(update_fields=list(changed))
        audit_record(tenant=tenant, actor=actor, verb="tenant.policy", obj=tenant, data={k: str(v) for k, v in changed.items()})
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
    for field, value in changed.items():
        setattr(employee, field, value)
    employee.save(update_fields=[*changed, "updated_at"])
    if audit:
        audit_record(
            tenant=tenant,
            actor=actor,
            verb="employee.update",
            obj=employee,
            data={k: (v.pk if hasattr(v, "pk") else v) for k, v in changed.items()},
        )
    return employee
