"""Pages of step 4 (strategy): the options side by side, their challenges, the decision.

Thin views: permissions from bns.programme.access, reads from selectors.py, writes through services.py. Pages show the
current iteration, or the one named by ``?programme=<pk>`` (an earlier iteration stays readable).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bns.access import membership_require
from bns.forms import form_add_service_errors
from bns.permissions import Perm
from bns.programme.access import programme_can_edit, programme_current, programme_require_edit
from bns.programme.models import Programme, StrategyOption
from bns.programme.strategy import selectors, services
from bns.programme.strategy.common import euros, programme_from_request
from bns.programme.strategy.forms import (
    StrategyChallengeForm,
    StrategyOptionEditForm,
    StrategyOptionForm,
    StrategyRetainForm,
)


def _page_url(programme: Programme) -> str:
    url = reverse("programme_strategy", kwargs={"tenant_slug": programme.tenant.slug})
    current = programme_current(tenant=programme.tenant)
    return url if current is not None and current.pk == programme.pk else f"{url}?programme={programme.pk}"


def _option_for(request, pk) -> StrategyOption:
    return selectors.strategy_option_get_for(tenant=request.tenant, pk=pk)


def _cards(options, *, can_edit: bool, can_challenge: bool, form_for: int | None, bound_form) -> list[dict]:
    cards = []
    for option in options:
        cards.append({
            "option": option,
            "challenges": list(option.challenges.all()),
            "cost": euros(option.cost) if option.cost is not None else "",
            "average": round(option.average_score, 1) if option.average_score is not None else None,
            "challenge_form": bound_form if form_for == option.pk else (StrategyChallengeForm(prefix=f"c{option.pk}")
                                                                        if can_challenge else None),
            "can_delete": can_edit and option.status == StrategyOption.Status.CANDIDATE,
        })
    return cards


def _render_page(request, programme: Programme | None, *, form_for: int | None = None, bound_form=None, status: int = 200):
    membership = request.membership
    context: dict = {"programme": programme, "cards": [], "iterations": []}
    if programme is not None:
        options = selectors.strategy_options_with_challenges(tenant=request.tenant, programme_id=programme.pk)
        can_edit = programme_can_edit(membership=membership, programme=programme)
        can_challenge = services.strategy_can_challenge(membership=membership, programme=programme)
        retained = next((o for o in options if o.status == StrategyOption.Status.RETAINED), None)
        current = programme_current(tenant=request.tenant)
        context.update({
            "cards": _cards(options, can_edit=can_edit, can_challenge=can_challenge, form_for=form_for, bound_form=bound_form),
            "retained": retained,
            "can_edit": can_edit,
            "can_challenge": can_challenge,
            "can_retain": can_edit and retained is None and len(options) > 0,
            "can_reopen": membership.has_perm(Perm.MANAGE_PROGRAMME) and any(
                o.status != StrategyOption.Status.CANDIDATE for o in options),
            "is_current": current is not None and current.pk == programme.pk,
            "iterations": list(Programme.objects.filter(tenant=request.tenant).order_by("-iteration").values("pk", "iteration", "title")),
            "no_employee": membership.employee_id is None,
        })
    return render(request, "bns/programme/strategy/strategy.html", context, status=status)


@require_GET
def programme_strategy(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    return _render_page(request, programme_from_request(request))


def _require_programme(request) -> Programme:
    programme = programme_from_request(request)
    if programme is None:
        raise Http404
    return programme


@require_http_methods(["GET", "POST"])
def programme_strategy_option_create(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    programme = _require_programme(request)
    programme_require_edit(membership=request.membership, programme=programme)
    form = StrategyOptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            option = services.strategy_option_create(tenant=request.tenant, actor=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Option “%(title)s” added: now ask the team to challenge it.") % {"title": option.title})
            return redirect(_page_url(programme))
    return render(request, "bns/programme/strategy/option_form.html", {"form": form, "programme": programme, "option": None},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def programme_strategy_option_edit(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    option = _option_for(request, pk)
    programme_require_edit(membership=request.membership, programme=option.programme)
    form_class = StrategyOptionForm if option.status == StrategyOption.Status.CANDIDATE else StrategyOptionEditForm
    initial = {name: getattr(option, name) for name in services.OPTION_EDITABLE}
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.strategy_option_update(tenant=request.tenant, actor=request.user, option=option, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Option saved."))
            return redirect(_page_url(option.programme))
    return render(request, "bns/programme/strategy/option_form.html", {"form": form, "programme": option.programme, "option": option},
                  status=400 if form.errors else 200)


@require_POST
def programme_strategy_option_delete(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    option = _option_for(request, pk)
    try:
        services.strategy_option_delete(tenant=request.tenant, actor=request.user, option=option)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Option “%(title)s” deleted.") % {"title": option.title})
    return redirect(_page_url(option.programme))


@require_POST
def programme_strategy_challenge(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    option = _option_for(request, pk)
    if not services.strategy_can_challenge(membership=request.membership, programme=option.programme):
        raise PermissionDenied
    form = StrategyChallengeForm(request.POST, prefix=f"c{option.pk}")
    if form.is_valid():
        try:
            services.strategy_challenge_add(tenant=request.tenant, actor=request.user, option=option, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Your challenge is recorded."))
            return redirect(f"{_page_url(option.programme)}#option-{option.pk}")
    return _render_page(request, option.programme, form_for=option.pk, bound_form=form, status=400)


@require_http_methods(["GET", "POST"])
def programme_strategy_retain(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    option = _option_for(request, pk)
    programme = option.programme
    programme_require_edit(membership=request.membership, programme=programme)
    others = [o for o in selectors.strategy_option_list(tenant=request.tenant, programme_id=programme.pk) if o.pk != option.pk]
    retained = next((o for o in [option, *others] if o.status == StrategyOption.Status.RETAINED), None)
    form = StrategyRetainForm(request.POST or None, others=others)
    if request.method == "POST" and form.is_valid():
        try:
            services.strategy_option_retain(tenant=request.tenant, actor=request.user, option=option,
                                            rationale=form.cleaned_data["rationale"], rejection_reasons=form.reasons())
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("“%(title)s” is the retained strategy; the other options are kept as rejected with "
                                        "their reasons.") % {"title": option.title})
            return redirect(_page_url(programme))
    return render(request, "bns/programme/strategy/retain.html", {
        "form": form, "option": option, "programme": programme, "already_retained": retained,
        "default_reason": services.strategy_default_rejection(tenant=request.tenant, retained=option),
    }, status=400 if form.errors else 200)


@require_POST
def programme_strategy_reopen(request, tenant_slug: str):
    membership_require(request.membership, Perm.MANAGE_PROGRAMME)
    programme = programme_from_request(request, source=request.POST)
    if programme is None:
        raise Http404
    try:
        count = services.strategy_option_reopen(tenant=request.tenant, actor=request.user, programme=programme)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, ngettext("The decision is reopened: %(n)s option is under discussion again.",
                                           "The decision is reopened: the %(n)s options are under discussion again.",
                                           count) % {"n": count})
    return redirect(_page_url(programme))
