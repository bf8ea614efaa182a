"""Reads shared by the networking areas (each area has its own selectors module for the rest)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone

from bns.models import Tenant
from networking.models import Activity, NetworkingSettings, Platform, SocialProfile


def networking_settings_get(*, tenant: Tenant) -> NetworkingSettings:
    """The group's networking settings; an unsaved row with the defaults when none was saved yet."""
    found = NetworkingSettings.unscoped.filter(tenant=tenant).first()
    return found or NetworkingSettings(tenant=tenant)


def profile_completeness_by_employee(*, tenant: Tenant, employee_ids: list[int]) -> dict[int, int]:
    """Each employee's profile completeness 0-100, in one query.

    The mean of their profiles' completeness, where a missing LinkedIn profile counts as one profile at 0 %
    (LinkedIn is where a dealership's B2B customers are): no profile at all is 0.
    """
    rows = (
        SocialProfile.unscoped.filter(tenant=tenant, employee_id__in=employee_ids)
        .values("employee_id")
        .annotate(
            total=Sum("completeness"), n=Count("id"), has_linkedin=Count("id", filter=Q(platform=Platform.LINKEDIN))
        )
    )
    out = dict.fromkeys(employee_ids, 0)
    for row in rows:
        n = row["n"] + (0 if row["has_linkedin"] else 1)
        # Rounded half up in integers, as networking.profiles (checklists, the group page's SQL) rounds it.
        out[row["employee_id"]] = (2 * (row["total"] or 0) + n) // (2 * n)
    return out


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def activity_weekly_counts(*, tenant: Tenant, employee_ids: list[int], weeks: int = 8, today: date | None = None) -> dict[int, list[int]]:
    """Activities per employee for each of the last ``weeks`` ISO weeks (oldest first, current week last),
    aggregated in the database in one query."""
    today = today or timezone.localdate()
    first = week_start(today) - timedelta(weeks=weeks - 1)
    out = {pk: [0] * weeks for pk in employee_ids}
    rows = (
        Activity.objects.filter(tenant=tenant, employee_id__in=employee_ids, occurred_on__gte=first, occurred_on__lte=today)
        .values("employee_id", "occurred_on")
        .annotate(n=Count("id"))
    )
    for row in rows:
        index = (week_start(row["occurred_on"]) - first).days // 7
        if 0 <= index < weeks:
            out[row["employee_id"]][index] += row["n"]
    return out
