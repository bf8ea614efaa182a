"""Pages of the GDPR officer for suspected duplicates: the open merge suggestions, and one pair side by side.

Only ``Perm.MANAGE_GDPR`` (403 otherwise); another group's suggestion answers 404. The compare page shows
what the two records hold and how many relationships each has, never who holds them nor their notes.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from bns.access import membership_require
from bns.forms import form_add_service_errors
from bns.permissions import Perm
from bns.views.utils import paginate, querystring_without_page
from contacts import merge
from contacts.models import MergeSuggestion

DISMISS = "dismiss"
KEEP_PREFIX = "keep-"


class MergeDecisionForm(forms.Form):
    """One of the page's buttons: keep one of the two records (by id), or "not the same person".

    The choices are the suggestion's current persons: a page left open while the pair changed (another merge
    moved it) is refused instead of merging someone else.
    """

    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        error_messages={
            "required": gettext_lazy("Choose: merge keeping one of the two records, or not the same person."),
            "invalid_choice": gettext_lazy("This suggestion changed since the page was opened: look at it again, then choose."),
        },
    )

    def __init__(self, *args, suggestion: MergeSuggestion, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggestion = suggestion
        self.fields["decision"].choices = [
            (f"{KEEP_PREFIX}{suggestion.person_a_id}", _("Merge, keep A")),
            (f"{KEEP_PREFIX}{suggestion.person_b_id}", _("Merge, keep B")),
            (DISMISS, _("Not the same person")),
        ]

    def survivor_id(self) -> int | None:
        decision = self.cleaned_data["decision"]
        return None if decision == DISMISS else int(decision.removeprefix(KEEP_PREFIX))


@require_GET
def contacts_merge_list(request, tenant_slug: str):
    membership_require(request.membership, Perm.MANAGE_GDPR)
    search = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    page = paginate(request, merge.merge_suggestion_list(tenant=request.tenant, search=search))
    return render(
        request, "contacts/merge_list.html", {"page": page, "search": search, "querystring": querystring_without_page(request)}
    )


def _decide(request, suggestion: MergeSuggestion, form: MergeDecisionForm):
    """Run the decision; returns the redirect, or None with the service's errors on the form."""
    survivor_id = form.survivor_id()
    try:
        if survivor_id is None:
            merge.merge_suggestion_dismiss(tenant=request.tenant, actor=request.user, suggestion=suggestion)
            messages.success(request, _("Noted: not the same person. This pair will not be suggested again."))
        else:
            a, b = suggestion.person_a, suggestion.person_b
            survivor, merged = (a, b) if survivor_id == a.pk else (b, a)
            kept = merge.person_merge(
                tenant=request.tenant, actor=request.user, survivor=survivor, merged=merged, suggestion=suggestion
            )
            messages.success(request, _("Merged: %(name)s is now one record.") % {"name": kept.full_name})
    except ValidationError as exc:
        form_add_service_errors(form, exc)
        return None
    return redirect("contacts_merge_list", tenant_slug=request.tenant.slug)


@require_http_methods(["GET", "POST"])
def contacts_merge_detail(request, tenant_slug: str, pk: int):
    membership_require(request.membership, Perm.MANAGE_GDPR)
    suggestion = merge.merge_suggestion_get_for(tenant=request.tenant, pk=pk)
    is_open = suggestion.status == MergeSuggestion.Status.OPEN
    form = MergeDecisionForm(request.POST if request.method == "POST" else None, suggestion=suggestion)
    if request.method == "POST":
        if not is_open:
            form.is_valid()
            form.add_error(None, _("This suggestion was already decided."))
        elif form.is_valid():
            response = _decide(request, suggestion, form)
            if response is not None:
                return response
    persons = merge.merge_persons_compare(tenant=request.tenant, suggestion=suggestion)
    context = {
        "suggestion": suggestion,
        "form": form,
        "is_open": is_open,
        # Open: A and B side by side. Once merged, both sides name the person kept (merge module docstring).
        "compare": list(zip(("A", "B"), persons, strict=True)) if len(persons) == 2 else [],
        "kept": persons[0] if len(persons) == 1 else None,
        "dismiss_value": DISMISS,
        "keep_prefix": KEEP_PREFIX,
    }
    return render(request, "contacts/merge_detail.html", context, status=400 if form.errors else 200)
