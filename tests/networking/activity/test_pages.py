"""Pages: my week with the quick log, a colleague's week, edit/delete, lookup, exports, the import pages."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from networking.activity import selectors, services
from networking.models import Activity, ActivityImport
from tests.factories import relationship_make

from .conftest import days_ago, login, url

pytestmark = pytest.mark.django_db


def log(org, who="rep", **kwargs):
    values = {"occurred_on": days_ago(0), "channel": "linkedin", "kind": "post", **kwargs}
    return services.activity_log(tenant=org.tenant, actor=org.u(who), **values)


def test_my_week_shows_the_quick_log_the_counts_and_what_is_measured(client, org):
    log(org, kind="comment")
    log(org, kind="comment")
    log(org, occurred_on=days_ago(14), kind="share")
    response = login(client, org.m("rep")).get(url(org.tenant, "networking_activity_mine"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "What is measured, and why" in body and "One tap logs it" in body
    assert 'data-kind="comment">2<' in body
    assert response.context["week"].total == 2
    assert sum(n for _label, n in response.context["week"].trend) == 3


def test_the_quick_log_in_one_tap(client, org):
    client = login(client, org.m("rep"))
    response = client.post(url(org.tenant, "networking_activity_mine"),
                           {"kind": "event_attended", "channel": "offline", "occurred_on": days_ago(1).isoformat()})
    assert response.status_code == 302 and "?week=" in response["Location"]
    activity = Activity.unscoped.get(tenant=org.tenant)
    assert (activity.employee, activity.kind, activity.channel) == (org.e("rep"), "event_attended", "offline")


def test_the_quick_log_refuses_a_kind_that_does_not_fit_and_says_why(client, org):
    response = login(client, org.m("rep")).post(url(org.tenant, "networking_activity_mine"),
                                                {"kind": "inmail", "channel": "offline", "occurred_on": days_ago(0).isoformat()})
    assert response.status_code == 400
    assert "does not happen on" in response.content.decode()
    future = login(client, org.m("rep")).post(url(org.tenant, "networking_activity_mine"),
                                              {"kind": "post", "channel": "linkedin", "occurred_on": days_ago(-2).isoformat()})
    assert future.status_code == 400 and "in the future" in future.content.decode()
    assert not Activity.unscoped.exists()


def test_a_member_without_employee_record_is_told_kindly(client, org):
    client = login(client, org.m("admin"))
    response = client.get(url(org.tenant, "networking_activity_mine"))
    assert response.status_code == 200 and "no employee record" in response.content.decode()
    assert client.post(url(org.tenant, "networking_activity_mine"), {"kind": "post"}).status_code == 400


def test_week_navigation(client, org):
    log(org, occurred_on=days_ago(21))
    label = selectors.week_label(days_ago(21))
    client = login(client, org.m("rep"))
    response = client.get(url(org.tenant, "networking_activity_mine"), {"week": label})
    assert response.context["week"].total == 1 and response.context["week"].next
    for garbage in ("2026-W99", "nope", "x" * 50):
        assert client.get(url(org.tenant, "networking_activity_mine"), {"week": garbage}).context["week"].is_current
    future = selectors.week_label(days_ago(-30))
    week = client.get(url(org.tenant, "networking_activity_mine"), {"week": future}).context["week"]
    assert week.is_current and week.next is None


def test_a_colleagues_week_is_for_the_manager_line_and_the_networking_leads(client, org):
    log(org)
    page = url(org.tenant, "networking_activity_employee", pk=org.e("rep").pk)
    assert login(client, org.m("manager")).get(page).status_code == 200
    assert login(client, org.m("exec")).get(page).status_code == 200
    assert login(client, org.m("rep2")).get(page).status_code == 404
    assert login(client, org.m("brest")).get(page).status_code == 404
    own = login(client, org.m("rep")).get(page)
    assert own.status_code == 302 and own["Location"].startswith(url(org.tenant, "networking_activity_mine"))


def test_a_private_contact_named_on_an_activity_is_not_shown_to_the_manager(client, org):
    rel = relationship_make(tenant=org.tenant, owner=org.e("rep"), first_name="Anne", last_name="Zorglub", company="Breizh Fleet",
                            visibility="private")
    log(org, kind="message", person=rel.person)
    mine = login(client, org.m("rep")).get(url(org.tenant, "networking_activity_mine")).content.decode()
    assert "Zorglub" in mine
    theirs = login(client, org.m("manager")).get(url(org.tenant, "networking_activity_employee", pk=org.e("rep").pk))
    assert "Zorglub" not in theirs.content.decode() and "a contact" in theirs.content.decode()


def test_edit_and_delete(client, org):
    activity = log(org)
    edit = url(org.tenant, "networking_activity_edit", pk=activity.pk)
    assert login(client, org.m("manager")).get(edit).status_code == 403  # sees it, may not change it
    assert login(client, org.m("rep2")).get(edit).status_code == 404
    client = login(client, org.m("rep"))
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"kind": "article", "channel": "linkedin", "occurred_on": days_ago(2).isoformat(), "reach": "40"})
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.kind, activity.reach, activity.occurred_on) == ("article", 40, days_ago(2))
    assert client.post(edit, {"kind": "inmail", "channel": "offline", "occurred_on": days_ago(2).isoformat()}).status_code == 400
    assert client.post(url(org.tenant, "networking_activity_delete", pk=activity.pk)).status_code == 302
    assert not Activity.unscoped.exists()


def test_lookup_lists_only_contacts_the_member_may_name(client, org):
    relationship_make(tenant=org.tenant, owner=org.e("rep"), first_name="Anne", last_name="Mine", company="A", visibility="private")
    relationship_make(tenant=org.tenant, owner=org.e("rep2"), first_name="Paul", last_name="Hidden", company="B", visibility="private")
    body = login(client, org.m("rep")).get(url(org.tenant, "networking_activity_lookup"), {"what": "person", "q": "a"}).content.decode()
    assert "Mine" in body and "Hidden" not in body


def test_exports_are_csv_for_excel(client, org):
    log(org, note="=HYPERLINK()")
    log(org, "brest", kind="comment")
    mine = login(client, org.m("rep")).get(url(org.tenant, "networking_activity_export_mine"))
    text = mine.content.decode("utf-8")
    assert mine["Content-Type"].startswith("text/csv") and text.startswith("\ufeffDate;Kind;Where")
    assert len(text.strip().splitlines()) == 2 and "'=HYPERLINK()" in text
    group = url(org.tenant, "networking_activity_export_group")
    assert login(client, org.m("rep")).get(group).status_code == 403
    client = login(client, org.m("exec"))
    assert client.get(group).status_code == 200  # the filters' form
    everything = client.get(group, {"download": "1"}).content.decode()
    assert len(everything.strip().splitlines()) == 3 and "Concession Brest" in everything
    brest = client.get(group, {"download": "1", "site": org.e("brest").site_id}).content.decode()
    assert len(brest.strip().splitlines()) == 2
    assert client.get(group, {"download": "1", "date_from": "2026-13-45"}).status_code == 400


def test_the_export_can_be_imported_again_without_double_counting(client, org, django_capture_on_commit_callbacks):
    log(org)
    log(org, kind="comment")
    client = login(client, org.m("rep"))
    exported = client.get(url(org.tenant, "networking_activity_export_mine")).content
    response = client.post(url(org.tenant, "networking_activity_import"), {"file": SimpleUploadedFile("mine.csv", exported)})
    preview = ActivityImport.unscoped.get()
    assert response.status_code == 302 and (preview.created_count, preview.duplicate_count) == (0, 2)


def test_import_pages_upload_preview_start_progress_report(client, org, django_capture_on_commit_callbacks):
    client = login(client, org.m("rep"))
    assert client.get(url(org.tenant, "networking_activity_import")).status_code == 200
    assert client.get(url(org.tenant, "networking_activity_import_template")).content.startswith("\ufeff".encode())
    csv = f"date;type;réseau\n{days_ago(1).isoformat()};post;linkedin\n{days_ago(1).isoformat()};inmail;offline\n".encode()
    response = client.post(url(org.tenant, "networking_activity_import"), {"file": SimpleUploadedFile("a.csv", csv)})
    activity_import = ActivityImport.unscoped.get()
    assert response.status_code == 302
    preview = client.get(url(org.tenant, "networking_activity_import_preview", pk=activity_import.pk))
    assert preview.status_code == 200 and "does not happen on" in preview.content.decode()
    errors_only = client.get(url(org.tenant, "networking_activity_import_preview", pk=activity_import.pk), {"status": "error"})
    assert len(errors_only.context["page"].object_list) == 1
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(url(org.tenant, "networking_activity_import_start", pk=activity_import.pk))
    assert started.status_code == 302
    status_url = url(org.tenant, "networking_activity_import_status", pk=activity_import.pk)
    fragment = client.get(status_url, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and fragment["HX-Refresh"] == "true" and "<progress" in fragment.content.decode()
    report = client.get(status_url)
    assert report.status_code == 200 and "Import finished" in report.content.decode()
    assert Activity.unscoped.count() == 1
    assert client.get(url(org.tenant, "networking_activity_imports")).status_code == 200
    # Another rep cannot open it.
    assert login(client, org.m("rep2")).get(status_url).status_code == 404


def test_progress_of_a_running_import_polls(client, org):
    from networking.activity import import_services

    csv = f"date;type;réseau\n{days_ago(1).isoformat()};post;linkedin\n".encode()
    activity_import = import_services.activity_import_create(tenant=org.tenant, actor=org.u("rep"), filename="a.csv", raw_bytes=csv)
    ActivityImport.unscoped.filter(pk=activity_import.pk).update(status="running", processed_rows=0)
    response = login(client, org.m("rep")).get(url(org.tenant, "networking_activity_import_status", pk=activity_import.pk),
                                               HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'hx-trigger="every 1s"' in body and "HX-Refresh" not in response


def test_an_oversized_upload_gets_a_clear_message(client, org, monkeypatch):
    from networking.activity import importing

    monkeypatch.setattr(importing, "MAX_FILE_BYTES", 10)
    response = login(client, org.m("rep")).post(url(org.tenant, "networking_activity_import"),
                                                {"file": SimpleUploadedFile("big.csv", b"date;type;reseau\n" * 5)})
    assert response.status_code == 400 and "too large" in response.content.decode()


@pytest.mark.parametrize("size", [2, 40])
def test_the_weekly_view_reads_a_bounded_number_of_queries(client, org, size, django_assert_max_num_queries):
    from networking.activity.licence_services import tool_licence_create

    for i in range(size):
        rel = relationship_make(tenant=org.tenant, owner=org.e("rep"), first_name=f"P{i}", last_name="Contact", company=f"C{i}")
        log(org, kind="message", occurred_on=days_ago(i % 7), person=rel.person)
        log(org, occurred_on=days_ago(7 * (i % 8)))
    for i in range(size // 10 + 1):
        tool_licence_create(tenant=org.tenant, actor=org.u("admin"), tool=f"Tool {i}", employee=org.e("rep"))
    client = login(client, org.m("rep"))
    with django_assert_max_num_queries(14):
        assert client.get(url(org.tenant, "networking_activity_mine")).status_code == 200
    client = login(client, org.m("manager"))
    with django_assert_max_num_queries(14):
        assert client.get(url(org.tenant, "networking_activity_employee", pk=org.e("rep").pk)).status_code == 200
