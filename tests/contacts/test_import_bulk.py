"""The set-based import path: bounded queries per chunk, same outcomes as row by row, fallback on failure."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from bns.models import Role
from contacts.importing import bulk, service
from contacts.management.commands.bench_contacts import linkedin_connections_csv
from contacts.models import Account, MergeSuggestion, Person, PersonEmail, PersonPhone, Relationship
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory, relationship_make

pytestmark = pytest.mark.django_db

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"


@pytest.fixture
def rep(tenant):
    employee = EmployeeFactory(tenant=tenant, email="rep@armor.example")
    user = UserFactory(email="rep.user@armor.example")
    MembershipFactory(tenant=tenant, user=user, role=Role.EMPLOYEE, employee=employee)
    return employee, user


@pytest.fixture
def no_fallback(monkeypatch):
    """Fail the test if any chunk leaves the bulk path."""

    def refuse(**kw):
        raise AssertionError("the chunk fell back to row-by-row processing")

    monkeypatch.setattr(service, "_import_rows_one_by_one", refuse)


def import_bytes(tenant, rep, raw: bytes, fmt="linkedin"):
    employee, user = rep
    ci = service.contact_import_create(tenant=tenant, actor=user, owner=employee, filename="Connections.csv", raw_bytes=raw, format=fmt)
    service.contact_import_start_sync(tenant=tenant, contact_import=ci)
    return service.contact_import_run(tenant=tenant, contact_import_id=ci.pk, actor=user)


def csv_bytes(*lines: str) -> bytes:
    return "\n".join([HEADER, *lines]).encode()


@pytest.mark.parametrize("rows", [40, 400])
def test_queries_of_a_run_do_not_grow_with_the_rows(tenant, rep, rows, no_fallback, django_assert_max_num_queries):
    employee, user = rep
    ci = service.contact_import_create(
        tenant=tenant, actor=user, owner=employee, filename="Connections.csv", raw_bytes=linkedin_connections_csv(rows=rows),
        format="auto",
    )
    service.contact_import_start_sync(tenant=tenant, contact_import=ci)
    with django_assert_max_num_queries(40):
        ci = service.contact_import_run(tenant=tenant, contact_import_id=ci.pk, actor=user)
    assert ci.status == "done" and ci.processed == rows and len(ci.report) == rows
    assert Relationship.unscoped.filter(tenant=tenant, owner=employee).count() == ci.counts["created"] + ci.counts["merged"]
    assert ci.counts["created"] > rows * 0.9


def test_rows_of_one_chunk_that_are_the_same_person_make_one_person(tenant, rep, no_fallback):
    ci = import_bytes(tenant, rep, csv_bytes(
        "Yann,Kervella,https://www.linkedin.com/in/yann-kervella,yann@kervella.fr,Transports Kervella,Gérant,12 Mar 2021",
        "Yann,Kervella,https://fr.linkedin.com/in/Yann-Kervella/,,Transports Kervella,,12 Mar 2021",
        "Y.,K.,,yann@kervella.fr,,,12 Mar 2021",
    ))
    assert [r["action"] for r in ci.report] == ["created", "unchanged", "unchanged"]
    assert ci.report[1]["reason"].endswith(("row 2 of this file.", "ligne 2 de ce fichier."))
    assert Person.unscoped.filter(tenant=tenant).count() == 1 and Relationship.unscoped.filter(tenant=tenant).count() == 1
    person = Person.unscoped.get(tenant=tenant)
    assert person.account.name == "Transports Kervella" and person.position == "Gérant"
    assert list(PersonEmail.unscoped.filter(person=person).values_list("email", flat=True)) == ["yann@kervella.fr"]


def test_a_known_person_gets_its_blanks_filled_and_nothing_overwritten(tenant, rep, no_fallback):
    other = EmployeeFactory(tenant=tenant)
    known = relationship_make(tenant=tenant, owner=other, first_name="Anne", last_name="Quéré", company="",
                              email="anne.quere@gmail.com").person
    Person.unscoped.filter(pk=known.pk).update(position="DAF")
    ci = import_bytes(tenant, rep, csv_bytes(
        "Anne,Quéré,https://www.linkedin.com/in/anne-quere,anne.quere@gmail.com,Breizh Location,Gérante,01 Feb 2019",
    ))
    assert ci.counts["merged"] == 1 and ci.report[0]["person_id"] == known.pk
    known.refresh_from_db()
    assert known.position == "DAF"  # kept
    assert known.company_name == "Breizh Location" and known.account.name == "Breizh Location"
    assert known.linkedin_url == "https://www.linkedin.com/in/anne-quere"
    mine = Relationship.unscoped.get(tenant=tenant, owner=rep[0])
    assert mine.person_id == known.pk and mine.context.endswith("01/02/2019") and mine.contact_import_id == ci.pk


def test_existing_account_is_reused_and_same_name_elsewhere_is_a_suggestion(tenant, rep, no_fallback):
    other = EmployeeFactory(tenant=tenant)
    claire = relationship_make(tenant=tenant, owner=other, first_name="Claire", last_name="Morvan", company="Morvan Immobilier").person
    accounts_before = Account.unscoped.filter(tenant=tenant).count()
    ci = import_bytes(tenant, rep, csv_bytes(
        "Claire,Morvan,,,Ville de Vannes,Adjointe,01 Jan 2020",
        "Paul,Le Bihan,,,MORVAN IMMOBILIER,Agent,01 Jan 2020",
    ))
    assert ci.counts["created"] == 2
    assert "suggestion" in ci.report[0]
    suggestion = MergeSuggestion.unscoped.get(tenant=tenant)
    assert suggestion.person_a_id == claire.pk and suggestion.person_b_id == ci.report[0]["person_id"]
    paul = Person.unscoped.get(tenant=tenant, last_name="Le Bihan")
    assert paul.account_id == claire.account_id  # same company, matched by its folded name
    assert Account.unscoped.filter(tenant=tenant).count() == accounts_before + 1  # only "Ville de Vannes" is new


def test_phones_from_a_vcard_are_added_once(tenant, rep, no_fallback):
    vcf = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Tanguy;Gaël;;;\r\nFN:Gaël Tanguy\r\nTEL;TYPE=CELL:06 11 22 33 44\r\n"
        "TEL;TYPE=WORK:+33 6 11 22 33 44\r\nEMAIL:gael@tanguy.bzh\r\nEND:VCARD\r\n"
    )
    ci = import_bytes(tenant, rep, vcf.encode(), fmt="vcard")
    assert ci.counts["created"] == 1
    assert list(PersonPhone.unscoped.filter(tenant=tenant).values_list("number", flat=True)) == ["+33611223344"]


def test_a_failing_chunk_is_replayed_row_by_row(tenant, rep, monkeypatch):
    def broken(**kw):
        Person.unscoped.create(tenant=tenant, last_name="Half-written", name_key="half", collected_at="2026-01-01T00:00Z",
                               retention_until="2029-01-01")
        raise IntegrityError("concurrent write")

    monkeypatch.setattr(bulk, "import_chunk_bulk", broken)
    ci = import_bytes(tenant, rep, csv_bytes(
        "Yann,Kervella,,yann@kervella.fr,Transports Kervella,Gérant,12 Mar 2021",
        "Nolwenn,Le Gall,,pas-un-email,,,12 Mar 2021",
        "Loïc,Prigent,,loic@prigent.fr,,,12 Mar 2021",
    ))
    assert ci.counts == {"created": 2, "merged": 0, "unchanged": 0, "skipped": 0, "errors": 1}
    assert not Person.unscoped.filter(tenant=tenant, last_name="Half-written").exists()  # the savepoint was rolled back
    assert [r["position"] for r in ci.report if r["action"] == "error"] == [3]
