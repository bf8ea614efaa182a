"""Step 5: 20 actions in every status and of every type, their RACI, and the budget lines with the classic marketing
spend they replace (press, radio, flyers, the Rennes motor show stand...): the programme shows a net saving.

17 actions come from workshop 3; three more were decided at the reviews (reviews.py creates them through the review
service, then ``complete_review_actions`` gives them their status, budget and RACI). Deadlines are spread over the
iteration; four unfinished ones are past (overdue on the board).
"""

from __future__ import annotations

from decimal import Decimal

from bns.models import Employee, User
from bns.programme.demo.cast import Calendar, Cast
from bns.programme.means.budget_services import budget_line_create
from bns.programme.means.services import action_role_set, programme_action_create, programme_action_update
from bns.programme.models import Programme, ProgrammeAction

S = ProgrammeAction.Status
K = ProgrammeAction.Kind

# Dates: ("s", n) n days after the start, ("t", n) n days from today (negative: past), ("end", 0) the target end.
ACTIONS = [
    {"key": "a1", "kind": K.TRAINING, "status": S.DONE, "owner": "ceo", "budget": ("3500", "3200"), "dates": (("s", 0), ("s", 8)),
     "title": "Atelier « nouvelles règles du réseautage » pour le CoDir et les directeurs",
     "description": "Animé par le consultant BNS. Constat, vision, rôle du pilote du programme.",
     "raci": {"A": "ceo", "R": ["dev"], "C": ["marketing"], "I": ["directors"]}},
    {"key": "a2", "kind": K.TRAINING, "status": S.DONE, "owner": "rh", "budget": ("6000", "5800"), "dates": (("s", 20), ("s", 48)),
     "title": "Formation LinkedIn des vendeurs, vague 1 (Rennes, Brest, Vannes, Saint-Malo)",
     "description": "Une demi-journée par concession : profil, positionnement personnel, publier et relayer sans harceler.",
     "raci": {"A": "rh", "R": ["marketing"], "C": ["manager"],
              "I": ["director@rennes", "director@brest", "director@vannes", "director@saint-malo"]}},
    {"key": "a3", "kind": K.TRAINING, "status": S.IN_PROGRESS, "owner": "rh", "budget": ("6000", "2900"),
     "dates": (("s", 70), ("t", 20)),
     "title": "Formation LinkedIn des vendeurs, vague 2 (Quimper, Lorient, Saint-Brieuc, Lannion)",
     "description": "Quimper et Lorient faits ; Saint-Brieuc et Lannion à caler avec les directeurs.",
     "raci": {"A": "rh", "R": ["marketing"], "C": ["director@quimper"],
              "I": ["director@lorient", "director@saint-brieuc", "director@lannion"]}},
    {"key": "a4", "kind": K.TRAINING, "status": S.IN_PROGRESS, "owner": "dev", "budget": ("2400", "800"),
     "dates": (("s", 50), ("end", 0)),
     "title": "Coaching hebdomadaire des vendeurs par les chefs des ventes (15 minutes)",
     "description": "Profil, activité, relations, recommandations ; une note de coaching avec les actions convenues.",
     "raci": {"A": "dev", "R": ["manager", "chef_vn@brest", "chef_vn@vannes"], "C": ["rh"], "I": ["ceo"]}},
    {"key": "a5", "kind": K.TOOL, "status": S.DONE, "owner": "dev", "budget": ("4800", "4800"), "dates": (("s", 10), ("s", 40)),
     "title": "Déploiement de l'outil BNS : relations, qui connaît qui, mises en relation",
     "description": "Comptes créés pour les 8 concessions ; import des contacts LinkedIn des volontaires.",
     "raci": {"A": "dev", "R": ["marketing"], "C": ["rc"], "I": ["directors"]}},
    {"key": "a6", "kind": K.TOOL, "status": S.CANCELLED, "owner": "marketing", "budget": ("4300", "1150"),
     "dates": (("s", 5), ("s", 95)),
     "title": "Licences Sales Navigator pour six chefs des ventes VN (test de trois mois)",
     "description": "Arrêté à la revue 2 : deux licences sur six utilisées. Sans conviction ni accompagnement, l'outil dort.",
     "raci": {"A": "marketing", "R": ["manager"], "I": ["ceo"]}},
    {"key": "a7", "kind": K.TOOL, "status": S.BLOCKED, "owner": "rc", "budget": ("2500", "0"), "dates": (("s", 45), ("t", -8)),
     "title": "Champ « origine réseau » des leads dans le CRM",
     "description": "En attente de l'éditeur du CRM : devis reçu, intervention pas encore planifiée.",
     "raci": {"A": "rc", "R": ["achats"], "C": ["dev"], "I": ["marketing"]}},
    {"key": "a8", "kind": K.CONTENT, "status": S.IN_PROGRESS, "owner": "marketing", "budget": ("3600", "1800"),
     "dates": (("s", 30), ("end", 0)),
     "title": "Kit de contenus mensuel : deux à quatre publications prêtes à partager",
     "description": "Livraisons clients, conseils atelier, nouveautés VN ; chacun ajoute son mot, jamais de publication au "
                    "nom d'un collaborateur.",
     "raci": {"A": "marketing", "R": ["marketing"], "C": ["manager"], "I": ["directors"]}},
    {"key": "a9", "kind": K.CONTENT, "status": S.DONE, "owner": "marketing", "budget": ("2800", "2650"),
     "dates": (("s", 25), ("s", 60)),
     "title": "Photos professionnelles des collaborateurs en concession",
     "description": "Une matinée par concession ; 112 collaborateurs photographiés.",
     "raci": {"A": "marketing", "R": ["rh"], "I": ["directors"]}},
    {"key": "a10", "kind": K.CONTENT, "status": S.PLANNED, "owner": "marketing", "budget": ("2000", "0"),
     "dates": (("t", 10), ("t", 40)),
     "title": "Témoignages clients en vidéo (VO et APV, quatre vidéos)",
     "description": "Clients volontaires proposés par les conseillers service et les vendeurs VO.",
     "raci": {"A": "marketing", "R": ["chef_apv@rennes", "chef_vo@rennes"], "C": ["rc"]}},
    {"key": "a11", "kind": K.EVENT, "status": S.DONE, "owner": "director@rennes", "budget": ("5500", "5900"),
     "dates": (("s", 55), ("s", 80)),
     "title": "Soirée VIP de lancement du nouveau SUV à Rennes : invités proposés par les vendeurs",
     "description": "62 invités proposés par 14 vendeurs, avec leur accord ; 9 essais, 3 commandes, 2 recommandations.",
     "raci": {"A": "director@rennes", "R": ["manager", "marketing"], "C": ["dev"], "I": ["ceo"]}},
    {"key": "a12", "kind": K.EVENT, "status": S.IN_PROGRESS, "owner": "dev", "budget": ("3900", "2600"),
     "dates": (("s", 40), ("t", -12)),
     "title": "Adhésions ciblées aux clubs d'entreprises et CCI, un référent par réseau",
     "description": "Brest, Vannes et Quimper faits ; Saint-Malo et Lannion n'ont pas encore désigné leur référent.",
     "raci": {"A": "dev", "R": ["director@brest", "director@vannes", "director@quimper"], "C": ["ceo"],
              "I": ["director@saint-malo", "director@lannion"]}},
    {"key": "a13", "kind": K.EVENT, "status": S.PLANNED, "owner": "director@vannes", "budget": ("3000", "0"),
     "dates": (("t", 30), ("t", 60)),
     "title": "Portes ouvertes entreprises à Vannes et Lorient avec la CCI du Morbihan",
     "description": "Flottes et utilitaires : les vendeurs invitent les chefs d'entreprise de leur réseau.",
     "raci": {"A": "director@vannes", "R": ["director@lorient", "chef_vn@vannes"], "C": ["marketing"]}},
    {"key": "a14", "kind": K.PROCESS, "status": S.DONE, "owner": "rh", "budget": ("0", "0"), "dates": (("s", 10), ("s", 45)),
     "title": "Charte de réseautage : rédaction, diffusion et prise de connaissance",
     "description": "Charte publiée dans l'outil ; chaque collaborateur en prend connaissance.",
     "raci": {"A": "ceo", "R": ["rh"], "C": ["dev", "marketing"], "I": ["directors"]}},
    {"key": "a15", "kind": K.PROCESS, "status": S.IN_PROGRESS, "owner": "dev", "budget": ("1500", "400"),
     "dates": (("s", 50), ("t", -5)),
     "title": "Règles de partage des relations et prime d'apporteur (VN vers APV, VO vers financement)",
     "description": "Règles écrites ; le barème des primes attend la validation de la paie.",
     "raci": {"A": "dev", "R": ["rc"], "C": ["rh"], "I": ["directors"]}},
    {"key": "a16", "kind": K.RECRUITMENT, "status": S.BLOCKED, "owner": "rh", "budget": ("6500", "0"),
     "dates": (("s", 60), ("t", -20)),
     "title": "Recrutement d'un ou d'une community manager à mi-temps",
     "description": "Suspendu à la revue 3 jusqu'à l'arbitrage budgétaire du CoDir.",
     "raci": {"A": "ceo", "R": ["rh"], "C": ["marketing"]}},
    {"key": "a17", "kind": K.RECRUITMENT, "status": S.PLANNED, "owner": "rh", "budget": ("0", "0"), "dates": (("t", 5), ("t", 35)),
     "title": "Intégration des nouveaux arrivants : profil complet et charte lue le premier mois",
     "description": "Dans le parcours d'intégration RH, avec le chef des ventes ou le chef d'atelier.",
     "raci": {"A": "rh", "R": ["manager", "chef_vn@brest"], "I": ["directors"]}},
]

# The actions decided at the reviews (created by reviews.py through review_record, completed here).
REVIEW_ACTIONS = {
    "r1": {"review": 0, "kind": K.CONTENT, "status": S.DONE, "owner": "marketing", "budget": ("0", "0"),
           "dates": (("s", 17), ("s", 35)),
           "title": "Fiche « positionnement » pour le titre LinkedIn de chaque vendeur",
           "description": "Qui j'aide et comment, en une phrase : à préparer avant la formation.",
           "raci": {"A": "marketing", "R": ["manager"], "I": ["chef_vn@brest"]}},
    "r2": {"review": 1, "kind": K.PROCESS, "status": S.IN_PROGRESS, "owner": "dev", "budget": ("0", "0"),
           "dates": (("s", 45), ("t", 10)),
           "title": "Relance hebdomadaire des demandes de mise en relation sans réponse",
           "description": "Le lundi, chaque chef des ventes relance les demandes en attente de son équipe.",
           "raci": {"A": "dev", "R": ["manager"], "I": ["directors"]}},
    "r3": {"review": 2, "kind": K.CONTENT, "status": S.PLANNED, "owner": "marketing", "budget": ("600", "0"),
           "dates": (("t", 5), ("t", 25)),
           "title": "Affichage mensuel des recommandations gagnées dans chaque concession",
           "description": "Qui a recommandé qui, et ce que ça a donné : la prime d'apporteur rendue visible.",
           "raci": {"A": "marketing", "R": ["director@rennes", "director@brest"]}},
}

# (label, action key or None, planned, spent, classic spend replaced, its amount)
BUDGET_LINES = [
    ("Abonnement à l'outil BNS (12 mois)", "a5", "4800", "4800", "Achat de fichiers de prospection entreprises", "3600"),
    ("Formation LinkedIn des vendeurs, vague 1", "a2", "6000", "5800",
     "Annonces presse quotidienne régionale (deux pleines pages VN)", "11800"),
    ("Formation LinkedIn des vendeurs, vague 2", "a3", "6000", "2900", "Encarts dans les magazines gratuits locaux", "4200"),
    ("Soirée VIP lancement SUV : traiteur, invitations, animation", "a11", "5500", "5900",
     "Campagne radio locale de lancement (deux semaines)", "14500"),
    ("Kit de contenus mensuel", "a8", "3600", "1800", "Prospectus en boîtes aux lettres (trois opérations)", "7200"),
    ("Photos professionnelles des collaborateurs", "a9", "2800", "2650", "Shooting photo pour les annonces presse", "3500"),
    ("Adhésions aux clubs d'entreprises et CCI", "a12", "3900", "2600", "Stand au salon de l'automobile de Rennes", "14000"),
    ("Enveloppe des primes d'apporteur", None, "6000", "2250", "Achat de leads sur les plateformes automobiles", "5400"),
    ("Cartes de visite et kakémonos « ambassadeur »", None, "1200", "900", "", "0"),
]


def _date(cal: Calendar, spec: tuple[str, int]):
    kind, days = spec
    if kind == "s":
        return cal.after_start(days)
    if kind == "t":
        return cal.ahead(days)
    return cal.end


def _people(cast: Cast, keys: list[str]) -> list[Employee]:
    people: list[Employee] = []
    for key in keys:
        for person in (cast.people(*cast.directors) if key == "directors" else [cast[key]]):
            if person not in people:
                people.append(person)
    return people


def _raci(cast: Cast, actor: User, action: ProgrammeAction, raci: dict) -> None:
    action_role_set(tenant=cast.tenant, actor=actor, action=action, accountable=cast[raci["A"]],
                    responsible=_people(cast, raci.get("R", [])), consulted=_people(cast, raci.get("C", [])),
                    informed=_people(cast, raci.get("I", [])))


def seed_actions(cast: Cast, cal: Calendar, actor: User, programme: Programme) -> dict[str, ProgrammeAction]:
    actions: dict[str, ProgrammeAction] = {}
    for spec in ACTIONS:
        planned, actual = spec["budget"]
        starts_on, deadline = (_date(cal, d) for d in spec["dates"])
        action = programme_action_create(
            tenant=cast.tenant, actor=actor, programme=programme, title=spec["title"], kind=spec["kind"],
            description=spec["description"], owner=cast[spec["owner"]], status=spec["status"], budget_planned=Decimal(planned),
            budget_actual=Decimal(actual), starts_on=starts_on, deadline=deadline)
        _raci(cast, actor, action, spec["raci"])
        actions[spec["key"]] = action
    ProgrammeAction.unscoped.filter(tenant=cast.tenant, programme=programme).update(created_at=cal.moment(cal.after_start(53)))
    return actions


def review_new_actions(cast: Cast, cal: Calendar, review_index: int) -> list[dict]:
    """The new actions of the review ``review_index`` (0-2), as review_record takes them."""
    return [{"title": spec["title"], "kind": spec["kind"], "owner": cast[spec["owner"]], "deadline": _date(cal, spec["dates"][1])}
            for spec in REVIEW_ACTIONS.values() if spec["review"] == review_index]


def complete_review_actions(cast: Cast, cal: Calendar, actor: User, programme: Programme) -> None:
    """Give the actions decided at the reviews their description, start, budget, status (as of today) and RACI."""
    by_title = {a.title: a for a in ProgrammeAction.unscoped.filter(tenant=cast.tenant, programme=programme, review__isnull=False)}
    for spec in REVIEW_ACTIONS.values():
        planned, actual = spec["budget"]
        action = programme_action_update(
            tenant=cast.tenant, actor=actor, action=by_title[spec["title"]], description=spec["description"],
            status=spec["status"], budget_planned=Decimal(planned), budget_actual=Decimal(actual),
            starts_on=_date(cal, spec["dates"][0]))
        _raci(cast, actor, action, spec["raci"])


def seed_budget(cast: Cast, actor: User, programme: Programme, actions: dict[str, ProgrammeAction]) -> None:
    for label, action_key, planned, actual, replaces, replaced in BUDGET_LINES:
        budget_line_create(tenant=cast.tenant, actor=actor, programme=programme, label=label,
                           action=actions[action_key] if action_key else None, planned=Decimal(planned), actual=Decimal(actual),
                           replaces=replaces, replaced_amount=Decimal(replaced))
