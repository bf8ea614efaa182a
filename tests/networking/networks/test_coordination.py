"""The coordination indicators on a hand-built case: uncovered targets, uncoordinated overlaps, memberships nobody
attends, the coverage share (overall and per dealership) and the fees paid by the company.

Networks (all active but N9), members, policy:
- N1 CCI: group-wide target, lead exec; rep member (paid, 500 €)                           -> covered
- N2 Rotary: Vannes target, lead rep2; only brest (a Brest employee) is a member            -> uncovered: no member at Vannes
- N3 BNI Brest: Brest target, no lead; brest member                                         -> uncovered: no lead
- N4 Rugby: Vannes target, lead "ex" (left the group); rep2 member                          -> uncovered: lead inactive
- N5 Alumni: not targeted; rep, rep2, manager (paid, 200 €) members, nobody leads           -> overlap
- N6 Jeune Chambre: rep (paid, no fee recorded), rep2 (role lead)                           -> not an overlap
- N7 Golf: group-wide target, lead manager; rep and rep2 members                            -> covered, not an overlap
- N8 Tennis: rep active, rep2 ended                                                         -> one active member: no overlap
- N9 Old club (inactive): rep, rep2                                                         -> left out of everything
Events: N1 30 days ago (rep attended); N5 200 days ago (rep attended); N7 10 days ago (rep attended).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from networking.networks import coordination, services
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(org, make_network):
    t, boss = org.tenant, org.u("exec")
    today = timezone.localdate()
    n = {}
    for key, name, fee in [("N1", "CCI", 500), ("N2", "Rotary", None), ("N3", "BNI Brest", None), ("N4", "Rugby", None),
                           ("N5", "Alumni", 200), ("N6", "Jeune Chambre", None), ("N7", "Golf", 300), ("N8", "Tennis", None),
                           ("N9", "Old club", 999)]:
        n[key] = make_network(name=name, annual_fee=fee)

    def join(net, who, **kwargs):
        return services.network_membership_add(tenant=t, actor=boss, network=n[net], employee=org.e(who), **kwargs)

    def target(net, site=None, lead=None):
        return services.network_target_set(tenant=t, actor=boss, network=n[net], site=site, lead=lead)[0]

    ex = EmployeeFactory(tenant=t, site=org.vannes, first_name="Xavier", last_name="Parti")
    target("N1", lead=org.e("exec"))
    join("N1", "rep", paid_by_company=True)
    target("N2", site=org.vannes, lead=org.e("rep2"))
    join("N2", "brest")
    target("N3", site=org.brest)
    join("N3", "brest")
    target("N4", site=org.vannes, lead=ex)
    join("N4", "rep2")
    ex.is_active = False
    ex.save()
    for who in ("rep", "rep2"):
        join("N5", who)
    join("N5", "manager", paid_by_company=True)
    join("N6", "rep", paid_by_company=True)
    join("N6", "rep2", role="lead")
    target("N7", lead=org.e("manager"))
    join("N7", "rep")
    join("N7", "rep2")
    join("N8", "rep")
    ended = join("N8", "rep2")
    services.network_membership_end(tenant=t, actor=boss, membership=ended)
    join("N9", "rep", paid_by_company=True)
    join("N9", "rep2")
    services.network_deactivate(tenant=t, actor=boss, network=n["N9"])
    for net, days in (("N1", 30), ("N5", 200), ("N7", 10)):
        event = services.network_event_create(tenant=t, actor=org.u("rep"), title=f"Event {net}", network=n[net],
                                              held_on=today - timedelta(days=days), i_attended=True)
        n[f"event_{net}"] = event
    return n


def test_uncovered_targets(org, case):
    rows = {(t.network.name, t.site.name if t.site else None): t for t in coordination.uncovered_targets(tenant=org.tenant)}
    assert set(rows) == {("Rotary", "Concession Vannes"), ("BNI Brest", "Concession Brest"), ("Rugby", "Concession Vannes")}
    rotary, bni, rugby = rows[("Rotary", "Concession Vannes")], rows[("BNI Brest", "Concession Brest")], rows[("Rugby", "Concession Vannes")]
    assert (rotary.members_in_scope, rotary.lead_active) == (0, True)  # brest is a member, but not of Vannes
    assert (bni.members_in_scope, bni.lead_id, bni.lead_active) == (1, None, False)
    assert (rugby.members_in_scope, rugby.lead_active) == (1, False)
    assert [t.network.name for t in coordination.uncovered_targets(tenant=org.tenant, site_id=org.brest.pk)] == ["BNI Brest"]


def test_a_target_becomes_covered_when_fixed(org, case):
    services.network_membership_add(tenant=org.tenant, actor=org.u("rep"), network=case["N2"])  # rep works at Vannes
    lead = services.network_target_set(tenant=org.tenant, actor=org.u("exec"), network=case["N3"], site=org.brest,
                                       lead=org.e("brest"))[0]
    assert lead.pk
    names = {t.network.name for t in coordination.uncovered_targets(tenant=org.tenant)}
    assert names == {"Rugby"}


def test_uncoordinated_overlaps(org, case):
    rows = list(coordination.uncoordinated_overlaps(tenant=org.tenant))
    assert [r.name for r in rows] == ["Alumni"]
    assert rows[0].member_count == 3
    assert {m.employee.last_name for m in rows[0].active_members} == {"Vendeur", "Conseillere", "Chefdesventes"}
    # Naming a lead in the policy resolves it.
    services.network_target_set(tenant=org.tenant, actor=org.u("exec"), network=case["N5"], lead=org.e("rep"))
    assert list(coordination.uncoordinated_overlaps(tenant=org.tenant)) == []


def test_memberships_nobody_attends(org, case):
    rows = list(coordination.memberships_unattended(tenant=org.tenant))
    found = {(m.network.name, m.employee.last_name): m for m in rows}
    assert set(found) == {
        ("Rotary", "Finistere"), ("BNI Brest", "Finistere"), ("Rugby", "Conseillere"),
        ("Alumni", "Vendeur"), ("Alumni", "Conseillere"), ("Alumni", "Chefdesventes"),
        ("Jeune Chambre", "Vendeur"), ("Jeune Chambre", "Conseillere"),
        ("Golf", "Conseillere"), ("Tennis", "Vendeur"),
    }
    # Alumni's only event is 200 days old: no event logged in the window; rep attended it back then.
    alumni_rep = found[("Alumni", "Vendeur")]
    assert alumni_rep.recent_event_count == 0
    assert alumni_rep.last_attended_on == case["event_N5"].held_on
    golf = found[("Golf", "Conseillere")]
    assert golf.recent_event_count == 1 and golf.last_attended_on is None


def test_coverage_share_and_fees(org, case):
    coverage = coordination.target_coverage(tenant=org.tenant)
    assert (coverage.total, coverage.covered, coverage.percent) == (5, 2, 40)
    assert (coverage.group_wide.total, coverage.group_wide.covered, coverage.group_wide.percent) == (2, 2, 100)
    sites = {row.site.name: row for row in coverage.sites}
    assert (sites["Concession Vannes"].total, sites["Concession Vannes"].covered, sites["Concession Vannes"].percent) == (2, 0, 0)
    assert (sites["Concession Brest"].total, sites["Concession Brest"].covered) == (1, 0)
    # Paid by the company: rep at CCI (500) and manager at Alumni (200); Jeune Chambre has no fee; N9 is inactive.
    assert coverage.paid_fees_total == Decimal("700.00")
    assert (coverage.paid_memberships, coverage.paid_memberships_without_fee) == (3, 1)
    assert sites["Concession Vannes"].paid_fees == Decimal("700.00")
    counts = coordination.coordination_counts(tenant=org.tenant)
    assert (counts.uncovered, counts.overlaps, counts.unattended) == (3, 1, 10)


def test_no_target_at_all(org):
    coverage = coordination.target_coverage(tenant=org.tenant)
    assert (coverage.total, coverage.percent) == (0, None)
    assert [row.percent for row in coverage.sites] == [None, None]
