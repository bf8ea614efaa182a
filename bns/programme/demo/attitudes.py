"""Attitudes: the behaviours the group expects of each role, in its own words (written after workshop 3)."""

from __future__ import annotations

from bns.models import Role, User
from bns.programme.attitudes.services import role_behaviour_set
from bns.programme.demo.cast import Cast
from bns.programme.models import Programme

BEHAVIOURS = {
    Role.EXECUTIVE: """Ouvrir chaque atelier et redire pourquoi le groupe réseaute.
Présider la revue mensuelle : lire les indicateurs, décider, nommer un responsable par décision.
Tenir son propre profil LinkedIn à jour et publier ou relayer au moins deux fois par mois.
Fréquenter soi-même un ou deux réseaux cibles (club d'entreprises, CCI) et y présenter des collègues.""",
    Role.SITE_DIRECTOR: """Expliquer la vision et les objectifs à chaque service de la concession : VN, VO, APV, pièces, accueil.
Faire le point chaque mois avec les chefs des ventes et le chef d'atelier sur les chiffres de la concession.
Représenter la concession dans ses réseaux cibles et y nommer un référent.
Vérifier que chaque nouvel arrivant a un profil complet et a lu la charte dans son premier mois.""",
    Role.MANAGER: """Un quart d'heure de coaching par vendeur et par semaine : profil, activité, relations, recommandations.
Écrire une note de coaching avec les actions convenues et une date de suivi.
Répondre aux demandes de mise en relation dans le délai du groupe et passer les leads aux autres services.
Ne jamais pousser un vendeur à solliciter ses proches ni à publier contre son gré.""",
    Role.EMPLOYEE: """Garder un profil complet, à jour, qui nomme sa concession et dit qui l'on aide et comment.
Noter ses activités de réseautage et les contacts rencontrés, noter honnêtement la force de chaque relation.
Rendre ses contacts visibles aux collègues quand on le souhaite ; répondre aux demandes de mise en relation.
Passer les leads aux autres services (atelier, VO, financement) plutôt que de les garder.
Ne jamais bombarder de messages un prospect qui n'a rien demandé.""",
    Role.MARKETING: """Préparer deux à quatre contenus par mois, prêts à partager et adaptés à chaque réseau.
Laisser chacun ajouter ses propres mots ; ne jamais publier au nom d'un collaborateur.
Vérifier le plafond de sollicitations et les oppositions avant toute campagne ou invitation VIP.
Dire chaque mois quels contenus ont été partagés et ce qu'ils ont apporté.""",
    Role.CONSULTANT: """Animer les ateliers et tenir le calendrier de l'itération.
Challenger les options stratégiques et les objectifs : sont-ils SMART, sont-ils réalistes ?
Former les chefs des ventes au coaching ; vérifier les chiffres avec le pilote avant chaque revue.""",
    Role.ADMIN: """Tenir à jour les collaborateurs, les concessions et les services pour que chaque chiffre soit juste.
Inviter les nouveaux arrivants dès leur première semaine et relier chaque accès à sa fiche collaborateur.
Appliquer les réglages du groupe : visibilité des contacts par défaut, plafond de sollicitations, délai de réponse.""",
}


def seed_attitudes(cast: Cast, actor: User, programme: Programme) -> None:
    for role, text in BEHAVIOURS.items():
        role_behaviour_set(tenant=cast.tenant, actor=actor, programme=programme, role=role, behaviours=text)
