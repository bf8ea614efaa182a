"""manage.py import_contacts: same service, synchronous, text and JSON summaries, exit codes."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, ManagementUtility, call_command
from django.db import connections

from bns.models import Role
from contacts.models import ContactImport, LedgerEntry, Relationship
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def rep(tenant):
    return EmployeeFactory(tenant=tenant, email="yvon.rep@armor.example")


def call(*args):
    out = StringIO()
    call_command("import_contacts", *args, stdout=out)
    return out.getvalue()


def test_text_summary_with_positions(tenant, rep):
    out = call("--tenant", tenant.slug, "--owner", "Yvon.Rep@armor.example", str(FIXTURES / "google_contacts.vcf"))
    assert "created 2, merged 0, unchanged 0, skipped 0, errors 1" in out
    assert "error at 2:" in out
    assert Relationship.unscoped.filter(owner=rep).count() == 2
    assert ContactImport.unscoped.get().status == "done"
    assert LedgerEntry.unscoped.filter(verb="import").count() == 1


def test_json_summary_and_idempotent_rerun(tenant, rep):
    args = ("--tenant", tenant.slug, "--owner", rep.email, "--format", "linkedin", "--json", str(FIXTURES / "linkedin_connections.csv"))
    first = json.loads(call(*args))
    assert first["files"][0]["counts"] == {"created": 4, "merged": 0, "unchanged": 0, "skipped": 1, "errors": 0}
    assert first["files"][0]["problems"] == [{"position": 8, "action": "skipped", "reason": first["files"][0]["problems"][0]["reason"]}]
    second = json.loads(call(*args))
    assert second["files"][0]["counts"] == {"created": 0, "merged": 0, "unchanged": 4, "skipped": 1, "errors": 0}


def test_owner_by_the_email_of_a_linked_user(tenant, rep):
    user = UserFactory(email="login@armor.example")
    MembershipFactory(tenant=tenant, user=user, role=Role.EMPLOYEE, employee=rep)
    call("--tenant", tenant.slug, "--owner", "login@armor.example", str(FIXTURES / "contact_v4.vcf"))
    assert Relationship.unscoped.get().owner == rep
    assert ContactImport.unscoped.get().created_by == user


def test_refused_file_exits_non_zero_and_the_others_are_imported(tenant, rep, tmp_path):
    bad = tmp_path / "not-a-vcard.vcf"
    bad.write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(CommandError) as exc:
        call("--tenant", tenant.slug, "--owner", rep.email, "--json", str(bad), str(FIXTURES / "contact_v4.vcf"))
    assert exc.value.returncode == 1
    assert Relationship.unscoped.count() == 1


def test_refused_file_text_output(tenant, rep, capsys, monkeypatch):
    # The real command line path (exit code); run_from_argv closes every connection when it ends, which would
    # close the test transaction's connection on PostgreSQL.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with pytest.raises(SystemExit) as exc:
        ManagementUtility(["manage.py", "import_contacts", "--skip-checks", "--tenant", tenant.slug, "--owner", rep.email,
                           "--format", "vcard", str(FIXTURES / "generic_fr.csv")]).execute()
    assert exc.value.code == 1
    assert "REFUSED" in capsys.readouterr().out
    assert not ContactImport.unscoped.exists()


@pytest.mark.parametrize("tenant_slug, owner", [("nope", "x@y.z"), (None, "nobody@armor.example")])
def test_unknown_tenant_or_owner(tenant, rep, tenant_slug, owner):
    with pytest.raises(CommandError) as exc:
        call("--tenant", tenant_slug or tenant.slug, "--owner", owner, str(FIXTURES / "contact_v4.vcf"))
    assert exc.value.returncode == 2
