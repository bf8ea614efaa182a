"""The score's inputs, gathered set-based for the whole group: values by hand, and a query count that does not
grow with the number of employees."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bns.tenancy import tenant_scope
from contacts.models import IntroRequest, Referral, Relationship
from contacts.services import account_update
from networking.score.inputs import score_inputs_gather
from tests.factories import EmployeeFactory, relationship_make
from tests.networking.score.conftest import (
    TODAY,
    activities_make,
    aware,
    days_ago,
    event_attend,
    profile_make,
)


def _gather(tenant, ids):
    with tenant_scope(tenant):
        return score_inputs_gather(tenant=tenant, employee_ids=ids, today=TODAY)


def _referral(tenant, referrer, *, submitted, status="submitted", closed=None):
    return Referral.unscoped.create(tenant=tenant, referrer=referrer, need="Flotte de 5 utilitaires", status=status,
                                    submitted_at=aware(submitted), closed_at=aware(closed) if closed else None)


def test_every_input_by_hand(tenant, org):
    rep, rep2, colleague = org["rep"].employee, org["rep2"].employee, org["colleague"].employee
    # Brand: (60 + 40) / 2 = 50 % and a positioning statement; rep2: no LinkedIn (counts as 0) -> (80 + 0) / 2 = 40 %.
    profile_make(tenant, rep, completeness=60, positioning="Les utilitaires des artisans du pays de Vannes")
    profile_make(tenant, rep, platform="facebook", completeness=40)
    profile_make(tenant, rep2, platform="facebook", completeness=80, positioning="   ")
    # Reach and Relate: 3 active relationships (strengths 2, 3, 4), one at a target account, two opened; one ended.
    common = dict(tenant=tenant, owner=rep, actor=org["rep"].user)
    target = relationship_make(**common, first_name="Anne", last_name="Cible", company="Transports Cible", strength=4,
                               visibility="discoverable")
    with tenant_scope(tenant):
        account_update(tenant=tenant, actor=org["admin"].user, account=target.person.account, is_target=True)
    relationship_make(**common, first_name="Bob", last_name="Partage", company="Garage Ouest", strength=3, visibility="shared")
    relationship_make(**common, first_name="Carl", last_name="Prive", company="Boulangerie", strength=2, visibility="private")
    ended = relationship_make(**common, first_name="Dan", last_name="Parti", company="Transports Cible", strength=5,
                              visibility="shared")
    Relationship.unscoped.filter(pk=ended.pk).update(status="ended")
    # Engage: 90 days = today and the 89 days before; tomorrow does not count yet.
    activities_make(tenant, rep, 5)
    activities_make(tenant, rep, 2, day=days_ago(10), kind="share", content_url="https://www.linkedin.com/posts/group-1")
    activities_make(tenant, rep, 1, day=days_ago(10), kind="share")  # a share without the relayed link: activity only
    activities_make(tenant, rep, 1, day=days_ago(89))
    activities_make(tenant, rep, 1, day=days_ago(90))
    activities_make(tenant, rep, 1, day=TODAY + timedelta(days=1))
    event_attend(tenant, rep, day=days_ago(30))
    event_attend(tenant, rep, day=days_ago(31), attended=False)
    event_attend(tenant, rep, day=days_ago(100))
    # Relate: introductions accepted as the owner within 12 months; referrals made and won within 12 months.
    intro = dict(tenant=tenant, relationship=target, requester=colleague, owner=rep, purpose="Renouvellement")
    IntroRequest.unscoped.create(**intro, status="accepted", answered_at=aware(days_ago(20)))
    IntroRequest.unscoped.create(**intro, status="accepted", answered_at=aware(days_ago(400)))
    IntroRequest.unscoped.create(**intro, status="pending")
    _referral(tenant, rep, submitted=days_ago(10), status="won", closed=days_ago(5))
    _referral(tenant, rep, submitted=days_ago(400), status="won", closed=days_ago(100))
    _referral(tenant, rep, submitted=days_ago(30), status="lost", closed=days_ago(2))

    values = _gather(tenant, [rep.pk, rep2.pk, colleague.pk])

    assert values[rep.pk] == {
        "brand.completeness": 50.0, "brand.positioning": 1.0,
        "reach.relationships": 3.0, "reach.target_accounts": 1.0, "reach.strength": 3.0,
        "engage.activities": 9.0, "engage.content_relayed": 2.0, "engage.events": 1.0,
        "relate.shared": 2.0, "relate.intros_given": 1.0, "relate.referrals_made": 2.0, "relate.referrals_won": 2.0,
    }
    assert values[rep2.pk]["brand.completeness"] == 40.0 and values[rep2.pk]["brand.positioning"] == 0.0
    assert set(values[colleague.pk].values()) == {0.0}


def test_other_groups_data_is_never_counted(tenant, other_tenant, org):
    rep = org["rep"].employee
    stranger = EmployeeFactory(tenant=other_tenant)
    activities_make(other_tenant, stranger, 4)
    values = _gather(tenant, [rep.pk])
    assert values[rep.pk]["engage.activities"] == 0.0 and stranger.pk not in values


def _queries_for(tenant, n):
    employees = [EmployeeFactory(tenant=tenant) for _ in range(n)]
    for i, e in enumerate(employees):
        profile_make(tenant, e, completeness=10 * (i % 10), positioning="x" if i % 2 else "")
        activities_make(tenant, e, 2, kind="share", content_url="https://example.com/a")
        event_attend(tenant, e, day=days_ago(3))
        relationship_make(tenant=tenant, owner=e, first_name=f"P{i}", last_name="Nom", company=f"Société {i}")
        _referral(tenant, e, submitted=days_ago(3))
    ids = [e.pk for e in employees]
    with CaptureQueriesContext(connection) as ctx:
        values = _gather(tenant, ids)
    assert all(values[pk]["engage.activities"] == 2.0 and values[pk]["reach.relationships"] == 1.0 for pk in ids)
    return len(ctx.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_group(tenant, other_tenant):
    small, large = _queries_for(tenant, 3), _queries_for(other_tenant, 25)
    assert small == large <= 8
