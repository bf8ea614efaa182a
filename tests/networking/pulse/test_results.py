"""The anonymous results: the minimum group size, the aggregates and the NPS computed by hand."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from networking.pulse import selectors

pytestmark = pytest.mark.django_db


def test_four_respondents_show_nothing_five_show_the_results(org):
    four = selectors.pulse_results(tenant=org.tenant, pulse=org.closed_pulse(4, comments=["a", "b", "c", "d"]))
    assert (four.shown, four.reason, four.min_respondents) == (False, "too_few", 5)
    assert (four.respondents, four.comments, four.offered_own_circle, four.recommend_products) == (None, [], [], None)
    five = selectors.pulse_results(tenant=org.tenant, pulse=org.closed_pulse(5))
    assert (five.shown, five.respondents) == (True, 5)


def test_a_setting_of_seven_hides_six_respondents(org):
    org.min_respondents(7)
    pulse = org.closed_pulse(6)
    results = selectors.pulse_results(tenant=org.tenant, pulse=pulse)
    assert (results.shown, results.reason, results.min_respondents) == (False, "too_few", 7)
    org.min_respondents(6)
    assert selectors.pulse_results(tenant=org.tenant, pulse=pulse).shown


def test_the_minimum_is_never_below_five_whatever_the_setting_says(org, monkeypatch):
    monkeypatch.setattr(selectors, "networking_settings_get", lambda tenant: SimpleNamespace(pulse_min_respondents=2))
    assert selectors.min_respondents(tenant=org.tenant) == 5
    assert not selectors.pulse_results(tenant=org.tenant, pulse=org.closed_pulse(4)).shown


def test_an_open_pulse_shows_nothing_even_with_many_answers(org):
    pulse = org.create()
    for person in org.people[:8]:
        org.answer(pulse, person, comment="visible too early?")
    results = selectors.pulse_results(tenant=org.tenant, pulse=pulse)
    assert (results.shown, results.reason, results.respondents, results.comments) == (False, "open", None, [])
    draft = selectors.pulse_results(tenant=org.tenant, pulse=org.create(open_now=False))
    assert (draft.shown, draft.reason) == (False, "draft")


def test_figures_and_net_promoter_scores_by_hand(org):
    """8 answers. Products: 10 10 9 8 6 5 9 7 -> promoters 4 (50 %), passives 2, detractors 2 (25 %): NPS +25, mean 8.0.
    Employer: 0 0 0 9 7 8 6 10 -> promoters 2 (25 %), detractors 4 (50 %): NPS -25, mean 5.0.
    Pride: 1 2 3 4 5 5 5 4 -> mean 29 / 8 = 3.625 -> 3.6. Own circle: never x3, uh, no x3, yes x2."""
    pulse = org.create()
    products = [10, 10, 9, 8, 6, 5, 9, 7]
    employer = [0, 0, 0, 9, 7, 8, 6, 10]
    pride = [1, 2, 3, 4, 5, 5, 5, 4]
    offered = ["never", "never", "never", "uh_no", "uh_no", "uh_no", "yes", "yes"]
    comments = ["Zèle", "", "Atelier trop loin", "   ", "", "", "Bravo", ""]
    for i in range(8):
        org.answer(pulse, org.people[i], offered=offered[i], pride=pride[i], products=products[i], employer=employer[i],
                   comment=comments[i])
    r = selectors.pulse_results(tenant=org.tenant, pulse=org.close(pulse))
    assert r.shown and r.respondents == 8
    assert r.response_rate == round(8 * 100 / 14, 1)  # 14 employees asked
    assert [(b.value, b.count, b.percent) for b in r.offered_own_circle] == [
        ("never", 3, 37.5), ("uh_no", 3, 37.5), ("yes", 2, 25.0)]
    assert r.pride_mean == 3.6
    assert [(b.value, b.count, b.percent) for b in r.pride] == [(1, 1, 12.5), (2, 1, 12.5), (3, 1, 12.5), (4, 2, 25.0), (5, 3, 37.5)]
    p, e = r.recommend_products, r.recommend_employer
    assert (p.promoters, p.passives, p.detractors, p.nps, p.mean) == (4, 2, 2, 25, 8.0)
    assert (p.promoters_percent, p.passives_percent, p.detractors_percent) == (50.0, 25.0, 25.0)
    assert (e.promoters, e.passives, e.detractors, e.nps, e.mean) == (2, 2, 4, -25, 5.0)
    assert [b.count for b in p.distribution] == [0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2]
    assert r.comments == ["Atelier trop loin", "Bravo", "Zèle"]  # no empty ones, alphabetical


def test_nps_rounds_half_away_from_zero():
    assert selectors.nps(1, 0, 8) == 13 and selectors.nps(0, 1, 8) == -13
    assert selectors.nps(2, 1, 3) == 33 and selectors.nps(0, 0, 0) == 0
    assert selectors.pct(1, 3) == 33.3 and selectors.pct(2, 3) == 66.7
