"""Reads of the conviction pulse (seed 001): who may see which pulse, the audience, and the anonymous results.

Results are computed in SQL over the pulse's answers only (which hold no person), and only once the pulse is
closed with at least ``min_respondents`` answers (a tenant setting, never below 5). Under that, or while the
pulse is open, the results say nothing about the answers: not even how many there are below the threshold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from bns.models import Department, Employee, Membership, Site, Tenant
from bns.permissions import Perm
from bns.tenancy import tenant_scope
from networking.models import OfferedOwnCircle, Pulse, PulseAnswer, PulseParticipation
from networking.selectors import networking_settings_get

MIN_RESPONDENTS_FLOOR = 5  # the rule: never below 5, whatever the setting says
OPEN_PULSES_MAX = 200  # open pulses of a group read at once for the audience check (a handful in practice)


def min_respondents(*, tenant: Tenant) -> int:
    """The smallest group of answers shown (the tenant setting, defensively never below 5)."""
    with tenant_scope(tenant):  # the shared selector reads through the scoped manager
        value = networking_settings_get(tenant=tenant).pulse_min_respondents or MIN_RESPONDENTS_FLOOR
    return max(MIN_RESPONDENTS_FLOOR, int(value))


def clean_ids(values) -> list[int]:
    """The integer ids of an audience list (the JSON column could hold anything: keep positive ints only)."""
    out: list[int] = []
    for value in values if isinstance(values, list) else []:
        if isinstance(value, int) and not isinstance(value, bool) and value > 0 and value not in out:
            out.append(value)
    return out


# --- Audience -----------------------------------------------------------------------------------------


def audience_employees(*, tenant: Tenant, site_ids: list[int], department_ids: list[int]) -> QuerySet:
    """Active employees of these dealerships and departments (an empty list means all of them)."""
    qs = Employee.unscoped.filter(tenant=tenant, is_active=True)
    if site_ids:
        qs = qs.filter(site_id__in=site_ids)
    if department_ids:
        qs = qs.filter(department_id__in=department_ids)
    return qs


def employee_in_audience(*, pulse: Pulse, employee: Employee | None) -> bool:
    if employee is None or not employee.is_active or employee.tenant_id != pulse.tenant_id:
        return False
    sites, departments = clean_ids(pulse.audience_site_ids), clean_ids(pulse.audience_department_ids)
    return (not sites or employee.site_id in sites) and (not departments or employee.department_id in departments)


def audience_labels(*, tenant: Tenant, pulses: list[Pulse]) -> dict[int, dict[str, list[str]]]:
    """Per pulse, the names of its dealerships and departments (empty: all), in two queries for any number."""
    site_ids = {pk for p in pulses for pk in clean_ids(p.audience_site_ids)}
    department_ids = {pk for p in pulses for pk in clean_ids(p.audience_department_ids)}
    sites = dict(Site.unscoped.filter(tenant=tenant, pk__in=site_ids).values_list("pk", "name")) if site_ids else {}
    departments = (
        dict(Department.unscoped.filter(tenant=tenant, pk__in=department_ids).values_list("pk", "name")) if department_ids else {}
    )
    return {
        p.pk: {
            "sites": sorted(sites[pk] for pk in clean_ids(p.audience_site_ids) if pk in sites),
            "departments": sorted(departments[pk] for pk in clean_ids(p.audience_department_ids) if pk in departments),
        }
        for p in pulses
    }


# --- Which pulses a member sees -----------------------------------------------------------------------


def pulses_with_counts(*, tenant: Tenant) -> QuerySet:
    """Every pulse of the group with its number of respondents (participations: who answered is never read)."""
    return Pulse.unscoped.filter(tenant=tenant).annotate(response_count=Count("participations", distinct=True))


def pulses_open_for(*, tenant: Tenant, employee: Employee | None, today=None) -> list[Pulse]:
    """The open pulses this employee is asked to answer (in their audience, within the dates)."""
    if employee is None:
        return []
    today = today or timezone.localdate()
    qs = Pulse.unscoped.filter(tenant=tenant, status=Pulse.Status.OPEN, opens_on__lte=today, closes_on__gte=today)
    return [p for p in qs.order_by("closes_on", "pk")[:OPEN_PULSES_MAX] if employee_in_audience(pulse=p, employee=employee)]


def pulse_answered_ids(*, tenant: Tenant, employee: Employee | None, pulse_ids: list[int]) -> set[int]:
    """Which of these pulses the member's OWN employee has answered (only ever asked about oneself)."""
    if employee is None or not pulse_ids:
        return set()
    return set(
        PulseParticipation.unscoped.filter(tenant=tenant, employee=employee, pulse_id__in=pulse_ids).values_list("pulse_id", flat=True)
    )


def can_read_results(membership: Membership) -> bool:
    return membership.has_perm(Perm.MANAGE_PULSE) or membership.has_perm(Perm.VIEW_NETWORKING)


def pulses_visible(*, tenant: Tenant, membership: Membership) -> QuerySet:
    """MANAGE_PULSE: every pulse; results readers (VIEW_NETWORKING): the open and closed ones; everyone: the open
    pulses they are asked to answer. Ordered newest first, with the response count."""
    qs = pulses_with_counts(tenant=tenant)
    if membership.has_perm(Perm.MANAGE_PULSE):
        return qs.order_by("-opens_on", "-pk")
    mine = [p.pk for p in pulses_open_for(tenant=tenant, employee=membership.employee)]
    condition = Q(pk__in=mine)
    if membership.has_perm(Perm.VIEW_NETWORKING):
        condition |= Q(status__in=[Pulse.Status.OPEN, Pulse.Status.CLOSED])
    return qs.filter(condition).order_by("-opens_on", "-pk")


def pulse_get_for(*, tenant: Tenant, membership: Membership, pk) -> Pulse:
    """A pulse the member may see, or Http404 (missing, another group's, or not theirs to see)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk < 2**31:
        raise Http404
    pulse = Pulse.unscoped.filter(tenant=tenant, pk=pk).first()
    if pulse is None:
        raise Http404
    if membership.has_perm(Perm.MANAGE_PULSE):
        return pulse
    if membership.has_perm(Perm.VIEW_NETWORKING) and pulse.status != Pulse.Status.DRAFT:
        return pulse
    if pulse.status == Pulse.Status.OPEN and employee_in_audience(pulse=pulse, employee=membership.employee):
        return pulse
    raise Http404


def response_count(*, tenant: Tenant, pulse: Pulse) -> int:
    return PulseParticipation.unscoped.filter(tenant=tenant, pulse=pulse).count()


def rate(count: int, audience_size: int) -> float | None:
    """Percentage of the audience, one decimal (None without an audience)."""
    return pct(count, audience_size) if audience_size else None


def pct(count: int, total: int) -> float:
    if not total:
        return 0.0
    return float((Decimal(count) * 100 / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _mean(value) -> float | None:
    if value is None:
        return None
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


# --- Results ------------------------------------------------------------------------------------------


@dataclass
class Bar:
    value: str | int
    label: str
    count: int
    percent: float


@dataclass
class Recommendation:
    """A 0-10 question as a Net Promoter Score: promoters 9-10, passives 7-8, detractors 0-6."""

    mean: float | None
    promoters: int
    passives: int
    detractors: int
    promoters_percent: float
    passives_percent: float
    detractors_percent: float
    nps: int  # % promoters - % detractors, rounded half away from zero
    distribution: list[Bar]


@dataclass
class PulseResults:
    pulse: Pulse
    min_respondents: int
    shown: bool
    reason: str = ""  # why nothing is shown: "draft", "open" or "too_few"
    respondents: int | None = None
    response_rate: float | None = None
    offered_own_circle: list[Bar] = field(default_factory=list)
    pride_mean: float | None = None
    pride: list[Bar] = field(default_factory=list)
    recommend_products: Recommendation | None = None
    recommend_employer: Recommendation | None = None
    comments: list[str] = field(default_factory=list)


def nps(promoters: int, detractors: int, total: int) -> int:
    if not total:
        return 0
    value = Decimal(promoters - detractors) * 100 / Decimal(total)
    return int(value.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def _aggregates(qs: QuerySet) -> dict:
    """Every figure of the results in one aggregate query."""
    parts = {
        "n": Count("id"),
        "pride_mean": Avg("pride"),
        "products_mean": Avg("recommend_products"),
        "employer_mean": Avg("recommend_employer"),
    }
    for choice in OfferedOwnCircle.values:
        parts[f"offered_{choice}"] = Count("id", filter=Q(offered_own_circle=choice))
    for value in range(1, 6):
        parts[f"pride_{value}"] = Count("id", filter=Q(pride=value))
    for value in range(11):
        parts[f"products_{value}"] = Count("id", filter=Q(recommend_products=value))
        parts[f"employer_{value}"] = Count("id", filter=Q(recommend_employer=value))
    return qs.aggregate(**parts)


def _recommendation(row: dict, prefix: str, n: int) -> Recommendation:
    counts = [row[f"{prefix}_{v}"] for v in range(11)]
    promoters, passives, detractors = sum(counts[9:]), sum(counts[7:9]), sum(counts[:7])
    return Recommendation(
        mean=_mean(row[f"{prefix}_mean"]), promoters=promoters, passives=passives, detractors=detractors,
        promoters_percent=pct(promoters, n), passives_percent=pct(passives, n), detractors_percent=pct(detractors, n),
        nps=nps(promoters, detractors, n),
        distribution=[Bar(value=v, label=str(v), count=c, percent=pct(c, n)) for v, c in enumerate(counts)],
    )


def pulse_results(*, tenant: Tenant, pulse: Pulse) -> PulseResults:
    """The anonymous results, or the reason nothing is shown (draft, still open, fewer than the minimum)."""
    minimum = min_respondents(tenant=tenant)
    if pulse.status != Pulse.Status.CLOSED:
        return PulseResults(pulse=pulse, min_respondents=minimum, shown=False, reason=str(pulse.status))
    answers = PulseAnswer.unscoped.filter(tenant=tenant, pulse=pulse)
    row = _aggregates(answers)
    n = row["n"]
    if n < minimum:
        return PulseResults(pulse=pulse, min_respondents=minimum, shown=False, reason="too_few")
    # A neutral order: alphabetical (never the order of answering, which the rows do not hold anyway).
    comments = list(answers.exclude(comment="").order_by("comment").values_list("comment", flat=True))
    return PulseResults(
        pulse=pulse, min_respondents=minimum, shown=True, respondents=n, response_rate=rate(n, pulse.audience_size),
        offered_own_circle=[
            Bar(value=value, label=str(label), count=row[f"offered_{value}"], percent=pct(row[f"offered_{value}"], n))
            for value, label in OfferedOwnCircle.choices
        ],
        pride_mean=_mean(row["pride_mean"]),
        pride=[Bar(value=v, label=str(v), count=row[f"pride_{v}"], percent=pct(row[f"pride_{v}"], n)) for v in range(1, 6)],
        recommend_products=_recommendation(row, "products", n),
        recommend_employer=_recommendation(row, "employer", n),
        comments=[c.strip() for c in comments if c.strip()],
    )
