"""The programme home's pages: the 8 steps with their facts, the lifecycle forms, the vision, the workshops and the
iterations; as an executive, the process owner and a rep (403 on writes); empty states."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone

from bns.programme.home import services
from bns.programme.home.selectors import add_months
from bns.programme.means import services as means_services
from bns.programme.models import (
    DiagnosticAnswer,
    Lesson,
    Programme,
    ProgrammeStep,
    Review,
    VisionVersion,
    Workshop,
    WorkshopParticipant,
)
from bns.programme.objectives import services as objective_services
from tests.bns.programme.home.conftest import make_group, start
from tests.bns.programme.objectives.conftest import body, login, url
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def get(client, group, who, name, **kwargs):
    query = kwargs.pop("query", "")
    return login(client, group.m(who)).get(url(group.tenant, name, **kwargs) + query)


def post(client, group, who, name, data=None, **kwargs):
    query = kwargs.pop("query", "")
    return login(client, group.m(who)).post(url(group.tenant, name, **kwargs) + query, data or {})


# --- Empty state and start ----------------------------------------------------------------------------


def test_empty_state_for_an_executive_and_for_a_rep(client, group):
    page = body(get(client, group, "exec", "programme_home"))
    assert "in 8 steps" in page and "Self-assessment" in page and "Lessons and next iteration" in page
    assert url(group.tenant, "programme_start") in page and "Start the programme" in page
    page = body(get(client, group, "rep", "programme_home"))
    assert "The CoDir has not started it yet" in page
    assert url(group.tenant, "programme_start") not in page
    for name in ("programme_workshops", "programme_iterations", "programme_vision"):
        response = get(client, group, "rep", name)
        assert response.status_code == 200, name
    assert "has not started its BNS programme yet" in body(get(client, group, "rep", "programme_workshops"))
    assert "No vision yet" in body(get(client, group, "rep", "programme_vision"))


@pytest.mark.parametrize("who", ["owner", "rep"])
def test_only_executives_open_the_start_form(client, group, who):
    assert get(client, group, who, "programme_start").status_code == 403
    assert post(client, group, who, "programme_start", {"title": "X"}).status_code == 403


def test_an_executive_starts_the_programme(client, group):
    page = body(get(client, group, "exec", "programme_start"))
    today = timezone.localdate()
    assert f'value="{today:%Y-%m-%d}"' in page and f'value="{add_months(today, 4):%Y-%m-%d}"' in page
    data = {"title": "Programme BNS 2026", "process_owner": group.e("owner").pk, "sponsor": group.e("exec").pk,
            "starts_on": "2026-01-05", "target_end_on": "2026-09-05", "review_cadence_days": 30}
    response = post(client, group, "exec", "programme_start", data)
    assert response.status_code == 400 and "3 to 6 months" in body(response)
    assert not Programme.unscoped.filter(tenant=group.tenant).exists()
    response = post(client, group, "exec", "programme_start", {**data, "target_end_on": "2026-05-05"})
    assert response.status_code == 302
    programme = Programme.unscoped.get(tenant=group.tenant)
    assert ProgrammeStep.unscoped.filter(tenant=group.tenant, programme=programme).count() == 8
    # While it runs, the start form says so, and refuses a second one.
    page = body(get(client, group, "exec", "programme_start"))
    assert 'data-testid="active-iteration"' in page and url(group.tenant, "programme_next") in page
    response = post(client, group, "exec", "programme_start", {**data, "target_end_on": "2026-05-05"})
    assert response.status_code == 400 and "is still in progress" in body(response)
    assert Programme.unscoped.filter(tenant=group.tenant).count() == 1


def test_another_groups_employee_cannot_be_process_owner(client, group, other_tenant):
    stranger = EmployeeFactory(tenant=other_tenant)
    response = post(client, group, "exec", "programme_start", {
        "title": "X", "process_owner": stranger.pk, "starts_on": "2026-01-05", "target_end_on": "2026-05-05",
        "review_cadence_days": 30})
    assert response.status_code == 400 and not Programme.unscoped.filter(tenant=group.tenant).exists()


# --- The overview -------------------------------------------------------------------------------------


@pytest.fixture
def busy(started):
    """Facts for every step; the last review 40 days ago with a 30-day cadence: 10 days overdue."""
    t, owner, p = started.tenant, started.u("owner"), started.programme
    today = timezone.localdate()
    services.vision_publish(tenant=t, actor=owner, text="Pourquoi nous réseautons")
    services.workshop_create(tenant=t, actor=owner, programme=p, title="Atelier nouvelles règles", held_on=today - timedelta(days=20),
                             step=1, participants=[started.e("exec"), started.e("rep")])
    for who in ("exec", "owner"):
        DiagnosticAnswer.unscoped.create(tenant=t, programme=p, respondent=started.e(who), dimension="profiles", question="q1", level=2)
        DiagnosticAnswer.unscoped.create(tenant=t, programme=p, respondent=started.e(who), dimension="profiles", question="q2", level=3)
    kpi = objective_services.kpi_create(tenant=t, actor=owner, programme=p, name="Leads", manual_source="CRM", target=D("10"))
    objective_services.kpi_create(tenant=t, actor=owner, programme=p, name="Sans valeur", manual_source="CRM")
    objective_services.kpi_value_record(tenant=t, actor=owner, kpi=kpi, measured_on=today, value=D("4"))
    objective_services.objective_create(tenant=t, actor=owner, programme=p, statement="10 leads", kpi=kpi, target=D("10"))
    objective_services.objective_create(tenant=t, actor=owner, programme=p, statement="Vague")
    means_services.programme_action_create(tenant=t, actor=owner, programme=p, title="En retard", kind="training",
                                           status="in_progress", deadline=today - timedelta(days=3))
    means_services.programme_action_create(tenant=t, actor=owner, programme=p, title="Finie", kind="tool", status="done")
    Review.unscoped.create(tenant=t, programme=p, held_on=today - timedelta(days=40))
    Lesson.unscoped.create(tenant=t, programme=p, step=5, text="Former d'abord")
    return started


def test_the_home_for_a_rep_shows_the_steps_facts_and_the_overdue_review(client, busy):
    today = timezone.localdate()
    response = get(client, busy, "rep", "programme_home")
    page = body(response)
    assert response.status_code == 200
    assert page.count('data-testid="step"') == 8
    for text in ('data-testid="process-owner">Paul Pilote', 'data-testid="sponsor">Eva Codir',
                 "The group&#x27;s vision is written (version 1).", "1 workshop held on the new rules.",
                 "4 answers to the self-assessment from 2 respondents.", "2 objectives written.",
                 "1 objective has no KPI or no target: it cannot be measured.", "No strategy option yet.",
                 "2 actions: 0 planned, 1 in progress, 1 done, 0 blocked, 0 cancelled.", "1 action is overdue.",
                 "2 KPIs defined, 1 with a value.", "1 KPI has no value yet.", "1 review held, the last one on",
                 "1 lesson recorded.", "Atelier nouvelles règles", " of 5</span>", "suggested from the data",
                 "The process owner has no executive login in the group"):
        assert text in page, text
    # The overdue review, in a warning box naming the due date.
    due = today - timedelta(days=10)
    assert 'data-testid="review-overdue"' in page and f"was due on {due:%m/%d/%Y}: 10 days late" in page
    # Links to the areas where the work is done.
    assert url(busy.tenant, "programme_objectives") in page and url(busy.tenant, "programme_means") in page
    # A rep reads: no edit, close, next or step-edit links.
    for name in ("programme_edit", "programme_close", "programme_next", "programme_workshop_create"):
        assert url(busy.tenant, name) not in page, name
    assert "/steps/" not in page


def test_manual_notes_win_over_the_facts(client, busy):
    step = ProgrammeStep.unscoped.get(tenant=busy.tenant, programme=busy.programme, number=3)
    response = get(client, busy, "owner", "programme_step_edit", pk=step.pk)
    assert response.status_code == 200 and "Step 3: SMART objectives" in body(response)
    response = post(client, busy, "owner", "programme_step_edit", {
        "status": "in_progress", "owner": busy.e("rep").pk, "done_notes": "Objectifs validés en CoDir",
        "missing_notes": "", "next_action": "Relire les cibles", "due_on": ""}, pk=step.pk)
    assert response.status_code == 302
    page = body(get(client, busy, "rep", "programme_home"))
    assert "Objectifs validés en CoDir" in page and "Relire les cibles" in page and "2 objectives written." not in page
    assert "1 objective has no KPI or no target" in page  # the missing part still from the data
    assert post(client, busy, "rep", "programme_step_edit", {"status": "done"}, pk=step.pk).status_code == 403
    assert get(client, busy, "rep", "programme_step_edit", pk=step.pk).status_code == 403
    response = post(client, busy, "owner", "programme_step_edit", {"status": "bogus"}, pk=step.pk)
    assert response.status_code == 400


def test_the_home_for_the_process_owner_has_the_editing_links(client, busy):
    page = body(get(client, busy, "owner", "programme_home"))
    for name in ("programme_edit", "programme_close", "programme_next", "programme_workshop_create"):
        assert url(busy.tenant, name) in page, name
    assert page.count("/steps/") == 8


def test_edit_the_iteration(client, started):
    p = started.programme
    assert get(client, started, "rep", "programme_edit").status_code == 403
    data = {"title": "Programme 2026", "process_owner": started.e("owner").pk, "sponsor": "", "starts_on": f"{p.starts_on:%Y-%m-%d}",
            "target_end_on": f"{add_months(p.starts_on, 7):%Y-%m-%d}", "review_cadence_days": 14, "current_step": 4}
    response = post(client, started, "owner", "programme_edit", data, query=f"?programme={p.pk}")
    assert response.status_code == 400 and "3 to 6 months" in body(response)
    data["target_end_on"] = f"{add_months(p.starts_on, 6):%Y-%m-%d}"
    assert post(client, started, "owner", "programme_edit", data, query=f"?programme={p.pk}").status_code == 302
    p.refresh_from_db()
    assert (p.title, p.sponsor, p.current_step, p.review_cadence_days) == ("Programme 2026", None, 4, 14)


def test_close_and_next_iteration(client, busy):
    p = busy.programme
    assert post(client, busy, "rep", "programme_close", query=f"?programme={p.pk}").status_code == 403
    assert get(client, busy, "rep", "programme_next").status_code == 403
    page = body(get(client, busy, "owner", "programme_next"))
    starts_on = max(p.target_end_on + timedelta(days=1), timezone.localdate())
    assert 'value="Iteration 2"' in page and f'value="{starts_on:%Y-%m-%d}"' in page
    assert f'value="{add_months(starts_on, 4):%Y-%m-%d}"' in page
    assert "2 objectives" in page and "1 lesson learned" in page and "Iteration 1 is closed at the same time" in page
    response = post(client, busy, "owner", "programme_next", {
        "title": "Itération 2", "starts_on": f"{starts_on:%Y-%m-%d}", "target_end_on": f"{add_months(starts_on, 4):%Y-%m-%d}"})
    assert response.status_code == 302
    new = Programme.unscoped.get(tenant=busy.tenant, iteration=2)
    p.refresh_from_db()
    assert p.status == "closed" and new.previous == p
    # The earlier iteration stays readable, read-only for the process owner, correctable by an executive.
    page = body(get(client, busy, "owner", "programme_home", query=f"?programme={p.pk}"))
    assert "You are reading iteration 1" in page and "It is read-only." in page and "/steps/" not in page
    assert "1 workshop held on the new rules." in page
    page = body(get(client, busy, "exec", "programme_home", query=f"?programme={p.pk}"))
    assert page.count("/steps/") == 8 and url(busy.tenant, "programme_close") not in page
    # The current one shows by default, with the carried lesson.
    page = body(get(client, busy, "rep", "programme_home"))
    assert "Itération 2" in page and "1 carried from the previous iteration" in page
    assert get(client, busy, "rep", "programme_home", query="?programme=999999").status_code == 404


def test_close_as_the_process_owner(client, started):
    response = post(client, started, "owner", "programme_close", {"programme": started.programme.pk})
    assert response.status_code == 302
    started.programme.refresh_from_db()
    assert started.programme.status == "closed"
    page = body(client.get(response.url))
    assert "Iteration 1 is closed: it stays readable." in page and url(started.tenant, "programme_next") not in page
    page = body(get(client, started, "exec", "programme_home"))
    assert url(started.tenant, "programme_next") in page and "Start the next iteration" in page


def test_the_iterations_page(client, started):
    services.programme_close(tenant=started.tenant, actor=started.u("exec"), programme=started.programme)
    start(started, days_ago=0, title="Deuxième")
    page = body(get(client, started, "rep", "programme_iterations"))
    assert page.count('data-testid="iteration"') == 2 and "Deuxième" in page and "closed" in page and "in progress" in page


# --- The vision ---------------------------------------------------------------------------------------


def test_the_vision_page(client, started):
    assert "Publish" not in body(get(client, started, "rep", "programme_vision"))
    assert post(client, started, "rep", "programme_vision", {"text": "Non"}).status_code == 403
    assert post(client, started, "exec", "programme_vision", {"text": "Nos clients d'abord"}).status_code == 302
    response = post(client, started, "owner", "programme_vision", {"text": "Nos clients d'abord"})
    assert response.status_code == 400 and "identical to the current version" in body(response)
    assert post(client, started, "owner", "programme_vision", {"text": "Nos clients et nos équipes"}).status_code == 302
    page = body(get(client, started, "rep", "programme_vision"))
    assert "Current version (version 2)" in page and page.count('data-testid="vision-version"') == 2
    assert VisionVersion.unscoped.filter(tenant=started.tenant).count() == 2


# --- Workshops ----------------------------------------------------------------------------------------


def test_workshop_pages(client, started, other_tenant):
    t = started.tenant
    assert get(client, started, "rep", "programme_workshop_create").status_code == 403
    page = body(get(client, started, "owner", "programme_workshops"))
    assert "No workshop yet" in page
    page = body(get(client, started, "owner", "programme_workshop_create", query="?step=1"))
    assert '<option value="1" selected>' in page
    data = {"title": "Atelier règles", "step": "1", "held_on": "2026-02-01", "agenda": "Pourquoi", "outcomes": "",
            "participants": [started.e("exec").pk, started.e("rep").pk]}
    stranger = EmployeeFactory(tenant=other_tenant)
    response = post(client, started, "owner", "programme_workshop_create", {**data, "participants": [stranger.pk]})
    assert response.status_code == 400 and not Workshop.unscoped.filter(tenant=t).exists()
    response = post(client, started, "owner", "programme_workshop_create", data)
    workshop = Workshop.unscoped.get(tenant=t)
    assert response.status_code == 302 and response.url == url(t, "programme_workshop_detail", pk=workshop.pk)
    page = body(get(client, started, "rep", "programme_workshop_detail", pk=workshop.pk))
    assert page.count('data-testid="participant"') == 2 and "Eva Codir" in page and "Pourquoi" in page
    assert url(t, "programme_workshop_edit", pk=workshop.pk) not in page
    page = body(get(client, started, "rep", "programme_workshops"))
    assert "Atelier règles" in page and page.count('data-testid="workshop"') == 1
    assert 'data-testid="workshop"' not in body(get(client, started, "rep", "programme_workshops", query="?step=4"))
    assert "No workshop matches these filters" in body(get(client, started, "rep", "programme_workshops", query="?q=zzz"))
    # Edit and delete: the rep may not.
    assert post(client, started, "rep", "programme_workshop_edit", data, pk=workshop.pk).status_code == 403
    assert post(client, started, "rep", "programme_workshop_delete", pk=workshop.pk).status_code == 403
    response = post(client, started, "exec", "programme_workshop_edit",
                    {**data, "outcomes": "Vision v1 écrite", "participants": [started.e("owner").pk]}, pk=workshop.pk)
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.outcomes == "Vision v1 écrite"
    assert list(WorkshopParticipant.unscoped.filter(tenant=t).values_list("employee", flat=True)) == [started.e("owner").pk]
    assert post(client, started, "owner", "programme_workshop_delete", pk=workshop.pk).status_code == 302
    assert not Workshop.unscoped.filter(tenant=t).exists()


def test_another_groups_workshop_and_step_answer_404(client, started, other_tenant):
    other = make_group(other_tenant)
    start(other)
    workshop = services.workshop_create(tenant=other_tenant, actor=other.u("exec"), programme=other.programme, title="B",
                                        held_on=date(2026, 1, 1))
    step = ProgrammeStep.unscoped.filter(tenant=other_tenant).first()
    for name, pk in (("programme_workshop_detail", workshop.pk), ("programme_workshop_edit", workshop.pk),
                     ("programme_step_edit", step.pk)):
        assert get(client, started, "exec", name, pk=pk).status_code == 404, name
    assert post(client, started, "exec", "programme_workshop_delete", pk=workshop.pk).status_code == 404
    assert get(client, started, "exec", "programme_home", query=f"?programme={other.programme.pk}").status_code == 404


def test_the_timeline():
    from bns.programme.home.selectors import programme_timeline

    p = Programme(starts_on=date(2026, 1, 5), target_end_on=date(2026, 6, 5), status="active")
    t = programme_timeline(p, date(2026, 3, 10))
    assert (t.month, t.months, t.percent, t.days_left, t.late) == (3, 5, 42, 87, False)
    assert programme_timeline(p, date(2026, 1, 1)).month == 0
    assert programme_timeline(p, date(2026, 2, 4)).month == 1 and programme_timeline(p, date(2026, 2, 5)).month == 2
    late = programme_timeline(p, date(2026, 6, 15))
    assert (late.month, late.percent, late.days_late, late.late) == (5, 100, 10, True)
