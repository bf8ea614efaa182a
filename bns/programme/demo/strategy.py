"""Step 4: three strategy options, challenged by the CoDir and the field, one retained at workshop 3.

The DG and the demo sales manager challenge through the strategy service (their logins; the service records the actor
as the author); the other CoDir members and directors had their say at the workshop and are written directly, with
the fields the service writes.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from bns.models import User
from bns.programme.demo.cast import Calendar, Cast
from bns.programme.models import Programme, StrategyChallenge, StrategyOption
from bns.programme.strategy.services import (
    strategy_challenge_add,
    strategy_option_create,
    strategy_option_retain,
)

OPTIONS = [
    {
        "key": "tooled",
        "title": "Social selling outillé : licences Sales Navigator et agence de contenus",
        "description": "Équiper les chefs des ventes et les vendeurs VN de licences Sales Navigator, confier à une agence la "
                       "production de contenus à relayer, former tout le monde en une journée.",
        "pros": "Rapide à lancer.\nContenus de qualité professionnelle.\nCiblage fin des entreprises de la zone.",
        "cons": "Licences chères et déjà payées sans être utilisées par le passé.\nLes vendeurs relaient peu des contenus "
                "d'agence impersonnels.\nNe règle ni la conviction ni le partage des relations.",
        "cost": "38000", "feasibility": 2,
        "rejection": "Écartée : nous avons déjà payé des licences qui dormaient. L'outil ne crée ni la conviction ni le "
                     "partage ; on y reviendra pour quelques postes quand les profils et l'activité seront au rendez-vous.",
    },
    {
        "key": "ambassadors",
        "title": "Ambassadeurs en concession : profils, relais, réseaux ciblés et partage des relations",
        "description": "Chaque directeur de concession et chaque chef des ventes anime le réseautage de son équipe : profils "
                       "soignés et personnels, relais des contenus avec un mot à soi, un référent par réseau cible, "
                       "partage des relations avec l'accord de chacun et une prime d'apporteur une fois l'affaire signée.",
        "pros": "S'appuie sur le management existant.\nCoûte moins que la presse et la radio qu'elle remplace.\nTouche toutes "
                "les activités : VN, VO, APV, pièces.",
        "cons": "Demande du temps aux chefs des ventes (coaching hebdomadaire).\nRésultats plus lents à venir qu'une "
                "campagne.\nDépend de l'exemple donné par les directeurs.",
        "cost": "24500", "feasibility": 4,
    },
    {
        "key": "real_networks",
        "title": "Réseaux physiques d'abord : clubs d'entreprises, CCI et sponsoring local",
        "description": "Adhérer à tous les clubs d'entreprises et CCI de nos huit villes, sponsoriser des clubs sportifs "
                       "et envoyer un représentant à chaque événement.",
        "pros": "Notoriété locale forte.\nContacts directs avec les chefs d'entreprise et les gestionnaires de flottes.",
        "cons": "Coûteux en cotisations et en soirées.\nDifficile à mesurer.\nPeu de place pour les vendeurs et l'après-vente.",
        "cost": "31000", "feasibility": 3,
        "rejection": "Écartée comme stratégie à part entière : trop chère et difficile à mesurer. Les réseaux physiques "
                     "restent dans l'option retenue, mais ciblés (un référent par réseau).",
    },
]
RETAINED = "ambassadors"
RATIONALE = ("La plus réaliste : elle s'appuie sur nos directeurs et nos chefs des ventes, se mesure chaque mois avec les "
             "indicateurs retenus et coûte moins que la presse, la radio et le salon qu'elle remplace. Elle répond aux trois "
             "raisons de notre vision : relations du groupe, conviction, présence dans les réseaux bretons.")

# (option, author, score, comment, days after the start); "codir" and "manager" go through the service.
CHALLENGES = [
    ("tooled", "codir", 2, "On a déjà payé des licences Sales Navigator qui dormaient. L'outil ne crée pas la conviction.", 44),
    ("tooled", "manager", 2, "Mes vendeurs ne s'en servent pas : sans accompagnement, c'est de l'argent perdu.", 46),
    ("tooled", "marketing", 3, "Des contenus d'agence seraient propres mais impersonnels : les vendeurs ne les relaient pas.",
     45),
    ("ambassadors", "codir", 4, "Réaliste : on s'appuie sur les directeurs et les chefs des ventes, et ça coûte moins que "
                                "la presse.", 44),
    ("ambassadors", "manager", 4, "Le quart d'heure de coaching hebdomadaire est faisable s'il est dans le brief du lundi.",
     46),
    ("ambassadors", "dev", 5, "Le partage des relations avec une prime d'apporteur, c'est ce qui manque entre VN et APV.", 47),
    ("ambassadors", "director@brest", 3, "D'accord, à condition que le temps passé en club compte dans les objectifs des "
                                         "vendeurs.", 48),
    ("real_networks", "codir", 3, "Utile pour la notoriété locale, mais coûteux et difficile à mesurer.", 44),
    ("real_networks", "rh", 2, "Les soirées de club commencent après 19 h : difficile à tenir pour les équipes sur la durée.",
     49),
    ("real_networks", "director@vannes", 3, "À Vannes, le club d'entreprises nous a déjà apporté des flottes : à garder, "
                                            "mais ciblé.", 50),
]
SERVICE_AUTHORS = {"codir", "manager"}


def seed_strategy(cast: Cast, cal: Calendar, actor: User, programme: Programme) -> None:
    options: dict[str, StrategyOption] = {}
    for spec in OPTIONS:
        options[spec["key"]] = strategy_option_create(
            tenant=cast.tenant, actor=actor, programme=programme, title=spec["title"], description=spec["description"],
            pros=spec["pros"], cons=spec["cons"], cost=Decimal(spec["cost"]), feasibility=spec["feasibility"])
    StrategyOption.unscoped.filter(tenant=cast.tenant, programme=programme).update(created_at=cal.moment(cal.after_start(40)))
    for index, (option, author, score, comment, days) in enumerate(CHALLENGES):
        if author in SERVICE_AUTHORS:
            challenge = strategy_challenge_add(tenant=cast.tenant, actor=cast.users[author], option=options[option],
                                               comment=comment, score=score)
        else:
            challenge = StrategyChallenge.unscoped.create(tenant=cast.tenant, option=options[option], author=cast[author],
                                                          comment=comment, score=score)
        StrategyChallenge.unscoped.filter(tenant=cast.tenant, pk=challenge.pk).update(
            created_at=cal.moment(cal.after_start(days), 11) + timedelta(minutes=index))
    strategy_option_retain(
        tenant=cast.tenant, actor=actor, option=options[RETAINED], rationale=RATIONALE,
        rejection_reasons={options[s["key"]].pk: s["rejection"] for s in OPTIONS if s["key"] != RETAINED})
    StrategyOption.unscoped.filter(tenant=cast.tenant, programme=programme).update(
        decided_at=cal.moment(cal.after_start(52), 17))
