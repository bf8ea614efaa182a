"""The programme home's pages and API read a bounded number of queries whatever the amount of data
(3 vs 30 actions, objectives, workshops with participants, KPIs with values, reviews, lessons, answers, versions)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bns.models import Role
from bns.programme.models import (
    DiagnosticAnswer,
    Kpi,
    KpiValue,
    Lesson,
    Objective,
    ProgrammeAction,
    Review,
    StrategyOption,
    VisionVersion,
    Workshop,
    WorkshopParticipant,
)
from tests.bns.programme.objectives.conftest import api, login, url
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGES = ["programme_home", "programme_workshops", "programme_iterations", "programme_vision"]
API = ["api-programme-list", "api-programme-step-list", "api-programme-vision-list", "api-programme-workshop-list"]


def grow(group, n: int, start: int = 0) -> None:
    t, p = group.tenant, group.programme
    today = timezone.localdate()
    statuses = ProgrammeAction.Status.values
    for i in range(start, start + n):
        person = EmployeeFactory(tenant=t, first_name=f"Pers{i}", last_name="Onne")
        MembershipFactory(tenant=t, user=UserFactory(), role=Role.MANAGER, employee=person)
        kpi = Kpi.unscoped.create(tenant=t, programme=p, name=f"KPI {i}", manual_source="CRM", target=D("10"))
        if i % 2:
            KpiValue.unscoped.create(tenant=t, kpi=kpi, measured_on=today - timedelta(days=i), value=D(i))
        Objective.unscoped.create(tenant=t, programme=p, statement=f"Objectif {i}", kpi=kpi if i % 3 else None, target=D("5"))
        ProgrammeAction.unscoped.create(tenant=t, programme=p, title=f"Action {i}", kind="training", status=statuses[i % 5],
                                        owner=person, deadline=today - timedelta(days=i - 5))
        StrategyOption.unscoped.create(tenant=t, programme=p, title=f"Option {i}")
        workshop = Workshop.unscoped.create(tenant=t, programme=p, title=f"Atelier {i}", held_on=today - timedelta(days=i),
                                            step=(i % 8) + 1, agenda="a", outcomes="o")
        WorkshopParticipant.unscoped.create(tenant=t, workshop=workshop, employee=person)
        WorkshopParticipant.unscoped.create(tenant=t, workshop=workshop, employee=group.e("rep"))
        Review.unscoped.create(tenant=t, programme=p, held_on=today - timedelta(days=i + 1))
        Lesson.unscoped.create(tenant=t, programme=p, step=(i % 8) + 1, text=f"Leçon {i}", author=person)
        DiagnosticAnswer.unscoped.create(tenant=t, programme=p, respondent=person, dimension="profiles", question="q1", level=3)
        VisionVersion.unscoped.create(tenant=t, programme=p, version=i + 1, text=f"Vision {i}", created_by=group.u("exec"))


def _count(fetch) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = fetch()
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", PAGES)
def test_pages_read_a_constant_number_of_queries(client, started, name, django_assert_max_num_queries):
    login(client, started.m("owner"))
    grow(started, 3)
    small = _count(lambda: client.get(url(started.tenant, name)))
    grow(started, 27, start=3)
    with django_assert_max_num_queries(small):
        response = client.get(url(started.tenant, name))
    assert response.status_code == 200
    assert small <= 16, small


def test_the_home_in_figures(client, started, django_assert_max_num_queries):
    """The overview itself: one annotated query for the facts, the step rows, the review schedule, the workshops and the
    iterations (the rest is the session, the membership and the page's frame)."""
    from bns.programme.home.selectors import programme_overview

    grow(started, 30)
    with django_assert_max_num_queries(5):
        overview = programme_overview(tenant=started.tenant, programme=started.programme, today=timezone.localdate())
    facts = overview.facts
    assert (facts["objectives"], facts["kpis"], facts["kpis_measured"], facts["workshops"], facts["lessons"]) == (30, 30, 15, 30, 30)
    assert facts["actions_planned"] == 6 and facts["respondents"] == 30 and facts["vision_version"] == 30
    assert overview.steps[4].done[0].startswith("30 actions")


@pytest.mark.parametrize("name", API)
def test_api_lists_read_a_constant_number_of_queries(started, name, django_assert_max_num_queries):
    client = api(started.m("rep"))
    grow(started, 3)
    small = _count(lambda: client.get(url(started.tenant, name)))
    grow(started, 27, start=3)
    with django_assert_max_num_queries(small):
        client.get(url(started.tenant, name))


def test_api_overview_and_workshop_detail_are_bounded(client, started, django_assert_max_num_queries):
    grow(started, 3)
    workshop = Workshop.unscoped.filter(tenant=started.tenant).first()
    small = _count(lambda: api(started.m("rep")).get(url(started.tenant, "api-programme-overview", pk=started.programme.pk)))
    detail = _count(lambda: login(client, started.m("rep")).get(url(started.tenant, "programme_workshop_detail", pk=workshop.pk)))
    grow(started, 27, start=3)
    for i in range(20):
        WorkshopParticipant.unscoped.create(tenant=started.tenant, workshop=workshop,
                                            employee=EmployeeFactory(tenant=started.tenant, first_name=f"P{i}", last_name="X"))
    with django_assert_max_num_queries(small):
        api(started.m("rep")).get(url(started.tenant, "api-programme-overview", pk=started.programme.pk))
    with django_assert_max_num_queries(detail):
        assert client.get(url(started.tenant, "programme_workshop_detail", pk=workshop.pk)).status_code == 200
