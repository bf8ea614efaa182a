"""Shared by the introductions' tests: a group with an owner, a requester, bystanders, and their relationships."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bns.models import Role
from contacts.intros import services
from tests.factories import EmployeeFactory, MembershipFactory, SiteFactory, UserFactory, relationship_make

PERSON_LAST = "Kerdoncuff"
PERSON_EMAIL = "dora.kerdoncuff@breizh-fleet.example"
PERSON_PHONE = "06 12 34 56 78"
PRIVATE_LAST = "Zorglubovitch"


@pytest.fixture
def org(tenant):
    site, other_site = SiteFactory(tenant=tenant), SiteFactory(tenant=tenant)

    def member(role, email, *, employee=True, on_site=site):
        emp = EmployeeFactory(tenant=tenant, site=on_site, email=f"emp-{email}") if employee else None
        return MembershipFactory(tenant=tenant, user=UserFactory(email=email), role=role, employee=emp)

    return {
        "owner": member(Role.EMPLOYEE, "owner@test.example"),
        "requester": member(Role.EMPLOYEE, "requester@test.example", on_site=other_site),
        "colleague": member(Role.EMPLOYEE, "colleague@test.example"),
        "manager": member(Role.MANAGER, "manager@test.example"),
        "executive": member(Role.EXECUTIVE, "executive@test.example"),
        "admin": member(Role.ADMIN, "admin@test.example", employee=False),
    }


@pytest.fixture
def rels(tenant, org):
    owner = org["owner"]
    common = dict(tenant=tenant, owner=owner.employee, actor=owner.user)
    fleet = "Breizh Fleet Services"
    return {
        "discoverable": relationship_make(
            **common, first_name="Dora", last_name=PERSON_LAST, company=fleet, email=PERSON_EMAIL, phone=PERSON_PHONE,
            visibility="discoverable", strength=4, private_notes="NOTE-SECRET-1",
        ),
        "shared": relationship_make(**common, company=fleet, first_name="Sara", last_name="Partage", email="sara@breizh-fleet.example",
                                    visibility="shared", scope="group"),
        "private": relationship_make(**common, first_name="Paul", last_name=PRIVATE_LAST, email="paul@secret.example",
                                     company="Société Secrète", visibility="private"),
        "exclusive": relationship_make(**common, company=fleet, first_name="Xavier", last_name="Exclusif", email="x@breizh-fleet.example",
                                       visibility="shared", scope="group", exclusive=True),
    }


@pytest.fixture
def ask(tenant, org):
    """Ask for an introduction through ``relationship`` as ``who`` (default: the requester)."""

    def _ask(relationship, who="requester", purpose="Renouvellement de la flotte", **kwargs):
        return services.intro_request_create(tenant=tenant, actor=org[who].user, relationship=relationship, purpose=purpose,
                                             **kwargs)

    return _ask


def url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


def login(client, membership):
    client.force_login(membership.user)
    return client


@pytest.fixture(autouse=True)
def _english_messages(settings):
    """These tests read the English messages: pages and services speak English here (French is tested elsewhere)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
