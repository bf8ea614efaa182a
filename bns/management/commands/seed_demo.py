"""``manage.py seed_demo``: the demo groups, dealerships, staff and logins (see bns/demo_data.py).

Deterministic and idempotent: every row is matched first (tenant by slug, dealership by name, employee by
employee number, user by e-mail, membership by user) and only what is missing is created, through the
services, so a second run writes nothing (no new audit event either).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models.functions import Lower

from bns.demo_data import DEMO_PASSWORD, TenantPlan, demo_plans
from bns.demo_hooks import demo_seeders_run
from bns.models import Department, Employee, Membership, Role, Site, Tenant, User
from bns.services.members import membership_grant
from bns.services.org import employee_create, site_create, tenant_create
from bns.tenancy import tenant_scope


class Command(BaseCommand):
    help = "Create (or complete) the demo groups 'armor' and 'atlantique' with their staff and demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEMO_PASSWORD, help="Password of every demo login (default: %(default)s).")
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off (never on a real customer's database).")

    def handle(self, *args, password: str, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates demo logins with a known password: it refuses to run with DEBUG off. "
                "Use --force if this really is a demo or test database."
            )
        if not password:
            raise CommandError("--password cannot be empty.")
        started = time.monotonic()
        self.created: dict[str, int] = {}
        self._encoded_password: str | None = None
        self._checked: dict[str, bool] = {}  # encoded password -> matches the requested one
        logins: list[tuple[str, str, str, str]] = []
        with transaction.atomic():
            for plan in demo_plans():
                logins.extend(self._seed_tenant(plan, password))
            # The other apps' demo data (contacts...), registered through bns.demo_hooks: bns imports none of them.
            tenants = {t.slug: t for t in Tenant.objects.filter(slug__in=[p.slug for p in demo_plans()])}
            extra = demo_seeders_run(tenants=tenants, stdout=self.stdout)
        summary = ", ".join(f"{n} {what}" for what, n in self.created.items() if n) or "nothing (already complete)"
        self.stdout.write(f"Demo data ready in {time.monotonic() - started:.1f}s; created: {summary}.")
        if any(extra.values()):
            self.stdout.write("Demo address books: created " + ", ".join(f"{n} {what}" for what, n in extra.items() if n) + ".")
        self._print_logins(logins, password)

    def _count(self, what: str, n: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + n

    # --- one group ----------------------------------------------------------------------------------------

    def _seed_tenant(self, plan: TenantPlan, password: str) -> list[tuple[str, str, str, str]]:
        tenant = Tenant.objects.filter(slug=plan.slug).first()
        if tenant is None:
            tenant = tenant_create(name=plan.name, slug=plan.slug)
            self._count("groups")
        with tenant_scope(tenant):
            sites = self._seed_sites(tenant, plan)
            employees = self._seed_employees(tenant, plan, sites)
            return self._seed_logins(tenant, plan, employees, password)

    def _seed_sites(self, tenant: Tenant, plan: TenantPlan) -> dict[str, Site]:
        existing = {s.lname: s for s in Site.unscoped.filter(tenant=tenant).annotate(lname=Lower("name"))}
        sites = {}
        for spec in plan.sites:
            site = existing.get(spec.name.lower())
            if site is None:
                site = site_create(tenant=tenant, actor=None, name=spec.name, brands=spec.brands, city=spec.city, region=spec.region)
                self._count("dealerships")
            sites[spec.key] = site
        return sites

    def _seed_employees(self, tenant: Tenant, plan: TenantPlan, sites: dict[str, Site]) -> dict[str, Employee]:
        departments = {d.code.upper(): d for d in Department.unscoped.filter(tenant=tenant)}
        missing = {spec.department_code for spec in plan.employees} - set(departments)
        if missing:
            raise CommandError(f"Group '{tenant.slug}' has no department with code(s) {', '.join(sorted(missing))}.")
        existing = {e.external_id: e for e in Employee.unscoped.filter(tenant=tenant).exclude(external_id="")}
        by_id: dict[str, Employee] = {}
        for spec in plan.employees:  # managers come before their reports in the plan
            employee = existing.get(spec.external_id)
            if employee is None:
                employee = employee_create(
                    tenant=tenant,
                    actor=None,
                    first_name=spec.first_name,
                    last_name=spec.last_name,
                    email=spec.email,
                    external_id=spec.external_id,
                    site=sites.get(spec.site_key) if spec.site_key else None,
                    department=departments[spec.department_code],
                    job_title=spec.job_title,
                    manager=by_id.get(spec.manager_id) if spec.manager_id else None,
                )
                self._count("employees")
            by_id[spec.external_id] = employee
        return by_id

    def _seed_logins(self, tenant: Tenant, plan: TenantPlan, employees: dict[str, Employee], password: str):
        rows = []
        for login in plan.logins:
            employee = None
            if login.employee_tag:
                spec = next(s for s in plan.employees if login.employee_tag in s.tags)
                employee = employees[spec.external_id]
            user = self._user(login.email, login.full_name or (employee.full_name if employee else ""), password)
            membership = Membership.unscoped.filter(tenant=tenant, user=user).first()
            up_to_date = (
                membership is not None
                and membership.is_active
                and membership.role == login.role
                and (employee is None or membership.employee_id == employee.pk)
            )
            if not up_to_date:
                membership_grant(tenant=tenant, actor=None, user=user, role=login.role, employee=employee)
                self._count("memberships")
            label = Role(login.role).label
            rows.append((login.email, tenant.name, str(label), employee.full_name if employee else ""))
        return rows

    def _user(self, email: str, full_name: str, password: str) -> User:
        # Hashing is slow by design (PBKDF2): hash the demo password once and give every demo login the same
        # encoded value, so a run costs one hash and a re-run one check, whatever the number of logins.
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            self._count("logins")
            user = User(email=email.lower(), full_name=full_name, password=self._encoded(password))
            user.save()
            return user
        if not self._password_matches(user.password, password) or not user.is_active:
            user.password, user.is_active = self._encoded(password), True
            self._count("passwords reset")
            user.save(update_fields=["password", "is_active"])
        return user

    def _encoded(self, password: str) -> str:
        if self._encoded_password is None:
            self._encoded_password = make_password(password)
            self._checked[self._encoded_password] = True
        return self._encoded_password

    def _password_matches(self, encoded: str, password: str) -> bool:
        if encoded not in self._checked:
            self._checked[encoded] = check_password(password, encoded)
        return self._checked[encoded]

    def _print_logins(self, rows: list[tuple[str, str, str, str]], password: str) -> None:
        headers = ("login", "group", "role", "employee")
        widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

        def line(values):
            return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

        self.stdout.write("")
        self.stdout.write(f"Demo logins (password: {password}):")
        self.stdout.write(line(headers))
        self.stdout.write(line(["-" * w for w in widths]))
        for row in rows:
            self.stdout.write(line(row))
