from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from bns.access import membership_resolve, mfa_setup_required
from bns.tenancy import activate_tenant, deactivate_tenant


class RejectNullCharactersMiddleware:
    """A NUL character in the query string is never legitimate: answer 400 before it reaches a query
    (PostgreSQL refuses NUL in strings, which would otherwise be a 500). Form fields are already
    guarded by Django's ProhibitNullCharactersValidator."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()):
            return HttpResponseBadRequest(_("The address contains an invalid character."), content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class TenantMiddleware:
    """Resolves /g/<tenant_slug>/... pages to request.tenant and request.membership.

    The API resolves its tenant in TenantAPIView after DRF authentication (token users are not known
    here), so API views are skipped.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.tenant = None
        request.membership = None
        try:
            return self.get_response(request)
        finally:
            token = getattr(request, "_tenant_token", None)
            if token is not None:
                deactivate_tenant(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        slug = view_kwargs.get("tenant_slug")
        if slug is None or getattr(view_func, "cls", None) is not None and hasattr(view_func.cls, "tenant_api"):
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        membership = membership_resolve(user=request.user, tenant_slug=slug)
        request.membership = membership
        request.tenant = membership.tenant
        request._tenant_token = activate_tenant(membership.tenant)
        if mfa_setup_required(membership):
            messages.warning(
                request,
                _("%(group)s requires two-factor authentication for your role: set it up to continue.")
                % {"group": membership.tenant.name},
            )
            return redirect("mfa_activate_totp")
        return None
