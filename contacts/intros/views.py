"""Pages of introductions: my inbox and outbox, one request with its history, the answers and the follow-up.

Only the two sides of a request ever open it (anyone else, whatever their role: 404).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bns.access import membership_require
from bns.forms import form_add_service_errors
from bns.permissions import Perm
from bns.views.utils import paginate, querystring_without_page
from contacts.intros import selectors, services
from contacts.intros.forms import AcceptForm, DeclineForm, FollowUpForm, IntroFilterForm, OutcomeForm
from contacts.models import IntroRequest
from contacts.selectors import OWNER


@require_GET
def contacts_intros(request, tenant_slug: str):
    """The inbox (requests I received: pending first, soonest deadline first) and the outbox (requests I sent)."""
    membership_require(request.membership, Perm.USE_CONTACTS)
    form = IntroFilterForm(request.GET or None)
    filters = form.filters()
    common = dict(tenant=request.tenant, membership=request.membership, status=filters["status"])
    if filters["box"] == selectors.SENT:
        qs = selectors.intro_requests_sent(**common)
    else:
        qs = selectors.intro_requests_received(**common)
    page = paginate(request, qs)
    now = timezone.now()
    rows = [
        {
            "intro": intro,
            "subject": selectors.intro_subject(intro, request.membership),
            "overdue": intro.status == IntroRequest.Status.PENDING and intro.expires_at is not None and intro.expires_at <= now,
        }
        for intro in page.object_list
    ]
    return render(
        request,
        "contacts/intros/intro_list.html",
        {
            "form": form,
            "box": filters["box"],
            "status": filters["status"],
            "page": page,
            "rows": rows,
            "counts": selectors.intro_request_counts(tenant=request.tenant, membership=request.membership),
            "has_employee": request.membership.employee_id is not None,
            "querystring": querystring_without_page(request),
            "status_choices": IntroRequest.Status.choices,
        },
    )


def _get(request, pk) -> IntroRequest:
    membership_require(request.membership, Perm.USE_CONTACTS)
    return selectors.intro_request_get_for(tenant=request.tenant, membership=request.membership, pk=pk)


def _detail_page(request, intro: IntroRequest, *, status: int = 200, **bound):
    side = selectors.intro_side(intro, request.membership)
    pending = intro.status == IntroRequest.Status.PENDING
    accepted = intro.status == IntroRequest.Status.ACCEPTED
    context = {
        "intro": intro,
        "side": side,
        "is_owner": side == OWNER,
        "subject": selectors.intro_subject(intro, request.membership),
        "events": list(selectors.intro_events(tenant=request.tenant, intro=intro)),
        "reminder_at": services.reminder_due_at(intro),
    }
    context["can_answer"] = side == OWNER and pending
    context["can_follow_up"] = side != OWNER and accepted
    if context["can_answer"]:
        context["accept_form"] = AcceptForm()
        context["decline_form"] = DeclineForm()
    if context["can_follow_up"]:
        context["follow_up_form"] = FollowUpForm()
        context["outcome_form"] = OutcomeForm(initial={"outcome": intro.outcome or None})
    # A form sent with errors comes back with them; at the top when its section is no longer shown (the request
    # moved on meanwhile, or the member is not the side that may use it).
    context.update(bound)
    shown = {"accept_form": context["can_answer"], "decline_form": context["can_answer"],
             "follow_up_form": context["can_follow_up"], "outcome_form": context["can_follow_up"]}
    context["failed_form"] = next((form for name, form in bound.items() if not shown.get(name)), None)
    return render(request, "contacts/intros/intro_detail.html", context, status=status)


@require_GET
def contacts_intro_detail(request, tenant_slug: str, pk):
    return _detail_page(request, _get(request, pk))


def _act(request, pk, form_class, form_name: str, call, done: str):
    """Bind the form, call the service, redirect with ``done``; errors re-render the page with 400."""
    intro = _get(request, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(intro, form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("contacts_intro_detail", tenant_slug=request.tenant.slug, pk=intro.pk)
    return _detail_page(request, intro, status=400, **{form_name: form})


@require_POST
def contacts_intro_accept(request, tenant_slug: str, pk):
    return _act(
        request, pk, AcceptForm, "accept_form",
        lambda intro, data: services.intro_request_accept(tenant=request.tenant, actor=request.user, intro=intro, **data),
        _("Accepted: your colleague is told. Introduce them as you said."),
    )


@require_POST
def contacts_intro_decline(request, tenant_slug: str, pk):
    return _act(
        request, pk, DeclineForm, "decline_form",
        lambda intro, data: services.intro_request_decline(tenant=request.tenant, actor=request.user, intro=intro, **data),
        _("Declined: your colleague reads your reason, and nothing about the person."),
    )


@require_POST
def contacts_intro_follow_up(request, tenant_slug: str, pk):
    return _act(
        request, pk, FollowUpForm, "follow_up_form",
        lambda intro, data: services.intro_request_follow_up(tenant=request.tenant, actor=request.user, intro=intro, **data),
        _("Follow-up recorded: the owner sees it."),
    )


@require_POST
def contacts_intro_outcome(request, tenant_slug: str, pk):
    return _act(
        request, pk, OutcomeForm, "outcome_form",
        lambda intro, data: services.intro_request_record_outcome(tenant=request.tenant, actor=request.user, intro=intro, **data),
        _("Outcome recorded: the owner is told. Thank you for closing the loop."),
    )
