"""Reads of step 2 (the self-assessment): the aggregates per dimension and question, the measured indicators beside
them, and the answers themselves (a respondent's own; everyone's for the programme's editors only).

Tenant explicit; aggregation in SQL (grouped queries, a fixed number whatever the number of respondents). The
arithmetic and the questionnaire: questionnaire.py; the measured levels and their thresholds: measures.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Avg, Count, Max, Min, Q, QuerySet

from bns.models import Employee, Tenant
from bns.programme.diagnostic.measures import DimensionMeasure, dimension_measures
from bns.programme.diagnostic.questionnaire import (
    DIMENSIONS,
    QUESTIONS,
    Dimension,
    Question,
    as_mean,
    dimension_level,
    level_label,
    maturity_index,
)
from bns.programme.models import DiagnosticAnswer, Programme
from bns.programme.objectives.selectors import programme_as_of


@dataclass
class QuestionResult:
    question: Question
    answers: int
    mean: Decimal | None
    low: int | None
    high: int | None

    @property
    def level(self) -> int | None:
        return dimension_level(self.mean)


@dataclass
class DimensionResult:
    dimension: Dimension
    respondents: int
    answers: int
    mean: Decimal | None  # the mean of the answers (2 places)
    level: int | None  # declared level 1-5
    index: int | None  # baseline maturity index 0-100
    low: int | None  # the spread: the lowest and highest level given in the dimension
    high: int | None
    questions: list[QuestionResult] = field(default_factory=list)
    measure: DimensionMeasure | None = None
    exact_mean: float | None = None  # unrounded, for the overall figure

    @property
    def key(self) -> str:
        return self.dimension.key

    @property
    def label(self) -> str:
        return self.dimension.label

    @property
    def level_label(self) -> str:
        return level_label(self.level)

    @property
    def measured_level(self) -> int | None:
        return self.measure.level if self.measure is not None else None

    @property
    def measured_label(self) -> str:
        return level_label(self.measured_level)

    @property
    def measurable(self) -> bool:
        return self.measure is not None and self.measure.measurable

    @property
    def gap(self) -> int | None:
        """Declared minus measured: positive when people believe the group is further along than the data says."""
        if self.level is None or self.measured_level is None:
            return None
        return self.level - self.measured_level


@dataclass
class DiagnosticResults:
    programme: Programme
    respondents: int
    dimensions: list[DimensionResult]
    as_of: date
    with_measures: bool

    @property
    def answered_dimensions(self) -> list[DimensionResult]:
        return [d for d in self.dimensions if d.mean is not None]

    @property
    def mean(self) -> Decimal | None:
        """The overall score: the mean of the dimensions' means (each dimension weighs the same)."""
        return as_mean(self._exact)

    @property
    def _exact(self) -> Decimal | None:
        means = [Decimal(str(d.exact_mean)) for d in self.answered_dimensions]
        return sum(means) / len(means) if means else None

    @property
    def level(self) -> int | None:
        return dimension_level(self._exact)

    @property
    def level_label(self) -> str:
        return level_label(self.level)

    @property
    def index(self) -> int | None:
        return maturity_index(self._exact)

    @property
    def gaps(self) -> list[DimensionResult]:
        return [d for d in self.dimensions if d.gap]


def _answers(tenant: Tenant, programme_id: int) -> QuerySet[DiagnosticAnswer]:
    """The iteration's answers to the questions of the questionnaire (answers to a retired code are ignored)."""
    return DiagnosticAnswer.unscoped.filter(tenant=tenant, programme_id=programme_id, question__in=list(QUESTIONS))


def diagnostic_results(*, tenant: Tenant, programme: Programme, with_measures: bool = True) -> DiagnosticResults:
    """Per dimension: respondents, mean, level 1-5, index 0-100, spread (min/max), per-question means, and the measured
    indicators beside them. Three grouped queries for the answers, plus the catalogue's fixed set for the measures."""
    answers = _answers(tenant, programme.pk)
    per_dimension = {
        row["dimension"]: row for row in answers.order_by().values("dimension").annotate(
            respondents=Count("respondent_id", distinct=True), n=Count("pk"), mean=Avg("level"), low=Min("level"),
            high=Max("level"))
    }
    per_question = {
        row["question"]: row for row in answers.order_by().values("question").annotate(
            n=Count("pk"), mean=Avg("level"), low=Min("level"), high=Max("level"))
    }
    respondents = answers.order_by().aggregate(n=Count("respondent_id", distinct=True))["n"] or 0
    as_of = programme_as_of(programme)
    measures = dimension_measures(tenant=tenant, as_of=as_of) if with_measures else {}
    dimensions = []
    for dimension in DIMENSIONS:
        row = per_dimension.get(dimension.key) or {}
        raw_mean = row.get("mean")
        result = DimensionResult(
            dimension=dimension, respondents=row.get("respondents", 0), answers=row.get("n", 0), mean=as_mean(raw_mean),
            level=dimension_level(raw_mean), index=maturity_index(raw_mean), low=row.get("low"), high=row.get("high"),
            measure=measures.get(dimension.key), exact_mean=raw_mean,
        )
        for question in dimension.questions:
            q = per_question.get(question.code) or {}
            result.questions.append(QuestionResult(question=question, answers=q.get("n", 0), mean=as_mean(q.get("mean")),
                                                   low=q.get("low"), high=q.get("high")))
        dimensions.append(result)
    return DiagnosticResults(programme=programme, respondents=respondents, dimensions=dimensions, as_of=as_of,
                             with_measures=with_measures)


def my_answers(*, tenant: Tenant, programme: Programme, employee: Employee | int | None) -> dict[str, DiagnosticAnswer]:
    """The employee's answers to the iteration's questionnaire, by question code (empty without an employee)."""
    employee_id = getattr(employee, "pk", employee)
    if not employee_id:
        return {}
    return {a.question: a for a in _answers(tenant, programme.pk).filter(respondent_id=employee_id)}


def diagnostic_answer_list(*, tenant: Tenant, programme_id: int, respondent_id: int | None = None) -> QuerySet[DiagnosticAnswer]:
    """Individual answers (the caller decides who may read whose: editors everyone's, others their own)."""
    qs = _answers(tenant, programme_id).select_related("respondent")
    if respondent_id:
        qs = qs.filter(respondent_id=respondent_id)
    return qs.order_by("respondent__last_name", "respondent__first_name", "respondent_id", "question", "pk")


def respondent_rows(*, tenant: Tenant, programme: Programme) -> QuerySet:
    """One row per respondent (for the editors): how many questions answered, when last, and their mean per dimension
    (``mean_<dimension>``): one grouped query."""
    means = {f"mean_{d.key}": Avg("level", filter=Q(dimension=d.key)) for d in DIMENSIONS}
    return (
        _answers(tenant, programme.pk).order_by()
        .values("respondent_id", "respondent__first_name", "respondent__last_name", "respondent__job_title")
        .annotate(n=Count("pk"), last=Max("answered_at"), **means)
        .order_by("respondent__last_name", "respondent__first_name", "respondent_id")
    )


def diagnostic_comments(*, tenant: Tenant, programme: Programme, limit: int = 50) -> list[DiagnosticAnswer]:
    """The latest comments given with the answers (for the editors; the CSV export has them all)."""
    return list(_answers(tenant, programme.pk).exclude(comment="").select_related("respondent").order_by("-answered_at", "-pk")[:limit])
