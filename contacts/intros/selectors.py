"""Reads of introduction requests: only the two sides of a request ever see it (never a manager, an admin...).

What the requester sees of the person follows the visibility rule at the time of reading
(``contacts.selectors.relationship_visible``), annotated as ``requester_access``:
- ``details`` (a SHARED relationship in their audience): the person, as on the relationship page;
- ``existence`` (DISCOVERABLE, or SHARED outside their audience): the company only, and the person's name and
  position once the owner ACCEPTED the introduction (that is the introduction); a declined, expired or pending
  request reveals nothing more than before;
- nothing (``None``): the relationship became PRIVATE or was deleted: "a contact no longer shared".
The owner always sees their own contact.
"""

from __future__ import annotations

from django.db.models import Case, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.http import Http404

from bns.models import Membership, Tenant
from contacts.models import IntroEvent, IntroRequest
from contacts.selectors import DETAILS, EXISTENCE, OWNER, relationship_visible

RECEIVED, SENT = "received", "sent"
_RELATED = ("requester", "owner", "relationship", "relationship__person", "relationship__person__account", "account_plan__account")


def _with_access(qs: QuerySet[IntroRequest], *, tenant: Tenant, membership: Membership) -> QuerySet[IntroRequest]:
    """Annotate ``viewer_access``: the viewer's access to the request's relationship now (None: not visible)."""
    visible = relationship_visible(tenant=tenant, membership=membership).filter(pk=OuterRef("relationship_id"))
    return qs.annotate(viewer_access=Subquery(visible.values("access")[:1]))


def intro_requests_for_owner(*, tenant: Tenant, membership: Membership, relationship_id=None, pending_only: bool = True):
    """Introduction requests the member received ("requests waiting for me"), newest first."""
    if membership.employee_id is None:
        return IntroRequest.unscoped.none()
    qs = IntroRequest.unscoped.filter(tenant=tenant, owner_id=membership.employee_id).select_related(
        "requester", "relationship", "relationship__person"
    )
    if pending_only:
        qs = qs.filter(status=IntroRequest.Status.PENDING)
    if relationship_id is not None:
        qs = qs.filter(relationship_id=relationship_id)
    return qs.order_by("-created_at", "-pk")


def intro_requests_received(*, tenant: Tenant, membership: Membership, status: str = "") -> QuerySet[IntroRequest]:
    """Requests the member received: pending first, soonest deadline first, then the newest."""
    if membership.employee_id is None:
        return IntroRequest.unscoped.none()
    qs = IntroRequest.unscoped.filter(tenant=tenant, owner_id=membership.employee_id).select_related(*_RELATED)
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(
        pending_rank=Case(When(status=IntroRequest.Status.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("pending_rank", F("expires_at").asc(nulls_last=True), "-created_at", "-pk")


def intro_requests_sent(*, tenant: Tenant, membership: Membership, status: str = "") -> QuerySet[IntroRequest]:
    """Requests the member sent, newest first, annotated with ``viewer_access`` (what they may see of the person)."""
    if membership.employee_id is None:
        return IntroRequest.unscoped.none()
    qs = IntroRequest.unscoped.filter(tenant=tenant, requester_id=membership.employee_id).select_related(*_RELATED)
    if status:
        qs = qs.filter(status=status)
    return _with_access(qs, tenant=tenant, membership=membership).order_by("-created_at", "-pk")


def intro_requests_mine(*, tenant: Tenant, membership: Membership, box: str = "", status: str = "") -> QuerySet[IntroRequest]:
    """Both boxes at once (API): the requests the member received or sent."""
    if box == RECEIVED:
        return _with_access(intro_requests_received(tenant=tenant, membership=membership, status=status),
                            tenant=tenant, membership=membership)
    if box == SENT:
        return intro_requests_sent(tenant=tenant, membership=membership, status=status)
    if membership.employee_id is None:
        return IntroRequest.unscoped.none()
    me = membership.employee_id
    qs = IntroRequest.unscoped.filter(tenant=tenant).filter(Q(owner_id=me) | Q(requester_id=me)).select_related(*_RELATED)
    if status:
        qs = qs.filter(status=status)
    return _with_access(qs, tenant=tenant, membership=membership).order_by("-created_at", "-pk")


def intro_request_counts(*, tenant: Tenant, membership: Membership) -> dict[str, int]:
    """How many requests wait for the member's answer (the inbox's badge)."""
    if membership.employee_id is None:
        return {"pending_received": 0}
    return {
        "pending_received": IntroRequest.unscoped.filter(
            tenant=tenant, owner_id=membership.employee_id, status=IntroRequest.Status.PENDING
        ).count()
    }


def intro_request_get_for(*, tenant: Tenant, membership: Membership, pk) -> IntroRequest:
    """One request, for its requester or its owner only (anyone else, whatever their role: 404)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if membership.tenant_id != tenant.pk or membership.employee_id is None:
        raise Http404
    me = membership.employee_id
    qs = IntroRequest.unscoped.filter(tenant=tenant, pk=pk).filter(Q(owner_id=me) | Q(requester_id=me)).select_related(*_RELATED)
    intro = _with_access(qs, tenant=tenant, membership=membership).first()
    if intro is None:
        raise Http404
    return intro


def intro_events(*, tenant: Tenant, intro: IntroRequest) -> QuerySet[IntroEvent]:
    """The request's history, oldest first (both sides see it)."""
    return IntroEvent.unscoped.filter(tenant=tenant, intro_request_id=intro.pk).select_related("actor").order_by("created_at", "pk")


def intro_side(intro: IntroRequest, membership: Membership) -> str:
    """Which side the member is on: "owner" or "requester" (a request one may see has exactly one)."""
    return OWNER if intro.owner_id == membership.employee_id else "requester"


def intro_subject(intro: IntroRequest, membership: Membership) -> dict:
    """What the member may see of the person the request is about (see the module docstring)."""
    relationship = intro.relationship
    person = relationship.person
    company = person.account.name if person.account_id else person.company_name
    if intro.owner_id == membership.employee_id:
        return {"visible": True, "named": True, "person_name": person.full_name, "company": company, "position": person.position,
                "relationship_id": relationship.pk}
    access = getattr(intro, "viewer_access", None)
    if access is None:
        return {"visible": False, "named": False}
    named = access in (OWNER, DETAILS) or (access == EXISTENCE and intro.status == IntroRequest.Status.ACCEPTED)
    shown = {"visible": True, "named": named, "company": company, "relationship_id": relationship.pk}
    if named:
        shown.update(person_name=person.full_name, position=person.position)
    return shown
