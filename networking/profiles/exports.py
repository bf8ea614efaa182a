"""CSV export of the group's profile completeness (``;``, UTF-8 with BOM, for Excel): what the group page shows,
one row per employee, with the completeness per platform. Who exported it is audited."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from bns import imports
from bns.models import Tenant
from bns.services.audit import audit_record
from networking.models import Platform
from networking.profiles import selectors

CHUNK = 500


def group_completeness_csv(*, tenant: Tenant, actor, filters: selectors.GroupFilters) -> tuple[str, int]:
    """The filtered employees as CSV text (BOM first), and how many; one query for the employees and one for the
    profiles per chunk of 500."""
    stream = io.StringIO()
    stream.write(imports.CSV_BOM)
    writer = imports.csv_writer(stream)
    writer.writerow([
        _("Last name"), _("First name"), _("Dealership"), _("Department"), _("Job title"), _("Completeness (%)"),
        *[_("%(platform)s (%%)") % {"platform": label} for _value, label in Platform.choices],
    ])
    employees = list(selectors.employee_completeness_list(tenant=tenant, filters=filters))
    for start in range(0, len(employees), CHUNK):
        chunk = employees[start:start + CHUNK]
        by_platform = selectors.platform_completeness(tenant=tenant, employee_ids=[e.pk for e in chunk])
        for e in chunk:
            values = [e.last_name, e.first_name, e.site.name if e.site_id else "", e.department.name if e.department_id else "",
                      e.job_title, e.completeness]
            values += ["" if by_platform[e.pk].get(p) is None else by_platform[e.pk][p] for p in Platform.values]
            writer.writerow([imports.csv_safe(v) for v in values])
    audit_record(tenant=tenant, actor=actor, verb="social_profile.group_export", object_type="socialprofile", data={
        "rows": len(employees), "site": filters.site.pk if filters.site else None,
        "department": filters.department.pk if filters.department else None, "search": filters.search[:200],
        "below": filters.below})
    return stream.getvalue(), len(employees)
