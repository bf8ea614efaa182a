"""The programme home: the 8 steps of the current iteration."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from bns.access import membership_require
from bns.permissions import Perm
from bns.programme.access import programme_current


@require_GET
def programme_home(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    programme = programme_current(tenant=request.tenant)
    return render(request, "bns/programme/home.html", {"programme": programme})
