"""Who may do what with the real-world networks (used by the services, the pages and the API).

- Everyone using the networking reads the directory, the networks' members, events and attendees.
- The directory and the policy (targets, leads): Perm.MANAGE_NETWORKS; the policy and the coordination view are
  read with Perm.VIEW_NETWORKING.
- A membership: the employee declares their own; Perm.MANAGE_NETWORKS declares anyone's.
- An event: any member logs one; its creator or Perm.MANAGE_NETWORKS edits it and marks colleagues as attendees.
- Contacts met: only the attendee records theirs, and only they see their names (the rep owns the relationship).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from bns.access import membership_of_actor
from bns.models import Membership, Tenant
from bns.permissions import Perm
from networking.models import NetworkEvent


def actor_membership(tenant: Tenant, actor) -> Membership:
    """The actor's active membership, which must use the networking (PermissionDenied otherwise)."""
    membership = membership_of_actor(tenant=tenant, actor=actor)
    if not membership.has_perm(Perm.USE_NETWORKING):
        raise PermissionDenied
    return membership


def membership_can_manage(membership: Membership, employee_id) -> bool:
    """May this member declare, change or end the network membership of ``employee_id``?"""
    own = membership.employee_id is not None and membership.employee_id == employee_id
    return own or membership.has_perm(Perm.MANAGE_NETWORKS)


def event_can_edit(membership: Membership, event: NetworkEvent) -> bool:
    """The event's creator, or a member managing the networks."""
    if membership.has_perm(Perm.MANAGE_NETWORKS):
        return True
    return event.created_by_id is not None and event.created_by_id == membership.user_id
