"""Helpers of the attitudes tests: the charter through the networking services."""

from __future__ import annotations

from networking.charter import services as charter_services


def publish(org, title="Charte réseautage"):
    return charter_services.charter_publish(tenant=org.tenant, actor=org.user("executive"), title=title,
                                            dos="Compléter son profil", donts="Harceler les prospects")


def acknowledge(org, membership):
    return charter_services.charter_acknowledge(tenant=org.tenant, actor=membership.user)
