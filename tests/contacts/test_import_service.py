"""Import service: preview without writes, run (chunks, savepoints, progress), dedupe, suggestions, idempotence, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from bns.models import Role
from contacts.importing import service
from contacts.importing.tasks import contact_import_process
from contacts.models import (
    ContactImport,
    LedgerEntry,
    MergeSuggestion,
    Person,
    PersonEmail,
    PersonPhone,
    Relationship,
    Suppression,
)
from contacts.normalize import identity_hash
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory, relationship_make

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def rep(tenant):
    employee = EmployeeFactory(tenant=tenant, email="rep@armor.example")
    user = UserFactory(email="rep.user@armor.example")
    MembershipFactory(tenant=tenant, user=user, role=Role.EMPLOYEE, employee=employee)
    return employee, user


def create(tenant, rep, name, fmt="auto", **kw):
    employee, user = rep
    return service.contact_import_create(
        tenant=tenant, actor=user, owner=employee, filename=name, raw_bytes=(FIXTURES / name).read_bytes(), format=fmt, **kw
    )


def run(tenant, contact_import):
    return service.contact_import_run(tenant=tenant, contact_import_id=contact_import.pk)


def test_preview_writes_no_person_and_says_what_will_happen(tenant, rep):
    existing = relationship_make(tenant=tenant, owner=EmployeeFactory(tenant=tenant), email="anne.quere@gmail.com",
                                 first_name="Anne", last_name="Quéré", company="Breizh Location").person
    persons_before = Person.unscoped.count()
    ci = create(tenant, rep, "linkedin_connections.csv")
    assert Person.unscoped.count() == persons_before and Relationship.unscoped.filter(owner=rep[0]).count() == 0
    assert ci.status == "preview" and ci.format == "linkedin" and ci.total == 5 and len(ci.content_sha256) == 64
    assert ci.counts == {"created": 3, "merged": 1, "unchanged": 0, "skipped": 1, "errors": 0}
    by_pos = {r["position"]: r for r in ci.report}
    assert by_pos[9]["action"] == "merged" and by_pos[9]["person_id"] == existing.pk
    assert by_pos[8]["action"] == "skipped"


def test_run_linkedin_creates_relationships_with_source_visibility_strength_and_one_ledger_row(tenant, rep):
    ci = create(tenant, rep, "linkedin_connections.csv", default_visibility="discoverable", default_strength=3)
    service.contact_import_start_sync(tenant=tenant, contact_import=ci)
    ci = run(tenant, ci)
    assert ci.status == "done" and ci.processed == ci.total == 5
    assert ci.content == "" and ci.finished_at is not None
    assert ci.counts == {"created": 4, "merged": 0, "unchanged": 0, "skipped": 1, "errors": 0}
    rels = Relationship.unscoped.filter(owner=rep[0]).select_related("person")
    assert rels.count() == 4
    assert {r.visibility for r in rels} == {"discoverable"} and {r.strength for r in rels} == {3}
    assert {r.contact_import_id for r in rels} == {ci.pk}
    assert {r.person.source for r in rels} == {"linkedin"}
    yann = rels.get(person__last_name="Kervella")
    assert yann.context and "12/03/2021" in yann.context
    ledger = LedgerEntry.unscoped.filter(tenant=tenant)
    assert ledger.count() == 1 and ledger.get().verb == "import" and ledger.get().data["created"] == 4


def test_reimporting_the_same_file_creates_nothing(tenant, rep):
    for _ in range(2):
        ci = create(tenant, rep, "apple_contacts.vcf")
        ci = run(tenant, ci)
    assert ci.counts == {"created": 0, "merged": 0, "unchanged": 2, "skipped": 0, "errors": 0}
    assert Person.unscoped.count() == 2 and Relationship.unscoped.count() == 2
    # several e-mails and phones per person kept
    yann = Person.unscoped.get(last_name="Kervella")
    assert PersonEmail.unscoped.filter(person=yann).count() == 2 and PersonPhone.unscoped.filter(person=yann).count() == 2
    assert Relationship.unscoped.get(person=yann).private_notes.startswith("Rencontré")


def test_a_second_delivery_of_a_done_import_does_nothing(tenant, rep):
    ci = run(tenant, create(tenant, rep, "apple_contacts.vcf"))
    assert contact_import_process.apply(args=[ci.pk, tenant.pk]).get() == "skipped"
    assert service.contact_import_run(tenant=tenant, contact_import_id=ci.pk).counts == ci.counts
    assert LedgerEntry.unscoped.filter(verb="import").count() == 1


def test_start_queues_the_task_on_commit_and_the_task_runs(tenant, rep, django_capture_on_commit_callbacks):
    ci = create(tenant, rep, "contact_v4.vcf")
    with django_capture_on_commit_callbacks(execute=True):
        service.contact_import_start(tenant=tenant, actor=rep[1], contact_import=ci)
    ci.refresh_from_db()
    assert ci.status == "done" and ci.counts["created"] == 1 and ci.percent == 100
    person = Person.unscoped.get(last_name="Tanguy")
    assert person.source == "address_book" and PersonPhone.unscoped.get(person=person).number == "+33611223344"


def test_broken_card_and_bad_row_are_reported_while_the_others_import(tenant, rep):
    ci = run(tenant, create(tenant, rep, "google_contacts.vcf"))
    assert ci.counts["created"] == 2 and ci.counts["errors"] == 1
    assert [r["position"] for r in ci.report if r["action"] == "error"] == [2]
    csv = run(tenant, create(tenant, rep, "generic_fr.csv"))
    assert csv.counts == {"created": 2, "merged": 0, "unchanged": 0, "skipped": 1, "errors": 1}
    assert [r["position"] for r in csv.report if r["action"] == "error"] == [4]


def test_progress_is_committed_per_chunk_and_a_rerun_resumes(tenant, rep, monkeypatch):
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    lines += [f"P{i},Nom{i},,p{i}@example.fr,ACME {i},,01 Jan 2020" for i in range(7)]
    employee, user = rep
    ci = service.contact_import_create(tenant=tenant, actor=user, owner=employee, filename="c.csv",
                                       raw_bytes="\n".join(lines).encode(), format="linkedin")
    monkeypatch.setattr(service, "CHUNK_SIZE", 3)
    real = service._import_chunk
    calls = {"n": 0}

    def crash_in_second_chunk(**kw):
        calls["n"] += 1
        if calls["n"] == 2:
            real(**kw)  # the chunk's rows are written...
            raise KeyboardInterrupt  # ...then the worker dies before the chunk's progress is committed
        return real(**kw)

    monkeypatch.setattr(service, "_import_chunk", crash_in_second_chunk)
    with pytest.raises(KeyboardInterrupt):
        run(tenant, ci)
    ci.refresh_from_db()
    assert (ci.status, ci.processed, ci.total, ci.counts["created"]) == ("running", 3, 7, 3)
    assert Relationship.unscoped.count() == 3  # the half-done chunk was rolled back
    monkeypatch.setattr(service, "_import_chunk", real)
    ci = run(tenant, ci)
    assert (ci.status, ci.processed, ci.counts["created"], len(ci.report)) == ("done", 7, 7, 7)
    assert Relationship.unscoped.count() == 7


def test_dedupe_against_existing_persons_by_email_linkedin_and_name_company(tenant, rep):
    other = EmployeeFactory(tenant=tenant)
    by_email = relationship_make(tenant=tenant, owner=other, first_name="Y", last_name="K", company="",
                                 email="yann.kervella@transports-kervella.fr").person
    by_url = relationship_make(tenant=tenant, owner=other, first_name="Sophie", last_name="Le Goff", company="",
                               linkedin_url="https://linkedin.com/in/SophieLeGoff/").person
    by_name = relationship_make(tenant=tenant, owner=other, first_name="Jean-Marc", last_name="Thebault",
                                company="Garage Le Relais").person
    mine = relationship_make(tenant=tenant, owner=rep[0], first_name="Anne", last_name="Quéré", company="Breizh Location",
                             email="anne.quere@gmail.com").person
    ci = create(tenant, rep, "linkedin_connections.csv")
    reasons = {r["position"]: (r["action"], r.get("person_id"), r["reason"]) for r in ci.report}
    assert reasons[5][:2] == ("merged", by_email.pk) and reasons[6][:2] == ("merged", by_url.pk)
    assert reasons[7][:2] == ("merged", by_name.pk) and reasons[9][:2] == ("unchanged", mine.pk)
    ci = run(tenant, ci)
    assert ci.counts == {"created": 0, "merged": 3, "unchanged": 1, "skipped": 1, "errors": 0}
    assert Person.unscoped.count() == 4
    assert {r["reason"] for r in ci.report if r["action"] == "merged"} == {
        service.match_reason_label("email"), service.match_reason_label("linkedin"), service.match_reason_label("name_company")}


def test_same_name_with_another_company_gives_a_merge_suggestion_not_a_merge(tenant, rep):
    other = relationship_make(tenant=tenant, owner=EmployeeFactory(tenant=tenant), first_name="Claire", last_name="Morvan",
                              company="Morvan Immobilier").person
    ci = create(tenant, rep, "apple_contacts.vcf")
    assert "suggestion" in next(r for r in ci.report if r["name"] == "Claire Morvan")
    run(tenant, ci)
    new = Person.unscoped.exclude(pk=other.pk).get(last_name="Morvan")
    suggestion = MergeSuggestion.unscoped.get()
    assert {suggestion.person_a_id, suggestion.person_b_id} == {other.pk, new.pk} and suggestion.status == "open"


def test_a_suppressed_person_is_skipped_with_the_reason(tenant, rep):
    Suppression.unscoped.create(tenant=tenant, email_hash=identity_hash(tenant.pk, "c.morvan@mairie-vannes.fr"))
    ci = create(tenant, rep, "apple_contacts.vcf")
    assert ci.counts["skipped"] == 1
    ci = run(tenant, ci)
    assert ci.counts == {"created": 1, "merged": 0, "unchanged": 0, "skipped": 1, "errors": 0}
    assert not Person.unscoped.filter(last_name="Morvan").exists()


def test_undo_deletes_what_the_import_created_only(tenant, rep):
    mine = relationship_make(tenant=tenant, owner=rep[0], first_name="Claire", last_name="Morvan", company="Ville de Vannes",
                             email="c.morvan@mairie-vannes.fr")
    known = relationship_make(tenant=tenant, owner=EmployeeFactory(tenant=tenant), first_name="Yann", last_name="Kervella",
                              company="Transports Kervella").person
    ci = run(tenant, create(tenant, rep, "apple_contacts.vcf"))
    assert ci.counts["merged"] == 1 and ci.counts["unchanged"] == 1
    assert service.contact_import_undo(tenant=tenant, actor=rep[1], contact_import=ci) == 1
    assert Relationship.unscoped.filter(pk=mine.pk).exists() and Person.unscoped.filter(pk=known.pk).exists()
    assert not Relationship.unscoped.filter(contact_import=ci).exists()
    assert LedgerEntry.unscoped.filter(verb="delete", data__undo=True).count() == 1
    with pytest.raises(ValidationError):
        service.contact_import_undo(tenant=tenant, actor=rep[1], contact_import=ContactImport.unscoped.get(pk=ci.pk))


def test_undo_removes_persons_nobody_else_knows(tenant, rep):
    ci = run(tenant, create(tenant, rep, "contact_v4.vcf"))
    service.contact_import_undo(tenant=tenant, actor=rep[1], contact_import=ci)
    assert not Person.unscoped.exists()


@pytest.mark.parametrize("name, fmt", [("apple_contacts.vcf", "linkedin"), ("generic_fr.csv", "vcard"), ("linkedin_connections.csv", "vcard")])
def test_refused_file_writes_nothing(tenant, rep, name, fmt):
    with pytest.raises(ValidationError) as exc:
        create(tenant, rep, name, fmt)
    assert "file" in exc.value.message_dict
    assert not ContactImport.unscoped.exists() and not Person.unscoped.exists()


def test_csv_remap_recomputes_the_preview(tenant, rep):
    employee, user = rep
    ci = service.contact_import_create(tenant=tenant, actor=user, owner=employee, filename="x.csv", format="csv",
                                       raw_bytes=b"Qui;Adresse;Boite\nJean Dupont;j@d.fr;ACME\n")
    assert ci.column_mapping == {} and ci.counts["skipped"] == 1
    service.contact_import_remap(tenant=tenant, actor=user, contact_import=ci,
                                 column_mapping={"full_name": "Qui", "email": "Adresse", "company": "Boite"})
    assert ci.counts["created"] == 1 and ci.report[0]["name"] == "Jean Dupont"
    ci = run(tenant, ci)
    assert Person.unscoped.get().source == "csv"
