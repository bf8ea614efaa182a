"""Demo coaching notes (the chef des ventes with his reps, the demo rep included) and the networking charter in two
versions, acknowledged unevenly by dealership."""

from __future__ import annotations

import random
from dataclasses import dataclass

from networking.demo.staff import TITLES, Staff
from networking.models import Charter, CharterAcknowledgement, CoachingNote

SEED = 5002


@dataclass(frozen=True)
class NoteSpec:
    author: str  # a staff selector
    employee: str  # a staff selector, or "team#n": the n-th rep of the author's team other than the demo rep
    focus: str
    actions: str
    written_days_ago: int
    follow_up_in_days: int | None  # negative: in the past
    done_days_ago: int | None = None
    reminded: bool = False


NOTES = (
    NoteSpec("manager", "rep", "Prendre la parole sur LinkedIn",
             "Publier une photo de livraison par semaine, avec l'accord du client.\n"
             "Commenter les publications de tes clients artisans plutôt que de liker.", 75, -45, done_days_ago=44),
    NoteSpec("manager", "rep", "Compléter le profil LinkedIn : bannière, section Infos, recommandations",
             "Mettre la bannière Armor fournie par le marketing.\n"
             "Écrire la section Infos en trois phrases : qui tu aides, comment, où.\n"
             "Demander trois recommandations à des clients livrés cette année.", 20, -3, reminded=True),
    NoteSpec("manager", "rep", "Préparer le petit-déjeuner BNI du mois",
             "Préparer ta présentation de 60 secondes sur les utilitaires.\n"
             "Inviter un client satisfait comme visiteur.", 6, 9),
    NoteSpec("manager", "team#0", "Relancer les clients flotte de la zone de Saint-Grégoire",
             "Appeler les 10 comptes flotte sans contact depuis six mois.\n"
             "Noter chaque échange dans l'application.", 35, -5, done_days_ago=6),
    NoteSpec("manager", "team#0", "Passer par l'application pour les recommandations hors VN",
             "Enregistrer les demandes atelier et VO comme recommandations au lieu de les transmettre oralement.", 8, 0),
    NoteSpec("manager", "team#1", "Accepter les invitations en attente et remercier les nouveaux contacts",
             "Trier les 40 invitations en attente.\nEnvoyer un message personnalisé aux clients de l'année.", 50, -21, reminded=True),
    NoteSpec("chef_vo@rennes", "rep_vo@rennes#0", "Un événement réseau par mois",
             "Choisir entre le club d'entreprises de Saint-Grégoire et la JCE.\nY aller avec un collègue la première fois.", 14, 16),
    NoteSpec("chef_vn@vannes", "rep_vn@vannes#1", "Choisir sa niche",
             "S'inspirer du positionnement de l'équipe sur les artisans.\n"
             "Proposer une phrase de positionnement au prochain point.", 28, 14),
    NoteSpec("director@vannes", "chef_vn@vannes", "Animer le point réseau du lundi avec l'équipe VN",
             "Dix minutes en début de réunion : qui a rencontré qui, quelles recommandations à faire.", 40, -7, done_days_ago=6),
)

CHARTERS = (
    (1, 240, "Charte de réseautage du Groupe Armor Automobiles",
     "Se présenter toujours avec son nom, son métier et sa concession.\n"
     "Partager ses relations utiles à l'équipe dans l'application, avec leur accord.\n"
     "Relayer les publications du groupe quand elles parlent à son réseau.",
     "Pas d'envoi de messages en masse aux prospects.\n"
     "Pas de promesse de prix ou de délai hors de son périmètre.\n"
     "Pas de publication sur un client sans son accord.",
     "Notre réseau est la première source de clients de nos concessions. Cette charte dit comment nous le "
     "faisons vivre ensemble, dans le respect des personnes."),
    (2, 45, "Charte de réseautage du Groupe Armor Automobiles – version 2",
     "Se présenter toujours avec son nom, son métier et sa concession.\n"
     "Partager ses relations à travers l'application plutôt que par des listes.\n"
     "Respecter immédiatement une opposition : la personne n'est plus sollicitée par personne du groupe.\n"
     "Passer par le référent du réseau avant de rejoindre un club où le groupe est déjà présent.",
     "Pas d'envoi de messages en masse aux prospects.\n"
     "Le profil personnel reste personnel : personne ne vous demandera vos accès ni de publier pour le groupe.\n"
     "Pas de publication sur un client sans son accord.\n"
     "Pas de prospection d'un contact déjà suivi par un collègue sans lui en parler.",
     "Cette version ajoute le respect des oppositions, la coordination dans les réseaux physiques et rappelle que "
     "votre profil vous appartient."),
)
# Share of each dealership's staff who acknowledged version 2 (version 1: most of everyone).
V2_RATE = {"rennes": 0.75, "vannes": 0.7, "quimper": 0.6, "brest": 0.5, "lorient": 0.45, "saint-brieuc": 0.35,
           "saint-malo": 0.3, "lannion": 0.15}


def _employee(staff: Staff, author, selector: str):
    if not selector.startswith("team#"):
        return staff.get(selector)
    team = [e for e in staff.employees if e.manager_id == author.pk and e.job_title == TITLES["rep_vn"]
            and e.pk != staff.logins["rep"].pk]
    index = int(selector.partition("#")[2])
    return team[index] if index < len(team) else None


def seed_coaching(staff: Staff) -> int:
    existing = set(CoachingNote.objects.filter(tenant=staff.tenant).values_list("author_id", "employee_id", "focus"))
    created = 0
    for spec in NOTES:
        author = staff.get(spec.author)
        employee = _employee(staff, author, spec.employee) if author is not None else None
        if employee is None or (author.pk, employee.pk, spec.focus) in existing:
            continue
        note = CoachingNote.objects.create(
            tenant=staff.tenant, author=author, employee=employee, focus=spec.focus, actions_agreed=spec.actions,
            follow_up_on=staff.day(-spec.follow_up_in_days) if spec.follow_up_in_days is not None else None,
            follow_up_done_at=staff.moment(spec.done_days_ago, 17) if spec.done_days_ago is not None else None,
            reminded_at=staff.moment(-spec.follow_up_in_days, 7) if spec.reminded else None,
        )
        written = staff.moment(spec.written_days_ago, 18)
        CoachingNote.objects.filter(pk=note.pk).update(created_at=written, updated_at=written)
        created += 1
    return created


def seed_charter(staff: Staff) -> dict[str, int]:
    rng = random.Random(SEED)
    tenant = staff.tenant
    charters = {c.version: c for c in Charter.objects.filter(tenant=tenant)}
    created = {"charters": 0, "charter acknowledgements": 0}
    for version, days_ago, title, dos, donts, body in CHARTERS:
        if version not in charters:
            charter = Charter.objects.create(
                tenant=tenant, version=version, title=title, dos=dos, donts=donts, body=body, published_by=staff.users.get("admin"),
            )
            Charter.objects.filter(pk=charter.pk).update(published_at=staff.moment(days_ago, 9))
            charters[version] = charter
            created["charters"] += 1
    acknowledged = set(CharterAcknowledgement.objects.filter(tenant=tenant).values_list("charter_id", "employee_id"))
    new: list[CharterAcknowledgement] = []
    dates = []
    for employee in staff.employees:
        wanted = []
        if rng.random() < 0.85:
            wanted.append((1, rng.randint(150, 235)))
        if rng.random() < V2_RATE.get(staff.site_key(employee) or "", 0.4):
            wanted.append((2, rng.randint(2, 44)))
        if employee.pk == staff.logins["manager"].pk:
            wanted = [(1, 230), (2, 44)]
        elif employee.pk == staff.logins["rep"].pk:
            wanted = [(1, 200)]  # version 2 waits for the demo rep's acknowledgement
        for version, days_ago in wanted:
            charter = charters[version]
            if (charter.pk, employee.pk) not in acknowledged:
                new.append(CharterAcknowledgement(tenant=tenant, charter=charter, employee=employee))
                dates.append(staff.moment(days_ago, 9 + days_ago % 9))
    CharterAcknowledgement.objects.bulk_create(new)
    for ack, when in zip(new, dates, strict=True):
        ack.acknowledged_at = when
    CharterAcknowledgement.objects.bulk_update(new, ["acknowledged_at"], batch_size=500)
    created["charter acknowledgements"] = len(new)
    return created
