"""The networking home page ("Mon réseautage"); each area's pages live in its own package."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from bns.access import membership_require
from bns.permissions import Perm
from networking.score.home import networking_home_data


@require_GET
def networking_home(request, tenant_slug: str):
    """The member's own networking at a glance: profiles, activity, score, and what is waiting for them."""
    membership_require(request.membership, Perm.USE_NETWORKING)
    employee = request.membership.employee
    data = networking_home_data(tenant=request.tenant, employee=employee) if employee is not None else None
    return render(request, "networking/home.html", {"employee": employee, "data": data})
