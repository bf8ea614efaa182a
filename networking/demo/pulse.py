"""Demo conviction pulses (seed 001): a closed one for the whole group two months ago, with its results, and an open
one for the sales departments that the demo rep has not answered yet.

Answers and participations are written as the pulse service writes them: an answer holds no employee and a
participation no answer, and nothing (key, order, time) ties one to the other. A pulse that already exists (by
title) is left alone, answers and all.
"""

from __future__ import annotations

import random

from bns.models import Department
from networking.demo.staff import Staff
from networking.models import OfferedOwnCircle, Pulse, PulseAnswer, PulseParticipation
from networking.pulse.selectors import audience_employees

SEED = 5003
CLOSED_TITLE = "Baromètre de conviction – tout le groupe"
OPEN_TITLE = "Baromètre de conviction – équipes commerciales VN et VO"
CLOSED_ANSWERS, OPEN_ANSWERS = 41, 4

COMMENTS = [
    "Je n'ose pas proposer à ma famille : si ça se passe mal à l'atelier, c'est à moi qu'on le reprochera.",
    "Fier de nos équipes, beaucoup moins des délais de livraison.",
    "Mes voisins me demandent souvent conseil mais je ne sais pas à qui les envoyer en concession.",
    "Une remise collaborateur pour nos proches aiderait beaucoup.",
    "Bonne ambiance au garage, mais on manque de reconnaissance côté atelier.",
    "J'ai déjà fait acheter trois voitures à mes copains du foot !",
    "On parle de réseaux sociaux mais on n'a pas le temps les jours de livraison.",
    "Je recommande le groupe : l'équipe est soudée et on nous fait confiance.",
]
OPEN_COMMENTS = ["Des amis me demandent des VO, mais je ne sais jamais qui appeler en occasion."]
# By answer to "have you already offered our products to your own circle?": pride and 0-10 scores drawn from these.
PROFILES = {
    OfferedOwnCircle.YES: ((3, 4, 4, 5, 5), (7, 10), (6, 10)),
    OfferedOwnCircle.UH_NO: ((2, 3, 3, 4), (5, 9), (4, 9)),
    OfferedOwnCircle.NEVER: ((1, 2, 3, 3, 4), (2, 8), (2, 8)),
}
OFFERED_WEIGHTS = ((OfferedOwnCircle.NEVER, 30), (OfferedOwnCircle.UH_NO, 35), (OfferedOwnCircle.YES, 35))


def _answers(tenant, pulse: Pulse, n: int, rng: random.Random, comments: list[str]) -> list[PulseAnswer]:
    values, weights = zip(*OFFERED_WEIGHTS, strict=True)
    with_comment = set(rng.sample(range(n), k=min(len(comments), n)))
    out, remaining = [], list(comments)
    for i in range(n):
        offered = rng.choices(values, weights=weights, k=1)[0]
        prides, products, employer = PROFILES[offered]
        out.append(PulseAnswer(
            tenant=tenant, pulse=pulse, offered_own_circle=offered, pride=rng.choice(prides),
            recommend_products=rng.randint(*products), recommend_employer=rng.randint(*employer),
            comment=remaining.pop(0) if i in with_comment and remaining else "",
        ))
    rng.shuffle(out)  # never the order of answering
    return out


def seed_pulses(staff: Staff) -> dict[str, int]:
    rng = random.Random(SEED)
    tenant = staff.tenant
    created = {"pulses": 0, "pulse answers": 0, "pulse participations": 0}
    titles = set(Pulse.objects.filter(tenant=tenant, title__in=[CLOSED_TITLE, OPEN_TITLE]).values_list("title", flat=True))
    answers: list[PulseAnswer] = []
    participations: list[PulseParticipation] = []
    if CLOSED_TITLE not in titles:
        pulse = Pulse.objects.create(
            tenant=tenant, title=CLOSED_TITLE, opens_on=staff.day(75), closes_on=staff.day(61), status=Pulse.Status.CLOSED,
            audience_size=audience_employees(tenant=tenant, site_ids=[], department_ids=[]).count(),
            created_by=staff.users.get("codir"), closed_at=staff.moment(60, 8),
        )
        Pulse.objects.filter(pk=pulse.pk).update(created_at=staff.moment(76, 16))
        respondents = rng.sample(staff.employees, k=min(CLOSED_ANSWERS, len(staff.employees)))
        participations += [PulseParticipation(tenant=tenant, pulse=pulse, employee=e) for e in respondents]
        answers += _answers(tenant, pulse, len(respondents), rng, COMMENTS)
        created["pulses"] += 1
    if OPEN_TITLE not in titles:
        departments = list(Department.objects.filter(tenant=tenant, code__in=["VN", "VO"]).order_by("code").values_list("pk", flat=True))
        in_audience = set(audience_employees(tenant=tenant, site_ids=[], department_ids=departments).values_list("pk", flat=True))
        audience = [e for e in staff.employees if e.pk in in_audience]
        pulse = Pulse.objects.create(
            tenant=tenant, title=OPEN_TITLE, opens_on=staff.day(4), closes_on=staff.day(-10), status=Pulse.Status.OPEN,
            audience_department_ids=departments, audience_size=len(in_audience), created_by=staff.users.get("codir"),
        )
        Pulse.objects.filter(pk=pulse.pk).update(created_at=staff.moment(5, 16))
        others = [e for e in audience if e.pk != staff.logins["rep"].pk]  # the demo rep still has it to answer
        respondents = rng.sample(others, k=min(OPEN_ANSWERS, len(others)))
        participations += [PulseParticipation(tenant=tenant, pulse=pulse, employee=e) for e in respondents]
        answers += _answers(tenant, pulse, len(respondents), rng, OPEN_COMMENTS)
        created["pulses"] += 1
    PulseParticipation.objects.bulk_create(participations)
    PulseAnswer.objects.bulk_create(answers)
    created.update({"pulse answers": len(answers), "pulse participations": len(participations)})
    return created
