"""Six months of demo activity with the patterns of real teams, and the Sales Navigator seats.

A few very active people (several posts, comments and InMails a week), a dozen or so moderately active (the demo rep
among them), some occasional, most silent; weekdays only, Tuesday to Thursday busiest, quieter in August and at
Christmas. Two seat holders used LinkedIn in the spring and have been silent for over two months: their seats show
as unused. Each employee's demo rows carry a ``demo-`` client key, and an employee who already has them gets no more,
so a second run (even days later) creates nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from contacts.models import Relationship
from networking.demo.profiles import PlannedProfile
from networking.demo.staff import SALES_TITLES, Staff
from networking.models import Activity, ActivityImport, ActivitySource, Platform, ToolLicence

SEED = 5001
WINDOWS = 26  # seven-day windows: six months
KEY_PREFIX = "demo-"
CSV_FILENAME = "export_activite_armor_vannes.csv"
CSV_WINDOW = (91, 120)  # Vannes' activity of these days came from a CSV export (days ago)

VERY_ACTIVE = ("manager", "marketing", "dev", "rep_vn@vannes#0", "chef_vo@lorient", "director@quimper")
MODERATE = ("rep", "codir", "rep_vo@lorient#0", "director@vannes", "rep_vn@quimper#0", "director@saint-malo", "rep_vo@rennes#0")
FADED = ("chef_vn@brest", "rep_vn@saint-malo#0")  # active in the spring, silent for two months: unused seats
EXTRA_MODERATE, OCCASIONAL = 8, 30

SALES_NAVIGATOR = "LinkedIn Sales Navigator"
SEAT_COST = Decimal("79.99")
SEATS_USED = ("manager", "dev", "rep_vn@vannes#0")

KIND_WEIGHTS = {
    "very": {"post": 12, "share": 14, "comment": 22, "reaction": 20, "connection_sent": 12, "connection_accepted": 8,
             "message": 8, "inmail": 5, "article": 1, "live_video": 2},
    "moderate": {"post": 5, "share": 15, "comment": 15, "reaction": 30, "connection_sent": 10, "connection_accepted": 12,
                 "message": 10, "inmail": 4},
    "occasional": {"post": 3, "share": 20, "comment": 10, "reaction": 40, "connection_accepted": 20, "message": 5},
}
WEEKDAY_WEIGHTS = (0.8, 1.2, 1.1, 1.2, 0.7)  # Monday to Friday
NOTES = {
    "post": ["Photo de la livraison d'un Transporter à un client artisan", "Retour sur nos portes ouvertes",
             "Arrivée du nouveau modèle hybride en concession", "Conseils d'entretien avant l'hiver"],
    "share": ["Relais de la publication du groupe", "Partage de l'offre flotte du mois", "Relais de l'article sur la concession"],
    "comment": ["Félicitations à un client pour son nouveau dépôt", "Commentaire sur le post de la CCI",
                "Réponse à une question sur la recharge à domicile"],
    "connection_sent": ["Rencontré au salon", "Gérant d'une PME cliente", "Contact du club d'entreprises"],
    "message": ["Relance après essai", "Remerciements après livraison"],
    "inmail": ["Prise de contact gestionnaire de flotte", "Relance devis flotte", "Invitation aux portes ouvertes entreprises"],
    "article": ["Article : bien choisir son utilitaire électrique", "Article : la reprise de votre véhicule expliquée"],
    "live_video": ["Vidéo : le VO du jour", "Essai en direct du nouveau SUV"],
}
# The group's own posts that people relay (marketing publishes them on the company page).
RELAYED = [f"https://www.linkedin.com/feed/update/urn:li:activity:73{n:017d}/" for n in (
    18734561200, 21400987310, 25578123004, 29012345678, 33456781200, 36789012345, 40123456789, 44567890123)]
VIDEO_CHANNELS = (Platform.TIKTOK, Platform.YOUTUBE, Platform.INSTAGRAM, Platform.FACEBOOK)


@dataclass
class _Who:
    employee_id: int
    external_id: str
    tier: str  # very, moderate, occasional, faded, trace
    channels: tuple[str, ...]  # the platforms of their profiles, LinkedIn first
    seat: bool


def _quiet(day: date) -> bool:
    return day.month == 8 or (day.month == 12 and day.day >= 22) or (day.month == 1 and day.day <= 2)


def _tiers(staff: Staff, profiles: list[PlannedProfile], rng: random.Random) -> list[_Who]:
    channels: dict[int, list[str]] = {}
    for p in profiles:
        channels.setdefault(p.employee_id, []).append(p.platform)
    fixed: dict[int, str] = {}
    for tier, selectors in (("very", VERY_ACTIVE), ("moderate", MODERATE), ("faded", FADED)):
        for selector in selectors:
            employee = staff.get(selector)
            if employee is not None:
                fixed[employee.pk] = tier
    on_linkedin = [e for e in staff.employees if Platform.LINKEDIN in channels.get(e.pk, ()) and e.pk not in fixed]
    sales = [e for e in on_linkedin if e.job_title in SALES_TITLES]
    for employee in rng.sample(sales, k=min(EXTRA_MODERATE, len(sales))):
        fixed[employee.pk] = "moderate"
    rest = [e for e in on_linkedin if e.pk not in fixed]
    for employee in rng.sample(rest, k=min(OCCASIONAL, len(rest))):
        fixed[employee.pk] = "occasional"
    for employee in on_linkedin:
        if employee.pk not in fixed and rng.random() < 0.15:
            fixed[employee.pk] = "trace"  # a like or two in six months
    seats = {staff.must(s).pk for s in (*SEATS_USED, *FADED) if staff.get(s) is not None}
    out = []
    for employee in staff.employees:
        if employee.pk in fixed:
            mine = sorted(channels.get(employee.pk, [Platform.LINKEDIN]), key=lambda c: c != Platform.LINKEDIN)
            out.append(_Who(employee.pk, employee.external_id, fixed[employee.pk], tuple(mine), employee.pk in seats))
    return out


def _acts_in_window(who: _Who, window: int, rng: random.Random) -> int:
    if who.tier == "very":
        return rng.randint(3, 8)
    if who.tier == "moderate":
        return rng.choice((0, 1, 1, 2, 2, 3))
    if who.tier == "faded":
        return rng.randint(2, 4) if window >= 10 else 0
    if who.tier == "occasional":
        return 1 if rng.random() < 0.3 else 0
    return 1 if rng.random() < 0.04 else 0


class _Builder:
    def __init__(self, staff: Staff, persons: dict[int, list[tuple[int, int | None]]]):
        self.staff, self.persons = staff, persons
        self.rng = random.Random(SEED)
        login_of = {e.pk: key for key, e in staff.logins.items()}
        self.user_of = {pk: staff.users.get(key) for pk, key in login_of.items()}
        self.vannes = staff.sites.get("vannes")
        self.employee_site = {e.pk: e.site_id for e in staff.employees}

    def kind(self, who: _Who) -> str:
        weights = dict(KIND_WEIGHTS["moderate" if who.tier == "faded" else who.tier if who.tier in KIND_WEIGHTS else "occasional"])
        if not who.seat:
            weights.pop("inmail", None)
        if not set(who.channels) & set(VIDEO_CHANNELS):
            weights.pop("live_video", None)
        kinds, odds = zip(*weights.items(), strict=True)
        return self.rng.choices(kinds, weights=odds, k=1)[0]

    def row(self, who: _Who, days_ago: int, sequence: int, kind: str) -> Activity:
        rng, day = self.rng, self.staff.day(days_ago)
        channel = Platform.LINKEDIN
        others = [c for c in who.channels if c != Platform.LINKEDIN]
        if kind == "live_video":
            channel = rng.choice([c for c in who.channels if c in VIDEO_CHANNELS])
        elif kind in ("post", "share", "comment", "reaction") and others and rng.random() < 0.3:
            channel = rng.choice(others)
        row = Activity(
            tenant=self.staff.tenant, employee_id=who.employee_id, occurred_on=day, channel=channel, kind=kind,
            client_key=f"{KEY_PREFIX}{who.external_id}-{day:%Y%m%d}-{sequence}", created_by=self.user_of.get(who.employee_id),
        )
        if kind in ("post", "share", "article", "live_video") and rng.random() < (0.7 if who.tier == "very" else 0.35):
            row.reach = rng.randint(400, 6000) if who.tier == "very" else rng.randint(60, 1200)
            row.engagement = int(row.reach * rng.uniform(0.01, 0.06))
        if kind == "share":
            row.content_url = rng.choice(RELAYED)
        elif kind in ("post", "article") and channel == Platform.LINKEDIN and rng.random() < 0.5:
            row.content_url = f"https://www.linkedin.com/feed/update/urn:li:activity:74{rng.randrange(10**17):017d}/"
        if kind in ("message", "inmail") and self.persons.get(who.employee_id) and rng.random() < 0.5:
            row.person_id, row.account_id = rng.choice(self.persons[who.employee_id])
        if kind in NOTES and rng.random() < 0.3:
            row.note = rng.choice(NOTES[kind])
        if self.vannes is not None and self.employee_site[who.employee_id] == self.vannes.pk and CSV_WINDOW[0] <= days_ago <= CSV_WINDOW[1]:
            row.source, row.created_by = ActivitySource.CSV, self.staff.users.get("admin")
        return row

    def rows(self, who: _Who) -> list[Activity]:
        # One stream per employee: what one draws never shifts another's rows (an employee with none on a first run
        # gets none on the next one either).
        self.rng = random.Random(f"{SEED}:{who.external_id}")
        out, sequence = [], 0
        for window in range(WINDOWS):
            n = _acts_in_window(who, window, self.rng)
            if who.employee_id == self.staff.logins["rep"].pk and window < 2:
                n = max(n, 1)  # the demo rep logged something these last two weeks
            weekdays = [d for d in range(7 * window, 7 * window + 7) if self.staff.day(d).weekday() < 5]
            weights = [WEEKDAY_WEIGHTS[self.staff.day(d).weekday()] for d in weekdays]
            for days_ago in sorted(self.rng.choices(weekdays, weights=weights, k=n), reverse=True):
                if _quiet(self.staff.day(days_ago)) and self.rng.random() < 0.7:
                    continue
                out.append(self.row(who, days_ago, sequence, self.kind(who)))
                sequence += 1
        return out


def seed_activity(staff: Staff, profiles: list[PlannedProfile]) -> dict[str, int]:
    rng = random.Random(SEED)
    people = _tiers(staff, profiles, rng)
    done = set(
        Activity.objects.filter(tenant=staff.tenant, client_key__startswith=KEY_PREFIX).values_list("employee_id", flat=True).distinct()
    )
    persons: dict[int, list[tuple[int, int | None]]] = {}
    for owner_id, person_id, account_id in (
        Relationship.objects.filter(tenant=staff.tenant, owner_id__in=[w.employee_id for w in people])
        .order_by("owner_id", "person_id").values_list("owner_id", "person_id", "person__account_id")
    ):
        persons.setdefault(owner_id, []).append((person_id, account_id))
    builder = _Builder(staff, persons)
    rows: list[Activity] = []
    for who in people:
        if who.employee_id not in done:
            rows.extend(builder.rows(who))
    created = {"activities": len(rows)}
    from_csv = [r for r in rows if r.source == ActivitySource.CSV]
    if from_csv:
        created["activity imports"] = _csv_import(staff, from_csv)
    Activity.objects.bulk_create(rows, batch_size=500)
    created["tool licences"] = _licences(staff)
    return created


def _csv_import(staff: Staff, rows: list[Activity]) -> int:
    """The import the Vannes rows came through (done), as the import service leaves it."""
    found = ActivityImport.objects.filter(tenant=staff.tenant, filename=CSV_FILENAME).first()
    created = found is None
    if created:
        found = ActivityImport.objects.create(
            tenant=staff.tenant, filename=CSV_FILENAME, created_by=staff.users.get("admin"), status=ActivityImport.Status.DONE,
            total_rows=len(rows), processed_rows=len(rows), created_count=len(rows), finished_at=staff.moment(CSV_WINDOW[0] - 1, 11),
        )
        ActivityImport.objects.filter(pk=found.pk).update(created_at=staff.moment(CSV_WINDOW[0] - 1, 10))
    for row in rows:
        row.activity_import = found
    return int(created)


def _licences(staff: Staff) -> int:
    """Six seats: three used, two unused for over two months (their holders went silent), one unassigned."""
    existing = ToolLicence.objects.filter(tenant=staff.tenant, tool=SALES_NAVIGATOR)
    held = set(existing.values_list("employee_id", flat=True))
    new = []
    for selector in (*SEATS_USED, *FADED):
        employee = staff.get(selector)
        if employee is None or employee.pk in held:
            continue
        used = selector in SEATS_USED
        new.append(ToolLicence(
            tenant=staff.tenant, tool=SALES_NAVIGATOR, employee=employee, monthly_cost=SEAT_COST, starts_on=staff.day(240),
            last_used_on=staff.day(2) if used else None, note="" if used else "Attribué pour la prospection flotte",
        ))
    if None not in held:
        new.append(ToolLicence(
            tenant=staff.tenant, tool=SALES_NAVIGATOR, employee=None, monthly_cost=SEAT_COST, starts_on=staff.day(240),
            note="Siège libéré après un départ, à réattribuer",
        ))
    ToolLicence.objects.bulk_create(new)
    return len(new)
