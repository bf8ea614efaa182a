"""The team page's filter: one of the team's dealerships, and the sort."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dashboards.coaching.selectors import DEFAULT_SORT

SORT_CHOICES = [
    ("-score", _("Score, highest first")),
    ("score", _("Score, lowest first")),
    ("name", _("Name")),
    ("completeness", _("Profile completeness, lowest first")),
    ("-follow_ups", _("Follow-ups due, most first")),
]


class TeamFilterForm(forms.Form):
    site = forms.TypedChoiceField(label=_("Dealership"), required=False, coerce=int, empty_value=None)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, sites: list[tuple[int, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [("", _("Every dealership")), *[(str(pk), name) for pk, name in sites]]

    def filters(self) -> dict:
        """The valid filters (an unknown dealership or sort is ignored: the whole team, by score)."""
        data = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data  # the fields that validated (an invalid one is left out)
        return {"site_id": data.get("site") or None, "sort": data.get("sort") or DEFAULT_SORT}
