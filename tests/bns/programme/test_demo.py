"""seed_demo gives the armor group a BNS programme in its 4th month (bns/programme/demo): the numbers of issue 6.

The demo is seeded ONCE for the module (a few seconds), inside a transaction rolled back at the end, like the isolation
suite's mirror; each test runs in its own savepoint (pytest-django's ``db``), so what a test writes is undone too.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from bns.models import Membership, Role, Tenant
from bns.programme.demo import programme_demo_create, programme_demo_seed
from bns.programme.diagnostic.questionnaire import QUESTIONS
from bns.programme.diagnostic.selectors import diagnostic_results
from bns.programme.home.selectors import add_months, programme_facts, programme_timeline
from bns.programme.means.budget import budget_summary
from bns.programme.models import (
    ActionRole,
    BudgetLine,
    DiagnosticAnswer,
    Kpi,
    KpiValue,
    Lesson,
    Objective,
    Programme,
    ProgrammeAction,
    ProgrammeStep,
    Review,
    ReviewKpiValue,
    RoleBehaviour,
    StrategyChallenge,
    StrategyOption,
    VisionVersion,
    Workshop,
    WorkshopParticipant,
)
from bns.programme.objectives.selectors import objective_rows
from bns.programme.objectives.services import kpi_value_record
from bns.programme.reviews.selectors import review_schedule
from dashboards.catalogue import metric_get

PROGRAMME_MODELS = (Programme, ProgrammeStep, VisionVersion, Workshop, DiagnosticAnswer, Kpi, KpiValue, Objective, StrategyOption,
                    StrategyChallenge, ProgrammeAction, ActionRole, BudgetLine, RoleBehaviour, Review, ReviewKpiValue, Lesson)


class Demo:
    def __init__(self, output: str):
        self.output = output
        self.tenant = Tenant.objects.get(slug="armor")
        self.programme = Programme.unscoped.select_related("process_owner", "sponsor").get(tenant=self.tenant)
        self.codir = Membership.unscoped.select_related("user", "employee").get(tenant=self.tenant, user__email="codir@armor.example")
        self.today = timezone.localdate()

    def mine(self, model):
        return model.unscoped.filter(tenant=self.tenant)


# The settings tests/conftest.py gives every test (function-scoped there), for the module's seeding.
TEST_SETTINGS = {
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "CELERY_TASK_ALWAYS_EAGER": True,
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}},
    "LANGUAGE_CODE": "fr",
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(**TEST_SETTINGS):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = StringIO()
            call_command("seed_demo", "--force", stdout=out)
            built = Demo(out.getvalue())
        except BaseException as exc:
            atomic.__exit__(type(exc), exc, exc.__traceback__)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture
def d(db, demo) -> Demo:
    return demo


def test_the_seed_reports_what_it_created(d):
    for figure in ("1 programme iterations", "20 programme actions", "6 objectives", "8 KPIs", "3 reviews", "3 strategy options"):
        assert figure in d.output


def test_an_active_iteration_in_its_fourth_month_led_from_the_codir(d):
    p = d.programme
    assert d.mine(Programme).count() == 1
    assert (p.iteration, p.status, p.current_step, p.review_cadence_days) == (1, Programme.Status.ACTIVE, 5, 30)
    assert p.target_end_on == add_months(p.starts_on, 6)
    timeline = programme_timeline(p, d.today)
    assert (timeline.month, timeline.months) == (4, 6)
    assert 95 <= (d.today - p.starts_on).days <= 115  # about 3.5 months ago
    # The DG leads it: process owner and sponsor, with an executive login (the home page's "at the CoDir" check).
    assert p.process_owner == p.sponsor == d.codir.employee
    assert d.codir.role == Role.EXECUTIVE
    assert programme_facts(tenant=d.tenant, programme=p, today=d.today).facts["owner_is_executive"] is True
    steps = {s.number: s for s in d.mine(ProgrammeStep).filter(programme=p)}
    assert [steps[n].status for n in range(1, 9)] == ["done"] * 4 + ["in_progress"] * 3 + ["not_started"]
    assert all(s.owner_id for s in steps.values())
    assert all(steps[n].done_notes for n in range(1, 8))
    assert steps[3].missing_notes and steps[5].next_action
    # Atlantique has no programme: the demo is armor's only.
    assert not Programme.unscoped.filter(tenant__slug="atlantique").exists()


def test_the_vision_in_two_versions_and_three_workshops(d):
    versions = list(d.mine(VisionVersion).order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert all(v.programme_id == d.programme.pk and v.created_by == d.codir.user for v in versions)
    assert versions[0].created_at < versions[1].created_at < timezone.now() - timedelta(days=60)
    current = versions[1].text
    for idea in ("actif du groupe", "propre entourage", "réseaux d'affaires bretons"):
        assert idea in current
    workshops = list(d.mine(Workshop).filter(programme=d.programme).order_by("held_on"))
    assert len(workshops) == 3
    assert [w.step for w in workshops] == [1, 3, 4]
    for workshop in workshops:
        assert workshop.agenda and workshop.outcomes and d.programme.starts_on < workshop.held_on < d.today
        assert WorkshopParticipant.unscoped.filter(tenant=d.tenant, workshop=workshop).count() >= 10


def test_the_self_assessment_answered_by_executives_and_managers_with_some_optimism(d):
    answers = d.mine(DiagnosticAnswer).filter(programme=d.programme)
    per_respondent = Counter(answers.values_list("respondent_id", flat=True))
    assert len(per_respondent) >= 4
    assert set(per_respondent.values()) == {len(QUESTIONS)}  # every question of the questionnaire, by everyone
    assert set(answers.values_list("question", flat=True)) == set(QUESTIONS)
    assert d.codir.employee_id in per_respondent
    titles = set(answers.values_list("respondent__job_title", flat=True))
    assert {"Directeur général", "Directeur de concession", "Chef des ventes VN"} <= titles
    levels = Counter(answers.values_list("level", flat=True))
    assert (levels[2] + levels[3]) / sum(levels.values()) > 0.6  # mostly 2-3
    assert answers.exclude(comment="").count() >= 5
    # Optimism: profiles and activity are declared higher than the measured indicators say.
    results = {r.key: r for r in diagnostic_results(tenant=d.tenant, programme=d.programme).dimensions}
    assert results["profiles"].gap > 0 and results["activity"].gap > 0


def test_eight_kpis_with_monthly_values(d):
    kpis = list(d.mine(Kpi).filter(programme=d.programme))
    assert len(kpis) == 8
    catalogue = [k for k in kpis if metric_get(k.metric_key)]
    manual = [k for k in kpis if not k.metric_key]
    assert len(catalogue) == 6 and len(manual) == 2
    assert all(k.manual_source for k in manual)
    assert {k.metric_key for k in catalogue} >= {"profile_completeness", "active_employees", "referrals_won"}
    for kpi in kpis:
        assert kpi.target is not None
        days = sorted(KpiValue.unscoped.filter(tenant=d.tenant, kpi=kpi).values_list("measured_on", flat=True))
        assert len(days) == 4 and days[0] >= d.programme.starts_on and days[-1] < d.today
    cost = next(k for k in manual if k.direction == Kpi.Direction.DOWN)
    series = list(KpiValue.unscoped.filter(tenant=d.tenant, kpi=cost).order_by("measured_on").values_list("value", flat=True))
    assert series == sorted(series, reverse=True)  # the cost per lead goes down month after month


def test_six_objectives_of_which_exactly_two_fail_the_smart_checks(d):
    objectives = d.mine(Objective).filter(programme=d.programme).select_related("kpi", "owner", "site", "department")
    rows = objective_rows(tenant=d.tenant, programme=d.programme, objectives=objectives)
    assert len(rows) == 6
    failing = {row.objective.statement: {c.letter for c in row.failed} for row in rows if row.failed}
    assert failing == {
        "Être plus présents sur LinkedIn": {"M", "A"},
        "Atteindre 30 recommandations gagnées sur 90 jours grâce aux relations des collaborateurs": {"A", "R"},
    }
    assert sum(1 for row in rows if row.passed == 5) == 4


def test_three_strategy_options_one_retained_with_challenges(d):
    options = list(d.mine(StrategyOption).filter(programme=d.programme))
    assert len(options) == 3
    statuses = Counter(o.status for o in options)
    assert statuses == {StrategyOption.Status.RETAINED: 1, StrategyOption.Status.REJECTED: 2}
    assert all(o.rationale and o.decided_at and o.cost and o.feasibility for o in options)
    challenges = d.mine(StrategyChallenge).filter(option__programme=d.programme)
    assert set(challenges.values_list("option_id", flat=True)) == {o.pk for o in options}
    assert challenges.filter(author=d.codir.employee).count() == 3  # the DG scored every option
    assert not challenges.filter(score__isnull=True).exists()


def test_twenty_actions_in_all_states_with_raci_and_a_net_saving(d):
    actions = d.mine(ProgrammeAction).filter(programme=d.programme)
    assert actions.count() == 20
    assert set(actions.values_list("status", flat=True)) == set(ProgrammeAction.Status.values)
    assert set(actions.values_list("kind", flat=True)) == set(ProgrammeAction.Kind.values)
    assert not actions.filter(owner__isnull=True).exists() and not actions.filter(deadline__isnull=True).exists()
    accountable = Counter(d.mine(ActionRole).filter(action__programme=d.programme, raci="A").values_list("action_id", flat=True))
    assert set(accountable) == set(actions.values_list("pk", flat=True)) and set(accountable.values()) == {1}
    open_ = actions.filter(status__in=["planned", "in_progress", "blocked"])
    assert open_.filter(deadline__lt=d.today).count() >= 3  # some overdue
    assert open_.filter(deadline__gt=d.today).exists()
    assert actions.filter(review__isnull=False).count() == 3  # decided at the reviews
    assert actions.filter(budget_actual__gt=0).exists()

    summary = budget_summary(tenant=d.tenant, programme=d.programme, today=d.today)
    assert summary.replaced > summary.actual > 0
    assert -summary.net > 0  # a net saving
    assert summary.net_planned < 0
    replaced = " ".join(d.mine(BudgetLine).filter(programme=d.programme).values_list("replaces", flat=True)).lower()
    for classic in ("presse", "radio", "prospectus", "salon"):
        assert classic in replaced


def test_expected_behaviours_for_every_role(d):
    roles = set(d.mine(RoleBehaviour).filter(programme=d.programme).values_list("role", flat=True))
    assert roles == set(Role.values)


def test_three_reviews_with_frozen_values_and_the_next_one_overdue(d):
    reviews = list(d.mine(Review).filter(programme=d.programme).order_by("held_on"))
    assert len(reviews) == 3
    assert all(r.participants and r.decisions and r.created_by == d.codir.user for r in reviews)
    for review in reviews:
        frozen = list(ReviewKpiValue.unscoped.filter(tenant=d.tenant, review=review))
        assert len(frozen) == 8 and all(v.value is not None and v.value_on <= review.held_on for v in frozen)
    schedule = review_schedule(tenant=d.tenant, programme=d.programme, today=d.today)
    assert schedule.overdue is True and schedule.last_held_on == reviews[-1].held_on
    assert reviews[-1].held_on + timedelta(days=30) < d.today
    # Frozen: a later value leaves the reviews as they were.
    kpi = d.mine(Kpi).get(programme=d.programme, metric_key="profile_completeness")
    before = list(ReviewKpiValue.unscoped.filter(tenant=d.tenant, kpi=kpi).order_by("pk").values_list("value", flat=True))
    kpi_value_record(tenant=d.tenant, actor=d.codir.user, kpi=kpi, measured_on=reviews[0].held_on, value=Decimal("99"))
    after = list(ReviewKpiValue.unscoped.filter(tenant=d.tenant, kpi=kpi).order_by("pk").values_list("value", flat=True))
    assert after == before == [Decimal("19.00"), Decimal("22.00"), Decimal("25.00")]


def test_lessons_tagged_by_step_from_the_field(d):
    lessons = d.mine(Lesson).filter(programme=d.programme)
    assert lessons.count() >= 6
    assert len(set(lessons.values_list("step", flat=True))) >= 4
    assert len(set(lessons.values_list("author_id", flat=True))) >= 4
    assert lessons.filter(author__job_title="Vendeur VN").count() >= 2  # the reps' feedback


@pytest.mark.parametrize("name", [
    "programme_home", "programme_vision", "programme_workshops", "programme_diagnostic", "programme_objectives",
    "programme_kpis", "programme_strategy", "programme_means", "programme_attitudes", "programme_reviews", "programme_lessons",
])
def test_every_programme_page_shows_the_demo(d, name):
    client = Client()
    client.force_login(d.codir.user)
    response = client.get(reverse(name, kwargs={"tenant_slug": "armor"}))
    assert response.status_code == 200


def test_the_home_page_flags_the_overdue_review(d):
    client = Client()
    client.force_login(d.codir.user)
    response = client.get(reverse("programme_home", kwargs={"tenant_slug": "armor"}))
    assert b'data-testid="review-overdue"' in response.content


def test_a_second_run_creates_nothing(d):
    before = {model.__name__: model.unscoped.count() for model in PROGRAMME_MODELS}
    out = StringIO()
    call_command("seed_demo", "--force", stdout=out)
    assert {model.__name__: model.unscoped.count() for model in PROGRAMME_MODELS} == before
    assert "nothing (already complete)" in out.getvalue() and "programme iterations" not in out.getvalue()
    assert programme_demo_create(tenant=d.tenant) == {}


def test_nothing_without_the_armor_group(db):
    assert programme_demo_seed(tenants={}) == {}
