from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError
from django.urls import reverse
from django.utils import translation

from bns.imports import (
    employee_csv_decode,
    employee_import_apply,
    employee_import_parse,
    employee_import_plan,
)
from bns.models import AuditEvent, Employee, Tenant
from bns.services.org import EmployeeImportConflict
from bns.services.org import employee_import_apply as service_import_apply
from bns.tenancy import TenantScopeError, tenant_scope
from tests.factories import DepartmentFactory, EmployeeFactory, SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests check messages by their English msgids: run them in English (French is the default)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):  # restores the previous language afterwards (requests activate theirs)
        yield


FRENCH_FILE = (
    "Prénom;Nom;E-mail;Matricule;Concession;Métier;Poste;E-mail manager;Actif\n"
    "Hervé;Le Goff;herve.legoff@armor.example;M100;Peugeot Rennes;VN;Vendeur VN;claire.morvan@armor.example;oui\n"
    "Julie;Martin;julie.martin@armor.example;M101;peugeot rennes;Après-vente;Conseillère service;claire.morvan@armor.example;\n"
    "Claire;Morvan;claire.morvan@armor.example;M001;Peugeot Rennes;vn;Directrice de concession;;1\n"
)


@pytest.fixture
def org(tenant):
    return {
        "site": SiteFactory(tenant=tenant, name="Peugeot Rennes"),
        "vn": DepartmentFactory(tenant=tenant, code="VN", name="Véhicules neufs"),
        "apv": DepartmentFactory(tenant=tenant, code="APV", name="Après-vente"),
    }


def _upload(client, tenant, content: bytes, name: str = "salaries.csv"):
    return client.post(reverse("employee_import", args=[tenant.slug]), {"file": SimpleUploadedFile(name, content, "text/csv")})


def _confirm(client, tenant, response):
    return client.post(reverse("employee_import", args=[tenant.slug]), {"confirm": "1", "token": response.context["token"]})


def _employees(tenant) -> dict[str, Employee]:
    return {e.external_id or e.email: e for e in Employee.unscoped.filter(tenant=tenant).select_related("manager", "site", "department")}


# --- The browser flow ---------------------------------------------------------------------------------


def test_happy_path_french_headers_semicolon_preview_then_confirm(admin_client, admin_user, tenant, org):
    url = reverse("employee_import", args=[tenant.slug])
    assert admin_client.get(url).status_code == 200
    response = _upload(admin_client, tenant, FRENCH_FILE.encode("utf-8"))
    assert response.status_code == 200
    plan = response.context["plan"]
    assert (plan.to_create, plan.to_update, plan.unchanged, plan.error_count) == (3, 0, 0, 0)
    assert plan.delimiter == ";"
    assert not Employee.unscoped.filter(tenant=tenant).exists()  # the preview writes nothing

    response = _confirm(admin_client, tenant, response)
    assert response.status_code == 200
    assert response.context["plan"].to_create == 3
    employees = _employees(tenant)
    herve, julie, claire = employees["M100"], employees["M101"], employees["M001"]
    assert (herve.first_name, herve.site, herve.department, herve.job_title) == ("Hervé", org["site"], org["vn"], "Vendeur VN")
    assert julie.department == org["apv"]  # matched by name, case/accent-insensitive
    assert herve.manager == claire and julie.manager == claire  # manager declared later in the file
    assert claire.manager is None and all(e.is_active for e in employees.values())
    # One summary audit row, no per-employee rows.
    events = AuditEvent.unscoped.filter(tenant=tenant)
    assert list(events.values_list("verb", flat=True)) == ["employee.import"]
    event = events.get()
    assert event.actor == admin_user
    assert event.data["created"] == 3 and event.data["file"] == "salaries.csv"
    # The pending file is gone: confirming twice does nothing.
    response = admin_client.post(url, {"confirm": "1", "token": "whatever"})
    assert response.status_code == 302


def test_reimport_is_idempotent(admin_client, tenant, org):
    response = _upload(admin_client, tenant, FRENCH_FILE.encode("utf-8"))
    _confirm(admin_client, tenant, response)
    before = {e.pk: e.updated_at for e in Employee.unscoped.filter(tenant=tenant)}
    audit_count = AuditEvent.unscoped.filter(tenant=tenant).count()

    response = _upload(admin_client, tenant, FRENCH_FILE.encode("utf-8"))
    assert response.status_code == 200
    plan = response.context["plan"]
    assert (plan.to_create, plan.to_update, plan.unchanged, plan.error_count) == (0, 0, 3, 0)
    html = response.content.decode()
    assert 'name="confirm"' not in html  # nothing to confirm
    # Applying it anyway changes nothing either.
    plan = employee_import_apply(tenant=tenant, actor=None, text=FRENCH_FILE)
    assert plan.unchanged == 3 and not plan.has_changes
    assert {e.pk: e.updated_at for e in Employee.unscoped.filter(tenant=tenant)} == before
    assert AuditEvent.unscoped.filter(tenant=tenant).count() == audit_count


def test_cp1252_file_with_accents(admin_client, tenant, org):
    content = "Prénom;Nom;Concession\r\nHervé;Lécuyer;Peugeot Rennes\r\nGaëlle;Kéré;Peugeot Rennes\r\n".encode("cp1252")
    response = _upload(admin_client, tenant, content)
    assert response.status_code == 200
    assert response.context["plan"].encoding == "Windows-1252"
    _confirm(admin_client, tenant, response)
    assert set(Employee.unscoped.filter(tenant=tenant).values_list("first_name", "last_name")) == {
        ("Hervé", "Lécuyer"),
        ("Gaëlle", "Kéré"),
    }


def test_utf8_bom_and_comma_with_english_headers(admin_client, tenant, org):
    content = "\ufeffFirst name,Last name,Email,Employee number,Dealership,Department\nHervé,Le Goff,h@armor.example,7,Peugeot Rennes,VN\n"
    response = _upload(admin_client, tenant, content.encode("utf-8"))
    plan = response.context["plan"]
    assert (plan.encoding, plan.delimiter, plan.to_create) == ("UTF-8 (BOM)", ",", 1)
    _confirm(admin_client, tenant, response)
    employee = Employee.unscoped.get(tenant=tenant)
    assert (employee.first_name, employee.email, employee.external_id, employee.department) == ("Hervé", "h@armor.example", "7", org["vn"])


def test_missing_required_columns_refuses_the_file_and_writes_nothing(admin_client, tenant, org):
    content = b"E-mail;Concession\nherve@armor.example;Peugeot Rennes\n"
    response = _upload(admin_client, tenant, content)
    assert response.status_code == 400
    error = " ".join(response.context["form"].errors["file"])
    assert "First name" in error and "Last name" in error
    assert not Employee.unscoped.filter(tenant=tenant).exists()
    assert not AuditEvent.unscoped.filter(tenant=tenant).exists()
    # No preview is pending either.
    assert admin_client.post(reverse("employee_import", args=[tenant.slug]), {"confirm": "1", "token": ""}).status_code == 302
    assert not Employee.unscoped.filter(tenant=tenant).exists()


def test_unknown_site_row_is_reported_and_good_rows_are_imported(admin_client, tenant, org):
    content = (
        "Prénom;Nom;Concession;Service\n"
        "Hervé;Le Goff;Peugeot Rennes;VN\n"
        "Yann;Inconnu;Citroën Brest;VN\n"
        "Anne;Sansservice;Peugeot Rennes;Carrosserie\n"
        "Julie;Martin;;\n"
    ).encode()
    response = _upload(admin_client, tenant, content)
    plan = response.context["plan"]
    assert [(e.row, e.name) for e in plan.errors] == [(3, "Yann Inconnu"), (4, "Anne Sansservice")]
    assert "Citroën Brest" in plan.errors[0].message
    assert "Carrosserie" in plan.errors[1].message
    html = response.content.decode()
    assert "Citroën Brest" in html
    response = _confirm(admin_client, tenant, response)
    assert response.context["plan"].to_create == 2
    assert set(Employee.unscoped.filter(tenant=tenant).values_list("last_name", flat=True)) == {"Le Goff", "Martin"}


@pytest.mark.parametrize(
    "content",
    [
        bytes(range(256)) * 40,  # binary garbage
        b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 200,  # an .xlsx (zip)
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",  # a PDF
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",  # an image
    ],
)
def test_binary_files_are_refused_with_a_clear_message(admin_client, tenant, org, content):
    response = _upload(admin_client, tenant, content)
    assert response.status_code == 400
    assert "not a CSV" in " ".join(response.context["form"].errors["file"])
    assert not Employee.unscoped.filter(tenant=tenant).exists()


def test_empty_file_is_refused(admin_client, tenant):
    response = _upload(admin_client, tenant, b"")
    assert response.status_code == 400
    assert "file" in response.context["form"].errors


def test_stale_preview_token_is_refused(admin_client, tenant, org):
    _upload(admin_client, tenant, FRENCH_FILE.encode())
    response = admin_client.post(reverse("employee_import", args=[tenant.slug]), {"confirm": "1", "token": "forged"}, follow=True)
    assert "no longer valid" in response.content.decode()
    assert not Employee.unscoped.filter(tenant=tenant).exists()


def test_max_rows_setting_refuses_large_files(admin_client, tenant, org, settings):
    settings.BNS_EMPLOYEE_IMPORT_MAX_ROWS = 2
    response = _upload(admin_client, tenant, FRENCH_FILE.encode())
    assert response.status_code == 400
    assert "at most 2" in " ".join(response.context["form"].errors["file"])


def test_template_download(admin_client, tenant):
    response = admin_client.get(reverse("employee_import_template", args=[tenant.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    # The template is understood by the importer itself.
    plan = employee_import_parse(tenant=tenant, data=response.content)
    assert not plan.file_error and len(plan.columns) == 10 and not plan.ignored_columns


def test_export_then_reimport_changes_nothing(admin_client, tenant, org):
    boss = EmployeeFactory(tenant=tenant, first_name="Claire", last_name="Morvan", email="c@armor.example", external_id="M1", site=org["site"], department=org["vn"])
    EmployeeFactory(tenant=tenant, first_name="Hervé", last_name="Le Goff", email="h@armor.example", external_id="", site=org["site"], department=org["apv"], manager=boss)
    EmployeeFactory(tenant=tenant, first_name="Igor", last_name="Parti", email="", external_id="M9", site=None, department=None, is_active=False)
    exported = admin_client.get(reverse("employee_export", args=[tenant.slug]), {"active": "all"}).content
    plan = employee_import_parse(tenant=tenant, data=exported)
    assert (plan.unchanged, plan.to_create, plan.to_update, plan.error_count) == (3, 0, 0, 0)


def test_employee_role_cannot_import(employee_client, tenant):
    response = _upload(employee_client, tenant, FRENCH_FILE.encode())
    assert response.status_code == 403
    assert not Employee.unscoped.filter(tenant=tenant).exists()


# --- The parser and planner (pure functions) ----------------------------------------------------------


def test_update_matches_by_employee_number_then_email(tenant, org):
    by_number = EmployeeFactory(tenant=tenant, first_name="Hervé", last_name="Le Goff", email="old@armor.example", external_id="M100", job_title="Vendeur")
    by_email = EmployeeFactory(tenant=tenant, first_name="Julie", last_name="Martin", email="julie@armor.example", external_id="", job_title="Vendeuse")
    text = (
        "prenom;nom;email;matricule;fonction\n"
        "Hervé;Le Goff;herve@armor.example;M100;Chef des ventes\n"
        "Julie;Martin;JULIE@armor.example;J7;Vendeuse\n"
        "Paul;Nouveau;;;\n"
    )
    plan = employee_import_plan(tenant=tenant, text=text)
    assert [(r.row, r.action, r.employee_id) for r in plan.rows] == [(2, "update", by_number.pk), (3, "update", by_email.pk), (4, "create", None)]
    employee_import_apply(tenant=tenant, actor=None, text=text)
    by_number.refresh_from_db()
    by_email.refresh_from_db()
    assert (by_number.email, by_number.job_title) == ("herve@armor.example", "Chef des ventes")
    assert (by_email.external_id, by_email.job_title) == ("J7", "Vendeuse")
    assert Employee.unscoped.filter(tenant=tenant).count() == 3


def test_empty_cells_keep_the_current_values(tenant, org):
    employee = EmployeeFactory(tenant=tenant, external_id="M1", site=org["site"], department=org["vn"], job_title="Vendeur", is_active=True)
    text = f"Prénom;Nom;Matricule;Concession;Service;Poste;Actif\n{employee.first_name};{employee.last_name};M1;;;;\n"
    plan = employee_import_plan(tenant=tenant, text=text)
    assert plan.unchanged == 1


def test_row_errors_are_reported_with_spreadsheet_row_numbers(tenant, org):
    EmployeeFactory(tenant=tenant, first_name="Existant", last_name="Ailleurs", email="taken@armor.example", external_id="X1")
    text = (
        "Prénom;Nom;E-mail;Matricule;Actif;Matricule manager\n"  # row 1
        "Hervé;Le Goff;pas-un-email;M1;;\n"  # 2: bad e-mail
        "Julie;Martin;julie@armor.example;M2;;\n"  # 3: fine
        "Julie;Martin bis;JULIE@armor.example;M3;;\n"  # 4: duplicate e-mail in the file
        ";Sansprénom;;M4;;\n"  # 5: first name missing
        "\n"  # 6: blank line, ignored
        "Paul;Durand;;M5;peut-être;\n"  # 7: bad active value
        "Marc;Orphelin;;M6;;M999\n"  # 8: manager not found
        "Luc;Conflit;taken@armor.example;M7;;\n"  # 9: M7 is new, so it matches the existing employee by e-mail
        "Léa;Double;lea@armor.example;M2;;\n"  # 10: duplicate number in the file
        "Zoé;Chefdepaul;;M8;;M1\n"  # 11: her manager is on a refused row
    )
    plan = employee_import_plan(tenant=tenant, text=text)
    errors = {e.row: e.message for e in plan.errors}
    assert set(errors) == {2, 4, 5, 7, 8, 10, 11}
    assert "pas-un-email" in errors[2]
    assert "row 3" in errors[4]
    assert "M999" in errors[8]
    assert "row 3" in errors[10]
    assert "row 2" in errors[11]
    assert [(r.row, r.action) for r in plan.rows] == [(3, "create"), (9, "update")]


def test_manager_by_number_later_in_file_and_loops_refused(tenant, org):
    text = (
        "Prénom;Nom;Matricule;Matricule manager\n"
        "Hervé;Le Goff;M1;M3\n"
        "Julie;Martin;M2;M1\n"
        "Claire;Morvan;M3;\n"
        "Boucle;Un;L1;L2\n"
        "Boucle;Deux;L2;L1\n"
        "Moi;Même;S1;S1\n"
    )
    plan = employee_import_plan(tenant=tenant, text=text)
    assert {e.row for e in plan.errors} == {5, 6, 7}
    employee_import_apply(tenant=tenant, actor=None, text=text)
    employees = _employees(tenant)
    assert employees["M1"].manager == employees["M3"]
    assert employees["M2"].manager == employees["M1"]
    assert set(employees) == {"M1", "M2", "M3"}


def test_manager_loop_through_existing_employees_is_refused(tenant, org):
    boss = EmployeeFactory(tenant=tenant, external_id="B1")
    EmployeeFactory(tenant=tenant, external_id="R1", manager=boss)
    text = f"Prénom;Nom;Matricule;Responsable\n{boss.first_name};{boss.last_name};B1;R1\n"
    plan = employee_import_plan(tenant=tenant, text=text)
    assert [e.row for e in plan.errors] == [2]
    assert not plan.rows


def test_excel_sep_line_quotes_and_formula_apostrophe(tenant, org):
    text = 'sep=;\nPrénom;Nom;"Poste (intitulé)"\n"Hervé";"Le Goff";"\'=Directeur; adjoint"\n'
    plan = employee_import_plan(tenant=tenant, text=text)
    assert plan.delimiter == ";" and not plan.errors
    assert plan.rows[0].row == 2
    assert plan.rows[0].values["job_title"] == "=Directeur; adjoint"


def test_decode_encodings():
    assert employee_csv_decode("Prénom;Nom\n".encode())[1] == "UTF-8"
    assert employee_csv_decode(b"\xef\xbb\xbf" + "Prénom;Nom\n".encode()) == ("Prénom;Nom\n", "UTF-8 (BOM)")
    assert employee_csv_decode("Prénom;Nom\n".encode("cp1252")) == ("Prénom;Nom\n", "Windows-1252")
    assert employee_csv_decode("Prénom\tNom\n".encode("utf-16"))[0] == "Prénom\tNom\n"


def test_reorganisation_is_applied_top_down_without_a_transient_loop(tenant, org):
    # Today Anne manages Bruno; the file turns it around and puts Chloé on top: Anne -> Bruno -> Chloé.
    anne = EmployeeFactory(tenant=tenant, first_name="Anne", last_name="A", external_id="A")
    bruno = EmployeeFactory(tenant=tenant, first_name="Bruno", last_name="B", external_id="B", manager=anne)
    chloe = EmployeeFactory(tenant=tenant, first_name="Chloé", last_name="C", external_id="C")
    text = "Prénom;Nom;Matricule;Matricule manager\nAnne;A;A;B\nBruno;B;B;C\n"
    plan = employee_import_plan(tenant=tenant, text=text)
    assert not plan.errors and plan.to_update == 2
    employee_import_apply(tenant=tenant, actor=None, text=text)
    anne.refresh_from_db()
    bruno.refresh_from_db()
    assert (anne.manager_id, bruno.manager_id) == (bruno.pk, chloe.pk)
    assert employee_import_plan(tenant=tenant, text=text).unchanged == 2


# --- Applying is set-based: bounded queries, large files, stale plans -----------------------------------


def _big_file(tenant, rows: int, *, site_name: str) -> str:
    """``rows`` rows: a quarter update existing employees, the rest are created; managers head groups of 10
    and come AFTER the people they manage in the file; the managers report to an existing boss."""
    existing = rows // 4
    Employee.unscoped.bulk_create(
        [Employee(tenant=tenant, first_name=f"Old{i}", last_name="Salarié", external_id=f"E{i}", job_title="Vendeur") for i in range(existing)]
        + [Employee(tenant=tenant, first_name="Big", last_name="Boss", external_id="BOSS", email="boss@armor.example")]
    )
    lines = ["Prénom;Nom;E-mail;Matricule;Concession;Service;Poste;Matricule manager;Actif"]
    for i in reversed(range(rows)):
        manager = "BOSS" if i % 10 == 0 else f"E{i - i % 10}"
        lines.append(f"Prénom{i};Nom{i};p{i}@armor.example;E{i};{site_name};VN;Conseiller {i};{manager};oui")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("rows", [20, 400])
def test_apply_query_count_does_not_grow_with_rows(tenant, org, django_assert_max_num_queries, rows):
    text = _big_file(tenant, rows, site_name=org["site"].name)
    # Same bound at 20 and 400 rows (per-row writes cost ~7 queries a row): 3 reads to plan, 3 to check, the
    # INSERTs, 2 UPDATEs, 1 audit row, savepoints. Django caps an SQLite INSERT at 999 parameters (83 employees),
    # so 300 new rows take 4 INSERTs instead of 1: that is the only part that grows (a statement per 83 rows).
    with django_assert_max_num_queries(20):
        plan = employee_import_apply(tenant=tenant, actor=None, text=text)
    assert (plan.to_create, plan.to_update, plan.error_count) == (rows - rows // 4, rows // 4, 0)
    employees = _employees(tenant)
    assert len(employees) == rows + 1
    assert employees["E0"].manager == employees["BOSS"]
    assert employees["E13"].manager == employees["E10"]  # a new row managed by a new row further down the file
    assert employees["E1"].manager == employees["E0"]  # an updated employee managed by an updated one
    assert employees[f"E{rows - 1}"].site == org["site"] and employees["E3"].job_title == "Conseiller 3"


def test_two_thousand_rows_apply_and_reimport_changes_nothing(tenant, org, admin_user):
    text = _big_file(tenant, 2000, site_name=org["site"].name)
    before = AuditEvent.unscoped.filter(tenant=tenant).count()
    plan = employee_import_apply(tenant=tenant, actor=admin_user, text=text, filename="big.csv")
    assert (plan.to_create, plan.to_update, plan.error_count) == (1500, 500, 0)
    assert Employee.unscoped.filter(tenant=tenant).count() == 2001
    assert Employee.unscoped.filter(tenant=tenant, manager__isnull=True).count() == 1  # only the boss
    events = AuditEvent.unscoped.filter(tenant=tenant, verb="employee.import")
    assert AuditEvent.unscoped.filter(tenant=tenant).count() == before + 1
    assert events.get().data == {"file": "big.csv", "created": 1500, "updated": 500, "unchanged": 0, "errors": 0}
    again = employee_import_apply(tenant=tenant, actor=admin_user, text=text)
    assert (again.unchanged, again.has_changes) == (2000, False)
    assert AuditEvent.unscoped.filter(tenant=tenant).count() == before + 1


def test_bulk_rows_get_the_tenant_and_timestamps(tenant, org):
    old = EmployeeFactory(tenant=tenant, external_id="M1", job_title="Vendeur")
    Employee.unscoped.filter(pk=old.pk).update(updated_at=old.updated_at.replace(year=2020))
    employee_import_apply(tenant=tenant, actor=None, text="Prénom;Nom;Matricule;Poste\nA;B;M1;Chef\nC;D;M2;\n")
    old.refresh_from_db()
    new = Employee.unscoped.get(external_id="M2")
    assert old.job_title == "Chef" and old.updated_at.year > 2020  # bulk_update does not apply auto_now: set by the service
    assert new.tenant_id == tenant.pk and new.created_at and new.updated_at and new.is_active


def _stale_plan(tenant, text):
    return employee_import_plan(tenant=tenant, text=text)


def _assert_refused(tenant, plan, row, words):
    count = Employee.unscoped.filter(tenant=tenant).count()
    with pytest.raises(EmployeeImportConflict) as info:
        service_import_apply(tenant=tenant, actor=None, plan=plan)
    assert info.value.row == row and words in info.value.reason
    assert Employee.unscoped.filter(tenant=tenant).count() == count
    assert not AuditEvent.unscoped.filter(tenant=tenant, verb="employee.import").exists()


def test_stale_plan_email_taken_meanwhile_is_refused(tenant, org):
    plan = _stale_plan(tenant, "Prénom;Nom;E-mail\nA;B;a@armor.example\nC;D;c@armor.example\n")
    EmployeeFactory(tenant=tenant, first_name="Zoé", last_name="Rapide", email="C@armor.example")
    _assert_refused(tenant, plan, 3, "c@armor.example")


def test_stale_plan_deleted_site_and_other_tenants_objects_are_refused(tenant, other_tenant, org):
    plan = _stale_plan(tenant, "Prénom;Nom;Concession\nA;B;Peugeot Rennes\n")
    org["site"].delete()
    _assert_refused(tenant, plan, 2, "Peugeot Rennes")

    plan = _stale_plan(tenant, "Prénom;Nom;Service\nA;B;VN\n")
    plan.rows[0].values["department"] = DepartmentFactory(tenant=other_tenant, code="VN", name="VN ailleurs")
    _assert_refused(tenant, plan, 2, "VN ailleurs")

    stranger = EmployeeFactory(tenant=other_tenant)
    plan = _stale_plan(tenant, "Prénom;Nom\nA;B\n")
    plan.rows[0].manager_target = ("employee", stranger.pk)
    _assert_refused(tenant, plan, 2, "manager")


def test_stale_plan_creating_a_management_loop_is_refused(tenant, org):
    anne = EmployeeFactory(tenant=tenant, external_id="A")
    bruno = EmployeeFactory(tenant=tenant, external_id="B")
    plan = _stale_plan(tenant, f"Prénom;Nom;Matricule;Matricule manager\n{anne.first_name};{anne.last_name};A;B\n")
    Employee.unscoped.filter(pk=bruno.pk).update(manager=anne)  # meanwhile, Anne became Bruno's manager
    _assert_refused(tenant, plan, 2, "loop")
    anne.refresh_from_db()
    assert anne.manager is None


def test_concurrent_write_refused_by_the_database_shows_a_message(admin_client, tenant, org, monkeypatch):
    response = _upload(admin_client, tenant, FRENCH_FILE.encode())

    def refuse(*args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed")

    monkeypatch.setattr(Employee.unscoped, "bulk_create", refuse)
    response = admin_client.post(
        reverse("employee_import", args=[tenant.slug]), {"confirm": "1", "token": response.context["token"]}, follow=True
    )
    html = response.content.decode()
    assert "Nothing was imported" in html and "at the same time" in html
    assert not Employee.unscoped.filter(tenant=tenant).exists()
    assert not AuditEvent.unscoped.filter(tenant=tenant).exists()


def test_bulk_apply_refuses_another_tenant_in_scope(tenant, other_tenant, org):
    plan = employee_import_plan(tenant=tenant, text="Prénom;Nom\nA;B\n")
    with tenant_scope(other_tenant), pytest.raises(TenantScopeError):
        service_import_apply(tenant=tenant, actor=None, plan=plan)
    assert not Employee.unscoped.exists()
    with tenant_scope(tenant):
        assert service_import_apply(tenant=tenant, actor=None, plan=plan) == {"created": 1, "updated": 0, "unchanged": 0, "errors": 0}


def test_bench_command_scratch_tenant_is_deleted_and_given_tenant_is_left_unchanged(tenant, org):
    out = StringIO()
    call_command("bench_employee_import", rows=60, stdout=out)
    output = out.getvalue()
    assert "first import: apply" in output and "created 60" in output and "updated 60" in output
    assert not Tenant.objects.filter(slug__startswith="bench-import-").exists()

    out = StringIO()
    call_command("bench_employee_import", rows=30, tenant=tenant.slug, stdout=out)
    assert "created 30" in out.getvalue()
    assert not Employee.unscoped.filter(tenant=tenant).exists()
    assert not AuditEvent.unscoped.filter(tenant=tenant).exists()
