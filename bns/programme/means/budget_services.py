"""Writes of the programme's budget lines: planned and spent amounts, and the classic marketing spend each one replaces
(press ads, radio, mailings... the saving seed 000 promises). Same rules as services.py (editors only, atomic, audited).

A line may be linked to an action of the same iteration: it then details that action's budget (see budget.py for how
the totals count it once)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bns.models import Tenant
from bns.programme.means.services import changes_of, check_tenant, require_edit
from bns.programme.models import BudgetLine, Programme, ProgrammeAction
from bns.programme.strategy.validation import clean_amount, clean_text
from bns.services.audit import audit_record

LINE_EDITABLE = ("label", "action", "planned", "actual", "replaces", "replaced_amount")


def _validate_line(tenant: Tenant, programme: Programme, values: dict, *, current: BudgetLine | None = None) -> dict:
    errors: dict = {}
    clean_text(values, "label", 200, errors, required=True, single_line=True)
    clean_text(values, "replaces", 200, errors, single_line=True)
    for name in ("planned", "actual", "replaced_amount"):
        clean_amount(values, name, errors)
    action = values.get("action")
    if action is not None and (not isinstance(action, ProgrammeAction) or action.tenant_id != tenant.pk
                               or action.programme_id != programme.pk):
        errors["action"] = _("Choose an action of the same iteration of the programme.")
    replaces = values.get("replaces", current.replaces if current else "")
    replaced_amount = values.get("replaced_amount", current.replaced_amount if current else 0)
    if "replaced_amount" not in errors and replaced_amount and not replaces:
        errors["replaces"] = _("Say which classic spend this line replaces (press ads, radio, mailing...).")
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def budget_line_create(*, tenant: Tenant, actor, programme: Programme, label: str, action: ProgrammeAction | None = None,
                       planned=0, actual=0, replaces: str = "", replaced_amount=0) -> BudgetLine:
    check_tenant(tenant, programme)
    require_edit(tenant, actor, programme)
    values = _validate_line(tenant, programme, {"label": label, "action": action, "planned": planned, "actual": actual,
                                                "replaces": replaces, "replaced_amount": replaced_amount})
    line = BudgetLine.unscoped.create(tenant=tenant, programme=programme, **values)
    audit_record(tenant=tenant, actor=actor, verb="programme.budget_line.create", obj=line, data={
        "programme": programme.pk, "label": line.label, "action": line.action_id, "planned": str(line.planned),
        "actual": str(line.actual), "replaced_amount": str(line.replaced_amount)})
    return line


@transaction.atomic
def budget_line_update(*, tenant: Tenant, actor, line: BudgetLine, **changes) -> BudgetLine:
    unknown = set(changes) - set(LINE_EDITABLE)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    check_tenant(tenant, line)
    line = BudgetLine.unscoped.select_for_update(of=("self",)).select_related("programme").get(tenant=tenant, pk=line.pk)
    require_edit(tenant, actor, line.programme)
    values = _validate_line(tenant, line.programme, dict(changes), current=line)
    changed = changes_of(line, values, long_texts=())
    if not changed:
        return line
    for name, value in values.items():
        setattr(line, name, value)
    line.save()
    audit_record(tenant=tenant, actor=actor, verb="programme.budget_line.update", obj=line, data=changed)
    return line


@transaction.atomic
def budget_line_delete(*, tenant: Tenant, actor, line: BudgetLine) -> None:
    check_tenant(tenant, line)
    line = BudgetLine.unscoped.select_for_update(of=("self",)).select_related("programme").get(tenant=tenant, pk=line.pk)
    require_edit(tenant, actor, line.programme)
    audit_record(tenant=tenant, actor=actor, verb="programme.budget_line.delete", obj=line, data={
        "programme": line.programme_id, "label": line.label, "planned": str(line.planned), "actual": str(line.actual),
        "replaced_amount": str(line.replaced_amount)})
    line.delete()
