"""seed_demo's contacts hook: realistic, deterministic, idempotent demo address books for the armor group."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from bns.demo_hooks import demo_seeders_registered
from bns.models import Membership, Tenant
from contacts.demo import OVER_CAP_PERSONS, PERSON_COUNT, VENDEUR_RELATIONSHIPS, person_plans
from contacts.models import LedgerEntry, Person, Relationship, Solicitation, Visibility


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _counts() -> tuple[int, ...]:
    return (
        Person.unscoped.count(), Relationship.unscoped.count(), Solicitation.unscoped.count(), LedgerEntry.unscoped.count(),
    )


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    # Speed is measured by hand (README), never asserted in a unit test.
    return {"output": _seed()}


def test_hook_registered_from_contacts_app():
    assert any("contacts" in fn.__module__ for fn in demo_seeders_registered())


def test_demo_address_books(seeded):
    assert "Demo address books: created" in seeded["output"]
    armor = Tenant.objects.get(slug="armor")
    atlantique = Tenant.objects.get(slug="atlantique")

    # The address books' persons (the issue-4 demos, account plans..., add persons of their own).
    assert Person.unscoped.filter(tenant=armor, emails__email__in=[p.email for p in person_plans()]).count() == PERSON_COUNT
    assert Person.unscoped.filter(tenant=atlantique).count() == 0
    rels = Relationship.unscoped.filter(tenant=armor)
    total = rels.count()
    assert PERSON_COUNT <= total <= 3 * PERSON_COUNT
    # Every relationship is in the ledger (created through the service).
    assert LedgerEntry.unscoped.filter(tenant=armor, verb=LedgerEntry.Verb.CREATE).count() == total

    # Visibilities spread as in life: most private or discoverable, some shared, every audience used.
    by_visibility = dict(rels.values_list("visibility").annotate(n=Count("pk")))
    assert by_visibility[Visibility.PRIVATE] + by_visibility[Visibility.DISCOVERABLE] > total / 2
    assert by_visibility[Visibility.SHARED] >= total / 10
    assert set(rels.filter(visibility=Visibility.SHARED).values_list("scope", flat=True)) == {"team", "site", "group"}
    assert set(rels.values_list("strength", flat=True)) == {1, 2, 3, 4, 5}

    # Several persons known by more than one rep.
    known = Person.unscoped.filter(tenant=armor).annotate(n=Count("relationships"))
    assert known.filter(n__gte=2).count() >= PERSON_COUNT // 5

    # Public bodies, clubs and local businesses, with French names.
    companies = set(Person.unscoped.filter(tenant=armor).values_list("company_name", flat=True))
    assert {"Mairie de Rennes", "CHU de Brest", "Rotary Club de Quimper", "Transports Kervella", "CCI Bretagne Ouest"} <= companies

    # The demo rep has a real address book, some of it private with private notes.
    vendeur = Membership.unscoped.get(tenant=armor, user__email="vendeur@armor.example")
    mine = rels.filter(owner=vendeur.employee)
    assert mine.count() >= VENDEUR_RELATIONSHIPS
    assert mine.filter(visibility=Visibility.PRIVATE).exclude(private_notes="").count() >= 3
    assert mine.exclude(visibility=Visibility.PRIVATE).exists()

    # A few persons over the solicitation cap in the window.
    over = (
        Person.unscoped.filter(tenant=armor)
        .annotate(n=Count("solicitations", filter=Q(solicitations__commercial=True)))
        .filter(n__gt=armor.solicitation_cap)
    )
    assert over.count() == OVER_CAP_PERSONS

    # Second run: nothing new anywhere.
    before = _counts()
    output = _seed()
    assert _counts() == before
    assert "Demo address books" not in output


def test_person_plans_are_deterministic():
    assert [p.email for p in person_plans()] == [p.email for p in person_plans()]
    assert len({p.email for p in person_plans()}) == PERSON_COUNT


def test_bench_contacts_command_at_tiny_size(db):
    """manage.py bench_contacts runs end to end (import through the service, bulk rows, searches) and cleans up."""
    from contacts.management.commands.bench_contacts import linkedin_connections_csv

    raw = linkedin_connections_csv(rows=20)
    assert raw.startswith(b"\xef\xbb\xbfNotes:\r\n")
    assert b"\r\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n" in raw

    tenants_before = set(Tenant.objects.values_list("pk", flat=True))
    out = StringIO()
    call_command("bench_contacts", "--rows", "50", "--relationships", "500", stdout=out)
    output = out.getvalue()
    assert "LinkedIn import of 50 rows" in output
    assert "status done" in output
    assert "Bulk address books: 500 relationships" in output
    assert output.count("executive ") >= 4 and output.count("rep ") >= 4
    assert "deleted" in output
    assert set(Tenant.objects.values_list("pk", flat=True)) == tenants_before
    assert not Relationship.unscoped.exists() and not Person.unscoped.exists()
