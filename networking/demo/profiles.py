"""Demo social profiles of uneven quality (seed 000): a few complete LinkedIn profiles with a positioning statement,
many half-done, some employees with none; a few Facebook, Instagram, X, YouTube and TikTok accounts."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from networking.demo.staff import HEAD_OFFICE, SALES_TITLES, TITLES, Staff
from networking.models import Platform, SocialProfile
from networking.profiles.checklists import checklist_codes, completeness_compute
from networking.profiles.validators import profile_url_normalize

SEED = 5000

# How often a half-done LinkedIn profile has each item (photos are common, recommendations rare).
LINKEDIN_ODDS = {"photo": 0.85, "banner": 0.3, "headline": 0.7, "about": 0.3, "current_position": 0.65,
                 "contact_details": 0.4, "featured": 0.1, "recommendations": 0.15, "skills": 0.45}
ALL = "all"


@dataclass(frozen=True)
class ProfileSpec:
    platform: str
    handle: str = ""  # computed from the name when empty
    ticks: tuple[str, ...] | str = ALL
    positioning: str = ""
    audience: int | None = None


@dataclass
class PlannedProfile:
    employee_id: int
    platform: str
    url: str
    audience_size: int | None
    checked_days_ago: int | None
    checklist: dict[str, bool] = field(default_factory=dict)
    positioning: str = ""


# Complete profiles with positioning statements, and the accounts beyond LinkedIn.
FIXED: dict[str, tuple[ProfileSpec, ...]] = {
    "codir": (
        ProfileSpec(Platform.LINKEDIN, positioning="8 concessions bretonnes, 150 passionnés : la mobilité des Bretons, "
                    "des particuliers aux flottes d'entreprise.", audience=2840),
        ProfileSpec(Platform.X, ticks=("photo", "bio"), audience=410),
    ),
    "marketing": (
        ProfileSpec(Platform.LINKEDIN, positioning="Je fais parler les concessions Armor : portes ouvertes, lancements "
                    "et les histoires de nos équipes.", audience=1960),
        ProfileSpec(Platform.INSTAGRAM, ticks=ALL, audience=1240),
        ProfileSpec(Platform.FACEBOOK, ticks=("photo", "cover", "intro"), audience=530),
    ),
    "manager": (
        ProfileSpec(Platform.LINKEDIN, positioning="J'aide les entreprises du bassin rennais à électrifier leur flotte "
                    "sans mauvaise surprise.", audience=1530),
    ),
    "dev": (
        ProfileSpec(Platform.LINKEDIN, positioning="Flottes d'entreprise en Bretagne : un seul interlocuteur pour l'achat, "
                    "l'entretien et la reprise.", audience=2210),
        ProfileSpec(Platform.X, ticks=ALL, audience=190),
    ),
    "rep_vn@vannes#0": (
        ProfileSpec(Platform.LINKEDIN, positioning="Le spécialiste des utilitaires pour les artisans du Morbihan.", audience=1180),
        ProfileSpec(Platform.FACEBOOK, ticks=("photo", "intro", "workplace"), audience=780),
    ),
    "director@quimper": (
        ProfileSpec(Platform.LINKEDIN, positioning="L'hybride Toyota pour les agriculteurs et les PME de Cornouaille.",
                    audience=1420),
    ),
    "chef_vo@lorient": (
        ProfileSpec(Platform.LINKEDIN, ticks=("photo", "headline", "current_position", "about", "skills"),
                    positioning="L'occasion garantie au pays de Lorient, expliquée sans jargon.", audience=640),
        # The VO department of Lorient films its cars of the day.
        ProfileSpec(Platform.TIKTOK, handle="armor_vo_lorient", ticks=ALL, positioning="Les VO du jour à Lorient, en 60 secondes.",
                    audience=3900),
        ProfileSpec(Platform.YOUTUBE, handle="ArmorVOLorient", ticks=("photo", "description"), audience=520),
    ),
    "rep_vo@lorient#0": (
        ProfileSpec(Platform.LINKEDIN, ticks=("photo", "headline", "current_position"), audience=310),
        ProfileSpec(Platform.INSTAGRAM, ticks=("photo", "bio"), audience=860),
    ),
    "rep_vo@rennes#0": (
        ProfileSpec(Platform.LINKEDIN, ticks=("photo", "current_position"), audience=150),
        ProfileSpec(Platform.TIKTOK, ticks=("photo", "bio"), audience=1270),
    ),
    "director@saint-malo": (
        ProfileSpec(Platform.LINKEDIN, ticks=("photo", "headline", "current_position", "contact_details", "skills", "about"),
                    audience=870),
        ProfileSpec(Platform.FACEBOOK, ticks=ALL, audience=1450),
    ),
    "director@lannion": (
        ProfileSpec(Platform.FACEBOOK, ticks=("photo", "intro"), audience=390),
    ),
    # The demo rep: a half-done profile, so the checklist shows concrete next steps.
    "rep": (
        ProfileSpec(Platform.LINKEDIN, ticks=("photo", "headline", "current_position", "skills"), audience=240),
    ),
    # Sales Navigator holders who stopped using it (networking/demo/activity.py).
    "chef_vn@brest": (ProfileSpec(Platform.LINKEDIN, ticks=("photo", "headline", "current_position", "banner"), audience=720),),
    "rep_vn@saint-malo#0": (ProfileSpec(Platform.LINKEDIN, ticks=("photo", "current_position"), audience=180),),
}

HALF_DONE_POSITIONING = [
    "Vendeur VN, à votre écoute pour votre prochain véhicule.",
    "Conseils pour bien choisir son véhicule d'occasion.",
    "L'entretien de votre voiture sans stress.",
]


def _linkedin_odds(employee) -> float:
    """How likely an employee is to have a LinkedIn profile at all, by job."""
    title = employee.job_title
    if title in SALES_TITLES or title in HEAD_OFFICE.values() or title == TITLES["chef_apv"]:
        return 0.85
    if title in (TITLES["cs"], TITLES["accueil"]):
        return 0.45
    return 0.2  # technicians and parts storemen


def _url(platform: str, staff: Staff, employee, handle: str, rng: random.Random) -> str:
    slug = staff.slug(employee)
    if platform == Platform.LINKEDIN:
        suffix = f"-{rng.randrange(16**6):06x}" if rng.random() < 0.5 else ""
        return f"https://www.linkedin.com/in/{handle or slug}{suffix}"
    if platform == Platform.FACEBOOK:
        return f"https://www.facebook.com/{handle or slug.replace('-', '.')}"
    if platform == Platform.INSTAGRAM:
        return f"https://www.instagram.com/{handle or slug.replace('-', '_')}"
    if platform == Platform.X:
        return f"https://x.com/{handle or (slug.replace('-', '')[:9] + '_armor')}"
    if platform == Platform.YOUTUBE:
        return f"https://www.youtube.com/@{handle or slug.replace('-', '')}"
    return f"https://www.tiktok.com/@{handle or slug.replace('-', '_')}"


def profile_plan(staff: Staff) -> list[PlannedProfile]:
    """Every demo profile, identical on every call for the same staff (the dates aside)."""
    rng = random.Random(SEED)
    fixed: dict[int, tuple[ProfileSpec, ...]] = {}
    for selector, specs in FIXED.items():
        employee = staff.get(selector)
        if employee is not None:
            fixed[employee.pk] = specs
    plan: list[PlannedProfile] = []
    for employee in staff.employees:
        if employee.pk in fixed:
            specs = fixed[employee.pk]
        elif rng.random() < _linkedin_odds(employee):
            ticks = tuple(code for code, odds in LINKEDIN_ODDS.items() if rng.random() < odds)
            positioning = rng.choice(HALF_DONE_POSITIONING) if rng.random() < 0.1 else ""
            specs = (ProfileSpec(Platform.LINKEDIN, ticks=ticks, positioning=positioning, audience=rng.randint(25, 620)),)
        else:
            continue
        for spec in specs:
            items = checklist_codes(spec.platform)
            ticked = set(items) if spec.ticks == ALL else set(spec.ticks)
            if not ticked <= set(items):
                raise ValueError(f"unknown {spec.platform} checklist items: {sorted(ticked - set(items))}")
            audience = spec.audience if rng.random() < 0.85 else None
            plan.append(PlannedProfile(
                employee_id=employee.pk, platform=spec.platform,
                url=profile_url_normalize(spec.platform, _url(spec.platform, staff, employee, spec.handle, rng)),
                audience_size=audience, checked_days_ago=rng.randint(2, 150) if rng.random() < 0.8 else None,
                checklist={code: code in ticked for code in items}, positioning=spec.positioning,
            ))
    return plan


def seed_profiles(staff: Staff) -> tuple[list[PlannedProfile], int]:
    """The plan, and how many profiles were missing (matched by employee and platform) and created."""
    plan = profile_plan(staff)
    existing = set(SocialProfile.objects.filter(tenant=staff.tenant).values_list("employee_id", "platform"))
    new = [
        SocialProfile(
            tenant=staff.tenant, employee_id=p.employee_id, platform=p.platform, url=p.url, audience_size=p.audience_size,
            checked_on=staff.day(p.checked_days_ago) if p.checked_days_ago is not None else None, checklist=p.checklist,
            positioning=p.positioning,
            completeness=completeness_compute(platform=p.platform, checklist=p.checklist, positioning=p.positioning),
        )
        for p in plan
        if (p.employee_id, p.platform) not in existing
    ]
    SocialProfile.objects.bulk_create(new)
    return plan, len(new)
