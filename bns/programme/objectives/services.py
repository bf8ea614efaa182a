"""Writes of the objectives and KPIs of the BNS programme.

Keyword-only, tenant and actor explicit, atomic, each change in the audit trail (``programme.*`` verbs) in the same
transaction. Who may write: ``programme_require_edit`` (executives and admins, or the iteration's process owner;
a closed iteration only by executives and admins), checked here so that the pages, the API and any task share it.

KPIs come from the metric catalogue (``metric_key``: unit and direction are the metric's, the name defaults to its
label) or are entered by hand (``manual_source`` required: where the figure comes from). A catalogue KPI is
"measured now" with ``kpi_measure``: the catalogue's value stored with the source "computed: <formula>", or
nothing at all when the catalogue has no value (never a made-up number).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bns.access import membership_of_actor
from bns.models import Department, Employee, Site, Tenant
from bns.programme.access import programme_require_edit
from bns.programme.models import Kpi, KpiValue, Objective, Programme, ScopeKind
from bns.programme.objectives.selectors import programme_as_of
from bns.services.audit import audit_record
from dashboards.catalogue import metric_get, metric_value

STATEMENT_MAX = 2000
NUMBER_LIMIT = Decimal("1e12")  # the columns hold 14 digits, 2 of them decimals
OBJECTIVE_FIELDS = ("statement", "kpi", "baseline", "target", "deadline", "owner", "scope_kind", "site", "department")
KPI_FIELDS = ("metric_key", "name", "unit", "direction", "target", "scope_kind", "site", "department", "manual_source")


def _require_edit(tenant: Tenant, actor, programme: Programme) -> None:
    if programme.tenant_id != tenant.pk:
        raise PermissionDenied
    programme_require_edit(membership=membership_of_actor(tenant=tenant, actor=actor), programme=programme)


def _plain(value):
    """A value as the audit row's JSON holds it."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return getattr(value, "pk", value)


def _changes(obj, values: dict) -> dict:
    out = {}
    for name, value in values.items():
        old = getattr(obj, name)
        if old != value:
            out[name] = "changed" if name == "statement" else {"from": _plain(old), "to": _plain(value)}
    return out


def _number(values: dict, name: str, errors: dict) -> None:
    raw = values.get(name)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if name in values:
            values[name] = None
        return
    try:
        number = Decimal(str(raw).strip()).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        errors[name] = _("Enter a number.")
        return
    if not number.is_finite() or abs(number) >= NUMBER_LIMIT:
        errors[name] = _("Enter a number below a thousand billion.")
        return
    values[name] = number


def _scope(tenant: Tenant, values: dict, errors: dict) -> None:
    """Scope: the group, a dealership or a department of the group; the fields the scope does not use are cleared."""
    kind = values.get("scope_kind") or ScopeKind.GROUP
    if kind not in ScopeKind.values:
        errors["scope_kind"] = _("Choose the whole group, a dealership or a department.")
        return
    values["scope_kind"] = kind
    site, department = values.get("site"), values.get("department")
    if kind == ScopeKind.SITE:
        if not isinstance(site, Site) or site.tenant_id != tenant.pk:
            errors["site"] = _("Choose the dealership.")
        values["department"] = None
    elif kind == ScopeKind.DEPARTMENT:
        if not isinstance(department, Department) or department.tenant_id != tenant.pk:
            errors["department"] = _("Choose the department.")
        values["site"] = None
    else:
        values["site"] = values["department"] = None


# --- Objectives ---------------------------------------------------------------------------------------


def _validate_objective(tenant: Tenant, programme: Programme, values: dict) -> dict:
    errors: dict = {}
    if "statement" in values:
        statement = " ".join(str(values["statement"] or "").replace("\x00", "").split())
        if not statement:
            errors["statement"] = _("Say what the objective is.")
        elif len(statement) > STATEMENT_MAX:
            errors["statement"] = _("At most %(n)s characters.") % {"n": STATEMENT_MAX}
        values["statement"] = statement
    kpi = values.get("kpi")
    if kpi is not None and (not isinstance(kpi, Kpi) or kpi.tenant_id != tenant.pk or kpi.programme_id != programme.pk):
        errors["kpi"] = _("Choose a KPI of this iteration.")
    owner = values.get("owner")
    if owner is not None and (not isinstance(owner, Employee) or owner.tenant_id != tenant.pk or not owner.is_active):
        errors["owner"] = _("Choose an active employee of the group.")
    if "deadline" in values and values["deadline"] is not None and not isinstance(values["deadline"], date):
        errors["deadline"] = _("Enter a date.")
    for name in ("baseline", "target"):
        if name in values:
            _number(values, name, errors)
    if {"scope_kind", "site", "department"} & set(values):
        _scope(tenant, values, errors)
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def objective_create(*, tenant: Tenant, actor, programme: Programme, statement: str, kpi: Kpi | None = None,
                     baseline: Decimal | None = None, target: Decimal | None = None, deadline: date | None = None,
                     owner: Employee | None = None, scope_kind: str = ScopeKind.GROUP, site: Site | None = None,
                     department: Department | None = None) -> Objective:
    """A new objective. Without a baseline, the KPI's latest value is taken as the baseline (where we start from)."""
    _require_edit(tenant, actor, programme)
    values = _validate_objective(tenant, programme, {
        "statement": statement, "kpi": kpi, "baseline": baseline, "target": target, "deadline": deadline, "owner": owner,
        "scope_kind": scope_kind, "site": site, "department": department,
    })
    if values["baseline"] is None and kpi is not None:
        latest = KpiValue.unscoped.filter(tenant=tenant, kpi=kpi).order_by("-measured_on", "-pk").first()
        values["baseline"] = latest.value if latest else None
    objective = Objective.unscoped.create(tenant=tenant, programme=programme, **values)
    audit_record(tenant=tenant, actor=actor, verb="programme.objective_create", obj=objective,
                 data={"programme": programme.pk, "kpi": _plain(kpi), "target": _plain(values["target"])})
    return objective


@transaction.atomic
def objective_update(*, tenant: Tenant, actor, objective: Objective, **changes) -> Objective:
    unknown = set(changes) - set(OBJECTIVE_FIELDS)
    if unknown:
        raise TypeError(f"objective_update: unknown fields {sorted(unknown)}")
    objective = Objective.unscoped.select_for_update(of=("self",)).select_related("programme").get(tenant=tenant, pk=objective.pk)
    _require_edit(tenant, actor, objective.programme)
    if {"scope_kind", "site", "department"} & set(changes):  # the scope is validated as a whole
        for name in ("scope_kind", "site", "department"):
            changes.setdefault(name, getattr(objective, name))
    values = _validate_objective(tenant, objective.programme, dict(changes))
    diff = _changes(objective, values)
    for name, value in values.items():
        setattr(objective, name, value)
    if diff:
        objective.save()
        audit_record(tenant=tenant, actor=actor, verb="programme.objective_update", obj=objective, data={"changes": diff})
    return objective


@transaction.atomic
def objective_delete(*, tenant: Tenant, actor, objective: Objective) -> None:
    objective = Objective.unscoped.select_related("programme").get(tenant=tenant, pk=objective.pk)
    _require_edit(tenant, actor, objective.programme)
    audit_record(tenant=tenant, actor=actor, verb="programme.objective_delete", obj=objective,
                 data={"statement": objective.statement[:200], "programme": objective.programme_id})
    objective.delete()


# --- KPIs ---------------------------------------------------------------------------------------------


def _validate_kpi(tenant: Tenant, values: dict, *, current: Kpi | None = None) -> dict:
    """Catalogue KPIs take the metric's unit and direction (and its label as default name); manual ones need a source."""
    errors: dict = {}
    merged = {name: getattr(current, name) for name in KPI_FIELDS} if current else {}
    merged.update(values)
    for name in ("name", "unit", "manual_source", "metric_key"):
        merged[name] = " ".join(str(merged.get(name) or "").replace("\x00", "").split())
    key = merged["metric_key"]
    metric = metric_get(key) if key else None
    if key and metric is None:
        errors["metric_key"] = _("Unknown metric: choose one of the catalogue, or none for a KPI entered by hand.")
    if current is not None and key != current.metric_key and KpiValue.unscoped.filter(tenant=tenant, kpi=current).exists():
        errors["metric_key"] = _("This KPI already has values: create another KPI to follow another metric.")
    _scope(tenant, merged, errors)
    if metric is not None:
        if merged.get("scope_kind") not in metric.scopes:
            errors["scope_kind"] = _("The metric “%(metric)s” is not computed for this scope.") % {"metric": metric.label}
        with translation.override(tenant.locale):
            merged["name"] = merged["name"] or str(metric.label)
        merged.update(unit=metric.unit, direction=metric.direction, manual_source="")
    else:
        if not merged["manual_source"]:
            errors["manual_source"] = _("Say where the figures of a KPI entered by hand come from (a report, the CRM...).")
        if merged.get("direction") not in Kpi.Direction.values:
            errors["direction"] = _("Choose whether higher or lower is better.")
    if not merged["name"]:
        errors["name"] = _("Name the KPI.")
    for name, limit in (("name", 200), ("unit", 30), ("manual_source", 300)):
        if len(merged[name]) > limit:
            errors[name] = _("At most %(n)s characters.") % {"n": limit}
    _number(merged, "target", errors)
    if errors:
        raise ValidationError(errors)
    return {name: merged[name] for name in KPI_FIELDS}


@transaction.atomic
def kpi_create(*, tenant: Tenant, actor, programme: Programme, metric_key: str = "", name: str = "", unit: str = "",
               direction: str = Kpi.Direction.UP, target: Decimal | None = None, scope_kind: str = ScopeKind.GROUP,
               site: Site | None = None, department: Department | None = None, manual_source: str = "") -> Kpi:
    _require_edit(tenant, actor, programme)
    values = _validate_kpi(tenant, {
        "metric_key": metric_key, "name": name, "unit": unit, "direction": direction, "target": target,
        "scope_kind": scope_kind, "site": site, "department": department, "manual_source": manual_source,
    })
    kpi = Kpi.unscoped.create(tenant=tenant, programme=programme, **values)
    audit_record(tenant=tenant, actor=actor, verb="programme.kpi_create", obj=kpi,
                 data={"programme": programme.pk, "metric_key": kpi.metric_key, "name": kpi.name})
    return kpi


@transaction.atomic
def kpi_update(*, tenant: Tenant, actor, kpi: Kpi, **changes) -> Kpi:
    unknown = set(changes) - set(KPI_FIELDS)
    if unknown:
        raise TypeError(f"kpi_update: unknown fields {sorted(unknown)}")
    kpi = Kpi.unscoped.select_for_update(of=("self",)).select_related("programme").get(tenant=tenant, pk=kpi.pk)
    _require_edit(tenant, actor, kpi.programme)
    values = _validate_kpi(tenant, changes, current=kpi)
    diff = _changes(kpi, values)
    for name, value in values.items():
        setattr(kpi, name, value)
    if diff:
        kpi.save()
        audit_record(tenant=tenant, actor=actor, verb="programme.kpi_update", obj=kpi, data={"changes": diff})
    return kpi


@transaction.atomic
def kpi_delete(*, tenant: Tenant, actor, kpi: Kpi) -> None:
    """The KPI and its values go; objectives that used it keep their statement and lose their KPI (to re-link)."""
    kpi = Kpi.unscoped.select_related("programme").get(tenant=tenant, pk=kpi.pk)
    _require_edit(tenant, actor, kpi.programme)
    objectives = list(Objective.unscoped.filter(tenant=tenant, kpi=kpi).values_list("pk", flat=True))
    audit_record(tenant=tenant, actor=actor, verb="programme.kpi_delete", obj=kpi,
                 data={"name": kpi.name, "values": KpiValue.unscoped.filter(tenant=tenant, kpi=kpi).count(), "objectives": objectives})
    kpi.delete()


# --- Values -------------------------------------------------------------------------------------------


def _store(tenant: Tenant, actor, kpi: Kpi, measured_on: date, value: Decimal, source: str, verb: str) -> KpiValue:
    """One value per KPI and day: recording the same day again replaces that day's value (audited from -> to)."""
    existing = KpiValue.unscoped.select_for_update().filter(tenant=tenant, kpi=kpi, measured_on=measured_on).first()
    entered_by = actor if getattr(actor, "is_authenticated", False) else None
    data = {"kpi": kpi.pk, "measured_on": measured_on.isoformat(), "value": str(value), "source": source}
    if existing is None:
        row = KpiValue.unscoped.create(tenant=tenant, kpi=kpi, measured_on=measured_on, value=value, source=source,
                                       entered_by=entered_by)
    else:
        data["replaced"] = str(existing.value)
        existing.value, existing.source, existing.entered_by = value, source, entered_by
        existing.save(update_fields=["value", "source", "entered_by"])
        row = existing
    audit_record(tenant=tenant, actor=actor, verb=verb, obj=row, data=data)
    return row


@transaction.atomic
def kpi_value_record(*, tenant: Tenant, actor, kpi: Kpi, measured_on: date, value, source: str = "") -> KpiValue:
    """A value entered by hand (the KPI's source by default). Not in the future; the same day again replaces it."""
    kpi = Kpi.unscoped.select_for_update(of=("self",)).select_related("programme").get(tenant=tenant, pk=kpi.pk)
    _require_edit(tenant, actor, kpi.programme)
    errors: dict = {}
    values = {"value": value}
    _number(values, "value", errors)
    if values["value"] is None and "value" not in errors:
        errors["value"] = _("Enter the value.")
    if not isinstance(measured_on, date):
        errors["measured_on"] = _("Enter a date.")
    elif measured_on > timezone.localdate():
        errors["measured_on"] = _("A value cannot be measured in the future.")
    source = " ".join(str(source or "").replace("\x00", "").split()) or kpi.manual_source or _("entered by hand")
    if len(source) > 300:
        errors["source"] = _("At most %(n)s characters.") % {"n": 300}
    if errors:
        raise ValidationError(errors)
    return _store(tenant, actor, kpi, measured_on, values["value"], source, "programme.kpi_value_record")


@transaction.atomic
def kpi_measure(*, tenant: Tenant, actor, kpi: Kpi) -> KpiValue | None:
    """Store the catalogue's value of a catalogue KPI for the day the iteration is judged on (today while it runs),
    with the source "computed: <formula>"; None, and nothing stored, when the catalogue has no value."""
    kpi = Kpi.unscoped.select_for_update(of=("self",)).select_related("programme", "site", "department").get(tenant=tenant, pk=kpi.pk)
    _require_edit(tenant, actor, kpi.programme)
    metric = metric_get(kpi.metric_key)
    if metric is None:
        raise ValidationError(_("This KPI is entered by hand: record its values with their source."))
    as_of = programme_as_of(kpi.programme)
    value = metric_value(metric, tenant=tenant, scope_kind=kpi.scope_kind, site=kpi.site, department=kpi.department, as_of=as_of)
    if value is None:
        return None
    with translation.override(tenant.locale):
        source = (_("computed: %(formula)s") % {"formula": metric.formula})[:300]
    return _store(tenant, actor, kpi, as_of, value, source, "programme.kpi_measure")


@transaction.atomic
def kpi_value_delete(*, tenant: Tenant, actor, kpi_value: KpiValue) -> None:
    row = KpiValue.unscoped.select_related("kpi", "kpi__programme").get(tenant=tenant, pk=kpi_value.pk)
    _require_edit(tenant, actor, row.kpi.programme)
    audit_record(tenant=tenant, actor=actor, verb="programme.kpi_value_delete", obj=row,
                 data={"kpi": row.kpi_id, "measured_on": row.measured_on.isoformat(), "value": str(row.value)})
    row.delete()
