"""Forms of the introductions' pages (values are validated by the services; these shape the input)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contacts.intros.selectors import RECEIVED, SENT
from contacts.models import AccountPlan, IntroRequest


class IntroRequestForm(forms.Form):
    purpose_kind = forms.ChoiceField(
        label=_("What it is for"), choices=IntroRequest.PurposeKind.choices, initial=IntroRequest.PurposeKind.NEED,
        required=False,  # default: a need
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=200, help_text=_("Why you would like to be introduced, in one line."))
    message = forms.CharField(label=_("Message to the owner"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    account_plan = forms.ModelChoiceField(
        label=_("Account plan"), queryset=AccountPlan.unscoped.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account_plan"].queryset = AccountPlan.unscoped.filter(tenant=tenant).select_related("account")


def intro_form_initial(params, *, tenant) -> dict:
    """The intro form prefilled from ``?purpose_kind=`` and ``?account_plan=`` (a plan of the group; anything else ignored)."""
    initial = {}
    kind = params.get("purpose_kind", "")
    if kind in IntroRequest.PurposeKind.values:
        initial["purpose_kind"] = kind
    plan_id = params.get("account_plan", "")
    if plan_id.isdigit() and len(plan_id) < 12:
        plan = AccountPlan.unscoped.filter(tenant=tenant, pk=int(plan_id)).select_related("account").first()
        if plan is not None:
            initial["account_plan"] = plan.pk
            initial["purpose_kind"] = IntroRequest.PurposeKind.ACCOUNT_PLAN
            initial["purpose"] = str(_("Account plan: %(account)s") % {"account": plan.account.name})[:200]
    return initial


class AcceptForm(forms.Form):
    message = forms.CharField(
        label=_("Message to your colleague"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How you will introduce them: a call, an e-mail to both, a lunch..."),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=300, help_text=_("Your colleague reads it; they learn nothing more about the person.")
    )


class FollowUpForm(forms.Form):
    text = forms.CharField(label=_("Follow-up"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=IntroRequest.Outcome.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class IntroFilterForm(forms.Form):
    box = forms.ChoiceField(
        label=_("Requests"), required=False, choices=[(RECEIVED, _("Received")), (SENT, pgettext_lazy("introductions box", "Sent"))], initial=RECEIVED
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All"))] + list(IntroRequest.Status.choices))

    def filters(self) -> dict:
        data = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data  # the valid fields, even when another one is not
        return {"box": data.get("box") or RECEIVED, "status": data.get("status") or ""}
