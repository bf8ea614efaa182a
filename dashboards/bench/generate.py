"""Loading (and dropping) the bench tenants with set-based SQL.

Every table is filled by ONE ``INSERT ... SELECT ... FROM generate_series(...)`` (or from the rows already
loaded), run by PostgreSQL: no data row goes through Python. The only ORM writes are a handful per tenant: the
tenant, its two logins (users and memberships) and the programme's iteration, started through its service
(``programme_start``: the iteration, its 8 steps, an audit row). Values are deterministic (``hashint8extended`` of the
row number with a salt per column), so two loads at the same scale hold the same data. Foreign keys are found
through small temporary tables mapping a row number to the id PostgreSQL gave it (``bench_site``,
``bench_dept``, ``bench_emp``, ``bench_acc``, ``bench_person``, ``bench_net``). Every row carries its
``tenant_id`` and respects the tables' NOT NULL columns, checks and unique constraints (read from the models and
their migrations); the few rows with a unique key that the arithmetic could repeat use ON CONFLICT DO NOTHING.

The organisation of each tenant: employee 0 is the managing director (an executive login); then teams of
``TEAM`` (13): a sales manager (a manager login for the first) and 12 people reporting to them, a team per
dealership in turn and per department in turn; about 2 % of the team members have left the group.

A bench tenant is recognised by its slug (``sizes.BENCH_SLUGS``); the large one's name records the scale and the
generation time: "BNS bench large (scale 0.1, generated in 42.0 s)".
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import connection, transaction

from bns.models import Membership, Role, Tenant, User
from dashboards.bench.sizes import BENCH_SLUGS, LARGE_SLUG, TEAM, Sizes

NAME_RE = re.compile(r"scale (?P<scale>[0-9.eE+-]+)(?:, generated in (?P<seconds>[0-9.]+) s)?")
EMAIL_DOMAIN = "bench.invalid"  # a reserved top-level domain: never a real address

# The tables a bench tenant fills (label, table), in the order they are loaded; their row counts are printed.
TABLES = (
    ("sites", "bns_site"),
    ("departments", "bns_department"),
    ("employees", "bns_employee"),
    ("memberships", "bns_membership"),
    ("accounts", "contacts_account"),
    ("persons", "contacts_person"),
    ("relationships", "contacts_relationship"),
    ("activity rows", "networking_activity"),
    ("social profiles", "networking_socialprofile"),
    ("networks", "networking_network"),
    ("network targets", "networking_networktarget"),
    ("network memberships", "networking_networkmembership"),
    ("intro requests", "contacts_introrequest"),
    ("referrals", "contacts_referral"),
    ("networking scores", "networking_networkingscore"),
    ("pulses", "networking_pulse"),
    ("pulse answers", "networking_pulseanswer"),
    ("pulse participations", "networking_pulseparticipation"),
    ("solicitations", "contacts_solicitation"),
    ("coaching notes", "networking_coachingnote"),
    ("rewards", "contacts_reward"),
    ("programmes", "bns_programme"),
    ("diagnostic answers", "bns_diagnosticanswer"),
    ("programme actions", "bns_programmeaction"),
    ("budget lines", "bns_budgetline"),
)
TEMP_TABLES = ("bench_site", "bench_dept", "bench_emp", "bench_acc", "bench_person", "bench_net")

DEPARTMENTS = (
    ("VN", "Véhicules neufs"), ("VO", "Véhicules d'occasion"), ("PR", "Pièces de rechange"), ("APV", "Après-vente"),
    ("RH", "Ressources humaines"), ("DEV", "Développement commercial"), ("RC", "Relation client"),
    ("ACH", "Achats et fournisseurs"), ("MKT", "Marketing"), ("DIR", "Direction"),  # the last one: the management
)


def rnd(expr: str, salt: int, n: int | str) -> str:
    """SQL: a deterministic pseudo-random integer in [0, n) from ``expr`` (an integer expression) and ``salt``."""
    return f"mod(hashint8extended(({expr})::bigint, {salt}) & 9223372036854775807, {n})::int"


def pick(expr: str, salt: int, choices: tuple[tuple[str, int], ...]) -> str:
    """SQL: one of ``choices`` (value, weight in %; the weights add up to 100), chosen from ``expr``."""
    assert sum(weight for _value, weight in choices) == 100
    draw, bound, whens = rnd(expr, salt, 100), 0, []
    for value, weight in choices[:-1]:
        bound += weight
        whens.append(f"WHEN {draw} < {bound} THEN '{value}'")
    return f"(CASE {' '.join(whens)} ELSE '{choices[-1][0]}' END)"


def bench_email(slug: str, who: str) -> str:
    return f"{who}@{slug}.{EMAIL_DOMAIN}"


def bench_tenants() -> dict[str, Tenant]:
    """The bench tenants present, by slug."""
    return {tenant.slug: tenant for tenant in Tenant.objects.filter(slug__in=BENCH_SLUGS)}


def bench_scale(tenant: Tenant | None) -> float | None:
    """The scale the large tenant was generated at (from its name), None when unknown."""
    found = NAME_RE.search(tenant.name) if tenant is not None else None
    return float(found["scale"]) if found else None


def bench_generation_seconds(tenant: Tenant | None) -> float | None:
    found = NAME_RE.search(tenant.name) if tenant is not None else None
    return float(found["seconds"]) if found and found["seconds"] else None


def bench_complete(tenants: dict[str, Tenant]) -> bool:
    return all(slug in tenants for slug in BENCH_SLUGS) and bench_generation_seconds(tenants[LARGE_SLUG]) is not None


# --- Dropping ---------------------------------------------------------------------------------------------


def _referencing(cursor, table: str) -> list[tuple[str, str]]:
    """(table, column) of the single-column foreign keys to ``table`` (from the catalog)."""
    cursor.execute(
        """
        SELECT c.conrelid::regclass::text, a.attname
        FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.contype = 'f' AND c.confrelid = %s::regclass AND array_length(c.conkey, 1) = 1
        """,
        [table],
    )
    return list(cursor.fetchall())


def _tenant_tables(cursor) -> list[str]:
    cursor.execute(
        """
        SELECT c.table_name FROM information_schema.columns c
        JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = current_schema() AND c.column_name = 'tenant_id' AND t.table_type = 'BASE TABLE'
        ORDER BY c.table_name
        """
    )
    return [row[0] for row in cursor.fetchall()]


def bench_drop() -> dict[str, int]:
    """Delete every row of the bench tenants (every table with a tenant_id, the rows of tables without one that
    point at them, their logins) and the tenants, in one transaction, with SQL (the ORM's cascade would load
    millions of objects). Returns the rows deleted per table (non-zero only)."""
    deleted: dict[str, int] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT id FROM bns_tenant WHERE slug = ANY(%s)", [list(BENCH_SLUGS)])
        tenant_ids = [row[0] for row in cursor.fetchall()]
        emails = [bench_email(slug, who) for slug in BENCH_SLUGS for who in ("executive", "manager")]
        cursor.execute("SELECT id FROM bns_user WHERE email = ANY(%s)", [emails])
        user_ids = [row[0] for row in cursor.fetchall()]
        if not tenant_ids and not user_ids:
            return deleted
        # Foreign keys are DEFERRABLE INITIALLY DEFERRED (Django's): checked at commit, so the order below only
        # has to remove rows of tables WITHOUT a tenant_id that point at the tenants' rows first.
        tables = _tenant_tables(cursor)
        with_tenant = set(tables)

        def count(table: str, n: int) -> None:
            if n:
                deleted[table] = deleted.get(table, 0) + n

        for table in tables:
            for child, column in _referencing(cursor, table):
                if child not in with_tenant and child != "bns_tenant":
                    cursor.execute(
                        f'DELETE FROM {child} WHERE "{column}" IN (SELECT id FROM {table} WHERE tenant_id = ANY(%s))',
                        [tenant_ids],
                    )
                    count(child, cursor.rowcount)
        for table in tables:
            cursor.execute(f"DELETE FROM {table} WHERE tenant_id = ANY(%s)", [tenant_ids])
            count(table, cursor.rowcount)
        if user_ids:
            for child, column in _referencing(cursor, "bns_user"):
                if child not in with_tenant:
                    cursor.execute(f'DELETE FROM {child} WHERE "{column}" = ANY(%s)', [user_ids])
                    count(child, cursor.rowcount)
            cursor.execute("DELETE FROM bns_user WHERE id = ANY(%s)", [user_ids])
            count("bns_user", cursor.rowcount)
        cursor.execute("DELETE FROM bns_tenant WHERE id = ANY(%s)", [tenant_ids])
        count("bns_tenant", cursor.rowcount)
    return deleted


# --- Loading ----------------------------------------------------------------------------------------------


@dataclass
class Generated:
    tenant: Tenant
    seconds: float = 0.0
    steps: dict[str, float] = field(default_factory=dict)  # seconds per table


class _Loader:
    def __init__(self, cursor, tenant: Tenant, sizes: Sizes, today: date, now: datetime):
        self.cursor, self.tenant, self.sizes = cursor, tenant, sizes
        self.params = {"t": tenant.pk, "today": today, "now": now}
        self.steps: dict[str, float] = {}

    def run(self, label: str, sql: str) -> None:
        started = time.monotonic()
        self.cursor.execute(sql, self.params)
        self.steps[label] = self.steps.get(label, 0.0) + time.monotonic() - started

    def temp(self, name: str, select: str, *indexes: str) -> None:
        self.cursor.execute(f"DROP TABLE IF EXISTS {name}")
        self.cursor.execute(f"CREATE TEMP TABLE {name} AS {select}", self.params)
        for columns in indexes:
            self.cursor.execute(f"CREATE INDEX ON {name} ({columns})")
        self.cursor.execute(f"ANALYZE {name}")


def tenant_generate(*, slug: str, name: str, sizes: Sizes, today: date, now: datetime) -> Generated:
    """Create the bench tenant ``slug`` and load its rows (one transaction). Its executive and manager logins are
    ``executive@<slug>.bench.invalid`` (the managing director) and ``manager@...`` (the first team's manager)."""
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        tenant = Tenant.objects.create(name=name, slug=slug, locale="fr", require_mfa_for_leaders=False)
        loader = _Loader(cursor, tenant, sizes, today, now)
        _load_organisation(loader)
        _logins(tenant)
        _load_contacts(loader)
        _load_networking(loader)
        _load_programme(loader, today)
        for table in TEMP_TABLES:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
    return Generated(tenant=tenant, seconds=time.monotonic() - started, steps=loader.steps)


def _logins(tenant: Tenant) -> None:
    """The executive (employee 0) and the first team's manager (employee 1): two users, two memberships."""
    from bns.models import Employee

    for who, role, number in (("executive", Role.EXECUTIVE, 0), ("manager", Role.MANAGER, 1)):
        user = User.objects.create_user(email=bench_email(tenant.slug, who), password=None, full_name=f"Bench {who}")
        employee = Employee.unscoped.get(tenant=tenant, external_id=f"BENCH-{number}")
        Membership.unscoped.create(tenant=tenant, user=user, role=role, employee=employee, is_active=True)


def _load_organisation(lo: _Loader) -> None:
    s = lo.sizes
    brands = "ARRAY['Peugeot', 'Renault', 'Toyota', 'Volkswagen', 'BMW', 'Citroën', 'Kia']"
    lo.run("bns_site", f"""
        INSERT INTO bns_site (name, brands, city, region, created_at, tenant_id)
        SELECT 'Concession ' || lpad(g::text, 3, '0'), ({brands})[1 + mod(g, 7)], 'Ville ' || g,
               'Région ' || (1 + mod(g, 13)), %(now)s, %(t)s
        FROM generate_series(0, {s.sites - 1}) g""")
    lo.temp("bench_site", """SELECT (row_number() OVER (ORDER BY id) - 1)::int AS idx, id FROM bns_site
                             WHERE tenant_id = %(t)s""", "idx")
    values = ", ".join(f"({i}, '{code}', '{label.replace(chr(39), chr(39) * 2)}')" for i, (code, label) in enumerate(DEPARTMENTS))
    lo.run("bns_department", f"""
        INSERT INTO bns_department (code, name, position, tenant_id)
        SELECT code, name, i, %(t)s FROM (VALUES {values}) d(i, code, name)""")
    lo.temp("bench_dept", "SELECT position::int AS idx, id FROM bns_department WHERE tenant_id = %(t)s", "idx")
    team = f"((g - 1) / {TEAM})"
    leader = f"(mod(g - 1, {TEAM}) = 0)"
    lo.run("bns_employee", f"""
        INSERT INTO bns_employee (first_name, last_name, email, external_id, job_title, is_active, created_at, updated_at,
                                  department_id, manager_id, site_id, tenant_id)
        SELECT 'Prénom ' || g, 'Salarié ' || g, 'e' || g || '@{lo.tenant.slug}.{EMAIL_DOMAIN}', 'BENCH-' || g,
               CASE WHEN g = 0 THEN 'Directeur général' WHEN {leader} THEN 'Chef des ventes' ELSE 'Conseiller commercial' END,
               NOT (g > 0 AND NOT {leader} AND mod(g, 37) = 5), %(now)s, %(now)s, d.id, NULL, si.id, %(t)s
        FROM generate_series(0, {s.employees - 1}) g
        JOIN bench_site si ON si.idx = CASE WHEN g = 0 THEN 0 ELSE mod({team}, {s.sites}) END
        JOIN bench_dept d ON d.idx = CASE WHEN g = 0 THEN {s.departments - 1} ELSE mod({team}, {s.departments - 1}) END""")
    lo.temp("bench_emp", """
        SELECT e.id, substr(e.external_id, 7)::int AS rn, si.idx AS site_idx, e.is_active,
               (row_number() OVER (PARTITION BY si.idx ORDER BY e.id) - 1)::int AS site_rank,
               (count(*) OVER (PARTITION BY si.idx))::int AS site_n
        FROM bns_employee e JOIN bench_site si ON si.id = e.site_id WHERE e.tenant_id = %(t)s""", "rn", "site_idx, site_rank")
    lo.run("bns_employee", f"""
        UPDATE bns_employee e SET manager_id = m.id
        FROM bench_emp r JOIN bench_emp m
             ON m.rn = CASE WHEN mod(r.rn - 1, {TEAM}) = 0 THEN 0 ELSE r.rn - mod(r.rn - 1, {TEAM}) END
        WHERE e.id = r.id AND r.rn > 0 AND e.tenant_id = %(t)s""")


def _load_contacts(lo: _Loader) -> None:
    s = lo.sizes
    lo.run("contacts_account", f"""
        INSERT INTO contacts_account (name, name_key, siren, city, website, is_target, created_at, owner_id, tenant_id)
        SELECT 'Société ' || g, 'societe ' || g, '', 'Ville ' || mod(g, 50), '', mod(g, 10) = 0, %(now)s, o.id, %(t)s
        FROM generate_series(0, {s.accounts - 1}) g
        LEFT JOIN bench_emp o ON mod(g, 3) = 0 AND o.rn = {rnd("g", 1, s.employees)}""")
    lo.temp("bench_acc", """SELECT (row_number() OVER (ORDER BY id) - 1)::int AS idx, id, name FROM contacts_account
                            WHERE tenant_id = %(t)s""", "idx")
    age = rnd("g", 2, 700)
    lo.run("contacts_person", f"""
        INSERT INTO contacts_person (first_name, last_name, name_key, company_name, company_key, position, linkedin_url,
                                     legal_basis, source, collected_at, last_inbound_at, retention_until, retention_warned_at,
                                     objected_at, created_at, updated_at, account_id, tenant_id)
        SELECT 'Prénom' || g, 'Contact' || g, 'contact' || g || ' prenom' || g, coalesce(a.name, ''), coalesce(lower(a.name), ''),
               (ARRAY['Gérant', 'Directeur des achats', 'Responsable de flotte', 'Comptable', 'Particulier'])[1 + mod(g, 5)],
               CASE WHEN mod(g, 3) = 0 THEN 'https://www.linkedin.com/in/bench-' || %(t)s || '-' || g ELSE '' END,
               {pick("g", 3, (("legitimate_interest", 80), ("consent", 15), ("contract", 5)))},
               {pick("g", 4, (("manual", 40), ("address_book", 20), ("linkedin", 30), ("csv", 8), ("event", 2)))},
               %(now)s - make_interval(days => {age}), NULL, %(today)s::date + 1095 - {age}, NULL,
               CASE WHEN mod(g, 250) = 0 THEN %(now)s END, %(now)s - make_interval(days => {age}), %(now)s, a.id, %(t)s
        FROM generate_series(0, {s.persons - 1}) g
        LEFT JOIN bench_acc a ON mod(g, 5) < 3 AND a.idx = {rnd("g", 5, max(1, s.accounts * 4 // 5))}""")
    lo.temp("bench_person", """SELECT (row_number() OVER (ORDER BY id) - 1)::int AS idx, id FROM contacts_person
                               WHERE tenant_id = %(t)s""", "idx")
    # Relationship g: person g mod P, known by relationships / persons (2) different employees (g / P apart).
    kinds = (("client", 30), ("prospect", 20), ("friend", 10), ("family", 5), ("former_colleague", 8), ("alumni", 5),
             ("club_fellow", 7), ("supplier", 5), ("partner", 5), ("other", 5))
    ended = "mod(g, 33) = 0"
    lo.run("contacts_relationship", f"""
        INSERT INTO contacts_relationship (strength, kind, context, open_to_offer, exclusive, visibility, scope, private_notes,
                                           tags, status, ended_at, created_at, updated_at, contact_import_id, owner_id,
                                           person_id, tenant_id)
        SELECT 1 + {rnd("g", 6, 5)}, {pick("g", 7, kinds)}, '', mod(g, 4) = 0, false,
               {pick("g", 8, (("private", 50), ("discoverable", 35), ("shared", 15)))},
               {pick("g", 9, (("team", 20), ("site", 60), ("group", 20)))}, '', '',
               CASE WHEN {ended} THEN 'ended' ELSE 'active' END, CASE WHEN {ended} THEN %(now)s - interval '10 days' END,
               %(now)s - make_interval(days => {rnd("g", 10, 700)}), %(now)s, NULL, o.id, p.id, %(t)s
        FROM generate_series(0, {s.relationships - 1}) g
        JOIN bench_person p ON p.idx = mod(g, {s.persons})
        JOIN bench_emp o ON o.rn = mod({rnd(f"mod(g, {s.persons})", 11, s.employees)} + g / {s.persons}, {s.employees})""")
    # Introduction requests: one per intro_every relationships not private; pending ones past the deadline expired.
    days = rnd("r.id", 12, 120)
    lo.run("contacts_introrequest", f"""
        INSERT INTO contacts_introrequest (purpose, message, status, created_at, owner_id, requester_id, tenant_id,
                                           relationship_id, owner_notified_at, answered_at, decline_reason, expires_at, outcome,
                                           outcome_at, outcome_note, purpose_kind, reminded_at, account_plan_id, referral_id)
        SELECT 'Présentation pour un besoin de flotte', '', x.status, x.created, r.owner_id, q.id, %(t)s, r.id, x.created,
               CASE WHEN x.status IN ('accepted', 'declined')
                    THEN least(%(now)s, x.created + make_interval(hours => {rnd("r.id", 13, 240)})) END,
               '', x.created + interval '7 days',
               CASE WHEN x.status = 'accepted' AND mod(r.id, 3) = 0 THEN 'met'
                    WHEN x.status = 'accepted' AND mod(r.id, 3) = 1 THEN 'deal' ELSE '' END,
               CASE WHEN x.status = 'accepted' AND mod(r.id, 3) < 2 THEN least(%(now)s, x.created + interval '12 days') END,
               '', 'need', NULL, NULL, NULL
        FROM contacts_relationship r
        CROSS JOIN LATERAL (
            SELECT CASE WHEN p.status = 'pending' AND {days} > 7 THEN 'expired' ELSE p.status END AS status,
                   %(now)s - make_interval(days => {days}, hours => {rnd("r.id", 14, 24)}) AS created
            FROM (SELECT {pick("r.id", 15, (("accepted", 55), ("declined", 15), ("pending", 30)))} AS status) p
        ) x
        JOIN bench_emp q ON q.rn = {rnd("r.id", 16, s.employees)}
        WHERE r.tenant_id = %(t)s AND r.visibility <> 'private' AND mod(r.id, {s.intro_every}) = 0""")
    # Referrals over the last year: about a quarter won (with a deal value), a fifth lost.
    lo.run("contacts_referral", f"""
        INSERT INTO contacts_referral (need, urgency, consent, status, submitted_at, accepted_at, qualified_at, closed_at,
                                       deal_value, vehicles, margin, lost_reason, updated_at, account_id, deal_department_id,
                                       handled_by_id, person_id, referrer_id, tenant_id, to_department_id, to_employee_id,
                                       to_site_id)
        SELECT 'Besoin de véhicules', {pick("g", 17, (("low", 30), ("normal", 50), ("high", 20)))}, true, x.status, x.sub,
               CASE WHEN x.status <> 'submitted' THEN least(%(now)s, x.sub + interval '2 days') END,
               CASE WHEN x.status IN ('qualified', 'won', 'lost') THEN least(%(now)s, x.sub + interval '5 days') END,
               CASE WHEN x.status IN ('won', 'lost') THEN least(%(now)s, x.sub + make_interval(days => 10 + {rnd("g", 18, 60)})) END,
               CASE WHEN x.status = 'won' THEN (5000 + {rnd("g", 19, 75000)})::numeric END,
               CASE WHEN x.status = 'won' THEN 1 + {rnd("g", 20, 5)} END,
               CASE WHEN x.status = 'won' THEN (500 + {rnd("g", 21, 5000)})::numeric END,
               CASE WHEN x.status = 'lost' THEN 'Prix' ELSE '' END, %(now)s, NULL, NULL, NULL, p.id, e.id, %(t)s, NULL, NULL,
               si.id
        FROM generate_series(0, {s.referrals - 1}) g
        CROSS JOIN LATERAL (
            SELECT {pick("g", 22, (("submitted", 25), ("accepted", 15), ("qualified", 15), ("won", 25), ("lost", 20)))} AS status,
                   %(now)s - make_interval(days => {rnd("g", 23, 360)}) AS sub
        ) x
        JOIN bench_emp e ON e.rn = {rnd("g", 24, s.employees)}
        JOIN bench_person p ON p.idx = {rnd("g", 25, s.persons)}
        JOIN bench_site si ON si.idx = {rnd("g", 26, s.sites)}""")
    # Solicitations of the last 60 days, on a tenth of the persons; a fifth of them on a few persons (over the cap).
    lo.run("contacts_solicitation", f"""
        INSERT INTO contacts_solicitation (channel, commercial, occurred_at, note, created_at, employee_id, person_id, tenant_id)
        SELECT {pick("g", 27, (("call", 30), ("email", 30), ("message", 15), ("inmail", 10), ("visit", 10), ("invitation", 5)))},
               mod(g, 4) <> 0, %(now)s - make_interval(hours => {rnd("g", 28, 24 * 60)}), '', %(now)s, e.id, p.id, %(t)s
        FROM generate_series(0, {s.solicitations - 1}) g
        JOIN bench_emp e ON e.rn = {rnd("g", 29, s.employees)}
        JOIN bench_person p ON p.idx = CASE WHEN mod(g, 5) = 0 THEN {rnd("g", 30, s.persons // 500 + 1)}
                                            ELSE {rnd("g", 30, s.persons // 10 + 1)} END""")
    # Rewards: one per won referral (a fixed rule), approved or paid, a few still pending.
    lo.run("contacts_rewardrule", """
        INSERT INTO contacts_rewardrule (name, kind, amount, percent, cap, valid_from, valid_until, created_at, ended_at,
                                         created_by_id, department_id, replaced_by_id, tenant_id)
        VALUES ('Prime de recommandation', 'fixed', 150, NULL, NULL, %(today)s::date - 400, NULL, %(now)s, NULL, NULL, NULL,
                NULL, %(t)s)""")
    lo.run("contacts_reward", f"""
        INSERT INTO contacts_reward (amount, explanation, status, created_at, approved_at, paid_at, payroll_month,
                                     rejection_reason, approved_by_id, paid_by_id, referral_id, referrer_id, tenant_id, rule_id)
        SELECT 150, 'Forfait de 150 €', x.status, r.closed_at,
               CASE WHEN x.status IN ('approved', 'paid') THEN least(%(now)s, r.closed_at + interval '3 days') END,
               CASE WHEN x.status = 'paid' THEN least(%(now)s, r.closed_at + interval '20 days') END,
               CASE WHEN x.status = 'paid' THEN date_trunc('month', least(%(now)s, r.closed_at + interval '20 days'))::date END,
               '', NULL, NULL, r.id, r.referrer_id, %(t)s, rr.id
        FROM contacts_referral r
        JOIN contacts_rewardrule rr ON rr.tenant_id = %(t)s
        CROSS JOIN LATERAL (SELECT {pick("r.id", 55, (("pending", 15), ("approved", 35), ("paid", 50)))} AS status) x
        WHERE r.tenant_id = %(t)s AND r.status = 'won'""")


def _load_networking(lo: _Loader) -> None:
    s = lo.sizes
    # Activity: a year of it; 30 % of the employees did nothing in the last 30 days (their rows are pushed back).
    channels = (("linkedin", 55), ("facebook", 15), ("instagram", 10), ("x", 5), ("youtube", 3), ("tiktok", 2), ("offline", 10))
    kinds = (("post", 15), ("share", 20), ("comment", 15), ("reaction", 20), ("connection_sent", 8), ("connection_accepted", 7),
             ("message", 8), ("inmail", 2), ("article", 1), ("live_video", 1), ("event_attended", 3))
    lo.run("networking_activity", f"""
        INSERT INTO networking_activity (occurred_on, channel, kind, reach, engagement, content_url, note, source, client_key,
                                         created_at, account_id, created_by_id, employee_id, person_id, tenant_id,
                                         activity_import_id)
        SELECT %(today)s::date - x.off, {pick("x.g", 31, channels)}, {pick("x.g", 32, kinds)},
               CASE WHEN mod(x.g, 3) = 0 THEN {rnd("x.g", 33, 5000)} END, CASE WHEN mod(x.g, 3) = 0 THEN {rnd("x.g", 34, 200)} END,
               '', '', {pick("x.g", 35, (("manual", 60), ("csv", 30), ("api", 8), ("event", 2)))}, '',
               %(now)s - make_interval(days => x.off), NULL, NULL, e.id, NULL, %(t)s, NULL
        FROM (
            SELECT g, ern, CASE WHEN mod(ern, 10) < 3 AND off0 < 30 THEN off0 + 30 ELSE off0 END AS off
            FROM (SELECT g, {rnd("g", 36, s.employees)} AS ern, {rnd("g", 37, 365)} AS off0
                  FROM generate_series(0, {s.activities - 1}) g) raw
        ) x
        JOIN bench_emp e ON e.rn = x.ern""")
    # Social profiles: LinkedIn for 90 % of the employees, Facebook 40 %, Instagram 20 %, a few X, YouTube, TikTok.
    lo.run("networking_socialprofile", f"""
        INSERT INTO networking_socialprofile (platform, url, audience_size, checked_on, checklist, positioning, completeness,
                                              created_at, updated_at, employee_id, tenant_id)
        SELECT p.platform, 'https://' || p.platform || '.example/bench/' || %(t)s || '/' || e.rn,
               {rnd("e.rn * 7 + p.i", 38, 5000)}, %(today)s::date - {rnd("e.rn * 7 + p.i", 39, 90)}, '{{}}'::jsonb,
               CASE WHEN mod(e.rn, 4) = 0 THEN 'Votre conseiller automobile' ELSE '' END,
               10 + {rnd("e.rn * 7 + p.i", 40, 91)}, %(now)s, %(now)s, e.id, %(t)s
        FROM bench_emp e
        CROSS JOIN (VALUES (0, 'linkedin', 10, 9), (1, 'facebook', 5, 2), (2, 'instagram', 5, 1), (3, 'x', 11, 1),
                           (4, 'youtube', 23, 1), (5, 'tiktok', 29, 1)) p(i, platform, modulus, keep)
        WHERE mod(e.rn + p.i, p.modulus) < p.keep""")
    # Networks: two thirds a dealership's own, one third group-wide; one target each, 80 % with a lead.
    nkinds = (("business_club", 25), ("chamber", 15), ("federation", 10), ("association", 15), ("service_club", 15),
              ("sports_club", 10), ("alumni", 5), ("online_group", 5))
    lo.run("networking_network", f"""
        INSERT INTO networking_network (name, kind, city, annual_fee, priority, website, description, is_active, created_at,
                                        site_id, tenant_id)
        SELECT 'Réseau ' || g, {pick("g", 41, nkinds)}, 'Ville ' || g,
               CASE WHEN mod(g, 4) = 0 THEN NULL ELSE (200 + {rnd("g", 42, 2000)})::numeric END, 1 + mod(g, 3), '', '',
               mod(g, 20) <> 7, %(now)s, si.id, %(t)s
        FROM generate_series(0, {s.networks - 1}) g
        LEFT JOIN bench_site si ON mod(g, 3) < 2 AND si.idx = mod(g, {s.sites})""")
    lo.temp("bench_net", """
        SELECT (row_number() OVER (ORDER BY n.id) - 1)::int AS idx, n.id, n.site_id, si.idx AS site_idx
        FROM networking_network n LEFT JOIN bench_site si ON si.id = n.site_id WHERE n.tenant_id = %(t)s""", "idx")
    at_site = "(n.site_idx IS NOT NULL AND e.site_idx = n.site_idx AND e.site_rank = mod({h} + {j}, e.site_n))"
    anywhere = f"(n.site_idx IS NULL AND e.rn = mod({{h}} + {{j}} * 7, {s.employees}))"
    lo.run("networking_networktarget", f"""
        INSERT INTO networking_networktarget (note, created_at, lead_id, network_id, site_id, tenant_id)
        SELECT '', %(now)s, e.id, n.id, n.site_id, %(t)s
        FROM bench_net n
        LEFT JOIN bench_emp e ON mod(n.idx, 5) <> 4 AND e.is_active
             AND ({at_site.format(h=rnd("n.idx", 43, 1_000_000), j=0)} OR {anywhere.format(h=rnd("n.idx", 43, 1_000_000), j=0)})
        ON CONFLICT DO NOTHING""")
    lo.run("networking_networkmembership", f"""
        INSERT INTO networking_networkmembership (role, since, paid_by_company, ended_on, created_at, employee_id, network_id,
                                                  tenant_id)
        SELECT CASE WHEN j = 0 AND mod(n.idx, 4) <> 1 THEN 'lead' WHEN j = 1 THEN 'board' ELSE 'member' END,
               %(today)s::date - {rnd("n.idx * 5 + j", 44, 1500)}, mod(n.idx + j, 2) = 0,
               CASE WHEN mod(n.idx * 5 + j, 11) = 3 THEN %(today)s::date - 20 END, %(now)s, e.id, n.id, %(t)s
        FROM bench_net n CROSS JOIN generate_series(0, 2) j
        JOIN bench_emp e ON {at_site.format(h=rnd("n.idx", 45, 1_000_000), j="j")}
                         OR {anywhere.format(h=rnd("n.idx", 45, 1_000_000), j="j")}
        ON CONFLICT DO NOTHING""")
    # Networking scores: weekly for the last score_weeks weeks (pillars 0-25 with one decimal).
    pillar = "round({} / 10.0, 1)"
    lo.run("networking_networkingscore", f"""
        INSERT INTO networking_networkingscore (computed_on, total, brand, reach, engage, relate, details, employee_id,
                                                tenant_id, run_id)
        SELECT %(today)s::date - 7 * w, x.b + x.r + x.en + x.rl, x.b, x.r, x.en, x.rl, '{{}}'::jsonb, e.id, %(t)s, NULL
        FROM bench_emp e CROSS JOIN generate_series(0, {s.score_weeks - 1}) w
        CROSS JOIN LATERAL (
            SELECT {pillar.format(rnd(f"e.rn * {s.score_weeks} + w", 46, 251))} AS b,
                   {pillar.format(rnd(f"e.rn * {s.score_weeks} + w", 47, 251))} AS r,
                   {pillar.format(rnd(f"e.rn * {s.score_weeks} + w", 48, 251))} AS en,
                   {pillar.format(rnd(f"e.rn * {s.score_weeks} + w", 49, 251))} AS rl
        ) x
        WHERE e.is_active OR w > 4""")
    # Two closed conviction pulses, answered by 40 % of the active employees each (answers are anonymous).
    lo.run("networking_pulse", """
        INSERT INTO networking_pulse (title, opens_on, closes_on, status, audience_site_ids, audience_department_ids,
                                      audience_size, created_at, closed_at, created_by_id, tenant_id)
        SELECT 'Pulse de conviction ' || k, %(today)s::date - 40 - 90 * k, %(today)s::date - 10 - 90 * k, 'closed', '[]', '[]',
               (SELECT count(*) FROM bench_emp WHERE is_active), %(now)s - make_interval(days => 40 + 90 * k),
               %(now)s - make_interval(days => 10 + 90 * k), NULL, %(t)s
        FROM generate_series(0, 1) k""")
    answered = "FROM bench_emp e CROSS JOIN networking_pulse pu WHERE pu.tenant_id = %(t)s AND e.is_active AND mod(e.rn + pu.id, 5) < 2"
    lo.run("networking_pulseanswer", f"""
        INSERT INTO networking_pulseanswer (id, offered_own_circle, pride, recommend_products, recommend_employer, comment,
                                            pulse_id, tenant_id)
        SELECT gen_random_uuid(), {pick("e.rn * 3 + pu.id", 50, (("never", 20), ("uh_no", 35), ("yes", 45)))},
               1 + {rnd("e.rn * 3 + pu.id", 51, 5)}, {rnd("e.rn * 3 + pu.id", 52, 11)}, {rnd("e.rn * 3 + pu.id", 53, 11)}, '',
               pu.id, %(t)s
        {answered}""")
    lo.run("networking_pulseparticipation", f"""
        INSERT INTO networking_pulseparticipation (id, employee_id, pulse_id, tenant_id)
        SELECT gen_random_uuid(), e.id, pu.id, %(t)s {answered}""")
    # Coaching notes: one per active team member, by their manager, follow-ups around today.
    lo.run("networking_coachingnote", f"""
        INSERT INTO networking_coachingnote (focus, actions_agreed, follow_up_on, follow_up_done_at, reminded_at, created_at,
                                             updated_at, author_id, employee_id, tenant_id)
        SELECT 'Compléter le profil LinkedIn', 'Ajouter une photo et une accroche', %(today)s::date - 10 + {rnd("e.id", 54, 30)},
               NULL, NULL, %(now)s - interval '20 days', %(now)s, e.manager_id, e.id, %(t)s
        FROM bns_employee e WHERE e.tenant_id = %(t)s AND e.manager_id IS NOT NULL AND e.is_active""")


def _load_programme(lo: _Loader, today: date) -> None:
    """The current iteration of the BNS programme, started through its service (8 steps, an audit row), then, in SQL,
    the self-assessment answered by a fifth of the active employees, ten actions and their budget lines."""
    from datetime import timedelta

    from bns.models import Employee
    from bns.programme.diagnostic.questionnaire import QUESTIONS
    from bns.programme.home.services import programme_start

    executive = Membership.unscoped.select_related("user").get(tenant=lo.tenant, role=Role.EXECUTIVE).user
    director = Employee.unscoped.get(tenant=lo.tenant, external_id="BENCH-0")
    started = time.monotonic()
    programme = programme_start(tenant=lo.tenant, actor=executive, title="Programme BNS", process_owner=director,
                                starts_on=today - timedelta(days=30), target_end_on=today + timedelta(days=120))
    lo.steps["bns_programme"] = time.monotonic() - started
    lo.params["programme"] = programme.pk
    questions = ", ".join(f"({i}, '{code}', '{question.dimension}')" for i, (code, question) in enumerate(QUESTIONS.items()))
    lo.run("bns_diagnosticanswer", f"""
        INSERT INTO bns_diagnosticanswer (dimension, question, level, comment, answered_at, respondent_id, tenant_id,
                                          programme_id)
        SELECT q.dimension, q.code, 1 + {rnd("e.rn * 64 + q.i", 56, 5)}, '', %(now)s - interval '20 days', e.id, %(t)s,
               %(programme)s
        FROM bench_emp e CROSS JOIN (VALUES {questions}) q(i, code, dimension)
        WHERE e.is_active AND mod(e.rn, 5) = 0""")
    lo.run("bns_programmeaction", f"""
        INSERT INTO bns_programmeaction (title, kind, description, status, budget_planned, budget_actual, starts_on, deadline,
                                         created_at, owner_id, programme_id, tenant_id, review_id)
        SELECT 'Action ' || g, {pick("g", 57, (("training", 30), ("tool", 20), ("content", 20), ("event", 20), ("process", 10)))},
               '', {pick("g", 58, (("planned", 30), ("in_progress", 40), ("done", 30)))}, 1000 * (1 + mod(g, 5)),
               500 * mod(g, 4), %(today)s::date - 20, %(today)s::date + 60, %(now)s, e.id, %(programme)s, %(t)s, NULL
        FROM generate_series(0, 9) g JOIN bench_emp e ON e.rn = 0""")
    lo.run("bns_budgetline", """
        INSERT INTO bns_budgetline (label, planned, actual, replaces, replaced_amount, tenant_id, programme_id, action_id)
        SELECT 'Ligne ' || g, 2000 * (1 + mod(g, 3)), 1500 * mod(g, 3), CASE WHEN mod(g, 2) = 0 THEN 'Publicité presse' ELSE '' END,
               CASE WHEN mod(g, 2) = 0 THEN 6000 ELSE 0 END, %(t)s, %(programme)s, NULL
        FROM generate_series(0, 9) g""")


def analyze(*, vacuum: bool) -> float:
    """ANALYZE (VACUUM ANALYZE when allowed: outside a transaction) the tables the bench loads; the seconds taken.
    VACUUM also sets the visibility map, as autovacuum would on a database in service."""
    started = time.monotonic()
    tables = sorted({table for _label, table in TABLES} | {"bns_user", "bns_tenant", "dashboards_metricsnapshot",
                                                          "dashboards_snapshotrun"})
    with connection.cursor() as cursor:
        if vacuum and not connection.in_atomic_block:
            cursor.execute(f"VACUUM (ANALYZE) {', '.join(tables)}")
        else:
            cursor.execute(f"ANALYZE {', '.join(tables)}")
    return time.monotonic() - started


def row_counts(tenant: Tenant) -> dict[str, int]:
    """The rows of each loaded table for ``tenant`` (one count per table)."""
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        for label, table in TABLES:
            cursor.execute(f"SELECT count(*) FROM {table} WHERE tenant_id = %s", [tenant.pk])
            counts[label] = cursor.fetchone()[0]
    return counts


def bench_name(kind: str, scale: float | None = None, seconds: float | None = None) -> str:
    if scale is None:
        return f"BNS bench {kind}"
    suffix = f", generated in {seconds:.1f} s" if seconds is not None else ""
    return f"BNS bench {kind} (scale {scale:g}{suffix})"


def bench_mark_generated(tenant: Tenant, *, scale: float, seconds: float) -> None:
    """Record on the large tenant that its generation finished (the scale and the time taken)."""
    Tenant.objects.filter(pk=tenant.pk).update(name=bench_name("large", scale, seconds))
    tenant.name = bench_name("large", scale, seconds)
