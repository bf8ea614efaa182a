"""The coaching dashboards' pages: what each member sees (the permission matrix), the figures shown, the CSV export."""

from __future__ import annotations

import csv
import io

import pytest

from bns.models import AuditEvent
from dashboards.models import SnapshotRun
from tests.dashboards.coaching.conftest import SECRET, login, url
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


# --- The team page ------------------------------------------------------------------------------------------


def test_manager_sees_their_team_with_figures_and_averages(client, tenant, team):
    login(client, team.manager)
    response = client.get(url(tenant, "dashboards_team"))
    assert response.status_code == 200
    text = _text(response)
    for rep in (team.r1, team.r2, team.r3):
        assert rep.employee.full_name in text
        assert url(tenant, "dashboards_rep", employee_pk=rep.employee.pk) in text
    assert team.other_rep.employee.full_name not in text  # another manager's rep
    assert "61.5</strong> / 100" in text and "20.0 · 15.0 · 16.5 · 10.0" in text
    assert "80 %" in text and "2 items missing" in text and "1 item missing" in text
    assert "66.7 % shared" in text and "10000 €" in text
    assert "1 overdue" in text and "2 due" in text
    assert "Team average (3 people)" in text and "45.8 / 100" in text
    assert text.count('class="spark') == 4  # three reps and the averages
    assert SECRET not in text  # the team page counts follow-ups, it never shows the notes
    assert "Figures as of" in text and "computed by the nightly job" in text


def test_site_filter_and_sort(client, tenant, team):
    login(client, team.manager)
    text = _text(client.get(url(tenant, "dashboards_team"), {"site": team.brest.pk}))
    assert team.r3.employee.full_name in text and team.r1.employee.full_name not in text
    assert "Team average (1 person)" in text
    text = _text(client.get(url(tenant, "dashboards_team"), {"sort": "score"}))
    assert text.index(team.r2.employee.full_name) < text.index(team.r1.employee.full_name) < text.index(team.r3.employee.full_name)
    # A dealership outside the team (or garbage) is ignored: the whole team.
    text = _text(client.get(url(tenant, "dashboards_team"), {"site": "999999", "sort": "<script>"}))
    assert all(rep.employee.full_name in text for rep in (team.r1, team.r2, team.r3))


def test_director_sees_the_whole_line_below(client, tenant, team):
    login(client, team.director)
    text = _text(client.get(url(tenant, "dashboards_team")))
    assert team.manager.employee.full_name in text and team.r1.employee.full_name in text
    assert "4 people in your team" in text


@pytest.mark.parametrize("who, reason", [
    ("r1", "Nobody reports to you"),
    ("executive", "Nobody reports to you"),
    ("admin", "not linked to an employee record"),
])
def test_members_without_a_team_get_an_explanation(client, tenant, team, who, reason):
    login(client, getattr(team, who))
    response = client.get(url(tenant, "dashboards_team"))
    assert response.status_code == 200
    text = _text(response)
    assert reason in text and 'data-testid="no-team"' in text and "team-table" not in text


def test_without_a_snapshot_the_page_says_so(client, tenant, team):
    SnapshotRun.unscoped.filter(tenant=tenant).delete()
    login(client, team.manager)
    text = _text(client.get(url(tenant, "dashboards_team")))
    assert "No dashboard snapshot has been computed yet" in text
    assert team.r1.employee.full_name in text and "61.5</strong>" in text  # the score rows are still there


# --- A rep's page: the permission matrix -------------------------------------------------------------------


@pytest.mark.parametrize("who, status, notes", [
    ("manager", 200, True),  # the manager line
    ("director", 200, True),  # the manager line, two levels up
    ("r1", 200, True),  # the rep themself
    ("executive", 200, False),  # VIEW_NETWORKING outside the line: figures, never the notes
    ("admin", 200, False),
    ("r2", 404, None),  # another rep
    ("other_manager", 404, None),  # a manager of another team
])
def test_rep_page_permission_matrix(client, tenant, team, who, status, notes):
    login(client, getattr(team, who))
    response = client.get(url(tenant, "dashboards_rep", employee_pk=team.r1.employee.pk))
    assert response.status_code == status
    if status != 200:
        return
    text = _text(response)
    assert "61.5 <small>/ 100</small>" in text  # the figures
    assert (SECRET in text) is notes
    assert ('data-testid="notes-hidden"' in text) is not notes


def test_rep_page_shows_the_breakdown_trend_and_actions(client, tenant, team):
    login(client, team.manager)
    response = client.get(url(tenant, "dashboards_rep", employee_pk=team.r1.employee.pk))
    text = _text(response)
    assert "Profile completeness: <strong>80 %</strong>" in text
    assert "The three actions that would raise the score most" in text
    assert "Log 10 more relationships with people at target accounts: <span class=\"gain\">+10.0 points</span>" in text
    assert 'data-plotly-figure="score-trend-data"' in text and 'id="score-trend-data"' in text and "plotly.min.js" in text
    assert "LinkedIn: At least 3 recommendations" in text
    assert "1 discoverable · 1 shared · 1 private" in text
    assert "won in the last 90 days" in text and "10000 € of deals" in text
    assert url(tenant, "networking_coaching_employee", pk=team.r1.employee.pk) in text
    assert "<script>" not in text.split("</head>", 1)[1]  # no inline script: the figure is JSON data


def test_rep_page_of_another_group_or_nobody_is_404(client, tenant, other_tenant, team):
    stranger = EmployeeFactory(tenant=other_tenant)
    login(client, team.executive)
    assert client.get(url(tenant, "dashboards_rep", employee_pk=stranger.pk)).status_code == 404
    assert client.get(url(tenant, "dashboards_rep", employee_pk=987654321)).status_code == 404
    # The other group's pages: not a member there.
    MembershipFactory(tenant=other_tenant, user=UserFactory(email="b-admin@test.example"), role="admin")
    assert client.get(url(other_tenant, "dashboards_team")).status_code == 404
    assert client.get(url(other_tenant, "dashboards_rep", employee_pk=stranger.pk)).status_code == 404
    assert client.get(url(other_tenant, "dashboards_me")).status_code == 404


def test_manager_cannot_open_a_rep_outside_their_team(client, tenant, team):
    login(client, team.manager)
    assert client.get(url(tenant, "dashboards_rep", employee_pk=team.other_rep.employee.pk)).status_code == 404
    assert client.get(url(tenant, "dashboards_rep", employee_pk=team.director.employee.pk)).status_code == 404


# --- My network --------------------------------------------------------------------------------------------


def test_my_network(client, tenant, team):
    login(client, team.r1)
    response = client.get(url(tenant, "dashboards_me"))
    assert response.status_code == 200
    text = _text(response)
    assert "1 introduction request waits for your answer" in text
    assert f"{team.r2.employee.full_name} asks to meet" in text
    assert "1 referral sent to you waits to be accepted" in text
    assert "The three actions that would raise your score most" in text
    assert "250.00 €" in text and "100.00 €" in text
    for name in ("contacts_intros", "referrals_mine", "networking_score_mine", "contacts_list", "referrals_received"):
        assert url(tenant, name) in text
    assert SECRET not in text  # coaching notes have their own page
    assert "Figures as of" in text


def test_my_network_without_an_employee_record(client, tenant, team):
    login(client, team.admin)
    response = client.get(url(tenant, "dashboards_me"))
    assert response.status_code == 200
    assert 'data-testid="no-employee"' in _text(response)


def test_my_network_of_a_newcomer(client, tenant, team):
    login(client, team.r3)
    text = _text(client.get(url(tenant, "dashboards_me")))
    assert "Nothing waits for your answer." in text and "Your score has not been computed yet" in text
    assert "LinkedIn profile" in text


# --- CSV export --------------------------------------------------------------------------------------------


def _csv(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_team_export(client, tenant, team):
    login(client, team.manager)
    response = client.get(url(tenant, "dashboards_team_export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Employee", "Job title", "Dealership", "Networking score"]
    assert [r[0] for r in body] == [team.r1.employee.full_name, team.r2.employee.full_name, team.r3.employee.full_name,
                                    "Team average (3)"]
    r1 = dict(zip(header, body[0], strict=True))
    assert r1["Networking score"] == "61,5" and r1["Brand"] == "20,0" and r1["Profile completeness (%)"] == "80,00"
    assert r1["Profile items missing"] == "2" and r1["Active relationships"] == "3" and r1["Relationships shared (%)"] == "66,67"
    assert r1["Referrals submitted (90 days)"] == "2" and r1["Deals from referrals (€, 90 days)"] == "10000,00"
    assert r1["Follow-ups due (7 days)"] == "2" and r1["Follow-ups overdue"] == "1" and r1["Figures as of"] == team.day.isoformat()
    average = dict(zip(header, body[3], strict=True))
    assert average["Networking score"] == "45,75" and average["Relationships shared (%)"] == "33,34"
    assert SECRET not in response.content.decode()
    event = AuditEvent.unscoped.get(tenant=tenant, verb="dashboards.team_export")
    assert event.data == {"rows": 3, "sort": "-score"}


def test_team_export_follows_the_filter(client, tenant, team):
    login(client, team.manager)
    rows = _csv(client.get(url(tenant, "dashboards_team_export"), {"site": team.brest.pk}))
    assert [r[0] for r in rows[1:]] == [team.r3.employee.full_name, "Team average (1)"]


def test_team_export_without_a_team_is_the_header_only(client, tenant, team):
    login(client, team.r2)
    rows = _csv(client.get(url(tenant, "dashboards_team_export")))
    assert len(rows) == 1 and rows[0][0] == "Employee"


def test_figures_link_to_their_definition_and_leaders_may_refresh(client, tenant, team):
    login(client, team.manager)
    text = _text(client.get(url(tenant, "dashboards_team")))
    for key in ("networking_score", "profile_completeness", "relationships_shared", "referrals_won"):
        assert url(tenant, "dashboards_metric_detail", key=key) in text
    assert url(tenant, "dashboards_refresh") not in text  # a manager waits for the night
    login(client, team.admin)
    text = _text(client.get(url(tenant, "dashboards_rep", employee_pk=team.r1.employee.pk)))
    assert url(tenant, "dashboards_refresh") in text and "Refresh now" in text
    assert url(tenant, "dashboards_metric_detail", key="networking_score") in text


def test_team_export_keeps_spreadsheet_formulas_out(client, tenant, team):
    from bns.models import Employee

    Employee.unscoped.filter(pk=team.r1.employee.pk).update(job_title="=HYPERLINK(\"http://x\")")
    login(client, team.manager)
    rows = _csv(client.get(url(tenant, "dashboards_team_export")))
    titles = [r[1] for r in rows[1:]]
    assert "=HYPERLINK(\"http://x\")" not in titles
    assert any(t.endswith("=HYPERLINK(\"http://x\")") for t in titles)  # kept, but prefixed so it is read as text
