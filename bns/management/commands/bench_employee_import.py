"""``manage.py bench_employee_import --rows 5000 [--tenant SLUG]``: time the employee CSV import.

Generates an N-row staff file shaped like a real group's (a CEO, a director per dealership, a manager per
dealership and department, reps; e-mails, employee numbers, dealerships, departments; rows shuffled, so many
managers come after the people they manage) and times, separately, each phase as the pages run it:

1. first import: parse + preview (``employee_import_parse``), then apply (``employee_import_apply``: re-plan
   + set-based write), every row a creation;
2. the same file again: preview and apply (nothing changes);
3. a reorganisation: every job title changes, a tenth of the staff moves dealership and manager.

Each figure comes with its number of SQL statements; timings are taken with DEBUG off, as in production
(Django's SQL logging would add a cost per bound parameter). Without ``--tenant`` a scratch group is created and
deleted at the end; with ``--tenant`` the run happens inside a transaction that is rolled back, so the
group is left exactly as it was.
"""

from __future__ import annotations

import random
import secrets
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import override_settings

from bns import imports
from bns.models import Department, Employee, Site, Tenant
from bns.services.org import site_create, tenant_create

SITE_COUNT = 12


class _Rollback(Exception):
    """Raised to roll the transaction of a ``--tenant`` run back."""


def sample_employee_csv(*, rows: int, site_names: list[str], department_codes: list[str], prefix: str, seed: int = 1,
                        reorganise: bool = False) -> str:
    """An N-row staff file in our own format (``;``), deterministic for a given seed.

    ``reorganise`` returns the same people with every job title changed and a tenth of them moved to another
    dealership (under that dealership's manager).
    """
    rng = random.Random(seed)
    people: list[dict[str, str]] = []

    def add(role: str, site: str, department: str, manager: str) -> str:
        n = len(people)
        number = f"{prefix}{n:05d}"
        people.append(
            {
                "first": f"Prénom{n}",
                "last": f"Nom{n}",
                "email": f"{prefix.lower()}{n:05d}@bench.example",
                "number": number,
                "site": site,
                "department": department,
                "title": role,
                "manager": manager,
            }
        )
        return number

    top = "DIR" if "DIR" in department_codes else department_codes[0]
    ceo = add("Directeur général", site_names[0], top, "")
    site_heads = {site: add("Directeur de concession", site, top, ceo) for site in site_names}
    heads: dict[tuple[str, str], str] = {}
    while len(people) < rows:
        site = rng.choice(site_names)
        department = rng.choice(department_codes)
        if (site, department) not in heads:
            heads[(site, department)] = add(f"Chef de service {department}", site, department, site_heads[site])
        else:
            add(f"Conseiller {department}", site, department, heads[(site, department)])
    people = people[:rows]
    numbers = {p["number"] for p in people}
    if reorganise:
        for i, person in enumerate(people):
            person["title"] += " (2)"
            if i % 10 == 5 and person["number"] not in site_heads.values():
                site = site_names[(site_names.index(person["site"]) + 1) % len(site_names)]
                person["site"], person["manager"] = site, site_heads[site]
    rng.shuffle(people)
    lines = ["Prénom;Nom;E-mail;Matricule;Concession;Service;Poste;Matricule manager;Actif"]
    for p in people:
        manager = p["manager"] if p["manager"] in numbers else ""
        lines.append(";".join([p["first"], p["last"], p["email"], p["number"], p["site"], p["department"], p["title"], manager, "oui"]))
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = "Time the employee CSV import (parse + preview, apply) on a generated N-row file."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=5000, help="Rows in the generated file (default: %(default)s).")
        parser.add_argument(
            "--tenant", default="", help="Slug of an existing group to run in (rolled back at the end); default: a scratch group."
        )

    def handle(self, *args, rows: int, tenant: str, **options):
        if rows < 1:
            raise CommandError("--rows must be at least 1.")
        self.results: list[tuple[str, float, int, str]] = []
        if tenant:
            group = Tenant.objects.filter(slug=tenant).first()
            if group is None:
                raise CommandError(f"No group with the slug {tenant!r}.")
            try:
                with transaction.atomic():
                    self._run(group, rows)
                    raise _Rollback
            except _Rollback:
                pass
            self.stdout.write(f"Rolled back: {group.slug} is unchanged.")
        else:
            slug = f"bench-import-{secrets.token_hex(4)}"
            group = tenant_create(name="Bench employee import", slug=slug)
            try:
                for i in range(SITE_COUNT):
                    site_create(tenant=group, actor=None, name=f"Concession Bench {i + 1}", city="Rennes")
                self._run(group, rows)
            finally:
                started = time.perf_counter()
                Tenant.objects.filter(pk=group.pk).delete()
                self.stdout.write(f"Scratch group {slug} deleted in {time.perf_counter() - started:.2f}s.")
        self._print(rows)

    def _measure(self, label: str, func):
        # Timed as in production: DEBUG off (no SQL logging, whose cost grows with the statements' parameters);
        # statements counted by a wrapper that only increments a counter.
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with override_settings(DEBUG=False), connection.execute_wrapper(counter):
            started = time.perf_counter()
            result = func()
            elapsed = time.perf_counter() - started
        return result, elapsed, count, label

    def _record(self, measured, detail: str = ""):
        _result, elapsed, count, label = measured
        self.results.append((label, elapsed, count, detail))
        return _result

    def _run(self, group: Tenant, rows: int) -> None:
        site_names = list(Site.unscoped.filter(tenant=group).order_by("name").values_list("name", flat=True))[:SITE_COUNT]
        department_codes = list(Department.unscoped.filter(tenant=group).order_by("position").values_list("code", flat=True))
        if not site_names or not department_codes:
            raise CommandError("The group needs at least one dealership and one department.")
        prefix = f"B{secrets.token_hex(2).upper()}-"
        before = Employee.unscoped.filter(tenant=group).count()
        for step, reorganise in (("first import", False), ("same file again", False), ("reorganisation", True)):
            text = sample_employee_csv(
                rows=rows, site_names=site_names, department_codes=department_codes, prefix=prefix, reorganise=reorganise
            )
            data = text.encode("utf-8")
            plan = self._record(
                self._measure(f"{step}: parse + preview", lambda data=data: imports.employee_import_parse(tenant=group, data=data)),
                f"{len(data) // 1024} KiB",
            )
            if plan.file_error or plan.errors:
                raise CommandError(f"Unexpected plan: {plan.file_error or plan.errors[:3]}")
            applied = self._record(
                self._measure(
                    f"{step}: apply", lambda text=text: imports.employee_import_apply(tenant=group, actor=None, text=text, filename="bench.csv")
                )
            )
            self.results[-1] = (*self.results[-1][:3], "created {created}, updated {updated}, unchanged {unchanged}".format(**applied.summary()))
        after = Employee.unscoped.filter(tenant=group).count()
        if after - before != rows:
            raise CommandError(f"Expected {rows} new employees, found {after - before}.")

    def _print(self, rows: int) -> None:
        vendor = connection.vendor
        self.stdout.write(f"Employee import, {rows} rows, {vendor}:")
        width = max(len(label) for label, *_rest in self.results)
        for label, elapsed, count, detail in self.results:
            self.stdout.write(f"  {label:<{width}}  {elapsed:7.2f}s  {count:5d} queries  {detail}")
