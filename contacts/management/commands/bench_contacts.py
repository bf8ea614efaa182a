"""``manage.py bench_contacts [--rows 10000] [--relationships 200000] [--keep]``: time the contact ledger at scale.

In a scratch group (deleted at the end unless ``--keep``):

1. builds an N-row LinkedIn ``Connections.csv`` in memory, in LinkedIn's exact format (UTF-8 BOM, the "Notes:"
   preamble, the header, quoted fields where needed, "12 Mar 2021" dates, most e-mails missing, a few hidden
   members with no name) and imports it through the import service (``contact_import_create``: decode, parse,
   preview; ``contact_import_run``: the background job's work), timing each phase;
2. bulk-creates the group's address books: ~400 employees in 10 dealerships (directors, team managers, reps),
   ~relationships/5 persons at ~relationships/70 companies, and the relationships (``bulk_create``, tenant set),
   spread as in life (35% private, 40% discoverable, 25% shared with team / dealership / group);
3. times ``who_knows`` for a company, a company prefix, a person and a typo, as an executive and as a rep: row
   count, median of 5 runs of the count and of the first page (25 rows), each including the ``who_knows()`` call
   (on PostgreSQL it looks the matching persons up first); and on PostgreSQL the query plans' summaries (scan
   nodes with estimated/actual rows, execution time of ``EXPLAIN ANALYZE``): the persons look-ups, then the
   relationships' page for each viewer.

Timings are taken with DEBUG off, as in production.
"""

from __future__ import annotations

import csv
import io
import random
import re
import secrets
import statistics
import time
from datetime import date, timedelta
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from bns.demo_data import FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES, email_local_part
from bns.models import Employee, Membership, Role, Site, Tenant
from bns.services.org import tenant_create
from contacts.models import (
    Account,
    ContactImport,
    IntroRequest,
    LedgerEntry,
    MergeSuggestion,
    Person,
    PersonEmail,
    PersonPhone,
    Relationship,
    RelationshipKind,
    Scope,
    Solicitation,
    Suppression,
    Visibility,
)
from contacts.normalize import company_key, name_key
from contacts.selectors import trigram_planner_costs, who_knows, who_knows_person_lookup

LINKEDIN_NOTES = (
    "Notes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing. You will only '
    "see email addresses for connections who have allowed their connections to see or download their email address "
    "using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    'https://www.linkedin.com/help/linkedin/answer/261"\r\n'
    "\r\n"
)
LINKEDIN_HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
COMPANY_PREFIXES = [
    "Transports", "Garage", "Carrosserie", "Menuiserie", "Boulangerie", "Cabinet", "Hôtel", "Ferme", "Pharmacie",
    "Bâtiment", "Électricité", "Plomberie", "Ambulances", "Taxis", "Laiterie", "Conserverie", "Coopérative",
]
CITIES = ["Rennes", "Brest", "Quimper", "Vannes", "Lorient", "Saint-Brieuc", "Saint-Malo", "Lannion", "Morlaix", "Vitré"]
POSITIONS = ["Gérant", "Directeur général", "Responsable de parc", "Gestionnaire de flotte", "DAF", "Chef d'atelier",
             "Responsable achats", "Présidente", "Conducteur de travaux", "Assistante de direction"]
VISIBILITY_WEIGHTS = ([Visibility.PRIVATE, Visibility.DISCOVERABLE, Visibility.SHARED], [35, 40, 25])
SCOPE_WEIGHTS = ([Scope.TEAM, Scope.SITE, Scope.GROUP], [30, 40, 30])
SITE_COUNT = 10
QUERIES = [("company", "Transports Kervella"), ("company prefix", "Transports"), ("person", "Yann Kervella"), ("typo", "Kervela")]
PAGE = 25
RUNS = 5


def company_names(rng: random.Random, count: int) -> list[str]:
    names = ["Transports Kervella"]
    seen = set(names)
    while len(names) < count:
        name = f"{rng.choice(COMPANY_PREFIXES)} {rng.choice(LAST_NAMES)}"
        if rng.random() < 0.6:
            name += f" {rng.choice(CITIES)}"
        if rng.random() < 0.03:
            name += ", Fils et Cie"  # a comma: LinkedIn quotes the field
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def linkedin_connections_csv(*, rows: int, seed: int = 7, companies: list[str] | None = None) -> bytes:
    """An N-row LinkedIn Connections.csv exactly as LinkedIn exports it (bytes, UTF-8 with BOM, CRLF)."""
    rng = random.Random(seed)
    companies = companies or company_names(rng, max(10, rows // 5))
    out = io.StringIO()
    out.write("\ufeff" + LINKEDIN_NOTES)
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(LINKEDIN_HEADER)
    for n in range(rows):
        if rng.random() < 0.01:  # members who hide their details: no name, no URL
            writer.writerow(["", "", "", "", "", "", "01 Jan 2020"])
            continue
        first = rng.choice(FIRST_NAMES_F if rng.random() < 0.45 else FIRST_NAMES_M)
        last = rng.choice(LAST_NAMES)
        slug = email_local_part(first, last).replace(".", "-").replace("'", "")
        company = rng.choice(companies) if rng.random() < 0.9 else ""
        email = f"{email_local_part(first, last)}.{n}@exemple-{n % 97}.fr" if rng.random() < 0.12 else ""
        position = rng.choice(POSITIONS)
        if rng.random() < 0.05:
            position += ", Bretagne"
        day = date(2012, 1, 1) + timedelta(days=rng.randint(0, 4700))
        writer.writerow([
            first, last, f"https://www.linkedin.com/in/{slug}-{n:05d}{rng.randint(10, 99)}", email, company, position,
            f"{day.day:02d} {MONTHS[day.month - 1]} {day.year}",
        ])
    return out.getvalue().encode("utf-8")


class Command(BaseCommand):
    help = "Benchmark the contact ledger: LinkedIn import, bulk address books, who-knows search (scratch group)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=10_000, help="Rows of the LinkedIn file (default: %(default)s).")
        parser.add_argument("--relationships", type=int, default=200_000, help="Relationships bulk-created (default: %(default)s).")
        parser.add_argument("--employees", type=int, default=400, help="Employees of the scratch group (default: %(default)s).")
        parser.add_argument("--keep", action="store_true", help="Keep the scratch group (prints its slug).")

    def handle(self, *args, rows: int, relationships: int, employees: int, keep: bool, **options):
        if rows < 1 or relationships < 0 or employees < 20:
            raise CommandError("--rows must be >= 1, --relationships >= 0 and --employees >= 20.")
        self.rng = random.Random(42)
        slug = f"bench-contacts-{secrets.token_hex(3)}"
        self.stdout.write(f"Database: {connection.vendor}. Scratch group: {slug}.")
        tenant = tenant_create(name=f"Bench contacts {slug[-6:]}", slug=slug)
        try:
            with override_settings(DEBUG=False):
                staff = self._staff(tenant, employees)
                executive, rep = self._members(tenant, staff)
                self._import(tenant, rep, rows)
                self._bulk(tenant, staff, relationships)
                self._search(tenant, {"executive": executive, "rep": rep})
        finally:
            if keep:
                self.stdout.write(f"Kept the scratch group {slug} (delete it with the admin or a shell).")
            else:
                started = time.perf_counter()
                self._delete(tenant)
                self.stdout.write(f"Scratch group {slug} deleted in {time.perf_counter() - started:.2f}s.")

    # --- set-up ---------------------------------------------------------------------------------------------

    def _staff(self, tenant: Tenant, count: int) -> dict:
        sites = Site.unscoped.bulk_create(
            [Site(tenant=tenant, name=f"Concession {city}", city=city, region="Bretagne") for city in CITIES[:SITE_COUNT]]
        )
        rng, n = self.rng, [0]

        def emp(site, title, manager=None):
            n[0] += 1
            first, last = rng.choice(FIRST_NAMES_M + FIRST_NAMES_F), rng.choice(LAST_NAMES)
            return Employee(tenant=tenant, first_name=first, last_name=last, email=f"e{n[0]:05d}@bench.example",
                            external_id=f"B{n[0]:05d}", site=site, job_title=title, manager=manager)

        (ceo,) = Employee.unscoped.bulk_create([emp(sites[0], "Directeur général")])
        directors = Employee.unscoped.bulk_create([emp(site, "Directeur de concession", ceo) for site in sites])
        per_site = max(2, (count - 1 - len(sites)) // len(sites))
        team_size = 8
        managers = Employee.unscoped.bulk_create(
            [emp(d.site, "Chef des ventes", d) for d in directors for _ in range(max(1, per_site // (team_size + 1)))]
        )
        reps, remaining = [], count - 1 - len(directors) - len(managers)
        for i in range(remaining):
            manager = managers[i % len(managers)]
            reps.append(emp(manager.site, "Vendeur", manager))
        reps = Employee.unscoped.bulk_create(reps)
        everyone = [ceo, *directors, *managers, *reps]
        if any(e.pk is None for e in everyone):
            raise CommandError("This database does not return primary keys from bulk inserts.")
        self.stdout.write(f"Staff: {len(everyone)} employees in {len(sites)} dealerships ({len(managers)} team managers).")
        return {"ceo": ceo, "reps": reps, "all": everyone}

    def _members(self, tenant: Tenant, staff: dict) -> tuple[Membership, Membership]:
        User = get_user_model()
        token = tenant.slug
        exec_user = User.objects.create(email=f"exec@{token}.bench.example", full_name="Bench Executive")
        rep_user = User.objects.create(email=f"rep@{token}.bench.example", full_name="Bench Rep")
        for user in (exec_user, rep_user):
            user.set_unusable_password()
            user.save(update_fields=["password"])
        executive = Membership.unscoped.create(tenant=tenant, user=exec_user, role=Role.EXECUTIVE, employee=staff["ceo"])
        rep = Membership.unscoped.create(tenant=tenant, user=rep_user, role=Role.EMPLOYEE, employee=staff["reps"][0])
        self._users = [exec_user.pk, rep_user.pk]
        return executive, rep

    # --- 1. LinkedIn import through the import service -------------------------------------------------------

    def _import(self, tenant: Tenant, rep: Membership, rows: int) -> None:
        from contacts.importing import tasks as import_tasks
        from contacts.importing.service import contact_import_create, contact_import_run, contact_import_start

        started = time.perf_counter()
        raw = linkedin_connections_csv(rows=rows)
        built = time.perf_counter() - started
        started = time.perf_counter()
        contact_import = contact_import_create(
            tenant=tenant, actor=rep.user, owner=rep.employee, filename="Connections.csv", raw_bytes=raw, format="auto",
            default_visibility=Visibility.DISCOVERABLE,
        )
        preview = time.perf_counter() - started
        # Start as the page does (queued, counts reset), but run the job here, in this process, to time it: the
        # queued task is intercepted (with a broker configured it would otherwise wait for a worker).
        with mock.patch.object(import_tasks.contact_import_process, "delay"):
            contact_import = contact_import_start(tenant=tenant, actor=rep.user, contact_import=contact_import)
        if contact_import.status != ContactImport.Status.QUEUED:
            raise CommandError(f"The import was not queued (status {contact_import.status}).")
        started = time.perf_counter()
        contact_import = contact_import_run(tenant=tenant, contact_import_id=contact_import.pk, actor=rep.user)
        run = time.perf_counter() - started
        counts = ", ".join(f"{k} {v}" for k, v in sorted((contact_import.counts or {}).items()) if v)
        self.stdout.write(
            f"LinkedIn import of {rows} rows ({len(raw) / 1024:.0f} KiB, format detected: {contact_import.format}): "
            f"file built in {built:.2f}s, upload + preview {preview:.2f}s, run {run:.2f}s "
            f"({rows / run if run else 0:.0f} rows/s); status {contact_import.status}; {counts}."
        )

    # --- 2. bulk address books ---------------------------------------------------------------------------------

    def _bulk(self, tenant: Tenant, staff: dict, relationships: int) -> None:
        if relationships == 0:
            return
        rng = self.rng
        started = time.perf_counter()
        person_count = max(10, relationships // 5)
        names = company_names(rng, max(10, relationships // 70))
        accounts = Account.unscoped.bulk_create(
            [Account(tenant=tenant, name=name, name_key=company_key(name) or name.lower(), city=rng.choice(CITIES)) for name in names],
            batch_size=2000,
        )
        now = timezone.now()
        retention = (now + timedelta(days=3 * 365)).date()
        persons = []
        for i in range(person_count):
            if i < 3:
                first, last, index = "Yann", "Kervella", 0  # someone to find by name and by typo
            else:
                first = rng.choice(FIRST_NAMES_F if rng.random() < 0.45 else FIRST_NAMES_M)
                last, index = rng.choice(LAST_NAMES), rng.randrange(len(accounts))
            account = accounts[index] if rng.random() < 0.85 or i < 3 else None
            company = account.name if account else ""
            persons.append(Person(
                tenant=tenant, first_name=first, last_name=last, name_key=name_key(first, last), company_name=company,
                company_key=company_key(company), account=account, position=rng.choice(POSITIONS), source="csv",
                collected_at=now, retention_until=retention,
            ))
        persons = Person.unscoped.bulk_create(persons, batch_size=2000)
        employees = staff["all"]
        pairs: set[tuple[int, int]] = set()
        limit = min(relationships, len(employees) * len(persons))
        while len(pairs) < limit:
            pairs.add((rng.randrange(len(employees)), rng.randrange(len(persons))))
        kinds = RelationshipKind.values
        rels = []
        for e_index, p_index in sorted(pairs):
            rels.append(Relationship(
                tenant=tenant, owner_id=employees[e_index].pk, person_id=persons[p_index].pk,
                strength=rng.choices([1, 2, 3, 4, 5], [12, 33, 30, 17, 8])[0], kind=rng.choice(kinds),
                visibility=rng.choices(*VISIBILITY_WEIGHTS)[0], scope=rng.choices(*SCOPE_WEIGHTS)[0],
                status="ended" if rng.random() < 0.03 else "active",
            ))
        for start in range(0, len(rels), 5000):
            with transaction.atomic():
                Relationship.unscoped.bulk_create(rels[start:start + 5000], batch_size=5000)
        if connection.vendor == "postgresql":
            # Planner statistics, as autovacuum's ANALYZE would have them in production: the bulk-created tables,
            # the staff included (without them the planner takes 400 employees for 50 and walks every owner's
            # relationships through the owner index). No VACUUM: the GIN indexes keep their pending lists, as
            # after a large import, before autovacuum comes by.
            with connection.cursor() as cursor:
                for model in (Site, Employee, Account, Person, Relationship):
                    cursor.execute(f"ANALYZE {model._meta.db_table}")
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Bulk address books: {len(rels)} relationships, {len(persons)} persons, {len(accounts)} companies, "
            f"{len(employees)} owners in {elapsed:.2f}s."
        )

    # --- 3. who knows ------------------------------------------------------------------------------------------

    def _search(self, tenant: Tenant, viewers: dict[str, Membership]) -> None:
        total = Relationship.unscoped.filter(tenant=tenant).count()
        self.stdout.write(f"who_knows over {total} relationships (median of {RUNS} runs; page = first {PAGE} rows):")
        self.stdout.write(f"  {'viewer':<10} {'query':<16} {'text':<20} {'rows':>7} {'count ms':>9} {'page ms':>8}")
        plans = []
        for viewer, membership in viewers.items():
            for label, text in QUERIES:
                count_times, page_times, rows = [], [], 0
                for _ in range(RUNS):
                    # Each timing includes the who_knows() call: on PostgreSQL it looks the matching persons up
                    # first (its own queries), then the count or the page reads the relationships.
                    started = time.perf_counter()
                    rows = who_knows(tenant=tenant, membership=membership, query=text).count()
                    count_times.append(time.perf_counter() - started)
                    started = time.perf_counter()
                    list(who_knows(tenant=tenant, membership=membership, query=text)[:PAGE])
                    page_times.append(time.perf_counter() - started)
                self.stdout.write(
                    f"  {viewer:<10} {label:<16} {text:<20} {rows:>7} "
                    f"{statistics.median(count_times) * 1000:>9.1f} {statistics.median(page_times) * 1000:>8.1f}"
                )
                qs = who_knows(tenant=tenant, membership=membership, query=text)
                if connection.vendor == "postgresql" and not qs.query.is_empty():  # none(): no person matched, no SQL
                    plans.append((viewer, label, qs[:PAGE].explain(analyze=True)))
        if connection.vendor != "postgresql":
            return
        for label, text in QUERIES:  # the persons look-up does not depend on the viewer
            lookup = who_knows_person_lookup(tenant=tenant, query=text)
            if lookup is not None:
                with trigram_planner_costs():  # as who_knows runs it
                    plan = lookup.explain(analyze=True)
                self.stdout.write(f"  plan persons / {label}: {plan_summary(plan)}")
        for viewer, label, plan in plans:
            self.stdout.write(f"  plan {viewer} / {label}: {plan_summary(plan)}")

    # --- clean-up ----------------------------------------------------------------------------------------------

    def _delete(self, tenant: Tenant) -> None:
        # The bulk rows go with one DELETE per table (the ORM's collector would load 200,000 objects first);
        # children before parents, then the group itself with the ORM (staff, memberships, audit events...).
        with transaction.atomic(), connection.cursor() as cursor:
            for model in (LedgerEntry, IntroRequest, MergeSuggestion, Solicitation, Relationship, PersonEmail, PersonPhone,
                          Suppression, Person, ContactImport, Account):
                cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE tenant_id = %s", [tenant.pk])
            Tenant.objects.filter(pk=tenant.pk).delete()
            get_user_model().objects.filter(pk__in=getattr(self, "_users", [])).delete()


def plan_summary(plan: str) -> str:
    """The scan nodes (with their index, and their estimated/actual rows) and the execution time of an EXPLAIN
    ANALYZE output, on one line: "Index Scan using rel_tenant_person on contacts_relationship (rows 45/45)"."""
    nodes, execution = [], ""
    for line in plan.splitlines():
        text = line.strip().lstrip("->").strip()
        if text.startswith("Execution Time"):
            execution = text.split(":", 1)[1].strip()
        elif "Scan" in text:
            node = text.split("  (")[0]
            estimated = re.search(r"\(cost=[^)]* rows=(\d+)", text)
            actual = re.search(r"\(actual [^)]*rows=(\d+) loops=(\d+)", text)
            if estimated and actual:
                loops = f" x{actual.group(2)}" if actual.group(2) != "1" else ""
                node += f" (rows {estimated.group(1)}/{actual.group(1)}{loops})"
            elif actual is None and "never executed" in text:
                node += " (never executed)"
            if node not in nodes:
                nodes.append(node)
    return f"{'; '.join(nodes)} | execution {execution}"
