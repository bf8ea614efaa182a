"""Pages of the networking score: mine, an employee's (404 outside the rules), the group's (403 without the
networking-figures permission, CSV, constant queries), recomputing and its progress."""

from __future__ import annotations

import pytest

from bns.models import AuditEvent, Role
from networking.models import NetworkingScoreRun
from networking.score import services
from tests.factories import EmployeeFactory, MembershipFactory, SiteFactory, UserFactory
from tests.networking.score.conftest import TODAY, activities_make, login, profile_make, url


@pytest.fixture
def computed(tenant, org):
    rep = org["rep"].employee
    profile_make(tenant, rep, completeness=45, positioning="Le VO premium à Rennes")
    activities_make(tenant, rep, 18)
    services.networking_scores_compute(tenant=tenant, today=TODAY)
    return rep


def test_my_score_before_any_computation(client, tenant, org):
    response = login(client, org["rep"]).get(url(tenant, "networking_score_mine"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Your score has not been computed yet" in text
    assert url(tenant, "networking_score_recompute") in text
    assert "How the score is computed" in text and "150" in text  # the formula with the group's targets


def test_my_score_shows_pillars_inputs_next_steps_and_history(client, tenant, org, computed):
    response = login(client, org["rep"]).get(url(tenant, "networking_score_mine"))
    assert response.status_code == 200
    text = response.content.decode()
    # Brand 20 × 0.45 + 5 = 14.0; Engage 10 × 18/36 = 5.0 -> 19.0
    assert "19.0" in text and "14.0 / 25" in text and "5.0 / 25" in text
    assert "Log 150 more relationships" in text and "+10.0 points" in text
    assert "Complete your social profiles" in text
    assert "History" in text and "Data as of" in text


def test_my_score_with_history_draws_the_line(client, tenant, org, computed):
    from datetime import timedelta

    services.networking_scores_compute(tenant=tenant, today=TODAY - timedelta(days=1))
    text = login(client, org["rep"]).get(url(tenant, "networking_score_mine")).content.decode()
    assert "<polyline" in text


def test_a_member_without_an_employee_record_is_told_kindly(client, tenant, org):
    response = login(client, org["admin"]).get(url(tenant, "networking_score_mine"))
    assert response.status_code == 200
    assert "not linked to an employee record" in response.content.decode()


@pytest.mark.parametrize(("viewer", "whom", "status"), [
    ("manager", "rep", 200),  # the manager line
    ("executive", "rep", 200),  # group figures
    ("admin", "colleague", 200),
    ("rep", "rep", 200),  # oneself
    ("rep", "rep2", 404),  # a teammate is not one's manager line
    ("rep", "manager", 404),  # nor one's manager
    ("colleague", "rep", 404),
])
def test_an_employees_score_follows_the_visibility_rules(client, tenant, org, computed, viewer, whom, status):
    response = login(client, org[viewer]).get(url(tenant, "networking_score_employee", pk=org[whom].employee.pk))
    assert response.status_code == status


def test_an_employee_of_another_group_or_missing_is_404(client, tenant, other_tenant, org):
    stranger = EmployeeFactory(tenant=other_tenant)
    login(client, org["executive"])
    assert client.get(url(tenant, "networking_score_employee", pk=stranger.pk)).status_code == 404
    assert client.get(url(tenant, "networking_score_employee", pk=999999)).status_code == 404


def test_group_scores_need_the_networking_figures_permission(client, tenant, org, computed):
    assert login(client, org["rep"]).get(url(tenant, "networking_score_group")).status_code == 403
    assert client.get(url(tenant, "networking_score_group_export")).status_code == 403
    assert login(client, org["manager"]).get(url(tenant, "networking_score_group")).status_code == 403


def test_group_scores_list_filter_sort_and_average(client, tenant, org, computed):
    login(client, org["executive"])
    response = client.get(url(tenant, "networking_score_group"))
    assert response.status_code == 200
    rows = list(response.context["page"].object_list)
    assert len(rows) == 5 and rows[0].employee_id == computed.pk  # highest score first
    assert {a["site"] for a in response.context["averages"]} == {"Rennes", "Brest"}
    only_brest = client.get(url(tenant, "networking_score_group"), {"site": org["other_site"].pk})
    assert [s.employee_id for s in only_brest.context["page"].object_list] == [org["colleague"].employee.pk]
    by_name = client.get(url(tenant, "networking_score_group"), {"sort": "name", "site": "garbage", "department": "<b>"})
    assert by_name.status_code == 200 and len(by_name.context["page"].object_list) == 5
    searched = client.get(url(tenant, "networking_score_group"), {"q": computed.last_name})
    assert computed.pk in [s.employee_id for s in searched.context["page"].object_list]


def test_group_export_is_a_french_excel_csv_in_the_audit_trail(client, tenant, org, computed):
    response = login(client, org["executive"]).get(url(tenant, "networking_score_group_export"), {"site": org["site"].pk})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    lines = body.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Employee;Job title;Dealership;Department;Computed on;Score;Brand;Reach;Engage;Relate")
    mine = next(line for line in lines if computed.last_name in line)
    assert ";19,0;14,0;0,0;5,0;0,0" in mine
    assert len(lines) == 1 + 4  # Rennes only: manager, rep, rep2, executive
    assert AuditEvent.unscoped.filter(tenant=tenant, verb="networking.score_export", data__rows=4).exists()


def _group_of(tenant, n):
    site = SiteFactory(tenant=tenant)
    for _ in range(n):
        EmployeeFactory(tenant=tenant, site=site)
    services.networking_scores_compute(tenant=tenant, today=TODAY)
    user = UserFactory(email=f"exec-{tenant.slug}@test.example")
    MembershipFactory(tenant=tenant, user=user, role=Role.EXECUTIVE)
    return user


def test_group_page_reads_a_constant_number_of_queries(client, tenant, other_tenant, django_assert_max_num_queries):
    small, large = _group_of(tenant, 3), _group_of(other_tenant, 30)
    for user, group in ((small, tenant), (large, other_tenant)):
        client.force_login(user)
        with django_assert_max_num_queries(14):
            assert client.get(url(group, "networking_score_group")).status_code == 200


def test_my_score_reads_a_bounded_number_of_queries(client, tenant, org, computed, django_assert_max_num_queries):
    login(client, org["rep"])
    with django_assert_max_num_queries(12):
        assert client.get(url(tenant, "networking_score_mine")).status_code == 200


def test_recompute_now_runs_and_redirects(client, tenant, org, django_capture_on_commit_callbacks):
    login(client, org["rep"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(tenant, "networking_score_recompute"))
    assert response.status_code == 302 and response["Location"] == url(tenant, "networking_score_mine")
    run = NetworkingScoreRun.unscoped.get(tenant=tenant)
    assert run.status == "done" and run.requested_by == org["rep"].user
    page = client.get(url(tenant, "networking_score_mine"))
    assert "Scores last computed on" in page.content.decode()


def test_recompute_from_the_group_page_goes_back_there(client, tenant, org, django_capture_on_commit_callbacks):
    login(client, org["executive"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(tenant, "networking_score_recompute"), {"next": "group"})
    assert response["Location"] == url(tenant, "networking_score_group")
    assert client.get(url(tenant, "networking_score_recompute")).status_code == 405


def test_a_run_under_way_is_polled_then_refreshes_the_page(client, tenant, org):
    run = NetworkingScoreRun.unscoped.create(tenant=tenant, status="running", employees_total=10, employees_done=4)
    login(client, org["rep"])
    page = client.get(url(tenant, "networking_score_mine")).content.decode()
    status_url = url(tenant, "networking_score_run_status", pk=run.pk)
    assert status_url in page and 'hx-trigger="every 2s"' in page
    fragment = client.get(status_url, HTTP_HX_REQUEST="true")
    assert 'value="4"' in fragment.content.decode() and "HX-Refresh" not in fragment
    NetworkingScoreRun.unscoped.filter(pk=run.pk).update(status="done", employees_done=10)
    done = client.get(status_url, HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"
    assert client.get(status_url).status_code == 200  # a page of its own without HTMX


def test_another_groups_run_is_404(client, tenant, other_tenant, org):
    theirs = NetworkingScoreRun.unscoped.create(tenant=other_tenant)
    assert login(client, org["rep"]).get(url(tenant, "networking_score_run_status", pk=theirs.pk)).status_code == 404


def test_the_history_line_reads_in_french_too(client, tenant, org, computed, settings):
    """SVG coordinates are never localised (12,5 is not a number to SVG)."""
    import re
    from datetime import timedelta

    from django.utils import translation

    services.networking_scores_compute(tenant=tenant, today=TODAY - timedelta(days=2))
    services.networking_scores_compute(tenant=tenant, today=TODAY - timedelta(days=1))
    settings.LANGUAGE_CODE = "fr"
    with translation.override("fr"):
        text = login(client, org["rep"]).get(url(tenant, "networking_score_mine"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    circles = re.findall(r'<circle cx="([^"]+)" cy="([^"]+)"', text)
    assert len(circles) == 3 and all("," not in x + y for x, y in circles)
