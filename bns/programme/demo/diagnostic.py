"""Step 2: the self-assessment answered by three CoDir members, four site directors and two sales managers.

Declared levels are mostly 2-3, with the optimism seed 000 describes: profiles and activity are declared higher than
the measured indicators show (the DG most of all). The DG and the demo sales manager answer through the diagnostic
service (their logins); the service records the actor as the respondent, so the respondents without a demo login are
written directly, with exactly the fields the service writes (dimension from the questionnaire, level, comment).
"""

from __future__ import annotations

from datetime import timedelta

from bns.models import Employee, User
from bns.programme.demo.cast import Calendar, Cast
from bns.programme.diagnostic.questionnaire import DIMENSIONS, QUESTIONS
from bns.programme.diagnostic.services import diagnostic_answer_save
from bns.programme.models import DiagnosticAnswer, Programme

# The declared level of each question for a "typical" respondent (3 per dimension, in the questionnaire's order).
BASE = {
    "leadership_governance": (3, 2, 2),
    "strategy_objectives": (2, 2, 2),
    "profiles": (3, 3, 3),
    "activity": (4, 4, 3),
    "real_networks": (2, 2, 1),
    "sharing_culture": (2, 2, 2),
    "results": (2, 1, 2),
    "conviction": (3, 3, 2),
}

# Respondent -> (days after the start, offsets per dimension). The DG sees things rosier; the managers closer to the field.
RESPONDENTS = {
    "ceo": (12, {"profiles": 1, "activity": 1, "conviction": 1, "leadership_governance": 1}),
    "dev": (13, {"sharing_culture": -1}),
    "rh": (15, {"conviction": -1}),
    "director@rennes": (14, {"profiles": 1, "results": 1}),
    "director@brest": (16, {"real_networks": 1}),
    "director@vannes": (18, {"activity": 1}),
    "director@quimper": (19, {"sharing_culture": 1}),
    "manager": (17, {"profiles": -1, "activity": -1}),
    "chef_vn@brest": (20, {}),
}
SERVICE_RESPONDENTS = {"ceo": "codir", "manager": "manager"}  # respondent -> demo login

# A small deterministic jitter so that not every respondent answers the same (added to BASE, then kept within 1..5).
JITTER = (0, 0, 1, 0, -1, 0, 0)

COMMENTS = {
    ("ceo", "profiles_1"): "La plupart des vendeurs ont un profil LinkedIn : je pense qu'on est à la moitié.",
    ("ceo", "leadership_governance_2"): "Je poste de temps en temps ; il faudrait que les directeurs suivent.",
    ("manager", "activity_1"): "Dans mon équipe VN, deux vendeurs sur cinq publient vraiment. Les autres aiment un post de "
                               "temps en temps.",
    ("director@brest", "real_networks_1"): "Je sais que deux vendeurs vont au club d'entreprises de Brest ; pour le reste, "
                                           "aucune idée.",
    ("dev", "sharing_culture_1"): "« Mes contacts sont à moi » : on l'entend encore beaucoup en VN.",
    ("director@vannes", "conviction_2"): "Beaucoup répondent « euh, non » : ils n'osent pas proposer nos véhicules à leur "
                                         "famille.",
    ("director@rennes", "results_2"): "On a réduit la presse l'an dernier sans rien mesurer.",
    ("chef_vn@brest", "activity_2"): "Certains envoient des messages à des prospects qui n'ont rien demandé : ça nous fait "
                                     "du tort.",
}


def _answers(key: str, index: int, offsets: dict[str, int]) -> dict[str, tuple[int, str]]:
    answers = {}
    position = 0
    for dimension in DIMENSIONS:
        for question, base in zip(dimension.questions, BASE[dimension.key], strict=True):
            level = base + offsets.get(dimension.key, 0) + JITTER[(index + position) % len(JITTER)]
            answers[question.code] = (min(max(level, 1), 5), COMMENTS.get((key, question.code), ""))
            position += 1
    return answers


def seed_diagnostic(cast: Cast, cal: Calendar, programme: Programme) -> None:
    for index, (key, (days, offsets)) in enumerate(RESPONDENTS.items()):
        respondent: Employee = cast[key]
        answers = _answers(key, index, offsets)
        login = SERVICE_RESPONDENTS.get(key)
        if login is not None:
            actor: User = cast.users[login]
            diagnostic_answer_save(tenant=cast.tenant, actor=actor, programme=programme, answers=answers)
        else:
            DiagnosticAnswer.unscoped.bulk_create([
                DiagnosticAnswer(tenant=cast.tenant, programme=programme, respondent=respondent, dimension=QUESTIONS[code].dimension,
                                 question=code, level=level, comment=comment)
                for code, (level, comment) in answers.items()
            ])
        DiagnosticAnswer.unscoped.filter(tenant=cast.tenant, programme=programme, respondent=respondent).update(
            answered_at=cal.moment(cal.after_start(days), 18) + timedelta(minutes=7 * index))
