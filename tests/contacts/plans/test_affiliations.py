"""Affiliations: typo-tolerant creation ("did you mean...?"), merge of duplicates, who may link whom, the pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from bns.models import AuditEvent, Role
from contacts.plans import affiliation_selectors as aff
from contacts.plans import services
from contacts.plans.models import Affiliation, EmployeeAffiliation, PersonAffiliation
from tests.contacts.plans.conftest import body, member, url
from tests.factories import EmployeeFactory, relationship_make

pytestmark = pytest.mark.django_db
on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm needs PostgreSQL (DATABASE_URL)")


@pytest.fixture
def actor(tenant):
    return member(tenant, EmployeeFactory(tenant=tenant), Role.EMPLOYEE)


def _create(tenant, actor, name, kind="school", **kw):
    return services.affiliation_find_or_create(tenant=tenant, actor=actor.user, name=name, kind=kind, **kw)


def test_same_name_found_whatever_the_accents_case_and_punctuation(tenant, actor):
    first = _create(tenant, actor, "École Supérieure de Commerce - Rennes")
    assert first.created and first.affiliation.name_key == "ecole superieure de commerce rennes"
    again = _create(tenant, actor, "ecole superieure de commerce rennes")
    assert (again.affiliation, again.created, again.suggestions) == (first.affiliation, False, [])
    other_kind = _create(tenant, actor, "École Supérieure de Commerce Rennes", kind="club", confirm_new=True)
    assert other_kind.created  # same name, another kind: another affiliation
    assert AuditEvent.unscoped.filter(tenant=tenant, verb="affiliation.create").count() == 2


def test_similar_names_suggested_before_creating(tenant, actor):
    esc = _create(tenant, actor, "ESC Rennes").affiliation
    _create(tenant, actor, "Stade Rennais Rugby", kind="club")
    match = _create(tenant, actor, "ESC Rennes School of Business")
    assert match.affiliation is None and not match.created
    assert match.suggestions == [esc]
    assert Affiliation.unscoped.filter(tenant=tenant).count() == 2  # nothing created
    forced = _create(tenant, actor, "ESC Rennes School of Business", confirm_new=True)
    assert forced.created
    # a typo of the short name still finds both
    assert set(_create(tenant, actor, "ESC Renne").suggestions) == {esc, forced.affiliation}


def test_sqlite_path_prefix_and_contains(tenant, actor):
    """The portable matching (the only one on SQLite; on PostgreSQL a subset of the trigram one)."""
    esc = _create(tenant, actor, "ESC Rennes").affiliation
    bni = _create(tenant, actor, "BNI Rennes Entreprendre", kind="club").affiliation
    assert aff.affiliation_similar(tenant=tenant, name="ESC Renes", kind="school") == [esc]  # typo: same first word
    assert aff.affiliation_similar(tenant=tenant, name="bni rennes", kind="club") == [bni]  # contained
    assert aff.affiliation_similar(tenant=tenant, name="Rennes", kind="club") == [bni]
    assert aff.affiliation_similar(tenant=tenant, name="Lycée Chateaubriand", kind="school") == []
    assert aff.affiliation_similar(tenant=tenant, name="ESC Rennes", kind="club") == []  # another kind
    assert aff.affiliation_similar(tenant=tenant, name="!!!") == []


@on_postgres
def test_postgres_trigram_path_tolerates_typos(tenant, actor):
    rugby = _create(tenant, actor, "Stade Rennais Rugby", kind="club").affiliation
    _create(tenant, actor, "Golf de la Freslonnière", kind="club")
    assert aff.affiliation_similar(tenant=tenant, name="Stade Renais Rubgy", kind="club") == [rugby]  # two typos
    assert aff.affiliation_similar(tenant=tenant, name="Stde Rennais", kind="club") == [rugby]
    assert aff.affiliation_similar(tenant=tenant, name="Rugby Club Vannetais", kind="club") == []


def test_validation_messages(tenant, actor):
    with pytest.raises(ValidationError) as exc:
        _create(tenant, actor, "  ", kind="nope")
    assert set(exc.value.message_dict) == {"name", "kind"}
    with pytest.raises(ValidationError):
        _create(tenant, actor, "x" * 201)


def test_merge_repoints_links_once_each(tenant, actor):
    admin = member(tenant, None, Role.ADMIN)
    a = _create(tenant, actor, "ESC Rennes").affiliation
    b = _create(tenant, actor, "ESC Rennes School of Business", confirm_new=True).affiliation
    both, only_b = EmployeeFactory(tenant=tenant), EmployeeFactory(tenant=tenant)
    for employee, affiliation, detail in ((both, a, ""), (both, b, "promo 2008"), (only_b, b, "")):
        services.employee_affiliation_add(tenant=tenant, actor=admin.user, employee=employee, affiliation=affiliation, detail=detail)
    person = relationship_make(tenant=tenant, owner=actor.employee, visibility="shared", scope="group").person
    for affiliation in (a, b):
        services.person_affiliation_add(tenant=tenant, actor=actor.user, person=person, affiliation=affiliation)
    with pytest.raises(PermissionDenied):
        services.affiliation_merge(tenant=tenant, actor=actor.user, survivor=b, merged=a)
    kept = services.affiliation_merge(tenant=tenant, actor=admin.user, survivor=b, merged=a)
    assert kept == b and not Affiliation.unscoped.filter(pk=a.pk).exists()
    links = EmployeeAffiliation.unscoped.filter(tenant=tenant, affiliation=b)
    assert sorted(links.values_list("employee_id", flat=True)) == sorted([both.pk, only_b.pk])
    assert links.get(employee=both).detail == "promo 2008"
    assert PersonAffiliation.unscoped.filter(tenant=tenant, person=person).count() == 1
    assert AuditEvent.unscoped.filter(tenant=tenant, verb="affiliation.merge").get().data["merged"] == "ESC Rennes"
    with pytest.raises(ValidationError):
        services.affiliation_merge(tenant=tenant, actor=admin.user, survivor=b, merged=b)


def test_who_may_link_whom(world, tenant):
    school = world.affiliations["school"]
    kam, rep, admin = world.m("kam"), world.m("rep"), world.m("admin")
    with pytest.raises(PermissionDenied):  # an employee links only themself
        services.employee_affiliation_add(tenant=tenant, actor=kam.user, employee=rep.employee, affiliation=school)
    link, created = services.employee_affiliation_add(tenant=tenant, actor=admin.user, employee=rep.employee, affiliation=school)
    assert created
    assert not services.employee_affiliation_add(tenant=tenant, actor=rep.user, employee=rep.employee, affiliation=school)[1]
    with pytest.raises(PermissionDenied):
        services.employee_affiliation_remove(tenant=tenant, actor=kam.user, link=link)
    services.employee_affiliation_remove(tenant=tenant, actor=rep.user, link=link)
    # persons: only a member who may see the details (never through someone else's PRIVATE relationship)
    hidden = relationship_make(tenant=tenant, owner=rep.employee, first_name="Claire", last_name="Secrète", company="X",
                               visibility="private").person
    parc = world.relationships["parc"].person  # discoverable: existence only
    for person in (hidden, parc):
        for who in ("manager", "admin", "executive", "kam"):
            with pytest.raises(ValidationError):
                services.person_affiliation_add(tenant=tenant, actor=world.m(who).user, person=person, affiliation=school)
    services.person_affiliation_add(tenant=tenant, actor=rep.user, person=hidden, affiliation=school)
    link = PersonAffiliation.unscoped.get(tenant=tenant, person=hidden)
    with pytest.raises(ValidationError):
        services.person_affiliation_remove(tenant=tenant, actor=admin.user, link=link)
    services.person_affiliation_remove(tenant=tenant, actor=rep.user, link=link)


# --- Pages ---------------------------------------------------------------------------------------------


def test_my_affiliations_page_offers_did_you_mean(client, tenant, actor):
    esc = _create(tenant, actor, "ESC Rennes School of Business").affiliation
    client.force_login(actor.user)
    page_url = url(tenant, "plans_affiliation_mine")
    assert client.get(page_url).status_code == 200
    response = client.post(page_url, {"name": "ESC Rennes", "kind": "school", "city": "", "detail": "promo 2010"})
    assert response.status_code == 200
    assert "Did you mean" in body(response) and "ESC Rennes School of Business" in body(response)
    assert not EmployeeAffiliation.unscoped.filter(employee=actor.employee).exists()
    response = client.post(page_url, {"name": "ESC Rennes", "kind": "school", "use": esc.pk, "confirm_new": "on", "detail": "2010"})
    assert response.status_code == 302
    assert EmployeeAffiliation.unscoped.get(employee=actor.employee).affiliation == esc
    response = client.post(page_url, {"name": "", "kind": "school"})
    assert response.status_code == 400
    link = EmployeeAffiliation.unscoped.get(employee=actor.employee)
    assert client.post(url(tenant, "plans_affiliation_mine_remove", pk=link.pk)).status_code == 302
    assert not EmployeeAffiliation.unscoped.filter(pk=link.pk).exists()


def test_directory_search_and_merge_page(client, tenant, actor):
    a = _create(tenant, actor, "ESC Rennes").affiliation
    b = _create(tenant, actor, "ESC Rennes School of Business", confirm_new=True).affiliation
    _create(tenant, actor, "Rotary Club de Quimper", kind="club")
    client.force_login(actor.user)
    page = body(client.get(url(tenant, "plans_affiliation_list"), {"q": "rotary"}))
    assert "Rotary Club de Quimper" in page and "ESC Rennes" not in page
    assert client.get(url(tenant, "plans_affiliation_merge", pk=a.pk)).status_code == 403
    admin = member(tenant, None, Role.ADMIN)
    client.force_login(admin.user)
    detail = body(client.get(url(tenant, "plans_affiliation_detail", pk=b.pk)))
    assert "ESC Rennes" in detail and f"?merged={a.pk}" in detail
    merge_url = url(tenant, "plans_affiliation_merge", pk=b.pk)
    assert client.post(merge_url, {"merged": a.pk}).status_code == 400  # the confirmation box
    assert client.post(merge_url, {"merged": b.pk, "confirm": "on"}).status_code == 400  # not into itself
    assert client.post(merge_url, {"merged": a.pk, "confirm": "on"}).status_code == 302
    assert not Affiliation.unscoped.filter(pk=a.pk).exists()


def test_stakeholder_panel_adds_an_affiliation_to_the_person(client, world, tenant):
    dg = world.stakeholders["dg"]
    client.force_login(world.m("kam").user)  # sees the DG's details (shared with the group)
    panel = url(tenant, "plans_stakeholder_affiliations", pk=dg.pk)
    assert client.get(panel).status_code == 200
    response = client.post(panel, {"name": "BNI Rennes Entreprendre", "kind": "club", "city": "Rennes", "detail": ""})
    assert response.status_code == 302
    assert PersonAffiliation.unscoped.filter(person=dg.person, affiliation__name="BNI Rennes Entreprendre").exists()
    # a member who only knows the fleet manager exists may not touch their affiliations
    assert client.get(url(tenant, "plans_stakeholder_affiliations", pk=world.stakeholders["parc"].pk)).status_code == 403
    link = PersonAffiliation.unscoped.get(person=dg.person, affiliation__name="BNI Rennes Entreprendre")
    response = client.post(url(tenant, "plans_person_affiliation_remove", pk=link.pk), {"next": panel})
    assert response.status_code == 302 and response["Location"] == panel
    parc_link, _ = services.person_affiliation_add(tenant=tenant, actor=world.m("rep").user,
                                                   person=world.stakeholders["parc"].person, affiliation=world.affiliations["club"])
    response = client.post(url(tenant, "plans_person_affiliation_remove", pk=parc_link.pk), {})
    assert response.status_code == 404  # kam may not see the fleet manager's details: as if it did not exist
    assert PersonAffiliation.unscoped.filter(pk=parc_link.pk).exists()
