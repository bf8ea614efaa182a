"""The CoDir, dealership and department dashboards assembled from the snapshot (never from the raw event tables).

A page reads the tenant's latest DONE run (the latest day, then the latest finish) and only that day's rows: the
snapshot engine swaps a day's rows in one transaction, so a page never shows a half-computed snapshot. Every read
below is one query whatever the size of the group (grouped reads of the day's rows; the trends one query per metric),
so the pages' query counts do not grow with the data.

A dealership's or department's page shows the same figures for that entity beside the group's median over the
dealerships (departments): ``dashboards.selectors.medians``. The profile quality distribution is computed at page time
from the employee-level rows of ``profile_completeness`` (one aggregate with Case/When).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Case, IntegerField, Q, Sum, Value, When
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bns.models import Department, Membership, Site, Tenant
from bns.permissions import Perm
from dashboards.catalogue import DOWN, REGISTRY, Metric
from dashboards.metrics_coordination import DIMENSION_KEYS, maturity_level
from dashboards.models import Level, MetricSnapshot, SnapshotRun
from dashboards.selectors import medians, snapshot_series, snapshot_table
from dashboards.services import snapshot_run_active

MATURITY_KEYS = tuple(f"maturity_{key}" for key in DIMENSION_KEYS)
COORDINATION = ("network_coverage", "uncoordinated_overlaps", "persons_over_solicitation_cap", "persons_known_no_owner",
                "target_accounts_without_strong_relationship")
ACTIVITY = ("active_employees", "activity_per_active_employee", "profile_completeness", "networking_score")
SHARING = ("relationships_shared", "intro_requests_answered", "intro_answer_delay_days", "referrals_submitted",
           "referrals_won", "rewards_amount")
RESULTS = ("referral_deal_value", "intro_deals", "programme_net_saving")
PULSE = ("pulse_pride", "pulse_offered_own_circle", "pulse_recommend_products", "pulse_recommend_employer")
TRENDS = ("maturity_index", "active_employees", "network_coverage", "relationships_shared", "networking_score")
TREND_WEEKS = 12

SECTIONS = (
    ("coordination", gettext_lazy("Coordination"), COORDINATION),
    ("activity", gettext_lazy("Activity"), ACTIVITY),
    ("sharing", gettext_lazy("Sharing culture"), SHARING),
    ("results", gettext_lazy("Results"), RESULTS),
    ("pulse", gettext_lazy("Conviction pulse"), PULSE),
)

# Profile completeness buckets (%): [low, high), the last one closed.
BUCKETS = ((0, 25), (25, 50), (50, 75), (75, 100))

# The rows behind a figure: (url name, permission needed, whether the page filters by ?site= / ?department=).
BEHIND: dict[str, tuple[str, Perm, bool]] = {
    "network_coverage": ("networking_coordination", Perm.VIEW_NETWORKING, False),
    "uncoordinated_overlaps": ("networking_coordination", Perm.VIEW_NETWORKING, False),
    "profile_completeness": ("networking_profiles_group", Perm.VIEW_NETWORKING, True),
    "networking_score": ("networking_score_group", Perm.VIEW_NETWORKING, True),
    "active_employees": ("networking_activity_export_group", Perm.VIEW_NETWORKING, False),
    "activity_per_active_employee": ("networking_activity_export_group", Perm.VIEW_NETWORKING, False),
    "relationships_shared": ("contacts_ledger", Perm.VIEW_LEDGER, False),
    "intro_requests_answered": ("contacts_ledger", Perm.VIEW_LEDGER, False),
    "intro_answer_delay_days": ("contacts_ledger", Perm.VIEW_LEDGER, False),
    "persons_over_solicitation_cap": ("contacts_ledger", Perm.VIEW_LEDGER, False),
    "referrals_submitted": ("referrals_received", Perm.APPROVE_REWARDS, False),
    "referrals_won": ("referrals_received", Perm.APPROVE_REWARDS, False),
    "referral_deal_value": ("referrals_received", Perm.APPROVE_REWARDS, False),
    "rewards_amount": ("referrals_reward_queue", Perm.APPROVE_REWARDS, False),
    "target_accounts_without_strong_relationship": ("plans_list", Perm.USE_CONTACTS, False),
    "programme_net_saving": ("programme_means", Perm.VIEW_PROGRAMME, False),
    "maturity_index": ("programme_diagnostic", Perm.VIEW_PROGRAMME, False),
    **{key: ("programme_diagnostic", Perm.VIEW_PROGRAMME, False) for key in MATURITY_KEYS},
}


# --- Formatting -----------------------------------------------------------------------------------------------


def number(value, decimals: int | None = None) -> str:
    """A figure in the active language: at most two decimals, none when whole ("1 234,5")."""
    if value is None:
        return ""
    value = Decimal(str(value)).quantize(Decimal("0.01"))
    if decimals is None:
        decimals = 0 if value == value.to_integral_value() else 2
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def value_text(value, unit: str) -> str:
    """A catalogue value with its unit as people read it; "—" without a value."""
    if value is None:
        return "—"
    text = number(value)
    if unit == "%":
        return f"{text}\u00a0%"
    if unit == "€":
        return f"{text}\u00a0€"
    if unit == "days":
        return _("%(n)s days") % {"n": text}
    if unit == "per_employee":
        return _("%(n)s per employee") % {"n": text}
    return text


def dimension_label(metric_key: str) -> str:
    from bns.programme.diagnostic.questionnaire import DIMENSION_BY_KEY

    dimension = DIMENSION_BY_KEY.get(metric_key.removeprefix("maturity_")) if metric_key.startswith("maturity_") else None
    return str(dimension.label) if dimension is not None else ""


def level_name(level: int | None) -> str:
    from bns.programme.diagnostic.questionnaire import level_label

    return str(level_label(level)) if level else ""


# --- Building blocks ----------------------------------------------------------------------------------------


@dataclass
class Figure:
    metric: Metric
    value: Decimal | None
    present: bool = True  # the snapshot holds a row for it
    median: Decimal | None = None
    behind_url: str = ""

    @property
    def key(self) -> str:
        return self.metric.key

    @property
    def label(self) -> str:
        return str(self.metric.label)

    @property
    def short_label(self) -> str:
        """A maturity dimension's own name ("Profiles" rather than "Maturity: Profiles"), else the label."""
        return dimension_label(self.metric.key) or self.label

    @property
    def text(self) -> str:
        return value_text(self.value, self.metric.unit)

    @property
    def median_text(self) -> str:
        return value_text(self.median, self.metric.unit)

    @property
    def gap(self) -> Decimal | None:
        if self.value is None or self.median is None:
            return None
        return self.value - self.median

    @property
    def comparison(self) -> str:
        """"better" / "worse" / "same" than the median, given the metric's direction ("" without both figures)."""
        gap = self.gap
        if gap is None:
            return ""
        if gap == 0:
            return "same"
        better = gap > 0 if self.metric.direction != DOWN else gap < 0
        return "better" if better else "worse"

    @property
    def comparison_text(self) -> str:
        return {"better": _("better than the median"), "worse": _("below the median"),
                "same": _("at the median")}.get(self.comparison, "")

    @property
    def gap_text(self) -> str:
        gap = self.gap
        if gap is None:
            return ""
        sign = "+" if gap > 0 else ("−" if gap < 0 else "±")
        return sign + value_text(abs(gap), self.metric.unit)

    @property
    def level(self) -> int | None:
        return maturity_level(self.value) if self.metric.key.startswith("maturity_") else None

    @property
    def level_label(self) -> str:
        return level_name(self.level)


@dataclass
class Cell:
    raw: object  # the figure as exported (a number, a text, None)
    text: str  # as shown
    url: str = ""
    pk: int | None = None  # the dealership's or department's id, in the first cell of its row


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)


@dataclass
class Section:
    key: str
    title: str
    figures: list[Figure]


@dataclass
class Heatmap:
    dimensions: list[tuple[str, str]]  # (key, label)
    sites: list[Site]
    values: list[list[Decimal | None]]  # [site][dimension] index 0-100


@dataclass
class Trends:
    weeks: list[date]  # the last day of each week, oldest first
    series: list[tuple[Metric, list[Decimal | None]]]  # one value per week (the week's latest snapshot)


@dataclass
class Bucket:
    label: str
    count: int
    share: Decimal | None


@dataclass
class DashboardPage:
    level: str
    entity: Site | Department | None
    run: SnapshotRun | None
    active_run: SnapshotRun | None
    day: date | None = None
    maturity: Figure | None = None
    dimensions: list[Figure] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    heatmap: Heatmap | None = None
    by_site: Table | None = None
    by_department: Table | None = None
    trends: Trends | None = None
    buckets: list[Bucket] = field(default_factory=list)
    profiles_total: int = 0
    programme: object = None
    kpis: list = field(default_factory=list)

    @property
    def with_median(self) -> bool:
        return self.level != Level.GROUP

    @property
    def pulse_present(self) -> bool:
        return any(section.key == "pulse" for section in self.sections)

    @property
    def pulse_hidden(self) -> bool:
        """The pulse's rows are in the snapshot but hold no figure: too few answers to show (anonymity)."""
        return all(f.value is None for s in self.sections if s.key == "pulse" for f in s.figures)

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


# --- Reads --------------------------------------------------------------------------------------------------


def page_run(*, tenant: Tenant) -> SnapshotRun | None:
    """The run whose day the pages show: the latest day computed to the end, its latest finished run (one query)."""
    return (
        SnapshotRun.unscoped.filter(tenant=tenant, status=SnapshotRun.Status.DONE)
        .select_related("requested_by").order_by("-day", "-finished_at", "-pk").first()
    )


def profile_buckets(*, tenant: Tenant, day: date, level: str, key: int | None) -> tuple[list[Bucket], int]:
    """How many active employees in scope have a profile completeness in each bucket, from the employee-level rows of
    the day (ONE aggregate with Case/When); the last bucket counts those with no profile recorded."""
    rows = MetricSnapshot.unscoped.filter(tenant=tenant, day=day, level=Level.EMPLOYEE, metric_key="profile_completeness")
    if level == Level.SITE:
        rows = rows.filter(employee__site_id=key)
    elif level == Level.DEPARTMENT:
        rows = rows.filter(employee__department_id=key)

    def one_if(condition: Q):
        return Sum(Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField()))

    aggregates = {}
    for n, (low, high) in enumerate(BUCKETS):
        upper = Q(value__lte=high) if high == 100 else Q(value__lt=high)
        aggregates[f"b{n}"] = one_if(Q(value__gte=low) & upper)
    aggregates["none"] = one_if(Q(value__isnull=True))
    found = rows.order_by().aggregate(**aggregates)
    counts = [found[f"b{n}"] or 0 for n in range(len(BUCKETS))] + [found["none"] or 0]
    total = sum(counts)
    labels = [f"{low}–{high}\u00a0%" for low, high in BUCKETS] + [_("no profile recorded")]
    buckets = [Bucket(label=label, count=count, share=(Decimal(count * 100) / total).quantize(Decimal("0.1")) if total else None)
               for label, count in zip(labels, counts, strict=True)]
    return buckets, total


def weekly(points: list[tuple[date, Decimal | None]], weeks: list[date]) -> list[Decimal | None]:
    """One value per week: the latest snapshot of the 7 days ending on each of ``weeks`` (None: no snapshot)."""
    out = []
    for end in weeks:
        inside = [value for day, value in points if end - timedelta(days=6) <= day <= end]
        out.append(inside[-1] if inside else None)
    return out


def trends(*, tenant: Tenant, day: date, level: str, key: int | None) -> Trends:
    weeks = [day - timedelta(days=7 * n) for n in range(TREND_WEEKS - 1, -1, -1)]
    series = []
    for metric_key in TRENDS:
        metric = REGISTRY[metric_key]
        if level not in metric.scopes:
            continue
        points = snapshot_series(tenant=tenant, level=level, key=key, metric_key=metric_key, days=7 * TREND_WEEKS, until=day)
        series.append((metric, weekly(points, weeks)))
    return Trends(weeks=weeks, series=series)


def _behind(metric_key: str, *, tenant: Tenant, membership: Membership, level: str, key: int | None) -> str:
    found = BEHIND.get(metric_key)
    if found is None:
        return ""
    name, perm, filterable = found
    if not membership.has_perm(perm):
        return ""
    url = reverse(name, kwargs={"tenant_slug": tenant.slug})
    if name == "referrals_received":
        url += "?scope=all"
    elif filterable and level in (Level.SITE, Level.DEPARTMENT):
        url += f"?{level}={key}"
    return url


def dashboard_page(*, tenant: Tenant, membership: Membership, level: str = Level.GROUP,
                   entity: Site | Department | None = None) -> DashboardPage:
    """Every figure of the group's (or one dealership's / department's) dashboard, from the latest done snapshot."""
    key = entity.pk if entity is not None else None
    run = page_run(tenant=tenant)
    page = DashboardPage(level=level, entity=entity, run=run, active_run=snapshot_run_active(tenant=tenant))
    if run is None:
        return page
    day = page.day = run.day
    own = snapshot_table(tenant=tenant, day=day, level=level, keys=None if key is None else [key]).get(key, {})
    middle = medians(tenant=tenant, day=day, level=level) if level != Level.GROUP else {}

    def figure(metric_key: str) -> Figure:
        return Figure(metric=REGISTRY[metric_key], value=own.get(metric_key), present=metric_key in own,
                      median=middle.get(metric_key),
                      behind_url=_behind(metric_key, tenant=tenant, membership=membership, level=level, key=key))

    page.maturity = figure("maturity_index")
    page.dimensions = [figure(k) for k in MATURITY_KEYS if level in REGISTRY[k].scopes]
    for section_key, title, keys in SECTIONS:
        figures = [figure(k) for k in keys if level in REGISTRY[k].scopes and k in own]
        if figures:
            page.sections.append(Section(key=section_key, title=str(title), figures=figures))
    page.trends = trends(tenant=tenant, day=day, level=level, key=key)
    page.buckets, page.profiles_total = profile_buckets(tenant=tenant, day=day, level=level, key=key)
    if level == Level.GROUP:
        _group_tables(page, tenant=tenant, day=day)
        _kpis(page, tenant=tenant)
    return page


def _group_tables(page: DashboardPage, *, tenant: Tenant, day: date) -> None:
    """The heatmap (dealerships x dimensions) and the activity tables by dealership and by department (4 queries)."""
    sites = list(Site.unscoped.filter(tenant=tenant).order_by("name", "pk"))
    departments = list(Department.unscoped.filter(tenant=tenant).order_by("position", "name", "pk"))
    per_site = snapshot_table(tenant=tenant, day=day, level=Level.SITE, metric_keys=[*MATURITY_KEYS, "maturity_index", *ACTIVITY])
    per_department = snapshot_table(tenant=tenant, day=day, level=Level.DEPARTMENT, metric_keys=["maturity_index", *ACTIVITY])
    page.heatmap = Heatmap(
        dimensions=[(k, dimension_label(k)) for k in MATURITY_KEYS], sites=sites,
        values=[[per_site.get(site.pk, {}).get(k) for k in MATURITY_KEYS] for site in sites],
    )
    slug = tenant.slug
    page.by_site = _entity_table("activity_sites", _("Activity by dealership"), _("Dealership"), sites, per_site,
                                 lambda s: reverse("dashboards_site", kwargs={"tenant_slug": slug, "pk": s.pk}))
    page.by_department = _entity_table("activity_departments", _("Activity by department"), _("Department"), departments,
                                       per_department,
                                       lambda d: reverse("dashboards_department", kwargs={"tenant_slug": slug, "pk": d.pk}))


def _entity_table(key: str, title: str, first: str, entities, values: dict, url) -> Table:
    keys = [*ACTIVITY, "maturity_index"]
    table = Table(key=key, title=title, columns=[first, *(str(REGISTRY[k].label) for k in keys)])
    for entity in entities:
        found = values.get(entity.pk, {})
        table.rows.append([Cell(entity.name, entity.name, url(entity), entity.pk),
                           *(Cell(found.get(k), value_text(found.get(k), REGISTRY[k].unit)) for k in keys)])
    return table


def _kpis(page: DashboardPage, *, tenant: Tenant) -> None:
    """The current iteration's KPIs against their targets (the programme's own selectors: 3 queries)."""
    from bns.programme.objectives.selectors import kpi_list, kpi_rows, programme_pick

    page.programme = programme_pick(tenant=tenant)
    if page.programme is not None:
        page.kpis = kpi_rows(tenant=tenant, programme=page.programme, kpis=kpi_list(tenant=tenant, programme=page.programme))


# --- Tables (the page's tables as the CSV exports give them) --------------------------------------------------


def _figure_table(key: str, title: str, figures: list[Figure], with_median: bool) -> Table:
    columns = [_("Figure"), _("Value"), _("Unit")]
    if with_median:
        columns += [_("Median"), _("Gap to the median")]
    columns.append(_("Metric key"))
    table = Table(key=key, title=title, columns=columns)
    for f in figures:
        row = [Cell(f.label, f.label), Cell(f.value, f.text), Cell(f.metric.unit, f.metric.unit)]
        if with_median:
            row += [Cell(f.median, f.median_text), Cell(f.gap, f.gap_text)]
        row.append(Cell(f.key, f.key))
        table.rows.append(row)
    return table


def page_tables(page: DashboardPage) -> dict[str, Table]:
    """Every table of the page by its key (each one is exported as CSV)."""
    if page.run is None:
        return {}
    tables: dict[str, Table] = {}
    maturity = [f for f in [page.maturity, *page.dimensions] if f is not None]
    table = Table(key="maturity", title=_("Maturity"), columns=[_("Dimension"), _("Index (0-100)"), _("Level (1-5)"), _("Level")])
    if page.with_median:
        table.columns += [_("Median"), _("Gap to the median")]
    for f in maturity:
        row = [Cell(f.short_label, f.short_label), Cell(f.value, f.text), Cell(f.level, str(f.level or "")), Cell(f.level_label, f.level_label)]
        if page.with_median:
            row += [Cell(f.median, f.median_text), Cell(f.gap, f.gap_text)]
        table.rows.append(row)
    tables["maturity"] = table
    if page.heatmap is not None:
        heat = Table(key="heatmap", title=_("Maturity by dealership and dimension"),
                     columns=[_("Dealership"), *(label for _key, label in page.heatmap.dimensions)])
        for site, values in zip(page.heatmap.sites, page.heatmap.values, strict=True):
            heat.rows.append([Cell(site.name, site.name), *(Cell(v, _heat_text(v)) for v in values)])
        tables["heatmap"] = heat
    if page.trends is not None:
        trend = Table(key="trends", title=_("Trends over the last 12 weeks"),
                      columns=[_("Week ending"), *(str(m.label) for m, _values in page.trends.series)])
        for n, week in enumerate(page.trends.weeks):
            trend.rows.append([Cell(week.isoformat(), formats.date_format(week, "SHORT_DATE_FORMAT")),
                               *(Cell(values[n], value_text(values[n], m.unit)) for m, values in page.trends.series)])
        tables["trends"] = trend
    for section in page.sections:
        tables[section.key] = _figure_table(section.key, section.title, section.figures, page.with_median)
    if page.by_site is not None:
        tables[page.by_site.key] = page.by_site
    if page.by_department is not None:
        tables[page.by_department.key] = page.by_department
    quality = Table(key="profile_quality", title=_("Profile quality"), columns=[_("Profile completeness"), _("Employees"), _("Share")])
    for bucket in page.buckets:
        quality.rows.append([Cell(bucket.label, bucket.label), Cell(bucket.count, str(bucket.count)),
                             Cell(bucket.share, value_text(bucket.share, "%"))])
    tables["profile_quality"] = quality
    if page.level == Level.GROUP:
        kpis = Table(key="kpis", title=_("KPIs against their targets"),
                     columns=[_("KPI"), _("Latest value"), _("Target"), _("Unit"), _("Measured on"), _("Status")])
        for row in page.kpis:
            k = row.kpi
            kpis.rows.append([Cell(k.name, k.name), Cell(k.latest_value, number(k.latest_value) or "—"),
                              Cell(k.target, number(k.target) or "—"), Cell(row.unit, row.unit),
                              Cell(k.latest_on.isoformat() if k.latest_on else "",
                                   formats.date_format(k.latest_on, "SHORT_DATE_FORMAT") if k.latest_on else ""),
                              Cell(row.status_label, row.status_label)])
        tables["kpis"] = kpis
    return tables


def _heat_text(value) -> str:
    if value is None:
        return "—"
    level = maturity_level(value)
    return f"{number(value, 0)} ({level} {level_name(level)})"


TABLE_KEYS = ("maturity", "heatmap", "trends", "coordination", "activity", "sharing", "results", "pulse",
              "activity_sites", "activity_departments", "profile_quality", "kpis")
