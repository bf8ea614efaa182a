"""The networking settings page: pulse anonymity threshold, unused-licence delay, the score's weights and targets.

Admins (MANAGE_POLICY) edit; members who read the group's networking figures (VIEW_NETWORKING) see the settings
read-only, so that everyone can check what the figures are computed with.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bns.forms import form_add_service_errors
from bns.permissions import Perm
from networking.score import formula, selectors, services
from networking.score.forms import NetworkingSettingsForm
from networking.selectors import networking_settings_get


@require_http_methods(["GET", "POST"])
def networking_settings(request, tenant_slug: str):
    membership = request.membership
    can_edit = membership.has_perm(Perm.MANAGE_POLICY)
    if not can_edit and (request.method == "POST" or not membership.has_perm(Perm.VIEW_NETWORKING)):
        raise PermissionDenied
    current = networking_settings_get(tenant=request.tenant)
    weights = selectors.score_weights_for(tenant=request.tenant)
    form = None
    if can_edit:
        initial = {"pulse_min_respondents": current.pulse_min_respondents, "licence_unused_days": current.licence_unused_days}
        form = NetworkingSettingsForm(request.POST or None, initial=initial, weights=weights)
        if request.method == "POST" and form.is_valid():
            try:
                services.networking_settings_update(
                    tenant=request.tenant, actor=request.user,
                    pulse_min_respondents=form.cleaned_data["pulse_min_respondents"],
                    licence_unused_days=form.cleaned_data["licence_unused_days"],
                    score_weights=form.score_weights(),
                )
            except ValidationError as exc:
                form_add_service_errors(form, exc)
            else:
                messages.success(request, _("Networking settings saved. New weights apply from the next computation of "
                                            "the scores (tonight, or now from the score page)."))
                return redirect("networking_settings", tenant_slug=request.tenant.slug)
    return render(request, "networking/score/settings.html", {
        "form": form, "rows": form.bound_rows() if form is not None else None, "current": current,
        "formula": formula.formula_rows(weights), "can_edit": can_edit,
    }, status=400 if form is not None and form.errors else 200)
