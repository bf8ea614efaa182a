"""Reads of the contact ledger, under the visibility rules (brief, principle 1).

What a viewer may see of a relationship, its ``access``:
- ``owner``: the viewer owns it: everything, private notes included;
- ``details``: SHARED and the viewer is in its audience (team, dealership or group): the person's details,
  strength, kind, context, never the private notes;
- ``existence``: DISCOVERABLE, or SHARED outside the viewer's audience: that the owner knows someone at
  this company, and the strength band; never who, nor how to reach them;
- nothing at all: PRIVATE, for everyone but the owner (managers, executives and admins included).

The rule is written once, in SQL (``relationship_visible``), and every page, export, search and API
endpoint reads through it.
"""

from __future__ import annotations

from contextlib import contextmanager, suppress

from django.db import DatabaseError, connection
from django.db.models import Case, CharField, Count, F, Lookup, Q, QuerySet, Value, When
from django.http import Http404

from bns.models import Membership, Tenant
from contacts.models import Account, LedgerEntry, Person, Relationship, Scope, Visibility
from contacts.normalize import fold

OWNER, DETAILS, EXISTENCE = "owner", "details", "existence"
TRIGRAM_MIN_LENGTH = 4  # shorter queries: substrings only (trigrams of 3 letters match everything)


def strength_band(strength: int) -> str:
    """What colleagues without the details see of a strength: weak (1-2), good (3), strong (4-5)."""
    if strength >= 4:
        return "strong"
    if strength == 3:
        return "good"
    return "weak"


def _audience_condition(membership: Membership) -> Q:
    """SHARED relationships whose audience includes the viewer."""
    employee = membership.employee
    group = Q(scope=Scope.GROUP)
    if employee is None:
        return group
    site = Q(scope=Scope.SITE, owner__site_id=employee.site_id) if employee.site_id else Q(pk__in=[])
    team = Q(scope__in=[Scope.TEAM, Scope.SITE], owner__manager_id=employee.pk) | Q(
        scope__in=[Scope.TEAM, Scope.SITE], owner_id=employee.manager_id
    )
    if employee.manager_id:
        team |= Q(scope__in=[Scope.TEAM, Scope.SITE], owner__manager_id=employee.manager_id)
    return group | site | team


def relationship_visible(*, tenant: Tenant, membership: Membership) -> QuerySet[Relationship]:
    """Every relationship the member may know of, annotated with ``access`` (owner, details, existence)."""
    if membership.tenant_id != tenant.pk:
        raise Http404
    own = Q(owner_id=membership.employee_id) if membership.employee_id else Q(pk__in=[])
    details = Q(visibility=Visibility.SHARED) & _audience_condition(membership)
    existence = Q(visibility__in=[Visibility.DISCOVERABLE, Visibility.SHARED])
    return (
        Relationship.unscoped.filter(tenant=tenant)
        .filter(own | existence)
        .annotate(
            access=Case(
                When(own, then=Value(OWNER)),
                When(details, then=Value(DETAILS)),
                default=Value(EXISTENCE),
                output_field=CharField(),
            )
        )
        .select_related("person", "person__account", "owner", "owner__site")
    )


def relationship_get_for(*, tenant: Tenant, membership: Membership, pk) -> Relationship:
    """A relationship the member may see (at least its existence), else 404 (private = missing)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    relationship = relationship_visible(tenant=tenant, membership=membership).filter(pk=pk).first()
    if relationship is None:
        raise Http404
    return relationship


def my_relationships(*, tenant: Tenant, membership: Membership, search: str = "", visibility: str = "", contact_import_id=None,
                     tag: str = "") -> QuerySet[Relationship]:
    """The member's own relationships (a member with no employee record owns none)."""
    if membership.employee_id is None:
        return Relationship.unscoped.none()
    qs = Relationship.unscoped.filter(tenant=tenant, owner_id=membership.employee_id).select_related("person", "person__account")
    if search:
        for term in search.split():
            qs = qs.filter(
                Q(person__first_name__icontains=term)
                | Q(person__last_name__icontains=term)
                | Q(person__company_name__icontains=term)
                | Q(person__position__icontains=term)
                | Q(person__emails__email__icontains=term)
                | Q(tags__icontains=term)
            )
        qs = qs.distinct()
    if visibility:
        qs = qs.filter(visibility=visibility)
    if contact_import_id:
        qs = qs.filter(contact_import_id=contact_import_id)
    if tag:
        qs = qs.filter(tags__icontains=tag)
    return qs.order_by("person__last_name", "person__first_name", "pk")


def who_knows(*, tenant: Tenant, membership: Membership, query: str) -> QuerySet[Relationship]:
    """Colleagues' relationships matching a company or a person, under the visibility rules.

    A person's name, position or e-mail only matches where the viewer may see the details; a company
    name matches wherever the viewer may know the relationship exists.

    Matching: case-insensitive substrings, plus the accent-folded keys (``company_key``, ``name_key``: "hopital"
    finds "Hôpital"); on PostgreSQL also pg_trgm word similarity on those keys (``%>``, GIN-indexed by
    contacts/migrations/0002), so a typo still finds the company ("Kervela" -> "Transports Kervella").

    On PostgreSQL the matching persons are looked up first (two small queries through the trigram indexes, run
    by this call), then the relationships are fetched by person id (see ``_who_knows_postgres``).
    """
    query = (query or "").strip()
    qs = relationship_visible(tenant=tenant, membership=membership).filter(status="active")
    if not query:
        return qs.none()
    folded = fold(query)
    access_details = Q(access__in=[OWNER, DETAILS])
    if connection.vendor == "postgresql" and len(folded) >= TRIGRAM_MIN_LENGTH:
        condition = _who_knows_postgres(tenant, query, access_details)
        if condition is None:
            return qs.none()
        return qs.filter(condition).order_by("-strength", "person__company_name", "pk")
    company = Q(person__company_name__icontains=query) | Q(person__account__name__icontains=query)
    person = (
        Q(person__first_name__icontains=query)
        | Q(person__last_name__icontains=query)
        | Q(person__position__icontains=query)
    )
    if folded:
        company |= Q(person__company_key__contains=folded) | Q(person__account__name_key__contains=folded)
        person |= Q(person__name_key__contains=folded)
    return qs.filter(company | (person & access_details)).order_by("-strength", "person__company_name", "pk")


class _AnyOf(Lookup):
    """``lhs = ANY(rhs)``, the right-hand side a list of ids (sent as ONE bigint[] parameter, however long) or an
    ``ArraySubquery``. Unlike ``lhs IN (SELECT ...)``, which PostgreSQL runs as a hashed SubPlan filter (checked on
    every row, never an index condition, and never inside an OR), this is an index condition, also as an arm of
    a BitmapOr; the planner also knows a literal list's length (its row estimates follow)."""

    lookup_name = "any_of"  # not registered: used as an expression, _AnyOf(F("field"), ids)
    prepare_rhs = False

    def process_rhs(self, compiler, connection):
        if hasattr(self.rhs, "as_sql"):
            return compiler.compile(self.rhs)
        return "%s::bigint[]", [list(self.rhs)]

    def as_sql(self, compiler, connection):
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        rhs_sql, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs_sql} = ANY({rhs_sql})", (*lhs_params, *rhs_params)


def _key_matches(field: str, folded: str) -> Q:
    """``key LIKE '%folded%' OR key %> 'folded'`` (pg_trgm word similarity above
    pg_trgm.word_similarity_threshold, 0.6): both are served by the key's gin_trgm_ops index (contacts/migrations/0002)."""
    from django.contrib.postgres.lookups import TrigramWordSimilar

    return Q(**{f"{field}__contains": folded}) | Q(TrigramWordSimilar(F(field), folded))


def who_knows_person_lookup(*, tenant: Tenant, query: str) -> QuerySet | None:
    """PostgreSQL: the persons a who-knows ``query`` finds, as ``(person id, by company)`` rows; one query, that
    who_knows runs (and the benchmark explains) within ``trigram_planner_costs()``. None off the trigram path
    (SQLite, short queries).

    Two parts (UNION ALL), each one bitmap scan, a BitmapOr of index scans: the persons found by their company
    (``company_key``, or their account's ``name_key``: the matching accounts are an InitPlan, then the (account)
    index) and those found by their name or position (a person found both ways comes twice)."""
    from django.contrib.postgres.expressions import ArraySubquery

    query = (query or "").strip()
    folded = fold(query)
    if connection.vendor != "postgresql" or len(folded) < TRIGRAM_MIN_LENGTH:
        return None
    # order_by(): no sort by the models' default ordering (name, last_name...), the order of the ids is irrelevant
    accounts = Account.unscoped.filter(tenant=tenant).filter(_key_matches("name_key", folded)).order_by().values("pk")
    persons = Person.unscoped.filter(tenant=tenant).order_by()
    by_company = persons.filter(_key_matches("company_key", folded) | Q(_AnyOf(F("account_id"), ArraySubquery(accounts))))
    # position: UPPER(position) LIKE UPPER('%query%'), served by the UPPER(position) trigram index (migration 0006)
    by_name = persons.filter(_key_matches("name_key", folded) | Q(position__icontains=query))
    flagged = [part.annotate(by_company=Value(flag)).values_list("pk", "by_company") for part, flag in
               ((by_company, True), (by_name, False))]
    return flagged[0].union(flagged[1], all=True)


# pg_trgm declares its similarity operators at COST 1, as cheap as comparing two integers, when word_similarity
# costs ~4-5 µs a row (~100 default cpu_operator_cost units). So the planner prefers to compute it on EVERY row
# in a sequential scan over the trigram index: measured 12 ms on 2,857 accounts and, when the index statistics
# are stale (before VACUUM, after a large import), ~200 ms on 40,000 persons. For the look-up only, operators
# are costed 100x (PostgreSQL's default cpu_operator_cost is 0.0025): the trigram indexes are taken (~1 ms).
TRIGRAM_CPU_OPERATOR_COST = "0.25"


@contextmanager
def trigram_planner_costs():
    """Within the block, the planner costs operators as pg_trgm's really cost (PostgreSQL; two statements).

    A session setting, reset at the end of the block (to the session's default), so that every other query,
    in the request and on the pooled connection, is planned as usual. If the block fails inside a transaction,
    the RESET cannot run there, but the transaction's rollback undoes the SET (SET is transactional)."""
    with connection.cursor() as cursor:
        cursor.execute("SET cpu_operator_cost = %s", [TRIGRAM_CPU_OPERATOR_COST])
        try:
            yield
        except BaseException:
            with suppress(DatabaseError):
                cursor.execute("RESET cpu_operator_cost")
            raise
        cursor.execute("RESET cpu_operator_cost")


def _who_knows_postgres(tenant: Tenant, query: str, access_details: Q) -> Q | None:
    """The PostgreSQL match: the matching persons' ids first (one query through the GIN trigram indexes, a few
    milliseconds: the persons matching are few), then the relationships by ``person_id = ANY(ids)``: through the
    (tenant, person) index for a few hundred, else one scan with a hashed id check (the planner knows how many
    ids there are); None when no person matches.

    Written as ``person_id IN (SELECT ...)`` subqueries OR-ed together, as before, the planner could only check
    them row by row (hashed SubPlans), over every relationship of the group (a sequential scan, seconds at 200,000
    relationships); and the similarity evaluated on the joined rows would be computed for each of them.
    """
    with trigram_planner_costs():
        rows = list(who_knows_person_lookup(tenant=tenant, query=query))
    company_ids = list(dict.fromkeys(pk for pk, by_company in rows if by_company))
    seen = set(company_ids)
    # found by name or position only: shown only where the viewer may see the details
    named_ids = list(dict.fromkeys(pk for pk, by_company in rows if not by_company and pk not in seen))
    if not company_ids and not named_ids:
        return None
    matched = Q(_AnyOf(F("person_id"), company_ids + named_ids))
    if not named_ids:
        return matched
    if not company_ids:
        return matched & access_details
    return matched & (Q(_AnyOf(F("person_id"), company_ids)) | access_details)


def relationship_present(relationship: Relationship) -> dict:
    """The fields of a relationship a viewer may see, by its ``access`` annotation (pages, exports, API)."""
    access = getattr(relationship, "access", None)
    if access is None:
        raise ValueError("relationship_present needs a relationship from relationship_visible()")
    person = relationship.person
    base = {
        "id": relationship.pk,
        "access": access,
        "owner_id": relationship.owner_id,
        "owner_name": relationship.owner.full_name,
        "company": (person.account.name if person.account_id else person.company_name),
        "strength_band": strength_band(relationship.strength),
        "exclusive": relationship.exclusive,
        "status": relationship.status,
        "visibility": relationship.visibility,
    }
    if access == EXISTENCE:
        return base
    base.update(
        person_id=person.pk,
        person_name=person.full_name,
        position=person.position,
        linkedin_url=person.linkedin_url,
        strength=relationship.strength,
        kind=relationship.kind,
        context=relationship.context,
        open_to_offer=relationship.open_to_offer,
        scope=relationship.scope,
        tags=relationship.tags,
    )
    if access == OWNER:
        base["private_notes"] = relationship.private_notes
    return base


def ledger_for_owner(*, tenant: Tenant, membership: Membership) -> QuerySet[LedgerEntry]:
    """What others did with the member's relationships ("who looked at my contacts")."""
    if membership.employee_id is None:
        return LedgerEntry.unscoped.none()
    return (
        LedgerEntry.unscoped.filter(tenant=tenant, owner_id=membership.employee_id)
        .exclude(actor_id=membership.user_id)
        .select_related("actor")
        .order_by("-created_at", "-id")
    )


def ledger_list(*, tenant: Tenant, verb: str = "", actor_id=None, since=None, until=None) -> QuerySet[LedgerEntry]:
    qs = LedgerEntry.unscoped.filter(tenant=tenant).select_related("actor", "owner")
    return _ledger_filter(qs, verb=verb, actor_id=actor_id, since=since, until=until)


def _ledger_filter(qs: QuerySet[LedgerEntry], *, verb: str = "", actor_id=None, since=None, until=None) -> QuerySet[LedgerEntry]:
    if verb:
        qs = qs.filter(verb=verb)
    if actor_id:
        qs = qs.filter(actor_id=actor_id)
    if since:
        qs = qs.filter(created_at__gte=since)
    if until:
        qs = qs.filter(created_at__lt=until)
    return qs.order_by("-created_at", "-id")


def person_known_by_count(*, tenant: Tenant) -> QuerySet[Person]:
    return Person.unscoped.filter(tenant=tenant).annotate(known_by=Count("relationships", distinct=True))


def intro_requests_for_owner(*, tenant: Tenant, membership: Membership, relationship_id=None, pending_only: bool = True):
    """Moved to contacts.intros.selectors; kept here for older callers."""
    from contacts.intros.selectors import intro_requests_for_owner as for_owner

    return for_owner(tenant=tenant, membership=membership, relationship_id=relationship_id, pending_only=pending_only)


def recent_view_recorded(*, tenant: Tenant, user, relationship_id: int, since) -> bool:
    """Whether ``user`` already has a VIEW ledger row on this relationship since ``since`` (no spam on reload)."""
    return LedgerEntry.unscoped.filter(
        tenant=tenant, actor=user, relationship_id=relationship_id, verb=LedgerEntry.Verb.VIEW, created_at__gte=since
    ).exists()


# --- API reads (C3): lists with search, accounts, persons, the ledger as a viewer may see it -----------


def relationship_list(*, tenant: Tenant, membership: Membership, mine: bool = False, visibility: str = "",
                      search: str = "") -> QuerySet[Relationship]:
    """What the member may see, filtered. A search word matches the company for every row, and the person's
    name, position, e-mail, tags or context only where the member may see the details (no probing by name)."""
    qs = relationship_visible(tenant=tenant, membership=membership)
    if mine:
        qs = qs.filter(owner_id=membership.employee_id) if membership.employee_id else qs.none()
    if visibility:
        qs = qs.filter(visibility=visibility)
    for term in (search or "").split():
        company = Q(person__company_name__icontains=term) | Q(person__account__name__icontains=term)
        details = (
            Q(person__first_name__icontains=term)
            | Q(person__last_name__icontains=term)
            | Q(person__position__icontains=term)
            | Q(person__emails__email__icontains=term)
            | Q(tags__icontains=term)
            | Q(context__icontains=term)
        )
        qs = qs.filter(pk__in=qs.filter(company | (details & Q(access__in=[OWNER, DETAILS]))).values("pk"))
    # Not by the person's name: the position of an existence row in the list would hint at who it is.
    return qs.order_by("-updated_at", "-pk")


def account_list(*, tenant: Tenant, search: str = "", is_target=None):
    """The group's accounts (group data: every member sees them)."""
    from contacts.models import Account

    qs = Account.unscoped.filter(tenant=tenant).select_related("owner")
    for term in (search or "").split():
        qs = qs.filter(Q(name__icontains=term) | Q(siren__icontains=term) | Q(city__icontains=term))
    if is_target is not None:
        qs = qs.filter(is_target=is_target)
    return qs.order_by("name", "pk")


def account_get_for(*, tenant: Tenant, pk):
    """One account of the group, else 404 (missing and other tenant's alike)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    account = account_list(tenant=tenant).filter(pk=pk).first()
    if account is None:
        raise Http404
    return account


def person_get_for(*, tenant: Tenant, membership: Membership, pk, any_person: bool = False) -> Person:
    """A person whose details the member may see through one of the relationships to them (owner or details
    access), or any person of the group when ``any_person`` (the GDPR officer); else 404."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not any_person:
        visible = relationship_visible(tenant=tenant, membership=membership).filter(person_id=pk, access__in=[OWNER, DETAILS])
        if not visible.exists():
            raise Http404
    person = (
        Person.unscoped.filter(tenant=tenant, pk=pk)
        .select_related("account")
        .prefetch_related("emails", "phones")
        .first()
    )
    if person is None:
        raise Http404
    return person


def ledger_for_viewer(*, tenant: Tenant, membership: Membership, group: bool, any_person: bool = False, verb: str = "",
                      actor_id=None, since=None, until=None) -> QuerySet[LedgerEntry]:
    """The ledger as the member may read it, annotated with ``subject_visible``.

    ``group`` (the VIEW_LEDGER permission): the group's ledger with filters; else only the entries about the
    member's own relationships. Who the subject is (person, relationship) is shown only when the viewer may see
    that relationship's details; an entry about a person with no relationship left shows them only when the
    viewer sees their details elsewhere (or is the GDPR officer, ``any_person``: exports, objections, erasures),
    or when it is about the viewer's own relationship. So the group's ledger never reveals who a PRIVATE
    relationship is with.
    """
    from django.db.models import BooleanField, Exists, OuterRef

    if group:
        qs = ledger_list(tenant=tenant, verb=verb, actor_id=actor_id, since=since, until=until)
    else:
        qs = _ledger_filter(
            ledger_for_owner(tenant=tenant, membership=membership).select_related("owner"),
            verb=verb, actor_id=actor_id, since=since, until=until,
        )
    seen = relationship_visible(tenant=tenant, membership=membership).filter(access__in=[OWNER, DETAILS])
    own = Q(owner_id=membership.employee_id) if membership.employee_id else Q(pk__in=[])
    person_level = Value(True) if any_person else Exists(seen.filter(person_id=OuterRef("person_id")))
    return qs.annotate(
        subject_visible=Case(
            When(own, then=Value(True)),
            When(relationship_id__isnull=False, then=Exists(seen.filter(pk=OuterRef("relationship_id")))),
            When(owner_id__isnull=True, then=person_level),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def solicitation_list_mine(*, tenant: Tenant, membership: Membership, person_id=None):
    """The member's own solicitations, newest first (a member with no employee record has none)."""
    from contacts.models import Solicitation

    if membership.employee_id is None:
        return Solicitation.unscoped.none()
    qs = Solicitation.unscoped.filter(tenant=tenant, employee_id=membership.employee_id).select_related("person", "employee")
    if person_id:
        qs = qs.filter(person_id=person_id)
    return qs.order_by("-occurred_at", "-pk")
