"""Budget arithmetic on a hand-computed case, and the tool licences' yearly cost and unused seats."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bns.programme.means import budget, budget_services, services
from bns.programme.models import BudgetLine, Programme, ProgrammeAction
from bns.tenancy import tenant_scope
from networking.models import Activity, NetworkingSettings, ToolLicence
from tests.bns.programme.strategy.support import make_org
from tests.factories import EmployeeFactory, TenantFactory

pytestmark = pytest.mark.django_db


def summarise(org, **kwargs):
    with tenant_scope(org.tenant):  # as in a request: networking_settings_get reads through the scoped manager
        return budget.budget_summary(tenant=org.tenant, programme=org.programme, **kwargs)


def licences_of(org, **kwargs):
    with tenant_scope(org.tenant):
        return budget.licence_summary(tenant=org.tenant, **kwargs)

D = Decimal


def act(org, title, kind, status, planned, actual):
    return services.programme_action_create(tenant=org.tenant, actor=org.user("owner"), programme=org.programme, title=title,
                                            kind=kind, status=status, budget_planned=planned, budget_actual=actual)


def line(org, label, planned, actual, replaced="0", replaces="", action=None):
    return budget_services.budget_line_create(tenant=org.tenant, actor=org.user("owner"), programme=org.programme,
                                              label=label, action=action, planned=planned, actual=actual, replaces=replaces,
                                              replaced_amount=replaced)


@pytest.fixture
def case(org):
    """training A1: own 1000 / 800, lines 900 / 950 (replacing 1200 of press ads) -> counted 1000 / 950;
    training A2: own 500.50 / 0, no line -> 500.50 / 0;
    event A3 (cancelled): own 2000 / 1500, line 2500 / 100 (replacing a 3000 stand) -> counted 0 / 1500;
    tool A4: own 0 / 0, line 1200 / 1199.99 -> 1200 / 1199.99;
    lines without an action: 400 / 350 (replacing 2500 of radio) and 100 / 100.01."""
    a1 = act(org, "Formation LinkedIn", "training", "in_progress", "1000", "800")
    act(org, "Formation réseaux", "training", "planned", "500.50", "0")
    a3 = act(org, "Salon annulé", "event", "cancelled", "2000", "1500")
    a4 = act(org, "Sales Navigator", "tool", "done", "0", "0")
    line(org, "Formateur", "600", "500", action=a1)
    line(org, "Supports", "300", "450", replaced="1200", replaces="Annonces presse", action=a1)
    line(org, "Stand", "2500", "100", replaced="3000", replaces="Stand salon auto", action=a3)
    line(org, "Licences", "1200", "1199.99", action=a4)
    line(org, "Contenus vidéo", "400", "350", replaced="2500", replaces="Radio locale")
    line(org, "Divers", "100", "100.01")
    # Neither another iteration's lines nor another group's count.
    other = Programme.unscoped.create(tenant=org.tenant, iteration=2, title="Itération 2", starts_on=date(2026, 7, 1),
                                      target_end_on=date(2026, 12, 31), status=Programme.Status.CLOSED)
    BudgetLine.unscoped.create(tenant=org.tenant, programme=other, label="Autre itération", planned=D("9999"), actual=D("9999"))
    return org


def test_the_hand_computed_budget(case):
    summary = summarise(case, today=date(2026, 3, 31))
    rows = {row.key: (row.actions, row.planned, row.actual, row.replaced) for row in summary.rows}
    assert rows == {
        "training": (2, D("1500.50"), D("950.00"), D("1200.00")),
        "event": (1, D("0.00"), D("1500.00"), D("3000.00")),
        "tool": (1, D("1200.00"), D("1199.99"), D("0.00")),
        "unlinked": (0, D("500.00"), D("450.01"), D("2500.00")),
    }
    assert [row.key for row in summary.rows] == ["training", "tool", "event", "unlinked"]  # the order of the types
    assert (summary.planned, summary.actual, summary.replaced) == (D("3200.50"), D("4100.00"), D("6700.00"))
    assert all(isinstance(v, Decimal) for v in (summary.planned, summary.actual, summary.replaced))
    # Counting an action and its lines both would give 5000.00 spent: each is counted once.
    assert summary.net == D("-2600.00") and summary.net_planned == D("-3499.50")
    assert summary.net_text == "net saving of 2,600\u00a0€"
    assert summary.net_planned_text == "net saving of 3,499.50\u00a0€"
    assert rows["training"][2] - rows["training"][3] == next(r.net for r in summary.rows if r.key == "training")


def test_a_net_cost_and_an_even_budget(org):
    act(org, "Formation", "training", "done", "1000", "1000")
    line(org, "Annonce remplacée", "0", "0", replaced="250.25", replaces="Presse")
    summary = summarise(org)
    assert summary.net == D("749.75") and summary.net_text == "net cost of 749.75\u00a0€"
    line(org, "Radio remplacée", "0", "0", replaced="749.75", replaces="Radio")
    assert summarise(org).net_text == "no net cost or saving"


def test_an_empty_budget(org):
    summary = summarise(org)
    assert summary.rows == [] and summary.net == D("0.00") and summary.licences.seats == 0


def test_budget_reads_a_constant_number_of_queries(case, django_assert_num_queries):
    with django_assert_num_queries(4):  # per type, lines without an action, networking settings, licences
        summarise(case)


def test_deleting_an_action_keeps_its_lines_in_the_budget(case):
    a1 = ProgrammeAction.unscoped.get(title="Formation LinkedIn")
    assert services.programme_action_delete(tenant=case.tenant, actor=case.user("owner"), action=a1) == 2
    summary = summarise(case)
    # A1 counted 1000 / 950; its lines (900 / 950, replacing 1200) now count on their own.
    assert (summary.planned, summary.actual, summary.replaced) == (D("3100.50"), D("4100.00"), D("6700.00"))


# --- Tool licences ------------------------------------------------------------------------------------


@pytest.fixture
def licences(org):
    t = org.tenant
    used_by_activity, lapsed, newcomer = (EmployeeFactory(tenant=t) for _ in range(3))
    Activity.unscoped.create(tenant=t, employee=used_by_activity, occurred_on=date(2026, 3, 20), channel="linkedin", kind="post")
    Activity.unscoped.create(tenant=t, employee=lapsed, occurred_on=date(2026, 3, 25), channel="facebook", kind="post")
    Activity.unscoped.create(tenant=t, employee=lapsed, occurred_on=date(2026, 4, 5), channel="linkedin", kind="post")  # future
    nav = dict(tenant=t, tool="Sales Navigator", channel="linkedin", monthly_cost=D("99.99"), starts_on=date(2025, 1, 1))
    ToolLicence.unscoped.create(**nav, employee=used_by_activity)
    ToolLicence.unscoped.create(**nav, employee=lapsed, last_used_on=date(2026, 1, 15))
    ToolLicence.unscoped.create(**nav, employee=None)
    canva = dict(tenant=t, tool="Canva", channel="instagram", monthly_cost=D("12"))
    ToolLicence.unscoped.create(**canva, employee=newcomer, starts_on=date(2026, 3, 20))
    ToolLicence.unscoped.create(**canva, employee=newcomer, starts_on=date(2025, 1, 1), ends_on=date(2026, 2, 28))
    ToolLicence.unscoped.create(**canva, employee=used_by_activity, starts_on=date(2025, 1, 1), last_used_on=date(2026, 3, 2))
    other = make_org(TenantFactory(slug="ailleurs"))
    ToolLicence.unscoped.create(tenant=other.tenant, tool="Sales Navigator", monthly_cost=D("500"))
    return org


def test_licences_yearly_cost_and_unused_seats(licences):
    summary = licences_of(licences, today=date(2026, 3, 31))
    assert summary.unused_days == 30
    tools = {t.tool: (t.seats, t.unused, t.yearly, t.unused_yearly) for t in summary.tools}
    assert tools == {"Canva": (2, 0, D("288.00"), D("0.00")),
                     "Sales Navigator": (3, 2, D("3599.64"), D("2399.76"))}
    assert (summary.seats, summary.unused, summary.yearly, summary.unused_yearly) == (5, 2, D("3887.64"), D("2399.76"))


def test_the_groups_unused_delay_is_used(licences):
    NetworkingSettings.unscoped.create(tenant=licences.tenant, licence_unused_days=90)
    summary = licences_of(licences, today=date(2026, 3, 31))
    assert summary.unused_days == 90
    assert {t.tool: t.unused for t in summary.tools} == {"Canva": 0, "Sales Navigator": 1}  # only the seat nobody holds
