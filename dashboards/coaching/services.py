"""Writes of the coaching dashboards: only the audit rows of the CSV exports (the pages themselves only read)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy

from bns.models import Employee, Tenant
from bns.services.audit import audit_record

AUDIT_VERB_LABELS = {
    "dashboards.team_export": gettext_lazy("Team coaching figures exported"),
    "dashboards.rep_export": gettext_lazy("An employee's networking figures exported"),
    "dashboards.me_export": gettext_lazy("Own networking figures exported"),
}


@transaction.atomic
def team_export_record(*, tenant: Tenant, actor, rows: int, site_id: int | None = None, sort: str = "") -> None:
    """Record that ``actor`` exported their team's figures (CSV): who, how many rows, with which filter."""
    data = {"rows": rows}
    if site_id:
        data["site"] = site_id
    if sort:
        data["sort"] = sort
    audit_record(tenant=tenant, actor=actor, verb="dashboards.team_export", data=data)


@transaction.atomic
def person_export_record(*, tenant: Tenant, actor, employee: Employee, table: str, rows: int, own: bool = False) -> None:
    """Record that ``actor`` exported one table of an employee's page (CSV): a rep's page, or "my network" (``own``)."""
    audit_record(tenant=tenant, actor=actor, verb="dashboards.me_export" if own else "dashboards.rep_export", obj=employee,
                 data={"table": table, "rows": rows})
