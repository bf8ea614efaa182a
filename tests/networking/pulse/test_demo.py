"""The pulse's demo data: a closed pulse with results and an open one, deterministic and idempotent."""

from __future__ import annotations

import pytest

from bns.models import Role
from networking.models import Pulse, PulseAnswer, PulseParticipation
from networking.pulse import demo, selectors
from tests.factories import DepartmentFactory, EmployeeFactory, MembershipFactory, TenantFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_demo_seed_creates_a_closed_pulse_with_results_once():
    tenant = TenantFactory(slug="armor", name="Groupe Armor Automobiles")
    sales = DepartmentFactory(tenant=tenant, name="Ventes VN")
    staff = [EmployeeFactory(tenant=tenant, department=sales, external_id=f"E{i:03}") for i in range(40)]
    MembershipFactory(tenant=tenant, user=UserFactory(email=demo.CODIR_EMAIL), role=Role.EXECUTIVE, employee=staff[0])
    MembershipFactory(tenant=tenant, user=UserFactory(email=demo.REP_EMAIL), role=Role.EMPLOYEE, employee=staff[1])
    created = demo.demo_seed(tenants={"armor": tenant})
    assert created["conviction pulses"] == 2 and created["pulse answers"] > 20
    closed = Pulse.unscoped.get(tenant=tenant, title=demo.CLOSED_TITLE)
    results = selectors.pulse_results(tenant=tenant, pulse=closed)
    assert closed.status == Pulse.Status.CLOSED and results.shown and results.respondents >= 20
    running = Pulse.unscoped.get(tenant=tenant, title=demo.OPEN_TITLE)
    assert running.status == Pulse.Status.OPEN
    assert not PulseParticipation.unscoped.filter(pulse=running, employee=staff[1]).exists()  # the demo rep can try it
    answers = PulseAnswer.unscoped.filter(tenant=tenant).count()
    assert demo.demo_seed(tenants={"armor": tenant}) == {"conviction pulses": 0, "pulse answers": 0}
    assert PulseAnswer.unscoped.filter(tenant=tenant).count() == answers
    assert demo.demo_seed(tenants={}) == {}
