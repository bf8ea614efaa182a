"""CSV exports of activity for Excel (``;``, UTF-8 with BOM). The columns are the import's, so an export can be
edited and imported again (its client keys make the rows already stored count as duplicates)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from bns import imports
from networking.activity.importing import LABELS
from networking.activity.services import export_key
from networking.models import ActivityChannel, ActivityKind

EXPORT_MAX_ROWS = 100_000
_KINDS = dict(ActivityKind.choices)
_CHANNELS = dict(ActivityChannel.choices)


def _header(group: bool) -> list[str]:
    own = [str(LABELS[c]) for c in ("occurred_on", "kind", "channel", "reach", "engagement", "content_url", "note")]
    own += [_("Account"), str(LABELS["client_key"])]
    if group:
        return [_("Employee"), str(LABELS["employee_email"]), str(LABELS["employee_number"]), _("Dealership"),
                _("Department"), *own]
    return own


def _row(activity, group: bool) -> list[str]:
    values = [
        activity.occurred_on.isoformat(), str(_KINDS.get(activity.kind, activity.kind)),
        str(_CHANNELS.get(activity.channel, activity.channel)), "" if activity.reach is None else str(activity.reach),
        "" if activity.engagement is None else str(activity.engagement), activity.content_url, activity.note,
        activity.account.name if activity.account_id else "", export_key(activity),
    ]
    if group:
        employee = activity.employee
        values = [employee.full_name, employee.email, employee.external_id, employee.site.name if employee.site_id else "",
                  employee.department.name if employee.department_id else "", *values]
    return [imports.csv_safe(v) for v in values]


def activity_csv_response(rows, *, filename: str, group: bool) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{timezone.localdate():%Y-%m-%d}.csv"'
    response.write(imports.CSV_BOM)
    writer = imports.csv_writer(response)
    writer.writerow(_header(group))
    for activity in rows[:EXPORT_MAX_ROWS].iterator(chunk_size=2000):
        writer.writerow(_row(activity, group))
    return response


def template_response() -> HttpResponse:
    from networking.activity.importing import template_rows

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="activity-template.csv"'
    response.write(imports.CSV_BOM)
    writer = imports.csv_writer(response)
    for row in template_rows():
        writer.writerow(row)
    return response
