"""The first version offered to a group that has no charter yet (seed 001 and the brief): a starting point that the
group's executive committee adapts before publishing. In the member's language (French and English)."""

from __future__ import annotations

from django.utils.translation import gettext as _


def charter_default() -> dict[str, str]:
    dos = [
        _("Say who you are: your name, your job and the group, from the first message."),
        _("Share your relationships through the app, with the visibility you choose: the group coordinates, you stay the owner."),
        _("Ask the colleague who knows someone for an introduction rather than contacting them cold."),
        _("Keep your professional profile up to date: photo, headline, current position at the group."),
        _("Relay the group's content when it is useful to your own network, in your own words."),
        _("Log your networking activity and the events you attend: it is what your coaching builds on."),
    ]
    donts = [
        _("No mass messaging of prospects, by e-mail, SMS or social networks."),
        _("Your personal profile stays personal: nobody asks you to use it for the group."),
        _("Respect a contact's objection: a person who said no is not contacted again."),
        _("Do not solicit a person beyond the group's cap: check who has already contacted them."),
        _("Do not copy a colleague's contacts or a customer file into a personal tool."),
    ]
    return {
        "title": _("Our networking charter"),
        "dos": "\n".join(dos),
        "donts": "\n".join(donts),
        "body": _(
            "Our relationships are our first asset: each of us brings customers, suppliers and partners through the people "
            "we know. This charter says how we network together, with respect for the people we meet and for each other. "
            "Your contacts stay yours; the group asks you to share what you choose, and to coordinate so that nobody is "
            "solicited twice."
        ),
    }
