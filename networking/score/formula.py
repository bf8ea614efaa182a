"""The networking score: one formula, documented here and shown on screen (brief section 5, seed 001).

An employee's score runs from 0 to 100: the sum of four pillars of 0 to 25 each, modelled on the four pillars
of LinkedIn's Social Selling Index but computed from the group's own data:

- **Brand** (image): profile completeness, and a positioning statement written on at least one profile;
- **Reach** (ciblage): relationships logged, those with people at the group's target accounts, their average
  strength;
- **Engage** (engagement): activities logged and content relayed over the last 90 days, network events attended
  over the last 90 days;
- **Relate** (relations): relationships made discoverable or shared, introductions given, referrals made and
  referrals won over the last 12 months.

Each input earns ``weight × min(value ÷ target, 1)`` points: points grow with the value and stop at the input's
weight once the target is reached (doing more never costs anything, and no single input can carry a pillar).
A pillar is the sum of its inputs' points, rounded to one decimal; the score is the sum of the four rounded
pillars. Weights and targets are the group's settings (``NetworkingSettings.score_weights``, keys below); the
weights of each pillar always add up to 25 (checked on save).

Defaults (key: weight, target):

=========================  ======  ======================================================================
brand.completeness         20      100 (% : the mean completeness of the profiles, no LinkedIn = a 0 % one)
brand.positioning           5      1 (yes or no)
reach.relationships        10      150 active relationships
reach.target_accounts      10      10 active relationships with people at target accounts
reach.strength              5      4 (average strength, 1 to 5, of the active relationships)
engage.activities          10      36 activities in 90 days (about three a week)
engage.content_relayed      8      12 shares with the relayed content's link in 90 days (about one a week)
engage.events               7      3 network events attended in 90 days (about one a month)
relate.shared               7      50 active relationships discoverable or shared
relate.intros_given         6      3 introduction requests accepted in 12 months
relate.referrals_made       6      4 referrals made in 12 months
relate.referrals_won        6      1 referral won in 12 months
=========================  ======  ======================================================================

"What would raise it": the inputs with the most points still missing, each as a concrete next step with the
amount needed to reach its target and the points it would add.

Everything here is pure (no database): ``networking.score.inputs`` gathers the values, set-based.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

PILLAR_MAX = 25
PILLARS: tuple[str, ...] = ("brand", "reach", "engage", "relate")
PILLAR_LABELS = {
    "brand": pgettext_lazy("networking score pillar", "Brand"),
    "reach": pgettext_lazy("networking score pillar", "Reach"),
    "engage": pgettext_lazy("networking score pillar", "Engage"),
    "relate": pgettext_lazy("networking score pillar", "Relate"),
}
PILLAR_HELP = {
    "brand": _("How you present yourself: complete profiles and a clear positioning."),
    "reach": _("Whom you know: relationships logged, at target accounts, and how strong they are."),
    "engage": _("What you do: activity, content relayed and network events, over the last 90 days."),
    "relate": _("What you share: relationships opened to colleagues, introductions given, referrals."),
}

ENGAGE_WINDOW_DAYS = 90
RELATE_WINDOW_DAYS = 365

# Kinds of value: how it is shown, and which targets make sense.
COUNT, PERCENT, FLAG, AVERAGE = "count", "percent", "flag", "average"


@dataclass(frozen=True)
class InputSpec:
    key: str
    pillar: str
    weight: float
    target: float
    kind: str
    label: str
    measures: str
    target_min: float = 1
    target_max: float = 10_000


INPUTS: tuple[InputSpec, ...] = (
    InputSpec("brand.completeness", "brand", 20, 100, PERCENT, _("Profile completeness"),
              _("the mean completeness of your social profiles (no LinkedIn profile counts as an empty one)"),
              target_min=10, target_max=100),
    InputSpec("brand.positioning", "brand", 5, 1, FLAG, _("Positioning statement"),
              _("a positioning statement written on at least one of your profiles (yes or no)"), target_max=1),
    InputSpec("reach.relationships", "reach", 10, 150, COUNT, _("Relationships logged"),
              _("your active relationships in the contacts")),
    InputSpec("reach.target_accounts", "reach", 10, 10, COUNT, _("Relationships at target accounts"),
              _("your active relationships with people at the group's target accounts")),
    InputSpec("reach.strength", "reach", 5, 4, AVERAGE, _("Average strength"),
              _("the average strength (1 to 5) of your active relationships"), target_max=5),
    InputSpec("engage.activities", "engage", 10, 36, COUNT, _("Activity"),
              _("networking activities logged over the last 90 days")),
    InputSpec("engage.content_relayed", "engage", 8, 12, COUNT, _("Content relayed"),
              _("shares with the link of the relayed content, over the last 90 days")),
    InputSpec("engage.events", "engage", 7, 3, COUNT, _("Network events attended"),
              _("events of real-world networks attended over the last 90 days")),
    InputSpec("relate.shared", "relate", 7, 50, COUNT, _("Relationships opened to colleagues"),
              _("your active relationships made discoverable or shared")),
    InputSpec("relate.intros_given", "relate", 6, 3, COUNT, _("Introductions given"),
              _("introduction requests from colleagues you accepted, over the last 12 months")),
    InputSpec("relate.referrals_made", "relate", 6, 4, COUNT, _("Referrals made"),
              _("leads you referred to colleagues, over the last 12 months")),
    InputSpec("relate.referrals_won", "relate", 6, 1, COUNT, _("Referrals won"),
              _("your referrals won over the last 12 months")),
)
SPECS: dict[str, InputSpec] = {spec.key: spec for spec in INPUTS}
INPUT_KEYS: tuple[str, ...] = tuple(SPECS)

# The defaults, in the shape stored in NetworkingSettings.score_weights.
DEFAULT_WEIGHTS: dict[str, dict[str, float]] = {spec.key: {"weight": spec.weight, "target": spec.target} for spec in INPUTS}


def pillar_inputs(pillar: str) -> list[InputSpec]:
    return [spec for spec in INPUTS if spec.pillar == pillar]


def _one_decimal(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def as_number(value) -> float | None:
    """A finite number from JSON or a form (bool and text refused), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        number = float(value)
        return number if math.isfinite(number) else None
    return None


# --- Weights: validation (on save) and the effective weights (on compute) ---------------------------------


def weights_validate(changes: dict, *, base: dict | None = None) -> tuple[dict[str, dict[str, float]], dict[str, list[str]]]:
    """Merge ``changes`` ({key: {"weight": w, "target": t}}, either part optional) over ``base`` (the effective
    weights) and check the result. Returns (weights, errors); errors map a key or a pillar to messages."""
    weights = {key: dict(value) for key, value in (base or DEFAULT_WEIGHTS).items()}
    errors: dict[str, list[str]] = {}
    if not isinstance(changes, dict):
        return weights, {"score_weights": [str(_("Send an object: {input key: {weight, target}}."))]}
    for key, change in changes.items():
        spec = SPECS.get(key) if isinstance(key, str) else None
        if spec is None:
            errors.setdefault("score_weights", []).append(
                str(_("Unknown input “%(key)s”. Known inputs: %(keys)s.")) % {"key": str(key)[:60], "keys": ", ".join(INPUT_KEYS)}
            )
            continue
        if not isinstance(change, dict) or not change or set(change) - {"weight", "target"}:
            errors.setdefault(key, []).append(str(_("Give a weight and/or a target, as numbers.")))
            continue
        if "weight" in change:
            weight = as_number(change["weight"])
            if weight is None or not 0 <= weight <= PILLAR_MAX:
                errors.setdefault(key, []).append(str(_("The weight must be a number from 0 to 25.")))
            else:
                weights[key]["weight"] = round(weight, 1)
        if "target" in change:
            target = as_number(change["target"])
            if spec.kind == FLAG:
                if target != 1:
                    errors.setdefault(key, []).append(str(_("This input is a yes or no: its target is always 1.")))
            elif target is None or not spec.target_min <= target <= spec.target_max:
                errors.setdefault(key, []).append(
                    str(_("The target must be a number from %(min)s to %(max)s.")) % {
                        "min": formats.number_format(spec.target_min), "max": formats.number_format(spec.target_max)}
                )
            else:
                weights[key]["target"] = round(target, 1) if spec.kind == AVERAGE else float(math.ceil(target))
    if not errors:
        for pillar in PILLARS:
            total = sum(weights[spec.key]["weight"] for spec in pillar_inputs(pillar))
            if abs(total - PILLAR_MAX) > 0.001:
                errors.setdefault(pillar, []).append(
                    str(_("The weights of the %(pillar)s pillar add up to %(total)s: they must add up to 25.")) % {
                        "pillar": PILLAR_LABELS[pillar], "total": formats.number_format(round(total, 1), 1)}
                )
    return weights, errors


def weights_effective(stored) -> dict[str, dict[str, float]]:
    """The weights to compute with: the defaults, overlaid with the group's stored settings. A stored pillar that
    does not validate (edited outside the settings page) falls back to its defaults as a whole."""
    weights = {key: dict(value) for key, value in DEFAULT_WEIGHTS.items()}
    if not isinstance(stored, dict):
        return weights
    for pillar in PILLARS:
        keys = [spec.key for spec in pillar_inputs(pillar)]
        changes = {key: stored[key] for key in keys if key in stored}
        merged, errors = weights_validate(changes)
        if not errors:
            for key in keys:
                weights[key] = merged[key]
    return weights


# --- The score ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InputPoints:
    key: str
    pillar: str
    value: float
    target: float
    weight: float
    points: float

    @property
    def missing(self) -> float:
        return max(self.weight - self.points, 0.0)

    @property
    def spec(self) -> InputSpec:
        return SPECS[self.key]


@dataclass(frozen=True)
class NextStep:
    """One way to raise the score: ``more`` of the input (up to its target) adds ``gain`` points."""

    key: str
    value: float
    target: float
    more: float
    gain: Decimal

    def as_dict(self) -> dict:
        return {"key": self.key, "value": self.value, "target": self.target, "more": self.more, "gain": float(self.gain)}


@dataclass
class Breakdown:
    pillars: dict[str, Decimal]
    total: Decimal
    items: list[InputPoints] = field(default_factory=list)
    next_steps: list[NextStep] = field(default_factory=list)

    def as_details(self) -> dict:
        """What NetworkingScore.details keeps: the inputs, their points and the weights used, and the next steps
        as data (their text is written in the reader's language when shown)."""
        return {
            "inputs": {item.key: item.value for item in self.items},
            "points": {item.key: round(item.points, 2) for item in self.items},
            "weights": {item.key: {"weight": item.weight, "target": item.target} for item in self.items},
            "next_steps": [step.as_dict() for step in self.next_steps],
        }


def input_points(*, value: float, target: float, weight: float) -> float:
    """weight × min(value ÷ target, 1); nothing for a zero or negative value or target."""
    if value <= 0 or target <= 0 or weight <= 0:
        return 0.0
    return weight * min(value / target, 1.0)


def _more(spec: InputSpec, value: float, target: float) -> float:
    gap = max(target - value, 0.0)
    if spec.kind == AVERAGE:
        return round(gap, 1)
    return float(math.ceil(gap - 1e-9))


def score_compute(inputs: dict, weights: dict | None = None, *, next_steps: int = 3) -> Breakdown:
    """The score of one employee. ``inputs`` maps input keys to values (a missing key is 0); ``weights`` is the
    effective weights (``weights_effective``), the defaults when None."""
    weights = weights or DEFAULT_WEIGHTS
    items: list[InputPoints] = []
    for spec in INPUTS:
        w = weights.get(spec.key) or DEFAULT_WEIGHTS[spec.key]
        value = as_number(inputs.get(spec.key, 0)) or 0.0
        value = max(value, 0.0)
        items.append(InputPoints(spec.key, spec.pillar, value, float(w["target"]), float(w["weight"]),
                                 input_points(value=value, target=float(w["target"]), weight=float(w["weight"]))))
    pillars = {
        pillar: min(_one_decimal(sum(i.points for i in items if i.pillar == pillar)), Decimal(PILLAR_MAX)) for pillar in PILLARS
    }
    total = sum(pillars.values(), Decimal("0.0"))
    ranked = sorted((i for i in items if _one_decimal(i.missing) > 0), key=lambda i: (-i.missing, INPUT_KEYS.index(i.key)))
    steps = [
        NextStep(i.key, i.value, i.target, _more(i.spec, i.value, i.target), _one_decimal(i.missing))
        for i in ranked[:next_steps]
    ]
    return Breakdown(pillars=pillars, total=total, items=items, next_steps=steps)


# --- Words (the screens) -----------------------------------------------------------------------------------


def value_display(key: str, value) -> str:
    spec = SPECS.get(key)
    number = as_number(value) or 0.0
    if spec is None:
        return formats.number_format(number)
    if spec.kind == FLAG:
        return str(_("yes")) if number >= 1 else str(_("no"))
    if spec.kind == PERCENT:
        return f"{formats.number_format(round(number))} %"
    if spec.kind == AVERAGE:
        return formats.number_format(round(number, 1), 1)
    return formats.number_format(int(number))


def target_display(key: str, target) -> str:
    spec = SPECS.get(key)
    if spec is not None and spec.kind == FLAG:
        return str(_("yes"))
    return value_display(key, target)


def next_step_text(step: dict) -> str:
    """A next step (``NextStep.as_dict()``) in the reader's language, e.g. "Log 12 more relationships"."""
    key = step.get("key")
    spec = SPECS.get(key)
    if spec is None:
        return ""
    more_number = as_number(step.get("more")) or 0.0
    count = max(int(more_number), 1)
    values = {
        "more": formats.number_format(count),
        "value": value_display(key, step.get("value")),
        "target": target_display(key, step.get("target")),
    }
    texts = {
        "brand.completeness": lambda: _("Complete your social profiles: %(value)s now, full points at %(target)s") % values,
        "brand.positioning": lambda: _("Write a positioning statement on one of your profiles: the niche you want to "
                                       "be known for") % values,
        "reach.relationships": lambda: ngettext("Log %(more)s more relationship", "Log %(more)s more relationships", count) % values,
        "reach.target_accounts": lambda: ngettext(
            "Log %(more)s more relationship with someone at a target account",
            "Log %(more)s more relationships with people at target accounts", count) % values,
        "reach.strength": lambda: _("Strengthen your relationships: average strength %(value)s now, full points at "
                                    "%(target)s") % values,
        "engage.activities": lambda: ngettext(
            "Log %(more)s more networking activity over 90 days", "Log %(more)s more networking activities over 90 days",
            count) % values,
        "engage.content_relayed": lambda: ngettext(
            "Relay %(more)s more piece of the group's content (a share with its link) over 90 days",
            "Relay %(more)s more pieces of the group's content (shares with their link) over 90 days", count) % values,
        "engage.events": lambda: ngettext(
            "Attend %(more)s more network event over 90 days", "Attend %(more)s more network events over 90 days",
            count) % values,
        "relate.shared": lambda: ngettext(
            "Make %(more)s more relationship discoverable or shared", "Make %(more)s more relationships discoverable or shared",
            count) % values,
        "relate.intros_given": lambda: ngettext(
            "Accept %(more)s more introduction request from colleagues over 12 months",
            "Accept %(more)s more introduction requests from colleagues over 12 months", count) % values,
        "relate.referrals_made": lambda: ngettext(
            "Refer %(more)s more lead to a colleague over 12 months", "Refer %(more)s more leads to colleagues over 12 months",
            count) % values,
        "relate.referrals_won": lambda: ngettext(
            "Get %(more)s more referral won over 12 months", "Get %(more)s more referrals won over 12 months", count) % values,
    }
    return str(texts[key]())


def gain_display(gain) -> str:
    return str(_("+%(gain)s points")) % {"gain": formats.number_format(_one_decimal(as_number(gain) or 0), 1)}


def formula_rows(weights: dict | None = None) -> list[dict]:
    """The formula as shown on screen: per pillar, each input with what it measures, its target and weight."""
    weights = weights or DEFAULT_WEIGHTS
    rows = []
    for pillar in PILLARS:
        inputs = []
        for spec in pillar_inputs(pillar):
            w = weights.get(spec.key) or DEFAULT_WEIGHTS[spec.key]
            inputs.append({
                "key": spec.key, "label": spec.label, "measures": spec.measures, "kind": spec.kind,
                "weight": w["weight"], "target": w["target"], "target_display": target_display(spec.key, w["target"]),
            })
        rows.append({"pillar": pillar, "label": PILLAR_LABELS[pillar], "help": PILLAR_HELP[pillar], "inputs": inputs})
    return rows
