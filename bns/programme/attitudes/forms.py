"""The form of a role's expected behaviours (validation only: the service writes and checks the rest)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bns.programme.attitudes.services import BEHAVIOURS_MAX


class RoleBehaviourForm(forms.Form):
    behaviours = forms.CharField(
        label=_("Expected behaviours"), required=False, max_length=BEHAVIOURS_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One behaviour per line, concrete and checkable (who does what, how often). Leave empty to remove "
                    "them: the page then shows the suggestion again."),
    )

    def __init__(self, *args, placeholder: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if placeholder:
            self.fields["behaviours"].widget.attrs["placeholder"] = placeholder
