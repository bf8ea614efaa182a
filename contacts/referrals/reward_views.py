"""Pages of rewards ("primes"): the approval queue (APPROVE_REWARDS), payroll and its monthly export, reward
rules (PAY_REWARDS). Thin views over contacts.referrals.rewards (the services) and .selectors."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bns.access import membership_require
from bns.forms import form_add_service_errors
from bns.permissions import Perm
from bns.views.utils import paginate, querystring_without_page
from contacts.referrals import exports, rewards, selectors
from contacts.referrals.forms import MarkPaidForm, RewardRejectForm, RewardRuleForm, rule_initial
from contacts.referrals.models import Reward
from contacts.referrals.views import text_param


def _back(request, default: str):
    """Where to go after a one-click action: ``next`` when it is a local URL, else ``default`` (a URL name)."""
    target = request.POST.get("next", "")
    if isinstance(target, str) and target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default, tenant_slug=request.tenant.slug)


# --- Approval ---------------------------------------------------------------------------------------------


@require_GET
def referrals_reward_queue(request, tenant_slug: str):
    """Rewards waiting for a manager's approval (the approver's own ones are shown, without the buttons)."""
    membership_require(request.membership, Perm.APPROVE_REWARDS)
    search = text_param(request.GET, "q")
    qs = selectors.reward_list(tenant=request.tenant, membership=request.membership, status=Reward.Status.PENDING, search=search)
    context = {"page": paginate(request, qs), "search": search, "querystring": querystring_without_page(request)}
    return render(request, "contacts/referrals/reward_queue.html", context)


@require_POST
def referrals_reward_approve(request, tenant_slug: str, pk: int):
    membership_require(request.membership, Perm.APPROVE_REWARDS)
    reward = selectors.reward_get_for(tenant=request.tenant, membership=request.membership, pk=pk)
    try:
        rewards.reward_approve(tenant=request.tenant, actor=request.user, reward=reward)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Reward approved: payroll will pay it."))
    return _back(request, "referrals_reward_queue")


@require_http_methods(["GET", "POST"])
def referrals_reward_reject(request, tenant_slug: str, pk: int):
    membership_require(request.membership, Perm.APPROVE_REWARDS)
    reward = selectors.reward_get_for(tenant=request.tenant, membership=request.membership, pk=pk)
    form = RewardRejectForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            rewards.reward_reject(tenant=request.tenant, actor=request.user, reward=reward, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Reward rejected; the referrer is told why."))
            return redirect("referrals_reward_queue", tenant_slug=request.tenant.slug)
    context = {"reward": reward, "form": form, "action": "reject"}
    return render(request, "contacts/referrals/reward_action.html", context, status=400 if form.errors else 200)


# --- Payroll ----------------------------------------------------------------------------------------------


def _month(request) -> tuple:
    raw = request.GET.get("month", "")
    month = exports.parse_month(raw) if raw else None
    return month or timezone.localdate().replace(day=1), bool(raw) and month is None


@require_http_methods(["GET", "POST"])
def referrals_reward_mark_paid(request, tenant_slug: str, pk: int):
    membership_require(request.membership, Perm.PAY_REWARDS)
    reward = selectors.reward_get_for(tenant=request.tenant, membership=request.membership, pk=pk)
    form = MarkPaidForm(request.POST if request.method == "POST" else None, initial={"month": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            rewards.reward_mark_paid(tenant=request.tenant, actor=request.user, reward=reward, month=form.cleaned_data["month"])
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Reward marked paid."))
            return _back(request, "referrals_payroll")
    context = {"reward": reward, "form": form, "action": "pay"}
    return render(request, "contacts/referrals/reward_action.html", context, status=400 if form.errors else 200)


@require_GET
def referrals_payroll(request, tenant_slug: str):
    """Approved rewards to pay, and the rewards paid in a month (with its CSV export)."""
    membership_require(request.membership, Perm.PAY_REWARDS)
    month, bad_month = _month(request)
    view = "paid" if request.GET.get("view") == "paid" else "to_pay"
    search = text_param(request.GET, "q")
    if view == "paid":
        qs = selectors.reward_list(tenant=request.tenant, membership=request.membership, status=Reward.Status.PAID, month=month,
                                   search=search)
    else:
        qs = selectors.reward_list(tenant=request.tenant, membership=request.membership, status=Reward.Status.APPROVED, search=search)
    context = {
        "page": paginate(request, qs),
        "view": view,
        "month": month,
        "bad_month": bad_month,
        "search": search,
        "querystring": querystring_without_page(request),
        "pay_form": MarkPaidForm(initial={"month": month}),
    }
    return render(request, "contacts/referrals/payroll.html", context, status=400 if bad_month else 200)


@require_GET
def referrals_payroll_export(request, tenant_slug: str):
    membership_require(request.membership, Perm.PAY_REWARDS)
    month, bad_month = _month(request)
    if bad_month:
        return HttpResponse(_("Give the month as YYYY-MM, e.g. 2025-03."), status=400, content_type="text/plain; charset=utf-8")
    content, _count = exports.payroll_csv(tenant=request.tenant, actor=request.user, month=month)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{exports.payroll_filename(request.tenant, month)}"'
    return response


# --- Rules ------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def referrals_rules(request, tenant_slug: str):
    """The reward rules, in force and past, and a form for a new one."""
    membership_require(request.membership, Perm.PAY_REWARDS)
    form = RewardRuleForm(request.POST if request.method == "POST" else None, tenant=request.tenant,
                          initial={"valid_from": timezone.localdate(), "kind": "fixed"})
    if request.method == "POST" and form.is_valid():
        try:
            rule = rewards.reward_rule_create(tenant=request.tenant, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Rule “%(name)s” created: it applies to referrals submitted from now on.") % {"name": rule.name})
            return redirect("referrals_rules", tenant_slug=request.tenant.slug)
    context = {
        "form": form,
        "page": paginate(request, selectors.reward_rule_list(tenant=request.tenant).order_by("ended_at", "-created_at", "-pk")),
        "querystring": querystring_without_page(request),
        "today": timezone.localdate(),
    }
    return render(request, "contacts/referrals/rules.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def referrals_rule_change(request, tenant_slug: str, pk: int):
    membership_require(request.membership, Perm.PAY_REWARDS)
    rule = selectors.reward_rule_get_for(tenant=request.tenant, pk=pk)
    initial = {**rule_initial(rule), "valid_from": max(rule.valid_from, timezone.localdate())}
    form = RewardRuleForm(request.POST if request.method == "POST" else None, tenant=request.tenant, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            new = rewards.reward_rule_change(tenant=request.tenant, actor=request.user, rule=rule, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Rule changed: “%(name)s” applies to referrals submitted from now on; earlier ones keep the old rule.")
                % {"name": new.name},
            )
            return redirect("referrals_rules", tenant_slug=request.tenant.slug)
    return render(request, "contacts/referrals/rule_change.html", {"rule": rule, "form": form}, status=400 if form.errors else 200)


@require_POST
def referrals_rule_end(request, tenant_slug: str, pk: int):
    membership_require(request.membership, Perm.PAY_REWARDS)
    rule = selectors.reward_rule_get_for(tenant=request.tenant, pk=pk)
    try:
        rewards.reward_rule_end(tenant=request.tenant, actor=request.user, rule=rule)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Rule “%(name)s” ended: referrals submitted from now on earn nothing under it.") % {"name": rule.name})
    return redirect("referrals_rules", tenant_slug=request.tenant.slug)
