"""Profile addresses per platform: what people paste is accepted and stored in one canonical form; anything that is
not a personal profile of that platform is refused with a message naming the shape expected."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from networking.profiles.validators import profile_url_normalize

GOOD = [
    # LinkedIn: bare domain, www., country subdomains, http, no scheme, trailing slash, query, sub-pages, case.
    ("linkedin", "https://www.linkedin.com/in/eric-le-goff", "https://www.linkedin.com/in/eric-le-goff"),
    ("linkedin", "linkedin.com/in/eric-le-goff/", "https://www.linkedin.com/in/eric-le-goff"),
    ("linkedin", "http://fr.linkedin.com/in/Eric-Le-Goff?originalSubdomain=fr", "https://www.linkedin.com/in/eric-le-goff"),
    ("linkedin", "https://de.linkedin.com/in/eric-le-goff-4b1a2c3/details/experience/", "https://www.linkedin.com/in/eric-le-goff-4b1a2c3"),
    ("linkedin", "  www.linkedin.com/in/j%C3%A9r%C3%B4me-dupont  ", "https://www.linkedin.com/in/jérôme-dupont"),
    # Facebook: names, profile.php?id=, fb.com, m.
    ("facebook", "https://www.facebook.com/eric.legoff", "https://www.facebook.com/eric.legoff"),
    ("facebook", "fb.com/Eric.LeGoff/", "https://www.facebook.com/eric.legoff"),
    ("facebook", "https://m.facebook.com/profile.php?id=100012345678901&ref=bookmarks",
     "https://www.facebook.com/profile.php?id=100012345678901"),
    ("facebook", "https://www.facebook.com/people/Eric-Le-Goff/100012345678901/",
     "https://www.facebook.com/profile.php?id=100012345678901"),
    # Instagram
    ("instagram", "https://www.instagram.com/eric.legoff_vn/", "https://www.instagram.com/eric.legoff_vn"),
    ("instagram", "instagram.com/Eric.LeGoff?igsh=abc123", "https://www.instagram.com/eric.legoff"),
    # X: x.com and twitter.com, normalised to x.com
    ("x", "https://x.com/EricLeGoff", "https://x.com/ericlegoff"),
    ("x", "https://twitter.com/eric_legoff/", "https://x.com/eric_legoff"),
    ("x", "mobile.twitter.com/eric_legoff?lang=fr", "https://x.com/eric_legoff"),
    # YouTube: @handle, /channel/<id>, /c/<name>, /user/<name>
    ("youtube", "https://www.youtube.com/@PeugeotVannes", "https://www.youtube.com/@peugeotvannes"),
    ("youtube", "youtube.com/channel/UCabcdefghijklmnopqrstuv/videos",
     "https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv"),
    ("youtube", "https://m.youtube.com/c/PeugeotVannes", "https://www.youtube.com/c/PeugeotVannes"),
    ("youtube", "http://www.youtube.com/user/EricLeGoff56/", "https://www.youtube.com/user/EricLeGoff56"),
    # TikTok
    ("tiktok", "https://www.tiktok.com/@eric.legoff", "https://www.tiktok.com/@eric.legoff"),
    ("tiktok", "tiktok.com/@Eric_LeGoff/video/7234567890123456789?lang=fr", "https://www.tiktok.com/@eric_legoff"),
]


@pytest.mark.parametrize(("platform", "raw", "expected"), GOOD)
def test_good_addresses_are_normalised(platform, raw, expected):
    assert profile_url_normalize(platform, raw) == expected


BAD = [
    # other hosts, lookalikes, other platforms
    ("linkedin", "https://www.linkedin.fr/in/eric", "Expected: https://www.linkedin.com/in/your-name"),
    ("linkedin", "https://linkedin.com.evil.example/in/eric", "Expected: https://www.linkedin.com/in/your-name"),
    ("linkedin", "https://www.facebook.com/eric.legoff", "This address is on Facebook"),
    # company pages and other reserved paths, each said for what it is
    ("linkedin", "https://www.linkedin.com/company/groupe-armor-automobiles/", "is a company page, not a personal profile"),
    ("linkedin", "https://www.linkedin.com/posts/eric_activity-123", "is a post or a video"),
    ("linkedin", "https://www.linkedin.com/in/", "no profile name"),
    ("linkedin", "https://www.linkedin.com/", "Expected: https://www.linkedin.com/in/your-name"),
    ("linkedin", "ftp://www.linkedin.com/in/eric-le-goff", "Expected"),
    ("linkedin", "https://user:pw@www.linkedin.com/in/eric-le-goff", "Expected"),
    ("linkedin", "", "Give the profile's address"),
    ("facebook", "https://www.facebook.com/groups/clubauto56", "is a group"),
    ("facebook", "https://www.facebook.com/profile.php", "no profile name"),
    ("facebook", "https://www.facebook.com/profile.php?id=abc", "Expected: https://www.facebook.com/your.name"),
    ("facebook", "https://www.facebook.com/", "no profile name"),
    ("facebook", "https://www.fakebook.com/eric", "Expected"),
    ("instagram", "https://www.instagram.com/p/Cx1234abcd/", "is a post or a video"),
    ("instagram", "https://www.instagram.com/", "no profile name"),
    ("instagram", "https://www.instagram.com/eric!legoff", "Expected: https://www.instagram.com/your_handle"),
    ("x", "https://x.com/home", "not a profile"),
    ("x", "https://x.com/", "no profile name"),
    ("x", "https://x.com/this_handle_is_far_too_long", "Expected: https://x.com/your_handle"),
    ("x", "https://www.instagram.com/eric", "This address is on Instagram"),
    ("youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "is a post or a video"),
    ("youtube", "https://youtu.be/dQw4w9WgXcQ", "Expected"),
    ("youtube", "https://www.youtube.com/@", "no profile name"),
    ("youtube", "https://www.youtube.com/channel/not-an-id", "Expected"),
    ("youtube", "https://www.youtube.com/EricLeGoff", "Expected"),
    ("tiktok", "https://www.tiktok.com/eric", "Expected: https://www.tiktok.com/@your_handle"),
    ("tiktok", "https://www.tiktok.com/@", "no profile name"),
    ("tiktok", "https://www.tiktok.com/", "no profile name"),
]


@pytest.mark.parametrize(("platform", "raw", "message"), BAD)
def test_bad_addresses_are_refused_with_a_clear_message(platform, raw, message):
    with pytest.raises(ValidationError) as exc:
        profile_url_normalize(platform, raw)
    assert message in exc.value.messages[0]


@pytest.mark.parametrize("raw", [None, 42, ["https://x.com/a"], "x" * 600, "https://x.com/a\x00b", "https://x.com/a b",
                                 "https://x.com:8080/eric", "https://[::1/in/x"])
def test_garbage_is_refused_not_crashed(raw):
    with pytest.raises(ValidationError):
        profile_url_normalize("x", raw)


def test_unknown_platform_is_refused():
    with pytest.raises(ValidationError, match="Choose a platform"):
        profile_url_normalize("myspace", "https://myspace.com/eric")
