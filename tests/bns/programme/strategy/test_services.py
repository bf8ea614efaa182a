"""Strategy options: validation, who may do what, challenges, and exactly one retained option per iteration."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from bns.models import AuditEvent
from bns.programme.models import Programme, StrategyOption
from bns.programme.strategy import services

pytestmark = pytest.mark.django_db


def option(org, title="Ambassadeurs", who="owner", **extra):
    return services.strategy_option_create(tenant=org.tenant, actor=org.user(who), programme=org.programme, title=title, **extra)


def three(org):
    return option(org, "Ambassadeurs"), option(org, "Tout le monde"), option(org, "Pilote à Rennes")


def test_create_validates_cost_feasibility_and_title(org):
    with pytest.raises(ValidationError) as exc:
        option(org, title="  ", cost=Decimal("-1"), feasibility=6)
    assert set(exc.value.message_dict) == {"title", "cost", "feasibility"}
    created = option(org, cost="1200.5", feasibility="4", pros="Rapide", cons="Peu de monde")
    assert created.cost == Decimal("1200.50") and created.feasibility == 4 and created.status == StrategyOption.Status.CANDIDATE
    assert AuditEvent.unscoped.filter(verb="programme.strategy_option.create", object_id=str(created.pk)).exists()


@pytest.mark.parametrize("who, allowed", [("executive", True), ("admin", True), ("owner", True), ("manager", False),
                                          ("employee", False)])
def test_who_writes_options(org, who, allowed):
    if allowed:
        assert option(org, who=who).pk
    else:
        with pytest.raises(PermissionDenied):
            option(org, who=who)


def test_closed_iteration_only_executives_write(org):
    org.programme.status = Programme.Status.CLOSED
    org.programme.save()
    with pytest.raises(PermissionDenied):
        option(org, who="owner")
    assert option(org, who="executive").pk


def test_update_never_changes_the_status(org):
    created = option(org)
    with pytest.raises(ValidationError):
        services.strategy_option_update(tenant=org.tenant, actor=org.user("owner"), option=created, status="retained")
    services.strategy_option_update(tenant=org.tenant, actor=org.user("owner"), option=created, cost=Decimal("300"))
    created.refresh_from_db()
    assert created.cost == Decimal("300.00") and created.status == StrategyOption.Status.CANDIDATE
    with pytest.raises(ValidationError):
        services.strategy_option_update(tenant=org.tenant, actor=org.user("owner"), option=created, feasibility=0)


def test_challenges_by_managers_and_editors_only(org):
    created = option(org)
    challenge = services.strategy_challenge_add(tenant=org.tenant, actor=org.user("manager"), option=created,
                                                comment="Et les vendeurs VO ?", score=2)
    assert challenge.author == org.employee("manager") and challenge.score == 2
    anonymous = services.strategy_challenge_add(tenant=org.tenant, actor=org.user("admin"), option=created, comment="OK")
    assert anonymous.author is None and anonymous.score is None
    with pytest.raises(PermissionDenied):
        services.strategy_challenge_add(tenant=org.tenant, actor=org.user("employee"), option=created, comment="Moi aussi")
    with pytest.raises(ValidationError) as exc:
        services.strategy_challenge_add(tenant=org.tenant, actor=org.user("manager"), option=created, comment=" ", score=6)
    assert set(exc.value.message_dict) == {"comment", "score"}
    assert AuditEvent.unscoped.filter(verb="programme.strategy_challenge.add").count() == 2


def test_retain_needs_a_rationale(org):
    a, _b, _c = three(org)
    with pytest.raises(ValidationError) as exc:
        services.strategy_option_retain(tenant=org.tenant, actor=org.user("owner"), option=a, rationale="  ")
    assert "rationale" in exc.value.message_dict
    assert not StrategyOption.unscoped.filter(status=StrategyOption.Status.RETAINED).exists()


def test_retain_rejects_the_others_each_with_its_reason(org):
    a, b, c = three(org)
    with pytest.raises(PermissionDenied):
        services.strategy_option_retain(tenant=org.tenant, actor=org.user("manager"), option=a, rationale="Réaliste")
    services.strategy_option_retain(tenant=org.tenant, actor=org.user("owner"), option=a, rationale="Réaliste en 6 mois",
                                    rejection_reasons={str(b.pk): "Trop large pour commencer", c.pk: "  "})
    a.refresh_from_db(), b.refresh_from_db(), c.refresh_from_db()
    assert (a.status, a.rationale) == ("retained", "Réaliste en 6 mois") and a.decided_at is not None
    assert (b.status, b.rationale) == ("rejected", "Trop large pour commencer") and b.decided_at == a.decided_at
    assert (c.status, c.rationale) == ("rejected", "Not retained: “Ambassadeurs” was preferred.")
    # The default reason is edited later; a decided option cannot lose its reason.
    services.strategy_option_update(tenant=org.tenant, actor=org.user("owner"), option=c, rationale="Rennes seule ne suffit pas")
    c.refresh_from_db()
    assert c.rationale == "Rennes seule ne suffit pas" and c.status == "rejected"
    with pytest.raises(ValidationError):
        services.strategy_option_update(tenant=org.tenant, actor=org.user("owner"), option=c, rationale="")
    with pytest.raises(ValidationError):
        services.strategy_option_delete(tenant=org.tenant, actor=org.user("owner"), option=b)
    event = AuditEvent.unscoped.get(verb="programme.strategy_option.retain")
    assert event.object_id == str(a.pk) and sorted(event.data["rejected"]) == sorted([b.pk, c.pk])


def test_the_default_reason_is_stored_in_the_groups_language(org, monkeypatch):
    """Stored text: written in the group's language, not in the language of whoever clicked (here English)."""
    monkeypatch.setattr(services, "_", lambda text: f"[{translation.get_language()}] {text}")
    org.tenant.locale = "fr"
    org.tenant.save(update_fields=["locale"])
    a, b = option(org, "Ambassadeurs"), option(org, "Tous")
    assert translation.get_language() == "en"
    services.strategy_option_retain(tenant=org.tenant, actor=org.user("owner"), option=a, rationale="R")
    b.refresh_from_db()
    assert b.rationale == "[fr] Not retained: “Ambassadeurs” was preferred."


def test_a_second_retain_is_refused_with_a_clear_message(org):
    a, b, _c = three(org)
    services.strategy_option_retain(tenant=org.tenant, actor=org.user("owner"), option=a, rationale="Réaliste")
    with pytest.raises(ValidationError) as exc:
        services.strategy_option_retain(tenant=org.tenant, actor=org.user("executive"), option=b, rationale="Mieux")
    assert "“Ambassadeurs” is already retained for this iteration: reopen the decision first." in exc.value.messages
    assert list(StrategyOption.unscoped.filter(status="retained").values_list("pk", flat=True)) == [a.pk]


def test_the_database_refuses_a_second_retained_option(org):
    a, b, _c = three(org)
    StrategyOption.unscoped.filter(pk=a.pk).update(status="retained")
    with pytest.raises(IntegrityError), transaction.atomic():
        StrategyOption.unscoped.filter(pk=b.pk).update(status="retained")
    with pytest.raises(IntegrityError), transaction.atomic():
        StrategyOption.unscoped.create(tenant=org.tenant, programme=org.programme, title="Intruse", status="retained")
    # Another iteration may retain its own option.
    other = Programme.unscoped.create(tenant=org.tenant, iteration=2, title="Itération 2", starts_on=org.programme.starts_on,
                                      target_end_on=org.programme.target_end_on, status=Programme.Status.CLOSED)
    StrategyOption.unscoped.create(tenant=org.tenant, programme=other, title="Autre", status="retained")


def test_a_concurrent_retain_caught_by_the_constraint_becomes_the_same_message(org, monkeypatch):
    """A decision landing between the service's check and its write (the index is the last guard): a clean refusal."""
    a, b, _c = three(org)
    real_default = services.strategy_default_rejection

    def concurrent_retain(*, tenant, retained):
        StrategyOption.unscoped.create(tenant=tenant, programme=org.programme, title="Retenue ailleurs", status="retained")
        return real_default(tenant=tenant, retained=retained)

    monkeypatch.setattr(services, "strategy_default_rejection", concurrent_retain)
    with pytest.raises(ValidationError) as exc:
        services.strategy_option_retain(tenant=org.tenant, actor=org.user("owner"), option=a, rationale="Réaliste")
    assert "“Retenue ailleurs” is already retained for this iteration: reopen the decision first." in exc.value.messages
    assert not StrategyOption.unscoped.filter(status__in=["retained", "rejected"]).exists()  # all rolled back
    assert not AuditEvent.unscoped.filter(verb="programme.strategy_option.retain").exists()


def test_reopen_is_for_executives_only(org):
    a, b, c = three(org)
    with pytest.raises(ValidationError):  # nothing decided yet
        services.strategy_option_reopen(tenant=org.tenant, actor=org.user("executive"), programme=org.programme)
    services.strategy_option_retain(tenant=org.tenant, actor=org.user("owner"), option=a, rationale="Réaliste")
    with pytest.raises(PermissionDenied):
        services.strategy_option_reopen(tenant=org.tenant, actor=org.user("owner"), programme=org.programme)
    assert services.strategy_option_reopen(tenant=org.tenant, actor=org.user("executive"), programme=org.programme) == 3
    assert set(StrategyOption.unscoped.values_list("status", "rationale", "decided_at")) == {("candidate", "", None)}
    event = AuditEvent.unscoped.get(verb="programme.strategy_option.reopen")
    assert event.data["before"][str(a.pk)] == {"status": "retained", "rationale": "Réaliste"}
    services.strategy_option_retain(tenant=org.tenant, actor=org.user("owner"), option=b, rationale="Finalement")
    assert StrategyOption.unscoped.get(status="retained").pk == b.pk


def test_another_groups_option_is_refused(org, other_tenant):
    from tests.bns.programme.strategy.support import make_org

    theirs = make_org(other_tenant)
    foreign = option(theirs, "Chez eux")
    with pytest.raises(PermissionDenied):
        services.strategy_option_retain(tenant=org.tenant, actor=org.user("executive"), option=foreign, rationale="x")
    with pytest.raises(PermissionDenied):
        services.strategy_challenge_add(tenant=org.tenant, actor=org.user("executive"), option=foreign, comment="x")
