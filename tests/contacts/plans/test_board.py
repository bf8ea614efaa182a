"""The plan's board: ranked suggestions with their reasons, coverage figures, the org chart, the query count."""

from __future__ import annotations

import pytest

from bns.models import Role
from contacts.plans import selectors, services
from contacts.plans.models import Stakeholder
from contacts.plans.selectors import StakeholderCard, _tree, suggestion_rank
from tests.contacts.plans.conftest import body, member, url
from tests.factories import EmployeeFactory, SiteFactory, relationship_make

pytestmark = pytest.mark.django_db


def _card(board, stakeholder):
    return next(c for c in board.cards if c.stakeholder.pk == stakeholder.pk)


def test_suggestions_ranked_with_reasons(world):
    board = selectors.plan_board(tenant=world.tenant, membership=world.m("manager"), plan=world.plan)
    daf = _card(board, world.stakeholders["daf"])
    # alumnus: same school (3) + works in Rennes (1); sharer: strength 1 (2) + Rennes (1)
    assert [(s.employee.last_name, s.score) for s in daf.suggestions] == [("Ancien", 4), ("Partage", 3)]
    texts = [r.text for r in daf.suggestions[0].reasons]
    assert texts[0] == "went to the same school: ESC Rennes School of Business"
    assert "works in Rennes" in texts[1]
    assert [r.code for r in daf.suggestions[1].reasons] == ["strength", "same_city"]
    dg = _card(board, world.stakeholders["dg"])
    assert [(s.employee.last_name, s.score) for s in dg.suggestions] == [("Partage", 12)]  # 4x2 + club 3 + Rennes 1
    assert {r.code for r in dg.suggestions[0].reasons} == {"strength", "club", "same_city"}
    parc = _card(board, world.stakeholders["parc"])
    assert parc.suggestions == []  # only a discoverable relationship: no name, an introduction instead
    assert [k.band for k in parc.someone_knows] == ["strong"]


def test_suggestions_are_shown_on_the_page(client, world):
    client.force_login(world.m("manager").user)
    page = body(client.get(url(world.tenant, "plans_detail", pk=world.plan.pk)))
    assert "went to the same school: ESC Rennes School of Business" in page
    assert "Alain Ancien" in page


def test_same_city_alone_never_suggests_anyone():
    from bns.models import Employee, Site

    site = Site(city="Rennes")
    employee = Employee(pk=7, first_name="A", last_name="B", site=site)
    card = StakeholderCard(stakeholder=Stakeholder())
    assert suggestion_rank(card=card, account_city="Rennes", viewer_employee_id=None) == []
    assert employee.site.city == "Rennes"


def test_coverage_figures(world):
    for role, covered in (("manager", 3), ("rep", 4), ("kam", 3)):
        coverage = selectors.plan_board(tenant=world.tenant, membership=world.m(role), plan=world.plan).coverage
        assert (coverage.stakeholders, coverage.covered) == (4, covered), role
        assert (coverage.decision_makers, coverage.allied_decision_makers, coverage.allies_percent) == (2, 1, 50)
    coverage = selectors.plan_board(tenant=world.tenant, membership=world.m("manager"), plan=world.plan).coverage
    assert coverage.gaps == [world.stakeholders["daf"]]
    assert coverage.covered_percent == 75


def test_ended_relationships_do_not_cover(world):
    from contacts.models import Relationship

    Relationship.unscoped.filter(pk=world.relationships["dg"].pk).update(status="ended")
    coverage = selectors.plan_board(tenant=world.tenant, membership=world.m("manager"), plan=world.plan).coverage
    assert coverage.covered == 2


def test_org_chart_from_reports_to(world):
    board = selectors.plan_board(tenant=world.tenant, membership=world.m("manager"), plan=world.plan)
    roots = {c.stakeholder.pk: c for c in board.roots}
    assert set(roots) == {world.stakeholders["dg"].pk, world.stakeholders["daf"].pk}
    daf = roots[world.stakeholders["daf"].pk]
    assert {c.stakeholder.pk for c in daf.children} == {world.stakeholders["parc"].pk, world.stakeholders["buyer"].pk}


def test_org_chart_survives_a_loop_in_the_data(world):
    """The services refuse loops; the drawing never trusts it (a loop written directly is broken, not infinite)."""
    daf, parc = world.stakeholders["daf"], world.stakeholders["parc"]
    Stakeholder.unscoped.filter(pk=daf.pk).update(reports_to=parc)
    board = selectors.plan_board(tenant=world.tenant, membership=world.m("manager"), plan=world.plan)
    seen = []

    def walk(cards):
        for c in cards:
            seen.append(c.stakeholder.pk)
            walk(c.children)

    walk(board.roots)
    assert sorted(seen) == sorted(s.pk for s in world.stakeholders.values())
    assert _tree([]) == []


def test_org_chart_rendered_as_nested_boxes(client, world):
    client.force_login(world.m("kam").user)
    page = body(client.get(url(world.tenant, "plans_detail", pk=world.plan.pk)))
    assert page.count('data-testid="stakeholder"') == 4
    daf_at = page.index(f'id="stakeholder-{world.stakeholders["daf"].pk}"')
    parc_at = page.index(f'id="stakeholder-{world.stakeholders["parc"].pk}"')
    assert daf_at < parc_at and "<ul>" in page[daf_at:parc_at]
    assert "stance-adversary" in page and "✗" in page  # colour and symbol and word


def _grow(world, n: int) -> None:
    """``n`` more stakeholders at the account, each with a shared relationship and an affiliation."""
    tenant = world.tenant
    sharer = world.m("sharer")
    site = SiteFactory(tenant=tenant, city="Vannes")
    for i in range(n):
        colleague = EmployeeFactory(tenant=tenant, site=site)
        rel = relationship_make(tenant=tenant, owner=colleague, first_name=f"P{i}", last_name=f"Personne{i}",
                                company="Régie Armor Énergie", visibility="shared", scope="group", strength=1 + i % 5)
        member(tenant, colleague, Role.EMPLOYEE)
        stakeholder = services.stakeholder_add(tenant=tenant, actor=world.m("kam").user, plan=world.plan, person=rel.person,
                                               reports_to=world.stakeholders["dg"])
        club = services.affiliation_find_or_create(tenant=tenant, actor=sharer.user, name=f"Club numéro {i}", kind="club",
                                                   confirm_new=True).affiliation
        services.person_affiliation_add(tenant=tenant, actor=sharer.user, person=rel.person, affiliation=club)
        services.employee_affiliation_add(tenant=tenant, actor=sharer.user, employee=sharer.employee, affiliation=club)
        services.plan_action_create(tenant=tenant, actor=world.m("kam").user, plan=world.plan, title=f"Action {i}",
                                    owner=colleague, stakeholder=stakeholder)


@pytest.mark.parametrize("extra", [0, 26])
def test_plan_page_query_count_is_constant(client, world, extra, django_assert_max_num_queries):
    _grow(world, extra)
    client.force_login(world.m("manager").user)
    path = url(world.tenant, "plans_detail", pk=world.plan.pk)
    with django_assert_max_num_queries(12):  # 11 measured, at 4 and at 30 stakeholders
        response = client.get(path)
    assert response.status_code == 200
    assert body(response).count('data-testid="stakeholder"') == 4 + extra


@pytest.mark.parametrize("extra", [0, 26])
def test_export_and_list_query_counts_are_bounded(client, world, extra, django_assert_max_num_queries):
    _grow(world, extra)
    client.force_login(world.m("manager").user)
    with django_assert_max_num_queries(10):
        assert client.get(url(world.tenant, "plans_stakeholders_export", pk=world.plan.pk)).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(url(world.tenant, "plans_affiliation_list")).status_code == 200


@pytest.mark.parametrize("plans", [1, 12])
def test_plan_list_query_count_is_constant(client, world, plans, django_assert_max_num_queries):
    from contacts.services import account_find_or_create

    for i in range(plans - 1):
        account = account_find_or_create(tenant=world.tenant, actor=None, name=f"Mairie numéro {i}")
        services.account_plan_create(tenant=world.tenant, actor=world.m("manager").user, account=account)
    client.force_login(world.m("manager").user)
    with django_assert_max_num_queries(8):
        response = client.get(url(world.tenant, "plans_list"))
    assert response.status_code == 200
    assert body(response).count("/contacts/plans/") >= plans
