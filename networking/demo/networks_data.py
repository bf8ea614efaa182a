"""The armor group's real-world networks around its Breton dealerships, as the demo tables (data, not UI strings).

Built to show the coordination view's cases:
- overlaps with no lead: four colleagues at the Stade Rennais Rugby partners' club, three at the RC Vannes, two at
  BNI Brest Iroise (no target), two at the Rotary Club de Vannes (a target with no lead);
- gaps: target networks nobody attends (CCI du Morbihan for Lorient, CCI Bretagne Ouest for Quimper, the Côtes-d'Armor
  CCI, the JCE of Lorient, the Trégor business club, MEDEF Morbihan whose named lead has not joined yet);
- memberships nobody attends (the Lions clubs, BNI Brest for the VO rep, the Rotary for the Vannes workshop manager);
- a membership that ended (the Kiwanis) and a partnership that stopped (Stade Brestois).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from networking.models import MembershipRole as R
from networking.models import NetworkKind as K
from networking.models import Priority as P


@dataclass(frozen=True)
class NetworkSpec:
    name: str
    kind: str
    city: str
    site: str | None  # dealership concerned (key of bns.demo_data.ARMOR_SITES), None for the whole group
    fee: Decimal | None
    priority: int
    description: str = ""
    active: bool = True


@dataclass(frozen=True)
class MemberSpec:
    who: str  # a networking.demo.staff selector
    role: str = R.MEMBER
    years: float = 1  # member since, years ago
    paid: bool = True
    ended_days_ago: int | None = None


@dataclass(frozen=True)
class TargetSpec:
    site: str | None
    lead: str | None
    note: str = ""


@dataclass(frozen=True)
class MetSpec:
    attendee: str
    first_name: str
    last_name: str
    company: str
    position: str
    email: str
    kind: str = "prospect"


@dataclass(frozen=True)
class EventSpec:
    title: str
    days_ago: int
    present: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()  # registered, did not come
    notes: str = ""
    met: tuple[MetSpec, ...] = ()


@dataclass(frozen=True)
class Demo:
    network: NetworkSpec
    members: tuple[MemberSpec, ...] = ()
    targets: tuple[TargetSpec, ...] = ()
    events: tuple[EventSpec, ...] = ()


def _eur(amount: int | None) -> Decimal | None:
    return None if amount is None else Decimal(amount)


NETWORKS: tuple[Demo, ...] = (
    # Chambers of commerce
    Demo(NetworkSpec("CCI Ille-et-Vilaine", K.CHAMBER, "Rennes", "rennes", None, P.HIGH, "Clubs, matinales et soirée annuelle."),
         members=(MemberSpec("director@rennes", years=6), MemberSpec("dev", R.BOARD, years=3)),
         targets=(TargetSpec("rennes", "dev"),),
         events=(EventSpec("Soirée des entreprises d'Ille-et-Vilaine", 128, present=("director@rennes", "dev")),
                 EventSpec("Matinale CCI : recruter et fidéliser ses commerciaux", 36, present=("dev",)))),
    Demo(NetworkSpec("CCI du Morbihan", K.CHAMBER, "Vannes", "vannes", None, P.HIGH),
         members=(MemberSpec("director@vannes", years=4),),
         targets=(TargetSpec("vannes", "director@vannes"), TargetSpec("lorient", None, "Personne de Lorient n'y va encore.")),
         events=(EventSpec("Rencontres économiques du Morbihan", 64, present=("director@vannes", "rep_vn@vannes#0"),
                           met=(MetSpec("rep_vn@vannes#0", "Gaëlle", "Le Dantec", "Le Dantec Paysage", "Gérante",
                                        "gaelle.ledantec@ledantec-paysage.fr"),)),)),
    Demo(NetworkSpec("CCI Métropolitaine Bretagne Ouest", K.CHAMBER, "Brest", "brest", None, P.MEDIUM),
         members=(MemberSpec("director@brest", years=5),),
         targets=(TargetSpec("brest", "director@brest"), TargetSpec("quimper", None)),
         events=(EventSpec("Trophées de l'entreprise du Finistère", 97, absent=("director@brest",)),)),
    Demo(NetworkSpec("CCI des Côtes-d'Armor", K.CHAMBER, "Saint-Brieuc", "saint-brieuc", None, P.MEDIUM),
         targets=(TargetSpec("saint-brieuc", None), TargetSpec("lannion", None))),
    # Business clubs
    Demo(NetworkSpec("BNI Rennes Ouest", K.BUSINESS_CLUB, "Rennes", "rennes", _eur(990), P.HIGH, "Petit-déjeuner tous les mardis à 7 h."),
         members=(MemberSpec("rep", R.LEAD, years=1), MemberSpec("cs@rennes#0", years=0.5)),
         targets=(TargetSpec("rennes", "rep"),),
         events=(EventSpec("Petit-déjeuner BNI : présentation de la concession", 13, present=("rep", "cs@rennes#0")),
                 EventSpec("Petit-déjeuner BNI : invités du mois", 41, present=("rep",),
                           met=(MetSpec("rep", "Damien", "Le Roux", "Menuiserie Le Roux", "Artisan menuisier",
                                        "contact@menuiserie-leroux.fr"),)))),
    Demo(NetworkSpec("BNI Vannes Golfe du Morbihan", K.BUSINESS_CLUB, "Vannes", "vannes", _eur(990), P.HIGH),
         members=(MemberSpec("rep_vn@vannes#0", R.LEAD, years=2),),
         targets=(TargetSpec("vannes", "rep_vn@vannes#0"),),
         events=(EventSpec("Réunion BNI : tête-à-tête et recommandations", 20, present=("rep_vn@vannes#0",),
                           met=(MetSpec("rep_vn@vannes#0", "Solenn", "Guégan", "Plomberie du Golfe", "Cogérante",
                                        "solenn.guegan@plomberie-golfe.fr"),)),)),
    Demo(NetworkSpec("BNI Brest Iroise", K.BUSINESS_CLUB, "Brest", "brest", _eur(990), P.MEDIUM),
         members=(MemberSpec("rep_vn@brest#0", years=1.5), MemberSpec("rep_vo@brest#0", years=0.7)),
         events=(EventSpec("Petit-déjeuner BNI Brest Iroise", 55, absent=("rep_vn@brest#0",)),)),
    Demo(NetworkSpec("BNI Armor Entreprendre", K.BUSINESS_CLUB, "Quimper", "quimper", _eur(990), P.MEDIUM),
         members=(MemberSpec("rep_vn@quimper#0", R.LEAD, years=3),),
         targets=(TargetSpec("quimper", "rep_vn@quimper#0"),),
         events=(EventSpec("Soirée des invités BNI Armor Entreprendre", 83, present=("rep_vn@quimper#0",)),)),
    Demo(NetworkSpec("Dirigeants Commerciaux de France (DCF) Rennes", K.ASSOCIATION, "Rennes", None, _eur(420), P.MEDIUM,
                     "Conférences et dîners-débats des directeurs commerciaux."),
         members=(MemberSpec("dev", R.BOARD, years=4), MemberSpec("manager", years=1)),
         targets=(TargetSpec(None, "dev"),),
         events=(EventSpec("Conférence DCF : négocier avec les acheteurs grands comptes", 75, present=("dev", "manager"),
                           met=(MetSpec("manager", "Bertrand", "Le Hir", "Breizh Froid Services", "Directeur commercial",
                                        "b.lehir@breizhfroid.fr"),)),
                 EventSpec("Dîner-débat DCF : vendre avec l'intelligence artificielle", 18, present=("dev",)))),
    Demo(NetworkSpec("DCF Brest Finistère", K.ASSOCIATION, "Brest", "brest", _eur(420), P.LOW)),
    Demo(NetworkSpec("Club des entreprises de Saint-Grégoire", K.BUSINESS_CLUB, "Saint-Grégoire", "rennes", _eur(220), P.HIGH,
                     "Le club de la zone d'activités autour de la concession."),
         members=(MemberSpec("manager", R.LEAD, years=2), MemberSpec("rep", years=1), MemberSpec("director@rennes", years=6)),
         targets=(TargetSpec("rennes", "manager"),),
         events=(EventSpec("Petit-déjeuner du club : la mobilité électrique en entreprise", 97, present=("manager",)),
                 EventSpec("Afterwork de rentrée des entreprises de Saint-Grégoire", 26,
                           present=("manager", "rep"), absent=("director@rennes",),
                           met=(MetSpec("rep", "Julien", "Hervé", "Hervé Électricité", "Gérant", "julien.herve@herve-elec.fr"),
                                MetSpec("manager", "Claire", "Le Moal", "Ouest Nettoyage Services", "Gestionnaire de flotte",
                                        "claire.lemoal@ouest-nettoyage.fr"))))),
    Demo(NetworkSpec("Club des entreprises de Kergaradec", K.BUSINESS_CLUB, "Brest", "brest", _eur(250), P.HIGH),
         members=(MemberSpec("chef_vn@brest", R.LEAD, years=2), MemberSpec("director@brest", years=5)),
         targets=(TargetSpec("brest", "chef_vn@brest"),),
         events=(EventSpec("Afterwork du club de Kergaradec", 33, present=("director@brest",), absent=("chef_vn@brest",)),)),
    Demo(NetworkSpec("Association des entreprises du Parc du Golfe", K.BUSINESS_CLUB, "Vannes", "vannes", _eur(200), P.MEDIUM),
         members=(MemberSpec("chef_vn@vannes", years=1),)),
    Demo(NetworkSpec("Club des entreprises du Trégor", K.BUSINESS_CLUB, "Lannion", "lannion", _eur(180), P.MEDIUM),
         targets=(TargetSpec("lannion", None, "À démarrer : aucune présence à Lannion."),)),
    # Service clubs
    Demo(NetworkSpec("Rotary Club de Vannes", K.SERVICE_CLUB, "Vannes", "vannes", _eur(650), P.MEDIUM),
         members=(MemberSpec("director@vannes", years=8, paid=False), MemberSpec("chef_apv@vannes", years=2, paid=False)),
         targets=(TargetSpec("vannes", None),),
         events=(EventSpec("Soirée caritative du Rotary Club de Vannes", 88, present=("director@vannes",)),)),
    Demo(NetworkSpec("Rotary Club de Quimper", K.SERVICE_CLUB, "Quimper", "quimper", _eur(650), P.LOW),
         members=(MemberSpec("director@quimper", R.BOARD, years=10, paid=False),),
         events=(EventSpec("Réunion statutaire du Rotary Club de Quimper", 30, present=("director@quimper",)),)),
    Demo(NetworkSpec("Lions Club Lorient Doyen", K.SERVICE_CLUB, "Lorient", "lorient", _eur(580), P.LOW),
         members=(MemberSpec("director@lorient", years=7, paid=False),)),
    Demo(NetworkSpec("Lions Club Saint-Malo Rance Émeraude", K.SERVICE_CLUB, "Saint-Malo", "saint-malo", _eur(560), P.LOW),
         members=(MemberSpec("chef_vn@saint-malo", years=3, paid=False),)),
    Demo(NetworkSpec("Kiwanis Club de Saint-Brieuc", K.SERVICE_CLUB, "Saint-Brieuc", "saint-brieuc", _eur(450), P.LOW),
         members=(MemberSpec("director@saint-brieuc", years=4, paid=False, ended_days_ago=130),)),
    Demo(NetworkSpec("Jeune Chambre Économique de Rennes", K.ASSOCIATION, "Rennes", "rennes", _eur(180), P.MEDIUM),
         members=(MemberSpec("rc", R.LEAD, years=2),),
         targets=(TargetSpec("rennes", "rc"),),
         events=(EventSpec("Congrès régional de la Jeune Chambre Économique", 150, present=("rc",)),)),
    Demo(NetworkSpec("Jeune Chambre Économique du Pays de Lorient", K.ASSOCIATION, "Lorient", "lorient", _eur(180), P.LOW),
         targets=(TargetSpec("lorient", None),)),
    # Employers' and trade federations
    Demo(NetworkSpec("CPME Ille-et-Vilaine", K.FEDERATION, "Rennes", None, _eur(480), P.MEDIUM),
         members=(MemberSpec("codir", R.LEAD, years=5),),
         targets=(TargetSpec(None, "codir"),),
         events=(EventSpec("Assemblée générale de la CPME 35", 100, present=("codir",)),)),
    Demo(NetworkSpec("MEDEF Morbihan", K.FEDERATION, "Vannes", "vannes", _eur(900), P.MEDIUM),
         targets=(TargetSpec("vannes", "director@vannes", "Adhésion prévue au second semestre."),)),
    Demo(NetworkSpec("MEDEF Finistère", K.FEDERATION, "Quimper", "quimper", _eur(900), P.LOW)),
    Demo(NetworkSpec("Mobilians Bretagne", K.FEDERATION, "Rennes", None, _eur(2400), P.HIGH,
                     "La branche régionale de la fédération des services de l'automobile."),
         members=(MemberSpec("codir", R.BOARD, years=12), MemberSpec("director@rennes", years=3)),
         targets=(TargetSpec(None, "codir"),),
         events=(EventSpec("Assemblée régionale Mobilians Bretagne", 112, present=("codir",), absent=("director@rennes",)),
                 EventSpec("Commission VO Mobilians : reprises et stocks", 47, present=("codir", "chef_vo@rennes")))),
    # Sports clubs the dealerships sponsor
    Demo(NetworkSpec("Stade Rennais Rugby – club des partenaires", K.SPORTS_CLUB, "Rennes", "rennes", _eur(3500), P.MEDIUM),
         members=(MemberSpec("rep", years=2), MemberSpec("rep_vo@rennes#0", years=1), MemberSpec("chef_apv@rennes", years=3),
                  MemberSpec("cs@rennes#1", years=1)),
         events=(EventSpec("Soirée des partenaires du Stade Rennais Rugby", 140, present=("chef_apv@rennes",)),
                 EventSpec("Match en loge partenaires au Stade Rennais Rugby", 52, present=("rep", "rep_vo@rennes#0")))),
    Demo(NetworkSpec("Rugby Club Vannes – club entreprises", K.SPORTS_CLUB, "Vannes", "vannes", _eur(3000), P.MEDIUM),
         members=(MemberSpec("rep_vn@vannes#0", years=2), MemberSpec("rep_vn@vannes#1", years=1), MemberSpec("director@vannes", years=4)),
         events=(EventSpec("Soirée partenaires du RC Vannes", 40, present=("rep_vn@vannes#1",)),)),
    Demo(NetworkSpec("FC Lorient – Club Affaires", K.SPORTS_CLUB, "Lorient", "lorient", _eur(4800), P.MEDIUM),
         members=(MemberSpec("director@lorient", R.LEAD, years=3), MemberSpec("chef_vo@lorient", years=1)),
         targets=(TargetSpec("lorient", "director@lorient"),),
         events=(EventSpec("Match du FC Lorient en loge partenaires", 68, present=("chef_vo@lorient",)),)),
    Demo(NetworkSpec("Stade Brestois 29 – club des partenaires", K.SPORTS_CLUB, "Brest", "brest", _eur(4200), P.LOW,
                     "Partenariat arrêté la saison dernière.", active=False)),
    Demo(NetworkSpec("Société Nautique de la Baie de Saint-Malo", K.SPORTS_CLUB, "Saint-Malo", "saint-malo", _eur(380), P.LOW),
         members=(MemberSpec("director@saint-malo", R.LEAD, years=6),),
         targets=(TargetSpec("saint-malo", "director@saint-malo"),),
         events=(EventSpec("Régate inter-entreprises de la Baie de Saint-Malo", 120,
                           present=("director@saint-malo", "chef_vn@saint-malo")),)),
    # Alumni and online groups
    Demo(NetworkSpec("IAE Rennes Alumni", K.ALUMNI, "Rennes", None, _eur(60), P.LOW),
         members=(MemberSpec("rh", years=9, paid=False), MemberSpec("achats", years=4, paid=False))),
    Demo(NetworkSpec("Rennes School of Business Alumni", K.ALUMNI, "Rennes", None, _eur(90), P.LOW),
         members=(MemberSpec("manager", years=11, paid=False),)),
    Demo(NetworkSpec("Artisans du Morbihan (groupe LinkedIn)", K.ONLINE_GROUP, "", "vannes", None, P.MEDIUM,
                     "Groupe LinkedIn des artisans du 56 : plombiers, électriciens, paysagistes, maçons."),
         members=(MemberSpec("rep_vn@vannes#0", R.LEAD, years=2, paid=False), MemberSpec("rep_vn@lorient#0", years=1, paid=False)),
         targets=(TargetSpec("vannes", "rep_vn@vannes#0"),)),
    Demo(NetworkSpec("Flottes automobiles en Bretagne (groupe LinkedIn)", K.ONLINE_GROUP, "", None, None, P.LOW),
         members=(MemberSpec("dev", years=3, paid=False),)),
)
