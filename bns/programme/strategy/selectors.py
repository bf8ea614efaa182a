"""Reads of step 4 (strategy); tenant explicit, lookups 404 for another group's rows like for missing ones."""

from __future__ import annotations

from django.db.models import Avg, Count, Prefetch, QuerySet
from django.http import Http404

from bns.models import Tenant
from bns.programme.models import StrategyChallenge, StrategyOption


def _pk(pk) -> int:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk < 2**31:
        raise Http404
    return pk


def strategy_option_list(*, tenant: Tenant, programme_id=None, status: str = "") -> QuerySet[StrategyOption]:
    """Options with ``challenge_count`` and ``average_score`` (of the challenges that gave a score), in SQL."""
    qs = (
        StrategyOption.unscoped.filter(tenant=tenant)
        .select_related("programme")
        .annotate(challenge_count=Count("challenges"), average_score=Avg("challenges__score"))
    )
    if programme_id:
        qs = qs.filter(programme_id=programme_id)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("programme_id", "pk")


def strategy_options_with_challenges(*, tenant: Tenant, programme_id: int) -> list[StrategyOption]:
    """The iteration's options for the strategy page, their challenges (and authors) prefetched: two queries."""
    challenges = StrategyChallenge.unscoped.filter(tenant=tenant).select_related("author").order_by("created_at", "pk")
    return list(
        strategy_option_list(tenant=tenant, programme_id=programme_id).prefetch_related(Prefetch("challenges", queryset=challenges))
    )


def strategy_option_get_for(*, tenant: Tenant, pk) -> StrategyOption:
    option = strategy_option_list(tenant=tenant).filter(pk=_pk(pk)).first()
    if option is None:
        raise Http404
    return option


def strategy_challenge_list(*, tenant: Tenant, programme_id=None, option_id=None) -> QuerySet[StrategyChallenge]:
    qs = StrategyChallenge.unscoped.filter(tenant=tenant).select_related("author", "option")
    if programme_id:
        qs = qs.filter(option__programme_id=programme_id)
    if option_id:
        qs = qs.filter(option_id=option_id)
    return qs.order_by("option_id", "created_at", "pk")


def strategy_challenge_get_for(*, tenant: Tenant, pk) -> StrategyChallenge:
    challenge = strategy_challenge_list(tenant=tenant).filter(pk=_pk(pk)).first()
    if challenge is None:
        raise Http404
    return challenge
