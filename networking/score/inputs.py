"""The networking score's inputs for every employee of a group, gathered set-based.

One aggregate query per source (profiles, relationships, activity, events, introductions, referrals), each
grouped by employee over the whole group: the number of queries does not grow with the number of employees.
``today`` is the day the score is computed for: rows dated after it are ignored, so a past day can be computed
again (the demo does) with what was known then, except profiles, whose history is not kept.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Avg, Count, Q
from django.db.models.functions import Trim
from django.utils import timezone

from bns.models import Employee, Tenant
from contacts.models import IntroRequest, Referral, Relationship, RelationshipStatus, Visibility
from networking.models import Activity, ActivityKind, EventAttendance, SocialProfile
from networking.score.formula import ENGAGE_WINDOW_DAYS, INPUT_KEYS, RELATE_WINDOW_DAYS
from networking.selectors import profile_completeness_by_employee


def _day_end(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def score_employee_ids(*, tenant: Tenant) -> list[int]:
    """Whose score is computed: the group's active employees."""
    return list(Employee.unscoped.filter(tenant=tenant, is_active=True).order_by("pk").values_list("pk", flat=True))


def score_inputs_gather(*, tenant: Tenant, employee_ids: list[int], today: date) -> dict[int, dict[str, float]]:
    """{employee id: {input key: value}} for these employees, in seven queries whatever their number."""
    out: dict[int, dict[str, float]] = {pk: dict.fromkeys(INPUT_KEYS, 0.0) for pk in employee_ids}
    if not employee_ids:
        return out
    wanted = set(employee_ids)
    end = _day_end(today)
    engage_from = today - timedelta(days=ENGAGE_WINDOW_DAYS - 1)  # the last 90 days, today included
    relate_from = _day_start(today - timedelta(days=RELATE_WINDOW_DAYS - 1))

    # Brand: completeness (one query, shared with the profile pages), and a positioning statement anywhere.
    for pk, completeness in profile_completeness_by_employee(tenant=tenant, employee_ids=employee_ids).items():
        if pk in out:
            out[pk]["brand.completeness"] = float(completeness)
    positioned = (
        SocialProfile.unscoped.filter(tenant=tenant)
        .annotate(text=Trim("positioning"))
        .exclude(text="")
        .values_list("employee_id", flat=True)
        .distinct()
    )
    for pk in positioned:
        if pk in wanted:
            out[pk]["brand.positioning"] = 1.0

    # Reach, and Relate's "opened to colleagues": the active relationships, one grouped query.
    relationships = (
        Relationship.unscoped.filter(tenant=tenant, status=RelationshipStatus.ACTIVE, created_at__lt=end)
        .values("owner_id")
        .annotate(
            n=Count("id"),
            at_targets=Count("id", filter=Q(person__account__is_target=True)),
            strength=Avg("strength"),
            opened=Count("id", filter=Q(visibility__in=[Visibility.DISCOVERABLE, Visibility.SHARED])),
        )
    )
    for row in relationships:
        if row["owner_id"] in wanted:
            values = out[row["owner_id"]]
            values["reach.relationships"] = float(row["n"])
            values["reach.target_accounts"] = float(row["at_targets"])
            values["reach.strength"] = round(float(row["strength"] or 0), 2)
            values["relate.shared"] = float(row["opened"])

    # Engage: activity and content relayed over 90 days.
    activities = (
        Activity.unscoped.filter(tenant=tenant, occurred_on__gte=engage_from, occurred_on__lte=today)
        .values("employee_id")
        .annotate(n=Count("id"), relayed=Count("id", filter=Q(kind=ActivityKind.SHARE) & ~Q(content_url="")))
    )
    for row in activities:
        if row["employee_id"] in wanted:
            out[row["employee_id"]]["engage.activities"] = float(row["n"])
            out[row["employee_id"]]["engage.content_relayed"] = float(row["relayed"])

    events = (
        EventAttendance.unscoped.filter(tenant=tenant, attended=True, event__held_on__gte=engage_from, event__held_on__lte=today)
        .values("employee_id")
        .annotate(n=Count("event_id", distinct=True))
    )
    for row in events:
        if row["employee_id"] in wanted:
            out[row["employee_id"]]["engage.events"] = float(row["n"])

    # Relate: introductions given (accepted as the owner) and referrals, over 12 months.
    intros = (
        IntroRequest.unscoped.filter(
            tenant=tenant, status=IntroRequest.Status.ACCEPTED, answered_at__gte=relate_from, answered_at__lt=end
        )
        .values("owner_id")
        .annotate(n=Count("id"))
    )
    for row in intros:
        if row["owner_id"] in wanted:
            out[row["owner_id"]]["relate.intros_given"] = float(row["n"])

    made = Q(submitted_at__gte=relate_from, submitted_at__lt=end)
    won = Q(status=Referral.Status.WON, closed_at__gte=relate_from, closed_at__lt=end)
    referrals = (
        Referral.unscoped.filter(Q(tenant=tenant) & (made | won))
        .values("referrer_id")
        .annotate(made=Count("id", filter=made), won=Count("id", filter=won))
    )
    for row in referrals:
        if row["referrer_id"] in wanted:
            out[row["referrer_id"]]["relate.referrals_made"] = float(row["made"])
            out[row["referrer_id"]]["relate.referrals_won"] = float(row["won"])
    return out
