"""Reads of the reviews (step 7) and lessons (step 8) of an iteration (tenant explicit; a bounded number of queries)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import (
    Exists,
    F,
    Func,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from bns.models import Tenant
from bns.programme.models import Kpi, KpiValue, Lesson, Programme, ProgrammeAction, Review, ReviewKpiValue
from bns.programme.objectives.progress import unit_label


@dataclass(frozen=True)
class ReviewSchedule:
    """When the next steering review of an iteration is due and whether it is late."""

    last_held_on: date | None
    next_due_on: date
    overdue: bool
    days_overdue: int
    cadence_days: int


def review_schedule(*, tenant: Tenant, programme: Programme, today: date | None = None) -> ReviewSchedule:
    """Next review due = the last review's date + the iteration's cadence (the start + the cadence before the first
    review); overdue when the iteration is active and today is past that day. One query."""
    today = today or timezone.localdate()
    cadence = int(programme.review_cadence_days or 30)
    last = Review.unscoped.filter(tenant=tenant, programme=programme).aggregate(last=Max("held_on"))["last"]
    next_due = (last or programme.starts_on) + timedelta(days=cadence)
    overdue = programme.status == Programme.Status.ACTIVE and today > next_due
    return ReviewSchedule(
        last_held_on=last, next_due_on=next_due, overdue=overdue, days_overdue=(today - next_due).days if overdue else 0,
        cadence_days=cadence,
    )


def _pk(pk) -> int:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk < 2**31:
        raise Http404
    return pk


# --- The KPI values a review freezes ------------------------------------------------------------------


def kpi_values_as_of(*, tenant: Tenant, programme: Programme, as_of: date) -> list[Kpi]:
    """The iteration's KPIs, each annotated with its latest value measured on or before ``as_of`` (``value_as_of``,
    ``value_on``; None when there is none yet). One query (two correlated subqueries)."""
    latest = KpiValue.unscoped.filter(tenant=tenant, kpi_id=OuterRef("pk"), measured_on__lte=as_of).order_by("-measured_on", "-pk")
    return list(
        Kpi.unscoped.filter(tenant=tenant, programme=programme)
        .annotate(value_as_of=Subquery(latest.values("value")[:1]), value_on=Subquery(latest.values("measured_on")[:1]))
        .order_by("name", "pk")
    )


# --- Reviews ------------------------------------------------------------------------------------------


def _count(model, tenant: Tenant, field: str):
    rows = model.unscoped.filter(tenant=tenant, **{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(rows.annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1]), 0)


def _with_counts(qs: QuerySet[Review], tenant: Tenant) -> QuerySet[Review]:
    return qs.annotate(
        kpi_value_count=_count(ReviewKpiValue, tenant, "review_id"),
        kpi_missing_count=Coalesce(Subquery(
            ReviewKpiValue.unscoped.filter(tenant=tenant, review_id=OuterRef("pk"), value__isnull=True).order_by()
            .values("review_id").annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1]), 0),
        new_action_count=_count(ProgrammeAction, tenant, "review_id"),
    )


def review_list(*, tenant: Tenant, programme: Programme | int, search: str = "") -> QuerySet[Review]:
    """The iteration's reviews, newest first, with how many KPI values they froze (and how many had none) and how many
    new actions they decided."""
    qs = Review.unscoped.filter(tenant=tenant, programme=programme).select_related("created_by")
    search = " ".join(str(search or "").split())[:100]
    for term in search.split()[:5]:
        qs = qs.filter(Q(participants__icontains=term) | Q(decisions__icontains=term) | Q(notes__icontains=term))
    return _with_counts(qs, tenant).order_by("-held_on", "-pk")


def review_get_for(*, tenant: Tenant, pk) -> Review:
    """One review of the group (any iteration), or Http404 (missing and another group's alike)."""
    review = _with_counts(
        Review.unscoped.filter(tenant=tenant, pk=_pk(pk)).select_related("programme", "programme__process_owner", "created_by"),
        tenant,
    ).first()
    if review is None:
        raise Http404
    return review


@dataclass(frozen=True)
class FrozenValue:
    row: ReviewKpiValue

    @property
    def unit(self) -> str:
        return unit_label(self.row.unit)

    @property
    def gap(self) -> Decimal | None:
        """Value minus target as frozen (None when either is missing)."""
        if self.row.value is None or self.row.target is None:
            return None
        return self.row.value - self.row.target


@dataclass(frozen=True)
class ReviewDetail:
    review: Review
    values: list[FrozenValue]
    new_actions: list[ProgrammeAction]


def review_get_with_details(*, tenant: Tenant, pk) -> Review:
    """One review with its frozen values and new actions prefetched (the API's detail): three queries."""
    review = review_get_for(tenant=tenant, pk=pk)
    prefetch_related_objects([review],
                             Prefetch("kpi_values", queryset=ReviewKpiValue.unscoped.filter(tenant=tenant).order_by("kpi_name", "pk")),
                             Prefetch("new_actions", queryset=ProgrammeAction.unscoped.filter(tenant=tenant).order_by("deadline", "pk")))
    return review


def review_values(*, tenant: Tenant, review_ids) -> QuerySet[ReviewKpiValue]:
    return ReviewKpiValue.unscoped.filter(tenant=tenant, review_id__in=list(review_ids)).order_by("review_id", "kpi_name", "pk")


def review_detail(*, tenant: Tenant, review: Review) -> ReviewDetail:
    """The frozen values (with the gap to the target as frozen) and the new actions decided: two queries."""
    values = [FrozenValue(row) for row in review_values(tenant=tenant, review_ids=[review.pk])]
    actions = list(ProgrammeAction.unscoped.filter(tenant=tenant, review=review).select_related("owner").order_by("deadline", "pk"))
    return ReviewDetail(review=review, values=values, new_actions=actions)


# --- Lessons ------------------------------------------------------------------------------------------


def lesson_list(*, tenant: Tenant, programme: Programme | int, step=None, search: str = "") -> QuerySet[Lesson]:
    """The iteration's lessons by step, with their author and, for a carried lesson, the iteration it came from."""
    qs = Lesson.unscoped.filter(tenant=tenant, programme=programme).select_related("author", "carried_from__programme")
    if step not in (None, ""):
        qs = qs.filter(step=step)
    search = " ".join(str(search or "").split())[:100]
    for term in search.split()[:5]:
        qs = qs.filter(Q(text__icontains=term) | Q(author__last_name__icontains=term) | Q(author__first_name__icontains=term))
    return qs.order_by("step", "pk")


def lesson_get_for(*, tenant: Tenant, pk) -> Lesson:
    lesson = (Lesson.unscoped.filter(tenant=tenant, pk=_pk(pk))
              .select_related("programme", "programme__process_owner", "author", "carried_from__programme").first())
    if lesson is None:
        raise Http404
    return lesson


def lessons_previous(*, tenant: Tenant, programme: Programme) -> QuerySet[Lesson]:
    """The lessons of the previous iteration (``programme.previous``), to read as the origin of this one; ``carried``
    says whether one was already carried into ``programme``. Empty for a first iteration."""
    if not programme.previous_id:
        return Lesson.unscoped.none()
    carried = Lesson.unscoped.filter(tenant=tenant, programme=programme, carried_from_id=OuterRef("pk"))
    return (Lesson.unscoped.filter(tenant=tenant, programme_id=programme.previous_id).select_related("author", "programme")
            .annotate(carried=Exists(carried)).order_by("step", "pk"))
