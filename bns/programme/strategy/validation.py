"""Input cleaning shared by the strategy and means services (texts, amounts in euros, levels 1-5).

Each helper cleans ``values[name]`` in place when the key is present and puts a message in ``errors[name]``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

AMOUNT_MAX = Decimal("9999999999.99")  # max_digits=12, decimal_places=2
CENT = Decimal("0.01")


def clean_text(values: dict, name: str, max_length: int, errors: dict, *, required: bool = False, single_line: bool = False) -> None:
    if name not in values:
        return
    value = str(values[name] or "").replace("\x00", "")
    value = " ".join(value.split()) if single_line else value.strip()
    if required and not value:
        errors[name] = _("This field is required.")
    elif len(value) > max_length:
        errors[name] = _("At most %(n)s characters.") % {"n": max_length}
    values[name] = value


def clean_amount(values: dict, name: str, errors: dict, *, nullable: bool = False) -> None:
    """An amount in euros, 0 or more, rounded to the cent; blank is None when ``nullable``, else 0."""
    if name not in values:
        return
    raw = values[name]
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        values[name] = None if nullable else Decimal("0.00")
        return
    try:
        amount = Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError, TypeError):
        errors[name] = _("Enter an amount in euros.")
        return
    if not amount.is_finite():
        errors[name] = _("Enter an amount in euros.")
    elif amount < 0:
        errors[name] = _("An amount cannot be negative.")
    elif amount > AMOUNT_MAX:
        errors[name] = _("This amount is too large.")
    else:
        values[name] = amount.quantize(CENT)


def clean_level(values: dict, name: str, errors: dict, message: str) -> None:
    """A level 1-5, or None when blank."""
    if name not in values:
        return
    if values[name] in (None, ""):
        values[name] = None
        return
    try:
        level = int(values[name])
    except (TypeError, ValueError):
        level = 0
    if not 1 <= level <= 5:
        errors[name] = message
    else:
        values[name] = level


def clean_date(values: dict, name: str, errors: dict) -> None:
    if name not in values or values[name] in (None, ""):
        if name in values:
            values[name] = None
        return
    value = values[name]
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            errors[name] = _("Enter a valid date.")
            return
    if not isinstance(value, date):
        errors[name] = _("Enter a valid date.")
        return
    values[name] = value
