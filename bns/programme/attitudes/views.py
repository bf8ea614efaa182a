"""Pages of the attitudes, under /g/<tenant_slug>/programme/attitudes/: the charter of principles (its current version
and acknowledgement rate, from the networking app) and the behaviours expected of each role.

Thin views: reads from selectors.py, writes through services.py. Every member reads; the programme's editors write the
behaviours. Pages show the current iteration, or the one named by ``?programme=<pk>``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bns.access import membership_require
from bns.forms import form_add_service_errors
from bns.models import Role
from bns.permissions import Perm
from bns.programme.access import programme_can_edit, programme_current, programme_require_edit
from bns.programme.attitudes import selectors, services
from bns.programme.attitudes.defaults import default_behaviours
from bns.programme.attitudes.forms import RoleBehaviourForm
from bns.programme.models import Programme, RoleBehaviour
from bns.programme.strategy.common import programme_from_request


def _with_programme(request, url: str, programme: Programme) -> str:
    current = programme_current(tenant=request.tenant)
    return url if current is not None and current.pk == programme.pk else f"{url}?programme={programme.pk}"


def _page_url(request, programme: Programme) -> str:
    return _with_programme(request, reverse("programme_attitudes", kwargs={"tenant_slug": request.tenant.slug}), programme)


@require_GET
def programme_attitudes(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    programme = programme_from_request(request)
    membership = request.membership
    context: dict = {
        "programme": programme,
        "summary": selectors.charter_summary(tenant=request.tenant, membership=membership),
        "can_publish_charter": membership.has_perm(Perm.MANAGE_CHARTER),
        "can_open_charter": membership.has_perm(Perm.USE_NETWORKING),
    }
    if programme is not None:
        current = programme_current(tenant=request.tenant)
        can_edit = programme_can_edit(membership=membership, programme=programme)
        context.update({
            "is_current": current is not None and current.pk == programme.pk,
            "iterations": list(Programme.unscoped.filter(tenant=request.tenant).order_by("-iteration").values(
                "pk", "iteration", "title", "status")),
            "rows": [{"row": row, "edit_url": _with_programme(request, reverse("programme_attitudes_edit", kwargs={
                "tenant_slug": request.tenant.slug, "role": row.role}), programme)}
                for row in selectors.attitudes_rows(tenant=request.tenant, programme=programme)],
            "can_edit": can_edit,
        })
    return render(request, "bns/programme/attitudes/attitudes.html", context)


@require_http_methods(["GET", "POST"])
def programme_attitudes_edit(request, tenant_slug: str, role: str):
    """Write (or, with an empty text, remove) the behaviours expected of one role in the iteration."""
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    role = selectors.role_get(role)
    programme = programme_from_request(request)
    if programme is None:
        raise Http404
    programme_require_edit(membership=request.membership, programme=programme)
    current = RoleBehaviour.unscoped.filter(tenant=request.tenant, programme=programme, role=role).first()
    suggestion = default_behaviours(role)
    initial = {"behaviours": current.behaviours if current else (suggestion if request.GET.get("suggest") == "1" else "")}
    form = RoleBehaviourForm(request.POST if request.method == "POST" else None, initial=initial, placeholder=suggestion)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.role_behaviour_set(tenant=request.tenant, actor=request.user, programme=programme, role=role,
                                                behaviours=form.cleaned_data["behaviours"])
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            label = Role(role).label
            if saved is not None:
                messages.success(request, _("The behaviours expected of “%(role)s” are saved.") % {"role": label})
            elif current is not None:
                messages.success(request, _("The behaviours expected of “%(role)s” are removed: the suggestion is shown "
                                            "again.") % {"role": label})
            else:
                messages.info(request, _("Nothing to save: write at least one behaviour."))
            return redirect(f"{_page_url(request, programme)}#role-{role}")
    edit_url = _with_programme(request, reverse("programme_attitudes_edit", kwargs={"tenant_slug": request.tenant.slug, "role": role}),
                               programme)
    return render(request, "bns/programme/attitudes/behaviour_form.html", {
        "form": form, "programme": programme, "role": role, "role_label": Role(role).label, "current": current,
        "suggestion": suggestion, "page_url": _page_url(request, programme),
        "suggest_url": f"{edit_url}{'&' if '?' in edit_url else '?'}suggest=1",
    }, status=400 if form.errors else 200)
