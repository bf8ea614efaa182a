"""The networking home page ("Mon réseautage"); each area's pages live in its own package."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from bns.access import membership_require
from bns.permissions import Perm


@require_GET
def networking_home(request, tenant_slug: str):
    membership_require(request.membership, Perm.USE_NETWORKING)
    return render(request, "networking/home.html", {})
