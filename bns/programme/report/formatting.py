"""Figures and dates of the report as people read them, in the ACTIVE language (the page's ``{% language %}`` block,
the PDF's ``translation.override``): shared by the templates (through the report's properties) and the PDF."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.formats import date_format, number_format

NONE = "–"


def day(value: date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else NONE


def num(value) -> str:
    """"1 200", "12,5" (French) / "1,200", "12.5" (English); "–" for none."""
    if value is None:
        return NONE
    value = Decimal(value)
    if value == value.to_integral_value():
        return number_format(value.quantize(Decimal(1)), decimal_pos=0, force_grouping=True)
    value = value.quantize(Decimal("0.01"))
    decimals = 1 if value == value.quantize(Decimal("0.1")) else 2
    return number_format(value, decimal_pos=decimals, force_grouping=True)


def with_unit(value, unit: str) -> str:
    """A figure with its unit ("42 %", "1 200 €", "3 points"); "–" for none."""
    if value is None:
        return NONE
    if unit in ("%", "€"):
        return f"{num(value)}\u00a0{unit}"
    return f"{num(value)} {unit}".strip()


def percent(value) -> str:
    return NONE if value is None else f"{num(value)}\u00a0%"
