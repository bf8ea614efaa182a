"""The product shell: landing, tenant switch, group home, health check, personal API token."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods
from rest_framework.authtoken.models import Token

from bns.access import membership_require
from bns.models import Membership
from bns.permissions import Perm
from bns.selectors import tenant_overview


@login_required
@require_GET
def root(request):
    """Send the user to their group, or let a consultant choose among several."""
    memberships = list(
        Membership.unscoped.filter(user=request.user, is_active=True).select_related("tenant").order_by("tenant__name")
    )
    if len(memberships) == 1:
        return redirect("tenant_home", tenant_slug=memberships[0].tenant.slug)
    return render(request, "bns/choose_tenant.html", {"memberships": memberships})


@login_required
@require_GET
def tenant_switch(request):
    slug = request.GET.get("slug", "")
    if not Membership.unscoped.filter(user=request.user, is_active=True, tenant__slug=slug).exists():
        raise Http404
    return redirect("tenant_home", tenant_slug=slug)


@require_GET
def tenant_home(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_GROUP)
    overview = tenant_overview(tenant=request.tenant)
    return render(request, "bns/tenant_home.html", {"overview": overview})


@require_GET
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
@require_http_methods(["GET", "POST"])
def api_token(request):
    """Show (and on POST, rotate) the user's personal API token for the REST API."""
    token = Token.objects.filter(user=request.user).first()
    if request.method == "POST":
        if token is not None:
            token.delete()
        token = Token.objects.create(user=request.user)
        return render(request, "bns/api_token.html", {"token": token, "fresh": True})
    return render(request, "bns/api_token.html", {"token": token, "fresh": False})
