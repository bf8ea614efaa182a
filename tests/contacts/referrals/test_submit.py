"""Referring a lead: who the lead may be (visibility), who receives it, the need, and the person's consent (CNIL)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from contacts.models import Account, LedgerEntry, Person, Relationship
from contacts.referrals import services
from contacts.referrals.models import Referral
from tests.contacts.referrals.conftest import submit
from tests.factories import DepartmentFactory, EmployeeFactory, SiteFactory, TenantFactory, relationship_make

pytestmark = pytest.mark.django_db


def _errors(exc) -> dict:
    return exc.value.message_dict


def test_new_lead_becomes_the_referrers_own_contact(tenant, org):
    referral = submit(tenant, org, email="yann@kervella.example")
    person = referral.person
    assert person.full_name == "Yann Kervella" and referral.account.name == "Transports Kervella"
    relationship = Relationship.unscoped.get(tenant=tenant, person=person)
    assert relationship.owner_id == org["referrer"].employee_id
    assert LedgerEntry.unscoped.filter(tenant=tenant, verb=LedgerEntry.Verb.REFERRAL, person=person,
                                       owner_id=org["referrer"].employee_id).count() == 1


@pytest.mark.parametrize(("consent", "message_part"), [(None, "Say whether"), (False, "CNIL")])
def test_consent_must_be_stated_and_given(tenant, org, consent, message_part):
    with pytest.raises(ValidationError) as exc:
        submit(tenant, org, consent=consent)
    assert "consent" in _errors(exc)
    assert not Referral.unscoped.exists() and not Person.unscoped.exists()  # nothing written, not even the contact


def test_consent_refusal_message_is_clear(tenant, org):
    from django.utils.translation import gettext

    with pytest.raises(ValidationError) as exc:
        submit(tenant, org, consent=False)
    assert _errors(exc)["consent"] == [gettext(
        "The person has not agreed to be contacted: a lead can only be referred with their consent (CNIL). Ask them first."
    )]


def test_need_and_a_receiver_are_required(tenant, org):
    with pytest.raises(ValidationError) as exc:
        submit(tenant, org, need="  ", to_employee=None)
    assert {"need", "to_employee"} <= set(_errors(exc))


def test_not_to_oneself_nor_to_someone_who_left(tenant, org):
    with pytest.raises(ValidationError) as exc:
        submit(tenant, org, to_employee=org["referrer"].employee)
    assert "to_employee" in _errors(exc)
    gone = EmployeeFactory(tenant=tenant, is_active=False)
    with pytest.raises(ValidationError) as exc:
        submit(tenant, org, to_employee=gone)
    assert "to_employee" in _errors(exc)


def test_receivers_of_another_group_are_refused(tenant, org):
    other = TenantFactory()
    for field, obj in (("to_employee", EmployeeFactory(tenant=other)), ("to_site", SiteFactory(tenant=other)),
                       ("to_department", DepartmentFactory(tenant=other))):
        with pytest.raises(ValidationError) as exc:
            submit(tenant, org, **{field: obj})
        assert field in _errors(exc)


def test_a_lead_must_be_named(tenant, org):
    with pytest.raises(ValidationError) as exc:
        submit(tenant, org, first_name="", last_name="", company="", phone="")
    assert "last_name" in _errors(exc)


def test_company_only_and_existing_account(tenant, org):
    referral = submit(tenant, org, first_name="", last_name="", phone="", company="Bâtiment Guillou")
    assert referral.person is None and referral.account.name == "Bâtiment Guillou"
    again = submit(tenant, org, first_name="", last_name="", phone="", company="", account_id=referral.account_id)
    assert again.account_id == referral.account_id and Account.unscoped.filter(tenant=tenant).count() == 1
    with pytest.raises(ValidationError) as exc:
        submit(tenant, org, first_name="", last_name="", phone="", company="", account_id=999_999)
    assert "account" in _errors(exc)


def test_existing_person_only_when_the_referrer_sees_the_details(tenant, org):
    owner = org["outsider"].employee
    shared_group = relationship_make(tenant=tenant, owner=owner, first_name="Sara", last_name="Partage", company="Kervella",
                                     visibility="shared", scope="group")
    private = relationship_make(tenant=tenant, owner=owner, first_name="Paul", last_name="Prive", company="Kervella",
                                visibility="private")
    discoverable = relationship_make(tenant=tenant, owner=owner, first_name="Dora", last_name="Decouvrable", company="Kervella",
                                     visibility="discoverable")
    referral = submit(tenant, org, first_name="", last_name="", phone="", company="", person_id=shared_group.person_id)
    assert referral.person_id == shared_group.person_id and referral.account_id == shared_group.person.account_id
    answers = []
    for person_id in (private.person_id, discoverable.person_id, 999_999):
        with pytest.raises(ValidationError) as exc:
            submit(tenant, org, first_name="", last_name="", phone="", company="", person_id=person_id)
        answers.append(_errors(exc)["person"])
    assert answers[0] == answers[1] == answers[2]  # a hidden person answers like one that does not exist
    own = relationship_make(tenant=tenant, owner=org["referrer"].employee, first_name="Anne", last_name="Mienne", visibility="private")
    assert submit(tenant, org, first_name="", last_name="", phone="", company="", person_id=own.person_id).person_id == own.person_id


def test_a_person_who_objected_cannot_be_referred(tenant, org):
    own = relationship_make(tenant=tenant, owner=org["referrer"].employee, first_name="Non", last_name="Merci")
    Person.unscoped.filter(pk=own.person_id).update(objected_at=timezone.now())
    with pytest.raises(ValidationError) as exc:
        submit(tenant, org, first_name="", last_name="", phone="", company="", person_id=own.person_id)
    assert "person" in _errors(exc)


def test_only_members_with_an_employee_record_refer(tenant, org):
    with pytest.raises(ValidationError):
        services.referral_submit(tenant=tenant, actor=org["admin"].user, need="x", consent=True, company="ACME",
                                 to_site=org.rennes)
    other = TenantFactory()
    with pytest.raises(PermissionDenied):
        services.referral_submit(tenant=other, actor=org["referrer"].user, need="x", consent=True, company="ACME")
