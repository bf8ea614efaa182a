"""The catalogue's metrics added for the CoDir dashboards, each on a hand-computed fixture (conftest.py's comments give
the data), at the group and dealership levels (and the others where defined); compute_grouped equal to compute; the
maturity blending of declared and measured levels; and a snapshot holding them all."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from bns.programme.means.budget import budget_summary
from dashboards import catalogue
from dashboards.catalogue import REGISTRY
from dashboards.compute import snapshot_metrics
from dashboards.metrics_coordination import DIMENSION_KEYS, maturity_level
from dashboards.models import MetricSnapshot
from dashboards.services import snapshot_compute
from tests.dashboards.codir.conftest import D, add_coordination, add_programme
from tests.dashboards.conftest import AS_OF, build_org

pytestmark = pytest.mark.django_db

NEW = ("uncoordinated_overlaps", "persons_over_solicitation_cap", "persons_known_no_owner",
       "target_accounts_without_strong_relationship", "referrals_submitted", "intro_answer_delay_days", "rewards_amount",
       "intro_deals", "programme_net_saving", "maturity_index", *(f"maturity_{k}" for k in DIMENSION_KEYS))


def _value(o, key, scope_kind="group", entity=None):
    return REGISTRY[key].compute(tenant=o.tenant, scope_kind=scope_kind, site=entity if scope_kind == "site" else None,
                                 department=entity if scope_kind == "department" else None,
                                 employee=entity if scope_kind == "employee" else None, as_of=AS_OF)


def _by_name(o, key, level) -> dict:
    names = {"site": ("rennes", "brest", "quimper"), "department": ("vn", "apv", "rh"), "employee": ("a", "b", "c", "e", "f", "g")}
    grouped = REGISTRY[key].compute_grouped(tenant=o.tenant, level=level, as_of=AS_OF)
    if level == "group":
        return {"group": grouped[None]}
    return {name: grouped.get(getattr(o, name).pk) for name in names[level]}


# --- The registry ------------------------------------------------------------------------------------------


def test_new_metrics_are_registered_documented_and_snapshotted():
    keys = {m.key for m in snapshot_metrics()}
    assert set(NEW) <= keys
    for key in NEW:
        metric = REGISTRY[key]
        assert metric.compute is not None and metric.compute_grouped is not None, key
        assert len(str(metric.formula)) > 60 and str(metric.label) and metric.sources, key
    assert REGISTRY["maturity_index"].scopes == ("group", "site", "department")
    assert REGISTRY["persons_over_solicitation_cap"].scopes == ("group",)
    assert REGISTRY["programme_net_saving"].scopes == ("group",)
    assert REGISTRY["intro_answer_delay_days"].direction == "down" and REGISTRY["intro_answer_delay_days"].unit == "days"
    with translation.override("en"):  # the English msgid (the French one says it in French)
        assert "(level - 1) / 4 x 100" in str(REGISTRY["maturity_index"].formula)  # the formula shown on screen


# --- Coordination --------------------------------------------------------------------------------------------


def test_uncoordinated_overlaps(coord):
    # CCI Brest (e + g, its lead has left) and Rotary (a + c, no target); BNI is led by a member, Lions by its target's
    # lead, Golf has one active member. Per dealership: only CCI Brest has two members of one dealership (Brest).
    assert _by_name(coord, "uncoordinated_overlaps", "group") == {"group": D("2.00")}
    assert _by_name(coord, "uncoordinated_overlaps", "site") == {"rennes": D("0.00"), "brest": D("1.00"), "quimper": None}


def test_persons_over_the_solicitation_cap(coord):
    # X1: 4 commercial solicitations in the 30 days (over the cap of 3); X2 3 (+2 before); X3 3 commercial of 5; X4 3 (+1
    # after the day).
    assert _by_name(coord, "persons_over_solicitation_cap", "group") == {"group": D("1.00")}
    coord.tenant.solicitation_cap = 2
    assert _value(coord, "persons_over_solicitation_cap") == D("4.00")
    coord.tenant.solicitation_window_days = 3  # 03-29 .. 03-31: X1 1, X2 2, X3 2 commercial, X4 2
    assert _value(coord, "persons_over_solicitation_cap") == D("0.00")


def test_persons_over_the_cap_is_none_without_solicitations(tenant):
    o = build_org(tenant)
    assert _value(o, "persons_over_solicitation_cap") is None


def test_persons_known_by_several_employees_without_an_owner(coord):
    # K1 (a, f: Rennes), K3 (a Rennes, c Brest: the group only), K4 (c, e: Brest; its owner has left). Not: K2 (owned),
    # K5 (d has left), K6 (g's relationship ended).
    assert _by_name(coord, "persons_known_no_owner", "group") == {"group": D("3.00")}
    assert _by_name(coord, "persons_known_no_owner", "site") == {"rennes": D("1.00"), "brest": D("1.00"), "quimper": None}


def test_target_accounts_without_a_strong_relationship(coord):
    # T1 known at strength 3 by c; T2 (2 by a, 4 by d who left), T3 (nobody), T4 (5 but ended): weak. Per dealership,
    # the accounts owned there: Rennes T1, T2; Brest T3.
    assert _by_name(coord, "target_accounts_without_strong_relationship", "group") == {"group": D("3.00")}
    assert _by_name(coord, "target_accounts_without_strong_relationship", "site") == {
        "rennes": D("1.00"), "brest": D("1.00"), "quimper": None}


# --- Sharing culture and results ------------------------------------------------------------------------------


def test_referrals_submitted(coord):
    # In the 90 days: a 2, c 1, e 1 (its October one is before), f 1.
    assert _by_name(coord, "referrals_submitted", "group") == {"group": D("5.00")}
    assert _by_name(coord, "referrals_submitted", "site") == {"rennes": D("3.00"), "brest": D("2.00"), "quimper": None}
    assert _by_name(coord, "referrals_submitted", "department") == {"vn": D("4.00"), "apv": D("1.00"), "rh": None}
    assert _by_name(coord, "referrals_submitted", "employee") == {
        "a": D("2.00"), "b": None, "c": D("1.00"), "e": D("1.00"), "f": D("1.00"), "g": None}


def test_intro_answer_delay_is_the_mean_in_days(coord):
    # Answered in the 90 days: a 2 and 9 days, c 1, e 3 (the pending and expired ones are not answers).
    assert _by_name(coord, "intro_answer_delay_days", "group") == {"group": D("3.75")}
    assert _by_name(coord, "intro_answer_delay_days", "site") == {"rennes": D("5.50"), "brest": D("2.00"), "quimper": None}
    assert _by_name(coord, "intro_answer_delay_days", "department") == {"vn": D("4.00"), "apv": D("3.00"), "rh": None}
    assert _by_name(coord, "intro_answer_delay_days", "employee")["a"] == D("5.50")


def test_rewards_amount(coord):
    # a 300 approved 03-25; e 150 approved 02-15 and paid; e's 500 approved in November (before); f's 100 pending.
    assert _by_name(coord, "rewards_amount", "group") == {"group": D("450.00")}
    assert _by_name(coord, "rewards_amount", "site") == {"rennes": D("300.00"), "brest": D("150.00"), "quimper": None}
    assert _by_name(coord, "rewards_amount", "employee") == {
        "a": D("300.00"), "b": None, "c": None, "e": D("150.00"), "f": D("0.00"), "g": None}


def test_intro_deals(coord):
    # Every request is b's (Rennes, APV); one ends in a deal on 03-20.
    assert _by_name(coord, "intro_deals", "group") == {"group": D("1.00")}
    assert _by_name(coord, "intro_deals", "site") == {"rennes": D("1.00"), "brest": None, "quimper": None}
    assert _by_name(coord, "intro_deals", "department") == {"vn": None, "apv": D("1.00"), "rh": None}


def test_programme_net_saving_follows_the_means_page(matured):
    assert _by_name(matured, "programme_net_saving", "group") == {"group": D("2100.00")}
    summary = budget_summary(tenant=matured.tenant, programme=matured.programme)
    assert -summary.net == D("2100.00")  # the means page's "net" with the opposite sign


def test_programme_net_saving_is_none_without_a_budget(tenant):
    o = build_org(tenant)
    assert _value(o, "programme_net_saving") is None


# --- Maturity --------------------------------------------------------------------------------------------------


def test_maturity_blends_the_declared_and_measured_levels(matured):
    """Group: leadership declared 3 (5, 1, 3), no measure -> 3 (50); strategy nothing; profiles declared 3, measured 2
    (32.33 %) -> 2.5 (37.5); activity measured 3 (66.67 % -> 4, 1.75 -> 1) -> 50; real networks 4 (60 %) -> 75;
    sharing 3 -> 50; results 3 (3 won) -> 50; conviction declared 2, measured 4 -> 3 (50). Overall (3 + 2.5 + 3 + 4 + 3
    + 3 + 3) / 7 = 3.0714 -> 51.79. The closed iteration's answer (results 5) is ignored."""
    expected_group = {"leadership_governance": D("50.00"), "strategy_objectives": None, "profiles": D("37.50"),
                      "activity": D("50.00"), "real_networks": D("75.00"), "sharing_culture": D("50.00"),
                      "results": D("50.00"), "conviction": D("50.00")}
    for dimension, value in expected_group.items():
        assert _value(matured, f"maturity_{dimension}") == value, dimension
    assert _value(matured, "maturity_index") == D("51.79")


def test_maturity_of_a_dealership_uses_its_respondents_else_the_group(matured):
    """Rennes: leadership its own (b: 1, 3) 2 -> 25; profiles its own (a) 3 with measured 2 -> 37.5; activity measured 2
    -> 25; real networks 3 -> 50; sharing (4, 2) 3 -> 50; results 2 -> 25; conviction: no Rennes answer -> the group's
    2, no measure per dealership -> 25. Overall 16.5 / 7 -> 33.93.
    Brest: leadership (c) 5 -> 100; profiles the group's 3 with measured 2 -> 37.5; activity (5, 1) 3 -> 50; networks 3
    -> 50; sharing (3, 4) 3.5 -> 4 -> 75; results 2 -> 25; conviction (g) 2 -> 25. Overall 21.5 / 7 -> 51.79.
    Quimper (nobody): the group's declared levels only: leadership 3, profiles 3, conviction 2 -> 41.67."""
    rennes = {"leadership_governance": D("25.00"), "profiles": D("37.50"), "activity": D("25.00"), "real_networks": D("50.00"),
              "sharing_culture": D("50.00"), "results": D("25.00"), "conviction": D("25.00"), "strategy_objectives": None}
    for dimension, value in rennes.items():
        assert _value(matured, f"maturity_{dimension}", "site", matured.rennes) == value, dimension
    assert _by_name(matured, "maturity_index", "site") == {"rennes": D("33.93"), "brest": D("51.79"), "quimper": D("41.67")}
    assert _by_name(matured, "maturity_leadership_governance", "site") == {
        "rennes": D("25.00"), "brest": D("100.00"), "quimper": D("50.00")}
    assert _by_name(matured, "maturity_sharing_culture", "site")["brest"] == D("75.00")


def test_maturity_of_a_department(matured):
    """VN (a, f, c): leadership (c) 5; profiles (a) 3 with measured 3 (45 %); activity 3; real networks: neither (no
    measure per department, nobody declared it); sharing 3; results 2; conviction the group's 2. (5+3+3+3+2+2)/6 = 3."""
    assert _value(matured, "maturity_index", "department", matured.vn) == D("50.00")
    assert _value(matured, "maturity_real_networks", "department", matured.vn) is None
    assert _value(matured, "maturity_leadership_governance", "department", matured.vn) == D("100.00")


def test_maturity_without_any_answer_is_the_measured_levels(tenant):
    o = build_org(tenant)
    add_programme(o, answers=False)
    # (2 + 3 + 4 + 3 + 3 + 4) / 6 = 19 / 6 -> 54.17
    assert _value(o, "maturity_index") == D("54.17")
    assert _value(o, "maturity_leadership_governance") is None


def test_maturity_level_of_an_index():
    assert [maturity_level(v) for v in (None, 0, 12.49, 12.5, 37.5, 50, 62.5, 87.5, 100)] == [None, 1, 1, 2, 3, 3, 4, 5, 5]


def test_maturity_has_no_employee_level(matured):
    with pytest.raises(ValueError):
        REGISTRY["maturity_index"].compute_grouped(tenant=matured.tenant, level="employee", as_of=AS_OF)
    assert catalogue.metric_value("maturity_index", tenant=matured.tenant, scope_kind="employee", employee=matured.a,
                                  as_of=AS_OF) is None


# --- One definition, a fixed number of queries -----------------------------------------------------------------


@pytest.fixture
def full(tenant):
    o = build_org(tenant)
    add_coordination(o)
    o.programme = add_programme(o)
    return o


@pytest.mark.parametrize("key", NEW)
def test_grouped_equals_per_scope(full, key):
    metric = REGISTRY[key]
    entities = {"site": [full.rennes, full.brest, full.quimper], "department": [full.vn, full.apv, full.rh],
                "employee": [full.a, full.b, full.c, full.e, full.f, full.g, full.d]}
    for level in metric.scopes:
        grouped = metric.compute_grouped(tenant=full.tenant, level=level, as_of=AS_OF)
        if level == "group":
            assert grouped == {None: _value(full, key)}
            continue
        for entity in entities[level]:
            assert grouped.get(entity.pk) == _value(full, key, level, entity), (key, level, entity)


@pytest.mark.parametrize("key", [k for k in NEW if not k.startswith("maturity_")])
def test_each_new_metric_is_at_most_two_queries(full, key):
    metric = REGISTRY[key]
    for level in metric.scopes:
        with CaptureQueriesContext(connection) as ctx:
            metric.compute_grouped(tenant=full.tenant, level=level, as_of=AS_OF)
        assert len(ctx.captured_queries) <= 2, (key, level)


def test_maturity_queries_do_not_grow_with_the_data(tenant, other_tenant):
    small = build_org(tenant)
    add_programme(small)
    for suffix in ("", "-2", "-3"):
        big = build_org(other_tenant, suffix)
    add_programme(big)
    for level in ("group", "site", "department"):
        counts = []
        for t in (tenant, other_tenant):
            with CaptureQueriesContext(connection) as ctx:
                REGISTRY["maturity_index"].compute_grouped(tenant=t, level=level, as_of=AS_OF)
            counts.append(len(ctx.captured_queries))
        assert counts[0] == counts[1], (level, counts)


# --- The snapshot -------------------------------------------------------------------------------------------

# The new metrics' values on tests/dashboards/conftest.py's build_org alone (for test_snapshots.py's EXPECTED).
EXPECTED_ON_BUILD_ORG = {
    "uncoordinated_overlaps": {"group": {"group": D("0.00")}, "site": {"rennes": D("0.00"), "brest": D("0.00"), "quimper": None}},
    "persons_over_solicitation_cap": {"group": {"group": None}},
    "persons_known_no_owner": {"group": {"group": D("0.00")}, "site": {"rennes": D("0.00"), "brest": D("0.00"), "quimper": None}},
    "target_accounts_without_strong_relationship": {"group": {"group": None},
                                                    "site": {"rennes": None, "brest": None, "quimper": None}},
    "referrals_submitted": {
        "group": {"group": D("5.00")}, "site": {"rennes": D("3.00"), "brest": D("2.00"), "quimper": None},
        "department": {"vn": D("4.00"), "apv": D("1.00"), "rh": None},
        "employee": {"a": D("2.00"), "b": None, "c": D("1.00"), "e": D("1.00"), "f": D("1.00"), "g": None}},
    "intro_answer_delay_days": {
        "group": {"group": D("3.75")}, "site": {"rennes": D("5.50"), "brest": D("2.00"), "quimper": None},
        "department": {"vn": D("4.00"), "apv": D("3.00"), "rh": None},
        "employee": {"a": D("5.50"), "b": None, "c": D("1.00"), "e": D("3.00"), "f": None, "g": None}},
    "rewards_amount": {"group": {"group": None}, "site": {"rennes": None, "brest": None, "quimper": None},
                       "department": {"vn": None, "apv": None, "rh": None},
                       "employee": {"a": None, "b": None, "c": None, "e": None, "f": None, "g": None}},
    "intro_deals": {"group": {"group": D("0.00")}, "site": {"rennes": D("0.00"), "brest": None, "quimper": None},
                    "department": {"vn": None, "apv": D("0.00"), "rh": None},
                    "employee": {"a": None, "b": D("0.00"), "c": None, "e": None, "f": None, "g": None}},
    "programme_net_saving": {"group": {"group": None}},
    # Measured levels only (no iteration): profiles 2, activity 3, networks 4 (sites 3), sharing 3, results 3, conviction 4.
    "maturity_index": {"group": {"group": D("54.17")}, "site": {"rennes": D("35.00"), "brest": D("45.00"), "quimper": None},
                       "department": {"vn": D("43.75"), "apv": D("50.00"), "rh": None}},
    "maturity_leadership_governance": {"group": {"group": None}, "site": {"rennes": None, "brest": None, "quimper": None},
                                       "department": {"vn": None, "apv": None, "rh": None}},
    "maturity_strategy_objectives": {"group": {"group": None}, "site": {"rennes": None, "brest": None, "quimper": None},
                                     "department": {"vn": None, "apv": None, "rh": None}},
    "maturity_profiles": {"group": {"group": D("25.00")}, "site": {"rennes": D("25.00"), "brest": D("25.00"), "quimper": None},
                          "department": {"vn": D("50.00"), "apv": D("25.00"), "rh": None}},
    "maturity_activity": {"group": {"group": D("50.00")}, "site": {"rennes": D("25.00"), "brest": D("50.00"), "quimper": None},
                          "department": {"vn": D("50.00"), "apv": D("50.00"), "rh": None}},
    "maturity_real_networks": {"group": {"group": D("75.00")},
                               "site": {"rennes": D("50.00"), "brest": D("50.00"), "quimper": None},
                               "department": {"vn": None, "apv": None, "rh": None}},
    "maturity_sharing_culture": {"group": {"group": D("50.00")},
                                 "site": {"rennes": D("50.00"), "brest": D("75.00"), "quimper": None},
                                 "department": {"vn": D("50.00"), "apv": D("100.00"), "rh": None}},
    "maturity_results": {"group": {"group": D("50.00")}, "site": {"rennes": D("25.00"), "brest": D("25.00"), "quimper": None},
                         "department": {"vn": D("25.00"), "apv": D("25.00"), "rh": None}},
    "maturity_conviction": {"group": {"group": D("75.00")}, "site": {"rennes": None, "brest": None, "quimper": None},
                            "department": {"vn": None, "apv": None, "rh": None}},
}


def test_a_snapshot_holds_the_new_metrics_at_every_level(tenant):
    """The engine picks the new metrics up by itself (compute_grouped): build_org's snapshot holds the values above."""
    from tests.dashboards.test_snapshots import _snapshot_by_name

    o = build_org(tenant)
    run = snapshot_compute(tenant=tenant, day=AS_OF)
    assert run.status == "done", run.error
    stored = _snapshot_by_name(o)
    assert {key: stored[key] for key in EXPECTED_ON_BUILD_ORG} == EXPECTED_ON_BUILD_ORG
    assert MetricSnapshot.unscoped.filter(tenant=tenant, level="site", metric_key="maturity_index").count() == 3


def test_a_snapshot_of_the_full_fixture(full):
    run = snapshot_compute(tenant=full.tenant, day=AS_OF)
    assert run.status == "done", run.error
    rows = {(r.level, r.site_id, r.metric_key): r.value for r in MetricSnapshot.unscoped.filter(tenant=full.tenant, day=AS_OF)}
    assert rows[("group", None, "programme_net_saving")] == D("2100.00")
    assert rows[("group", None, "maturity_index")] == _value(full, "maturity_index") is not None
    assert rows[("site", full.rennes.pk, "maturity_index")] == _value(full, "maturity_index", "site", full.rennes)
    assert rows[("site", full.brest.pk, "uncoordinated_overlaps")] == D("1.00")
    assert rows[("group", None, "persons_over_solicitation_cap")] == D("1.00")
    assert isinstance(rows[("group", None, "rewards_amount")], Decimal)


def test_the_memo_of_one_snapshot_run_gives_the_same_rows_with_fewer_queries(monkeypatch, tenant):
    """dashboards.compute runs its loop inside metric_memo(): the maturity metrics then compute their dimensions once
    per level. Without the memo (compute's metric_memo replaced by a block remembering nothing): the same rows, far
    more queries. Outside the block nothing is remembered."""
    from contextlib import nullcontext

    from dashboards import compute as compute_module
    from dashboards.metrics_coordination import _memo
    from tests.dashboards.test_snapshots import _row_set

    o = build_org(tenant)
    add_programme(o)
    with CaptureQueriesContext(connection) as memo:
        snapshot_compute(tenant=tenant, day=AS_OF)
    rows = _row_set(tenant)
    assert _memo.get() is None
    monkeypatch.setattr(compute_module, "metric_memo", nullcontext)
    with CaptureQueriesContext(connection) as plain:
        snapshot_compute(tenant=tenant, day=AS_OF)
    assert _row_set(tenant) == rows
    print(f"snapshot queries: with the memo {len(memo.captured_queries)}, without {len(plain.captured_queries)}")  # noqa: T201
    assert len(memo.captured_queries) <= len(plain.captured_queries) - 75, (len(memo.captured_queries), len(plain.captured_queries))
