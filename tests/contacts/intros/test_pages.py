"""The introductions' pages: inbox and outbox, one request (its two sides only), the answers, privacy, query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.intros import services
from contacts.models import IntroRequest, LedgerEntry, Relationship
from contacts.plans.models import AccountPlan
from tests.contacts.intros.conftest import PERSON_EMAIL, PERSON_LAST, PERSON_PHONE, PRIVATE_LAST, login, url
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory, relationship_make

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def test_request_form_then_inbox_and_outbox(client, tenant, org, rels):
    login(client, org["requester"])
    response = client.post(url(tenant, "contacts_intro_request", pk=rels["discoverable"].pk),
                           {"purpose_kind": "need", "purpose": "Flotte de fourgons", "message": "Bonjour"})
    intro = IntroRequest.unscoped.get()
    assert response.status_code == 302 and response["Location"] == url(tenant, "contacts_intro_detail", pk=intro.pk)
    sent = client.get(url(tenant, "contacts_intros"), {"box": "sent"})
    assert sent.status_code == 200 and [r["intro"].pk for r in sent.context["rows"]] == [intro.pk]
    assert PERSON_LAST not in text(sent) and "Breizh Fleet Services" in text(sent)  # existence: the company only
    assert client.get(url(tenant, "contacts_intros")).context["rows"] == []  # nothing received
    # The relationship page shows the requester their request.
    page = client.get(url(tenant, "contacts_relationship", pk=rels["discoverable"].pk))
    assert [i.pk for i in page.context["my_intro_requests"]] == [intro.pk]

    login(client, org["owner"])
    inbox = client.get(url(tenant, "contacts_intros"))
    assert [r["intro"].pk for r in inbox.context["rows"]] == [intro.pk] and inbox.context["counts"]["pending_received"] == 1
    assert PERSON_LAST in text(inbox)  # the owner's own contact
    assert client.get(url(tenant, "contacts_intros"), {"status": "declined"}).context["rows"] == []
    assert client.get(url(tenant, "contacts_intros"), {"box": "garbage", "status": "nope", "page": "x"}).status_code == 200


def test_inbox_puts_pending_first_by_deadline(client, tenant, org, rels, ask):
    first = ask(rels["discoverable"])
    second = ask(rels["shared"])
    third = ask(rels["exclusive"])
    services.intro_request_decline(tenant=tenant, actor=org["owner"].user, intro=first, reason="non")
    IntroRequest.unscoped.filter(pk=third.pk).update(expires_at=second.expires_at.replace(year=second.expires_at.year - 1))
    login(client, org["owner"])
    rows = client.get(url(tenant, "contacts_intros")).context["rows"]
    assert [r["intro"].pk for r in rows] == [third.pk, second.pk, first.pk]
    assert rows[0]["overdue"] is True and rows[1]["overdue"] is False


@pytest.mark.parametrize("who", ["colleague", "manager", "executive", "admin"])
def test_only_the_two_sides_see_a_request(client, tenant, org, rels, ask, who):
    intro = ask(rels["discoverable"])
    login(client, org[who])
    for name in ("contacts_intro_detail",):
        assert client.get(url(tenant, name, pk=intro.pk)).status_code == 404
    for name in ("contacts_intro_accept", "contacts_intro_decline", "contacts_intro_follow_up", "contacts_intro_outcome"):
        assert client.post(url(tenant, name, pk=intro.pk), {"reason": "x", "text": "x", "outcome": "met"}).status_code == 404
    assert intro.pk not in [r["intro"].pk for r in client.get(url(tenant, "contacts_intros")).context["rows"]]
    intro.refresh_from_db()
    assert intro.status == "pending"


def test_other_group_answers_404(client, tenant, other_tenant, org, rels, ask):
    intro = ask(rels["discoverable"])
    outsider = MembershipFactory(tenant=other_tenant, user=UserFactory(email="out@test.example"),
                                 employee=EmployeeFactory(tenant=other_tenant))
    login(client, outsider)
    assert client.get(f"/g/{tenant.slug}/contacts/intros/{intro.pk}/").status_code == 404
    assert client.get(url(other_tenant, "contacts_intro_detail", pk=intro.pk)).status_code == 404
    assert client.post(url(other_tenant, "contacts_intro_accept", pk=intro.pk)).status_code == 404
    # Even the owner, under the other group's slug... is not a member there: 404.
    login(client, org["owner"])
    assert client.get(url(other_tenant, "contacts_intro_detail", pk=intro.pk)).status_code == 404


def test_owner_answers_through_the_page(client, tenant, org, rels, ask):
    intro = ask(rels["discoverable"], message="Un mot")
    login(client, org["owner"])
    page = client.get(url(tenant, "contacts_intro_detail", pk=intro.pk))
    assert page.status_code == 200 and page.context["is_owner"] and "accept_form" in page.context
    assert [e.kind for e in page.context["events"]] == ["requested"]
    # A decline needs a reason: 400 with the form.
    response = client.post(url(tenant, "contacts_intro_decline", pk=intro.pk), {"reason": ""})
    assert response.status_code == 400 and response.context["decline_form"].errors
    response = client.post(url(tenant, "contacts_intro_accept", pk=intro.pk), {"message": "Je te le présente"})
    assert response.status_code == 302
    # Answering twice: 400 with a clear message, nothing changed.
    response = client.post(url(tenant, "contacts_intro_decline", pk=intro.pk), {"reason": "finalement non"})
    assert response.status_code == 400
    assert "only a pending request can be declined" in str(response.context["decline_form"].non_field_errors())
    intro.refresh_from_db()
    assert intro.status == "accepted"
    # The requester may not answer; the owner may not record the outcome.
    login(client, org["requester"])
    assert client.post(url(tenant, "contacts_intro_decline", pk=intro.pk), {"reason": "x"}).status_code == 403
    login(client, org["owner"])
    assert client.post(url(tenant, "contacts_intro_outcome", pk=intro.pk), {"outcome": "deal"}).status_code == 403
    assert client.get(url(tenant, "contacts_intro_accept", pk=intro.pk)).status_code == 405


def test_requester_follows_up_and_records_the_outcome_the_owner_sees_it(client, tenant, org, rels, ask):
    intro = ask(rels["discoverable"])
    login(client, org["requester"])
    assert client.post(url(tenant, "contacts_intro_follow_up", pk=intro.pk), {"text": "trop tôt"}).status_code == 400
    services.intro_request_accept(tenant=tenant, actor=org["owner"].user, intro=intro, message="Appelle-la jeudi")
    page = client.get(url(tenant, "contacts_intro_detail", pk=intro.pk))
    assert "follow_up_form" in page.context and "outcome_form" in page.context and "Appelle-la jeudi" in text(page)
    assert client.post(url(tenant, "contacts_intro_follow_up", pk=intro.pk), {"text": "RDV pris"}).status_code == 302
    assert client.post(url(tenant, "contacts_intro_outcome", pk=intro.pk), {"outcome": "bogus"}).status_code == 400
    assert client.post(url(tenant, "contacts_intro_outcome", pk=intro.pk), {"outcome": "deal", "note": "3 VU"}).status_code == 302
    login(client, org["owner"])
    page = client.get(url(tenant, "contacts_intro_detail", pk=intro.pk))
    assert "RDV pris" in text(page) and "3 VU" in text(page)
    assert [e.kind for e in page.context["events"]] == ["requested", "accepted", "follow_up", "outcome"]


def _requester_views(client, tenant, intro) -> str:
    detail = client.get(url(tenant, "contacts_intro_detail", pk=intro.pk))
    sent = client.get(url(tenant, "contacts_intros"), {"box": "sent"})
    assert detail.status_code == sent.status_code == 200
    return text(detail) + text(sent)


def test_a_declined_request_reveals_nothing_new(client, tenant, org, rels, ask):
    intro = ask(rels["discoverable"], purpose="Flotte de fourgons")
    login(client, org["requester"])
    before = _requester_views(client, tenant, intro)
    services.intro_request_decline(tenant=tenant, actor=org["owner"].user, intro=intro, reason="Pas maintenant")
    after = _requester_views(client, tenant, intro)
    assert "Pas maintenant" in after
    for secret in (PERSON_LAST, "Dora", PERSON_EMAIL, "06 12 34 56 78", "+33612345678", "NOTE-SECRET-1"):
        assert secret not in before and secret not in after, secret
    # The same for an expired one.
    second = ask(rels["discoverable"], purpose="Encore")
    IntroRequest.unscoped.filter(pk=second.pk).update(expires_at=second.created_at)
    services.intro_requests_expire(tenant=tenant)
    after = _requester_views(client, tenant, second)
    assert PERSON_LAST not in after and PERSON_EMAIL not in after


def test_an_accepted_request_names_the_person_but_not_how_to_reach_them(client, tenant, org, rels, ask):
    intro = ask(rels["discoverable"])
    services.intro_request_accept(tenant=tenant, actor=org["owner"].user, intro=intro)
    login(client, org["requester"])
    seen = _requester_views(client, tenant, intro)
    assert PERSON_LAST in seen
    assert PERSON_EMAIL not in seen and "+33612345678" not in seen and PERSON_PHONE not in seen and "NOTE-SECRET-1" not in seen


def test_a_relationship_turned_private_disappears_from_the_requesters_view(client, tenant, org, rels, ask):
    intro = ask(rels["discoverable"])
    services.intro_request_accept(tenant=tenant, actor=org["owner"].user, intro=intro)
    Relationship.unscoped.filter(pk=rels["discoverable"].pk).update(visibility="private")
    login(client, org["requester"])
    seen = _requester_views(client, tenant, intro)
    assert PERSON_LAST not in seen and "Breizh Fleet Services" not in seen
    assert url(tenant, "contacts_relationship", pk=rels["discoverable"].pk) not in seen


def test_private_relationship_cannot_be_asked_about(client, tenant, org, rels):
    login(client, org["requester"])
    assert client.post(url(tenant, "contacts_intro_request", pk=rels["private"].pk), {"purpose": "x"}).status_code == 404
    assert client.get(url(tenant, "contacts_intro_request", pk=rels["private"].pk)).status_code == 404
    assert not IntroRequest.unscoped.exists()
    assert PRIVATE_LAST not in text(client.get(url(tenant, "contacts_intros"), {"box": "sent"}))


def test_form_prefilled_from_an_account_plan(client, tenant, other_tenant, org, rels):
    account = rels["discoverable"].person.account
    plan = AccountPlan.unscoped.create(tenant=tenant, account=account, owner=org["manager"].employee)
    login(client, org["requester"])
    target = url(tenant, "contacts_intro_request", pk=rels["discoverable"].pk)
    response = client.get(target, {"purpose_kind": "account_plan", "account_plan": plan.pk})
    assert response.status_code == 302 and "account_plan=" in response["Location"]
    page = client.get(response["Location"])
    form = page.context["intro_form"]
    assert form.initial["account_plan"] == plan.pk and form.initial["purpose_kind"] == "account_plan"
    assert account.name in form.initial["purpose"]
    # Another group's plan (or garbage) prefills nothing.
    foreign = AccountPlan.unscoped.create(
        tenant=other_tenant, account=type(account).unscoped.create(tenant=other_tenant, name="X", name_key="x"),
        owner=EmployeeFactory(tenant=other_tenant),
    )
    page = client.get(url(tenant, "contacts_relationship", pk=rels["discoverable"].pk), {"account_plan": foreign.pk})
    assert "account_plan" not in page.context["intro_form"].initial
    assert client.get(target, {"account_plan": "x" * 500, "purpose_kind": "<b>"}).status_code == 302
    # Posting another group's plan: 400 on the field.
    response = client.post(target, {"purpose_kind": "account_plan", "purpose": "p", "account_plan": foreign.pk})
    assert response.status_code == 400 and "account_plan" in response.context["intro_form"].errors
    response = client.post(target, {"purpose_kind": "account_plan", "purpose": "Plan de compte", "account_plan": plan.pk})
    assert response.status_code == 302
    assert IntroRequest.unscoped.get().account_plan == plan


def test_exclusive_person_routes_the_solicitation_to_an_introduction(client, tenant, org, rels):
    person = rels["exclusive"].person
    login(client, org["colleague"])
    page = client.get(url(tenant, "contacts_solicitation_new", person_id=person.pk))
    assert page.status_code == 200 and page.context["exclusive"].pk == rels["exclusive"].pk
    assert url(tenant, "contacts_intro_request", pk=rels["exclusive"].pk) in text(page)
    response = client.post(url(tenant, "contacts_solicitation_new", person_id=person.pk), {"channel": "call", "commercial": "on"})
    assert response.status_code == 400
    # ...and the introduction works as on any other relationship.
    response = client.post(url(tenant, "contacts_intro_request", pk=rels["exclusive"].pk), {"purpose": "Passer par toi"})
    assert response.status_code == 302
    assert LedgerEntry.unscoped.filter(verb=LedgerEntry.Verb.INTRO_REQUEST, relationship=rels["exclusive"]).count() == 1


def _grow(tenant, org, n: int, start: int) -> None:
    """n more requests each way between the owner and the requester."""
    for i in range(start, start + n):
        mine = relationship_make(tenant=tenant, owner=org["owner"].employee, actor=org["owner"].user, first_name=f"P{i}",
                                 last_name=f"Grow{i}", email=f"p{i}@grow.example", company=f"Société {i}", visibility="discoverable")
        theirs = relationship_make(tenant=tenant, owner=org["requester"].employee, actor=org["requester"].user,
                                   first_name=f"Q{i}", last_name=f"Grow{i}", email=f"q{i}@grow.example", company=f"Firme {i}",
                                   visibility="shared", scope="group")
        a = services.intro_request_create(tenant=tenant, actor=org["requester"].user, relationship=mine, purpose=f"p{i}")
        b = services.intro_request_create(tenant=tenant, actor=org["owner"].user, relationship=theirs, purpose=f"q{i}")
        if i % 2:
            services.intro_request_accept(tenant=tenant, actor=org["owner"].user, intro=a, message="ok")
            services.intro_request_decline(tenant=tenant, actor=org["requester"].user, intro=b, reason="non")


def _counts(client, tenant, org, rels) -> dict[str, int]:
    pages = [
        ("owner", url(tenant, "contacts_intros")),
        ("owner", url(tenant, "contacts_intros") + "?box=sent"),
        ("requester", url(tenant, "contacts_intros") + "?box=sent"),
        ("requester", url(tenant, "contacts_intros") + "?status=pending"),
        ("owner", url(tenant, "contacts_intro_detail", pk=IntroRequest.unscoped.order_by("pk").first().pk)),
    ]
    counts = {}
    for who, address in pages:
        login(client, org[who])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(address).status_code == 200, address
        counts[f"{who} {address}"] = len(ctx)
    return counts


def test_query_counts_do_not_grow(client, tenant, org, rels, django_assert_max_num_queries):
    _grow(tenant, org, 2, 0)
    small = _counts(client, tenant, org, rels)
    _grow(tenant, org, 10, 2)
    large = _counts(client, tenant, org, rels)
    assert small == large, (small, large)
    assert max(large.values()) <= 15, large
    login(client, org["owner"])
    with django_assert_max_num_queries(15):
        client.get(url(tenant, "contacts_intros"))
