"""Steps 7 and 8: three steering reviews (90, 62 and 41 days ago: with a 30-day cadence the next one was due 11 days
ago, so the home page flags it overdue) and the lessons learned, field feedback from reps included.

The reviews go through review_record, after the KPI values, so each one freezes the values measured before it. The
lessons of the demo logins' people go through lesson_create (the service records the actor as the author); the two
written by employees without a demo login (a rep in Brest, a service adviser in Vannes) are written directly.
"""

from __future__ import annotations

from datetime import timedelta

from bns.models import User
from bns.programme.demo.cast import Calendar, Cast
from bns.programme.demo.means import review_new_actions
from bns.programme.models import Lesson, Programme, Review
from bns.programme.reviews.services import lesson_create, review_record

REVIEW_DAYS_AGO = (90, 62, 41)

REVIEWS = [
    {
        "participants": ["ceo", "dev", "marketing", "rh", "director@rennes", "director@brest"],
        "decisions": """- Lancer la vague 1 de formation LinkedIn dans quatre concessions (Rennes, Brest, Vannes, Saint-Malo).
- Chaque vendeur rédige son « positionnement » avant la formation.
- Valider les huit indicateurs et leur mesure mensuelle, la veille de chaque revue.""",
        "notes": "Première revue : les valeurs de départ sont posées (19 % de complétude des profils, 21 % de collaborateurs "
                 "actifs). Autodiagnostic en cours de saisie.",
    },
    {
        "participants": ["ceo", "dev", "marketing", "rh", "rc", "director@rennes", "director@vannes", "manager"],
        "decisions": """- Arrêt des licences Sales Navigator : deux sur six utilisées en deux mois.
- Relancer chaque semaine les demandes de mise en relation restées sans réponse.
- Préparer l'atelier 3 : chaque membre du CoDir challenge les trois options avant la séance.""",
        "notes": "Les profils progressent (22 %) mais l'activité reste concentrée sur quelques vendeurs. Les demandes de "
                 "mise en relation attendent trop longtemps.",
    },
    {
        "participants": ["ceo", "dev", "marketing", "rh", "achats", "director@rennes", "director@brest", "director@quimper"],
        "decisions": """- Option « Ambassadeurs en concession » confirmée ; plan d'actions validé.
- Recrutement du community manager suspendu jusqu'à l'arbitrage budgétaire.
- Soirée VIP de Rennes : bilan positif, à reproduire à Brest.
- Afficher chaque mois les recommandations gagnées en concession.""",
        "notes": "La soirée VIP a montré que les vendeurs proposent volontiers des invités quand leur accord est respecté. "
                 "Le coût par lead baisse (95 €).",
    },
]

# (step, author, text, days ago); "codir", "manager", "rep" and "marketing" are demo logins (through the service).
LESSONS = [
    (1, "codir", "Le lancement en CoDir a compté : quand le DG ouvre l'atelier, les directeurs viennent. À refaire à chaque "
                 "itération.", 95),
    (2, "marketing", "L'autodiagnostic a surestimé les profils : nous pensions être à la moitié, la mesure disait 19 %. "
                     "Mesurer avant de déclarer.", 76),
    (4, "marketing", "Les licences Sales Navigator sans accompagnement n'ont servi à rien : l'outil ne remplace pas la "
                     "conviction.", 60),
    (5, "rep", "La formation LinkedIn est utile mais trop théorique : on veut refaire nos profils en séance, avec le "
               "formateur à côté.", 58),
    (5, "manager", "Le quart d'heure de coaching du lundi tient quand il est dans l'agenda ; sinon il saute dès qu'il y a "
                   "une livraison.", 35),
    (5, "rep_vn@brest", "Au club d'entreprises de Brest, nous étions trois du groupe sans le savoir. Depuis qu'il y a un "
                        "référent, on se répartit les soirées.", 28),
    (7, "codir", "Une revue mensuelle qui saute, c'est un mois sans décision : bloquer les dates des revues de toute "
                 "l'itération dès le lancement.", 6),
    (8, "cs@vannes", "Les clients de l'atelier nous demandent souvent un VO pour leurs enfants : on passe maintenant le contact "
                     "au vendeur VO, et on sait ce que ça a donné.", 12),
]
SERVICE_AUTHORS = {"codir", "manager", "rep", "marketing"}


def seed_reviews(cast: Cast, cal: Calendar, actor: User, programme: Programme) -> None:
    for index, (spec, days_ago) in enumerate(zip(REVIEWS, REVIEW_DAYS_AGO, strict=True)):
        held_on = cal.ago(days_ago)
        review = review_record(tenant=cast.tenant, actor=actor, programme=programme, held_on=held_on,
                               participants=cast.names(*spec["participants"]), decisions=spec["decisions"], notes=spec["notes"],
                               new_actions=review_new_actions(cast, cal, index), today=cal.today)
        Review.unscoped.filter(tenant=cast.tenant, pk=review.pk).update(created_at=cal.moment(held_on, 18))


def seed_lessons(cast: Cast, cal: Calendar, programme: Programme) -> None:
    for index, (step, author, text, days_ago) in enumerate(LESSONS):
        if author in SERVICE_AUTHORS:
            lesson = lesson_create(tenant=cast.tenant, actor=cast.users[author], programme=programme, step=step, text=text)
        else:
            lesson = Lesson.unscoped.create(tenant=cast.tenant, programme=programme, step=step, text=text, author=cast[author])
        Lesson.unscoped.filter(tenant=cast.tenant, pk=lesson.pk).update(
            created_at=cal.moment(cal.ago(days_ago), 15) + timedelta(minutes=index))
