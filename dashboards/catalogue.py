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

Snapshots (issue 7). Live computing is what the programme needs today. When the dashboards issue writes snapshot
rows, it plugs them in WITHOUT changing the callers: ``value_source_set(reader)`` installs a reader (typically
in ``DashboardsConfig.ready()``) called as ``reader(metric, tenant=..., scope_kind=..., site=..., department=...,
employee=..., as_of=...)``; it returns the snapshot's ``Decimal``, ``None`` when the snapshot says "no data", or
``MISSING`` when it holds no row for that day and scope. ``metric_value()`` (what callers use) asks the reader
first and computes live only on ``MISSING``; ``Metric.compute`` stays the reference the snapshot task itself runs
(set-based, so the task may also batch the same SQL per site and department).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
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
from django.utils import timezone
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


def _profile_completeness(*, tenant, scope_kind, site, department, as_of, employee=None):
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
    row = rows.aggregate(mean=Avg("p_percent"), profiles=Sum("p_count"))
    return _round(row["mean"]) if row["profiles"] else None


def _active_employees(*, tenant, scope_kind, site, department, as_of, employee=None):
    from networking.models import Activity

    window = Activity.unscoped.filter(tenant=tenant, employee_id=OuterRef("pk"), occurred_on__lte=as_of,
                                      occurred_on__gt=as_of - timedelta(days=ACTIVITY_DAYS))
    row = _employees(tenant, scope_kind, site, department, employee).aggregate(
        n=Count("pk"), active=Count("pk", filter=Q(Exists(window))))
    return _share(row["active"], row["n"])


def _activity_per_active(*, tenant, scope_kind, site, department, as_of, employee=None):
    from networking.models import Activity

    row = Activity.unscoped.filter(
        Q(tenant=tenant, occurred_on__lte=as_of, occurred_on__gt=as_of - timedelta(days=ACTIVITY_DAYS))
        & _scope_q("employee__", scope_kind, site, department, employee)
    ).aggregate(n=Count("pk"), people=Count("employee_id", distinct=True))
    return _round(Decimal(row["n"]) / Decimal(row["people"])) if row["people"] else None


def _relationships_shared(*, tenant, scope_kind, site, department, as_of, employee=None):
    from contacts.models import Relationship, RelationshipStatus, Visibility

    row = Relationship.unscoped.filter(
        Q(tenant=tenant, status=RelationshipStatus.ACTIVE, created_at__lt=_end_of(as_of))
        & _scope_q("owner__", scope_kind, site, department, employee)
    ).aggregate(n=Count("pk"), shared=Count("pk", filter=Q(visibility__in=[Visibility.DISCOVERABLE, Visibility.SHARED])))
    return _share(row["shared"], row["n"])


def _intro_rows(tenant, scope_kind, site, department, as_of, employee):
    from contacts.models import IntroRequest

    end = _end_of(as_of)
    sla = timedelta(days=tenant.intro_sla_days or 7)
    due = Coalesce(F("expires_at"), F("created_at") + Value(sla))
    decided = Q(status__in=[IntroRequest.Status.ACCEPTED, IntroRequest.Status.DECLINED], answered_at__lt=end)
    return IntroRequest.unscoped.filter(
        Q(tenant=tenant, created_at__lt=end, created_at__gte=end - timedelta(days=SHARING_DAYS))
        & _scope_q("owner__", scope_kind, site, department, employee)
    ).annotate(due_at=due), decided, end


def _intro_answered(*, tenant, scope_kind, site, department, as_of, employee=None):
    rows, decided, end = _intro_rows(tenant, scope_kind, site, department, as_of, employee)
    # Requests still pending within their deadline are not judged yet: neither counted nor held against anyone.
    judged = decided | Q(due_at__lte=end)
    row = rows.aggregate(n=Count("pk", filter=judged), in_time=Count("pk", filter=decided & Q(answered_at__lte=F("due_at"))))
    return _share(row["in_time"], row["n"])


def _referral_rows(tenant, scope_kind, site, department, as_of, employee):
    from contacts.referrals.models import Referral

    end = _end_of(as_of)
    won = Q(status=Referral.Status.WON, closed_at__lt=end, closed_at__gte=end - timedelta(days=SHARING_DAYS))
    rows = Referral.unscoped.filter(Q(tenant=tenant, submitted_at__lt=end) & _scope_q("referrer__", scope_kind, site, department,
                                                                                      employee))
    return rows, won


def _referrals_won(*, tenant, scope_kind, site, department, as_of, employee=None):
    rows, won = _referral_rows(tenant, scope_kind, site, department, as_of, employee)
    row = rows.aggregate(n=Count("pk"), won=Count("pk", filter=won))
    return Decimal(row["won"]).quantize(Decimal("0.01")) if row["n"] else None


def _referral_deal_value(*, tenant, scope_kind, site, department, as_of, employee=None):
    rows, won = _referral_rows(tenant, scope_kind, site, department, as_of, employee)
    row = rows.aggregate(n=Count("pk"), value=Sum("deal_value", filter=won))
    return _round(row["value"] or 0) if row["n"] else None


def _network_coverage(*, tenant, scope_kind, site, department, as_of, employee=None):
    # The coordination board's definition (networking.networks.coordination): current memberships and leads.
    from networking.networks.coordination import targets_annotated

    targets = targets_annotated(tenant=tenant).filter(network__is_active=True)
    if scope_kind == "site":
        targets = targets.filter(site_id=getattr(site, "pk", site))
    # The condition of ``covered`` spelled out: an aggregate filter on that boolean alias is not inlined by Django.
    row = targets.order_by().aggregate(n=Count("pk"), covered=Count("pk", filter=Q(members_in_scope__gt=0, lead__is_active=True)))
    return _share(row["covered"], row["n"])


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


def _networking_score(*, tenant, scope_kind, site, department, as_of, employee=None):
    from networking.models import NetworkingScore

    latest_day = NetworkingScore.unscoped.filter(tenant=tenant, employee_id=OuterRef("employee_id"),
                                                 computed_on__lte=as_of).order_by("-computed_on").values("computed_on")[:1]
    row = NetworkingScore.unscoped.filter(
        Q(tenant=tenant, computed_on=Subquery(latest_day)) & _scope_q("employee__", scope_kind, site, department, employee)
    ).aggregate(mean=Avg("total"))
    return _round(row["mean"])


# --- The registry -------------------------------------------------------------------------------------

_PEOPLE = ("group", "site", "department", "employee")
_TEAMS = ("group", "site", "department")

METRICS: tuple[Metric, ...] = (
    Metric(
        "profile_completeness", _("Profile completeness"),
        _("Mean, over the active employees in scope, of each one's profile completeness (the mean of their social "
          "profiles' checklists, a missing LinkedIn profile counting as 0 %). No value while no profile is recorded."),
        "%", UP, _PEOPLE, ("bns_employee", "networking_socialprofile"), _profile_completeness,
    ),
    Metric(
        "active_employees", _("Active employees"),
        _("Share of the active employees in scope who logged at least one networking activity in the last 30 days."),
        "%", UP, _PEOPLE, ("bns_employee", "networking_activity"), _active_employees,
    ),
    Metric(
        "activity_per_active_employee", _("Activity per active employee"),
        _("Networking activities of the last 30 days divided by the number of employees who logged at least one "
          "(active employees in scope)."),
        "per_employee", UP, _PEOPLE, ("bns_employee", "networking_activity"), _activity_per_active,
    ),
    Metric(
        "relationships_shared", _("Relationships shared"),
        _("Share of the active relationships of the employees in scope that are discoverable or shared (not private)."),
        "%", UP, _PEOPLE, ("contacts_relationship", "bns_employee"), _relationships_shared,
    ),
    Metric(
        "intro_requests_answered", _("Introduction requests answered in time"),
        _("Share of the introduction requests of the last 90 days (to owners in scope) accepted or declined within the "
          "group's answer deadline; requests still pending within their deadline are not counted yet."),
        "%", UP, _PEOPLE, ("contacts_introrequest", "bns_employee"), _intro_answered,
    ),
    Metric(
        "referrals_won", _("Referrals won"),
        _("Number of referrals made by the employees in scope that were won in the last 90 days. No value while "
          "they have made no referral at all."),
        "count", UP, _PEOPLE, ("contacts_referral", "bns_employee"), _referrals_won,
    ),
    Metric(
        "referral_deal_value", _("Deals from referrals"),
        _("Sum of the deal values (€, excl. VAT) of the referrals made by the employees in scope and won in the "
          "last 90 days."),
        "€", UP, _PEOPLE, ("contacts_referral", "bns_employee"), _referral_deal_value,
    ),
    Metric(
        "network_coverage", _("Target networks covered"),
        _("Share of the target networks (of active networks) covered by an active member in scope with a named, "
          "active lead; for a dealership, its own targets. Current memberships and leads."),
        "%", UP, ("group", "site"), ("networking_networktarget", "networking_networkmembership", "networking_network"),
        _network_coverage,
    ),
    Metric(
        "pulse_pride", _("Pride (conviction pulse)"),
        _("Mean pride (1 to 5) in the last closed conviction pulse, only when it has at least the group's minimum of "
          "respondents."),
        "score", UP, ("group",), ("networking_pulse", "networking_pulseanswer"), _pulse_pride,
    ),
    Metric(
        "pulse_offered_own_circle", _("Offered our products to their own circle"),
        _("Share of the answers “Yes, of course” to “Have you already offered our products or services to your own "
          "circle?” in the last closed conviction pulse, only when it has at least the group's minimum of respondents."),
        "%", UP, ("group",), ("networking_pulse", "networking_pulseanswer"), _pulse_offered,
    ),
    Metric(
        "pulse_recommend_products", _("Would recommend our products (NPS)"),
        _("Net Promoter Score of “Would you recommend our products to a friend?” in the last closed conviction pulse: "
          "% of 9-10 minus % of 0-6, only when it has at least the group's minimum of respondents."),
        "score", UP, ("group",), ("networking_pulse", "networking_pulseanswer"), _pulse_products_nps,
    ),
    Metric(
        "pulse_recommend_employer", _("Would recommend working here (NPS)"),
        _("Net Promoter Score of “Would you recommend working here?” in the last closed conviction pulse: % of 9-10 "
          "minus % of 0-6, only when it has at least the group's minimum of respondents."),
        "score", UP, ("group",), ("networking_pulse", "networking_pulseanswer"), _pulse_employer_nps,
    ),
    Metric(
        "networking_score", _("Average networking score"),
        _("Mean of the latest networking score (0-100: brand, reach, engage, relate) of each active employee in scope "
          "who has one."),
        "score", UP, _PEOPLE, ("networking_networkingscore", "bns_employee"), _networking_score,
    ),
    Metric(
        "maturity_index", _("Maturity index"),
        _("0-100 over the eight maturity dimensions, blending measured indicators with the latest self-assessment "
          "answers. Computed by the dashboards' nightly snapshots."),
        "score", UP, _TEAMS, ("dashboards snapshots", "bns_diagnosticanswer"), None,
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
