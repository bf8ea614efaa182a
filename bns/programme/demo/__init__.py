"""BNS programme demo data for ``manage.py seed_demo`` (registered through bns.demo_hooks by bns/apps.py).

The "armor" group (Breton dealerships) gets an iteration of its programme in its 4th month: started about 3.5 months
ago, target end 6 months after the start, led by the DG (process owner and sponsor: the only CoDir member with an
executive login in the demo, so the programme is led from the CoDir). In it: the vision in two versions, three
workshops, the 8 steps (1-4 done, 5-7 in progress, 8 not started), the self-assessment answered by 9 respondents, 8 KPIs
with monthly values, 6 objectives (2 not SMART), 3 strategy options with one retained, 20 actions in every status with
their RACI, budget lines with a net saving on classic marketing, the expected behaviours of every role, 3 reviews (the
next one overdue) and 8 lessons.

Written through the programme's services, with the DG's login as the actor (audited like any change), in the order a
group lives it: KPI values before the reviews that freeze them. Where a service records its actor as the author
(self-assessment answers, challenges, lessons), the people without a demo login are written directly with the same
fields. Dates are relative to today; ``created_at`` stamps are moved back to when things happened in the story.

Deterministic (fixed texts, the staff of bns/demo_data.py) and idempotent in the simplest way: the whole programme is
created in one go when the group has none, and nothing at all when it has one (any iteration).
"""

from __future__ import annotations

from django.db import transaction

from bns.models import Tenant
from bns.programme.demo.attitudes import seed_attitudes
from bns.programme.demo.cast import Calendar, Cast
from bns.programme.demo.diagnostic import seed_diagnostic
from bns.programme.demo.home import seed_iteration, seed_steps, seed_vision, seed_workshops
from bns.programme.demo.means import complete_review_actions, seed_actions, seed_budget
from bns.programme.demo.objectives import seed_kpis, seed_objectives
from bns.programme.demo.reviews import seed_lessons, seed_reviews
from bns.programme.demo.strategy import seed_strategy
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
)
from bns.tenancy import tenant_scope

DEMO_TENANT_SLUG = "armor"


def programme_demo_seed(*, tenants: dict, stdout=None) -> dict[str, int]:
    """The demo hook: the BNS programme of the "armor" group (other groups untouched)."""
    tenant = tenants.get(DEMO_TENANT_SLUG)
    if tenant is None:
        return {}
    with transaction.atomic(), tenant_scope(tenant):
        return programme_demo_create(tenant=tenant)


def programme_demo_create(*, tenant: Tenant) -> dict[str, int]:
    """Create the whole programme demo when the group has no programme yet; returns ``{"what": created}`` ({} otherwise)."""
    if Programme.unscoped.filter(tenant=tenant).exists():
        return {}
    cast = Cast(tenant)
    if not cast.ready:
        return {}
    cal = Calendar()
    actor = cast.users["codir"]  # the DG: executive login, process owner

    programme = seed_iteration(cast, cal, actor)
    seed_vision(cast, cal, actor, programme)
    seed_workshops(cast, cal, actor, programme)
    seed_diagnostic(cast, cal, programme)
    kpis = seed_kpis(cast, cal, actor, programme)
    seed_objectives(cast, cal, actor, programme, kpis)
    seed_strategy(cast, cal, actor, programme)
    actions = seed_actions(cast, cal, actor, programme)
    seed_attitudes(cast, actor, programme)
    seed_reviews(cast, cal, actor, programme)
    complete_review_actions(cast, cal, actor, programme)
    seed_budget(cast, actor, programme, actions)
    seed_lessons(cast, cal, programme)
    seed_steps(cast, cal, actor, programme)
    return _counts(tenant, programme)


def _counts(tenant: Tenant, programme: Programme) -> dict[str, int]:
    mine = {"tenant": tenant, "programme": programme}
    counts = {
        "programme iterations": 1,
        "programme steps": ProgrammeStep.unscoped.filter(**mine).count(),
        "vision versions": VisionVersion.unscoped.filter(**mine).count(),
        "workshops": Workshop.unscoped.filter(**mine).count(),
        "self-assessment answers": DiagnosticAnswer.unscoped.filter(**mine).count(),
        "KPIs": Kpi.unscoped.filter(**mine).count(),
        "KPI values": KpiValue.unscoped.filter(tenant=tenant, kpi__programme=programme).count(),
        "objectives": Objective.unscoped.filter(**mine).count(),
        "strategy options": StrategyOption.unscoped.filter(**mine).count(),
        "strategy challenges": StrategyChallenge.unscoped.filter(tenant=tenant, option__programme=programme).count(),
        "programme actions": ProgrammeAction.unscoped.filter(**mine).count(),
        "RACI roles": ActionRole.unscoped.filter(tenant=tenant, action__programme=programme).count(),
        "budget lines": BudgetLine.unscoped.filter(**mine).count(),
        "expected behaviours": RoleBehaviour.unscoped.filter(**mine).count(),
        "reviews": Review.unscoped.filter(**mine).count(),
        "frozen KPI values": ReviewKpiValue.unscoped.filter(tenant=tenant, review__programme=programme).count(),
        "lessons": Lesson.unscoped.filter(**mine).count(),
    }
    return {what: n for what, n in counts.items() if n}
