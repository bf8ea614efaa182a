"""Helpers shared by the referral and reward services: the actor's membership, labels, money, notifications."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format

from bns.access import membership_of_actor
from bns.models import Membership, Tenant
from bns.services.notifications import notification_send_to_employee
from contacts.referrals.models import Referral

CENT = Decimal("0.01")


def actor_membership(tenant: Tenant, actor) -> Membership:
    """The actor's active membership of ``tenant`` (PermissionDenied for anyone else)."""
    return membership_of_actor(tenant=tenant, actor=actor)


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def euros(value) -> str:
    """"4 200 €", "210,50 €" in the active language (call under the tenant's locale for stored text)."""
    value = money(value)
    decimals = 0 if value == value.to_integral_value() else 2
    return f"{number_format(value, decimal_pos=decimals, force_grouping=True)}\u00a0€"


def percent_text(value) -> str:
    value = Decimal(value).normalize()
    decimals = max(0, -value.as_tuple().exponent)
    return number_format(value, decimal_pos=decimals)


def lead_label(referral: Referral) -> str:
    """"Yann Kervella (Transports Kervella)", or the company alone."""
    person, account = referral.person, referral.account
    company = account.name if account is not None else (person.company_name if person is not None else "")
    if person is not None:
        return f"{person.full_name} ({company})" if company else person.full_name
    return company or f"#{referral.pk}"


def referral_url(tenant: Tenant, referral_id: int) -> str:
    return reverse("referrals_detail", kwargs={"tenant_slug": tenant.slug, "pk": referral_id})


def notify_employee(*, tenant: Tenant, employee, key: str, verb: str, title, body="", url: str = "") -> None:
    """Tell an employee (their bell and e-mail); ``title``/``body`` are callables run in the tenant's language."""
    with translation.override(tenant.locale):
        notification_send_to_employee(
            tenant=tenant, employee=employee, key=key, verb=verb, title=str(title()), body=str(body() if callable(body) else body),
            url=url,
        )
