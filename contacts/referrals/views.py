"""Pages of referrals: refer a lead, my referrals (and their rewards), referrals received, one referral and its steps.

Thin views: membership_require, selectors (who receives and who sees a referral live in
contacts.referrals.selectors), services (the status machine in contacts.referrals.services), messages.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods

from bns.access import membership_require
from bns.forms import form_add_service_errors
from bns.permissions import Perm
from bns.views.utils import paginate, querystring_without_page
from contacts.models import Account, Relationship
from contacts.referrals import rewards, selectors, services
from contacts.referrals.forms import LoseForm, NoteForm, ReferralForm, WinForm
from contacts.referrals.models import Referral, Reward
from contacts.selectors import DETAILS, OWNER, relationship_visible

STATUS_FILTERS = ("all", "open", "closed", *Referral.Status.values)


def text_param(params, name: str, max_length: int = 200) -> str:
    value = params.get(name, "")
    return value.replace("\x00", "").strip()[:max_length] if isinstance(value, str) else ""


def _filters(params, *, default_status: str = "") -> dict:
    status = params.get("status", default_status)
    return {"status": status if status in STATUS_FILTERS else default_status, "search": text_param(params, "q")}


def _status_choices():
    return [("open", pgettext("referrals filter", "Open")), ("closed", _("Closed")), *Referral.Status.choices]


def _int_param(params, name: str) -> int | None:
    value = params.get(name, "")
    return int(value) if isinstance(value, str) and value.isdigit() and 0 < len(value) < 19 else None


# --- Lists ----------------------------------------------------------------------------------------------


@require_GET
def referrals_mine(request, tenant_slug: str):
    """The referrer's page: what they referred, where each one stands, their rewards, the rules in force."""
    membership_require(request.membership, Perm.USE_CONTACTS)
    filters = _filters(request.GET)
    qs = selectors.referral_list(tenant=request.tenant, membership=request.membership, box="mine", **filters)
    today = timezone.localdate()
    rules = selectors.reward_rules_current(tenant=request.tenant).filter(valid_from__lte=today).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )
    totals = selectors.reward_totals_for(tenant=request.tenant, employee_id=request.membership.employee_id)
    context = {
        "page": paginate(request, qs),
        "filters": filters,
        "has_filters": any(filters.values()),
        "status_choices": _status_choices(),
        "querystring": querystring_without_page(request),
        "has_employee": request.membership.employee_id is not None,
        "rules": list(rules[:20]),
        "totals": [(label, totals.get(value)) for value, label in Reward.Status.choices if totals.get(value) is not None],
    }
    return render(request, "contacts/referrals/mine.html", context)


@require_GET
def referrals_received(request, tenant_slug: str):
    """The receiving side's list (open ones first by default); approvers, payroll and leaders may list them all."""
    membership_require(request.membership, Perm.USE_CONTACTS)
    may_see_all = selectors.sees_every_referral(request.membership)
    box = "all" if may_see_all and request.GET.get("scope") == "all" else "received"
    filters = _filters(request.GET, default_status="open")
    qs = selectors.referral_list(tenant=request.tenant, membership=request.membership, box=box, **filters)
    context = {
        "page": paginate(request, qs),
        "filters": filters,
        "box": box,
        "may_see_all": may_see_all,
        "status_choices": _status_choices(),
        "querystring": querystring_without_page(request),
    }
    return render(request, "contacts/referrals/received.html", context)


# --- Refer a lead ----------------------------------------------------------------------------------------


def _visible_contacts(request, search: str):
    """The member's contacts whose details they may see, matching ``search`` (to pick the lead from)."""
    qs = relationship_visible(tenant=request.tenant, membership=request.membership).filter(access__in=[OWNER, DETAILS], status="active")
    for term in search.split()[:5]:
        qs = qs.filter(
            Q(person__first_name__icontains=term) | Q(person__last_name__icontains=term) | Q(person__company_name__icontains=term)
            | Q(person__account__name__icontains=term)
        )
    return qs.order_by("person__last_name", "person__first_name", "pk")


def _lead_preview(request, person_id: int | None, account_id: int | None) -> dict:
    """What the hidden person/account ids stand for (a person only when the member may see their details)."""
    preview = {}
    if person_id:
        rel: Relationship | None = _visible_contacts(request, "").filter(person_id=person_id).first()
        if rel is not None:
            preview["person"] = rel.person
    if account_id:
        preview["account"] = Account.unscoped.filter(tenant=request.tenant, pk=account_id).first()
    return {k: v for k, v in preview.items() if v is not None}


@require_http_methods(["GET", "POST"])
def referrals_new(request, tenant_slug: str):
    membership_require(request.membership, Perm.USE_CONTACTS)
    employee = request.membership.employee
    source = request.POST if request.method == "POST" else request.GET
    person_id, account_id = _int_param(source, "person"), _int_param(source, "account")
    preview = _lead_preview(request, person_id, account_id)
    initial = {"person": preview["person"].pk if "person" in preview else None,
               "account": preview["account"].pk if "account" in preview else None}
    form = ReferralForm(request.POST if request.method == "POST" else None, initial=initial, tenant=request.tenant,
                        referrer_id=employee.pk if employee else None)
    if request.method == "POST" and form.is_valid():
        if employee is None:
            form.add_error(None, _("Your login is not linked to an employee record: only employees refer leads."))
        else:
            try:
                referral = services.referral_submit(tenant=request.tenant, actor=request.user, **form.service_kwargs())
            except ValidationError as exc:
                form_add_service_errors(form, exc)
            else:
                messages.success(request, _("Lead referred. You will be told at each step."))
                return redirect("referrals_detail", tenant_slug=request.tenant.slug, pk=referral.pk)
    find = text_param(request.GET, "find", 100)
    context = {
        "form": form,
        "lead_fields": [form[name] for name in ("first_name", "last_name", "company", "phone", "email")],
        "need_fields": [form[name] for name in ("need", "urgency", "consent")],
        "receiver_fields": [form[name] for name in ("to_employee", "to_site", "to_department")],
        "preview": preview,
        "has_employee": employee is not None,
        "find": find,
        "found": list(_visible_contacts(request, find)[:10]) if find else [],
    }
    return render(request, "contacts/referrals/new.html", context, status=400 if form.errors else 200)


# --- One referral ----------------------------------------------------------------------------------------

TRANSITION_FORMS = {"accept": NoteForm, "qualify": NoteForm, "win": WinForm, "lose": LoseForm}
TRANSITION_SERVICES = {
    "accept": services.referral_accept, "qualify": services.referral_qualify, "win": services.referral_win, "lose": services.referral_lose,
}


def _transition_form(action: str, request, data=None):
    form_class = TRANSITION_FORMS[action]
    if form_class is WinForm:
        return WinForm(data, tenant=request.tenant, prefix="win")
    return form_class(data, prefix=action)


def _rule_preview(request, referral: Referral):
    """The reward rule that will apply if the lead is won (for an open referral), to tell the receiver."""
    if referral.is_closed:
        return None
    department_id = referral.to_department_id
    if department_id is None and request.membership.employee is not None:
        department_id = request.membership.employee.department_id
    return rewards.reward_rule_for(referral, department_id=department_id)


@require_GET
def referrals_detail(request, tenant_slug: str, pk: int):
    membership_require(request.membership, Perm.USE_CONTACTS)
    referral = selectors.referral_get_for(tenant=request.tenant, membership=request.membership, pk=pk)
    membership = request.membership
    can_move = bool(referral.receiving) and not (membership.employee_id and membership.employee_id == referral.referrer_id)
    actions = services.next_actions(referral.status) if can_move else []
    details = selectors.lead_details_visible(referral=referral, membership=membership)
    person = referral.person
    reward = getattr(referral, "reward", None) if referral.status == Referral.Status.WON else None
    context = {
        "referral": referral,
        "events": list(selectors.referral_events(referral=referral)),
        "is_referrer": bool(membership.employee_id) and membership.employee_id == referral.referrer_id,
        "actions": [(action, _transition_form(action, request)) for action in actions],
        "details": details,
        "emails": [e.email for e in person.emails.all()] if details and person is not None else [],
        "phones": [p.number for p in person.phones.all()] if details and person is not None else [],
        "reward": reward,
        "can_approve": reward is not None and reward.status == Reward.Status.PENDING and membership.has_perm(Perm.APPROVE_REWARDS)
        and membership.employee_id != reward.referrer_id,
        "can_pay": reward is not None and reward.status == Reward.Status.APPROVED and membership.has_perm(Perm.PAY_REWARDS)
        and membership.employee_id != reward.referrer_id,
        "rule_preview": _rule_preview(request, referral) if can_move else None,
    }
    return render(request, "contacts/referrals/detail.html", context)


def _transition_page(request, pk: int, action: str):
    membership_require(request.membership, Perm.USE_CONTACTS)
    referral = selectors.referral_get_for(tenant=request.tenant, membership=request.membership, pk=pk)
    membership = request.membership
    if membership.employee_id and membership.employee_id == referral.referrer_id:
        raise PermissionDenied(_("You referred this lead: only the receiving side moves it forward."))
    if not referral.receiving:
        raise PermissionDenied(_("Only the colleague or the team this lead was referred to can move it forward."))
    allowed = action in services.next_actions(referral.status)
    form = _transition_form(action, request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            TRANSITION_SERVICES[action](tenant=request.tenant, actor=request.user, referral=referral, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            referral.refresh_from_db(fields=["status"])
            messages.success(request, _("Referral “%(status)s”.") % {"status": referral.get_status_display()})
            return redirect("referrals_detail", tenant_slug=request.tenant.slug, pk=referral.pk)
    context = {
        "referral": referral,
        "action": action,
        "form": form if (allowed or request.method == "POST") else None,
        "blocked": "" if allowed else services.status_error(referral).messages[0],
        "rule_preview": _rule_preview(request, referral) if action == "win" and allowed else None,
    }
    return render(request, "contacts/referrals/transition.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def referrals_accept(request, tenant_slug: str, pk: int):
    return _transition_page(request, pk, "accept")


@require_http_methods(["GET", "POST"])
def referrals_qualify(request, tenant_slug: str, pk: int):
    return _transition_page(request, pk, "qualify")


@require_http_methods(["GET", "POST"])
def referrals_win(request, tenant_slug: str, pk: int):
    return _transition_page(request, pk, "win")


@require_http_methods(["GET", "POST"])
def referrals_lose(request, tenant_slug: str, pk: int):
    return _transition_page(request, pk, "lose")
