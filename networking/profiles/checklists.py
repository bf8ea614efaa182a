"""What makes a social profile complete, per platform, and what to do next (seed 000: profiles of uneven quality).

``SocialProfile.checklist`` maps the item codes below to booleans. The positioning statement (seed 003: the niche
the employee wants to be known for) counts as one more item, so a profile's completeness is

    (ticked items + 1 if a positioning statement is written) / (number of items + 1), as a whole percentage
    rounded half up.

The codes are stored: never rename one (add a new code instead). Labels and next steps are translated.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from networking.models import Platform

POSITIONING = "positioning"  # the extra item, held in SocialProfile.positioning, not in the checklist


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    label: str
    next_step: str


def _item(code: str, label, next_step) -> ChecklistItem:
    return ChecklistItem(code=code, label=label, next_step=next_step)


POSITIONING_ITEM = _item(
    POSITIONING, _("Positioning statement"),
    _("Write your positioning statement: the niche you want to be known for, for example “the utility-van specialist for "
      "craftsmen around Vannes”."),
)

_PHOTO = _("Professional photo")
_PHOTO_STEP = _("Add a recent, well-lit photo of your face, smiling, on a plain background.")
_LINK = _("Link to the dealership")
_LINK_STEP = _("Add a link to your dealership's website or page in your bio.")

CHECKLISTS: dict[str, tuple[ChecklistItem, ...]] = {
    Platform.LINKEDIN: (
        _item("photo", _PHOTO, _PHOTO_STEP),
        _item("banner", _("Banner"), _("Add a banner showing the dealership's showroom or your brand.")),
        _item("headline", _("Headline"),
              _("Rewrite your headline to say whom you help and how, not only your job title.")),
        _item("about", _("About section"),
              _("Write your About section: who you are, whom you help, and how to reach you at the dealership.")),
        _item("current_position", _("Current position naming the group or the dealership"),
              _("Add your current position with the group's or the dealership's company page as employer.")),
        _item("contact_details", _("Contact details"),
              _("Fill in your contact details: professional phone, e-mail and the dealership's website.")),
        _item("featured", _("Featured section"),
              _("Pin in your Featured section a post, an offer or a customer story you are proud of.")),
        _item("recommendations", _("At least 3 recommendations"),
              _("Ask three satisfied customers or colleagues for a recommendation.")),
        _item("skills", _("Skills"),
              _("List your key skills (for example fleet sales, financing, trade-in) and ask colleagues to endorse them.")),
    ),
    Platform.FACEBOOK: (
        _item("photo", _PHOTO, _PHOTO_STEP),
        _item("cover", _("Cover photo"), _("Add a cover photo showing the dealership or the vehicles you sell.")),
        _item("intro", _("Intro (bio)"), _("Write a short intro: your job, your dealership, what you can do for people.")),
        _item("workplace", _("Workplace naming the dealership"), _("Add the dealership as your workplace.")),
        _item("link", _LINK, _LINK_STEP),
    ),
    Platform.INSTAGRAM: (
        _item("photo", _PHOTO, _PHOTO_STEP),
        _item("bio", _("Bio"), _("Write a bio of one or two lines: your job, your dealership, your city.")),
        _item("link", _LINK, _LINK_STEP),
        _item("highlights", _("Story highlights"),
              _("Create story highlights (deliveries, new arrivals, events) so visitors see your best stories.")),
        _item("pinned", _("Pinned posts"), _("Pin up to three posts that show what you do best.")),
    ),
    Platform.X: (
        _item("photo", _PHOTO, _PHOTO_STEP),
        _item("header", _("Header image"), _("Add a header image showing the dealership or your brand.")),
        _item("bio", _("Bio"), _("Write a bio: your job, your dealership, your city.")),
        _item("link", _LINK, _("Add your dealership's website as your profile's link.")),
        _item("pinned", _("Pinned post"), _("Pin a post that shows what you can do for your followers.")),
    ),
    Platform.YOUTUBE: (
        _item("photo", _("Channel picture"), _("Add a channel picture: your face or the dealership's logo.")),
        _item("banner", _("Channel banner"), _("Add a channel banner showing the dealership's showroom or your brand.")),
        _item("description", _("Channel description"),
              _("Write the channel's description: what viewers will find, who you are, where to find you.")),
        _item("link", _LINK, _("Add the dealership's website to your channel's links.")),
        _item("trailer", _("Featured video or trailer"),
              _("Choose a featured video (a delivery, a vehicle walk-around) for visitors who are not subscribed yet.")),
        _item("playlists", _("Playlists"), _("Sort your videos into playlists (new vehicles, used vehicles, tips).")),
    ),
    Platform.TIKTOK: (
        _item("photo", _PHOTO, _PHOTO_STEP),
        _item("bio", _("Bio"), _("Write a bio: your job, your dealership, your city.")),
        _item("link", _LINK, _("Add the dealership's website to your bio (or name the dealership if links are not open to you yet).")),
        _item("pinned", _("Pinned videos"), _("Pin up to three videos that show what you do best.")),
    ),
}

PLATFORM_ORDER: tuple[str, ...] = tuple(Platform.values)


def checklist_items(platform: str) -> tuple[ChecklistItem, ...]:
    """The items of a platform's checklist (empty for an unknown platform)."""
    return CHECKLISTS.get(platform, ())


def checklist_codes(platform: str) -> list[str]:
    return [item.code for item in checklist_items(platform)]


def checklist_normalize(platform: str, checklist: dict | None) -> dict[str, bool]:
    """Every item of the platform, ticked or not (unknown codes dropped): what is stored."""
    checklist = checklist if isinstance(checklist, dict) else {}
    return {item.code: checklist.get(item.code) is True for item in checklist_items(platform)}


def completeness_compute(*, platform: str, checklist: dict | None, positioning: str = "") -> int:
    """The profile's completeness, 0-100: ticked items plus the positioning statement, over the items plus one."""
    items = checklist_items(platform)
    checklist = checklist if isinstance(checklist, dict) else {}
    done = sum(1 for item in items if checklist.get(item.code) is True) + (1 if (positioning or "").strip() else 0)
    total = len(items) + 1
    return (200 * done + total) // (2 * total)  # rounded half up, in integers (the SQL of the selectors does the same)


@dataclass(frozen=True)
class NextStep:
    platform: str
    code: str
    label: str
    text: str

    @property
    def platform_label(self) -> str:
        return Platform(self.platform).label


def profile_next_steps(profile) -> list[NextStep]:
    """What is missing on one profile, as concrete next steps (checklist order, the positioning statement last)."""
    checklist = profile.checklist if isinstance(profile.checklist, dict) else {}
    steps = [NextStep(profile.platform, item.code, item.label, item.next_step)
             for item in checklist_items(profile.platform) if checklist.get(item.code) is not True]
    if not (profile.positioning or "").strip():
        steps.append(NextStep(profile.platform, POSITIONING, POSITIONING_ITEM.label, POSITIONING_ITEM.next_step))
    return steps


CREATE_LINKEDIN = NextStep(
    Platform.LINKEDIN, "create", _("LinkedIn profile"),
    _("Create your LinkedIn profile: that is where your business customers look for you. Then record its address here."),
)


def employee_next_steps(profiles: Iterable) -> list[NextStep]:
    """An employee's next steps: create the LinkedIn profile when missing, then each profile's missing items."""
    profiles = sorted(profiles, key=lambda p: PLATFORM_ORDER.index(p.platform) if p.platform in PLATFORM_ORDER else 99)
    steps: list[NextStep] = []
    if not any(p.platform == Platform.LINKEDIN for p in profiles):
        steps.append(CREATE_LINKEDIN)
    for profile in profiles:
        steps.extend(profile_next_steps(profile))
    return steps


def employee_completeness(profiles: Iterable) -> int:
    """The mean of the profiles' completeness, where a missing LinkedIn profile counts as one profile at 0 %
    (same rule as networking.selectors.profile_completeness_by_employee, for profiles already in memory)."""
    profiles = list(profiles)
    total = sum(p.completeness for p in profiles)
    n = len(profiles) + (0 if any(p.platform == Platform.LINKEDIN for p in profiles) else 1)
    return (2 * total + n) // (2 * n)
