"""The iteration itself, the group's vision (two versions), the three workshops and the eight steps' status."""

from __future__ import annotations

from datetime import timedelta

from bns.models import User
from bns.programme.demo.cast import Calendar, Cast
from bns.programme.home.services import (
    programme_start,
    programme_step_update,
    programme_update,
    vision_publish,
    workshop_create,
)
from bns.programme.models import Programme, ProgrammeStep, VisionVersion, Workshop

TITLE = "Du désordre à une stratégie de réseautage pilotée"
CURRENT_STEP = 5

VISION_DRAFT = """Le réseautage n'est pas « un truc pour les jeunes » ni l'affaire du seul marketing : c'est un levier \
commercial pour tout le groupe.

Nous voulons que chaque collaborateur d'Armor Automobiles soit présent et crédible sur LinkedIn et dans les réseaux de \
sa ville, pour vendre plus de VN, de VO et d'après-vente."""

VISION_CURRENT = """Pourquoi le Groupe Armor Automobiles réseaute

1. Nos relations sont un actif du groupe, pas celui d'un seul vendeur. Un chef d'entreprise, un responsable de flotte \
ou un élu rencontré à Brest ou à Vannes doit pouvoir être présenté au bon collègue (atelier, VO, financement), avec \
l'accord de celui qui le connaît. Les contacts restent ceux de chacun ; ce que nous partageons, c'est l'accès, en \
confiance.

2. Nous proposons d'abord nos véhicules et nos services à notre propre entourage. Si nous n'en sommes pas assez fiers \
pour en parler à nos proches, personne ne le fera à notre place : la conviction passe avant la technique.

3. Nous voulons être reconnus dans les réseaux d'affaires bretons : clubs d'entreprises, CCI, associations, clubs \
sportifs et clubs services. Un référent par réseau cible, une présence suivie, pas de dispersion.

4. Un profil est un espace personnel : nous aidons chacun à le soigner et à y dire qui il aide et comment, jamais à en \
faire un panneau publicitaire. Nous ne harcelons personne : les sollicitations sont mesurées et plafonnées.

5. Le réseautage se pilote depuis le CoDir, avec des objectifs mesurés chaque mois et des économies visibles sur le \
marketing classique (presse, radio, prospectus, salons)."""

WORKSHOPS = [
    {
        "key": "rules", "step": 1, "after_start": 8,
        "title": "Atelier 1 : les nouvelles règles du réseautage",
        "participants": ["ceo", "dev", "marketing", "rh", "rc", "achats", "directors"],
        "agenda": """- Le constat : profils inégaux, activité erratique, réseaux physiques sans coordination
- Réseaux sociaux et réseaux réels : ce qui a changé pour la vente automobile
- Le social selling désordonné : les dégâts du « bombardement » de prospects
- Qui pilote ? Le rôle du CoDir et du pilote du programme
- Première rédaction de la vision""",
        "outcomes": """- Le DG pilote lui-même le programme, revue mensuelle en CoDir.
- Vision v1 écrite en séance, à relire avec les directeurs de concession (v2 publiée dans la foulée).
- Autodiagnostic lancé : réponses du CoDir, des directeurs et de chefs des ventes sous 15 jours.
- Calendrier : trois ateliers sur deux mois, puis une revue par mois.""",
    },
    {
        "key": "smart", "step": 3, "after_start": 29,
        "title": "Atelier 2 : autodiagnostic et objectifs SMART",
        "participants": ["ceo", "dev", "marketing", "rh", "directors", "manager", "chef_vn@brest", "chef_vn@vannes",
                         "chef_vo@rennes"],
        "agenda": """- Restitution de l'autodiagnostic : le déclaré face au mesuré
- Les écarts : profils et activité surestimés
- Objectifs SMART : la méthode, puis nos premiers objectifs
- Choix des indicateurs : catalogue de l'outil et chiffres du CRM""",
        "outcomes": """- Écart net entre ce que nous croyons et ce que disent les chiffres : 19 % de complétude moyenne des profils \
alors que nous pensions être « à moitié », un collaborateur sur cinq actif sur les réseaux.
- Six objectifs écrits ; deux sont à reprendre (pas d'indicateur pour l'un, une cible hors de portée et personne pour \
la porter pour l'autre).
- Huit indicateurs retenus, mesurés chaque mois avant la revue.""",
    },
    {
        "key": "strategy", "step": 4, "after_start": 52,
        "title": "Atelier 3 : options stratégiques et plan d'actions",
        "participants": ["ceo", "dev", "marketing", "rh", "rc", "achats", "directors", "manager", "chef_vn@brest"],
        "agenda": """- Trois options sur la table : social selling outillé, ambassadeurs en concession, réseaux physiques d'abord
- Challenge de chaque option : coût, faisabilité, notes du CoDir
- Décision, puis plan d'actions : qui fait quoi (RACI), budgets, échéances
- Budget : quelles dépenses de marketing classique remplacer""",
        "outcomes": """- Option retenue : « Ambassadeurs en concession ». Les deux autres sont écartées, avec leurs raisons.
- Plan de 17 actions avec un responsable (A) chacune ; les suivantes viendront des revues.
- Économie visée sur la presse, la radio, les prospectus et le stand du salon de Rennes.""",
    },
]

STEPS = {
    1: {"status": "done", "owner": "ceo", "after_start": 14,
        "done_notes": "Atelier 1 tenu avec le CoDir et les huit directeurs de concession. Vision publiée (v2 après relecture "
                      "par les directeurs).",
        "missing_notes": "", "next_action": ""},
    2: {"status": "done", "owner": "dev", "after_start": 28,
        "done_notes": "Autodiagnostic rempli par trois membres du CoDir, quatre directeurs de concession et deux chefs des ventes ; "
                      "restitution à l'atelier 2.",
        "missing_notes": "Les chefs d'atelier APV n'ont pas répondu : à inclure dès la prochaine itération.",
        "next_action": ""},
    3: {"status": "done", "owner": "ceo", "after_start": 35,
        "done_notes": "Six objectifs écrits à l'atelier 2, dont quatre SMART.",
        "missing_notes": "Deux objectifs à reprendre : « Être plus présents sur LinkedIn » (ni indicateur ni cible) et "
                         "celui des recommandations (cible hors de portée, personne pour le porter).",
        "next_action": "Reformuler les deux objectifs non SMART à la prochaine revue."},
    4: {"status": "done", "owner": "ceo", "after_start": 56,
        "done_notes": "Trois options challengées à l'atelier 3 ; « Ambassadeurs en concession » retenue.",
        "missing_notes": "", "next_action": ""},
    5: {"status": "in_progress", "owner": "marketing", "ahead": 45,
        "done_notes": "Plan de 20 actions avec RACI et budgets. Formation LinkedIn vague 1 terminée, soirée VIP de Rennes "
                      "réalisée, outil BNS déployé.",
        "missing_notes": "Recrutement du community manager bloqué (budget) ; champ « origine réseau » du CRM en attente de "
                         "l'éditeur ; adhésions aux clubs en retard.",
        "next_action": "Arbitrer le recrutement du community manager en CoDir."},
    6: {"status": "in_progress", "owner": "dev", "ahead": 14,
        "done_notes": "Huit indicateurs définis, mesurés chaque mois depuis le lancement.",
        "missing_notes": "Les leads issus des réseaux sont comptés à la main tant que le CRM n'a pas le champ « origine "
                         "réseau ».",
        "next_action": "Automatiser le comptage des leads réseau dans le CRM."},
    7: {"status": "in_progress", "owner": "ceo", "end": True,
        "done_notes": "Trois revues tenues, décisions et nouvelles actions notées.",
        "missing_notes": "La revue mensuelle prévue n'a pas encore eu lieu.",
        "next_action": "Tenir la revue en retard et figer les indicateurs du mois."},
    8: {"status": "not_started", "owner": "rh", "end": True,
        "done_notes": "",
        "missing_notes": "",
        "next_action": "Recueillir les retours terrain des vendeurs et des chefs des ventes avant la fin de l'itération."},
}


def _people(cast: Cast, keys: list[str]):
    people = []
    for key in keys:
        people.extend(cast.people(*cast.directors) if key == "directors" else [cast[key]])
    return people


def seed_iteration(cast: Cast, cal: Calendar, actor: User) -> Programme:
    """Start the iteration (dated 3.5 months ago) with the DG as process owner and sponsor."""
    programme = programme_start(tenant=cast.tenant, actor=actor, title=TITLE, process_owner=cast["ceo"], sponsor=cast["ceo"],
                                starts_on=cal.start, target_end_on=cal.end, review_cadence_days=30)
    Programme.unscoped.filter(tenant=cast.tenant, pk=programme.pk).update(created_at=cal.moment(cal.after_start(-5)))
    return programme


def seed_vision(cast: Cast, cal: Calendar, actor: User, programme: Programme) -> None:
    """The draft written at workshop 1, then the text the directors reread (only when the group has no vision yet)."""
    if VisionVersion.unscoped.filter(tenant=cast.tenant).exists():
        return
    for text, days in ((VISION_DRAFT, 8), (VISION_CURRENT, 13)):
        vision = vision_publish(tenant=cast.tenant, actor=actor, text=text, programme=programme)
        VisionVersion.unscoped.filter(tenant=cast.tenant, pk=vision.pk).update(created_at=cal.moment(cal.after_start(days), 17))


def seed_workshops(cast: Cast, cal: Calendar, actor: User, programme: Programme) -> None:
    for spec in WORKSHOPS:
        held_on = cal.after_start(spec["after_start"])
        workshop = workshop_create(tenant=cast.tenant, actor=actor, programme=programme, title=spec["title"], held_on=held_on,
                                   step=spec["step"], agenda=spec["agenda"], outcomes=spec["outcomes"],
                                   participants=_people(cast, spec["participants"]))
        Workshop.unscoped.filter(tenant=cast.tenant, pk=workshop.pk).update(created_at=cal.moment(held_on - timedelta(days=7)))


def seed_steps(cast: Cast, cal: Calendar, actor: User, programme: Programme) -> None:
    """Month 4: steps 1-4 done, 5-7 in progress, 8 not started; the group works on step 5."""
    programme_update(tenant=cast.tenant, actor=actor, programme=programme, current_step=CURRENT_STEP)
    rows = {s.number: s for s in ProgrammeStep.unscoped.filter(tenant=cast.tenant, programme=programme)}
    for number, spec in STEPS.items():
        if "after_start" in spec:
            due_on = cal.after_start(spec["after_start"])
        elif "ahead" in spec:
            due_on = cal.ahead(spec["ahead"])
        else:
            due_on = cal.end
        programme_step_update(tenant=cast.tenant, actor=actor, step=rows[number], status=spec["status"], owner=cast[spec["owner"]],
                              done_notes=spec["done_notes"], missing_notes=spec["missing_notes"],
                              next_action=spec["next_action"], due_on=due_on)
