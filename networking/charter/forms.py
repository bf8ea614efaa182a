"""Forms of the charter pages (the services validate the values; these shape the input)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from networking.charter.services import TEXT_MAX, TITLE_MAX


class CharterPublishForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    dos = forms.CharField(
        label=_("Do's"), required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_("One per line."),
    )
    donts = forms.CharField(
        label=_("Don'ts"), required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_("One per line."),
    )
    body = forms.CharField(
        label=_("Text"), required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Why the charter, in a few sentences."),
    )


class CharterAcknowledgeForm(forms.Form):
    charter = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
