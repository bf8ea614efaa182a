"""The means pages: board, timeline, RACI matrix, budget and licences; forms; exports; permissions; bounded queries."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from bns.models import Role
from bns.programme.means import budget_services, services
from bns.programme.models import ActionRole, BudgetLine, ProgrammeAction
from networking.models import ToolLicence
from tests.bns.programme.strategy.support import make_org, url
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def login(client, org, who):
    client.force_login(org.user(who))
    return client


def body(response) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def action(org, title, **values):
    values = {"kind": "training", **values}
    return services.programme_action_create(tenant=org.tenant, actor=org.user("owner"), programme=org.programme, title=title, **values)


@pytest.fixture
def filled(org):
    today = timezone.localdate()
    late = action(org, "Formation en retard", owner=org.employee("manager"), status="in_progress", budget_planned="1000",
                  budget_actual="800", starts_on=today - timedelta(days=20), deadline=today - timedelta(days=2))
    action(org, "Salon VO", kind="event", owner=org.employee("owner"), status="done", budget_planned="3000", budget_actual="2500",
           starts_on=today - timedelta(days=40), deadline=today - timedelta(days=10))
    action(org, "Recrutement community manager", kind="recruitment", deadline=today + timedelta(days=30))
    action(org, "Sans date", kind="content")
    services.action_role_set(tenant=org.tenant, actor=org.user("owner"), action=late, accountable=org.employee("owner"),
                             responsible=[org.employee("manager")], informed=[org.employee("employee")])
    budget_services.budget_line_create(tenant=org.tenant, actor=org.user("owner"), programme=org.programme, label="Annonces",
                                       planned="0", actual="0", replaces="Presse locale", replaced_amount="5000")
    ToolLicence.unscoped.create(tenant=org.tenant, tool="Sales Navigator", monthly_cost=Decimal("100"), employee=None)
    return org


def test_empty_states(client, tenant):
    member = MembershipFactory(tenant=tenant, user=UserFactory(), role=Role.EMPLOYEE)
    client.force_login(member.user)
    assert "has not started its BNS programme yet" in body(client.get(url(tenant, "programme_means")))
    org = make_org(tenant)
    page = body(login(client, org, "owner").get(url(tenant, "programme_means")))
    for text in ("No action yet", "No dated action yet", "Nobody has a role yet", "No budget line yet", "No tool licence in force",
                 "no net cost or saving"):
        assert text in page, text


def test_the_means_page_for_an_employee(client, filled):
    response = login(client, filled, "employee").get(url(filled.tenant, "programme_means"))
    page = body(response)
    assert response.status_code == 200
    for text in ("Formation en retard", "overdue", "Salon VO", "Marc Chefdesventes", 'data-testid="column-done"',
                 "tl-today", "tl-bar in_progress overdue", "Presse locale", "Net saving of 1,700\u00a0€", "Sales Navigator",
                 "1,200\u00a0€"):
        assert text in page, text
    # The board: one card per action, in its status column.
    assert page.count('data-testid="card"') == 4
    # The RACI matrix: people as rows with their letters.
    assert '<th scope="row">Paul Pilote</th>' in page and '<td class="cell">A</td>' in page
    # An employee reads: no status form, no edit link.
    assert url(filled.tenant, "programme_action_create") not in page
    assert "/status/" not in page and "/edit/" not in page


def test_filters(client, filled):
    login(client, filled, "employee")
    page = body(client.get(url(filled.tenant, "programme_means"), {"kind": "event"}))
    assert page.count('data-testid="card"') == 1 and "Salon VO" in page
    page = body(client.get(url(filled.tenant, "programme_means"), {"owner": filled.employee("manager").pk, "status": "in_progress"}))
    assert page.count('data-testid="card"') == 1 and "Formation en retard" in page
    page = body(client.get(url(filled.tenant, "programme_means"), {"status": "blocked"}))
    assert "No action matches these filters." in page
    assert client.get(url(filled.tenant, "programme_means"), {"owner": "abc", "kind": "x"}).status_code == 200


def test_employees_read_but_do_not_write(client, filled):
    a = ProgrammeAction.unscoped.get(title="Salon VO")
    line = BudgetLine.unscoped.get()
    login(client, filled, "employee")
    assert client.get(url(filled.tenant, "programme_action_detail", pk=a.pk)).status_code == 200
    for name, kwargs, data in [
        ("programme_action_create", {}, {"title": "X", "kind": "tool"}),
        ("programme_action_edit", {"pk": a.pk}, {"title": "X", "kind": "tool", "status": "done"}),
        ("programme_action_status", {"pk": a.pk}, {"status": "blocked"}),
        ("programme_action_raci", {"pk": a.pk}, {"accountable": filled.employee("employee").pk}),
        ("programme_action_delete", {"pk": a.pk}, {}),
        ("programme_budget_line_create", {}, {"label": "X"}),
        ("programme_budget_line_edit", {"pk": line.pk}, {"label": "X"}),
        ("programme_budget_line_delete", {"pk": line.pk}, {}),
    ]:
        assert client.post(url(filled.tenant, name, **kwargs), data).status_code == 403, name
    assert ProgrammeAction.unscoped.get(pk=a.pk).status == "done" and BudgetLine.unscoped.get().label == "Annonces"


@pytest.mark.parametrize("who", ["owner", "executive"])
def test_editors_create_move_and_edit(client, org, who):
    login(client, org, who)
    bad = client.post(url(org.tenant, "programme_action_create"), {"title": "Formation", "kind": "training", "status": "planned",
                                                                   "starts_on": "2026-03-10", "deadline": "2026-03-01",
                                                                   "budget_planned": "-3"})
    assert bad.status_code == 400 and "The deadline cannot be before the start." in body(bad)
    created = client.post(url(org.tenant, "programme_action_create"), {
        "title": "Formation", "kind": "training", "status": "planned", "owner": org.employee("manager").pk,
        "budget_planned": "1500", "starts_on": "2026-02-01", "deadline": "2026-03-01"})
    assert created.status_code == 302
    a = ProgrammeAction.unscoped.get(title="Formation")
    assert a.budget_planned == Decimal("1500.00") and a.budget_actual == 0 and a.owner == org.employee("manager")
    means = url(org.tenant, "programme_means") + "?kind=training"
    moved = client.post(url(org.tenant, "programme_action_status", pk=a.pk), {"status": "in_progress", "next": means})
    assert moved.status_code == 302 and moved["Location"] == means
    away = client.post(url(org.tenant, "programme_action_status", pk=a.pk), {"status": "done", "next": "https://evil.example/"})
    assert away["Location"] == url(org.tenant, "programme_means")
    assert client.post(url(org.tenant, "programme_action_status", pk=a.pk), {"status": "nope"}).status_code == 400
    a.refresh_from_db()
    assert a.status == "done"
    edit = client.post(url(org.tenant, "programme_action_edit", pk=a.pk), {
        "title": "Formation LinkedIn", "kind": "training", "status": "done", "budget_actual": "1400.25"})
    assert edit.status_code == 302
    a.refresh_from_db()
    assert a.title == "Formation LinkedIn" and a.budget_actual == Decimal("1400.25") and a.owner is None
    page = body(client.get(url(org.tenant, "programme_means")))
    assert url(org.tenant, "programme_action_status", pk=a.pk) in page and url(org.tenant, "programme_action_create") in page


def test_raci_form(client, org):
    a = action(org, "Formation")
    login(client, org, "owner")
    page = body(client.get(url(org.tenant, "programme_action_raci", pk=a.pk)))
    assert "Accountable (A)" in page and "one per action" in page
    response = client.post(url(org.tenant, "programme_action_raci", pk=a.pk), {
        "accountable": org.employee("owner").pk, "responsible": [org.employee("manager").pk, org.employee("employee").pk],
        "informed": [org.employee("executive").pk]})
    assert response.status_code == 302
    assert ActionRole.unscoped.filter(action=a).count() == 4
    assert ActionRole.unscoped.get(action=a, raci="A").employee == org.employee("owner")
    detail = body(client.get(url(org.tenant, "programme_action_detail", pk=a.pk)))
    assert "Paul Pilote" in detail and "Marc Chefdesventes" in detail
    assert client.post(url(org.tenant, "programme_action_raci", pk=a.pk), {"accountable": "999999"}).status_code == 400


def test_budget_lines_from_the_pages(client, org):
    a = action(org, "Formation", budget_planned="1000")
    login(client, org, "owner")
    form = body(client.get(url(org.tenant, "programme_budget_line_create"), {"action": a.pk}))
    assert f'<option value="{a.pk}" selected>' in form
    bad = client.post(url(org.tenant, "programme_budget_line_create"), {"label": "Vidéos", "replaced_amount": "900"})
    assert bad.status_code == 400 and "Say which classic spend this line replaces" in body(bad)
    ok = client.post(url(org.tenant, "programme_budget_line_create"), {"label": "Vidéos", "action": a.pk, "planned": "1200",
                                                                       "actual": "300", "replaces": "Radio", "replaced_amount": "900"})
    assert ok.status_code == 302
    line = BudgetLine.unscoped.get()
    assert (line.action_id, line.planned, line.replaced_amount) == (a.pk, Decimal("1200.00"), Decimal("900.00"))
    page = body(client.get(url(org.tenant, "programme_means")))
    assert "Net cost of" not in page and "Net saving of 600\u00a0€" in page  # spent max(0, 300) - 900
    assert client.post(url(org.tenant, "programme_budget_line_edit", pk=line.pk), {"label": "Vidéos courtes", "actual": "950",
                                                                                   "replaces": "Radio", "replaced_amount": "900"}).status_code == 302
    assert "Net cost of 50\u00a0€" in body(client.get(url(org.tenant, "programme_means")))
    assert client.post(url(org.tenant, "programme_budget_line_delete", pk=line.pk)).status_code == 302
    assert not BudgetLine.unscoped.exists()


def test_csv_exports(client, filled):
    login(client, filled, "employee")
    response = client.get(url(filled.tenant, "programme_means_actions_export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    content = body(response)
    assert content.startswith("\ufeff") and ";" in content.splitlines()[0]
    rows = content.splitlines()
    assert len(rows) == 5  # header + 4 actions
    late = next(r for r in rows if r.startswith("Formation en retard"))
    assert ";yes;" in late and "Paul Pilote" in late and "1000.00" in late
    budget_csv = body(client.get(url(filled.tenant, "programme_means_budget_export")))
    assert "Annonces;;0.00;0.00;Presse locale;5000.00" in budget_csv and "net saving of 1,700" in budget_csv  # spent 800 + 2500, replaced 5000


def test_action_create_and_exports_need_a_programme(client, tenant):
    member = MembershipFactory(tenant=tenant, user=UserFactory(), role=Role.EXECUTIVE)
    client.force_login(member.user)
    assert client.get(url(tenant, "programme_action_create")).status_code == 404
    assert client.get(url(tenant, "programme_means_actions_export")).status_code == 404


def _fill(org, n: int):
    people = [EmployeeFactory(tenant=org.tenant) for _ in range(3)]
    for i in range(n):
        a = action(org, f"Action {i}", owner=people[i % 3], budget_planned="100", starts_on=date(2026, 2, 1), deadline=date(2026, 3, 1))
        services.action_role_set(tenant=org.tenant, actor=org.user("owner"), action=a, accountable=people[0],
                                 responsible=people[1:], informed=[org.employee("employee")])
        budget_services.budget_line_create(tenant=org.tenant, actor=org.user("owner"), programme=org.programme, label=f"L{i}",
                                           action=a, planned="50", replaces="Presse", replaced_amount="80")
        ToolLicence.unscoped.create(tenant=org.tenant, tool=f"Outil {i % 2}", monthly_cost=Decimal("10"), employee=people[i % 3])


@pytest.mark.parametrize("who", ["employee", "owner"])
def test_the_board_reads_a_bounded_number_of_queries(client, org, who, django_assert_max_num_queries):
    login(client, org, who)
    _fill(org, 2)
    client.get(url(org.tenant, "programme_means"))  # warm the session and caches
    with django_assert_max_num_queries(18) as small:
        assert client.get(url(org.tenant, "programme_means")).status_code == 200
    _fill(org, 10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = body(client.get(url(org.tenant, "programme_means")))
    assert page.count('data-testid="card"') == 12


def test_the_action_page_reads_a_bounded_number_of_queries(client, org, django_assert_max_num_queries):
    login(client, org, "employee")
    _fill(org, 1)
    a = ProgrammeAction.unscoped.get()
    for i in range(6):
        budget_services.budget_line_create(tenant=org.tenant, actor=org.user("owner"), programme=org.programme, label=f"X{i}", action=a)
    with django_assert_max_num_queries(12):
        assert client.get(url(org.tenant, "programme_action_detail", pk=a.pk)).status_code == 200


def test_timeline_positions_are_css_numbers_in_french(client, filled, settings):
    settings.LANGUAGE_CODE = "fr"
    with translation.override("fr"):
        page = body(login(client, filled, "employee").get(url(filled.tenant, "programme_means")))
    styles = re.findall(r'class="tl-bar[^"]*" style="left: ([^%]*)%; width: ([^%]*)%"', page)
    assert len(styles) == 3  # the action without any date is not on the timeline
    for left, width in styles:
        float(left), float(width)  # "12.5", never "12,5"
    assert re.search(r'class="tl-today" style="left: [0-9.]+%"', page)
