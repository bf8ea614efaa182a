"""Which role may do what: one readable table, used by the views and the API alike."""

from __future__ import annotations

from enum import StrEnum

from bns.models import Role


class Perm(StrEnum):
    VIEW_GROUP = "view_group"  # the group's pages: home, sites, departments, directory of employees
    MANAGE_ORG = "manage_org"  # create/edit sites, departments, employees; employee CSV import
    MANAGE_MEMBERS = "manage_members"  # memberships, roles, invitations
    MANAGE_POLICY = "manage_policy"  # tenant policy settings (MFA, invitation validity...)
    VIEW_AUDIT = "view_audit"  # the tenant's audit trail
    USE_CONTACTS = "use_contacts"  # own address book, who-knows-who, solicitations
    VIEW_LEDGER = "view_ledger"  # the group's sharing ledger (filters, CSV export)
    MANAGE_GDPR = "manage_gdpr"  # access export, objection, erasure of a person; merges of duplicates
    MANAGE_ACCOUNT_PLANS = "manage_account_plans"  # create account plans (a plan's owner edits their own)
    APPROVE_REWARDS = "approve_rewards"  # approve or reject referral rewards ("primes")
    PAY_REWARDS = "pay_rewards"  # mark rewards paid, payroll export; reward rules
    USE_NETWORKING = "use_networking"  # own social profiles, activity, network events, charter, pulse, own score
    VIEW_NETWORKING = "view_networking"  # group-wide networking figures: coordination, charter rates, licences, scores
    MANAGE_NETWORKS = "manage_networks"  # directory of real-world networks, targets and leads, tool licences
    MANAGE_CHARTER = "manage_charter"  # publish a new version of the networking charter
    MANAGE_PULSE = "manage_pulse"  # open and close conviction pulses, read their (anonymous) results
    VIEW_PROGRAMME = "view_programme"  # read the BNS programme (every member: the programme is the group's shared plan)
    MANAGE_PROGRAMME = "manage_programme"  # write every part of the programme (the process owner writes it too)
    ANSWER_DIAGNOSTIC = "answer_diagnostic"  # answer the programme's self-assessment (executives and managers)
    VIEW_DASHBOARDS = "view_dashboards"  # the CoDir, dealership and department dashboards (group-wide figures)
    REFRESH_DASHBOARDS = "refresh_dashboards"  # recompute the dashboards' snapshot now


_ALL = frozenset(Perm)
_READ = frozenset({Perm.VIEW_GROUP, Perm.USE_CONTACTS, Perm.USE_NETWORKING, Perm.VIEW_PROGRAMME})
_LEAD = frozenset({Perm.MANAGE_ACCOUNT_PLANS, Perm.APPROVE_REWARDS, Perm.ANSWER_DIAGNOSTIC})
_NET_LEAD = frozenset({Perm.VIEW_NETWORKING, Perm.MANAGE_NETWORKS, Perm.VIEW_DASHBOARDS})

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.ADMIN: _ALL,
    Role.EXECUTIVE: _READ | _LEAD | _NET_LEAD | {Perm.VIEW_AUDIT, Perm.MANAGE_CHARTER, Perm.MANAGE_PULSE, Perm.MANAGE_PROGRAMME,
                                             Perm.REFRESH_DASHBOARDS},
    Role.SITE_DIRECTOR: _READ | _LEAD | _NET_LEAD,
    Role.MANAGER: _READ | _LEAD,
    Role.EMPLOYEE: _READ,
    Role.MARKETING: _READ,
    Role.CONSULTANT: _READ | {Perm.VIEW_AUDIT, Perm.VIEW_NETWORKING, Perm.ANSWER_DIAGNOSTIC, Perm.VIEW_DASHBOARDS},
}


def role_has_perm(role: str, perm: Perm) -> bool:
    return perm in ROLE_PERMISSIONS.get(role, frozenset())
