"""Import address books from the command line, synchronously (no Celery), with the service the pages use.

    python manage.py import_contacts --tenant SLUG --owner EMAIL [--format auto|linkedin|vcard|csv] [--json] FILE...

Exits with status 1 when a file is refused (the other files are still imported), 2 on a bad --tenant/--owner.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from bns.models import Employee, Membership, Tenant
from bns.tenancy import tenant_scope
from contacts.importing import service


class Command(BaseCommand):
    help = "Import contacts (LinkedIn Connections.csv, vCard, CSV) for an employee, synchronously."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--tenant", required=True, help="the group's slug")
        parser.add_argument("--owner", required=True, help="e-mail of the employee (or of a user linked to one)")
        parser.add_argument("--format", default="auto", choices=["auto", "linkedin", "vcard", "csv"])
        parser.add_argument("--visibility", default="private", choices=["private", "discoverable", "shared"])
        parser.add_argument("--strength", type=int, default=2, choices=[1, 2, 3, 4, 5])
        parser.add_argument("--json", action="store_true", help="print a JSON object instead of text")

    def _owner(self, tenant: Tenant, email: str) -> tuple[Employee, object]:
        email = email.strip().lower()
        membership = (
            Membership.unscoped.filter(tenant=tenant, user__email__iexact=email, is_active=True, employee__isnull=False)
            .select_related("employee", "user").first()
        )
        if membership is not None:
            return membership.employee, membership.user
        employees = list(Employee.unscoped.filter(tenant=tenant).filter(Q(email__iexact=email))[:2])
        if len(employees) != 1:
            raise CommandError(f"No employee with the e-mail {email} in the group {tenant.slug}.", returncode=2)
        employee = employees[0]
        linked = Membership.unscoped.filter(tenant=tenant, employee=employee, is_active=True).select_related("user").first()
        return employee, (linked.user if linked else None)

    def handle(self, *args, **options):
        tenant = Tenant.objects.filter(slug=options["tenant"]).first()
        if tenant is None:
            raise CommandError(f"No group with the slug {options['tenant']}.", returncode=2)
        results, refused = [], False
        with tenant_scope(tenant):
            owner, actor = self._owner(tenant, options["owner"])
            for name in options["files"]:
                path = Path(name)
                item = {"file": name}
                try:
                    raw = path.read_bytes()
                except OSError as exc:
                    results.append({**item, "status": "refused", "error": f"cannot read the file: {exc.strerror}"})
                    refused = True
                    continue
                try:
                    contact_import = service.contact_import_create(
                        tenant=tenant, actor=actor, owner=owner, filename=path.name, raw_bytes=raw, format=options["format"],
                        default_visibility=options["visibility"], default_strength=options["strength"],
                    )
                except ValidationError as exc:
                    results.append({**item, "status": "refused", "error": " ".join(exc.messages)})
                    refused = True
                    continue
                service.contact_import_start_sync(tenant=tenant, contact_import=contact_import)
                contact_import = service.contact_import_run(tenant=tenant, contact_import_id=contact_import.pk, actor=actor)
                counts = {k: contact_import.counts.get(k, 0) for k in service.COUNT_KEYS.values()}
                problems = [
                    {"position": r["position"], "action": r["action"], "reason": r.get("reason", "")}
                    for r in contact_import.report if r.get("action") in (service.ERROR, service.SKIPPED)
                ]
                results.append({**item, "status": contact_import.status, "import_id": contact_import.pk,
                                "format": contact_import.format, "counts": counts, "problems": problems})
        if options["json"]:
            self.stdout.write(json.dumps({"tenant": tenant.slug, "owner": owner.email, "files": results}, ensure_ascii=False, indent=2))
        else:
            for result in results:
                if result["status"] == "refused":
                    self.stdout.write(f"{result['file']}: REFUSED - {result['error']}")
                    continue
                c = result["counts"]
                self.stdout.write(
                    f"{result['file']} ({result['format']}, import #{result['import_id']}): created {c['created']}, merged {c['merged']}, "
                    f"unchanged {c['unchanged']}, skipped {c['skipped']}, errors {c['errors']}"
                )
                for problem in result["problems"]:
                    self.stdout.write(f"  {problem['action']} at {problem['position']}: {problem['reason']}")
        if refused:
            raise CommandError("Some files were refused.", returncode=1)
