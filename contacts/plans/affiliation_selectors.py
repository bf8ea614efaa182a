"""Reads of affiliations: the directory with member counts, an affiliation's members, similar names.

Employees' affiliations are group data (like the directory of employees). A person's affiliations and the
persons of an affiliation are shown only where the viewer may see that person's details (see access.py), so
the directory never tells that someone known only through a PRIVATE relationship went to a school.
"""

from __future__ import annotations

import difflib

from django.db import connection
from django.db.models import Count, F, FloatField, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.db.models.lookups import Contains
from django.http import Http404

from bns.models import Membership, Tenant
from contacts.normalize import fold
from contacts.plans.access import person_details_ids
from contacts.plans.models import Affiliation, EmployeeAffiliation, PersonAffiliation

SIMILAR_LIMIT = 5
# pg_trgm: similarity of the whole keys, or word similarity either way ("esc rennes" is a word extent of
# "esc rennes school of business"); below these, two names are not offered as the same affiliation. Sharing only
# a city ("ESC Rennes" / "BNI Rennes Entreprendre": word similarity 0.73) is not enough.
TRIGRAM_SIMILARITY_MIN = 0.35
TRIGRAM_WORD_SIMILARITY_MIN = 0.8
TRIGRAM_WORD_SIMILARITY_SAME_START = 0.6  # enough when both names start with the same word


def affiliation_key(name: str) -> str:
    """The identity of an affiliation's name: accent-folded, lower-cased, punctuation and extra spaces dropped."""
    return fold(name)[:200]


def _int(pk) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError):
        raise Http404 from None


def affiliation_get_for(*, tenant: Tenant, pk) -> Affiliation:
    affiliation = Affiliation.unscoped.filter(tenant=tenant, pk=_int(pk)).first()
    if affiliation is None:
        raise Http404
    return affiliation


def affiliation_list(*, tenant: Tenant, membership: Membership, search: str = "", kind: str = "") -> QuerySet[Affiliation]:
    """The directory: every affiliation of the group with ``employee_count`` and ``person_count`` (the persons the
    viewer may see the details of), in two correlated subqueries (bounded, whatever the page size)."""
    employees = (
        EmployeeAffiliation.unscoped.filter(tenant=tenant, affiliation=OuterRef("pk"), employee__is_active=True)
        .order_by()
        .values("affiliation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    persons = (
        PersonAffiliation.unscoped.filter(
            tenant=tenant, affiliation=OuterRef("pk"), person_id__in=person_details_ids(tenant=tenant, membership=membership)
        )
        .order_by()
        .values("affiliation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = Affiliation.unscoped.filter(tenant=tenant).annotate(
        employee_count=Coalesce(Subquery(employees, output_field=IntegerField()), 0),
        person_count=Coalesce(Subquery(persons, output_field=IntegerField()), 0),
    )
    if kind:
        qs = qs.filter(kind=kind)
    for term in (search or "").split():
        folded = fold(term)
        cond = Q(name__icontains=term) | Q(city__icontains=term)
        if folded:
            cond |= Q(name_key__contains=folded)
        qs = qs.filter(cond)
    return qs.order_by("name", "pk")


def affiliation_employees(*, tenant: Tenant, affiliation: Affiliation) -> QuerySet[EmployeeAffiliation]:
    return (
        EmployeeAffiliation.unscoped.filter(tenant=tenant, affiliation=affiliation, employee__is_active=True)
        .select_related("employee", "employee__site")
        .order_by("employee__last_name", "employee__first_name", "pk")
    )


def affiliation_persons(*, tenant: Tenant, membership: Membership, affiliation: Affiliation) -> QuerySet[PersonAffiliation]:
    """The persons of an affiliation whose details the viewer may see (the others are not even counted)."""
    return (
        PersonAffiliation.unscoped.filter(
            tenant=tenant, affiliation=affiliation, person_id__in=person_details_ids(tenant=tenant, membership=membership)
        )
        .select_related("person", "person__account")
        .order_by("person__last_name", "person__first_name", "pk")
    )


def employee_affiliations(*, tenant: Tenant, employee_id) -> QuerySet[EmployeeAffiliation]:
    if employee_id is None:
        return EmployeeAffiliation.unscoped.none()
    return (
        EmployeeAffiliation.unscoped.filter(tenant=tenant, employee_id=employee_id)
        .select_related("affiliation", "employee")
        .order_by("affiliation__name", "pk")
    )


def employee_affiliation_list(*, tenant: Tenant, employee_id=None, affiliation_id=None) -> QuerySet[EmployeeAffiliation]:
    qs = EmployeeAffiliation.unscoped.filter(tenant=tenant).select_related("affiliation", "employee")
    if employee_id:
        qs = qs.filter(employee_id=employee_id)
    if affiliation_id:
        qs = qs.filter(affiliation_id=affiliation_id)
    return qs.order_by("affiliation__name", "employee__last_name", "pk")


def employee_affiliation_get_for(*, tenant: Tenant, pk) -> EmployeeAffiliation:
    link = EmployeeAffiliation.unscoped.filter(tenant=tenant, pk=_int(pk)).select_related("affiliation", "employee").first()
    if link is None:
        raise Http404
    return link


def person_affiliation_list(*, tenant: Tenant, membership: Membership, person_id=None, affiliation_id=None
                            ) -> QuerySet[PersonAffiliation]:
    """Persons' affiliations, only for the persons whose details the viewer may see."""
    qs = PersonAffiliation.unscoped.filter(
        tenant=tenant, person_id__in=person_details_ids(tenant=tenant, membership=membership)
    ).select_related("affiliation", "person")
    if person_id:
        qs = qs.filter(person_id=person_id)
    if affiliation_id:
        qs = qs.filter(affiliation_id=affiliation_id)
    return qs.order_by("affiliation__name", "person__last_name", "pk")


def person_affiliation_get_for(*, tenant: Tenant, membership: Membership, pk) -> PersonAffiliation:
    """A person's affiliation, when the viewer may see the person's details; else 404."""
    link = person_affiliation_list(tenant=tenant, membership=membership).filter(pk=_int(pk)).first()
    if link is None:
        raise Http404
    return link


def affiliation_similar(*, tenant: Tenant, name: str, kind: str = "", exclude_pk=None, limit: int = SIMILAR_LIMIT) -> list[Affiliation]:
    """Existing affiliations whose name looks like ``name`` ("did you mean ESC Rennes School of Business?").

    Compared on the folded keys (accents, case and punctuation ignored), of the same kind when ``kind`` is given:
    - PostgreSQL: pg_trgm ``similarity`` of the keys (typos: "Stade Rennais Rubgy") or ``word_similarity`` either
      way (one name inside the other: "ESC Rennes" / "ESC Rennes School of Business"; a lower bar when both start
      with the same word), plus plain containment;
    - SQLite: containment either way, or the same first word (3 letters or more).
    Then ranked by difflib's ratio of the keys (best first), ``limit`` at most.
    """
    key = affiliation_key(name)
    if not key:
        return []
    qs = Affiliation.unscoped.filter(tenant=tenant)
    if kind:
        qs = qs.filter(kind=kind)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    contains = Q(name_key__contains=key) | Q(Contains(Value(key), F("name_key")))
    if connection.vendor == "postgresql":
        def trgm(function, a, b):
            return Func(a, b, function=function, output_field=FloatField())

        qs = qs.annotate(
            _sim=trgm("similarity", F("name_key"), Value(key)),
            _word=Greatest(trgm("word_similarity", F("name_key"), Value(key)), trgm("word_similarity", Value(key), F("name_key"))),
        )
        cond = contains | Q(_sim__gte=TRIGRAM_SIMILARITY_MIN) | Q(_word__gte=TRIGRAM_WORD_SIMILARITY_MIN)
        first = key.split(" ")[0]
        if len(first) >= 3:  # the same first word and a typo further on ("ESC Renes" / "ESC Rennes School of Business")
            cond |= Q(_word__gte=TRIGRAM_WORD_SIMILARITY_SAME_START, name_key__startswith=first)
        qs = qs.filter(cond)
        qs = qs.order_by("-_sim", "name", "pk")
    else:
        first = key.split(" ")[0]
        cond = contains
        if len(first) >= 3:
            cond |= Q(name_key__startswith=first + " ") | Q(name_key=first)
        qs = qs.filter(cond).order_by("name", "pk")
    scored = []
    for affiliation in qs[:200]:
        ratio = difflib.SequenceMatcher(None, key, affiliation.name_key).ratio()
        inside = key in affiliation.name_key or affiliation.name_key in key
        scored.append((not inside, -ratio, affiliation.name, affiliation.pk, affiliation))
    scored.sort(key=lambda row: row[:4])
    return [row[-1] for row in scored[:limit]]
