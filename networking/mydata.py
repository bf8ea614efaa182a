"""Everything the networking app holds about one employee, shown to that employee and downloadable (seed 001: the
screens say what is measured; GDPR art. 15: access). Pulse answers are anonymous by construction: all that is held
is that the employee took part in a pulse, never what they answered, and that is what the page says."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from bns.access import membership_require
from bns.models import Employee, Tenant
from bns.permissions import Perm
from networking.models import (
    Activity,
    ActivityChannel,
    ActivityKind,
    CharterAcknowledgement,
    CoachingNote,
    EventAttendance,
    EventContact,
    MembershipRole,
    NetworkingScore,
    NetworkMembership,
    NetworkTarget,
    Platform,
    PulseParticipation,
    SocialProfile,
    ToolLicence,
)

ACTIVITY_LIMIT = 500  # the page lists the latest; the download holds them all


def employee_networking_data(*, tenant: Tenant, employee: Employee, activity_limit: int | None = ACTIVITY_LIMIT) -> dict:
    """One bounded set of queries (one per kind of data), whatever the amount of data."""
    activities = Activity.objects.filter(tenant=tenant, employee=employee).order_by("-occurred_on", "-id")
    return {
        "profiles": list(SocialProfile.objects.filter(tenant=tenant, employee=employee).values(
            "platform", "url", "audience_size", "checked_on", "checklist", "positioning", "completeness", "updated_at")),
        "activity_count": activities.count(),
        "activities": list(activities[:activity_limit].values(
            "occurred_on", "channel", "kind", "reach", "engagement", "content_url", "note", "source") if activity_limit
            else activities.values("occurred_on", "channel", "kind", "reach", "engagement", "content_url", "note", "source")),
        "licences": list(ToolLicence.objects.filter(tenant=tenant, employee=employee).values(
            "tool", "monthly_cost", "starts_on", "ends_on", "last_used_on")),
        "memberships": list(NetworkMembership.objects.filter(tenant=tenant, employee=employee).values(
            "network__name", "network__city", "role", "since", "paid_by_company", "ended_on")),
        "leads": list(NetworkTarget.objects.filter(tenant=tenant, lead=employee).values("network__name", "site__name")),
        "attendances": list(EventAttendance.objects.filter(tenant=tenant, employee=employee).values(
            "event__title", "event__held_on", "attended").order_by("-event__held_on")),
        "contacts_met": EventContact.objects.filter(tenant=tenant, attendee=employee).count(),
        "coaching_notes": list(CoachingNote.objects.filter(tenant=tenant, employee=employee).values(
            "created_at", "author__first_name", "author__last_name", "focus", "actions_agreed", "follow_up_on",
            "follow_up_done_at")),
        "charter_acknowledgements": list(CharterAcknowledgement.objects.filter(tenant=tenant, employee=employee).values(
            "charter__version", "charter__title", "acknowledged_at").order_by("-charter__version")),
        "pulses_taken_part": list(PulseParticipation.objects.filter(tenant=tenant, employee=employee).values(
            "pulse__title", "pulse__opens_on", "pulse__closes_on").order_by("-pulse__opens_on")),
        "scores": list(NetworkingScore.objects.filter(tenant=tenant, employee=employee).order_by("-computed_on")[:12].values(
            "computed_on", "total", "brand", "reach", "engage", "relate")),
    }


def _add_labels(data: dict) -> None:
    """Readable labels for the page (the download keeps the codes)."""
    for row in data["profiles"]:
        row["platform_label"] = Platform(row["platform"]).label
    for row in data["activities"]:
        row["kind_label"] = ActivityKind(row["kind"]).label
        row["channel_label"] = ActivityChannel(row["channel"]).label
    for row in data["memberships"]:
        row["role_label"] = MembershipRole(row["role"]).label


@require_GET
def networking_my_data(request, tenant_slug: str):
    membership_require(request.membership, Perm.USE_NETWORKING)
    employee = request.membership.employee
    data = employee_networking_data(tenant=request.tenant, employee=employee) if employee else None
    if data:
        _add_labels(data)
    return render(request, "networking/my_data.html", {"employee": employee, "data": data, "activity_limit": ACTIVITY_LIMIT})


@require_GET
def networking_my_data_export(request, tenant_slug: str):
    membership_require(request.membership, Perm.USE_NETWORKING)
    employee = request.membership.employee
    if employee is None:
        data = {}
    else:
        data = employee_networking_data(tenant=request.tenant, employee=employee, activity_limit=None)
        data["employee"] = {"first_name": employee.first_name, "last_name": employee.last_name, "email": employee.email}
    data["exported_at"] = timezone.now()
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="my-networking-data.json"'
    return response
