"""The programme's budget arithmetic and its tool licences, computed in SQL (aggregate Sum), in Decimal.

How nothing is counted twice (also shown on the means page):
- A budget line linked to an action DETAILS that action's budget. The action counts once, for the larger of its own
  figure and the sum of its lines, planned and spent separately (``max(action.budget_actual, Σ its lines' actual)``):
  writing the breakdown as lines neither doubles the action nor makes it cheaper than what it says itself.
- A budget line not linked to an action is added as it is.
- A cancelled action counts for what was spent on it, not for what was planned.
- The replaced classic spend is the sum of every line's replaced amount (actions have none of their own).
- NET = spent - replaced classic spend: negative is a net saving, positive a net cost. The planned net is the same
  with the planned amounts.
Per action type, each action (with its lines) counts in its type's row; the lines without an action make one more row;
the rows add up to the totals.

Tool licences (read-only here, managed in networking): the active seats' yearly cost and that of the unused ones. A seat
is unused when nobody holds it, or when neither a recorded use (``last_used_on``) nor any activity of its holder on the
licence's channel falls within the group's ``licence_unused_days`` (a seat younger than that is not judged yet), the
same rule as the networking licences page. Licences are not in the net figure unless entered as a budget line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from bns.models import Tenant
from bns.programme.models import BudgetLine, Programme, ProgrammeAction
from bns.programme.strategy.common import euros
from networking.activity.selectors import licence_list
from networking.selectors import networking_settings_get

MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Decimal("0.00")
UNLINKED = "unlinked"


def _zero():
    return Value(ZERO, output_field=MONEY)


def _lines_sum(tenant: Tenant, name: str):
    """Σ of the action's budget lines' ``name`` (0 without lines), as a correlated subquery."""
    lines = (
        BudgetLine.unscoped.filter(tenant=tenant, action_id=OuterRef("pk"))
        .order_by().values("action_id").annotate(total=Sum(name)).values("total")[:1]
    )
    return Coalesce(Subquery(lines, output_field=MONEY), _zero(), output_field=MONEY)


def actions_with_budget(*, tenant: Tenant, programme_id: int):
    """The iteration's actions with ``lines_planned``, ``lines_actual``, ``lines_replaced`` and the amounts the totals
    count for them, ``counted_planned`` and ``counted_actual`` (see the module's rule)."""
    return (
        ProgrammeAction.unscoped.filter(tenant=tenant, programme_id=programme_id)
        .annotate(
            lines_planned=_lines_sum(tenant, "planned"),
            lines_actual=_lines_sum(tenant, "actual"),
            lines_replaced=_lines_sum(tenant, "replaced_amount"),
        )
        .annotate(
            counted_planned=Case(
                When(status=ProgrammeAction.Status.CANCELLED, then=_zero()),
                default=Greatest(F("budget_planned"), F("lines_planned"), output_field=MONEY),
                output_field=MONEY,
            ),
            counted_actual=Greatest(F("budget_actual"), F("lines_actual"), output_field=MONEY),
        )
    )


@dataclass
class BudgetRow:
    key: str  # an action type, or "unlinked"
    label: str
    actions: int
    planned: Decimal
    actual: Decimal
    replaced: Decimal

    @property
    def net(self) -> Decimal:
        return self.actual - self.replaced


@dataclass
class LicenceToolRow:
    tool: str
    seats: int
    unused: int
    monthly: Decimal
    unused_monthly: Decimal

    @property
    def yearly(self) -> Decimal:
        return self.monthly * 12

    @property
    def unused_yearly(self) -> Decimal:
        return self.unused_monthly * 12


@dataclass
class LicenceSummary:
    unused_days: int
    tools: list[LicenceToolRow] = field(default_factory=list)
    seats: int = 0
    unused: int = 0
    monthly: Decimal = ZERO
    unused_monthly: Decimal = ZERO

    @property
    def yearly(self) -> Decimal:
        return self.monthly * 12

    @property
    def unused_yearly(self) -> Decimal:
        return self.unused_monthly * 12


@dataclass
class BudgetSummary:
    programme_id: int
    rows: list[BudgetRow]
    planned: Decimal
    actual: Decimal
    replaced: Decimal
    licences: LicenceSummary

    @property
    def net(self) -> Decimal:
        """Spent - replaced classic spend: negative is a net saving."""
        return self.actual - self.replaced

    @property
    def net_planned(self) -> Decimal:
        return self.planned - self.replaced

    @property
    def net_text(self) -> str:
        return net_phrase(self.net)

    @property
    def net_planned_text(self) -> str:
        return net_phrase(self.net_planned)


def net_phrase(net: Decimal) -> str:
    """"net saving of 1 200 €" / "net cost of 800 €" / "no net cost or saving", in the active language."""
    if net < 0:
        return _("net saving of %(amount)s") % {"amount": euros(-net)}
    if net > 0:
        return _("net cost of %(amount)s") % {"amount": euros(net)}
    return _("no net cost or saving")


def budget_summary(*, tenant: Tenant, programme: Programme, today: date | None = None) -> BudgetSummary:
    """The iteration's budget: per action type and for the lines without an action, then the totals (3 queries with
    the licences, 4 without saved networking settings)."""
    per_kind = {
        row["kind"]: row
        for row in actions_with_budget(tenant=tenant, programme_id=programme.pk).order_by().values("kind").annotate(
            n=Count("pk"), planned=Sum("counted_planned"), actual=Sum("counted_actual"), replaced=Sum("lines_replaced"))
    }
    rows = []
    for kind, label in ProgrammeAction.Kind.choices:
        found = per_kind.get(kind)
        if found is None:
            continue
        rows.append(BudgetRow(key=kind, label=str(label), actions=found["n"], planned=found["planned"] or ZERO,
                              actual=found["actual"] or ZERO, replaced=found["replaced"] or ZERO))
    unlinked = BudgetLine.unscoped.filter(tenant=tenant, programme_id=programme.pk, action__isnull=True).aggregate(
        n=Count("pk"), planned=Sum("planned"), actual=Sum("actual"), replaced=Sum("replaced_amount"))
    if unlinked["n"]:
        rows.append(BudgetRow(key=UNLINKED, label=_("Budget lines without an action"), actions=0,
                              planned=unlinked["planned"] or ZERO, actual=unlinked["actual"] or ZERO,
                              replaced=unlinked["replaced"] or ZERO))
    return BudgetSummary(
        programme_id=programme.pk,
        rows=rows,
        planned=sum((r.planned for r in rows), ZERO),
        actual=sum((r.actual for r in rows), ZERO),
        replaced=sum((r.replaced for r in rows), ZERO),
        licences=licence_summary(tenant=tenant, today=today),
    )


# --- Tool licences ------------------------------------------------------------------------------------


def licence_summary(*, tenant: Tenant, today: date | None = None) -> LicenceSummary:
    today = today or timezone.localdate()
    unused_days = networking_settings_get(tenant=tenant).licence_unused_days
    rows = (
        # The licences page's own rule (networking.activity.selectors), so both pages flag the same seats.
        licence_list(tenant=tenant, status="active", today=today, unused_days=unused_days)
        .order_by().values("tool")
        .annotate(seats=Count("pk"), unused_seats=Count("pk", filter=Q(unused=True)), monthly=Sum("monthly_cost"),
                  unused_monthly=Sum("monthly_cost", filter=Q(unused=True)))
        .order_by("tool")
    )
    summary = LicenceSummary(unused_days=unused_days)
    for row in rows:
        tool = LicenceToolRow(tool=row["tool"], seats=row["seats"], unused=row["unused_seats"], monthly=row["monthly"] or ZERO,
                              unused_monthly=row["unused_monthly"] or ZERO)
        summary.tools.append(tool)
        summary.seats += tool.seats
        summary.unused += tool.unused
        summary.monthly += tool.monthly
        summary.unused_monthly += tool.unused_monthly
    return summary
