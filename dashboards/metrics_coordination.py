"""The catalogue's metrics added for the CoDir dashboards (issue 7): coordination, sharing culture, results and maturity.

``dashboards.catalogue`` registers them (its ``METRICS``); this module holds their compute functions, written as the
catalogue's own ones are: a ``_Spec`` (rows, aggregates, finish) used both for one scope (``compute``) and for every
entity of a level in ONE grouped query (``compute_grouped``), so both give the same figure by construction. The
catalogue imports this module, so the catalogue's helpers are imported inside the functions (when first called).

Coordination (brief section 5):
- ``uncoordinated_overlaps``: networks (active) where 2 or more active employees are active members and nobody leads
  (no target with an active lead, no member with the role "lead"), as networking.networks.coordination defines them;
  for a dealership, 2 or more of ITS employees are members. The share of target networks covered by a member with a
  named lead is the catalogue's ``network_coverage`` (the coordination board's definition).
- ``persons_over_solicitation_cap``: persons solicited commercially MORE often than the group's cap
  (``Tenant.solicitation_cap``) in the group's rolling window (``Tenant.solicitation_window_days``) up to the day;
  reaching the cap is allowed, going beyond it needed an override. The group only (solicitations are group-wide).
- ``persons_known_no_owner``: persons with active relationships of 2 or more active employees (of the same dealership
  for a dealership) and no active account owner (no account, or an account whose owner is empty or has left).
- ``target_accounts_without_strong_relationship``: target accounts (``Account.is_target``) where no active employee has
  an active relationship of strength 3 or more with anyone of the account; for a dealership, the target accounts
  whose account owner works there.

Sharing culture and results, over the last 90 days (``SHARING_DAYS``):
- ``referrals_submitted``: referrals submitted by the employees in scope;
- ``intro_answer_delay_days``: the MEAN number of days between an introduction request and its answer (accepted or
  declined), for the requests answered in the 90 days by owners in scope (requests never answered are what
  ``intro_requests_answered`` measures);
- ``rewards_amount``: rewards (€) approved or paid whose approval (or payment, when no approval is recorded) falls in
  the 90 days, of the referrers in scope;
- ``intro_deals``: introductions whose requester recorded the outcome "a deal" in the 90 days (introductions record a
  deal as an outcome, without a value), counted for the requester's scope;
- ``programme_net_saving``: the current iteration's (the active one, else the latest) classic spend replaced minus
  what was spent, with the means page's rule (bns/programme/means/budget.py: an action counts for the larger of its
  own spend and its lines'); positive is a net saving, negative a net cost (the means page's "net" with the opposite
  sign). The group only.

Maturity (``maturity_index`` and ``maturity_<dimension>`` for the eight dimensions of the self-assessment):
- a dimension's DECLARED level is the mean of the current iteration's answers to its questions; for a dealership or a
  department, the mean of its own respondents' answers when they answered that dimension, else the group's;
- its MEASURED level is bns/programme/diagnostic/measures.py's: each indicator of the catalogue in scope turned into
  a level 1-5 by the self-assessment's thresholds, their mean rounded half up (indicators without data left out;
  the pulse's are the group's only);
- the dimension's level is the mean of the declared and measured levels that exist (no value when neither does), its
  index (level - 1) / 4 x 100; ``maturity_index`` is the index of the mean level of the dimensions with a level.
The values stored are indexes 0-100; ``maturity_level`` turns one back into the level 1-5 (rounded half up).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Avg,
    Case,
    Count,
    DecimalField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

# The questionnaire imports nothing of the catalogue (which imports this module).
from bns.programme.diagnostic.questionnaire import DIMENSIONS

MATURITY_SCOPES = ("group", "site", "department")
DIMENSION_KEYS = tuple(d.key for d in DIMENSIONS)

# Each dimension's measured indicators as its formula says them (bns/programme/diagnostic/measures.py's
# DIMENSION_METRICS), and the tables they read.
_MEASURES = {
    "leadership_governance": (_("none: the answers alone"), ()),
    "strategy_objectives": (_("none: the answers alone"), ()),
    "profiles": (_("profile completeness"), ("networking_socialprofile",)),
    "activity": (_("active employees, activity per active employee"), ("networking_activity",)),
    "real_networks": (_("target networks covered"), ("networking_networktarget", "networking_networkmembership")),
    "sharing_culture": (_("relationships shared, introduction requests answered in time"),
                        ("contacts_relationship", "contacts_introrequest")),
    "results": (_("referrals won"), ("contacts_referral",)),
    "conviction": (_("pride and “offered to their own circle” in the conviction pulse, for the group only"),
                   ("networking_pulseanswer",)),
}
# (key, label, measures, sources) of each dimension, for the catalogue's maturity_<dimension> metrics.
MATURITY_DIMENSIONS = [(d.key, d.label, *_MEASURES[d.key]) for d in DIMENSIONS]
_MONEY = DecimalField(max_digits=16, decimal_places=2)


def _per(scope_kind: str, per: str | None) -> str:
    return per or scope_kind


def one(spec: Callable) -> Callable:
    """``compute`` of a spec whose rows depend on the level compared within (``per``): the scope's own level."""

    def compute(*, tenant, scope_kind, site, department, as_of, employee=None):
        return spec(tenant=tenant, scope_kind=scope_kind, site=site, department=department, employee=employee,
                    as_of=as_of, per=scope_kind).one()

    compute.__name__ = compute.__qualname__ = spec.__name__.removesuffix("_spec")
    return compute


def by_level(spec: Callable) -> Callable:
    """``compute_grouped`` of such a spec: the group's rows, compared within the level, grouped by its key."""

    def compute_grouped(*, tenant, level, as_of):
        return spec(tenant=tenant, scope_kind="group", site=None, department=None, employee=None, as_of=as_of,
                    per=level).grouped(level)

    compute_grouped.__name__ = compute_grouped.__qualname__ = spec.__name__.removesuffix("_spec") + "_grouped"
    return compute_grouped


def _count_or_none(count_key: str, total_key: str = "n"):
    def finish(row: dict) -> Decimal | None:
        return Decimal(row[count_key] or 0).quantize(Decimal("0.01")) if row[total_key] else None

    return finish


# --- Coordination ---------------------------------------------------------------------------------------------


def uncoordinated_overlaps_spec(*, tenant, scope_kind, site, department, employee, as_of, per=None):
    from dashboards.catalogue import _scope_q, _Spec
    from networking.models import MembershipRole, NetworkTarget
    from networking.networks.selectors import active_memberships

    active = active_memberships(tenant)
    lead_target = Exists(NetworkTarget.unscoped.filter(tenant=tenant, network_id=OuterRef("network_id"), lead__is_active=True))
    lead_member = Exists(active.filter(network_id=OuterRef("network_id"), role=MembershipRole.LEAD))
    colleague = active.filter(network_id=OuterRef("network_id")).exclude(employee_id=OuterRef("employee_id"))
    if _per(scope_kind, per) == "site":
        colleague = colleague.filter(employee__site_id=OuterRef("employee__site_id"))
    rows = active.filter(Q(network__is_active=True) & _scope_q("employee__", scope_kind, site, department, employee))
    overlap = Q(Exists(colleague)) & ~Q(lead_target) & ~Q(lead_member)
    return _Spec(rows, {"site": "employee__site"},
                 {"n": Count("pk"), "overlaps": Count("network_id", distinct=True, filter=overlap)},
                 _count_or_none("overlaps"))


def persons_known_no_owner_spec(*, tenant, scope_kind, site, department, employee, as_of, per=None):
    from contacts.models import Account, Relationship, RelationshipStatus
    from dashboards.catalogue import _end_of, _keys, _scope_q, _Spec

    end = _end_of(as_of)
    mine = Relationship.unscoped.filter(tenant=tenant, status=RelationshipStatus.ACTIVE, created_at__lt=end)
    colleague = mine.filter(person_id=OuterRef("person_id"), owner__is_active=True).exclude(owner_id=OuterRef("owner_id"))
    if _per(scope_kind, per) == "site":
        colleague = colleague.filter(owner__site_id=OuterRef("owner__site_id"))
    owned = Exists(Account.unscoped.filter(tenant=tenant, pk=OuterRef("person__account_id"), owner__is_active=True))
    # The tenant on the joined person too: without it PostgreSQL scans every group's persons (bench_dashboards).
    rows = mine.filter(Q(person__tenant=tenant) & _scope_q("owner__", scope_kind, site, department, employee))
    return _Spec(rows, {"site": _keys("owner")["site"]},
                 {"n": Count("pk"), "persons": Count("person_id", distinct=True, filter=Q(Exists(colleague)) & ~Q(owned))},
                 _count_or_none("persons"))


def target_accounts_weak_spec(*, tenant, scope_kind, site, department, employee, as_of, per=None):
    from contacts.models import Account, Relationship, RelationshipStatus
    from dashboards.catalogue import _end_of, _Spec

    strong = Exists(Relationship.unscoped.filter(
        tenant=tenant, status=RelationshipStatus.ACTIVE, created_at__lt=_end_of(as_of), person__account_id=OuterRef("pk"),
        strength__gte=3, owner__is_active=True))
    rows = Account.unscoped.filter(tenant=tenant, is_target=True)
    if scope_kind == "site":
        rows = rows.filter(owner__site_id=getattr(site, "pk", site))
    return _Spec(rows, {"site": "owner__site"}, {"n": Count("pk"), "weak": Count("pk", filter=~Q(strong))},
                 _count_or_none("weak"))


def persons_over_solicitation_cap(*, tenant, scope_kind, site, department, as_of, employee=None):
    """One query: the persons' commercial solicitations in the window, then how many exceed the cap."""
    from contacts.models import Solicitation
    from dashboards.catalogue import _end_of

    cap = tenant.solicitation_cap
    if not cap:
        return None
    end = _end_of(as_of)
    start = end - timedelta(days=tenant.solicitation_window_days or 30)
    per_person = (
        Solicitation.unscoped.filter(tenant=tenant, commercial=True, occurred_at__lt=end).order_by().values("person_id")
        .annotate(in_window=Count("pk", filter=Q(occurred_at__gte=start)))
    )
    row = per_person.aggregate(persons=Count("person_id"), over=Count("person_id", filter=Q(in_window__gt=cap)))
    return Decimal(row["over"] or 0).quantize(Decimal("0.01")) if row["persons"] else None


# --- Sharing culture and results --------------------------------------------------------------------------------


def referrals_submitted_spec(*, tenant, scope_kind, site, department, employee, as_of, per=None):
    from contacts.referrals.models import Referral
    from dashboards.catalogue import SHARING_DAYS, _end_of, _keys, _scope_q, _Spec

    end = _end_of(as_of)
    rows = Referral.unscoped.filter(Q(tenant=tenant, submitted_at__lt=end)
                                    & _scope_q("referrer__", scope_kind, site, department, employee))
    recent = Q(submitted_at__gte=end - timedelta(days=SHARING_DAYS))
    return _Spec(rows, _keys("referrer"), {"n": Count("pk"), "recent": Count("pk", filter=recent)}, _count_or_none("recent"))


def _days(row: dict) -> Decimal | None:
    from dashboards.catalogue import _round

    if not row["n"] or row["mean"] is None:
        return None
    mean = row["mean"]
    seconds = mean.total_seconds() if isinstance(mean, timedelta) else float(mean) / 1_000_000  # microseconds
    return _round(Decimal(str(seconds)) / Decimal(86400))


def intro_answer_delay_spec(*, tenant, scope_kind, site, department, employee, as_of, per=None):
    from contacts.models import IntroRequest
    from dashboards.catalogue import SHARING_DAYS, _end_of, _keys, _scope_q, _Spec

    end = _end_of(as_of)
    rows = IntroRequest.unscoped.filter(
        Q(tenant=tenant, status__in=[IntroRequest.Status.ACCEPTED, IntroRequest.Status.DECLINED], answered_at__lt=end,
          answered_at__gte=end - timedelta(days=SHARING_DAYS))
        & _scope_q("owner__", scope_kind, site, department, employee)
    )
    delay = ExpressionWrapper(F("answered_at") - F("created_at"), output_field=DurationField())
    return _Spec(rows, _keys("owner"), {"n": Count("pk"), "mean": Avg(delay)}, _days)


def rewards_amount_spec(*, tenant, scope_kind, site, department, employee, as_of, per=None):
    from contacts.referrals.models import Reward
    from dashboards.catalogue import SHARING_DAYS, _end_of, _keys, _round, _scope_q, _Spec

    end = _end_of(as_of)
    rows = Reward.unscoped.filter(Q(tenant=tenant, created_at__lt=end)
                                  & _scope_q("referrer__", scope_kind, site, department, employee)
                                  ).annotate(decided_at=Coalesce("approved_at", "paid_at"))
    granted = Q(status__in=[Reward.Status.APPROVED, Reward.Status.PAID], decided_at__lt=end,
                decided_at__gte=end - timedelta(days=SHARING_DAYS))
    return _Spec(rows, _keys("referrer"), {"n": Count("pk"), "amount": Sum("amount", filter=granted)},
                 lambda row: _round(row["amount"] or 0) if row["n"] else None)


def intro_deals_spec(*, tenant, scope_kind, site, department, employee, as_of, per=None):
    from contacts.models import IntroRequest
    from dashboards.catalogue import SHARING_DAYS, _end_of, _keys, _scope_q, _Spec

    end = _end_of(as_of)
    rows = IntroRequest.unscoped.filter(Q(tenant=tenant, created_at__lt=end)
                                        & _scope_q("requester__", scope_kind, site, department, employee))
    deal = Q(outcome=IntroRequest.Outcome.DEAL, outcome_at__lt=end, outcome_at__gte=end - timedelta(days=SHARING_DAYS))
    return _Spec(rows, _keys("requester"), {"n": Count("pk"), "deals": Count("pk", filter=deal)}, _count_or_none("deals"))


def programme_net_saving(*, tenant, scope_kind, site, department, as_of, employee=None):
    """One query: the current iteration with its spend (means page rule) and replaced classic spend as subqueries."""
    from bns.programme.means.budget import actions_with_budget
    from bns.programme.models import BudgetLine, Programme, ProgrammeAction
    from dashboards.catalogue import _round

    def total(qs, name):
        summed = qs.order_by().values("programme_id").annotate(t=Sum(name)).values("t")[:1]
        return Coalesce(Subquery(summed, output_field=_MONEY), Value(Decimal("0"), output_field=_MONEY), output_field=_MONEY)

    def count(qs):
        counted = qs.order_by().values("programme_id").annotate(c=Count("pk")).values("c")[:1]
        return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))

    lines = BudgetLine.unscoped.filter(tenant=tenant, programme_id=OuterRef("pk"))
    row = (
        Programme.unscoped.filter(tenant=tenant)
        .annotate(
            spent_actions=total(actions_with_budget(tenant=tenant, programme_id=OuterRef("pk")), "counted_actual"),
            spent_lines=total(lines.filter(action__isnull=True), "actual"),
            replaced=total(lines, "replaced_amount"),
            n_lines=count(lines),
            n_actions=count(ProgrammeAction.unscoped.filter(tenant=tenant, programme_id=OuterRef("pk"))),
            active_first=Case(When(status=Programme.Status.ACTIVE, then=Value(0)), default=Value(1), output_field=IntegerField()),
        )
        .order_by("active_first", "-iteration")
        .values("spent_actions", "spent_lines", "replaced", "n_lines", "n_actions")
        .first()
    )
    if row is None or not (row["n_lines"] or row["n_actions"]):
        return None
    return _round(Decimal(row["replaced"]) - Decimal(row["spent_actions"]) - Decimal(row["spent_lines"]))


# --- Maturity -----------------------------------------------------------------------------------------------

# The maturity metrics read the indicators' grouped values and the answers again for each of their nine metrics. In
# ONE snapshot computation (the data does not change meanwhile) they may be remembered: ``metric_memo()`` (opt-in; the
# snapshot loop of dashboards.compute can run inside it). Outside it nothing is remembered.
_memo: ContextVar[dict | None] = ContextVar("dashboards_metric_memo", default=None)


@contextmanager
def metric_memo() -> Iterator[None]:
    """Remember the maturity's computations for the duration of the block (one snapshot run)."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def _remembered(key: tuple, compute: Callable):
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]



def maturity_level(index) -> int | None:
    """The level 1-5 of a maturity index 0-100 (the index of level L is (L - 1) x 25; rounded half up)."""
    if index is None:
        return None
    level = int((Decimal(str(index)) / 25 + 1).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    return min(max(level, 1), 5)


def _index(level: Decimal | None) -> Decimal | None:
    from dashboards.catalogue import _round

    if level is None:
        return None
    return _round(min(max((level - 1) * 25, Decimal(0)), Decimal(100)))


def maturity_levels(*, tenant, level: str, as_of, dimensions) -> dict[int | None, dict[str, Decimal | None]]:
    """The blended level (an unrounded mean, 1-5) of each dimension of ``dimensions`` for every entity of ``level``:
    {None: {...}} for the group, {site_id: {...}} or {department_id: {...}} otherwise (every dealership or department
    of the group). A fixed number of queries: the current iteration, the group's declared means (and the level's), the
    entities, and one grouped query per indicator of the dimensions at that level."""
    from bns.models import Department, Site
    from bns.programme.diagnostic.measures import (
        BANDS,
        DIMENSION_METRICS,
        DimensionMeasure,
        Indicator,
        measured_level,
    )
    from bns.programme.diagnostic.questionnaire import QUESTIONS
    from bns.programme.models import DiagnosticAnswer, Programme
    from dashboards.catalogue import REGISTRY

    if level not in MATURITY_SCOPES:
        raise ValueError(f"no {level} level for this metric")
    current = Programme.unscoped.filter(tenant=tenant).annotate(
        active_first=Case(When(status=Programme.Status.ACTIVE, then=Value(0)), default=Value(1), output_field=IntegerField()),
    ).order_by("active_first", "-iteration").values("pk")[:1]
    answers = DiagnosticAnswer.unscoped.filter(tenant=tenant, programme_id=Subquery(current), question__in=list(QUESTIONS),
                                               dimension__in=list(dimensions))
    group_declared = {row["dimension"]: row["mean"]
                      for row in answers.order_by().values("dimension").annotate(mean=Avg("level"))}
    declared: dict[tuple, object] = {}
    if level == "group":
        keys: list[int | None] = [None]
    else:
        field = f"respondent__{level}_id"
        for row in answers.order_by().values(field, "dimension").annotate(mean=Avg("level")):
            if row[field] is not None:
                declared[(row[field], row["dimension"])] = row["mean"]
        model = Site if level == "site" else Department
        keys = list(model.unscoped.filter(tenant=tenant).order_by("pk").values_list("pk", flat=True))
    measured: dict[str, dict] = {}
    for dimension in dimensions:
        for metric_key in DIMENSION_METRICS.get(dimension, ()):
            metric = REGISTRY.get(metric_key)
            if metric is not None and metric.compute_grouped is not None and level in metric.scopes:
                measured[metric_key] = _remembered(
                    ("grouped", tenant.pk, metric_key, level, as_of),
                    lambda metric=metric: metric.compute_grouped(tenant=tenant, level=level, as_of=as_of))
    out: dict[int | None, dict[str, Decimal | None]] = {}
    for key in keys:
        levels: dict[str, Decimal | None] = {}
        for dimension in dimensions:
            mean = declared.get((key, dimension)) if level != "group" else None
            if mean is None:
                mean = group_declared.get(dimension)
            indicators = []
            for metric_key in DIMENSION_METRICS.get(dimension, ()):
                if metric_key not in measured:
                    continue
                metric, value = REGISTRY[metric_key], measured[metric_key].get(key)
                indicators.append(Indicator(key=metric_key, label=metric.label, formula=metric.formula, unit=metric.unit,
                                            value=value, level=measured_level(metric_key, value), bands=BANDS[metric_key]))
            parts = [Decimal(str(p)) for p in (mean, DimensionMeasure(dimension=dimension, indicators=indicators).level)
                     if p is not None]
            levels[dimension] = sum(parts) / len(parts) if parts else None
        out[key] = levels
    return out


def _maturity_value(levels: dict[str, Decimal | None]) -> Decimal | None:
    found = [value for value in levels.values() if value is not None]
    return _index(sum(found) / len(found)) if found else None


def maturity_grouped(dimensions: tuple[str, ...], name: str) -> Callable[..., dict]:
    """``compute_grouped`` of a maturity metric: the index of one dimension (or the mean of several: the overall)."""

    def compute_grouped(*, tenant, level, as_of):
        if _memo.get() is not None:  # in a snapshot run: every dimension at once, once per level
            every = _remembered(("maturity", tenant.pk, level, as_of),
                                lambda: maturity_levels(tenant=tenant, level=level, as_of=as_of, dimensions=DIMENSION_KEYS))
            return {key: _maturity_value({d: levels[d] for d in dimensions}) for key, levels in every.items()}
        return {key: _maturity_value(levels)
                for key, levels in maturity_levels(tenant=tenant, level=level, as_of=as_of, dimensions=dimensions).items()}

    compute_grouped.__name__ = compute_grouped.__qualname__ = f"{name}_grouped"
    return compute_grouped


def maturity_one(dimensions: tuple[str, ...], name: str) -> Callable[..., Decimal | None]:
    """``compute`` of a maturity metric for one scope: the grouped computation's value for that scope (one definition)."""
    grouped = maturity_grouped(dimensions, name)

    def compute(*, tenant, scope_kind, site, department, as_of, employee=None):
        if scope_kind not in MATURITY_SCOPES:
            return None
        key = {"group": None, "site": getattr(site, "pk", site), "department": getattr(department, "pk", department)}[scope_kind]
        if scope_kind != "group" and key is None:
            return None
        return grouped(tenant=tenant, level=scope_kind, as_of=as_of).get(key)

    compute.__name__ = compute.__qualname__ = name
    return compute
