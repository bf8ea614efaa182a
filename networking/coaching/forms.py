"""Forms of the coaching pages (the services validate the values; these shape the input)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networking.coaching.services import ACTIONS_MAX, FOCUS_MAX


class CoachingNoteForm(forms.Form):
    focus = forms.CharField(
        label=_("Focus"), max_length=FOCUS_MAX,
        help_text=_("What you worked on together, in one line: the LinkedIn headline, following up event contacts..."),
    )
    actions_agreed = forms.CharField(
        label=_("Actions agreed"), required=False, max_length=ACTIONS_MAX, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the employee will do, and what you will do to help."),
    )
    follow_up_on = forms.DateField(
        label=_("Follow-up date"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("You get a reminder on that day if the follow-up is not done."),
    )

    def __init__(self, *args, current_follow_up=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_follow_up = current_follow_up  # editing: an unchanged past date stays acceptable

    def clean_follow_up_on(self):
        value = self.cleaned_data.get("follow_up_on")
        if value and value < timezone.localdate() and value != self.current_follow_up:
            raise forms.ValidationError(_("The follow-up date cannot be in the past."))
        return value


class TeamFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    due = forms.BooleanField(label=_("Follow-ups due only"), required=False)

    def filters(self) -> dict:
        data = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data
        return {"q": (data.get("q") or "").strip(), "due": bool(data.get("due"))}
