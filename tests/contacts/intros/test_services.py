"""The introductions' status machine: who may move it, illegal moves, ledger, history, notifications once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from bns.models import Notification
from contacts.intros import services
from contacts.intros.tasks import intro_request_notify, intro_requests_sweep
from contacts.models import IntroEvent, IntroRequest, LedgerEntry, Relationship
from contacts.plans.models import AccountPlan
from tests.contacts.intros.conftest import PERSON_EMAIL, PERSON_LAST, PERSON_PHONE
from tests.factories import EmployeeFactory, TenantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are matched in English (the catalogue's French comes from the lead's makemessages)."""
    with translation.override("en"):
        yield


def _notes(user, **filters):
    return list(Notification.unscoped.filter(recipient=user, **filters).order_by("pk"))


def _kinds(intro):
    return list(IntroEvent.unscoped.filter(intro_request=intro).order_by("pk").values_list("kind", flat=True))


def test_request_sets_deadline_history_ledger_and_notifies_the_owner_once(tenant, org, rels, ask,
                                                                         django_capture_on_commit_callbacks):
    tenant.intro_sla_days = 3
    tenant.save()
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        intro = ask(rels["discoverable"], message="Bonjour")
    assert intro.status == "pending" and intro.owner == org["owner"].employee and intro.requester == org["requester"].employee
    assert before + timedelta(days=3) <= intro.expires_at <= timezone.now() + timedelta(days=3)
    assert _kinds(intro) == ["requested"]
    assert LedgerEntry.unscoped.filter(verb=LedgerEntry.Verb.INTRO_REQUEST, relationship=rels["discoverable"]).count() == 1
    notes = _notes(org["owner"].user)
    assert [n.key for n in notes] == [f"intro:{intro.pk}:requested"]
    assert notes[0].url == f"/g/{tenant.slug}/contacts/intros/{intro.pk}/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [org["owner"].user.email]
    intro.refresh_from_db()
    assert intro.owner_notified_at is not None
    # The legacy task (or a redelivery) notifies nobody twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert intro_request_notify(intro.pk, tenant.pk) == "already-sent"
    assert len(_notes(org["owner"].user)) == 1 and len(mail.outbox) == 1


def test_request_refusals(tenant, org, rels, ask, other_tenant):
    with pytest.raises(PermissionDenied):
        ask(rels["private"])  # private = missing
    with pytest.raises(ValidationError, match="own relationship"):
        ask(rels["discoverable"], who="owner")
    with pytest.raises(ValidationError, match="employee record"):
        ask(rels["discoverable"], who="admin")
    with pytest.raises(ValidationError) as exc:
        ask(rels["discoverable"], purpose="  ")
    assert "purpose" in exc.value.message_dict
    ask(rels["discoverable"])
    with pytest.raises(ValidationError, match="already asked"):
        ask(rels["discoverable"])
    Relationship.unscoped.filter(pk=rels["shared"].pk).update(status="ended")
    rels["shared"].refresh_from_db()
    with pytest.raises(ValidationError, match="ended"):
        ask(rels["shared"])
    # Purpose links must belong to the group and match the purpose.
    account = rels["discoverable"].person.account
    plan = AccountPlan.unscoped.create(tenant=tenant, account=account, owner=org["owner"].employee)
    with pytest.raises(ValidationError) as exc:
        ask(rels["exclusive"], account_plan=plan)  # purpose_kind "need"
    assert "purpose_kind" in exc.value.message_dict
    foreign_account = type(account).unscoped.create(tenant=other_tenant, name="Ailleurs", name_key="ailleurs")
    foreign_plan = AccountPlan.unscoped.create(tenant=other_tenant, account=foreign_account,
                                               owner=EmployeeFactory(tenant=other_tenant))
    with pytest.raises(ValidationError) as exc:
        ask(rels["exclusive"], purpose_kind="account_plan", account_plan=foreign_plan)
    assert "account_plan" in exc.value.message_dict
    with pytest.raises(ValidationError):
        ask(rels["exclusive"], purpose_kind="bogus")
    assert IntroRequest.unscoped.count() == 1
    # An exclusive relationship is asked about like any other; with an account plan.
    intro = ask(rels["exclusive"], purpose_kind="account_plan", account_plan=plan)
    assert intro.account_plan == plan and intro.purpose_kind == "account_plan"


def test_relationship_of_another_group_is_refused(tenant, org, rels, ask):
    stranger = TenantFactory(slug="elsewhere")
    with pytest.raises(PermissionDenied):
        services.intro_request_create(tenant=stranger, actor=org["requester"].user, relationship=rels["discoverable"],
                                      purpose="x")


def test_accept_then_follow_up_and_outcome_feed_back_to_the_owner(tenant, org, rels, ask):
    intro = ask(rels["discoverable"])
    owner, requester = org["owner"], org["requester"]
    services.intro_request_accept(tenant=tenant, actor=owner.user, intro=intro, message="Je l'appelle demain")
    intro.refresh_from_db()
    assert intro.status == "accepted" and intro.answered_at is not None
    assert [n.key for n in _notes(requester.user)] == [f"intro:{intro.pk}:accepted"]
    assert LedgerEntry.unscoped.filter(verb=LedgerEntry.Verb.INTRO_ANSWER, data__answer="accepted").count() == 1

    event = services.intro_request_follow_up(tenant=tenant, actor=requester.user, intro=intro, text="RDV jeudi")
    services.intro_request_follow_up(tenant=tenant, actor=requester.user, intro=intro, text="Essais lundi")
    assert event.kind == "follow_up"
    services.intro_request_record_outcome(tenant=tenant, actor=requester.user, intro=intro, outcome="met")
    services.intro_request_record_outcome(tenant=tenant, actor=requester.user, intro=intro, outcome="deal", note="6 VN")
    intro.refresh_from_db()
    assert intro.outcome == "deal" and intro.outcome_note == "6 VN" and intro.outcome_at is not None
    assert _kinds(intro) == ["requested", "accepted", "follow_up", "follow_up", "outcome", "outcome"]
    assert LedgerEntry.unscoped.filter(verb=LedgerEntry.Verb.INTRO_OUTCOME).count() == 2
    owner_keys = [n.key for n in _notes(owner.user)]
    assert owner_keys[0] == f"intro:{intro.pk}:requested"
    assert sum(k.startswith(f"intro:{intro.pk}:follow_up:") for k in owner_keys) == 2
    assert f"intro:{intro.pk}:outcome:met" in owner_keys and f"intro:{intro.pk}:outcome:deal" in owner_keys
    with pytest.raises(ValidationError, match="already recorded"):
        services.intro_request_record_outcome(tenant=tenant, actor=requester.user, intro=intro, outcome="deal")
    with pytest.raises(ValidationError):
        services.intro_request_record_outcome(tenant=tenant, actor=requester.user, intro=intro, outcome="bogus")
    with pytest.raises(ValidationError) as exc:
        services.intro_request_follow_up(tenant=tenant, actor=requester.user, intro=intro, text=" ")
    assert "text" in exc.value.message_dict


@pytest.mark.parametrize("who", ["requester", "colleague", "manager", "executive", "admin"])
def test_only_the_owner_answers(tenant, org, rels, ask, who):
    intro = ask(rels["discoverable"])
    with pytest.raises(PermissionDenied):
        services.intro_request_accept(tenant=tenant, actor=org[who].user, intro=intro)
    with pytest.raises(PermissionDenied):
        services.intro_request_decline(tenant=tenant, actor=org[who].user, intro=intro, reason="non")
    intro.refresh_from_db()
    assert intro.status == "pending" and _kinds(intro) == ["requested"]


@pytest.mark.parametrize("who", ["owner", "colleague", "manager", "admin"])
def test_only_the_requester_follows_up_and_records_the_outcome(tenant, org, rels, ask, who):
    intro = ask(rels["discoverable"])
    services.intro_request_accept(tenant=tenant, actor=org["owner"].user, intro=intro)
    with pytest.raises(PermissionDenied):
        services.intro_request_follow_up(tenant=tenant, actor=org[who].user, intro=intro, text="x")
    with pytest.raises(PermissionDenied):
        services.intro_request_record_outcome(tenant=tenant, actor=org[who].user, intro=intro, outcome="met")
    assert _kinds(intro) == ["requested", "accepted"]


def test_illegal_transitions_name_the_status(tenant, org, rels, ask):
    owner, requester = org["owner"].user, org["requester"].user
    intro = ask(rels["discoverable"])
    with pytest.raises(ValidationError, match="pending.*once the owner accepted"):
        services.intro_request_follow_up(tenant=tenant, actor=requester, intro=intro, text="x")
    with pytest.raises(ValidationError, match="pending.*once the owner accepted"):
        services.intro_request_record_outcome(tenant=tenant, actor=requester, intro=intro, outcome="met")
    with pytest.raises(ValidationError) as exc:
        services.intro_request_decline(tenant=tenant, actor=owner, intro=intro, reason="")
    assert "reason" in exc.value.message_dict
    services.intro_request_decline(tenant=tenant, actor=owner, intro=intro, reason="Pas le moment")
    with pytest.raises(ValidationError, match="declined: only a pending request can be accepted"):
        services.intro_request_accept(tenant=tenant, actor=owner, intro=intro)
    with pytest.raises(ValidationError, match="declined: only a pending request can be declined"):
        services.intro_request_decline(tenant=tenant, actor=owner, intro=intro, reason="encore")
    with pytest.raises(ValidationError, match="declined"):
        services.intro_request_follow_up(tenant=tenant, actor=requester, intro=intro, text="x")
    second = ask(rels["shared"])
    services.intro_request_accept(tenant=tenant, actor=owner, intro=second)
    with pytest.raises(ValidationError, match="accepted: only a pending request can be accepted"):
        services.intro_request_accept(tenant=tenant, actor=owner, intro=second)
    with pytest.raises(ValidationError, match="accepted"):
        services.intro_request_decline(tenant=tenant, actor=owner, intro=second, reason="finalement non")
    # The answer was sent once, whatever was retried.
    assert [n.key for n in _notes(org["requester"].user)] == [f"intro:{intro.pk}:declined", f"intro:{second.pk}:accepted"]
    # After an answer the requester may ask again.
    assert ask(rels["discoverable"], purpose="Autre besoin").status == "pending"


def test_decline_tells_the_reason_and_nothing_about_the_person(tenant, org, rels, ask):
    intro = ask(rels["discoverable"], purpose="Flotte VN")
    services.intro_request_decline(tenant=tenant, actor=org["owner"].user, intro=intro, reason="Il vient de signer ailleurs")
    (note,) = _notes(org["requester"].user)
    text = f"{note.title} {note.body}"
    assert "Il vient de signer ailleurs" in text and "Flotte VN" in text
    for secret in (PERSON_LAST, "Dora", PERSON_EMAIL, PERSON_PHONE, "Breizh Fleet"):
        assert secret not in text
    assert LedgerEntry.unscoped.filter(verb=LedgerEntry.Verb.INTRO_ANSWER, data__answer="declined").count() == 1


def _age(intro, *, days_ago: float, sla_days: float = 7):
    created = timezone.now() - timedelta(days=days_ago)
    IntroRequest.unscoped.filter(pk=intro.pk).update(created_at=created, expires_at=created + timedelta(days=sla_days))


def test_reminder_at_half_the_sla_then_expiry_are_idempotent(tenant, org, rels, ask):
    fresh = ask(rels["discoverable"])
    half = ask(rels["shared"])
    overdue = ask(rels["exclusive"])
    answered = ask(rels["discoverable"], who="colleague")
    _age(fresh, days_ago=3)  # 3 of 7 days: not yet
    _age(half, days_ago=4)  # past half
    _age(overdue, days_ago=8)  # past the deadline
    _age(answered, days_ago=8)
    services.intro_request_accept(tenant=tenant, actor=org["owner"].user, intro=answered)

    assert services.intro_requests_remind(tenant=tenant) == 1
    assert services.intro_requests_remind(tenant=tenant) == 0
    assert services.intro_requests_expire(tenant=tenant) == 1
    assert services.intro_requests_expire(tenant=tenant) == 0
    for intro in (fresh, half, overdue, answered):
        intro.refresh_from_db()
    assert (fresh.status, half.status, overdue.status, answered.status) == ("pending", "pending", "expired", "accepted")
    assert half.reminded_at is not None and fresh.reminded_at is None
    assert _kinds(half) == ["requested", "reminded"] and _kinds(overdue) == ["requested", "expired"]
    assert LedgerEntry.unscoped.filter(verb=LedgerEntry.Verb.INTRO_ANSWER, data__answer="expired").count() == 1
    owner_keys = [n.key for n in _notes(org["owner"].user)]
    assert owner_keys.count(f"intro:{half.pk}:reminder") == 1 and not any(k.endswith(":reminder") and str(fresh.pk) in k
                                                                          for k in owner_keys)
    assert [n.key for n in _notes(org["requester"].user, verb="intro_expired")] == [f"intro:{overdue.pk}:expired"]
    # An expired request cannot be answered any more.
    with pytest.raises(ValidationError, match="expired"):
        services.intro_request_accept(tenant=tenant, actor=org["owner"].user, intro=overdue)
    # Later, the fresh one is reminded, once, by the hourly task (run twice).
    later = timezone.now() + timedelta(days=1)
    assert services.intro_requests_remind(tenant=tenant, now=later) == 1
    assert services.intro_requests_remind(tenant=tenant, now=later) == 0
    assert services.intro_requests_expire(tenant=tenant, now=later + timedelta(days=10)) == 2
    assert intro_requests_sweep() == {"reminded": 0, "expired": 0}
    assert Notification.unscoped.filter(key__endswith=":reminder").count() == 2


def test_sweep_task_runs_every_group(tenant, org, rels, ask):
    intro = ask(rels["discoverable"])
    _age(intro, days_ago=10)
    assert intro_requests_sweep() == {"reminded": 0, "expired": 1}
    assert intro_requests_sweep() == {"reminded": 0, "expired": 0}
    intro.refresh_from_db()
    assert intro.status == "expired"


def test_reminder_due_at_is_half_the_sla(tenant, org, rels, ask):
    intro = ask(rels["discoverable"])
    assert services.reminder_due_at(intro) == intro.created_at + (intro.expires_at - intro.created_at) / 2


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_concurrent_answers_only_one_wins(tenant, org, rels, ask):
    """Two answers at once (accept in one request, decline in another): the row lock lets exactly one through."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    intro = ask(rels["discoverable"])
    barrier, results = threading.Barrier(2), []

    def answer(kind):
        from django.db import connections

        try:
            barrier.wait()
            with translation.override("en"):
                if kind == "accept":
                    services.intro_request_accept(tenant=tenant, actor=org["owner"].user, intro=intro)
                else:
                    services.intro_request_decline(tenant=tenant, actor=org["owner"].user, intro=intro, reason="non")
            results.append(("ok", kind))
        except ValidationError as exc:
            results.append(("refused", str(exc)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=answer, args=(k,)) for k in ("accept", "decline")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r[0] for r in results) == ["ok", "refused"], results
    intro.refresh_from_db()
    assert intro.status in ("accepted", "declined")
    assert IntroEvent.unscoped.filter(intro_request=intro, kind__in=["accepted", "declined"]).count() == 1
    assert LedgerEntry.unscoped.filter(verb=LedgerEntry.Verb.INTRO_ANSWER).count() == 1
    assert len(_notes(org["requester"].user)) == 1
