"""Forms of the strategy page (validation only: the services write and check the rest)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

LEVELS = [("", "—"), *[(str(n), str(n)) for n in range(1, 6)]]


def _text(label, max_length: int, *, required: bool = False, rows: int | None = 3, help_text=""):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(label=label, max_length=max_length, required=required, widget=widget, help_text=help_text)


class StrategyOptionForm(forms.Form):
    title = _text(_("Title"), 200, required=True, rows=None)
    description = _text(_("Description"), 10_000, rows=4)
    pros = _text(_("Pros"), 10_000)
    cons = _text(_("Cons"), 10_000)
    cost = forms.DecimalField(label=_("Estimated cost (€)"), required=False, min_value=0, max_digits=12, decimal_places=2)
    feasibility = forms.TypedChoiceField(label=_("Feasibility (1-5)"), choices=LEVELS, coerce=int, empty_value=None,
                                         required=False, help_text=_("1: hard to carry out, 5: easy."))


class StrategyOptionEditForm(StrategyOptionForm):
    rationale = _text(_("Rationale"), 10_000, help_text=_("Why the option was retained or rejected."))


class StrategyChallengeForm(forms.Form):
    comment = _text(_("Your challenge"), 5_000, required=True, help_text=_("A risk, an objection, a question, a better idea."))
    score = forms.TypedChoiceField(label=_("Your score (1-5)"), choices=LEVELS, coerce=int, empty_value=None, required=False,
                                   help_text=_("1: weak option, 5: strong option."))


class StrategyRetainForm(forms.Form):
    """The rationale, and one optional reason per other option (blank: the default reason naming the retained one)."""

    rationale = _text(_("Why this option"), 10_000, required=True, rows=4)

    def __init__(self, *args, others, **kwargs):
        super().__init__(*args, **kwargs)
        self.others = list(others)
        for other in self.others:
            self.fields[f"reason_{other.pk}"] = _text(
                _("Why not “%(title)s”") % {"title": other.title}, 10_000, rows=2,
                help_text=_("Leave empty to record “Not retained: … was preferred”; you can change it later."),
            )

    def reasons(self) -> dict[int, str]:
        return {other.pk: self.cleaned_data.get(f"reason_{other.pk}", "") for other in self.others}

    def reason_fields(self):
        return [self[f"reason_{other.pk}"] for other in self.others]
