"""Reads of the coaching dashboards (issue 7): the manager's team, a rep's page and "my network".

Where the figure is a metric of the catalogue, it is read from the latest done snapshot at the "employee" level
(dashboards.selectors.snapshot_table: one query for the whole team). What the catalogue does not hold is read with
ONE grouped query for the whole team each, never one per rep:

- the networking score with its four pillars: each rep's latest NetworkingScore row on or before the snapshot's
  day (the same row the snapshot's ``networking_score`` was computed from, so the total and the pillars agree);
- the profile gaps: the missing checklist items of each rep's social profiles (networking.profiles.checklists),
  as they are today;
- activity per week over the last 8 weeks (networking.selectors.activity_weekly_counts);
- active relationships owned, and referrals submitted in the last 90 days, as of the snapshot's day;
- coaching follow-ups not done and due within 7 days (or overdue), as of today.

Each table of a rep's page and of "my network" is also exported as CSV (person_tables: built from the page's own
figures, no further query but the full list of requests waiting, for that table only).

So the number of queries of a page does not grow with the size of the team (tested at 3 and 30 reps). Who may
see what is decided by networking.access (the manager line, the rep themself, members with VIEW_NETWORKING), and
coaching notes are read only by the rep and their manager line (networking.access.coaching_visible).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bns.models import Employee, Membership, Tenant
from contacts.intros.selectors import intro_request_counts, intro_requests_for_owner
from contacts.models import Relationship, RelationshipStatus, Visibility
from contacts.referrals.models import Referral, Reward
from contacts.referrals.selectors import referral_list, reward_totals_for
from dashboards.catalogue import SHARING_DAYS
from dashboards.models import Level, SnapshotRun
from dashboards.selectors import snapshot_latest_run, snapshot_series, snapshot_table
from networking.access import team_ids
from networking.models import CoachingNote, NetworkingScore, SocialProfile
from networking.profiles.checklists import employee_completeness, employee_next_steps
from networking.score import formula
from networking.score.selectors import score_weights_for
from networking.selectors import activity_weekly_counts, week_start

WEEKS = 8  # the activity sparklines
TREND_DAYS = 84  # the score's trend: 12 weeks of snapshots
HISTORY_LENGTH = 12  # score computations shown on a rep's page
DUE_DAYS = 7  # a follow-up due within a week (or overdue) is "due"
WAITING_SHOWN = 5  # intro requests listed on "my network"
STRENGTHS = (1, 2, 3, 4, 5)
PILLARS = formula.PILLARS

# The catalogue's metrics read at the employee level (their definitions: dashboards.catalogue).
SNAPSHOT_KEYS = (
    "networking_score", "profile_completeness", "active_employees", "activity_per_active_employee", "relationships_shared",
    "referrals_won", "referral_deal_value",
)

SORTS = ("-score", "score", "name", "completeness", "-follow_ups")
DEFAULT_SORT = "-score"


def _round(value, places: str = "0.01") -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _mean(values) -> Decimal | None:
    found = [Decimal(str(v)) for v in values if v is not None]
    return _round(sum(found) / len(found)) if found else None


# --- Freshness ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Freshness:
    """The snapshot a page reads: the latest done run (None: no snapshot yet) and the day its figures are as of."""

    run: SnapshotRun | None
    today: date

    @property
    def day(self) -> date | None:
        return self.run.day if self.run is not None else None

    @property
    def as_of(self) -> date:
        """The day the figures are as of: the snapshot's, or today when there is none yet."""
        return self.run.day if self.run is not None else self.today

    @property
    def computed_by(self) -> str:
        """Who asked for the computation ("" for the nightly job)."""
        user = self.run.requested_by if self.run is not None else None
        return (user.full_name or user.email) if user is not None else ""


def freshness_get(*, tenant: Tenant, today: date | None = None) -> Freshness:
    """The latest done snapshot of the tenant (one query)."""
    return Freshness(run=snapshot_latest_run(tenant=tenant, done=True), today=today or timezone.localdate())


def _end_of(day: date) -> datetime:
    """The first instant after ``day`` in the project's time zone (windows end there, exclusive, as in the catalogue)."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


# --- Sparklines (inline SVG, server side) ----------------------------------------------------------------------

SPARK_HEIGHT = 24
SPARK_BAR = 5
SPARK_STEP = 6


def spark_bars(counts: list) -> list[dict]:
    """The sparkline's bars in SVG units (as strings: a French page would write 2.5 as "2,5"); a week with any
    activity shows at least 2 units high."""
    top = max((float(n) for n in counts), default=0.0)
    bars = []
    for i, n in enumerate(counts):
        n = float(n)
        h = max(2, round(SPARK_HEIGHT * n / top)) if n and top else 0
        bars.append({"n": n, "x": str(i * SPARK_STEP), "y": str(SPARK_HEIGHT - h), "h": str(h)})
    return bars


# --- Team ---------------------------------------------------------------------------------------------------


def team_of(*, membership: Membership) -> tuple[Employee | None, list[int]]:
    """The member's employee and the ids of everyone below them (active), one query per level of the chart."""
    me = membership.employee
    if me is None:
        return None, []
    return me, team_ids(tenant=membership.tenant, manager=me)


@dataclass
class RepRow:
    employee: Employee
    score: Decimal | None = None
    score_on: date | None = None
    pillars: dict[str, Decimal | None] = field(default_factory=lambda: dict.fromkeys(PILLARS))
    completeness: Decimal | None = None  # snapshot: profile_completeness
    profile_gaps: int = 0  # missing checklist items (and a missing LinkedIn profile), today
    trend: list = field(default_factory=lambda: [0] * WEEKS)
    active: Decimal | None = None  # snapshot: active_employees (100: active in the last 30 days, 0: not)
    activity_30: Decimal | None = None  # snapshot: activity_per_active_employee (None: no activity in 30 days)
    relationships: int = 0  # active relationships owned
    shared_percent: Decimal | None = None  # snapshot: relationships_shared
    referrals_submitted: int = 0  # in the 90 days up to the snapshot's day
    referrals_won: Decimal | None = None  # snapshot: referrals_won
    deal_value: Decimal | None = None  # snapshot: referral_deal_value
    follow_ups_due: int = 0  # open follow-ups due within DUE_DAYS, overdue included
    follow_ups_overdue: int = 0
    next_follow_up: date | None = None

    @property
    def bars(self) -> list[dict]:
        return spark_bars(self.trend)

    @property
    def activity_weeks_total(self) -> int:
        return int(sum(self.trend))


@dataclass
class TeamAverages:
    n: int
    score: Decimal | None
    pillars: dict[str, Decimal | None]
    completeness: Decimal | None
    profile_gaps: Decimal | None
    trend: list
    activity_30: Decimal | None
    relationships: Decimal | None
    shared_percent: Decimal | None
    referrals_submitted: Decimal | None
    referrals_won: Decimal | None
    deal_value: Decimal | None
    follow_ups_due: Decimal | None

    @property
    def bars(self) -> list[dict]:
        return spark_bars(self.trend)


def scores_as_of(*, tenant: Tenant, employee_ids: list[int], day: date) -> dict[int, NetworkingScore]:
    """Each employee's latest NetworkingScore on or before ``day`` (one query)."""
    latest = (
        NetworkingScore.unscoped.filter(tenant=tenant, employee_id=OuterRef("employee_id"), computed_on__lte=day)
        .order_by("-computed_on").values("computed_on")[:1]
    )
    rows = NetworkingScore.unscoped.filter(tenant=tenant, employee_id__in=employee_ids, computed_on=Subquery(latest))
    return {score.employee_id: score for score in rows.order_by()}


def profile_gaps_by_employee(*, tenant: Tenant, employee_ids: list[int]) -> dict[int, int]:
    """Each employee's missing profile items today: a missing LinkedIn profile, then each profile's unticked
    checklist items and missing positioning statement (networking.profiles.checklists), one query."""
    profiles: dict[int, list[SocialProfile]] = defaultdict(list)
    rows = SocialProfile.unscoped.filter(tenant=tenant, employee_id__in=employee_ids).only(
        "employee_id", "platform", "checklist", "positioning", "completeness")
    for profile in rows.order_by():
        profiles[profile.employee_id].append(profile)
    return {pk: len(employee_next_steps(profiles.get(pk, []))) for pk in employee_ids}


def relationships_by_owner(*, tenant: Tenant, employee_ids: list[int], day: date) -> dict[int, int]:
    """Active relationships owned by each employee, logged up to ``day`` (one grouped query)."""
    rows = (
        Relationship.unscoped.filter(tenant=tenant, owner_id__in=employee_ids, status=RelationshipStatus.ACTIVE,
                                     created_at__lt=_end_of(day))
        .order_by().values("owner_id").annotate(n=Count("pk"))
    )
    return {row["owner_id"]: row["n"] for row in rows}


def referrals_submitted_by_referrer(*, tenant: Tenant, employee_ids: list[int], day: date) -> dict[int, int]:
    """Referrals each employee submitted in the SHARING_DAYS days up to ``day`` (one grouped query)."""
    end = _end_of(day)
    rows = (
        Referral.unscoped.filter(tenant=tenant, referrer_id__in=employee_ids, submitted_at__lt=end,
                                 submitted_at__gte=end - timedelta(days=SHARING_DAYS))
        .order_by().values("referrer_id").annotate(n=Count("pk"))
    )
    return {row["referrer_id"]: row["n"] for row in rows}


def follow_ups_by_employee(*, tenant: Tenant, employee_ids: list[int], today: date) -> dict[int, dict]:
    """Open coaching follow-ups due within DUE_DAYS (overdue included) per employee: counts only, never the notes'
    texts (one grouped query). Call only for employees whose notes the reader may see."""
    rows = (
        CoachingNote.unscoped.filter(tenant=tenant, employee_id__in=employee_ids, follow_up_on__isnull=False,
                                     follow_up_done_at__isnull=True, follow_up_on__lte=today + timedelta(days=DUE_DAYS))
        .order_by().values("employee_id")
        .annotate(due=Count("pk"), overdue=Count("pk", filter=Q(follow_up_on__lt=today)), next=Min("follow_up_on"))
    )
    return {row["employee_id"]: row for row in rows}


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def team_rows(*, tenant: Tenant, employee_ids: list[int], fresh: Freshness) -> list[RepRow]:
    """One row per employee of ``employee_ids`` (any order), in a fixed number of queries."""
    if not employee_ids:
        return []
    day = fresh.as_of
    employees = list(Employee.unscoped.filter(tenant=tenant, pk__in=employee_ids).select_related("site", "department"))
    ids = [e.pk for e in employees]
    snapshot = (snapshot_table(tenant=tenant, day=fresh.day, level=Level.EMPLOYEE, metric_keys=SNAPSHOT_KEYS, keys=ids)
                if fresh.day is not None else {})
    scores = scores_as_of(tenant=tenant, employee_ids=ids, day=day)
    gaps = profile_gaps_by_employee(tenant=tenant, employee_ids=ids)
    trends = activity_weekly_counts(tenant=tenant, employee_ids=ids, weeks=WEEKS, today=day)
    relationships = relationships_by_owner(tenant=tenant, employee_ids=ids, day=day)
    submitted = referrals_submitted_by_referrer(tenant=tenant, employee_ids=ids, day=day)
    follow_ups = follow_ups_by_employee(tenant=tenant, employee_ids=ids, today=fresh.today)
    rows = []
    for e in employees:
        values = snapshot.get(e.pk, {})
        score = scores.get(e.pk)
        due = follow_ups.get(e.pk, {})
        rows.append(RepRow(
            employee=e,
            score=_decimal(score.total) if score else None, score_on=score.computed_on if score else None,
            pillars={p: _decimal(getattr(score, p)) if score else None for p in PILLARS},
            completeness=values.get("profile_completeness"), profile_gaps=gaps.get(e.pk, 0),
            trend=trends.get(e.pk, [0] * WEEKS), active=values.get("active_employees"),
            activity_30=values.get("activity_per_active_employee"),
            relationships=relationships.get(e.pk, 0), shared_percent=values.get("relationships_shared"),
            referrals_submitted=submitted.get(e.pk, 0), referrals_won=values.get("referrals_won"),
            deal_value=values.get("referral_deal_value"),
            follow_ups_due=due.get("due", 0), follow_ups_overdue=due.get("overdue", 0), next_follow_up=due.get("next"),
        ))
    return rows


def team_filter(rows: list[RepRow], *, site_id: int | None = None, sort: str = DEFAULT_SORT) -> list[RepRow]:
    """The rows of one dealership (all with None), sorted: by score (highest or lowest first; no score last), name,
    profile completeness (lowest first) or due follow-ups (most first)."""
    if site_id:
        rows = [row for row in rows if row.employee.site_id == site_id]

    def name(row: RepRow):
        return (row.employee.last_name.lower(), row.employee.first_name.lower(), row.employee.pk)

    def missing_last(value, sign: int = 1):
        return (value is None, sign * (value or 0))

    keys = {
        "-score": lambda r: (*missing_last(r.score, -1), *name(r)),
        "score": lambda r: (*missing_last(r.score), *name(r)),
        "name": name,
        "completeness": lambda r: (*missing_last(r.completeness), *name(r)),
        "-follow_ups": lambda r: (-r.follow_ups_due, *name(r)),
    }
    return sorted(rows, key=keys.get(sort, keys[DEFAULT_SORT]))


def team_averages(rows: list[RepRow]) -> TeamAverages | None:
    """The team's averages over the rows shown (each over the reps who have a value); None for no row."""
    if not rows:
        return None
    n = len(rows)
    return TeamAverages(
        n=n,
        score=_mean(r.score for r in rows),
        pillars={p: _mean(r.pillars[p] for r in rows) for p in PILLARS},
        completeness=_mean(r.completeness for r in rows),
        profile_gaps=_mean(r.profile_gaps for r in rows),
        trend=[_round(Decimal(sum(r.trend[i] for r in rows)) / n, "0.1") for i in range(WEEKS)],
        activity_30=_mean(r.activity_30 for r in rows),
        relationships=_mean(r.relationships for r in rows),
        shared_percent=_mean(r.shared_percent for r in rows),
        referrals_submitted=_mean(r.referrals_submitted for r in rows),
        referrals_won=_mean(r.referrals_won for r in rows),
        deal_value=_mean(r.deal_value for r in rows),
        follow_ups_due=_mean(r.follow_ups_due for r in rows),
    )


def team_sites(rows: list[RepRow]) -> list[tuple[int, str]]:
    """The dealerships of the team's reps (for the filter), by name: no query (the rows hold them)."""
    sites = {row.employee.site_id: row.employee.site.name for row in rows if row.employee.site_id}
    return sorted(sites.items(), key=lambda item: (item[1].lower(), item[0]))


# --- A rep's page and "my network" -----------------------------------------------------------------------------


@dataclass
class ScoreView:
    """A score computation with its breakdown: per pillar, each input's value, target and points."""

    score: NetworkingScore
    pillars: list[dict]
    next_steps: list[dict]


def _score_view(score: NetworkingScore, weights: dict) -> ScoreView:
    details = score.details if isinstance(score.details, dict) else {}
    values, points, used = details.get("inputs") or {}, details.get("points") or {}, details.get("weights") or {}
    pillars = []
    for pillar in PILLARS:
        inputs = []
        for spec in formula.pillar_inputs(pillar):
            w = used.get(spec.key) if isinstance(used.get(spec.key), dict) else weights[spec.key]
            got = formula.as_number(points.get(spec.key)) or 0.0
            weight = formula.as_number(w.get("weight")) or 0.0
            value = formula.as_number(values.get(spec.key)) or 0.0
            inputs.append({
                "key": spec.key, "label": str(spec.label), "measures": str(spec.measures),
                "value": value, "value_display": formula.value_display(spec.key, value),
                "target": formula.as_number(w.get("target")) or 0.0, "target_display": formula.target_display(spec.key, w.get("target")),
                "points": round(got, 1), "weight": weight, "percent": int(100 * got / weight) if weight else 0,
            })
        value = getattr(score, pillar)
        pillars.append({"pillar": pillar, "label": str(formula.PILLAR_LABELS[pillar]), "help": str(formula.PILLAR_HELP[pillar]),
                        "value": value, "percent": int(float(value) * 100 / formula.PILLAR_MAX), "inputs": inputs})
    # "The three inputs that would raise it most": computed with the score (networking.score.formula.score_compute).
    steps = [
        {"key": s["key"], "text": formula.next_step_text(s), "gain": formula.as_number(s.get("gain")) or 0.0,
         "gain_display": formula.gain_display(s.get("gain"))}
        for s in (details.get("next_steps") or []) if isinstance(s, dict) and s.get("key") in formula.SPECS
    ][:3]
    return ScoreView(score=score, pillars=pillars, next_steps=steps)


def score_history_as_of(*, tenant: Tenant, employee_id: int, day: date, limit: int = HISTORY_LENGTH) -> list[NetworkingScore]:
    """The employee's score computations on or before ``day``, newest first (one query)."""
    return list(NetworkingScore.unscoped.filter(tenant=tenant, employee_id=employee_id, computed_on__lte=day)
                .order_by("-computed_on", "-pk")[:limit])


def contacts_figures(*, tenant: Tenant, employee_id: int) -> dict:
    """The employee's active relationships today: how many, per strength 1-5, and how many are discoverable or
    shared with colleagues (one grouped query)."""
    rows = (
        Relationship.unscoped.filter(tenant=tenant, owner_id=employee_id, status=RelationshipStatus.ACTIVE)
        .order_by().values("strength", "visibility").annotate(n=Count("pk"))
    )
    by_strength = dict.fromkeys(STRENGTHS, 0)
    by_visibility = dict.fromkeys(Visibility.values, 0)
    for row in rows:
        if row["strength"] in by_strength:
            by_strength[row["strength"]] += row["n"]
        by_visibility[row["visibility"]] = by_visibility.get(row["visibility"], 0) + row["n"]
    total = sum(by_visibility.values())
    opened = by_visibility[Visibility.DISCOVERABLE] + by_visibility[Visibility.SHARED]
    top = max(by_strength.values(), default=0)
    return {
        "total": total,
        "by_strength": [{"strength": s, "n": n, "percent": int(100 * n / top) if top else 0} for s, n in by_strength.items()],
        "private": by_visibility[Visibility.PRIVATE],
        "discoverable": by_visibility[Visibility.DISCOVERABLE],
        "shared": by_visibility[Visibility.SHARED],
        "opened_percent": _round(Decimal(opened) * 100 / total) if total else None,
    }


def referrals_by_status(*, tenant: Tenant, employee_id: int) -> dict[str, int]:
    """The referrals the employee made, counted per status (every status present, one grouped query)."""
    counts = dict.fromkeys(Referral.Status.values, 0)
    rows = Referral.unscoped.filter(tenant=tenant, referrer_id=employee_id).order_by().values("status").annotate(n=Count("pk"))
    for row in rows:
        counts[row["status"]] = row["n"]
    return counts


def follow_ups_due(*, tenant: Tenant, employee_id: int, today: date) -> list[CoachingNote]:
    """The employee's open follow-ups due within DUE_DAYS or overdue, soonest first (call only for a reader of the
    employee's coaching notes: networking.access.coaching_visible)."""
    return list(
        CoachingNote.unscoped.filter(tenant=tenant, employee_id=employee_id, follow_up_on__isnull=False,
                                     follow_up_done_at__isnull=True, follow_up_on__lte=today + timedelta(days=DUE_DAYS))
        .select_related("author").order_by("follow_up_on", "pk")
    )


@dataclass
class PersonPage:
    """What a rep's page and "my network" show about one employee."""

    employee: Employee
    fresh: Freshness
    current: ScoreView | None
    history: list[NetworkingScore]
    trend: list[tuple[date, Decimal | None]]
    snapshot: dict[str, Decimal | None]
    profiles: list[SocialProfile]
    profile_completeness_today: int
    profile_steps: list
    activity_weeks: list[int]
    contacts: dict
    referrals: dict[str, int]
    follow_ups: list[CoachingNote] | None = None  # None: the reader may not see the coaching notes

    @property
    def bars(self) -> list[dict]:
        return spark_bars(self.activity_weeks)

    @property
    def notes_visible(self) -> bool:
        return self.follow_ups is not None


def person_page(*, tenant: Tenant, employee: Employee, fresh: Freshness, notes_visible: bool) -> PersonPage:
    """The figures of one employee's page, in a fixed number of queries."""
    day = fresh.as_of
    history = score_history_as_of(tenant=tenant, employee_id=employee.pk, day=day)
    current = _score_view(history[0], score_weights_for(tenant=tenant)) if history else None
    trend = (snapshot_series(tenant=tenant, level=Level.EMPLOYEE, key=employee.pk, metric_key="networking_score",
                             days=TREND_DAYS, until=fresh.day) if fresh.day is not None else [])
    found = (snapshot_table(tenant=tenant, day=fresh.day, level=Level.EMPLOYEE, metric_keys=SNAPSHOT_KEYS,
                            keys=[employee.pk]).get(employee.pk, {}) if fresh.day is not None else {})
    snapshot = {key: found.get(key) for key in SNAPSHOT_KEYS}  # every key: None for "no value"
    profiles = list(SocialProfile.unscoped.filter(tenant=tenant, employee_id=employee.pk).order_by("platform"))
    weeks = activity_weekly_counts(tenant=tenant, employee_ids=[employee.pk], weeks=WEEKS, today=day)[employee.pk]
    return PersonPage(
        employee=employee, fresh=fresh, current=current, history=history, trend=trend, snapshot=snapshot,
        profiles=profiles, profile_completeness_today=employee_completeness(profiles),
        profile_steps=employee_next_steps(profiles), activity_weeks=weeks,
        contacts=contacts_figures(tenant=tenant, employee_id=employee.pk),
        referrals=referrals_by_status(tenant=tenant, employee_id=employee.pk),
        follow_ups=follow_ups_due(tenant=tenant, employee_id=employee.pk, today=fresh.today) if notes_visible else None,
    )


@dataclass
class Waiting:
    """What waits for the member's answer: introduction requests to them, referrals sent to them."""

    intro_requests: list
    intro_requests_pending: int
    referrals_to_accept: int


def waiting_for(*, tenant: Tenant, membership: Membership) -> Waiting:
    """Requests waiting for the member (three queries)."""
    pending = intro_request_counts(tenant=tenant, membership=membership)["pending_received"]
    shown = list(intro_requests_for_owner(tenant=tenant, membership=membership, pending_only=True)[:WAITING_SHOWN]) if pending else []
    to_accept = referral_list(tenant=tenant, membership=membership, box="received", status=Referral.Status.SUBMITTED).count()
    return Waiting(intro_requests=shown, intro_requests_pending=pending, referrals_to_accept=to_accept)


def rewards_of(*, tenant: Tenant, employee_id: int) -> dict[str, Decimal]:
    """The employee's rewards summed per status (pending, approved, paid, rejected; 0 when none), one query."""
    totals = reward_totals_for(tenant=tenant, employee_id=employee_id)
    return {status: Decimal(str(totals.get(status) or 0)).quantize(Decimal("0.01")) for status in Reward.Status.values}


# --- CSV exports: every table of a rep's page and of "my network" -----------------------------------------------

# The tables of each page, in the page's order (the export's ``<table>`` in the URL). "follow_ups" is a table of a
# rep's page only for a reader of the coaching notes (networking.access.coaching_visible).
REP_TABLE_KEYS = ("score", "actions", "history", "trend", "profiles", "activity", "contacts", "referrals", "follow_ups")
ME_TABLE_KEYS = ("waiting", "score", "actions", "history", "trend", "profiles", "activity", "contacts", "referrals", "rewards")

TABLE_TITLES = {
    "score": gettext_lazy("The score's breakdown"),
    "actions": gettext_lazy("The three actions that would raise the score most"),
    "history": gettext_lazy("The score computations"),
    "trend": gettext_lazy("The score in the dashboards' snapshots (12 weeks)"),
    "profiles": gettext_lazy("Profile items missing today"),
    "activity": gettext_lazy("Activities per week"),
    "contacts": gettext_lazy("Active relationships by strength and visibility"),
    "referrals": gettext_lazy("Referrals made, by status"),
    "follow_ups": gettext_lazy("Coaching follow-ups due"),
    "waiting": gettext_lazy("Introduction requests waiting for my answer"),
    "rewards": gettext_lazy("My rewards by status (€)"),
}

REWARD_STATUSES_SHOWN = (Reward.Status.PENDING, Reward.Status.APPROVED, Reward.Status.PAID)  # as on "my network"


@dataclass
class Table:
    """One table of a page as exported: column titles and rows of raw figures (numbers, dates, texts; None: empty)."""

    key: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)

    @property
    def title(self) -> str:
        return str(TABLE_TITLES[self.key])


def _score_table(page: PersonPage) -> Table:
    """Per pillar, each input's value, target, points and weight; the total last (header only: no score yet)."""
    table = Table("score", [_("Pillar"), _("Pillar points (out of 25)"), _("Input"), _("Value"), _("Target"), _("Points"),
                            _("Maximum points")])
    if page.current is None:
        return table
    for pillar in page.current.pillars:
        for i in pillar["inputs"]:
            table.rows.append([pillar["label"], pillar["value"], i["label"], i["value"], i["target"], i["points"], i["weight"]])
    table.rows.append([_("Networking score (out of 100)"), page.current.score.total, None, None, None, None, None])
    return table


def _actions_table(page: PersonPage) -> Table:
    table = Table("actions", [_("Action"), _("Points it would add")])
    for step in page.current.next_steps if page.current is not None else []:
        table.rows.append([step["text"], step["gain"]])
    return table


def _history_table(page: PersonPage) -> Table:
    table = Table("history", [_("Date"), _("Score"), *[str(formula.PILLAR_LABELS[p]) for p in PILLARS]])
    for s in page.history:
        table.rows.append([s.computed_on, s.total, *[getattr(s, p) for p in PILLARS]])
    return table


def _trend_table(page: PersonPage) -> Table:
    return Table("trend", [_("Day"), _("Score")], [[day, value] for day, value in page.trend])


def _profiles_table(page: PersonPage) -> Table:
    return Table("profiles", [_("Platform"), _("Item missing")],
                 [[str(step.platform_label), str(step.label)] for step in page.profile_steps])


def _activity_table(page: PersonPage) -> Table:
    """The sparkline's figures: activities per ISO week (Monday first), oldest first, up to the snapshot's day."""
    first = week_start(page.fresh.as_of) - timedelta(weeks=len(page.activity_weeks) - 1)
    return Table("activity", [_("Week starting"), _("Activities")],
                 [[first + timedelta(weeks=i), n] for i, n in enumerate(page.activity_weeks)])


def _contacts_table(page: PersonPage) -> Table:
    """Active relationships per strength (1-5) then per visibility, and their total, each with its share."""
    c = page.contacts
    total = c["total"]

    def share(n: int) -> Decimal | None:
        return _round(Decimal(n) * 100 / total) if total else None

    table = Table("contacts", [_("Strength or visibility"), _("Active relationships"), _("Share of the total (%)")])
    for s in c["by_strength"]:
        table.rows.append([_("Strength %(n)s") % {"n": s["strength"]}, s["n"], share(s["n"])])
    for value, label in Visibility.choices:
        table.rows.append([str(label), c[value], share(c[value])])
    table.rows.append([_("Total"), total, share(total)])
    return table


def _referrals_table(page: PersonPage) -> Table:
    return Table("referrals", [_("Status"), _("Referrals")],
                 [[str(label), page.referrals.get(value, 0)] for value, label in Referral.Status.choices])


def _follow_ups_table(page: PersonPage) -> Table:
    today = page.fresh.today
    return Table("follow_ups", [_("Due on"), _("Overdue"), _("Focus"), _("Written by")], [
        [note.follow_up_on, _("yes") if note.follow_up_on < today else _("no"), note.focus, note.author.full_name]
        for note in page.follow_ups or []
    ])


def _waiting_table(intro_requests: list) -> Table:
    def day(moment):
        return timezone.localdate(moment) if moment is not None else None

    return Table("waiting", [_("Requested by"), _("Asks to meet"), _("Requested on"), _("Answer by")], [
        [intro.requester.full_name, intro.relationship.person.full_name, day(intro.created_at), day(intro.expires_at)]
        for intro in intro_requests
    ])


def _rewards_table(rewards: dict[str, Decimal]) -> Table:
    return Table("rewards", [_("Status"), _("Amount (€)")], [[str(s.label), rewards.get(s.value)] for s in REWARD_STATUSES_SHOWN])


def intro_requests_waiting(*, tenant: Tenant, membership: Membership) -> list:
    """Every introduction request waiting for the member's answer, newest first (one query; the page lists the first
    WAITING_SHOWN of them)."""
    return list(intro_requests_for_owner(tenant=tenant, membership=membership, pending_only=True))


def person_tables(page: PersonPage, *, intro_requests: list | None = None, rewards: dict | None = None) -> dict[str, Table]:
    """The tables of a rep's page or of "my network" by key (each one is exported as CSV): the follow-ups only when
    the page holds them (a reader of the notes), the requests waiting and the rewards only when given ("my network")."""
    tables = {
        "score": _score_table(page), "actions": _actions_table(page), "history": _history_table(page),
        "trend": _trend_table(page), "profiles": _profiles_table(page), "activity": _activity_table(page),
        "contacts": _contacts_table(page), "referrals": _referrals_table(page),
    }
    if page.follow_ups is not None:
        tables["follow_ups"] = _follow_ups_table(page)
    if intro_requests is not None:
        tables["waiting"] = _waiting_table(intro_requests)
    if rewards is not None:
        tables["rewards"] = _rewards_table(rewards)
    return tables
