"""Merging two records of the same human (suspected duplicates), and the suggestions that propose it.

Imports never merge on a guess: when a new person has the same name as a known one but another (or no)
company, a ``MergeSuggestion`` is written and the GDPR officer (``Perm.MANAGE_GDPR``) decides, on the
compare page or through the API: merge (keeping one of the two records) or "not the same person".

``person_merge`` moves everything the merged record holds to the record kept, in one transaction, and
writes ONE ``LedgerEntry`` (verb MERGE) about the person kept:

- e-mails (unique per group: they cannot clash) and phones (a number both records have is kept once);
- relationships: one per owner. When the same employee knew both records, the two relationships become
  one (the survivor's row): the higher strength, both contexts, both sets of private notes and tags, and
  the NARROWER visibility and audience of the two. A merge never widens what a rep shares: a rep who kept
  one of the records private keeps the person private. Introduction requests and ledger rows of the
  relationship dropped follow to the one kept;
- solicitations, referrals, account-plan stakeholder roles and affiliations (a plan or an affiliation that
  had both records keeps one row, blanks filled from the other);
- the ledger rows about the merged record (see ``_ledger_repoint``);
- the other merge suggestions naming the merged record: moved to the record kept, or deleted when they
  would pair it with itself or repeat a pair that already exists;
- the person's own fields: blanks of the record kept are filled from the other (names, company, account,
  position, LinkedIn profile), nothing known is overwritten; the earliest collection date and the latest
  inbound contact are kept and the retention deadline is recomputed from them (the rule of
  ``contacts.gdpr``: N years after the collection or the last contact from the person, whichever is later);
  an objection survives: if either record objected, the person kept has objected (earliest date).

The suggestion decided is kept as the record of the decision (status, decided_by, decided_at). Its two
persons point at the person kept afterwards: the merged record is deleted and the suggestion's foreign keys
cascade, so this is the only way to keep the row. Since a pair is unique per group, an older decided
suggestion already pointing at that person twice is deleted then; the MERGE ledger rows keep every decision
(suggestion id, who, when).

"Not the same person" (``merge_suggestion_dismiss``) shares nothing and changes no personal data: it writes
no ledger row but an audit row (``contacts.merge_dismiss``, ids only), and the suggestion keeps who decided
and when. A dismissed pair is not suggested again (the pair is unique).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from bns.models import Tenant
from contacts.models import (
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
    RelationshipKind,
    RelationshipStatus,
    Scope,
    Solicitation,
    Stakeholder,
    Visibility,
)
from contacts.normalize import company_key, fold, name_key
from contacts.services import ledger_record, retention_deadline

# Narrowest first: a merge keeps the narrower of two settings of the same owner.
VISIBILITY_ORDER = (Visibility.PRIVATE, Visibility.DISCOVERABLE, Visibility.SHARED)
SCOPE_ORDER = (Scope.TEAM, Scope.SITE, Scope.GROUP)
FILLED_FIELDS = ("first_name", "last_name", "company_name", "position", "linkedin_url")

# Every foreign key to Person that ``person_merge`` moves with care (a meta-test checks that any other one
# is a plain foreign key, safe for the generic move at the end of ``_move_rows``).
HANDLED_RELATIONS = frozenset({
    ("contacts.PersonEmail", "person"),
    ("contacts.PersonPhone", "person"),
    ("contacts.Relationship", "person"),
    ("contacts.Solicitation", "person"),
    ("contacts.LedgerEntry", "person"),
    ("contacts.MergeSuggestion", "person_a"),
    ("contacts.MergeSuggestion", "person_b"),
    ("contacts.PersonAffiliation", "person"),
    ("contacts.Stakeholder", "person"),
    ("contacts.Referral", "person"),
})


def _user(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _clean_search(search: str) -> str:
    return (search or "").replace("\x00", "").strip()[:200]


# --- Selectors ----------------------------------------------------------------------------------------


def merge_suggestion_list(*, tenant: Tenant, status: str = MergeSuggestion.Status.OPEN, search: str = "") -> QuerySet[MergeSuggestion]:
    """The group's merge suggestions (``status``: one of MergeSuggestion.Status, "" for all), newest first.

    ``search``: every word must be in the name (accents ignored) or the company of one of the two persons.
    """
    qs = MergeSuggestion.unscoped.filter(tenant=tenant)
    if status:
        qs = qs.filter(status=status)
    for term in fold(_clean_search(search)).split()[:10]:
        qs = qs.filter(
            Q(person_a__name_key__contains=term) | Q(person_b__name_key__contains=term)
            | Q(person_a__company_key__contains=term) | Q(person_b__company_key__contains=term)
        )
    return qs.select_related("person_a", "person_b", "person_a__account", "person_b__account", "decided_by").order_by(
        "-created_at", "-pk"
    )


def merge_suggestion_get_for(*, tenant: Tenant, pk) -> MergeSuggestion:
    """One suggestion of the group; 404 for a missing id and another group's alike."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    suggestion = (
        MergeSuggestion.unscoped.filter(tenant=tenant, pk=pk)
        .select_related("person_a", "person_b", "person_a__account", "person_b__account", "decided_by")
        .first()
    )
    if suggestion is None:
        raise Http404
    return suggestion


def merge_persons_by_id(*, tenant: Tenant, ids) -> dict[int, Person]:
    """Persons by id with their account, e-mails, phones and ``relationship_count`` (four queries).

    Only the number of relationships: never who holds them (a PRIVATE one is known to its owner only) nor
    their notes.
    """
    qs = (
        Person.unscoped.filter(tenant=tenant, pk__in=list(ids))
        .select_related("account")
        .annotate(relationship_count=Count("relationships"))
        .prefetch_related(
            Prefetch("emails", queryset=PersonEmail.unscoped.order_by("pk")),
            Prefetch("phones", queryset=PersonPhone.unscoped.order_by("pk")),
        )
    )
    return {p.pk: p for p in qs}


def merge_suggestions_with_persons(*, tenant: Tenant, suggestions) -> list[MergeSuggestion]:
    """``suggestions`` (a page of them), each with ``compare_persons``: its two persons, for the comparison."""
    suggestions = list(suggestions)
    persons = merge_persons_by_id(tenant=tenant, ids={pk for s in suggestions for pk in (s.person_a_id, s.person_b_id)})
    for suggestion in suggestions:
        if suggestion.tenant_id != tenant.pk:
            raise Http404
        suggestion.compare_persons = {pk: persons[pk] for pk in (suggestion.person_a_id, suggestion.person_b_id) if pk in persons}
    return suggestions


def merge_persons_compare(*, tenant: Tenant, suggestion: MergeSuggestion) -> list[Person]:
    """The persons of a suggestion, A then B (one only once merged: both sides name the person kept)."""
    [suggestion] = merge_suggestions_with_persons(tenant=tenant, suggestions=[suggestion])
    return list(suggestion.compare_persons.values())


# --- Services -----------------------------------------------------------------------------------------


def _narrowest(order, *values):
    return min(values, key=lambda v: order.index(v) if v in order else 0)


def _join_text(*parts: str, sep: str, max_length: int | None = None) -> str:
    seen = list(dict.fromkeys(p.strip() for p in parts if p and p.strip()))
    text = sep.join(seen)
    return text[:max_length] if max_length else text


def _join_tags(*values: str, max_length: int = 300) -> str:
    tags = dict.fromkeys(t.strip() for v in values for t in (v or "").split(",") if t.strip())
    out = ""
    for tag in tags:
        candidate = f"{out}, {tag}" if out else tag
        if len(candidate) > max_length:
            break
        out = candidate
    return out


def _combine_relationships(keep: Relationship, drop: Relationship) -> None:
    """The same owner knew both records: one relationship, and never a wider one."""
    keep.strength = max(keep.strength, drop.strength)
    if keep.kind == RelationshipKind.OTHER:
        keep.kind = drop.kind
    keep.context = _join_text(keep.context, drop.context, sep=" · ", max_length=300)
    keep.private_notes = _join_text(keep.private_notes, drop.private_notes, sep="\n\n")
    keep.tags = _join_tags(keep.tags, drop.tags)
    keep.visibility = _narrowest(VISIBILITY_ORDER, keep.visibility, drop.visibility)
    keep.scope = _narrowest(SCOPE_ORDER, keep.scope, drop.scope)
    keep.exclusive = keep.exclusive or drop.exclusive  # an exclusivity restricts others: kept
    keep.open_to_offer = keep.open_to_offer and drop.open_to_offer  # only when both said so
    if RelationshipStatus.ACTIVE in (keep.status, drop.status):
        keep.status, keep.ended_at = RelationshipStatus.ACTIVE, None
    else:
        keep.ended_at = max((d for d in (keep.ended_at, drop.ended_at) if d), default=None)
    keep.contact_import_id = keep.contact_import_id or drop.contact_import_id
    keep.created_at = min(keep.created_at, drop.created_at)
    IntroRequest.unscoped.filter(tenant=keep.tenant_id, relationship=drop).update(relationship=keep)
    # The ledger's relationship link follows too (same exception as the person link: _ledger_repoint).
    LedgerEntry.unscoped.filter(tenant=keep.tenant_id, relationship=drop).update(relationship=keep)
    drop.delete()
    keep.save()


def _move_relationships(tenant: Tenant, survivor: Person, merged: Person) -> tuple[int, int]:
    kept_by_owner = {r.owner_id: r for r in Relationship.unscoped.filter(tenant=tenant, person=survivor)}
    combined = 0
    for drop in Relationship.unscoped.filter(tenant=tenant, person=merged, owner_id__in=list(kept_by_owner)).order_by("pk"):
        _combine_relationships(kept_by_owner[drop.owner_id], drop)
        combined += 1
    moved = Relationship.unscoped.filter(tenant=tenant, person=merged).update(person=survivor)
    return moved, combined


def _move_stakeholders(tenant: Tenant, survivor: Person, merged: Person) -> int:
    """Account-plan roles: a plan that had both records keeps the survivor's row (blanks filled)."""
    kept_by_plan = {s.plan_id: s for s in Stakeholder.unscoped.filter(tenant=tenant, person=survivor)}
    for drop in Stakeholder.unscoped.filter(tenant=tenant, person=merged, plan_id__in=list(kept_by_plan)):
        keep = kept_by_plan[drop.plan_id]
        keep.title = keep.title or drop.title
        keep.notes = _join_text(keep.notes, drop.notes, sep=" · ", max_length=500)
        if keep.stance == Stakeholder.Stance.UNKNOWN:
            keep.stance = drop.stance
        if keep.reports_to_id == drop.pk:
            keep.reports_to_id = drop.reports_to_id if drop.reports_to_id != keep.pk else None
        elif keep.reports_to_id is None and drop.reports_to_id not in (None, keep.pk):
            keep.reports_to_id = drop.reports_to_id
        PlanAction.unscoped.filter(tenant=tenant, stakeholder=drop).update(stakeholder=keep)
        Stakeholder.unscoped.filter(tenant=tenant, reports_to=drop).exclude(pk=keep.pk).update(reports_to=keep)
        drop.delete()
        keep.save()
    return Stakeholder.unscoped.filter(tenant=tenant, person=merged).update(person=survivor)


def _move_affiliations(tenant: Tenant, survivor: Person, merged: Person) -> int:
    kept = {a.affiliation_id: a for a in PersonAffiliation.unscoped.filter(tenant=tenant, person=survivor)}
    for drop in PersonAffiliation.unscoped.filter(tenant=tenant, person=merged, affiliation_id__in=list(kept)):
        keep = kept[drop.affiliation_id]
        if not keep.detail and drop.detail:
            keep.detail = drop.detail
            keep.save(update_fields=["detail"])
        drop.delete()
    return PersonAffiliation.unscoped.filter(tenant=tenant, person=merged).update(person=survivor)


def _ledger_repoint(tenant: Tenant, survivor: Person, merged: Person) -> int:
    # The ledger is append-only (LedgerEntry.save refuses changes). Repointing the person link of its rows on a
    # merge is one of the two documented exceptions (the other: GDPR pseudonymisation): the rows are about the
    # same human, and without it the merged record's deletion would set their person to NULL and cut them off
    # the person's access export. Only the link changes (what happened, who, when and the label stay as
    # written), through a queryset update so that no row is saved again.
    return LedgerEntry.unscoped.filter(tenant=tenant, person=merged).update(person=survivor)


def _move_suggestions(tenant: Tenant, survivor: Person, merged: Person, decided: MergeSuggestion | None) -> int:
    """Other suggestions naming the merged record: moved to the survivor, or deleted when they would pair the
    survivor with itself or repeat a pair (either order) that already exists."""
    others = MergeSuggestion.unscoped.filter(tenant=tenant).filter(Q(person_a=merged) | Q(person_b=merged))
    if decided is not None:
        others = others.exclude(pk=decided.pk)
    moved = 0
    for s in others.order_by("pk"):
        a = survivor.pk if s.person_a_id == merged.pk else s.person_a_id
        b = survivor.pk if s.person_b_id == merged.pk else s.person_b_id
        clash = MergeSuggestion.unscoped.filter(tenant=tenant).filter(
            Q(person_a_id=a, person_b_id=b) | Q(person_a_id=b, person_b_id=a)
        ).exclude(pk=s.pk)
        if a == b or clash.exists():
            s.delete()
            continue
        s.person_a_id, s.person_b_id = a, b
        s.save(update_fields=["person_a", "person_b"])
        moved += 1
    return moved


def _move_rows(tenant: Tenant, survivor: Person, merged: Person, decided: MergeSuggestion | None) -> dict:
    counts = {"emails": PersonEmail.unscoped.filter(tenant=tenant, person=merged).update(person=survivor)}
    known = list(PersonPhone.unscoped.filter(tenant=tenant, person=survivor).values_list("number", flat=True))
    PersonPhone.unscoped.filter(tenant=tenant, person=merged, number__in=known).delete()
    counts["phones"] = PersonPhone.unscoped.filter(tenant=tenant, person=merged).update(person=survivor)
    counts["relationships"], counts["relationships_combined"] = _move_relationships(tenant, survivor, merged)
    counts["solicitations"] = Solicitation.unscoped.filter(tenant=tenant, person=merged).update(person=survivor)
    counts["referrals"] = Referral.unscoped.filter(tenant=tenant, person=merged).update(person=survivor)
    counts["stakeholders"] = _move_stakeholders(tenant, survivor, merged)
    counts["affiliations"] = _move_affiliations(tenant, survivor, merged)
    counts["ledger_entries"] = _ledger_repoint(tenant, survivor, merged)
    counts["suggestions"] = _move_suggestions(tenant, survivor, merged, decided)
    # Any foreign key to Person added later and not handled above: a plain move (see HANDLED_RELATIONS).
    for rel in Person._meta.related_objects:
        if not rel.many_to_many and (rel.related_model._meta.label, rel.field.name) not in HANDLED_RELATIONS:
            rel.related_model._base_manager.filter(**{rel.field.name: merged}).update(**{rel.field.name: survivor})
    return counts


def _fill_person(tenant: Tenant, survivor: Person, merged: Person) -> None:
    for field in FILLED_FIELDS:
        if not getattr(survivor, field) and getattr(merged, field):
            setattr(survivor, field, getattr(merged, field))
    if survivor.account_id is None:
        survivor.account_id = merged.account_id
    survivor.name_key = name_key(survivor.first_name, survivor.last_name)
    survivor.company_key = company_key(survivor.company_name)
    old_deadlines = {survivor.retention_until: survivor.retention_warned_at, merged.retention_until: merged.retention_warned_at}
    survivor.collected_at = min(survivor.collected_at, merged.collected_at)
    survivor.last_inbound_at = max((d for d in (survivor.last_inbound_at, merged.last_inbound_at) if d), default=None)
    since = max(d for d in (survivor.collected_at, survivor.last_inbound_at) if d)
    survivor.retention_until = retention_deadline(tenant=tenant, since=since)
    # Warned about this very deadline already (under either record): not warned twice; a new deadline: warn again.
    survivor.retention_warned_at = old_deadlines.get(survivor.retention_until)
    survivor.objected_at = min((d for d in (survivor.objected_at, merged.objected_at) if d), default=None)


@transaction.atomic
def person_merge(
    *, tenant: Tenant, actor, survivor: Person, merged: Person, suggestion: MergeSuggestion | None = None
) -> Person:
    """Merge ``merged`` into ``survivor`` (same human, two records); ``merged`` is deleted. Returns the survivor.

    ``suggestion``: the suggestion decided (it must pair these two persons and be open); without one, an open
    suggestion pairing them is closed all the same. One MERGE ledger row about the survivor. The survivor
    returned carries ``merge_suggestion_id``: the suggestion closed by the merge, or None.
    """
    if survivor.tenant_id != tenant.pk or merged.tenant_id != tenant.pk:
        raise ValidationError(_("Both persons must belong to the group."))
    if suggestion is not None and suggestion.tenant_id != tenant.pk:
        raise ValidationError(_("This suggestion does not belong to the group."))
    if suggestion is not None and suggestion.status != MergeSuggestion.Status.OPEN:
        raise ValidationError(_("This suggestion was already decided."))
    if survivor.pk == merged.pk:
        raise ValidationError(_("A person cannot be merged with themselves."))
    locked = {p.pk: p for p in Person.unscoped.select_for_update().filter(tenant=tenant, pk__in=[survivor.pk, merged.pk]).order_by("pk")}
    if len(locked) != 2:
        raise ValidationError(_("One of the two persons no longer exists (already merged or erased)."))
    survivor, merged = locked[survivor.pk], locked[merged.pk]
    pair = Q(person_a=survivor, person_b=merged) | Q(person_a=merged, person_b=survivor)
    if suggestion is not None:
        suggestion = MergeSuggestion.unscoped.select_for_update().filter(tenant=tenant, pk=suggestion.pk).first()
        if suggestion is None or suggestion.status != MergeSuggestion.Status.OPEN:
            raise ValidationError(_("This suggestion was already decided."))
        if {suggestion.person_a_id, suggestion.person_b_id} != {survivor.pk, merged.pk}:
            raise ValidationError(_("Keep one of the two persons of the suggestion."))
    else:
        suggestion = (
            MergeSuggestion.unscoped.select_for_update().filter(tenant=tenant, status=MergeSuggestion.Status.OPEN)
            .filter(pair).order_by("pk").first()
        )

    merged_id, merged_name = merged.pk, merged.full_name
    survivor_name_before = survivor.full_name
    counts = _move_rows(tenant, survivor, merged, suggestion)
    now = timezone.now()
    if suggestion is not None:
        # The merged record's deletion would cascade to the suggestion: it now names the survivor twice
        # (module docstring). A pair is unique: an older decided suggestion naming it twice goes.
        MergeSuggestion.unscoped.filter(tenant=tenant, person_a=survivor, person_b=survivor).exclude(pk=suggestion.pk).delete()
        suggestion.person_a, suggestion.person_b = survivor, survivor
        suggestion.status = MergeSuggestion.Status.MERGED
        suggestion.decided_by = _user(actor)
        suggestion.decided_at = now
        suggestion.save(update_fields=["person_a", "person_b", "status", "decided_by", "decided_at"])
    _fill_person(tenant, survivor, merged)
    merged.delete()  # nothing is left pointing at it; frees its LinkedIn profile for the survivor
    survivor.save()
    survivor.merge_suggestion_id = suggestion.pk if suggestion is not None else None
    ledger_record(
        tenant=tenant,
        actor=actor,
        verb=LedgerEntry.Verb.MERGE,
        person=survivor,
        data={
            "survivor_id": survivor.pk,
            "survivor_name": survivor_name_before,
            "merged_id": merged_id,
            "merged_name": merged_name,
            "suggestion_id": suggestion.pk if suggestion is not None else None,
            "moved": counts,
        },
    )
    return survivor


@transaction.atomic
def merge_suggestion_dismiss(*, tenant: Tenant, actor, suggestion: MergeSuggestion) -> MergeSuggestion:
    """"Not the same person": the suggestion is closed (who, when) and the pair is not suggested again.

    Nothing is shared or changed about the persons: no ledger row; an audit row with ids only.
    """
    from bns.services.audit import audit_record

    if suggestion.tenant_id != tenant.pk:
        raise ValidationError(_("This suggestion does not belong to the group."))
    locked = MergeSuggestion.unscoped.select_for_update().filter(tenant=tenant, pk=suggestion.pk).first()
    if locked is None or locked.status != MergeSuggestion.Status.OPEN:
        raise ValidationError(_("This suggestion was already decided."))
    locked.status = MergeSuggestion.Status.DISMISSED
    locked.decided_by = _user(actor)
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        tenant=tenant, actor=actor, verb="contacts.merge_dismiss", obj=locked,
        data={"person_a": locked.person_a_id, "person_b": locked.person_b_id},
    )
    suggestion.status, suggestion.decided_by, suggestion.decided_at = locked.status, locked.decided_by, locked.decided_at
    return locked
