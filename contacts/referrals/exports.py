"""The monthly payroll export of rewards: CSV for Excel (``;``, UTF-8 with BOM), one row per reward paid."""

from __future__ import annotations

import io
from datetime import date

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from bns import imports
from bns.models import Tenant
from bns.services.audit import audit_record
from contacts.referrals.models import Reward
from contacts.referrals.selectors import payroll_rows


def parse_month(value) -> date | None:
    """"2025-03" (or "03/2025") -> date(2025, 3, 1); None when it is not a month."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    for sep, order in (("-", "ym"), ("/", "my")):
        parts = value.split(sep)
        if len(parts) != 2 or not all(p.isdigit() and len(p) <= 4 for p in parts):
            continue
        year, month = (int(parts[0]), int(parts[1])) if order == "ym" else (int(parts[1]), int(parts[0]))
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return date(year, month, 1)
    return None


def _referral_label(reward: Reward) -> str:
    """The referral's number and company: payroll needs no more about the lead (the person's name stays out)."""
    referral = reward.referral
    company = referral.account.name if referral.account_id else (referral.person.company_name if referral.person_id else "")
    return f"#{referral.pk} · {company}" if company else f"#{referral.pk}"


def payroll_header() -> list[str]:
    return [_("Employee number"), _("Name"), _("Dealership"), _("Referral"), _("Amount (€)"), _("Approved by"), _("Paid on")]


def payroll_row(reward: Reward) -> list[str]:
    referrer = reward.referrer
    values = [
        referrer.external_id,
        referrer.full_name,
        referrer.site.name if referrer.site_id else "",
        _referral_label(reward),
        formats.number_format(reward.amount, decimal_pos=2),
        reward.approved_by.get_full_name() if reward.approved_by_id else "",
        formats.date_format(timezone.localtime(reward.paid_at), "SHORT_DATE_FORMAT") if reward.paid_at else "",
    ]
    return [imports.csv_safe(v) for v in values]


def payroll_csv(*, tenant: Tenant, actor, month: date) -> tuple[str, int]:
    """The rewards paid in ``month`` as CSV text (BOM first), and how many; who exported it is audited."""
    stream = io.StringIO()
    stream.write(imports.CSV_BOM)
    writer = imports.csv_writer(stream)
    writer.writerow(payroll_header())
    count = 0
    for reward in payroll_rows(tenant=tenant, month=month).iterator(chunk_size=500):
        writer.writerow(payroll_row(reward))
        count += 1
    audit_record(tenant=tenant, actor=actor, verb="reward.payroll_export", object_type="reward",
                 data={"month": month.strftime("%Y-%m"), "count": count})
    return stream.getvalue(), count


def payroll_filename(tenant: Tenant, month: date) -> str:
    return f"rewards-{tenant.slug}-{month:%Y-%m}.csv"
