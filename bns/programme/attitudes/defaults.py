"""Suggested behaviours per role: shown as a starting point (placeholder) where the programme has not written its own.

Seed 000: networking is "a matter of leadership and of the boss", it concerns every department, and reps must stop
"bombarding" prospects; seed 001: conviction, and a profile is a personal space; seed 004: reps open their address
books when shared contacts are treated with care. The texts are suggestions, never stored until an editor saves them.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from bns.models import Role

# The order of the attitudes page: from the CoDir to the field, then the support roles.
ROLE_ORDER: tuple[str, ...] = (
    Role.EXECUTIVE, Role.SITE_DIRECTOR, Role.MANAGER, Role.EMPLOYEE, Role.MARKETING, Role.CONSULTANT, Role.ADMIN,
)
assert set(ROLE_ORDER) == set(Role.values)

DEFAULT_BEHAVIOURS: dict[str, str] = {
    Role.EXECUTIVE: _(
        "Sponsor the programme visibly: open the workshops and say why the group networks.\n"
        "Chair the monthly review: read the KPIs, take decisions, name an owner for each.\n"
        "Keep your own LinkedIn profile complete and post or relay at least twice a month.\n"
        "Be the first to acknowledge the charter and ask your directors to do the same.\n"
        "Attend one or two target networks yourself and introduce colleagues there."
    ),
    Role.SITE_DIRECTOR: _(
        "Relay the programme in the dealership: explain the vision and the objectives to every department.\n"
        "Review the dealership's figures with the sales and after-sales managers every month.\n"
        "Represent the dealership in its target local networks (business club, CCI) and name a lead for each.\n"
        "Make sure new hires have a complete profile and have read the charter in their first month."
    ),
    Role.MANAGER: _(
        "Coach each rep every week for a quarter of an hour: profile, activity, relationships, referrals.\n"
        "Write a coaching note with the agreed actions and a follow-up date.\n"
        "Answer introduction requests within the group's deadline and pass leads to the other departments.\n"
        "Show the example: a complete profile, regular posts, shared contacts.\n"
        "Never push a rep to solicit their own circle or to post against their will."
    ),
    Role.EMPLOYEE: _(
        "Keep your profile complete, up to date and naming your dealership, with your own positioning.\n"
        "Log your networking activity and the contacts you meet, and score each relationship honestly.\n"
        "Make your contacts discoverable to colleagues; answer introduction requests within the deadline.\n"
        "Refer leads to the other departments (after-sales, used vehicles, financing) rather than keep them.\n"
        "Never bombard prospects: respect the solicitation cap and people's objections."
    ),
    Role.MARKETING: _(
        "Prepare two to four pieces of content a month, ready to share and adapted to each platform.\n"
        "Let employees add their own words; never post in an employee's name.\n"
        "Target well: check the solicitation cap and the objections before any campaign or VIP invitation.\n"
        "Report every month which content was shared and what it brought."
    ),
    Role.CONSULTANT: _(
        "Run the workshops and keep the programme on its 3 to 6 month timeline.\n"
        "Challenge the strategy options and the objectives: are they SMART, are they realistic?\n"
        "Train the managers to coach; check the figures with the process owner before each review."
    ),
    Role.ADMIN: _(
        "Keep employees, dealerships and departments up to date so that every figure is right.\n"
        "Invite new hires in their first week and link each login to its employee record.\n"
        "Apply the group's policy settings: default visibility of contacts, solicitation cap, answer deadline."
    ),
}
assert set(DEFAULT_BEHAVIOURS) == set(Role.values)


def default_behaviours(role: str) -> str:
    return str(DEFAULT_BEHAVIOURS.get(role, ""))
