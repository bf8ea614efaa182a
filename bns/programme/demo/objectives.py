"""Steps 3 and 6: eight KPIs with a value each month, and six objectives (four SMART, two not).

KPIs: six metrics of the catalogue and two entered by hand with their source. Their values are recorded once a month
(105, 75, 45 and 15 days ago) with the source "mesure mensuelle": the demo seeders of the other apps run after this
one, so the catalogue has nothing to compute from yet when it runs (kpi_measure would store a made-up 0 or nothing);
the monthly series end close to what the catalogue computes on the full demo data. "Measure now" on the KPI page then
adds today's computed value.

The two objectives that are not SMART fail exactly these checks (bns.programme.objectives.smart):
- « Être plus présents sur LinkedIn »: no KPI and no target -> M and A fail (owner, deadline and the retained strategy
  keep S, R and T green);
- 30 referrals won in 90 days: the target needs about 10 more a month while the trend is under 2 -> A fails
  ("perhaps not achievable"), and nobody owns it -> R fails.
The four SMART ones need at most the recent pace (less than twice the trend) until the iteration's end.
"""

from __future__ import annotations

from decimal import Decimal

from bns.models import User
from bns.programme.demo.cast import Calendar, Cast
from bns.programme.models import Kpi, KpiValue, Objective, Programme, ScopeKind
from bns.programme.objectives.services import kpi_create, kpi_value_record, objective_create

MEASURED_DAYS_AGO = (105, 75, 45, 15)
MONTHLY_SOURCE = "mesure mensuelle"

KPIS = [
    {"key": "profiles", "metric_key": "profile_completeness", "target": "40", "values": ("19", "22", "25", "28")},
    {"key": "active", "metric_key": "active_employees", "target": "45", "values": ("21", "25", "28", "31")},
    {"key": "activity", "metric_key": "activity_per_active_employee", "target": "8", "values": ("3.6", "4.3", "5.1", "5.9")},
    {"key": "shared", "metric_key": "relationships_shared", "target": "75", "values": ("38", "49", "58", "66")},
    {"key": "referrals", "metric_key": "referrals_won", "target": "12", "values": ("0", "1", "3", "5")},
    {"key": "coverage", "metric_key": "network_coverage", "target": "80", "values": ("35", "48", "57", "65")},
    {"key": "leads", "name": "Leads issus des réseaux (par mois), VN", "unit": "leads", "direction": Kpi.Direction.UP,
     "target": "40", "scope": "VN",
     "manual_source": "CRM du groupe : leads VN du mois dont l'origine est « réseau social » ou « réseau physique »",
     "values": ("14", "19", "23", "27")},
    {"key": "cost_per_lead", "name": "Coût par lead (€)", "unit": "€", "direction": Kpi.Direction.DOWN, "target": "70",
     "manual_source": "Contrôle de gestion : dépenses marketing du mois divisées par les leads reçus (CRM)",
     "values": ("118", "104", "95", "88")},
]

OBJECTIVES = [
    # SMART
    {"statement": "Porter la complétude moyenne des profils LinkedIn des collaborateurs à 40 % d'ici la fin de l'itération",
     "kpi": "profiles", "target": "40", "owner": "rh"},
    {"statement": "Avoir 45 % des collaborateurs actifs sur les réseaux chaque mois (au moins une activité en 30 jours)",
     "kpi": "active", "target": "45", "owner": "dev"},
    {"statement": "Atteindre 40 leads VN par mois issus des réseaux sociaux et physiques, comptés dans le CRM",
     "kpi": "leads", "target": "40", "owner": "manager", "scope": "VN"},
    {"statement": "Ramener le coût par lead à 70 € en remplaçant la presse, la radio et les prospectus par le réseau",
     "kpi": "cost_per_lead", "target": "70", "owner": "marketing"},
    # Not SMART: no KPI, no target (M and A).
    {"statement": "Être plus présents sur LinkedIn", "owner": "marketing"},
    # Not SMART: far beyond the trend (A), nobody owns it (R).
    {"statement": "Atteindre 30 recommandations gagnées sur 90 jours grâce aux relations des collaborateurs",
     "kpi": "referrals", "target": "30"},
]


def seed_kpis(cast: Cast, cal: Calendar, actor: User, programme: Programme) -> dict[str, Kpi]:
    """The eight KPIs (defined at workshop 2) and their monthly values."""
    kpis: dict[str, Kpi] = {}
    for spec in KPIS:
        department = cast.departments[spec["scope"]] if spec.get("scope") else None
        kpis[spec["key"]] = kpi_create(
            tenant=cast.tenant, actor=actor, programme=programme, metric_key=spec.get("metric_key", ""),
            name=spec.get("name", ""), unit=spec.get("unit", ""), direction=spec.get("direction", Kpi.Direction.UP),
            target=Decimal(spec["target"]), scope_kind=ScopeKind.DEPARTMENT if department else ScopeKind.GROUP,
            department=department, manual_source=spec.get("manual_source", ""),
        )
    Kpi.unscoped.filter(tenant=cast.tenant, programme=programme).update(created_at=cal.moment(cal.after_start(-1)))
    for spec in KPIS:
        kpi = kpis[spec["key"]]
        for days_ago, value in zip(MEASURED_DAYS_AGO, spec["values"], strict=True):
            measured_on = cal.ago(days_ago)
            source = MONTHLY_SOURCE if kpi.metric_key else f"{MONTHLY_SOURCE} ({kpi.manual_source})"
            row = kpi_value_record(tenant=cast.tenant, actor=actor, kpi=kpi, measured_on=measured_on, value=Decimal(value),
                                   source=source[:300])
            KpiValue.unscoped.filter(tenant=cast.tenant, pk=row.pk).update(created_at=cal.moment(measured_on, 8))
    return kpis


def seed_objectives(cast: Cast, cal: Calendar, actor: User, programme: Programme, kpis: dict[str, Kpi]) -> None:
    """The six objectives written at workshop 2; the baseline is each KPI's first monthly value."""
    for spec in OBJECTIVES:
        kpi = kpis.get(spec.get("kpi", ""))
        first = next(k["values"][0] for k in KPIS if k["key"] == spec["kpi"]) if kpi else None
        department = cast.departments[spec["scope"]] if spec.get("scope") else None
        objective_create(
            tenant=cast.tenant, actor=actor, programme=programme, statement=spec["statement"], kpi=kpi,
            baseline=Decimal(first) if first is not None else None,
            target=Decimal(spec["target"]) if spec.get("target") else None, deadline=cal.end,
            owner=cast[spec["owner"]] if spec.get("owner") else None,
            scope_kind=ScopeKind.DEPARTMENT if department else ScopeKind.GROUP, department=department,
        )
    Objective.unscoped.filter(tenant=cast.tenant, programme=programme).update(created_at=cal.moment(cal.after_start(29), 16))
