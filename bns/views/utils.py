from __future__ import annotations

from django.core.paginator import Paginator


def paginate(request, queryset, *, per_page: int = 50):
    """One page of ``queryset`` from ?page=, clamped to the valid range (never a 404 for a bad number)."""
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))


def querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
