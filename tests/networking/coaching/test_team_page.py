"""The manager's team page: one row per employee below them, with a bounded number of queries."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from bns.models import Role
from networking.models import Activity, CoachingNote, NetworkingScore, SocialProfile
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory
from tests.networking.coaching.conftest import login, url

pytestmark = pytest.mark.django_db


def _team(tenant, org, size: int):
    """``size`` reps under the manager (a third of them under a team leader below the manager), each with a profile,
    activity over several weeks, a score and a note with an overdue follow-up."""
    manager = org["manager"].employee
    leader = EmployeeFactory(tenant=tenant, site=org["site"], department=org["dept"], manager=manager, job_title="Chef d'équipe")
    today = timezone.localdate()
    reps = []
    for i in range(size):
        rep = EmployeeFactory(tenant=tenant, site=org["site"], department=org["dept"], manager=leader if i % 3 == 0 else manager)
        reps.append(rep)
        SocialProfile.unscoped.create(tenant=tenant, employee=rep, platform="linkedin", url=f"https://www.linkedin.com/in/r{rep.pk}",
                                      completeness=60)
        for week in range(3):
            Activity.unscoped.create(tenant=tenant, employee=rep, occurred_on=today - timedelta(weeks=week), channel="linkedin",
                                     kind="post")
        NetworkingScore.unscoped.create(tenant=tenant, employee=rep, computed_on=today - timedelta(days=1), total=Decimal("40"),
                                        brand=10, reach=10, engage=10, relate=10)
        NetworkingScore.unscoped.create(tenant=tenant, employee=rep, computed_on=today, total=Decimal("55.5"), brand=10, reach=15,
                                        engage=15, relate=15.5)
        CoachingNote.unscoped.create(tenant=tenant, employee=rep, author=manager, focus=f"Focus {i}",
                                     follow_up_on=today - timedelta(days=2))
    return reps


@pytest.mark.parametrize("size", [3, 30])
def test_team_page_reads_a_constant_number_of_queries(client, tenant, org, size, django_assert_max_num_queries):
    _team(tenant, org, size)
    login(client, org["manager"])
    with django_assert_max_num_queries(13):
        response = client.get(url(tenant, "networking_coaching_team"))
    assert response.status_code == 200
    text = response.content.decode()
    assert text.count('class="spark"') == size + 3  # the reps, the team leader, the fixture's rep and peer
    assert text.count("1 overdue") == size


def test_team_page_shows_each_column(client, tenant, org, write_note):
    rep = org["rep"].employee
    today = timezone.localdate()
    SocialProfile.unscoped.create(tenant=tenant, employee=rep, platform="linkedin", url="https://www.linkedin.com/in/rep",
                                  completeness=80)
    Activity.unscoped.create(tenant=tenant, employee=rep, occurred_on=today, channel="linkedin", kind="post")
    NetworkingScore.unscoped.create(tenant=tenant, employee=rep, computed_on=today, total=Decimal("61.5"), brand=15, reach=15,
                                    engage=15, relate=16.5)
    write_note(focus="Featured section", follow_up_in=3)
    login(client, org["manager"])
    text = client.get(url(tenant, "networking_coaching_team")).content.decode()
    assert rep.full_name in text and org["peer"].employee.full_name in text
    assert "80 %" in text and "61.5 / 100" in text and "Featured section" in text and "1 due soon" in text
    assert "Activities per week, oldest first: 0, 0, 0, 0, 0, 0, 0, 1" in text
    assert "not computed yet" in text  # the peer has no score
    assert url(tenant, "networking_coaching_employee", pk=rep.pk) in text
    # The director sees the whole team below them: the manager and the manager's reps.
    login(client, org["director"])
    text = client.get(url(tenant, "networking_coaching_team")).content.decode()
    assert org["manager"].employee.full_name in text and rep.full_name in text


def test_search_and_due_filter(client, tenant, org, write_note):
    write_note(about="rep", follow_up_in=2)
    login(client, org["manager"])
    due = client.get(url(tenant, "networking_coaching_team"), {"due": "on"}).content.decode()
    assert org["rep"].employee.full_name in due and org["peer"].employee.full_name not in due
    found = client.get(url(tenant, "networking_coaching_team"), {"q": org["peer"].employee.last_name}).content.decode()
    assert org["peer"].employee.full_name in found


def test_someone_without_reports_gets_a_kind_empty_state(client, tenant, org):
    login(client, org["rep"])
    response = client.get(url(tenant, "networking_coaching_team"))
    assert response.status_code == 200 and "Nobody reports to you" in response.content.decode()
    login(client, org["admin_noemp"])
    response = client.get(url(tenant, "networking_coaching_team"))
    assert response.status_code == 200 and "not linked to an employee record" in response.content.decode()


def test_inactive_employees_are_left_out(client, tenant, org):
    gone = EmployeeFactory(tenant=tenant, site=org["site"], manager=org["manager"].employee, is_active=False, last_name="Departed")
    MembershipFactory(tenant=tenant, user=UserFactory(), role=Role.EMPLOYEE, employee=gone)
    login(client, org["manager"])
    assert "Departed" not in client.get(url(tenant, "networking_coaching_team")).content.decode()
