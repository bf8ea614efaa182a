"""Merging suspected duplicates: the service moves everything, never widens a rep's sharing, keeps objections, is in
the ledger; the GDPR officer's pages and API (permission, isolation, clean 400s, bounded queries)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bns.models import AuditEvent, Role
from contacts import merge
from contacts.gdpr import person_object
from contacts.models import (
    AccountPlan,
    Affiliation,
    IntroRequest,
    LedgerEntry,
    MergeSuggestion,
    Person,
    PersonAffiliation,
    PersonEmail,
    PersonPhone,
    PlanAction,
    Referral,
    Relationship,
    Solicitation,
    Stakeholder,
)
from contacts.services import retention_deadline
from tests.contacts.api_helpers import api, u
from tests.factories import EmployeeFactory, MembershipFactory, SiteFactory, UserFactory, relationship_make

pytestmark = pytest.mark.django_db

NOTE_A, NOTE_B, NOTE_C = "NOTE-A-5521", "NOTE-B-8813", "NOTE-C-3307"


@pytest.fixture
def org(tenant):
    site = SiteFactory(tenant=tenant)
    rep = EmployeeFactory(tenant=tenant, site=site, first_name="Renan", last_name="Repzero")
    colleague = EmployeeFactory(tenant=tenant, site=site, first_name="Coline", last_name="Collegue")

    def member(employee, role):
        return MembershipFactory(tenant=tenant, user=UserFactory(), role=role, employee=employee)

    return {"rep": member(rep, Role.EMPLOYEE), "colleague": member(colleague, Role.EMPLOYEE), "admin": member(None, Role.ADMIN)}


@pytest.fixture
def pair(tenant, org):
    """Yann Kervella twice: A (Transports Kervella) and B (another company), with a suggestion (A, B)."""
    rep, colleague = org["rep"], org["colleague"]
    rel_a = relationship_make(
        tenant=tenant, owner=rep.employee, actor=rep.user, company="Transports Kervella", email="yann@kervella.example",
        phone="06 12 34 56 78", visibility="shared", scope="group", strength=2, private_notes=NOTE_A, tags="flotte",
        context="Salon VN", open_to_offer=True,
    )
    rel_b = relationship_make(
        tenant=tenant, owner=rep.employee, actor=rep.user, company="Kervella Logistique", email="yann.k@perso.example",
        phone="06 12 34 56 78", visibility="discoverable", scope="site", strength=4, private_notes=NOTE_B, tags="vip, flotte",
        context="Club de voile", position="Directeur général", linkedin_url="https://www.linkedin.com/in/yann-kervella",
        exclusive=True,
    )
    colleague_b = relationship_make(
        tenant=tenant, owner=colleague.employee, actor=colleague.user, company="Kervella Logistique", email="yann.k@perso.example",
        visibility="private", private_notes=NOTE_C,
    )
    a, b = rel_a.person, rel_b.person
    assert a.pk != b.pk and colleague_b.person_id == b.pk
    PersonPhone.unscoped.create(tenant=tenant, person=b, number="+33712345678")
    suggestion = MergeSuggestion.unscoped.create(tenant=tenant, person_a=a, person_b=b, reason="Same name (Yann Kervella)")
    return {"a": a, "b": b, "rel_a": rel_a, "rel_b": rel_b, "colleague_b": colleague_b, "suggestion": suggestion}


def _other_person(tenant, owner, first_name, last_name, company):
    return relationship_make(tenant=tenant, owner=owner, first_name=first_name, last_name=last_name, company=company).person


# --- The service ----------------------------------------------------------------------------------------


def test_merge_moves_every_kind_of_row(tenant, org, pair):
    a, b, rep, colleague, admin = pair["a"], pair["b"], org["rep"], org["colleague"], org["admin"]
    now = timezone.now()
    solicitation = Solicitation.unscoped.create(tenant=tenant, person=b, employee=colleague.employee, channel="call", occurred_at=now)
    intro_dropped = IntroRequest.unscoped.create(
        tenant=tenant, relationship=pair["rel_b"], requester=colleague.employee, owner=rep.employee, purpose="fleet"
    )
    intro_moved = IntroRequest.unscoped.create(
        tenant=tenant, relationship=pair["colleague_b"], requester=rep.employee, owner=colleague.employee, purpose="club"
    )
    plan = AccountPlan.unscoped.create(tenant=tenant, account=a.account)
    stake_a = Stakeholder.unscoped.create(tenant=tenant, plan=plan, person=a)
    stake_b = Stakeholder.unscoped.create(tenant=tenant, plan=plan, person=b, title="DG", stance=Stakeholder.Stance.ALLY)
    action = PlanAction.unscoped.create(tenant=tenant, plan=plan, title="Déjeuner", stakeholder=stake_b)
    school = Affiliation.unscoped.create(tenant=tenant, name="ESC Rennes", name_key="esc rennes", kind="school")
    PersonAffiliation.unscoped.create(tenant=tenant, person=b, affiliation=school, detail="promo 2008")
    referral = Referral.unscoped.create(tenant=tenant, referrer=colleague.employee, person=b, need="2 VUL", submitted_at=now)
    other = _other_person(tenant, colleague.employee, "Anne", "Le Gall", "Mairie de Vannes")
    moved_suggestion = MergeSuggestion.unscoped.create(tenant=tenant, person_a=b, person_b=other, reason="x")
    repeated = _other_person(tenant, colleague.employee, "Loïc", "Le Goff", "Garage du Port")
    MergeSuggestion.unscoped.create(tenant=tenant, person_a=a, person_b=repeated, reason="kept")
    repeat = MergeSuggestion.unscoped.create(tenant=tenant, person_a=repeated, person_b=b, reason="repeat")
    reverse_pair = MergeSuggestion.unscoped.create(tenant=tenant, person_a=b, person_b=a, reason="reverse", status="dismissed")
    ledger_about_b = list(LedgerEntry.unscoped.filter(tenant=tenant, person=b).values_list("pk", flat=True))
    ledger_about_rel_b = list(LedgerEntry.unscoped.filter(tenant=tenant, relationship=pair["rel_b"]).values_list("pk", flat=True))
    assert ledger_about_b and ledger_about_rel_b

    survivor = merge.person_merge(tenant=tenant, actor=admin.user, survivor=a, merged=b, suggestion=pair["suggestion"])

    assert survivor.pk == a.pk and not Person.unscoped.filter(pk=b.pk).exists()
    assert set(PersonEmail.unscoped.filter(person=a).values_list("email", flat=True)) == {"yann@kervella.example", "yann.k@perso.example"}
    assert sorted(PersonPhone.unscoped.filter(person=a).values_list("number", flat=True)) == ["+33612345678", "+33712345678"]
    assert Solicitation.unscoped.get(pk=solicitation.pk).person_id == a.pk
    assert Referral.unscoped.get(pk=referral.pk).person_id == a.pk
    assert PersonAffiliation.unscoped.get(tenant=tenant, affiliation=school).person_id == a.pk
    # The plan had both records: one stakeholder row, blanks filled, its actions kept.
    [stake] = Stakeholder.unscoped.filter(plan=plan)
    assert stake.pk == stake_a.pk and stake.title == "DG" and stake.stance == Stakeholder.Stance.ALLY
    assert PlanAction.unscoped.get(pk=action.pk).stakeholder_id == stake_a.pk
    # Relationships: the colleague's moved as it was; the rep's two became the survivor's one.
    colleague_rel = Relationship.unscoped.get(pk=pair["colleague_b"].pk)
    assert colleague_rel.person_id == a.pk and colleague_rel.visibility == "private" and colleague_rel.private_notes == NOTE_C
    assert not Relationship.unscoped.filter(pk=pair["rel_b"].pk).exists()
    assert Relationship.unscoped.filter(person=a).count() == 2
    # Intro requests follow their relationship (or the relationship kept).
    assert IntroRequest.unscoped.get(pk=intro_dropped.pk).relationship_id == pair["rel_a"].pk
    assert IntroRequest.unscoped.get(pk=intro_moved.pk).relationship_id == pair["colleague_b"].pk
    # The ledger rows about B are about A now; those of the dropped relationship point at the one kept.
    assert set(LedgerEntry.unscoped.filter(pk__in=ledger_about_b).values_list("person_id", flat=True)) == {a.pk}
    assert set(LedgerEntry.unscoped.filter(pk__in=ledger_about_rel_b).values_list("relationship_id", flat=True)) == {pair["rel_a"].pk}
    # Other suggestions: moved, or gone when they would repeat a pair or pair A with itself.
    moved_suggestion.refresh_from_db()
    assert (moved_suggestion.person_a_id, moved_suggestion.person_b_id) == (a.pk, other.pk)
    assert not MergeSuggestion.unscoped.filter(pk__in=[repeat.pk, reverse_pair.pk]).exists()
    assert MergeSuggestion.unscoped.filter(tenant=tenant, person_a=a, person_b=repeated).count() == 1
    # Blanks filled, nothing known overwritten.
    a.refresh_from_db()
    assert a.company_name == "Transports Kervella" and a.position == "Directeur général"
    assert a.linkedin_url == "https://www.linkedin.com/in/yann-kervella"
    # The suggestion records the decision; one MERGE row in the ledger, without anyone's notes.
    suggestion = MergeSuggestion.unscoped.get(pk=pair["suggestion"].pk)
    assert suggestion.status == "merged" and suggestion.decided_by == admin.user and suggestion.decided_at is not None
    assert (suggestion.person_a_id, suggestion.person_b_id) == (a.pk, a.pk)
    [entry] = LedgerEntry.unscoped.filter(tenant=tenant, verb=LedgerEntry.Verb.MERGE)
    assert entry.person_id == a.pk and entry.actor == admin.user
    assert entry.data["survivor_id"] == a.pk and entry.data["merged_id"] == b.pk and entry.data["merged_name"] == "Yann Kervella"
    assert entry.data["suggestion_id"] == suggestion.pk
    assert entry.data["moved"]["emails"] == 1 and entry.data["moved"]["phones"] == 1
    assert entry.data["moved"]["relationships"] == 1 and entry.data["moved"]["relationships_combined"] == 1
    for note in (NOTE_A, NOTE_B, NOTE_C):
        assert note not in json.dumps(entry.data)


def test_same_owner_relationships_become_one_never_wider(tenant, org, pair):
    intro = IntroRequest.unscoped.create(
        tenant=tenant, relationship=pair["rel_b"], requester=org["colleague"].employee, owner=org["rep"].employee, purpose="p"
    )
    merge.person_merge(tenant=tenant, actor=org["admin"].user, survivor=pair["a"], merged=pair["b"], suggestion=pair["suggestion"])
    [rel] = Relationship.unscoped.filter(person=pair["a"], owner=org["rep"].employee)
    assert rel.pk == pair["rel_a"].pk
    assert rel.strength == 4  # the higher
    assert rel.visibility == "discoverable" and rel.scope == "site"  # the narrower of shared/group and discoverable/site
    assert NOTE_A in rel.private_notes and NOTE_B in rel.private_notes
    assert rel.tags == "flotte, vip" and rel.context == "Salon VN · Club de voile"
    assert rel.exclusive is True and rel.open_to_offer is False
    assert IntroRequest.unscoped.get(pk=intro.pk).relationship_id == rel.pk


def test_private_wins_over_shared_for_the_same_owner(tenant, org, pair):
    """The colleague knew B privately; A is theirs too, shared: once merged, the person stays private to them."""
    colleague = org["colleague"]
    shared_a = relationship_make(tenant=tenant, owner=colleague.employee, actor=colleague.user, company="Transports Kervella",
                                 email="yann@kervella.example", visibility="shared", scope="group")
    assert shared_a.person_id == pair["a"].pk
    merge.person_merge(tenant=tenant, actor=org["admin"].user, survivor=pair["a"], merged=pair["b"])
    [rel] = Relationship.unscoped.filter(person=pair["a"], owner=colleague.employee)
    assert rel.visibility == "private" and rel.private_notes == NOTE_C


def test_objection_survives_the_merge_whichever_is_kept(tenant, org, pair):
    person_object(tenant=tenant, actor=org["admin"].user, person=pair["b"])
    objected_at = Person.unscoped.get(pk=pair["b"].pk).objected_at
    survivor = merge.person_merge(tenant=tenant, actor=org["admin"].user, survivor=pair["a"], merged=pair["b"])
    assert Person.unscoped.get(pk=survivor.pk).objected_at == objected_at
    # The OBJECTION ledger row follows the person.
    assert LedgerEntry.unscoped.filter(verb="objection", person=pair["a"]).exists()


def test_dates_and_retention(tenant, org, pair):
    a, b = pair["a"], pair["b"]
    now = timezone.now()
    Person.unscoped.filter(pk=b.pk).update(collected_at=now - timedelta(days=700), last_inbound_at=now - timedelta(days=100))
    Person.unscoped.filter(pk=a.pk).update(collected_at=now - timedelta(days=10), last_inbound_at=now - timedelta(days=300))
    merge.person_merge(tenant=tenant, actor=org["admin"].user, survivor=a, merged=b)
    a.refresh_from_db()
    assert a.collected_at == now - timedelta(days=700) and a.last_inbound_at == now - timedelta(days=100)
    assert a.retention_until == retention_deadline(tenant=tenant, since=now - timedelta(days=100))


def test_refusals(tenant, other_tenant, org, pair):
    actor = org["admin"].user
    a, b = pair["a"], pair["b"]
    with pytest.raises(ValidationError):
        merge.person_merge(tenant=tenant, actor=actor, survivor=a, merged=a)
    stranger = _other_person(other_tenant, EmployeeFactory(tenant=other_tenant), "Yann", "Kervella", "Ailleurs")
    with pytest.raises(ValidationError):
        merge.person_merge(tenant=tenant, actor=actor, survivor=a, merged=stranger)
    with pytest.raises(ValidationError):
        merge.person_merge(tenant=other_tenant, actor=actor, survivor=stranger, merged=b)
    third = _other_person(tenant, org["rep"].employee, "Anne", "Le Gall", "Mairie")
    with pytest.raises(ValidationError):  # the suggestion is about A and B, not A and this one
        merge.person_merge(tenant=tenant, actor=actor, survivor=a, merged=third, suggestion=pair["suggestion"])
    assert Person.unscoped.filter(pk__in=[a.pk, b.pk, third.pk, stranger.pk]).count() == 4
    assert not LedgerEntry.unscoped.filter(verb=LedgerEntry.Verb.MERGE).exists()
    merge.person_merge(tenant=tenant, actor=actor, survivor=b, merged=a, suggestion=pair["suggestion"])
    with pytest.raises(ValidationError):  # decided already
        merge.person_merge(tenant=tenant, actor=actor, survivor=b, merged=third, suggestion=pair["suggestion"])


def test_merge_without_a_suggestion_closes_the_open_one(tenant, org, pair):
    survivor = merge.person_merge(tenant=tenant, actor=org["admin"].user, survivor=pair["b"], merged=pair["a"])
    assert survivor.merge_suggestion_id == pair["suggestion"].pk
    suggestion = MergeSuggestion.unscoped.get(pk=pair["suggestion"].pk)
    assert suggestion.status == "merged" and suggestion.person_a_id == suggestion.person_b_id == pair["b"].pk
    b = Person.unscoped.get(pk=pair["b"].pk)
    assert b.company_name == "Kervella Logistique"  # the survivor's own company stays


def test_two_merges_into_the_same_person(tenant, org, pair):
    actor = org["admin"].user
    third = _other_person(tenant, org["colleague"].employee, "Yann", "Kervella", "Kervella Holding")
    second = MergeSuggestion.unscoped.create(tenant=tenant, person_a=pair["a"], person_b=third, reason="again")
    merge.person_merge(tenant=tenant, actor=actor, survivor=pair["a"], merged=pair["b"], suggestion=pair["suggestion"])
    merge.person_merge(tenant=tenant, actor=actor, survivor=pair["a"], merged=third, suggestion=second)
    assert MergeSuggestion.unscoped.get(pk=second.pk).status == "merged"
    assert LedgerEntry.unscoped.filter(verb=LedgerEntry.Verb.MERGE, person=pair["a"]).count() == 2
    assert Person.unscoped.filter(tenant=tenant, name_key="yann kervella").count() == 1


def test_dismiss(tenant, org, pair):
    merge.merge_suggestion_dismiss(tenant=tenant, actor=org["admin"].user, suggestion=pair["suggestion"])
    suggestion = MergeSuggestion.unscoped.get(pk=pair["suggestion"].pk)
    assert suggestion.status == "dismissed" and suggestion.decided_by == org["admin"].user and suggestion.decided_at
    assert AuditEvent.unscoped.filter(tenant=tenant, verb="contacts.merge_dismiss", object_id=str(suggestion.pk)).exists()
    assert not LedgerEntry.unscoped.filter(verb=LedgerEntry.Verb.MERGE).exists()
    with pytest.raises(ValidationError):
        merge.merge_suggestion_dismiss(tenant=tenant, actor=org["admin"].user, suggestion=suggestion)
    with pytest.raises(ValidationError):
        merge.person_merge(tenant=tenant, actor=org["admin"].user, survivor=pair["a"], merged=pair["b"], suggestion=suggestion)


def test_every_other_foreign_key_to_person_is_safe_for_the_plain_move():
    """A foreign key to Person not handled by person_merge is moved by a plain update: it must not be part of a
    unique constraint (else merging two records could clash: handle it in contacts/merge.py)."""
    for rel in Person._meta.related_objects:
        label = (rel.related_model._meta.label, rel.field.name)
        if label in merge.HANDLED_RELATIONS:
            continue
        meta = rel.related_model._meta
        unique_sets = [set(c.fields) for c in meta.constraints if getattr(c, "fields", None)]
        unique_sets += [set(t) for t in meta.unique_together]
        assert not rel.field.unique and not any(rel.field.name in fields for fields in unique_sets), (
            f"{label}: unique with the person; handle it in contacts.merge._move_rows and add it to HANDLED_RELATIONS"
        )


# --- Pages ----------------------------------------------------------------------------------------------


def _url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


def test_pages_are_for_the_gdpr_permission_only(client, tenant, org, pair):
    client.force_login(org["rep"].user)
    detail = _url(tenant, "contacts_merge_detail", pk=pair["suggestion"].pk)
    assert client.get(_url(tenant, "contacts_merge_list")).status_code == 403
    assert client.get(detail).status_code == 403
    assert client.post(detail, {"decision": f"keep-{pair['a'].pk}"}).status_code == 403
    assert Person.unscoped.filter(pk=pair["b"].pk).exists()


def test_another_groups_suggestion_is_404(client, tenant, other_tenant, org, pair):
    owner = EmployeeFactory(tenant=other_tenant)
    x = _other_person(other_tenant, owner, "Yann", "Kervella", "Ailleurs")
    y = _other_person(other_tenant, owner, "Yann", "Kervella", "Autre part")
    foreign = MergeSuggestion.unscoped.create(tenant=other_tenant, person_a=x, person_b=y, reason="r")
    client.force_login(org["admin"].user)
    detail = _url(tenant, "contacts_merge_detail", pk=foreign.pk)
    assert client.get(detail).status_code == 404
    assert client.post(detail, {"decision": f"keep-{x.pk}"}).status_code == 404
    assert Person.unscoped.filter(pk__in=[x.pk, y.pk]).count() == 2


def test_list_and_compare_pages(client, tenant, org, pair):
    client.force_login(org["admin"].user)
    page = client.get(_url(tenant, "contacts_merge_list"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Transports Kervella" in text and "Kervella Logistique" in text
    assert _url(tenant, "contacts_merge_detail", pk=pair["suggestion"].pk) in text
    assert "Yann" not in client.get(_url(tenant, "contacts_merge_list") + "?q=Le+Gall").content.decode()
    assert client.get(_url(tenant, "contacts_merge_list") + "?q=kervela+logistique").status_code == 200
    assert "Transports Kervella" in client.get(_url(tenant, "contacts_merge_list") + "?q=yann").content.decode()
    compare = client.get(_url(tenant, "contacts_merge_detail", pk=pair["suggestion"].pk))
    assert compare.status_code == 200
    text = compare.content.decode()
    for shown in ("yann@kervella.example", "yann.k@perso.example", "+33712345678", "Directeur général",
                  "https://www.linkedin.com/in/yann-kervella", f'value="keep-{pair["a"].pk}"', 'value="dismiss"'):
        assert shown in text, shown
    # Never who holds the relationships (the colleague's is private), never the notes.
    for hidden in (NOTE_A, NOTE_B, NOTE_C, "Collegue", "Repzero"):
        assert hidden not in text, hidden


def test_empty_state_says_what_to_do(client, tenant, org):
    client.force_login(org["admin"].user)
    text = client.get(_url(tenant, "contacts_merge_list")).content.decode()
    assert 'class="card empty"' in text


def test_merge_through_the_page(client, tenant, org, pair):
    client.force_login(org["admin"].user)
    detail = _url(tenant, "contacts_merge_detail", pk=pair["suggestion"].pk)
    response = client.post(detail, {"decision": f"keep-{pair['b'].pk}"})
    assert response.status_code == 302 and response["Location"] == _url(tenant, "contacts_merge_list")
    assert not Person.unscoped.filter(pk=pair["a"].pk).exists()
    assert PersonEmail.unscoped.filter(person=pair["b"]).count() == 2
    assert LedgerEntry.unscoped.filter(verb=LedgerEntry.Verb.MERGE, person=pair["b"], actor=org["admin"].user).count() == 1
    # Decided: the page says so and a second POST is refused.
    page = client.get(detail)
    assert page.status_code == 200 and 'name="decision"' not in page.content.decode()
    assert client.post(detail, {"decision": f"keep-{pair['b'].pk}"}).status_code == 400


def test_dismiss_through_the_page(client, tenant, org, pair):
    client.force_login(org["admin"].user)
    response = client.post(_url(tenant, "contacts_merge_detail", pk=pair["suggestion"].pk), {"decision": "dismiss"})
    assert response.status_code == 302
    assert MergeSuggestion.unscoped.get(pk=pair["suggestion"].pk).status == "dismissed"
    assert Person.unscoped.filter(pk__in=[pair["a"].pk, pair["b"].pk]).count() == 2


@pytest.mark.parametrize("data", [{}, {"decision": ""}, {"decision": "keep-999999"}, {"decision": "a\x00b"}, {"decision": "keep-x"}])
def test_bad_posts_are_400_and_change_nothing(client, tenant, org, pair, data):
    client.force_login(org["admin"].user)
    response = client.post(_url(tenant, "contacts_merge_detail", pk=pair["suggestion"].pk), data)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert MergeSuggestion.unscoped.get(pk=pair["suggestion"].pk).status == "open"
    assert Person.unscoped.filter(pk__in=[pair["a"].pk, pair["b"].pk]).count() == 2


def _grow(tenant, org, n, start=0):
    for i in range(start, start + n):
        x = _other_person(tenant, org["rep"].employee, f"Jean{i}", f"Martin{i}", f"Garage {i}")
        y = _other_person(tenant, org["colleague"].employee, f"Jean{i}", f"Martin{i}", f"Carrosserie {i}")
        MergeSuggestion.unscoped.create(tenant=tenant, person_a=x, person_b=y, reason=f"Same name {i}")


def test_list_page_and_api_queries_do_not_grow(client, tenant, org, pair):
    client.force_login(org["admin"].user)
    client_api = api(org["admin"])
    page_url, api_url = _url(tenant, "contacts_merge_list"), u(tenant, "merge-suggestion-list")

    def counts():
        out = []
        for do in (lambda: client.get(page_url), lambda: client_api.get(api_url)):
            with CaptureQueriesContext(connection) as ctx:
                assert do().status_code == 200
            out.append(len(ctx))
        return out

    _grow(tenant, org, 2)
    small = counts()
    _grow(tenant, org, 10, start=2)
    large = counts()
    assert small == large and max(large) <= 15, (small, large)


def test_list_page_query_bound(client, tenant, org, pair, django_assert_max_num_queries):
    client.force_login(org["admin"].user)
    _grow(tenant, org, 3)
    with django_assert_max_num_queries(12):
        assert client.get(_url(tenant, "contacts_merge_list")).status_code == 200
    _grow(tenant, org, 15, start=3)
    with django_assert_max_num_queries(12):
        assert client.get(_url(tenant, "contacts_merge_list")).status_code == 200


# --- API ------------------------------------------------------------------------------------------------


def test_api_permission(tenant, org, pair):
    client = api(org["rep"])
    assert client.get(u(tenant, "merge-suggestion-list")).status_code == 403
    assert client.get(u(tenant, "merge-suggestion-detail", pair["suggestion"].pk)).status_code == 403
    assert client.post(u(tenant, "merge-suggestion-merge", pair["suggestion"].pk), {}, format="json").status_code == 403
    assert client.post(u(tenant, "merge-suggestion-dismiss", pair["suggestion"].pk)).status_code == 403
    merge_persons = u(tenant, "merge-suggestion-merge-persons")
    assert client.post(merge_persons, {"survivor": pair["a"].pk, "merged": pair["b"].pk}, format="json").status_code == 403
    assert Person.unscoped.filter(pk__in=[pair["a"].pk, pair["b"].pk]).count() == 2
    assert MergeSuggestion.unscoped.get(pk=pair["suggestion"].pk).status == "open"


def test_api_list_and_retrieve(tenant, org, pair):
    client = api(org["admin"])
    dismissed = MergeSuggestion.unscoped.create(
        tenant=tenant, person_a=_other_person(tenant, org["rep"].employee, "Jo", "Doe", "X"),
        person_b=_other_person(tenant, org["rep"].employee, "Jo", "Doe", "Y"), reason="r", status="dismissed",
    )
    body = client.get(u(tenant, "merge-suggestion-list")).json()
    assert [row["id"] for row in body["results"]] == [pair["suggestion"].pk]
    row = body["results"][0]
    assert row["status"] == "open" and row["person_a"]["id"] == pair["a"].pk and row["person_b"]["id"] == pair["b"].pk
    assert row["person_b"]["emails"] == ["yann.k@perso.example"] and row["person_b"]["relationship_count"] == 2
    assert row["person_a"]["company"] == "Transports Kervella"
    dump = json.dumps(body)
    for hidden in (NOTE_A, NOTE_B, NOTE_C, "Collegue", "Repzero"):
        assert hidden not in dump
    assert [r["id"] for r in client.get(u(tenant, "merge-suggestion-list") + "?status=dismissed").json()["results"]] == [dismissed.pk]
    assert client.get(u(tenant, "merge-suggestion-list") + "?search=doe").json()["count"] == 0
    assert client.get(u(tenant, "merge-suggestion-list") + "?search=kervella").json()["count"] == 1
    assert client.get(u(tenant, "merge-suggestion-list") + "?status=nope").status_code == 400
    one = client.get(u(tenant, "merge-suggestion-detail", pair["suggestion"].pk))
    assert one.status_code == 200 and one.json()["person_a"]["phones"] == ["+33612345678"]


def test_api_other_tenant_is_404(tenant, other_tenant, org):
    owner = EmployeeFactory(tenant=other_tenant)
    x = _other_person(other_tenant, owner, "Yann", "Kervella", "Ailleurs")
    y = _other_person(other_tenant, owner, "Yann", "Kervella", "Autre part")
    foreign = MergeSuggestion.unscoped.create(tenant=other_tenant, person_a=x, person_b=y, reason="r")
    client = api(org["admin"])
    assert client.get(u(tenant, "merge-suggestion-detail", foreign.pk)).status_code == 404
    assert client.post(u(tenant, "merge-suggestion-merge", foreign.pk), {}, format="json").status_code == 404
    assert client.post(u(tenant, "merge-suggestion-dismiss", foreign.pk)).status_code == 404
    response = client.post(u(tenant, "merge-suggestion-merge-persons"), {"survivor": x.pk, "merged": y.pk}, format="json")
    assert response.status_code == 400 and "survivor" in response.json() and "merged" in response.json()
    assert Person.unscoped.filter(pk__in=[x.pk, y.pk]).count() == 2


def test_api_merge_choosing_the_survivor(tenant, org, pair):
    client = api(org["admin"])
    url = u(tenant, "merge-suggestion-merge", pair["suggestion"].pk)
    refused = client.post(url, {"survivor": 999999}, format="json")
    assert refused.status_code == 400 and "survivor" in refused.json()
    response = client.post(url, {"survivor": pair["b"].pk}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["survivor"]["id"] == pair["b"].pk and body["merged_id"] == pair["a"].pk
    assert body["suggestion"] == pair["suggestion"].pk
    assert sorted(body["survivor"]["emails"]) == ["yann.k@perso.example", "yann@kervella.example"]
    assert not Person.unscoped.filter(pk=pair["a"].pk).exists()
    again = client.post(url, {}, format="json")
    assert again.status_code == 400 and again.json()["non_field_errors"]


def test_api_merge_defaults_to_person_a_and_dismiss(tenant, org, pair):
    client = api(org["admin"])
    third = _other_person(tenant, org["rep"].employee, "Yann", "Kervella", "Kervella Holding")
    other = MergeSuggestion.unscoped.create(tenant=tenant, person_a=pair["a"], person_b=third, reason="r")
    dismissed = client.post(u(tenant, "merge-suggestion-dismiss", other.pk))
    assert dismissed.status_code == 200 and dismissed.json()["status"] == "dismissed"
    assert dismissed.json()["decided_by"] == org["admin"].user.pk
    assert client.post(u(tenant, "merge-suggestion-dismiss", other.pk)).status_code == 400
    merged = client.post(u(tenant, "merge-suggestion-merge", pair["suggestion"].pk), {}, format="json")
    assert merged.status_code == 200 and merged.json()["survivor"]["id"] == pair["a"].pk


def test_api_merge_two_persons(tenant, org, pair):
    client = api(org["admin"])
    url = u(tenant, "merge-suggestion-merge-persons")
    assert client.post(url, {"survivor": pair["a"].pk, "merged": pair["a"].pk}, format="json").status_code == 400
    assert client.post(url, {}, format="json").status_code == 400
    response = client.post(url, {"survivor": pair["a"].pk, "merged": pair["b"].pk}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["suggestion"] == pair["suggestion"].pk and response.json()["merged_id"] == pair["b"].pk
    assert MergeSuggestion.unscoped.get(pk=pair["suggestion"].pk).status == "merged"
