"""The strategy page and its forms: everyone reads, editors write, managers challenge; bounded queries."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bns.models import Role
from bns.programme.models import Programme, StrategyChallenge, StrategyOption
from bns.programme.strategy import services
from tests.bns.programme.strategy.support import make_org, url
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def login(client, org, who):
    client.force_login(org.user(who))
    return client


def add(org, title, **extra):
    return services.strategy_option_create(tenant=org.tenant, actor=org.user("owner"), programme=org.programme, title=title, **extra)


def test_empty_states(client, tenant):
    member = MembershipFactory(tenant=tenant, user=UserFactory(), role=Role.EMPLOYEE)
    client.force_login(member.user)
    response = client.get(url(tenant, "programme_strategy"))
    assert response.status_code == 200 and "has not started its BNS programme yet" in response.content.decode()
    org = make_org(tenant)
    body = login(client, org, "owner").get(url(tenant, "programme_strategy")).content.decode()
    assert "No strategy option yet" in body and url(tenant, "programme_strategy_option_create") in body


def test_options_side_by_side_with_the_decision(client, org):
    a = add(org, "Ambassadeurs", description="Dix ambassadeurs", pros="Rapide", cons="Peu de monde", cost=Decimal("4200"),
            feasibility=4)
    b = add(org, "Tout le monde")
    services.strategy_challenge_add(tenant=org.tenant, actor=org.user("manager"), option=a, comment="Qui choisit ?", score=4)
    services.strategy_challenge_add(tenant=org.tenant, actor=org.user("executive"), option=a, comment="Budget ?", score=3)
    services.strategy_option_retain(tenant=org.tenant, actor=org.user("owner"), option=a, rationale="Réaliste en six mois",
                                    rejection_reasons={b.pk: "Trop large"})
    response = login(client, org, "employee").get(url(org.tenant, "programme_strategy"))
    body = response.content.decode()
    assert response.status_code == 200
    for text in ("Dix ambassadeurs", "Rapide", "Peu de monde", "4,200", "4/5", "Qui choisit ?", "Marc Chefdesventes",
                 "3.5/5", "Réaliste en six mois", "Trop large", "option-retained", "option-rejected", "Why it was rejected"):
        assert text in body, text
    # An employee reads: no form, no edit link.
    assert url(org.tenant, "programme_strategy_option_edit", pk=a.pk) not in body
    assert url(org.tenant, "programme_strategy_challenge", pk=a.pk) not in body


def test_employees_cannot_write(client, org):
    a = add(org, "Ambassadeurs")
    login(client, org, "employee")
    assert client.get(url(org.tenant, "programme_strategy_option_create")).status_code == 403
    assert client.post(url(org.tenant, "programme_strategy_option_create"), {"title": "X"}).status_code == 403
    assert client.post(url(org.tenant, "programme_strategy_option_edit", pk=a.pk), {"title": "X"}).status_code == 403
    assert client.post(url(org.tenant, "programme_strategy_challenge", pk=a.pk), {f"c{a.pk}-comment": "X"}).status_code == 403
    assert client.post(url(org.tenant, "programme_strategy_retain", pk=a.pk), {"rationale": "X"}).status_code == 403
    assert client.post(url(org.tenant, "programme_strategy_option_delete", pk=a.pk)).status_code == 403
    assert client.post(url(org.tenant, "programme_strategy_reopen")).status_code == 403
    assert StrategyOption.unscoped.get().title == "Ambassadeurs" and not StrategyChallenge.unscoped.exists()


@pytest.mark.parametrize("who", ["owner", "executive"])
def test_editors_add_edit_and_retain(client, org, who):
    login(client, org, who)
    response = client.post(url(org.tenant, "programme_strategy_option_create"),
                           {"title": "Ambassadeurs", "cost": "-5", "feasibility": "9"})
    assert response.status_code == 400
    response = client.post(url(org.tenant, "programme_strategy_option_create"),
                           {"title": "Ambassadeurs", "cost": "1000", "feasibility": "3", "pros": "Rapide"})
    assert response.status_code == 302
    a = StrategyOption.unscoped.get(title="Ambassadeurs")
    b = add(org, "Tout le monde")
    response = client.post(url(org.tenant, "programme_strategy_option_edit", pk=a.pk), {"title": "Ambassadeurs VN", "cost": "1500"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.title == "Ambassadeurs VN" and a.cost == Decimal("1500.00") and a.feasibility is None
    page = client.get(url(org.tenant, "programme_strategy_retain", pk=a.pk)).content.decode()
    assert "Why not “Tout le monde”" in page and "Not retained: “Ambassadeurs VN” was preferred." in page
    assert client.post(url(org.tenant, "programme_strategy_retain", pk=a.pk), {"rationale": ""}).status_code == 400
    response = client.post(url(org.tenant, "programme_strategy_retain", pk=a.pk),
                           {"rationale": "Le plus réaliste", f"reason_{b.pk}": "Trop large"})
    assert response.status_code == 302
    b.refresh_from_db()
    assert (b.status, b.rationale) == ("rejected", "Trop large")
    again = client.post(url(org.tenant, "programme_strategy_retain", pk=b.pk), {"rationale": "Non"})
    assert again.status_code in (200, 400) and "already retained" in again.content.decode()
    assert StrategyOption.unscoped.get(status="retained").pk == a.pk


def test_managers_challenge_from_the_page(client, org):
    a = add(org, "Ambassadeurs")
    login(client, org, "manager")
    page = client.get(url(org.tenant, "programme_strategy")).content.decode()
    assert url(org.tenant, "programme_strategy_challenge", pk=a.pk) in page
    bad = client.post(url(org.tenant, "programme_strategy_challenge", pk=a.pk), {f"c{a.pk}-comment": "", f"c{a.pk}-score": "7"})
    assert bad.status_code == 400
    ok = client.post(url(org.tenant, "programme_strategy_challenge", pk=a.pk), {f"c{a.pk}-comment": "Et le VO ?", f"c{a.pk}-score": "2"})
    assert ok.status_code == 302
    assert StrategyChallenge.unscoped.get().comment == "Et le VO ?"


def test_reopen_from_the_page(client, org):
    a, _b = add(org, "A"), add(org, "B")
    services.strategy_option_retain(tenant=org.tenant, actor=org.user("owner"), option=a, rationale="R")
    assert login(client, org, "owner").post(url(org.tenant, "programme_strategy_reopen"),
                                            {"programme": org.programme.pk}).status_code == 403
    login(client, org, "executive")
    assert "Reopen the decision" in client.get(url(org.tenant, "programme_strategy")).content.decode()
    assert client.post(url(org.tenant, "programme_strategy_reopen"), {"programme": org.programme.pk}).status_code == 302
    assert set(StrategyOption.unscoped.values_list("status", flat=True)) == {"candidate"}
    assert client.post(url(org.tenant, "programme_strategy_reopen"), {"programme": "abc"}).status_code == 404


def test_an_earlier_iteration_stays_readable(client, org):
    add(org, "Ancienne option")
    org.programme.status = Programme.Status.CLOSED
    org.programme.save()
    newer = Programme.unscoped.create(tenant=org.tenant, iteration=2, title="Itération 2", starts_on=org.programme.starts_on,
                                      target_end_on=org.programme.target_end_on, process_owner=org.employee("owner"))
    login(client, org, "owner")
    assert "Ancienne option" not in client.get(url(org.tenant, "programme_strategy")).content.decode()
    old = client.get(url(org.tenant, "programme_strategy"), {"programme": org.programme.pk})
    assert "Ancienne option" in old.content.decode() and "an earlier iteration" in old.content.decode()
    # The process owner no longer writes the closed iteration.
    assert client.get(url(org.tenant, "programme_strategy_option_create"), {"programme": org.programme.pk}).status_code == 403
    assert client.get(url(org.tenant, "programme_strategy_option_create"), {"programme": newer.pk}).status_code == 200
    assert client.get(url(org.tenant, "programme_strategy"), {"programme": "999999999999"}).status_code == 404


def _fill(org, n: int):
    for i in range(n):
        option = add(org, f"Option {i}", description="d", cost=Decimal("100"), feasibility=3)
        for j in range(3):
            author = EmployeeFactory(tenant=org.tenant)
            member = MembershipFactory(tenant=org.tenant, user=UserFactory(), role=Role.MANAGER, employee=author)
            services.strategy_challenge_add(tenant=org.tenant, actor=member.user, option=option, comment=f"c{j}", score=j + 1)


@pytest.mark.parametrize("who", ["employee", "manager", "owner"])
def test_the_page_reads_a_bounded_number_of_queries(client, org, who, django_assert_max_num_queries):
    login(client, org, who)
    _fill(org, 2)
    client.get(url(org.tenant, "programme_strategy"))  # warm the session and caches
    with django_assert_max_num_queries(12) as small:
        assert client.get(url(org.tenant, "programme_strategy")).status_code == 200
    _fill(org, 8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        body = client.get(url(org.tenant, "programme_strategy")).content.decode()
    assert body.count('data-testid="option"') == 10
