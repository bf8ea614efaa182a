"""Who may change a social profile (seed 001: the profile is the person's own space).

The employee records and ticks their own profiles. Their manager line may read them (networking.access) but never
change them: coaching happens in a conversation, not by editing someone's profile. Administrators
(Perm.MANAGE_ORG) may correct them (a wrong address, a profile recorded for the wrong person).
"""

from __future__ import annotations

from bns.models import Membership
from bns.permissions import Perm


def profile_can_edit(membership: Membership, employee_id: int) -> bool:
    """May this member create, change or delete the social profiles of employee ``employee_id``?"""
    if not membership.has_perm(Perm.USE_NETWORKING):
        return False
    if membership.employee_id and membership.employee_id == employee_id:
        return True
    return membership.has_perm(Perm.MANAGE_ORG)


def profile_can_choose_employee(membership: Membership) -> bool:
    """May this member record profiles for someone else (the forms then offer the choice)?"""
    return membership.has_perm(Perm.MANAGE_ORG)
