"""CSV exports of every table of a rep's page and of "my network": their content on the hand-computed team
(tests/dashboards/coaching/conftest.py), who may export what (exactly who sees the page; the follow-ups only for the
manager line and the rep), other groups' ids, the audit trail, and a number of queries that does not grow with data."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bns.models import AuditEvent
from contacts.models import IntroRequest
from dashboards.coaching.selectors import ME_TABLE_KEYS, REP_TABLE_KEYS
from dashboards.models import SnapshotRun
from networking.selectors import week_start
from tests.dashboards.coaching.conftest import SECRET, login, note_make, url
from tests.dashboards.coaching.test_queries import PERSON_PAGE_MAX, _more_data_for
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _rep_url(tenant, membership, table):
    return url(tenant, "dashboards_rep_export", employee_pk=membership.employee.pk, table=table)


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="')
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def _rep_csv(client, team, table, *, who="manager", rep="r1"):
    login(client, getattr(team, who))
    return _csv(client.get(_rep_url(team.tenant, getattr(team, rep), table)))


def _me_csv(client, team, table, *, who="r1"):
    login(client, getattr(team, who))
    return _csv(client.get(url(team.tenant, "dashboards_me_export", table=table)))


# --- Each table's content (r1 as seen by their manager) ----------------------------------------------------------


def test_score_breakdown(client, team):
    rows = _rep_csv(client, team, "score")
    assert rows[0] == ["Pillar", "Pillar points (out of 25)", "Input", "Value", "Target", "Points", "Maximum points"]
    body = rows[1:]
    assert len(body) == 12 + 1  # the twelve inputs, then the total
    # Profile completeness 80 % of a 100 % target, worth 20: 16 points; a positioning statement: the full 5.
    assert body[0] == ["Brand", "20,0", "Profile completeness", "80", "100", "16", "20"]
    assert body[1] == ["Brand", "20,0", "Positioning statement", "1", "1", "5", "5"]
    # 3 relationships of 150, worth 10: 0.2; average strength 3.3 of 4, worth 5: 4.1 (4.125, one decimal).
    assert body[2] == ["Reach", "15,0", "Relationships logged", "3", "150", "0,2", "10"]
    assert body[4] == ["Reach", "15,0", "Average strength", "3,3", "4", "4,1", "5"]
    assert [r[0] for r in body[:12]] == ["Brand"] * 2 + ["Reach"] * 3 + ["Engage"] * 3 + ["Relate"] * 4
    assert body[-1] == ["Networking score (out of 100)", "61,5", "", "", "", "", ""]


def test_score_breakdown_without_a_score_is_the_header_only(client, team):
    rows = _rep_csv(client, team, "score", rep="r3")
    assert len(rows) == 1 and rows[0][0] == "Pillar"
    assert _rep_csv(client, team, "actions", rep="r3") == [["Action", "Points it would add"]]


def test_the_three_actions(client, team):
    rows = _rep_csv(client, team, "actions")
    assert rows[0] == ["Action", "Points it would add"]
    # Missing points: 10 at target accounts, 9.8 relationships (10 - 0.2), 8.9 activities (10 - 10 x 4 / 36).
    assert rows[1:] == [
        ["Log 10 more relationships with people at target accounts", "10"],
        [rows[2][0], "9,8"],
        [rows[3][0], "8,9"],
    ]
    assert "relationships" in rows[2][0] and "activit" in rows[3][0]


def test_score_history_as_of_the_snapshot(client, team):
    rows = _rep_csv(client, team, "history")
    assert rows[0] == ["Date", "Score", "Brand", "Reach", "Engage", "Relate"]
    # The 99 computed after the snapshot's day is not on the page, so not in the file.
    assert rows[1:] == [
        [(team.day - timedelta(days=1)).isoformat(), "61,5", "20,0", "15,0", "16,5", "10,0"],
        [(team.day - timedelta(days=30)).isoformat(), "40,0", "10,0", "10,0", "10,0", "10,0"],
    ]


def test_score_trend_in_the_snapshots(client, team):
    rows = _rep_csv(client, team, "trend")
    assert rows[0] == ["Day", "Score"]
    assert rows[1:] == [[team.day.isoformat(), "61,50"]]  # the one snapshot, its value as stored (two decimals)


def test_trend_without_a_snapshot_is_the_header_only(client, team):
    SnapshotRun.unscoped.filter(tenant=team.tenant).delete()
    assert _rep_csv(client, team, "trend") == [["Day", "Score"]]


def test_profile_items_missing(client, team):
    rows = _rep_csv(client, team, "profiles")
    assert rows[0] == ["Platform", "Item missing"]
    assert len(rows) == 1 + 2 and all(r[0] == "LinkedIn" for r in rows[1:])
    assert ["LinkedIn", "At least 3 recommendations"] in rows
    # r2: no LinkedIn profile (first), then three Facebook items.
    rows = _rep_csv(client, team, "profiles", rep="r2")
    assert rows[1] == ["LinkedIn", "LinkedIn profile"] and [r[0] for r in rows[2:]] == ["Facebook"] * 3


def test_activity_per_week(client, team):
    rows = _rep_csv(client, team, "activity")
    assert rows[0] == ["Week starting", "Activities"]
    monday = week_start(team.day)
    assert [r[0] for r in rows[1:]] == [(monday - timedelta(weeks=7 - i)).isoformat() for i in range(8)]
    assert [r[1] for r in rows[1:]] == ["0"] * 6 + ["1", "3"]  # one a week ago, three today


def test_contacts_by_strength_and_visibility(client, team):
    rows = _rep_csv(client, team, "contacts")
    assert rows[0] == ["Strength or visibility", "Active relationships", "Share of the total (%)"]
    # Active: private (strength 2), discoverable (3), shared (5); the ended one is left out.
    assert rows[1:6] == [["Strength 1", "0", "0,00"], ["Strength 2", "1", "33,33"], ["Strength 3", "1", "33,33"],
                         ["Strength 4", "0", "0,00"], ["Strength 5", "1", "33,33"]]
    assert [r[1:] for r in rows[6:9]] == [["1", "33,33"]] * 3
    assert rows[6][0].startswith("Private") and rows[7][0].startswith("Discoverable") and rows[8][0].startswith("Shared")
    assert rows[9] == ["Total", "3", "100,00"]
    assert len(rows) == 10


def test_contacts_of_someone_without_any_have_no_share(client, team):
    rows = _rep_csv(client, team, "contacts", rep="r3")
    assert rows[-1] == ["Total", "0", ""] and rows[1] == ["Strength 1", "0", ""]


def test_referrals_by_status(client, team):
    rows = _rep_csv(client, team, "referrals")
    assert rows == [["Status", "Referrals"], ["Submitted", "1"], ["Accepted", "0"], ["Qualified", "0"], ["Won", "2"],
                    ["Lost", "0"]]


def test_follow_ups_for_the_manager_line(client, team):
    name = team.manager.employee.full_name
    expected = [
        ["Due on", "Overdue", "Focus", "Written by"],
        [(team.day - timedelta(days=2)).isoformat(), "yes", SECRET, name],
        [(team.day + timedelta(days=3)).isoformat(), "no", SECRET, name],
    ]
    assert _rep_csv(client, team, "follow_ups") == expected
    assert _rep_csv(client, team, "follow_ups", who="director") == expected  # two levels up
    assert _rep_csv(client, team, "follow_ups", who="r1") == expected  # the rep themself


def test_a_text_starting_like_a_formula_is_neutralised(client, team):
    note_make(team.tenant, team.r1.employee, team.manager.employee, team.day, focus="=HYPERLINK(\"http://x\")")
    rows = _rep_csv(client, team, "follow_ups")
    assert ["'=HYPERLINK(\"http://x\")"] == [r[2] for r in rows if "HYPERLINK" in r[2]]


# --- My network -------------------------------------------------------------------------------------------------


def test_my_network_tables(client, team):
    assert _me_csv(client, team, "score")[1] == ["Brand", "20,0", "Profile completeness", "80", "100", "16", "20"]
    assert _me_csv(client, team, "referrals")[4] == ["Won", "2"]
    assert _me_csv(client, team, "contacts")[-1] == ["Total", "3", "100,00"]
    waiting = _me_csv(client, team, "waiting")
    assert waiting[0] == ["Requested by", "Asks to meet", "Requested on", "Answer by"]
    intro = IntroRequest.unscoped.select_related("relationship__person").get(tenant=team.tenant, owner=team.r1.employee)
    assert waiting[1:] == [[team.r2.employee.full_name, intro.relationship.person.full_name, team.day.isoformat(),
                            intro.expires_at.date().isoformat() if intro.expires_at else ""]]
    assert _me_csv(client, team, "rewards") == [["Status", "Amount (€)"], ["Waiting for approval", "0,00"],
                                                ["Approved", "250,00"], ["Paid", "100,00"]]


def test_my_network_lists_every_request_waiting(client, team):
    _more_data_for(team, team.r1, n=7)  # 7 more requests: the page lists 5, the file all 8
    assert len(_me_csv(client, team, "waiting")) == 1 + 8


def test_my_network_has_no_follow_ups_table(client, team):
    login(client, team.r1)
    assert client.get(url(team.tenant, "dashboards_me_export", table="follow_ups")).status_code == 404
    for table in ME_TABLE_KEYS:
        assert SECRET not in client.get(url(team.tenant, "dashboards_me_export", table=table)).content.decode()


def test_my_network_without_an_employee_record_has_no_table(client, team):
    login(client, team.admin)
    assert client.get(url(team.tenant, "dashboards_me_export", table="score")).status_code == 404


def test_my_network_of_a_newcomer(client, team):
    assert _me_csv(client, team, "waiting", who="r3") == [["Requested by", "Asks to meet", "Requested on", "Answer by"]]
    assert _me_csv(client, team, "score", who="r3")[1:] == []


# --- Who may export what -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("who, status", [
    ("manager", 200), ("director", 200), ("r1", 200), ("executive", 200), ("admin", 200),
    ("r2", 404),  # another rep
    ("other_manager", 404),  # a manager of another team
])
def test_rep_export_is_open_to_exactly_who_sees_the_page(client, team, who, status):
    login(client, getattr(team, who))
    page = client.get(url(team.tenant, "dashboards_rep", employee_pk=team.r1.employee.pk))
    export = client.get(_rep_url(team.tenant, team.r1, "contacts"))
    assert page.status_code == export.status_code == status


@pytest.mark.parametrize("who", ["executive", "admin"])
def test_outside_the_manager_line_no_follow_up_text(client, team, who):
    login(client, getattr(team, who))
    assert client.get(_rep_url(team.tenant, team.r1, "follow_ups")).status_code == 404
    for table in REP_TABLE_KEYS:
        response = client.get(_rep_url(team.tenant, team.r1, table))
        assert response.status_code == (404 if table == "follow_ups" else 200), table
        assert SECRET not in response.content.decode()
    text = client.get(url(team.tenant, "dashboards_rep", employee_pk=team.r1.employee.pk)).content.decode()
    assert _rep_url(team.tenant, team.r1, "contacts") in text
    assert _rep_url(team.tenant, team.r1, "follow_ups") not in text


def test_unknown_table_is_404(client, team):
    login(client, team.manager)
    assert client.get(_rep_url(team.tenant, team.r1, "nothing")).status_code == 404
    assert client.get(_rep_url(team.tenant, team.r1, "waiting")).status_code == 404  # a table of "my network" only
    login(client, team.r1)
    assert client.get(url(team.tenant, "dashboards_me_export", table="nothing")).status_code == 404


def test_another_groups_ids_and_pages_are_404(client, tenant, other_tenant, team):
    stranger = EmployeeFactory(tenant=other_tenant)
    login(client, team.executive)
    assert client.get(url(tenant, "dashboards_rep_export", employee_pk=stranger.pk, table="contacts")).status_code == 404
    assert client.get(url(tenant, "dashboards_rep_export", employee_pk=987654321, table="contacts")).status_code == 404
    MembershipFactory(tenant=other_tenant, user=UserFactory(email="b-admin@test.example"), role="admin", employee=stranger)
    assert client.get(url(other_tenant, "dashboards_rep_export", employee_pk=stranger.pk, table="contacts")).status_code == 404
    assert client.get(url(other_tenant, "dashboards_me_export", table="contacts")).status_code == 404
    assert not AuditEvent.unscoped.filter(verb__in=["dashboards.rep_export", "dashboards.me_export"]).exists()


def test_exports_are_in_the_audit_trail(client, team):
    _rep_csv(client, team, "follow_ups")
    event = AuditEvent.unscoped.get(tenant=team.tenant, verb="dashboards.rep_export")
    assert event.actor == team.manager.user and event.object_id == str(team.r1.employee.pk)
    assert event.data == {"table": "follow_ups", "rows": 2}
    _me_csv(client, team, "rewards", who="r2")
    event = AuditEvent.unscoped.get(tenant=team.tenant, verb="dashboards.me_export")
    assert event.actor == team.r2.user and event.object_id == str(team.r2.employee.pk)
    assert event.data == {"table": "rewards", "rows": 3}


def test_pages_link_each_table_to_its_export(client, team):
    login(client, team.manager)
    text = client.get(url(team.tenant, "dashboards_rep", employee_pk=team.r1.employee.pk)).content.decode()
    for table in REP_TABLE_KEYS:
        assert _rep_url(team.tenant, team.r1, table) in text, table
    login(client, team.r1)
    text = client.get(url(team.tenant, "dashboards_me")).content.decode()
    for table in ME_TABLE_KEYS:
        assert url(team.tenant, "dashboards_me_export", table=table) in text, table
    assert "/export/follow_ups/" not in text


# --- Queries -------------------------------------------------------------------------------------------------------


def _count(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def test_exports_count_the_same_queries_with_more_data(client, team, django_assert_max_num_queries):
    tenant = team.tenant
    rep_paths = [_rep_url(tenant, team.r1, table) for table in ("contacts", "follow_ups")]
    me_paths = [url(tenant, "dashboards_me_export", table=table) for table in ("waiting", "rewards")]
    login(client, team.manager)
    before = [_count(client, path) for path in rep_paths]
    login(client, team.r1)
    before += [_count(client, path) for path in me_paths]
    _more_data_for(team, team.r1)
    login(client, team.manager)
    with django_assert_max_num_queries(PERSON_PAGE_MAX):
        client.get(rep_paths[0])
    after = [_count(client, path) for path in rep_paths]
    login(client, team.r1)
    after += [_count(client, path) for path in me_paths]
    assert before == after, (before, after)
    assert max(after) <= PERSON_PAGE_MAX
