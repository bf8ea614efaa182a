"""The results: aggregates on a hand-computed fixture, and the measured levels beside the declared ones."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from bns.programme.diagnostic import selectors
from bns.programme.models import DiagnosticAnswer
from networking.activity import services as activity_services
from networking.profiles import services as profile_services
from networking.profiles.checklists import checklist_codes
from tests.bns.programme.diagnostic.support import answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(org):
    answer(org, "executive", {"profiles_1": 4, "profiles_2": 3, "profiles_3": 5, "leadership_governance_1": 2})
    answer(org, "owner", {"profiles_1": 2, "profiles_2": 2})
    answer(org, "manager", {"profiles_1": 3, "conviction_2": (1, "Heu non...")})
    return org


def by_key(results):
    return {d.key: d for d in results.dimensions}


def test_aggregates_on_a_hand_computed_fixture(answered):
    results = selectors.diagnostic_results(tenant=answered.tenant, programme=answered.programme, with_measures=False)
    d = by_key(results)
    assert results.respondents == 3
    # Profiles: 4, 3, 5, 2, 2, 3 -> 19 / 6 = 3.1667: level 3, index (3.1667 - 1) / 4 x 100 = 54.
    profiles = d["profiles"]
    assert (profiles.respondents, profiles.answers, profiles.mean, profiles.level, profiles.index) == (3, 6, Decimal("3.17"), 3, 54)
    assert (profiles.low, profiles.high) == (2, 5) and str(profiles.level_label) == "structured"
    questions = {q.question.code: q for q in profiles.questions}
    assert (questions["profiles_1"].answers, questions["profiles_1"].mean) == (3, Decimal("3.00"))
    assert (questions["profiles_2"].mean, questions["profiles_2"].level) == (Decimal("2.50"), 3)  # 2.5 rounds up
    assert (questions["profiles_3"].answers, questions["profiles_3"].mean) == (1, Decimal("5.00"))
    assert (d["leadership_governance"].mean, d["leadership_governance"].level, d["leadership_governance"].index) == (Decimal("2.00"), 2, 25)
    assert (d["conviction"].level, d["conviction"].index, d["conviction"].respondents) == (1, 0, 1)
    assert d["activity"].mean is None and d["activity"].level is None and d["activity"].respondents == 0
    assert [q.answers for q in d["activity"].questions] == [0, 0, 0]
    # Overall: the mean of the answered dimensions' means, (3.1667 + 2 + 1) / 3 = 2.0556: level 2, index 26.
    assert (results.mean, results.level, results.index) == (Decimal("2.06"), 2, 26)


def test_answers_to_a_retired_question_code_are_ignored(answered):
    DiagnosticAnswer.unscoped.create(tenant=answered.tenant, programme=answered.programme, respondent=answered.employee("employee"),
                                     dimension="profiles", question="profiles_old", level=1)
    results = selectors.diagnostic_results(tenant=answered.tenant, programme=answered.programme, with_measures=False)
    assert results.respondents == 3 and by_key(results)["profiles"].mean == Decimal("3.17")


def test_no_answers(org):
    results = selectors.diagnostic_results(tenant=org.tenant, programme=org.programme, with_measures=False)
    assert results.respondents == 0 and results.mean is None and results.level is None and results.index is None
    assert all(d.level is None for d in results.dimensions)


def _complete_linkedin(org, who):
    profile_services.social_profile_create(
        tenant=org.tenant, actor=org.user("admin"), employee=org.employee(who), platform="linkedin",
        url=f"https://www.linkedin.com/in/{who}-test", checklist={code: True for code in checklist_codes("linkedin")},
        positioning="J'aide les artisans à choisir leur utilitaire.")


def test_measured_beside_declared_with_the_gap(answered):
    org = answered
    # Profiles: one of the four active employees has a complete LinkedIn profile (100 %), the others none (0 %):
    # completeness 25 % -> measured level 2; declared 3 -> gap +1.
    _complete_linkedin(org, "executive")
    # Activity: one of four active employees logged one activity in 30 days: active 25 % -> 2; 1 per active -> 1;
    # measured (2 + 1) / 2 = 1.5 -> 2. Nobody declared anything for activity: no gap.
    activity_services.activity_log(tenant=org.tenant, actor=org.user("manager"), occurred_on=timezone.localdate() - timedelta(days=2),
                                   channel="linkedin", kind="post")
    results = selectors.diagnostic_results(tenant=org.tenant, programme=org.programme)
    d = by_key(results)
    profiles = d["profiles"]
    assert [(i.key, i.value, i.level) for i in profiles.measure.indicators] == [("profile_completeness", Decimal("25.00"), 2)]
    assert (profiles.level, profiles.measured_level, profiles.gap) == (3, 2, 1)
    activity = d["activity"]
    assert [(i.key, i.value, i.level) for i in activity.measure.indicators] == [
        ("active_employees", Decimal("25.00"), 2), ("activity_per_active_employee", Decimal("1.00"), 1)]
    assert (activity.level, activity.measured_level, activity.gap) == (None, 2, None)
    # Measured by the system, but no data yet: "no measure yet", never 0.
    conviction = d["conviction"]
    assert conviction.measurable and conviction.measured_level is None and conviction.gap is None
    assert all(i.value is None and i.level is None for i in conviction.measure.indicators)
    assert d["real_networks"].measured_level is None and d["sharing_culture"].measured_level is None
    # Not measured by the system at all.
    assert not d["leadership_governance"].measurable and d["leadership_governance"].measured_level is None
    assert [g.key for g in results.gaps] == ["profiles"]


def test_my_answers_and_the_respondents_rows(answered):
    org = answered
    mine = selectors.my_answers(tenant=org.tenant, programme=org.programme, employee=org.employee("owner"))
    assert {code: a.level for code, a in mine.items()} == {"profiles_1": 2, "profiles_2": 2}
    assert selectors.my_answers(tenant=org.tenant, programme=org.programme, employee=None) == {}
    rows = list(selectors.respondent_rows(tenant=org.tenant, programme=org.programme))
    assert [r["respondent__last_name"] for r in rows] == ["Chefdesventes", "Dirigeante", "Pilote"]
    executive = rows[1]
    assert executive["n"] == 4 and executive["mean_profiles"] == 4 and executive["mean_leadership_governance"] == 2
    assert executive["mean_activity"] is None
    comments = selectors.diagnostic_comments(tenant=org.tenant, programme=org.programme)
    assert [c.comment for c in comments] == ["Heu non..."]
