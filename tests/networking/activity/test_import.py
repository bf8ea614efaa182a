"""CSV import of activity: per-row report, French headers, encodings, whose activity, re-import counts nothing twice,
the background run (progress, all or nothing)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from bns.models import AuditEvent
from networking.activity import import_services, importing
from networking.models import Activity, ActivityImport

from .conftest import days_ago

pytestmark = pytest.mark.django_db

D1, D2 = days_ago(3).strftime("%d/%m/%Y"), days_ago(4).isoformat()
FRENCH = (
    "Date;Type;Réseau;Portée;Engagement;Lien;Note\n"
    f"{D1};Publication;LinkedIn;1 200;45;https://www.linkedin.com/feed/update/9;Nouveau Peugeot 3008\n"
    f"{D2};commentaire;linkedin;;;;\n"
    f"{D2};commentaire;linkedin;;;;\n"  # a second identical comment the same day: two activities, not a duplicate
    f"{D1};Événement suivi;Hors ligne;;;;Club entreprises de Vannes\n"
    f"{D1};InMail;hors ligne;;;;\n"  # an InMail is not offline
    "31/02/2026;post;linkedin;;;;\n"  # no such date
    f"{D1};tweet;linkedin;;;;\n"  # unknown kind
)


def create(org, text: str | bytes, who="rep", filename="activite.csv") -> ActivityImport:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return import_services.activity_import_create(tenant=org.tenant, actor=org.u(who), filename=filename, raw_bytes=raw)


def run(org, activity_import, django_capture_on_commit_callbacks, who="rep") -> ActivityImport:
    with django_capture_on_commit_callbacks(execute=True):
        import_services.activity_import_start(tenant=org.tenant, actor=org.u(who), activity_import=activity_import)
    activity_import.refresh_from_db()
    return activity_import


def test_preview_with_french_headers_reports_each_row_and_writes_nothing(org):
    preview = create(org, FRENCH)
    assert preview.status == "preview" and preview.total_rows == 7
    assert (preview.created_count, preview.duplicate_count, preview.error_count) == (4, 0, 3)
    by_row = {r["row"]: r for r in preview.report}
    assert [by_row[n]["status"] for n in range(2, 9)] == ["new", "new", "new", "new", "error", "error", "error"]
    assert by_row[2]["kind"] == "post" and by_row[2]["employee"] == org.e("rep").full_name
    assert "does not happen on" in by_row[6]["errors"][0]
    assert "not a date" in by_row[7]["errors"][0]
    assert "not known" in by_row[8]["errors"][0]
    assert not Activity.unscoped.filter(tenant=org.tenant).exists()


def test_apply_stores_the_valid_rows_then_a_reimport_counts_nothing_twice(org, django_capture_on_commit_callbacks):
    done = run(org, create(org, FRENCH), django_capture_on_commit_callbacks)
    assert done.status == "done" and done.processed_rows == 7 and done.finished_at
    assert (done.created_count, done.duplicate_count, done.error_count) == (4, 0, 3)
    stored = Activity.unscoped.filter(tenant=org.tenant, employee=org.e("rep"))
    assert stored.count() == 4 and set(stored.values_list("source", flat=True)) == {"csv"}
    post = stored.get(kind="post")
    assert (post.reach, post.engagement, post.note, post.activity_import_id) == (1200, 45, "Nouveau Peugeot 3008", done.pk)
    assert stored.filter(kind="comment").count() == 2
    assert {r["status"] for r in done.report if r["row"] in (2, 3, 4, 5)} == {"created"}
    assert all(r["id"] for r in done.report if r["status"] == "created")
    assert AuditEvent.unscoped.filter(verb="activity_import.done", object_id=str(done.pk)).exists()

    again = create(org, FRENCH)
    assert (again.created_count, again.duplicate_count, again.error_count) == (0, 4, 3)
    again = run(org, again, django_capture_on_commit_callbacks)
    assert (again.created_count, again.duplicate_count) == (0, 4)
    assert stored.count() == 4


def test_english_headers_commas_and_a_client_key_column(org, django_capture_on_commit_callbacks):
    text = ("date,kind,channel,reach,client key\n"
            f"{D2},post,LinkedIn,300,tool-1\n"
            f"{D2},share,Facebook,,tool-2\n"
            f"{D2},share,Facebook,,tool-2\n")
    done = run(org, create(org, text), django_capture_on_commit_callbacks)
    assert (done.created_count, done.duplicate_count) == (2, 1)
    assert set(Activity.unscoped.values_list("client_key", flat=True)) == {"tool-1", "tool-2"}


def test_windows_1252_file_from_french_excel(org):
    text = "Date;Type;Réseau;Note\n" + f"{D1};Réaction;LinkedIn;Très bien vu, l'équipe\n"
    preview = create(org, text.encode("cp1252"))
    assert preview.created_count == 1 and preview.error_count == 0


def test_utf8_with_bom_and_excel_sep_line(org):
    text = "\ufeffsep=;\nDate;Type;Réseau\n" + f"{D1};post;linkedin\n"
    assert create(org, text).created_count == 1


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty"),
    (b"PK\x03\x04rest of a zip", "Excel"),
    (b"Date;Note\n01/01/2026;x\n", "Missing columns"),
    ("Date;Type;Réseau\n".encode(), "no activity rows"),
])
def test_unusable_files_are_refused_with_a_message(org, content, message):
    with pytest.raises(ValidationError) as exc:
        create(org, content)
    assert message in exc.value.message_dict["file"][0]
    assert not ActivityImport.unscoped.exists()


def test_size_and_row_limits(org, monkeypatch):
    monkeypatch.setattr(importing, "MAX_FILE_BYTES", 100)
    with pytest.raises(ValidationError) as exc:
        create(org, "Date;Type;Réseau\n" + f"{D1};post;linkedin\n" * 20)
    assert "too large" in exc.value.message_dict["file"][0]
    monkeypatch.setattr(importing, "MAX_FILE_BYTES", 10**6)
    monkeypatch.setattr(importing, "MAX_ROWS", 3)
    with pytest.raises(ValidationError) as exc:
        create(org, "Date;Type;Réseau\n" + f"{D1};post;linkedin\n" * 4)
    assert "at most 3" in exc.value.message_dict["file"][0]


def test_a_rep_file_is_their_own_activity_and_cannot_name_colleagues(org):
    rep, rep2 = org.e("rep"), org.e("rep2")
    text = ("Date;Type;Réseau;E-mail\n"
            f"{D1};post;linkedin;{rep.email}\n"
            f"{D1};post;linkedin;{rep2.email}\n"
            f"{D1};comment;linkedin;\n")
    preview = create(org, text, who="rep")
    statuses = {r["row"]: r["status"] for r in preview.report}
    assert statuses == {2: "new", 3: "error", 4: "new"}
    assert "your own activity" in preview.report[1]["errors"][0]


def test_the_networks_manager_imports_for_employees_by_email_or_number(org, django_capture_on_commit_callbacks):
    rep, rep2 = org.e("rep"), org.e("rep2")
    text = ("Date;Type;Réseau;E-mail;Matricule\n"
            f"{D1};post;linkedin;{rep.email.upper()};\n"
            f"{D1};post;linkedin;;{rep2.external_id}\n"
            f"{D1};post;linkedin;nobody@example.com;\n"
            f"{D1};post;linkedin;{rep.email};{rep2.external_id}\n"
            f"{D1};post;linkedin;;\n")
    preview = create(org, text, who="admin")  # an admin with no employee record
    by_row = {r["row"]: r for r in preview.report}
    assert [by_row[n]["status"] for n in range(2, 7)] == ["new", "new", "error", "error", "error"]
    assert "nobody in the group" in by_row[4]["errors"][0]
    assert "two different people" in by_row[5]["errors"][0]
    assert "say whose activity" in by_row[6]["errors"][0]
    done = run(org, preview, django_capture_on_commit_callbacks, who="admin")
    assert done.created_count == 2
    assert set(Activity.unscoped.values_list("employee_id", flat=True)) == {rep.pk, rep2.pk}


def test_the_apply_is_all_or_nothing(org, django_capture_on_commit_callbacks, monkeypatch):
    from networking.activity import services

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("networking.activity.import_services.batch_write", broken)
    preview = create(org, FRENCH)
    with pytest.raises(RuntimeError):
        run(org, preview, django_capture_on_commit_callbacks)
    preview.refresh_from_db()
    assert preview.status == "failed" and "disk full" in preview.report[0]["errors"][0]
    assert not Activity.unscoped.exists()
    # Once the cause is gone, the same import can be started again.
    monkeypatch.setattr("networking.activity.import_services.batch_write", services.batch_write)
    done = run(org, preview, django_capture_on_commit_callbacks)
    assert done.status == "done" and done.created_count == 4 and Activity.unscoped.count() == 4


def test_the_task_is_idempotent(org, django_capture_on_commit_callbacks):
    from networking.activity.tasks import activity_import_process

    done = run(org, create(org, FRENCH), django_capture_on_commit_callbacks)
    assert activity_import_process.delay(done.pk, org.tenant.pk).get() == "skipped"
    assert activity_import_process.delay(10**9, org.tenant.pk).get() == "skipped"
    assert Activity.unscoped.count() == 4


def test_only_its_uploader_or_the_networks_managers_may_start_an_import(org):
    from django.core.exceptions import PermissionDenied

    preview = create(org, FRENCH)
    with pytest.raises(PermissionDenied):
        import_services.activity_import_start(tenant=org.tenant, actor=org.u("rep2"), activity_import=preview)


def test_parse_values_people_type():
    assert importing.parse_date("25/11/2026").isoformat() == "2026-11-25"
    assert importing.parse_date("25.11.2026").isoformat() == "2026-11-25"
    assert importing.parse_date("2026-11-25T10:00:00").isoformat() == "2026-11-25"
    assert importing.parse_date("31/02/2026") is None
    result = importing.activity_csv_parse("Date;Kind;Where\n25/11/2026;J'aime;Twitter\n25/11/2026;Live vidéo;YouTube\n")
    assert [(r.values["kind"], r.values["channel"]) for r in result.rows] == [("reaction", "x"), ("live_video", "youtube")]
