"""An account plan never reveals a private relationship or private notes: not on the page, in the counts, the
suggestions, the CSV export or the API — whoever looks (a manager, an executive, an administrator)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from contacts.plans import selectors
from tests.contacts.plans.conftest import DISC_NOTE, PRIVATE_NOTE, REP_LAST_NAME, body, url

pytestmark = pytest.mark.django_db

LEADERS = ["manager", "executive", "admin"]


def _get(client, membership, path):
    client.force_login(membership.user)
    response = client.get(path)
    assert response.status_code == 200, path
    return body(response)


def _api(membership) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=membership.user)
    return client


@pytest.mark.parametrize("role", LEADERS)
def test_plan_page_never_shows_a_private_relationship(client, world, role):
    page = _get(client, world.m(role), url(world.tenant, "plans_detail", pk=world.plan.pk))
    assert "Anne Financière" in page  # the stakeholder is plan data
    assert PRIVATE_NOTE not in page and DISC_NOTE not in page
    assert REP_LAST_NAME not in page  # the rep owns the private and the discoverable relationships: never named
    assert "strength 5/5" not in page and "force 5/5" not in page
    # coverage: the DAF is covered only by the rep's PRIVATE relationship: not counted for a leader
    board = selectors.plan_board(tenant=world.tenant, membership=world.m(role), plan=world.plan)
    assert board.coverage.covered == 3 and board.coverage.stakeholders == 4
    daf = next(c for c in board.cards if c.stakeholder == world.stakeholders["daf"])
    assert not daf.covered
    assert [k.employee.last_name for k in daf.known_by] == ["Partage"]  # the shared one (strength 1) only
    assert daf.someone_knows == []  # a PRIVATE relationship is not even "someone"
    assert all(s.employee.last_name != REP_LAST_NAME for c in board.cards for s in c.suggestions)


def test_the_owner_of_the_private_relationship_sees_it_on_the_plan(client, world):
    rep = world.m("rep")
    board = selectors.plan_board(tenant=world.tenant, membership=rep, plan=world.plan)
    daf = next(c for c in board.cards if c.stakeholder == world.stakeholders["daf"])
    assert daf.covered and board.coverage.covered == 4
    assert daf.suggestions[0].is_me and daf.suggestions[0].score == 10
    page = _get(client, rep, url(world.tenant, "plans_detail", pk=world.plan.pk))
    assert PRIVATE_NOTE not in page  # notes are never on a plan, even for their owner


@pytest.mark.parametrize("role", LEADERS)
def test_plan_list_counts_skip_private_relationships(client, world, role):
    row = selectors.plan_list(tenant=world.tenant, membership=world.m(role)).get(pk=world.plan.pk)
    assert (row.stakeholder_count, row.covered_count) == (4, 3)
    assert (row.decision_maker_count, row.ally_decision_maker_count) == (2, 1)
    page = _get(client, world.m(role), url(world.tenant, "plans_list"))
    assert "3 / 4" in page and "4 / 4" not in page
    assert selectors.plan_list(tenant=world.tenant, membership=world.m("rep")).get(pk=world.plan.pk).covered_count == 4


@pytest.mark.parametrize("role", LEADERS)
def test_csv_export_never_shows_a_private_relationship(client, world, role):
    csv = _get(client, world.m(role), url(world.tenant, "plans_stakeholders_export", pk=world.plan.pk))
    assert csv.startswith("\ufeff") and ";" in csv
    assert "Anne Financière" in csv and "Sophie Partage (1/5)" in csv
    assert REP_LAST_NAME not in csv and PRIVATE_NOTE not in csv and DISC_NOTE not in csv


@pytest.mark.parametrize("role", LEADERS)
def test_api_never_shows_a_private_relationship(world, role):
    api = _api(world.m(role))
    slug, pk = world.tenant.slug, world.plan.pk
    rep_id = world.m("rep").employee_id
    answers = [
        api.get(f"/api/v1/g/{slug}/account-plans/"),
        api.get(f"/api/v1/g/{slug}/account-plans/{pk}/"),
        api.get(f"/api/v1/g/{slug}/account-plans/{pk}/coverage/"),
        api.get(f"/api/v1/g/{slug}/account-plans/{pk}/suggestions/"),
        api.get(f"/api/v1/g/{slug}/account-plan-stakeholders/?plan={pk}"),
    ]
    for response in answers:
        assert response.status_code == 200
        text = response.content.decode()
        assert REP_LAST_NAME not in text and PRIVATE_NOTE not in text and DISC_NOTE not in text
    assert answers[1].json()["covered_count"] == 3
    assert answers[2].json()["covered"] == 3
    cards = {c["stakeholder_id"]: c for c in answers[3].json()["stakeholders"]}
    daf = cards[world.stakeholders["daf"].pk]
    assert all(k["employee_id"] != rep_id for k in daf["known_by"]) and daf["someone_knows"] == []
    assert all(s["employee_id"] != rep_id for c in cards.values() for s in c["suggestions"])
    parc = cards[world.stakeholders["parc"].pk]
    assert parc["known_by"] == [] and parc["someone_knows"][0]["strength_band"] == "strong"
    assert set(parc["someone_knows"][0]) == {"relationship_id", "strength_band", "exclusive"}  # never who


def test_discoverable_relationship_shows_someone_with_an_intro_link(client, world):
    page = _get(client, world.m("kam"), url(world.tenant, "plans_detail", pk=world.plan.pk))
    intro = url(world.tenant, "contacts_intro_request", pk=world.relationships["parc"].pk)
    assert f"{intro}?purpose_kind=account_plan&amp;account_plan={world.plan.pk}" in page
    # the private relationship's id is nowhere (no link to it)
    assert url(world.tenant, "contacts_intro_request", pk=world.relationships["daf_private"].pk) not in page


def test_affiliation_directory_counts_only_persons_the_viewer_may_see(client, world, tenant):
    from contacts.plans import affiliation_selectors as aff
    from contacts.plans import services

    # The DAF's school is also recorded on a person only the rep knows (private): not counted for others.
    secret = world.relationships["daf_private"]
    from tests.factories import relationship_make

    hidden = relationship_make(tenant=tenant, owner=world.m("rep").employee, first_name="Hugo", last_name="Caché",
                               company="Ailleurs", visibility="private")
    services.person_affiliation_add(tenant=tenant, actor=world.m("rep").user, person=hidden.person,
                                    affiliation=world.affiliations["school"])
    assert secret.person_id != hidden.person_id
    for role, persons in (("manager", 1), ("admin", 1), ("rep", 2)):
        row = aff.affiliation_list(tenant=tenant, membership=world.m(role)).get(pk=world.affiliations["school"].pk)
        assert (row.employee_count, row.person_count) == (1, persons), role
    page = _get(client, world.m("manager"), url(tenant, "plans_affiliation_detail", pk=world.affiliations["school"].pk))
    assert "Hugo Caché" not in page and "Anne Financière" in page
