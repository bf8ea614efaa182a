"""Helpers of the reviews and lessons' tests: KPIs and values through the objectives' services, reviews through ours."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from bns.programme.objectives import services as kpi_services
from bns.programme.reviews import services


def kpi(org, name="Profils complets", *, target="80", unit="%"):
    return kpi_services.kpi_create(tenant=org.tenant, actor=org.u("owner"), programme=org.programme, name=name, unit=unit,
                                   target=Decimal(target) if target is not None else None, manual_source="CRM")


def value(org, the_kpi, days_ago: int, amount):
    return kpi_services.kpi_value_record(tenant=org.tenant, actor=org.u("owner"), kpi=the_kpi,
                                         measured_on=timezone.localdate() - timedelta(days=days_ago), value=Decimal(str(amount)))


def record(org, *, days_ago: int = 0, who: str = "owner", **kwargs):
    return services.review_record(tenant=org.tenant, actor=org.u(who), programme=org.programme,
                                  held_on=timezone.localdate() - timedelta(days=days_ago), **kwargs)
