"""The metric catalogue: ONE documented registry of what the system measures (brief section 5, issues 6 and 7).

Every figure of the product that is "measured, not guessed" is a ``Metric`` here: its key, its label, the formula
shown on screen next to the figure, its unit and direction, the scope levels it is defined for and the tables it
reads. The programme's KPIs (bns.programme.objectives) pick their metric here by key; the dashboards (issue 7)
compute their snapshots from the same registry. This module is the dashboards app's only public surface: other
apps import ``dashboards.catalogue`` and nothing else from ``dashboards``.

Computing. ``Metric.compute(*, tenant, scope_kind, site, department, as_of, employee=None)`` returns a
``Decimal`` (rounded to 2 places) or ``None``. Each compute function is one or two aggregate queries
(aggregation in SQL, never a Python loop over rows) and filters by tenant explicitly. Scope levels:
``group`` (the whole group), ``site`` / ``department`` (the employees of that dealership / department; for
network coverage, the dealership's own target networks) and ``employee`` (one employee: the figures per employee
issue 7 snapshots). ``None`` means "no data to compute it from" (nobody in scope, nothing recorded, a pulse with
too few answers...): callers say "no computed value yet" and never show a made-up 0. A metric whose ``compute``
is ``None`` is defined (its formula is documented) but nothing computes it yet.

Snapshots (issue 7). ``Metric.compute_grouped(*, tenant, level, as_of)`` computes a metric for every entity of a
level at once (``{None: value}`` for "group"; ``{site_id | department_id | employee_id: value}`` otherwise, keys
without data left out): ONE query grouped by the employee's dealership, department or the employee, built from the
same ``_Spec`` (rows, aggregates, finish) as ``compute``, so both give the same figure by construction (tested
entity by entity in tests/dashboards/test_snapshots.py). The snapshot task (dashboards.compute) runs it for every
metric and level. ``value_source_set(reader)`` installs a reader (``DashboardsConfig.ready()`` installs
``dashboards.selectors.snapshot_value_read``) called as ``reader(metric, tenant=..., scope_kind=..., site=...,
department=..., employee=..., as_of=...)``; it returns the snapshot's ``Decimal``, ``None`` when the snapshot says
"no data", or ``MISSING`` when it holds no row for that day and scope. ``metric_value()`` (what callers use) asks
the reader first (one query) and computes live only on ``MISSING``; ``value_source_get()`` returns the reader.

Issue 7's metrics (coordination, sharing culture, results and the maturity index with its eight dimensions) are
registered below too; their compute functions live in dashboards/metrics_coordination.py (definitions there). The
maturity metrics are composites: they read the measured indicators of the catalogue (one grouped query each) and the
self-assessment's answers, a fixed number of queries whatever the data, but more than one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Aggregate,
    Avg,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

SCOPES = ("group", "site", "department", "employee")
UNITS = ("%", "count", "€", "score", "days", "per_employee")
UP, DOWN = "up", "down"
ACTIVITY_DAYS = 30  # "active in the last 30 days"
SHARING_DAYS = 90  # intro requests and referrals are counted over 90 days
MISSING = object()  # a value source's answer when it has no row for that day and scope (then: compute live)


@dataclass(frozen=True)
class Metric:
    key: str
    label: str  # gettext_lazy
    formula: str  # gettext_lazy: the definition shown next to the figure
    unit: str  # one of UNITS
    direction: str  # UP: higher is better; DOWN: lower is better
    scopes: tuple[str, ...]  # subset of SCOPES
    sources: tuple[str, ...]  # database tables read
    compute: Callable[..., Decimal | None] | None = field(default=None, compare=False)
    # Issue 7's snapshots: ``compute_grouped(*, tenant, level, as_of) -> {key: Decimal | None}`` with key None for
    # "group", else the site, department or employee id; one GROUP BY query per level, the same definition as
    # ``compute``. Keys absent from the dict have no value (None) at that level.
    compute_grouped: Callable[..., dict] | None = field(default=None, compare=False)

    @property
    def computed(self) -> bool:
        return self.compute is not None


# --- Helpers --------------------------------------------------------------------------------------------


def _round(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _share(part: int, total: int) -> Decimal | None:
    """``part`` of ``total`` in % (None when there is nothing to divide)."""
    return _round(Decimal(part) * 100 / Decimal(total)) if total else None


def _end_of(as_of: date) -> datetime:
    """The first instant after ``as_of`` in the project's time zone (windows end there, exclusive)."""
    return timezone.make_aware(datetime.combine(as_of + timedelta(days=1), time.min))


def _scope_q(prefix: str, scope_kind: str, site, department, employee) -> Q:
    """Rows of the employees in scope: ``prefix`` leads to an employee ("" for Employee itself, "owner__"...)."""
    q = Q(**{f"{prefix}is_active": True})
    if scope_kind == "site":
        q &= Q(**{f"{prefix}site_id": getattr(site, "pk", site)})
    elif scope_kind == "department":
        q &= Q(**{f"{prefix}department_id": getattr(department, "pk", department)})
    elif scope_kind == "employee":
        q &= Q(**{f"{prefix}pk": getattr(employee, "pk", employee)})
    return q


def _employees(tenant, scope_kind, site, department, employee):
    from bns.models import Employee

    return Employee.unscoped.filter(Q(tenant=tenant) & _scope_q("", scope_kind, site, department, employee))


# --- Compute functions (one or two aggregate queries each) --------------------------------------------
#
# Each metric measured from rows is written ONCE, as a ``_Spec``: the rows in scope, the aggregates and the
# ``finish`` turning the aggregated row into the value. ``compute`` (one scope) aggregates the rows of that scope;
# ``compute_grouped`` (issue 7's snapshots) runs the same aggregates over the group's rows with a GROUP BY on the
# level's key (the employee's dealership, department or the employee): one query per metric and level, never a
# loop over employees, and by construction the same definition as the per-scope value.


@dataclass(frozen=True)
class _Spec:
    rows: QuerySet
    keys: dict[str, str]  # level -> the values() path of its key in ``rows`` ("owner__site", "employee"...)
    aggregates: dict[str, Aggregate]
    finish: Callable[[dict], Decimal | None]

    def one(self) -> Decimal | None:
        return self.finish(self.rows.order_by().aggregate(**self.aggregates))

    def grouped(self, level: str) -> dict[int | None, Decimal | None]:
        if level == "group":
            return {None: self.one()}
        if level not in self.keys:
            raise ValueError(f"no {level} level for these rows")
        key = self.keys[level]
        out: dict[int | None, Decimal | None] = {}
        for row in self.rows.order_by().values(key).annotate(**self.aggregates).order_by():
            pk = row.pop(key)
            if pk is not None:  # an employee without a dealership (department) counts for the group only
                out[pk] = self.finish(row)
        return out


def _keys(employee_path: str = "") -> dict[str, str]:
    """The level keys of rows reaching their employee through ``employee_path`` ("" for Employee rows)."""
    if not employee_path:
        return {"site": "site", "department": "department", "employee": "id"}
    return {"site": f"{employee_path}__site", "department": f"{employee_path}__department", "employee": employee_path}


def _one(spec: Callable[..., _Spec]) -> Callable[..., Decimal | None]:
    def compute(*, tenant, scope_kind, site, department, as_of, employee=None):
        return spec(tenant=tenant, scope_kind=scope_kind, site=site, department=department, employee=employee,
                    as_of=as_of).one()

    compute.__name__ = compute.__qualname__ = spec.__name__.removesuffix("_spec")
    return compute


def _by_level(spec: Callable[..., _Spec]) -> Callable[..., dict]:
    def compute_grouped(*, tenant, level, as_of):
        return spec(tenant=tenant, scope_kind="group", site=None, department=None, employee=None, as_of=as_of).grouped(level)

    compute_grouped.__name__ = compute_grouped.__qualname__ = spec.__name__.removesuffix("_spec") + "_grouped"
    return compute_grouped


def _group_only(compute: Callable[..., Decimal | None]) -> Callable[..., dict]:
    """``compute_grouped`` of a metric defined for the whole group only (the pulse: anonymous answers)."""

    def compute_grouped(*, tenant, level, as_of):
        if level != "group":
            raise ValueError(f"no {level} level for this metric")
        return {None: compute(tenant=tenant, scope_kind="group", site=None, department=None, employee=None, as_of=as_of)}

    compute_grouped.__name__ = compute_grouped.__qualname__ = compute.__name__ + "_grouped"
    return compute_grouped


def _profile_completeness_spec(*, tenant, scope_kind, site, department, employee, as_of) -> _Spec:
    # Per employee as networking.selectors.profile_completeness_by_employee: the mean of their profiles'
    # completeness, a missing LinkedIn profile counting as one profile at 0, rounded half up; then the mean.
    from networking.models import Platform, SocialProfile

    profiles = SocialProfile.unscoped.filter(tenant=tenant, employee_id=OuterRef("pk")).order_by().values("employee_id")
    total = Coalesce(Subquery(profiles.annotate(s=Sum("completeness")).values("s"), output_field=IntegerField()), Value(0))
    count = Coalesce(Subquery(profiles.annotate(c=Count("pk")).values("c"), output_field=IntegerField()), Value(0))
    linkedin = Exists(SocialProfile.unscoped.filter(tenant=tenant, employee_id=OuterRef("pk"), platform=Platform.LINKEDIN))
    rows = _employees(tenant, scope_kind, site, department, employee).annotate(
        p_total=total, p_count=count,
        p_n=F("p_count") + Case(When(linkedin, then=Value(0)), default=Value(1), output_field=IntegerField()),
    ).annotate(p_percent=(2 * F("p_total") + F("p_n")) / (2 * F("p_n")))  # integers: rounded half up
    return _Spec(rows, _keys(), {"mean": Avg("p_percent"), "profiles": Sum("p_count")},
                 lambda row: _round(row["mean"]) if row["profiles"] else None)


def _active_employees_spec(*, tenant, scope_kind, site, department, employee, as_of) -> _Spec:
    from networking.models import Activity

    window = Activity.unscoped.filter(tenant=tenant, employee_id=OuterRef("pk"), occurred_on__lte=as_of,
                                      occurred_on__gt=as_of - timedelta(days=ACTIVITY_DAYS))
    return _Spec(_employees(tenant, scope_kind, site, department, employee), _keys(),
                 {"n": Count("pk"), "active": Count("pk", filter=Q(Exists(window)))},
                 lambda row: _share(row["active"], row["n"]))


def _activity_per_active_spec(*, tenant, scope_kind, site, department, employee, as_of) -> _Spec:
    from networking.models import Activity

    rows = Activity.unscoped.filter(
        Q(tenant=tenant, occurred_on__lte=as_of, occurred_on__gt=as_of - timedelta(days=ACTIVITY_DAYS))
        & _scope_q("employee__", scope_kind, site, department, employee)
    )
    return _Spec(rows, _keys("employee"), {"n": Count("pk"), "people": Count("employee_id", distinct=True)},
                 lambda row: _round(Decimal(row["n"]) / Decimal(row["people"])) if row["people"] else None)


def _relationships_shared_spec(*, tenant, scope_kind, site, department, employee, as_of) -> _Spec:
    from contacts.models import Relationship, RelationshipStatus, Visibility

    rows = Relationship.unscoped.filter(
        Q(tenant=tenant, status=RelationshipStatus.ACTIVE, created_at__lt=_end_of(as_of))
        & _scope_q("owner__", scope_kind, site, department, employee)
    )
    shared = Q(visibility__in=[Visibility.DISCOVERABLE, Visibility.SHARED])
    return _Spec(rows, _keys("owner"), {"n": Count("pk"), "shared": Count("pk", filter=shared)},
                 lambda row: _share(row["shared"], row["n"]))


def _intro_answered_spec(*, tenant, scope_kind, site, department, employee, as_of) -> _Spec:
    from contacts.models import IntroRequest

    end = _end_of(as_of)
    sla = timedelta(days=tenant.intro_sla_days or 7)
    due = Coalesce(F("expires_at"), F("created_at") + Value(sla))
    decided = Q(status__in=[IntroRequest.Status.ACCEPTED, IntroRequest.Status.DECLINED], answered_at__lt=end)
    rows = IntroRequest.unscoped.filter(
        Q(tenant=tenant, created_at__lt=end, created_at__gte=end - timedelta(days=SHARING_DAYS))
        & _scope_q("owner__", scope_kind, site, department, employee)
    ).annotate(due_at=due)
    # Requests still pending within their deadline are not judged yet: neither counted nor held against anyone.
    judged = decided | Q(due_at__lte=end)
    return _Spec(rows, _keys("owner"),
                 {"n": Count("pk", filter=judged), "in_time": Count("pk", filter=decided & Q(answered_at__lte=F("due_at")))},
                 lambda row: _share(row["in_time"], row["n"]))


def _referral_rows(tenant, scope_kind, site, department, as_of, employee):
    from contacts.referrals.models import Referral

    end = _end_of(as_of)
    won = Q(status=Referral.Status.WON, closed_at__lt=end, closed_at__gte=end - timedelta(days=SHARING_DAYS))
    rows = Referral.unscoped.filter(Q(tenant=tenant, submitted_at__lt=end) & _scope_q("referrer__", scope_kind, site, department,
                                                                                      employee))
    return rows, won


def _referrals_won_spec(*, tenant, scope_kind, site, department, employee, as_of) -> _Spec:
    rows, won = _referral_rows(tenant, scope_kind, site, department, as_of, employee)
    return _Spec(rows, _keys("referrer"), {"n": Count("pk"), "won": Count("pk", filter=won)},
                 lambda row: Decimal(row["won"]).quantize(Decimal("0.01")) if row["n"] else None)


def _referral_deal_value_spec(*, tenant, scope_kind, site, department, employee, as_of) -> _Spec:
    rows, won = _referral_rows(tenant, scope_kind, site, department, as_of, employee)
    return _Spec(rows, _keys("referrer"), {"n": Count("pk"), "deals": Sum("deal_value", filter=won)},
                 lambda row: _round(row["deals"] or 0) if row["n"] else None)


def _network_coverage_spec(*, tenant, scope_kind, site, department, employee, as_of) -> _Spec:
    # The coordination board's definition (networking.networks.coordination): current memberships and leads.
    from networking.networks.coordination import targets_annotated

    targets = targets_annotated(tenant=tenant).filter(network__is_active=True)
    if scope_kind == "site":
        targets = targets.filter(site_id=getattr(site, "pk", site))
    # The condition of ``covered`` spelled out: an aggregate filter on that boolean alias is not inlined by Django.
    # A dealership's level is its own targets (not its employees'): grouped by the target's dealership.
    return _Spec(targets.select_related(None), {"site": "site"},
                 {"n": Count("pk"), "n_covered": Count("pk", filter=Q(members_in_scope__gt=0, lead__is_active=True))},
                 lambda row: _share(row["n_covered"], row["n"]))


def _pulse_row(tenant, as_of) -> dict | None:
    """The last closed pulse's aggregates (one query), or None under the group's minimum of respondents (another)."""
    from networking.models import Pulse, PulseAnswer
    from networking.pulse.selectors import min_respondents

    last = Pulse.unscoped.filter(tenant=tenant, status=Pulse.Status.CLOSED, closes_on__lte=as_of).order_by(
        "-closes_on", "-id").values("pk")[:1]
    row = PulseAnswer.unscoped.filter(tenant=tenant, pulse_id=Subquery(last)).aggregate(
        n=Count("pk"), pride=Avg("pride"),
        yes=Count("pk", filter=Q(offered_own_circle="yes")),
        products_promoters=Count("pk", filter=Q(recommend_products__gte=9)),
        products_detractors=Count("pk", filter=Q(recommend_products__lte=6)),
        employer_promoters=Count("pk", filter=Q(recommend_employer__gte=9)),
        employer_detractors=Count("pk", filter=Q(recommend_employer__lte=6)),
    )
    if not row["n"] or row["n"] < min_respondents(tenant=tenant):
        return None  # anonymity: never a figure over fewer answers than the group's minimum
    return row


def _nps(row: dict | None, prefix: str) -> Decimal | None:
    if row is None:
        return None
    return _round(Decimal(row[f"{prefix}_promoters"] - row[f"{prefix}_detractors"]) * 100 / Decimal(row["n"]))


def _pulse_pride(*, tenant, scope_kind, site, department, as_of, employee=None):
    row = _pulse_row(tenant, as_of)
    return _round(row["pride"]) if row else None


def _pulse_offered(*, tenant, scope_kind, site, department, as_of, employee=None):
    row = _pulse_row(tenant, as_of)
    return _share(row["yes"], row["n"]) if row else None


def _pulse_products_nps(*, tenant, scope_kind, site, department, as_of, employee=None):
    return _nps(_pulse_row(tenant, as_of), "products")


def _pulse_employer_nps(*, tenant, scope_kind, site, department, as_of, employee=None):
    return _nps(_pulse_row(tenant, as_of), "employer")


def _networking_score_spec(*, tenant, scope_kind, site, department, employee, as_of) -> _Spec:
    from networking.models import NetworkingScore

    latest_day = NetworkingScore.unscoped.filter(tenant=tenant, employee_id=OuterRef("employee_id"),
                                                 computed_on__lte=as_of).order_by("-computed_on").values("computed_on")[:1]
    rows = NetworkingScore.unscoped.filter(
        Q(tenant=tenant, computed_on=Subquery(latest_day)) & _scope_q("employee__", scope_kind, site, department, employee)
    )
    return _Spec(rows, _keys("employee"), {"mean": Avg("total")}, lambda row: _round(row["mean"]))


# --- Issue 7's metrics (coordination, sharing culture, results, maturity): dashboards/metrics_coordination.py ----

from dashboards import metrics_coordination as _mc  # noqa: E402 (its functions import the helpers above when called)

# --- The registry -------------------------------------------------------------------------------------

_PEOPLE = ("group", "site", "department", "employee")
_TEAMS = ("group", "site", "department")

METRICS: tuple[Metric, ...] = (
    Metric(
        "profile_completeness", _("Profile completeness"),
        _("Mean, over the active employees in scope, of each one's profile completeness (the mean of their social "
          "profiles' checklists, a missing LinkedIn profile counting as 0 %). No value while no profile is recorded."),
        "%", UP, _PEOPLE, ("bns_employee", "networking_socialprofile"), _one(_profile_completeness_spec),
        compute_grouped=_by_level(_profile_completeness_spec),
    ),
    Metric(
        "active_employees", _("Active employees"),
        _("Share of the active employees in scope who logged at least one networking activity in the last 30 days."),
        "%", UP, _PEOPLE, ("bns_employee", "networking_activity"), _one(_active_employees_spec),
        compute_grouped=_by_level(_active_employees_spec),
    ),
    Metric(
        "activity_per_active_employee", _("Activity per active employee"),
        _("Networking activities of the last 30 days divided by the number of employees who logged at least one "
          "(active employees in scope)."),
        "per_employee", UP, _PEOPLE, ("bns_employee", "networking_activity"), _one(_activity_per_active_spec),
        compute_grouped=_by_level(_activity_per_active_spec),
    ),
    Metric(
        "relationships_shared", _("Relationships shared"),
        _("Share of the active relationships of the employees in scope that are discoverable or shared (not private)."),
        "%", UP, _PEOPLE, ("contacts_relationship", "bns_employee"), _one(_relationships_shared_spec),
        compute_grouped=_by_level(_relationships_shared_spec),
    ),
    Metric(
        "intro_requests_answered", _("Introduction requests answered in time"),
        _("Share of the introduction requests of the last 90 days (to owners in scope) accepted or declined within the "
          "group's answer deadline; requests still pending within their deadline are not counted yet."),
        "%", UP, _PEOPLE, ("contacts_introrequest", "bns_employee"), _one(_intro_answered_spec),
        compute_grouped=_by_level(_intro_answered_spec),
    ),
    Metric(
        "referrals_won", _("Referrals won"),
        _("Number of referrals made by the employees in scope that were won in the last 90 days. No value while "
          "they have made no referral at all."),
        "count", UP, _PEOPLE, ("contacts_referral", "bns_employee"), _one(_referrals_won_spec),
        compute_grouped=_by_level(_referrals_won_spec),
    ),
    Metric(
        "referral_deal_value", _("Deals from referrals"),
        _("Sum of the deal values (€, excl. VAT) of the referrals made by the employees in scope and won in the "
          "last 90 days."),
        "€", UP, _PEOPLE, ("contacts_referral", "bns_employee"), _one(_referral_deal_value_spec),
        compute_grouped=_by_level(_referral_deal_value_spec),
    ),
    Metric(
        "network_coverage", _("Target networks covered"),
        _("Share of the target networks (of active networks) covered by an active member in scope with a named, "
          "active lead; for a dealership, its own targets. Current memberships and leads."),
        "%", UP, ("group", "site"), ("networking_networktarget", "networking_networkmembership", "networking_network"),
        _one(_network_coverage_spec), compute_grouped=_by_level(_network_coverage_spec),
    ),
    Metric(
        "pulse_pride", _("Pride (conviction pulse)"),
        _("Mean pride (1 to 5) in the last closed conviction pulse, only when it has at least the group's minimum of "
          "respondents."),
        "score", UP, ("group",), ("networking_pulse", "networking_pulseanswer"), _pulse_pride,
        compute_grouped=_group_only(_pulse_pride),
    ),
    Metric(
        "pulse_offered_own_circle", _("Offered our products to their own circle"),
        _("Share of the answers “Yes, of course” to “Have you already offered our products or services to your own "
          "circle?” in the last closed conviction pulse, only when it has at least the group's minimum of respondents."),
        "%", UP, ("group",), ("networking_pulse", "networking_pulseanswer"), _pulse_offered,
        compute_grouped=_group_only(_pulse_offered),
    ),
    Metric(
        "pulse_recommend_products", _("Would recommend our products (NPS)"),
        _("Net Promoter Score of “Would you recommend our products to a friend?” in the last closed conviction pulse: "
          "% of 9-10 minus % of 0-6, only when it has at least the group's minimum of respondents."),
        "score", UP, ("group",), ("networking_pulse", "networking_pulseanswer"), _pulse_products_nps,
        compute_grouped=_group_only(_pulse_products_nps),
    ),
    Metric(
        "pulse_recommend_employer", _("Would recommend working here (NPS)"),
        _("Net Promoter Score of “Would you recommend working here?” in the last closed conviction pulse: % of 9-10 "
          "minus % of 0-6, only when it has at least the group's minimum of respondents."),
        "score", UP, ("group",), ("networking_pulse", "networking_pulseanswer"), _pulse_employer_nps,
        compute_grouped=_group_only(_pulse_employer_nps),
    ),
    Metric(
        "networking_score", _("Average networking score"),
        _("Mean of the latest networking score (0-100: brand, reach, engage, relate) of each active employee in scope "
          "who has one."),
        "score", UP, _PEOPLE, ("networking_networkingscore", "bns_employee"), _one(_networking_score_spec),
        compute_grouped=_by_level(_networking_score_spec),
    ),
    Metric(
        "maturity_index", _("Maturity index"),
        _("0-100 over the eight maturity dimensions. Each dimension's level (1 disorder, 2 initial, 3 structured, "
          "4 managed, 5 optimised) is the mean of its declared level (the mean of the current iteration's self-assessment "
          "answers; for a dealership or department, its own respondents' answers when there are some, else the group's) "
          "and its measured level (the catalogue's indicators turned into levels 1-5 by the self-assessment's "
          "thresholds, their mean rounded), whichever exist. Index = (level - 1) / 4 x 100; the overall index is that "
          "of the mean level of the dimensions that have one."),
        "score", UP, _TEAMS, ("bns_programme", "bns_diagnosticanswer", "networking_socialprofile", "networking_activity",
                              "networking_networktarget", "contacts_relationship", "contacts_introrequest",
                              "contacts_referral", "networking_pulseanswer"),
        _mc.maturity_one(_mc.DIMENSION_KEYS, "maturity_index"),
        compute_grouped=_mc.maturity_grouped(_mc.DIMENSION_KEYS, "maturity_index"),
    ),
    *(
        Metric(
            f"maturity_{key}", format_lazy(_("Maturity: {dimension}"), dimension=label),
            format_lazy(_("0-100 for the dimension “{dimension}”: the mean of its declared level (the mean of the current "
                          "iteration's self-assessment answers to its questions; for a dealership or department, its own "
                          "respondents' when there are some, else the group's) and its measured level ({measures}), "
                          "whichever exist; index = (level - 1) / 4 x 100."), dimension=label, measures=measures),
            "score", UP, _TEAMS, ("bns_programme", "bns_diagnosticanswer", *sources),
            _mc.maturity_one((key,), f"maturity_{key}"), compute_grouped=_mc.maturity_grouped((key,), f"maturity_{key}"),
        )
        for key, label, measures, sources in _mc.MATURITY_DIMENSIONS
    ),
    Metric(
        "uncoordinated_overlaps", _("Uncoordinated overlaps"),
        _("Number of active networks where two or more active employees (of the dealership, for a dealership) are "
          "active members and nobody leads: no target with an active lead, no member with the role “lead”. No value "
          "while no membership is recorded."),
        "count", DOWN, ("group", "site"), ("networking_networkmembership", "networking_networktarget", "networking_network"),
        _mc.one(_mc.uncoordinated_overlaps_spec), compute_grouped=_mc.by_level(_mc.uncoordinated_overlaps_spec),
    ),
    Metric(
        "persons_over_solicitation_cap", _("Persons over the solicitation cap"),
        _("Number of persons solicited commercially more times than the group's cap over its rolling window (for "
          "example more than 3 times in 30 days, all employees together) up to the day. No value while no solicitation "
          "is logged."),
        "count", DOWN, ("group",), ("contacts_solicitation", "bns_tenant"), _mc.persons_over_solicitation_cap,
        compute_grouped=_group_only(_mc.persons_over_solicitation_cap),
    ),
    Metric(
        "persons_known_no_owner", _("Persons known by several employees, no account owner"),
        _("Number of persons with active relationships of two or more active employees (of the dealership, for a "
          "dealership) whose company has no active account owner (no account, no owner, or an owner who has left)."),
        "count", DOWN, ("group", "site"), ("contacts_relationship", "contacts_person", "contacts_account", "bns_employee"),
        _mc.one(_mc.persons_known_no_owner_spec), compute_grouped=_mc.by_level(_mc.persons_known_no_owner_spec),
    ),
    Metric(
        "target_accounts_without_strong_relationship", _("Target accounts without a strong relationship"),
        _("Number of target accounts where no active employee has an active relationship of strength 3 or more with "
          "anyone of the account; for a dealership, the target accounts whose account owner works there. No value "
          "while there is no target account."),
        "count", DOWN, ("group", "site"), ("contacts_account", "contacts_person", "contacts_relationship", "bns_employee"),
        _mc.one(_mc.target_accounts_weak_spec), compute_grouped=_mc.by_level(_mc.target_accounts_weak_spec),
    ),
    Metric(
        "referrals_submitted", _("Referrals submitted"),
        _("Number of referrals submitted by the employees in scope in the last 90 days. No value while they have made "
          "no referral at all."),
        "count", UP, _PEOPLE, ("contacts_referral", "bns_employee"), _mc.one(_mc.referrals_submitted_spec),
        compute_grouped=_mc.by_level(_mc.referrals_submitted_spec),
    ),
    Metric(
        "intro_answer_delay_days", _("Days to answer an introduction request"),
        _("Mean number of days between an introduction request and its answer (accepted or declined), over the requests "
          "answered in the last 90 days by owners in scope."),
        "days", DOWN, _PEOPLE, ("contacts_introrequest", "bns_employee"), _mc.one(_mc.intro_answer_delay_spec),
        compute_grouped=_mc.by_level(_mc.intro_answer_delay_spec),
    ),
    Metric(
        "rewards_amount", _("Rewards granted"),
        _("Sum (€) of the referral rewards of the referrers in scope approved or paid, approved (or paid, when no "
          "approval is recorded) in the last 90 days. No value while they have no reward at all."),
        "€", UP, _PEOPLE, ("contacts_reward", "bns_employee"), _mc.one(_mc.rewards_amount_spec),
        compute_grouped=_mc.by_level(_mc.rewards_amount_spec),
    ),
    Metric(
        "intro_deals", _("Deals from introductions"),
        _("Number of introductions whose requester (in scope) recorded the outcome “a deal” in the last 90 days. "
          "Introductions record no deal value. No value while they have requested no introduction at all."),
        "count", UP, _PEOPLE, ("contacts_introrequest", "bns_employee"), _mc.one(_mc.intro_deals_spec),
        compute_grouped=_mc.by_level(_mc.intro_deals_spec),
    ),
    Metric(
        "programme_net_saving", _("Programme's net saving"),
        _("The current iteration's classic marketing spend replaced (budget lines) minus what was spent (an action "
          "counts for the larger of its own spend and its lines'; lines without an action as they are): positive is a "
          "net saving, negative a net cost. No value without an iteration with a budget."),
        "€", UP, ("group",), ("bns_programme", "bns_programmeaction", "bns_budgetline"), _mc.programme_net_saving,
        compute_grouped=_group_only(_mc.programme_net_saving),
    ),
)

REGISTRY: dict[str, Metric] = {metric.key: metric for metric in METRICS}
assert len(REGISTRY) == len(METRICS), "duplicate metric key"
assert all(m.unit in UNITS and m.direction in (UP, DOWN) and set(m.scopes) <= set(SCOPES) for m in METRICS)


def metric_get(key: str) -> Metric | None:
    return REGISTRY.get(key)


def metric_choices() -> list[tuple[str, str]]:
    return [(metric.key, metric.label) for metric in METRICS]


# --- Reading a value (live, or from issue 7's snapshots) ----------------------------------------------

_value_source: Callable[..., object] | None = None


def value_source_get() -> Callable[..., object] | None:
    """The reader installed with ``value_source_set`` (None when values are computed live only)."""
    return _value_source


def value_source_set(reader: Callable[..., object] | None) -> None:
    """Install (or remove, with None) the snapshot reader asked before computing live (see the module docstring)."""
    global _value_source
    _value_source = reader


def metric_value(metric: Metric | str, *, tenant, scope_kind: str = "group", site=None, department=None, employee=None,
                 as_of: date | None = None) -> Decimal | None:
    """The metric's value for the scope on ``as_of`` (today by default): the snapshot's when a reader has it, else
    computed live; None when nothing computes it or there is no data (never a made-up 0)."""
    metric = REGISTRY.get(metric) if isinstance(metric, str) else metric
    if metric is None or scope_kind not in metric.scopes:
        return None
    as_of = as_of or timezone.localdate()
    kwargs = {"tenant": tenant, "scope_kind": scope_kind, "site": site, "department": department, "employee": employee,
              "as_of": as_of}
    if _value_source is not None:
        found = _value_source(metric, **kwargs)
        if found is not MISSING:
            return found
    if metric.compute is None:
        return None
    if (scope_kind == "site" and site is None) or (scope_kind == "department" and department is None) or (
            scope_kind == "employee" and employee is None):
        return None
    return metric.compute(**kwargs)
