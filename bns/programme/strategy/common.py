"""Helpers of the strategy and means pages: which iteration a page shows, money as people read it."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.http import Http404
from django.utils.formats import number_format

from bns.programme.access import programme_current, programme_get_for
from bns.programme.models import Programme


def programme_from_request(request, *, source=None) -> Programme | None:
    """``?programme=<pk>`` (an iteration of the group, else 404), or the current iteration (None: none started yet)."""
    raw = (source if source is not None else request.GET).get("programme", "")
    if isinstance(raw, str) and raw.strip():
        raw = raw.strip()
        if not raw.isdigit() or not 0 < int(raw) < 2**31:
            raise Http404
        return programme_get_for(tenant=request.tenant, pk=raw)
    return programme_current(tenant=request.tenant)


def current_programme_id(*, tenant) -> int | None:
    """The id of the iteration ``programme_current`` would give (active, else the latest), through the unscoped manager:
    the browsable API builds its filter form after the request's tenant scope has ended."""
    qs = Programme.unscoped.filter(tenant=tenant)
    return (qs.filter(status=Programme.Status.ACTIVE).values_list("pk", flat=True).first()
            or qs.order_by("-iteration").values_list("pk", flat=True).first())


def euros(value) -> str:
    """"4 200 €", "210,50 €" in the active language."""
    value = Decimal(value or 0).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    decimals = 0 if value == value.to_integral_value() else 2
    return f"{number_format(value, decimal_pos=decimals, force_grouping=True)}\u00a0€"
