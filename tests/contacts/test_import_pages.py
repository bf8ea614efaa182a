"""Import pages: upload -> preview (CSV column mapping) -> start -> status (progress) -> report, undo, list, owner only."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bns.models import Role
from contacts.importing import service
from contacts.models import ContactImport, Relationship
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def rep(tenant):
    employee = EmployeeFactory(tenant=tenant)
    user = UserFactory()
    MembershipFactory(tenant=tenant, user=user, role=Role.EMPLOYEE, employee=employee)
    return employee, user


@pytest.fixture
def rep_client(client, rep):
    client.force_login(rep[1])
    return client


def url(tenant, name, **kw):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kw})


def upload(client, tenant, name, fmt="auto", **extra):
    data = {"file": SimpleUploadedFile(name, (FIXTURES / name).read_bytes()), "format": fmt, "default_visibility": "private",
            "default_strength": "2", **extra}
    return client.post(url(tenant, "contacts_import"), data)


def test_full_flow_upload_preview_start_status_report_undo(tenant, rep, rep_client, django_capture_on_commit_callbacks):
    assert rep_client.get(url(tenant, "contacts_import")).status_code == 200
    response = upload(rep_client, tenant, "linkedin_connections.csv", default_visibility="discoverable", default_strength="4")
    ci = ContactImport.unscoped.get()
    assert response.status_code == 302 and response["Location"] == url(tenant, "contacts_import_preview", pk=ci.pk)
    preview = rep_client.get(response["Location"])
    assert preview.status_code == 200 and preview.context["contact_import"].counts["created"] == 4
    assert b"Kervella" in preview.content and not Relationship.unscoped.exists()
    status_url = url(tenant, "contacts_import_status", pk=ci.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = rep_client.post(url(tenant, "contacts_import_start", pk=ci.pk))
    assert response.status_code == 302 and response["Location"] == status_url
    page = rep_client.get(status_url)
    assert page.status_code == 200 and page.context["finished"] and b"<progress" in page.content
    assert page.context["created_list_url"] == url(tenant, "contacts_list") + f"?import={ci.pk}"
    assert [r["position"] for r in page.context["page"].object_list] == [5, 6, 7, 8, 9]
    assert Relationship.unscoped.filter(owner=rep[0], visibility="discoverable", strength=4).count() == 4
    errors_only = rep_client.get(status_url, {"action": "skipped"})
    assert [r["position"] for r in errors_only.context["page"].object_list] == [8]
    # A second start does nothing more.
    rep_client.post(url(tenant, "contacts_import_start", pk=ci.pk))
    assert Relationship.unscoped.count() == 4
    response = rep_client.post(url(tenant, "contacts_import_undo", pk=ci.pk))
    assert response.status_code == 302 and not Relationship.unscoped.exists()
    assert rep_client.get(status_url).context["undone"]
    listing = rep_client.get(url(tenant, "contacts_import_list"))
    assert [i.pk for i in listing.context["page"].object_list] == [ci.pk]


def test_progress_fragment_for_htmx_and_meta_refresh_without_js(tenant, rep, rep_client):
    upload(rep_client, tenant, "apple_contacts.vcf")
    ci = ContactImport.unscoped.get()
    ContactImport.unscoped.filter(pk=ci.pk).update(status="running", processed=1, total=2)
    status_url = url(tenant, "contacts_import_status", pk=ci.pk)
    page = rep_client.get(status_url)
    assert b'http-equiv="refresh"' in page.content and b'hx-trigger="every 1s"' in page.content
    fragment = rep_client.get(status_url, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and b'value="1"' in fragment.content and b'max="2"' in fragment.content
    assert b"<html" not in fragment.content and "HX-Refresh" not in fragment
    service.contact_import_run(tenant=tenant, contact_import_id=ci.pk)
    done = rep_client.get(status_url, HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true" and b"hx-trigger" not in done.content
    assert b'http-equiv="refresh"' not in rep_client.get(status_url).content


def test_csv_column_mapping_in_the_preview(tenant, rep, rep_client):
    data = {"file": SimpleUploadedFile("x.csv", b"Qui;Adresse;Boite\nJean Dupont;j@d.fr;ACME\n"), "format": "csv",
            "default_visibility": "private", "default_strength": "2"}
    rep_client.post(url(tenant, "contacts_import"), data)
    ci = ContactImport.unscoped.get()
    preview_url = url(tenant, "contacts_import_preview", pk=ci.pk)
    page = rep_client.get(preview_url)
    assert page.context["mapping_form"] is not None and page.context["contact_import"].counts["skipped"] == 1
    bad = rep_client.post(preview_url, {"company": "Boite"})  # no name, no e-mail column
    assert bad.status_code == 400 and bad.context["mapping_form"].errors
    response = rep_client.post(preview_url, {"full_name": "Qui", "email": "Adresse", "company": "Boite"})
    assert response.status_code == 302
    ci.refresh_from_db()
    assert ci.column_mapping == {"full_name": "Qui", "email": "Adresse", "company": "Boite"} and ci.counts["created"] == 1


@pytest.mark.parametrize("name, fmt", [("apple_contacts.vcf", "linkedin"), ("generic_fr.csv", "vcard")])
def test_refused_file_is_a_form_error(tenant, rep, rep_client, name, fmt):
    response = upload(rep_client, tenant, name, fmt)
    assert response.status_code == 400 and response.context["form"].errors["file"]
    assert not ContactImport.unscoped.exists()


def test_binary_upload_is_refused(tenant, rep, rep_client):
    data = {"file": SimpleUploadedFile("photo.vcf", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(500)), "format": "auto",
            "default_visibility": "private", "default_strength": "2"}
    response = rep_client.post(url(tenant, "contacts_import"), data)
    assert response.status_code == 400 and "file" in response.context["form"].errors


def test_member_without_employee_record_is_told_and_cannot_import(tenant, employee_client):
    page = employee_client.get(url(tenant, "contacts_import"))
    assert page.status_code == 200 and page.context["employee"] is None
    response = upload(employee_client, tenant, "apple_contacts.vcf")
    assert response.status_code == 400 and not ContactImport.unscoped.exists()


def test_only_the_owner_sees_an_import(tenant, rep, client):
    employee, user = rep
    ci = service.contact_import_create(tenant=tenant, actor=user, owner=employee, filename="a.vcf", format="auto",
                                       raw_bytes=(FIXTURES / "apple_contacts.vcf").read_bytes())
    for role in (Role.ADMIN, Role.MANAGER, Role.EMPLOYEE):
        colleague = UserFactory()
        MembershipFactory(tenant=tenant, user=colleague, role=role, employee=EmployeeFactory(tenant=tenant))
        client.force_login(colleague)
        for name in ("contacts_import_preview", "contacts_import_status"):
            assert client.get(url(tenant, name, pk=ci.pk)).status_code == 404
        for name in ("contacts_import_start", "contacts_import_undo"):
            assert client.post(url(tenant, name, pk=ci.pk)).status_code == 404
        assert list(client.get(url(tenant, "contacts_import_list")).context["page"].object_list) == []
    ci.refresh_from_db()
    assert ci.status == "preview"


@pytest.mark.parametrize("name", ["contacts_import_list", "contacts_import_status"])
def test_query_counts_do_not_grow_with_data(tenant, rep, rep_client, django_assert_max_num_queries, name):
    employee, user = rep

    def make(n):
        last = None
        for _ in range(n):
            last = service.contact_import_create(tenant=tenant, actor=user, owner=employee, filename="a.vcf", format="auto",
                                                 raw_bytes=(FIXTURES / "apple_contacts.vcf").read_bytes())
            service.contact_import_run(tenant=tenant, contact_import_id=last.pk)
        return last

    counts = []
    for n in (1, 4):
        last = make(n)
        target = url(tenant, name) if name == "contacts_import_list" else url(tenant, name, pk=last.pk)
        with django_assert_max_num_queries(40) as ctx:
            assert rep_client.get(target).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
