"""seed_demo data of the conviction pulse, for the "armor" group (to be called from networking/demo.py).

- A closed pulse of last quarter asked to every employee, answered by about six in ten of them, with the shape
  seed 001 describes: many "uh, no…", a frank "no, never!" now and then, a few "yes, of course", pride and
  recommendations spread accordingly, and a handful of comments. Its results are shown (well above 5 answers).
- An open pulse for the sales departments, answered by a few reps so far; the demo rep (vendeur@armor.example) has
  not answered, so the answer page can be tried.

Pulses are created, opened and closed through the services as the CoDir member (codir@armor.example). The demo
employees mostly have no login, so their participations and answers are written directly, in one transaction per
pulse, exactly as the answer service writes them (no person on the answer; closing then shuffles and re-keys them).
Deterministic (a seeded generator, employees in employee-number order, dates relative to today) and idempotent
(pulses matched by title: a second run creates nothing). Titles and comments are data, not UI strings.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from bns.models import Department, Employee, Membership, Tenant
from networking.models import Pulse, PulseAnswer, PulseParticipation
from networking.pulse import services

DEMO_TENANT_SLUG = "armor"
CODIR_EMAIL = "codir@armor.example"
REP_EMAIL = "vendeur@armor.example"
CLOSED_TITLE = "Baromètre de conviction — trimestre dernier"
OPEN_TITLE = "Baromètre de conviction — équipes commerciales"
COMMENTS = [
    "On vend de bons véhicules, mais l'après-vente nous fait perdre des clients.",
    "Fier de la marque, moins des délais de livraison.",
    "Je n'ose pas proposer nos offres à mes proches : les prix ne sont pas compétitifs.",
    "J'ai fait acheter deux voitures à ma famille cette année, et ils sont ravis.",
    "Plus de formation sur les nouveaux modèles électriques, svp.",
    "Bonne ambiance dans l'équipe, la direction devrait venir plus souvent en concession.",
    "Les objectifs changent trop souvent pour qu'on y croie.",
    "Je recommande le groupe à mes amis, pas encore nos offres de financement.",
]


def demo_seed(*, tenants, stdout=None) -> dict[str, int]:
    tenant = tenants.get(DEMO_TENANT_SLUG)
    if tenant is None:
        return {}
    codir = Membership.unscoped.filter(tenant=tenant, user__email=CODIR_EMAIL, is_active=True).select_related("user").first()
    if codir is None:
        return {}
    created = {"conviction pulses": 0, "pulse answers": 0}
    staff = list(Employee.unscoped.filter(tenant=tenant, is_active=True).order_by("external_id", "pk"))
    rep = Membership.unscoped.filter(tenant=tenant, user__email=REP_EMAIL).values_list("employee_id", flat=True).first()
    today = timezone.localdate()
    if not Pulse.unscoped.filter(tenant=tenant, title=CLOSED_TITLE).exists():
        with transaction.atomic():
            pulse = services.pulse_create(tenant=tenant, actor=codir.user, title=CLOSED_TITLE, opens_on=today - timedelta(days=80),
                                          closes_on=today - timedelta(days=59))
            Pulse.unscoped.filter(pk=pulse.pk).update(status=Pulse.Status.OPEN)  # it ran last quarter
            rng = random.Random(1)
            respondents = [e for e in staff if rng.random() < 0.6]
            created["pulse answers"] += _answers(tenant, pulse, respondents, rng)
            services.pulse_close(tenant=tenant, actor=codir.user, pulse=Pulse.unscoped.get(pk=pulse.pk))
            created["conviction pulses"] += 1
    if not Pulse.unscoped.filter(tenant=tenant, title=OPEN_TITLE).exists():
        with transaction.atomic():
            sales = list(Department.unscoped.filter(tenant=tenant, name__icontains="vente").values_list("pk", flat=True))
            pulse = services.pulse_create(tenant=tenant, actor=codir.user, title=OPEN_TITLE, opens_on=today - timedelta(days=3),
                                          closes_on=today + timedelta(days=18), audience_department_ids=sales, open_now=True)
            rng = random.Random(2)
            asked = [e for e in staff if (not sales or e.department_id in sales) and e.pk != rep]
            created["pulse answers"] += _answers(tenant, pulse, asked[: max(0, len(asked) // 4)], rng)
            created["conviction pulses"] += 1
    return created


def _answers(tenant: Tenant, pulse: Pulse, respondents: list[Employee], rng: random.Random) -> int:
    """Participations and answers as the answer service writes them (the answer holds no person)."""
    answers = []
    for _employee in respondents:
        offered = rng.choices(["never", "uh_no", "yes"], weights=[2, 5, 2])[0]
        lift = {"never": -2, "uh_no": 0, "yes": 2}[offered]
        answers.append(PulseAnswer(
            tenant=tenant, pulse=pulse, offered_own_circle=offered,
            pride=min(5, max(1, 3 + lift // 2 + rng.choice([-1, 0, 0, 1]))),
            recommend_products=min(10, max(0, 7 + lift + rng.choice([-3, -1, 0, 1, 2]))),
            recommend_employer=min(10, max(0, 7 + lift // 2 + rng.choice([-3, -2, 0, 1, 2]))),
            comment=rng.choice(COMMENTS) if rng.random() < 0.15 else "",
        ))
    PulseParticipation.unscoped.bulk_create([PulseParticipation(tenant=tenant, pulse=pulse, employee=e) for e in respondents])
    rng.shuffle(answers)  # no answer follows its participation's position
    PulseAnswer.unscoped.bulk_create(answers)
    return len(answers)
