"""Forms of the networking score: the group page's filters and the networking settings."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from networking.score import formula

SORT_CHOICES = [
    ("-total", _("Highest score first")),
    ("total", _("Lowest score first")),
    ("name", _("Name")),
    ("site", _("Dealership")),
    ("-brand", _("Highest Brand first")),
    ("-reach", _("Highest Reach first")),
    ("-engage", _("Highest Engage first")),
    ("-relate", _("Highest Relate first")),
]


class ScoreGroupFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    site = forms.ChoiceField(label=_("Dealership"), required=False)
    department = forms.ChoiceField(label=_("Department"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, sites=(), departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [("", _("All dealerships")), *[(str(pk), name) for pk, name in sites]]
        self.fields["department"].choices = [("", _("All departments")), *[(str(pk), name) for pk, name in departments]]

    def clean_q(self):
        return (self.cleaned_data.get("q") or "").replace("\x00", "").strip()


def weight_field_name(key: str) -> str:
    return "weight__" + key.replace(".", "__")


def target_field_name(key: str) -> str:
    return "target__" + key.replace(".", "__")


class NetworkingSettingsForm(forms.Form):
    """The group's networking settings; the weights of each pillar must add up to 25 (checked here and again by
    the service, which the API uses too)."""

    pulse_min_respondents = forms.IntegerField(
        label=_("Smallest group of respondents shown"), min_value=5, max_value=100,
        help_text=_("Pulse results are shown only over at least this many answers. Never fewer than 5: below that, "
                    "people could be recognised from their answers."),
        error_messages={"min_value": _("Pulse results are never shown over fewer than 5 respondents: enter 5 or more.")},
    )
    licence_unused_days = forms.IntegerField(
        label=_("A tool licence is unused after (days)"), min_value=7, max_value=180,
        help_text=_("A licence whose holder logged no activity on its platform for this many days is flagged."),
    )

    def __init__(self, *args, weights: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.pillar_rows = []
        for pillar in formula.PILLARS:
            rows = []
            for spec in formula.pillar_inputs(pillar):
                current = weights[spec.key]
                weight_name, target_name = weight_field_name(spec.key), target_field_name(spec.key)
                self.fields[weight_name] = forms.DecimalField(
                    label=_("Weight"), min_value=0, max_value=formula.PILLAR_MAX, max_digits=3, decimal_places=1,
                    initial=Decimal(str(current["weight"])),
                )
                if spec.kind == formula.FLAG:
                    target_field = None
                elif spec.kind == formula.AVERAGE:
                    self.fields[target_name] = forms.DecimalField(
                        label=_("Target"), min_value=Decimal(str(spec.target_min)), max_value=Decimal(str(spec.target_max)),
                        max_digits=2, decimal_places=1, initial=Decimal(str(current["target"])),
                    )
                    target_field = target_name
                else:
                    self.fields[target_name] = forms.IntegerField(
                        label=_("Target"), min_value=int(spec.target_min), max_value=int(spec.target_max),
                        initial=int(current["target"]),
                    )
                    target_field = target_name
                rows.append({"spec": spec, "weight_field": weight_name, "target_field": target_field})
            self.pillar_rows.append({"pillar": pillar, "label": formula.PILLAR_LABELS[pillar], "inputs": rows})

    def bound_rows(self) -> list[dict]:
        """The weight and target fields, per pillar, for the template."""
        return [
            {**pillar, "inputs": [
                {"spec": row["spec"], "weight": self[row["weight_field"]],
                 "target": self[row["target_field"]] if row["target_field"] else None}
                for row in pillar["inputs"]
            ]}
            for pillar in self.pillar_rows
        ]

    def score_weights(self) -> dict:
        """The cleaned weights and targets, as the service takes them."""
        out = {}
        for pillar in self.pillar_rows:
            for row in pillar["inputs"]:
                change = {"weight": float(self.cleaned_data[row["weight_field"]])}
                if row["target_field"]:
                    change["target"] = float(self.cleaned_data[row["target_field"]])
                out[row["spec"].key] = change
        return out

    def clean(self):
        cleaned = super().clean()
        for pillar in self.pillar_rows:
            names = [row["weight_field"] for row in pillar["inputs"]]
            if any(cleaned.get(name) is None for name in names):
                continue  # a field error is shown already
            total = sum(cleaned[name] for name in names)
            if total != formula.PILLAR_MAX:
                self.add_error(names[0], _("The weights of the %(pillar)s pillar add up to %(total)s: they must add up "
                                           "to 25.") % {"pillar": pillar["label"], "total": total})
        return cleaned
