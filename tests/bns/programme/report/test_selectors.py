"""The report's figures, from an iteration filled through the areas' services."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone, translation

from bns.programme.home import services as home_services
from bns.programme.models import Step
from bns.programme.report.selectors import (
    MAX_KPIS,
    MAX_LESSONS,
    MAX_OBJECTIVES,
    VISION_CHARS,
    programme_report,
    report_language,
    shorten,
)
from tests.bns.programme.report.support import grow

pytestmark = pytest.mark.django_db


def report_of(org, lang="en", **kwargs):
    with translation.override(lang):
        return programme_report(tenant=org.tenant, programme=org.programme, today=timezone.localdate(), **kwargs)


def test_the_iteration_and_its_8_steps(filled):
    r = report_of(filled)
    it = r.iteration
    assert (it.iteration, it.title, it.process_owner, it.sponsor) == (1, "Programme 1", "Paul Pilote", "")
    assert (it.month, it.months, it.is_active, it.late, it.days_late) == (1, 6, True, False, 0)
    assert it.starts_on == timezone.localdate() - timedelta(days=30) and it.percent_elapsed == 17
    assert [s.number for s in r.steps] == list(range(1, 9))
    assert [s.is_current for s in r.steps] == [True] + [False] * 7
    assert r.steps[0].label == "Understand the new rules" and r.steps[0].status_label == "not started"
    assert r.steps[4].figure == "3 actions" and r.steps[2].figure == "2 objectives"
    assert r.language == "en" and r.tenant_name == filled.tenant.name


def test_the_vision_is_shortened(filled):
    vision = report_of(filled).vision
    assert vision.version == 1 and vision.shortened
    assert len(vision.text) <= VISION_CHARS and vision.text.endswith("…")
    assert vision.text.startswith("Nos collaborateurs sont nos meilleurs ambassadeurs")


def test_the_self_assessment_declared_and_measured(filled):
    dg = report_of(filled).diagnostic
    # Two respondents: one answers 4 everywhere, the other 2: level 3, index 50 per dimension and overall.
    assert (dg.respondents, dg.level, dg.index, dg.level_label) == (2, 3, 50, "structured")
    assert len(dg.dimensions) == 8
    leadership = dg.dimensions[0]
    assert (leadership.key, leadership.declared_level, leadership.index, leadership.measurable) == ("leadership_governance", 3, 50, False)
    activity = next(d for d in dg.dimensions if d.key == "activity")
    assert activity.measurable and activity.measured_level == 1 and activity.gap == 2  # nobody active: the data says level 1
    assert dg.gaps == sum(1 for d in dg.dimensions if d.gap)


def test_objectives_with_their_smart_status_and_progress(filled):
    r = report_of(filled)
    assert r.objectives_total == 2 and r.objectives_more == 0
    by_statement = {o.statement: o for o in r.objectives}
    smart = by_statement["Porter la complétude des profils LinkedIn des vendeurs à 80 %"]
    assert smart.smart_ok and smart.smart_passed == 5 and smart.smart_failed == [] and smart.smart_text == "5/5"
    assert (smart.kpi, smart.baseline, smart.target, smart.latest_value, smart.progress) == (
        "Profils complets", D("40"), D("80"), D("62"), D("55"))  # (62 - 40) / (80 - 40)
    assert (smart.latest_text, smart.target_text, smart.progress_text) == ("62\u00a0%", "80\u00a0%", "55\u00a0%")
    vague = by_statement["Améliorer l'image de la marque employeur"]
    assert not vague.smart_ok and "M" in vague.smart_failed and "T" in vague.smart_failed
    assert vague.smart_text.startswith(f"{vague.smart_passed}/5, not M")
    assert "measur" in vague.smart_reason.lower() and vague.progress is None and vague.kpi == ""
    assert r.smart_objectives == 1


def test_kpis_latest_value_against_target(filled):
    r = report_of(filled)
    assert r.kpis_total == 3
    kpis = {k.name: k for k in r.kpis}
    profiles = kpis["Profils complets"]
    assert (profiles.latest_value, profiles.target, profiles.status) == (D("62"), D("80"), "on_track")
    assert profiles.latest_on == timezone.localdate() - timedelta(days=5) and profiles.status_label == "on track"
    savings = kpis["Économies publicitaires"]
    assert (savings.latest_value, savings.status, savings.latest_text) == (D("1250.50"), "too_early", "1,250.5\u00a0€")
    referrals = kpis["Recommandations gagnées"]
    assert (referrals.latest_value, referrals.status, referrals.latest_text, referrals.target_text) == (
        None, "no_target", "–", "–")


def test_retained_strategy_with_its_rationale(filled):
    strategy = report_of(filled).strategy
    assert strategy.title == "Ambassadeurs volontaires" and strategy.options == 2
    assert strategy.rationale == "Moins risqué : on apprend avec les volontaires avant d'élargir."
    assert strategy.decided_at == timezone.localdate()


def test_means_actions_budget_and_net_saving(filled):
    m = report_of(filled).means
    assert m.actions == 3 and m.overdue == 1  # the charter: planned, deadline two days ago
    assert {s.status: s.count for s in m.by_status} == {"planned": 1, "in_progress": 1, "done": 1, "blocked": 0, "cancelled": 0}
    assert m.counts_text == "planned 1 · in progress 1 · done 1"
    # Planned: training 1 500 (its line details it, counted once) + licences 2 400 + VIP evening 800.
    # Spent: 1 200 + 600. Replaced classic spend: 3 000 + 1 000. Net: 1 800 - 4 000 = -2 200, a saving.
    assert (m.planned, m.spent, m.replaced, m.net) == (D("4700"), D("1800"), D("4000"), D("-2200"))
    assert m.is_saving and m.net_text == "net saving of 2,200\u00a0€"
    assert m.planned_text == "4,700\u00a0€"


def test_reviews_last_one_and_next_due(filled):
    r = report_of(filled).reviews
    today = timezone.localdate()
    assert (r.held, r.cadence_days, r.last_held_on, r.next_due_on) == (1, 30, today - timedelta(days=20), today + timedelta(days=10))
    assert not r.overdue and r.days_overdue == 0
    assert r.last_decisions == "Étendre la formation à la concession de Brest ; relancer la charte."


def test_an_overdue_review_is_flagged(filled):
    home_services.programme_update(tenant=filled.tenant, actor=filled.u("exec"), programme=filled.programme, review_cadence_days=7)
    filled.programme.refresh_from_db()
    r = report_of(filled).reviews
    assert r.overdue and r.days_overdue == 13 and r.next_due_on == timezone.localdate() - timedelta(days=13)


def test_the_three_latest_lessons(filled):
    r = report_of(filled)
    assert r.lessons_total == 4 and r.lessons_more == 1
    assert [(lesson.step, lesson.text) for lesson in r.lessons] == [
        (8, "Préparer l'itération 2 dès le mois 4."), (7, "Revue trop longue : 1 h max."), (5, "La formation a plu.")]
    assert r.lessons[0].author == "Paul Pilote" and r.lessons[0].step_label == str(Step(8).label)


def test_lists_are_capped_and_the_rest_counted(filled):
    grow(filled, 10)
    r = report_of(filled)
    assert (len(r.objectives), r.objectives_total, r.objectives_more) == (MAX_OBJECTIVES, 12, 12 - MAX_OBJECTIVES)
    assert (len(r.kpis), r.kpis_total, r.kpis_more) == (MAX_KPIS, 13, 13 - MAX_KPIS)
    assert (len(r.lessons), r.lessons_total) == (MAX_LESSONS, 14)
    assert all(len(o.statement) <= 100 for o in r.objectives)
    assert report_of(filled, max_objectives=0, max_kpis=0, max_lessons=0).objectives == []


def test_french_and_english_texts(filled):
    fr, en = report_of(filled, "fr"), report_of(filled, "en")
    assert fr.language == "fr" and en.language == "en"
    assert fr.means.net_text == "économie nette de 2\u00a0200\u00a0€"
    assert en.means.net_text == "net saving of 2,200\u00a0€"
    assert fr.steps[0].label == "Comprendre les nouvelles règles" and en.steps[0].label == "Understand the new rules"
    assert fr.kpis[0].status_label != en.kpis[0].status_label


def test_an_iteration_with_nothing_yet(org):
    r = report_of(org)
    assert r.vision is None and r.strategy is None and r.objectives == [] and r.kpis == [] and r.lessons == []
    assert (r.means.actions, r.means.net, r.means.net_text, r.means.is_saving) == (0, D("0"), "no net cost or saving", False)
    assert r.diagnostic.level is None and r.diagnostic.respondents == 0
    assert r.reviews.last_held_on is None and r.reviews.held == 0
    assert r.filename_stem == f"programme-bns-{org.tenant.slug}-iteration-1-{timezone.localdate().isoformat()}"


@pytest.mark.parametrize(("text", "limit", "expected"), [
    ("court", 10, "court"),
    ("  des   espaces\n partout ", 40, "des espaces partout"),
    ("Un texte bien trop long pour tenir", 20, "Un texte bien trop…"),
    ("Motsansespacebeaucouptroplong", 10, "Motsanses…"),
    ("Fin de phrase, suivie", 16, "Fin de phrase…"),
    (None, 5, ""),
])
def test_shorten(text, limit, expected):
    assert shorten(text, limit) == expected
    assert len(shorten(text, limit)) <= limit


def test_report_language():
    with translation.override("fr"):
        assert report_language("en") == "en" and report_language(None) == "fr" and report_language("de") == "fr"
        assert report_language("EN-gb") == "en" and report_language("") == "fr"
    with translation.override("en"):
        assert report_language(None) == "en" and report_language("fr") == "fr"
