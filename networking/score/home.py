"""Reads of the networking home page ("Mon réseautage"), for the member's own employee record only.

A bounded number of queries whatever the data: one per block (profiles, weekly activity, latest score, charter
and its acknowledgement, open pulses and participations, due follow-ups).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from bns.models import Employee, Tenant
from networking.models import (
    Charter,
    CharterAcknowledgement,
    CoachingNote,
    NetworkingScore,
    Pulse,
    PulseParticipation,
    SocialProfile,
)
from networking.profiles.checklists import employee_completeness, employee_next_steps
from networking.score import formula
from networking.selectors import activity_weekly_counts, week_start

NEXT_STEPS_SHOWN = 3
TREND_WEEKS = 8
FOLLOW_UPS_SHOWN = 5


@dataclass
class HomeData:
    completeness: int = 0
    profile_count: int = 0
    next_steps: list = field(default_factory=list)
    more_steps: int = 0
    weeks: list[dict] = field(default_factory=list)
    this_week: int = 0
    score: NetworkingScore | None = None
    pillars: list[dict] = field(default_factory=list)
    charter: Charter | None = None
    charter_acknowledged: bool = False
    pulses: list[Pulse] = field(default_factory=list)
    follow_ups: list[CoachingNote] = field(default_factory=list)
    follow_ups_count: int = 0


def _in_audience(pulse: Pulse, employee: Employee) -> bool:
    """Empty lists mean everyone; otherwise the employee's dealership and department must be listed."""
    sites = pulse.audience_site_ids if isinstance(pulse.audience_site_ids, list) else []
    departments = pulse.audience_department_ids if isinstance(pulse.audience_department_ids, list) else []
    return (not sites or employee.site_id in sites) and (not departments or employee.department_id in departments)


def networking_home_data(*, tenant: Tenant, employee: Employee, today: date | None = None) -> HomeData:
    today = today or timezone.localdate()
    data = HomeData()

    profiles = list(SocialProfile.unscoped.filter(tenant=tenant, employee=employee))
    data.profile_count = len(profiles)
    data.completeness = employee_completeness(profiles)
    steps = employee_next_steps(profiles)
    data.next_steps, data.more_steps = steps[:NEXT_STEPS_SHOWN], max(len(steps) - NEXT_STEPS_SHOWN, 0)

    counts = activity_weekly_counts(tenant=tenant, employee_ids=[employee.pk], weeks=TREND_WEEKS, today=today)[employee.pk]
    peak = max(counts) or 1
    first = week_start(today)
    data.weeks = [
        {"count": n, "percent": int(100 * n / peak), "start": first - timedelta(weeks=TREND_WEEKS - 1 - i)}
        for i, n in enumerate(counts)
    ]
    data.this_week = counts[-1]

    data.score = NetworkingScore.unscoped.filter(tenant=tenant, employee=employee).order_by("-computed_on").first()
    if data.score is not None:
        data.pillars = [
            {"label": formula.PILLAR_LABELS[p], "value": getattr(data.score, p), "percent": int(float(getattr(data.score, p)) * 4)}
            for p in formula.PILLARS
        ]

    data.charter = Charter.unscoped.filter(tenant=tenant).order_by("-version").first()
    if data.charter is not None:
        data.charter_acknowledged = CharterAcknowledgement.unscoped.filter(
            tenant=tenant, charter=data.charter, employee=employee
        ).exists()

    open_pulses = [
        p for p in Pulse.unscoped.filter(tenant=tenant, status=Pulse.Status.OPEN, opens_on__lte=today, closes_on__gte=today)
        .order_by("closes_on", "pk")[:20]
        if _in_audience(p, employee)
    ]
    if open_pulses:
        answered = set(PulseParticipation.unscoped.filter(
            tenant=tenant, employee=employee, pulse_id__in=[p.pk for p in open_pulses]
        ).values_list("pulse_id", flat=True))
        data.pulses = [p for p in open_pulses if p.pk not in answered]

    due = CoachingNote.unscoped.filter(tenant=tenant, employee=employee, follow_up_on__lte=today, follow_up_done_at__isnull=True)
    data.follow_ups = list(due.select_related("author").order_by("follow_up_on", "pk")[:FOLLOW_UPS_SHOWN + 1])
    data.follow_ups_count = len(data.follow_ups)
    if data.follow_ups_count > FOLLOW_UPS_SHOWN:
        data.follow_ups_count = due.count()
        data.follow_ups = data.follow_ups[:FOLLOW_UPS_SHOWN]
    return data
