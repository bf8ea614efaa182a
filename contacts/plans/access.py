"""Who may do what with account plans and affiliations (used by the services, the pages and the API).

- Reading plans: every member with the contacts (``Perm.USE_CONTACTS``): a plan is the group's work on a target
  account; what it shows of our relationships is filtered per viewer (contacts.selectors.relationship_visible).
- Creating plans: ``Perm.MANAGE_ACCOUNT_PLANS``; editing one (its stakeholders and actions too): its owner (the key
  account manager) or ``Perm.MANAGE_ACCOUNT_PLANS``; an action's owner may also update and complete their action.
- A person's details (to add them to a plan, or to give them an affiliation): only a member who owns a relationship
  to them or is in the audience of a SHARED one; never through someone else's PRIVATE relationship.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from bns.access import membership_of_actor
from bns.models import Membership, Tenant
from bns.permissions import Perm
from contacts.models import Person
from contacts.selectors import DETAILS, OWNER, relationship_visible


def actor_membership(tenant: Tenant, actor) -> Membership:
    """The actor's active membership (bns.access.membership_of_actor), which must also use the contacts."""
    membership = membership_of_actor(tenant=tenant, actor=actor)
    if not membership.has_perm(Perm.USE_CONTACTS):
        raise PermissionDenied
    return membership


def person_details_ids(*, tenant: Tenant, membership: Membership) -> QuerySet:
    """The ids of the persons whose details the member may see (a subquery: owner or details access)."""
    return (
        relationship_visible(tenant=tenant, membership=membership)
        .filter(access__in=[OWNER, DETAILS])
        .order_by()
        .values("person_id")
    )


def persons_with_details(*, tenant: Tenant, membership: Membership) -> QuerySet[Person]:
    """The persons whose details the member may see, by name."""
    return Person.unscoped.filter(tenant=tenant, pk__in=person_details_ids(tenant=tenant, membership=membership)).select_related(
        "account"
    ).order_by("last_name", "first_name", "pk")


def person_details_visible(*, tenant: Tenant, membership: Membership, person: Person) -> bool:
    if person.tenant_id != tenant.pk:
        return False
    return relationship_visible(tenant=tenant, membership=membership).filter(person_id=person.pk, access__in=[OWNER, DETAILS]).exists()


def plan_can_edit(membership: Membership, plan) -> bool:
    """The plan's owner (its key account manager) or a member with the account-plans permission."""
    if membership.has_perm(Perm.MANAGE_ACCOUNT_PLANS):
        return True
    return membership.employee_id is not None and plan.owner_id == membership.employee_id


def plan_require_edit(membership: Membership, plan) -> None:
    if not plan_can_edit(membership, plan):
        raise PermissionDenied


def action_can_edit(membership: Membership, action) -> bool:
    """Plan editors, and the action's owner for their own action."""
    if plan_can_edit(membership, action.plan):
        return True
    return membership.employee_id is not None and action.owner_id == membership.employee_id
