"""Social profile addresses: checked per platform and stored in one canonical form.

``profile_url_normalize(platform, value)`` is the one validator, called by the services (so the forms and the API
both go through it). It accepts what people paste from their browser or phone (no scheme, http, ``m.`` or country
subdomains, a trailing slash, a query string, a profile's sub-page) and returns the canonical address, or raises a
ValidationError that names the shape expected. Company pages, groups, posts and videos are refused with a message
that says what they are: this is about the employee's own, personal profile.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from networking.models import Platform

RAW_MAX = 500  # longer input is not a profile address; the stored form is at most the model's 300
STORED_MAX = 300

EXPECTED = {
    Platform.LINKEDIN: "https://www.linkedin.com/in/your-name",
    Platform.FACEBOOK: "https://www.facebook.com/your.name (or facebook.com/profile.php?id=…)",
    Platform.INSTAGRAM: "https://www.instagram.com/your_handle",
    Platform.X: "https://x.com/your_handle",
    Platform.YOUTUBE: "https://www.youtube.com/@your-channel (or /channel/…, /c/…, /user/…)",
    Platform.TIKTOK: "https://www.tiktok.com/@your_handle",
}

_HOSTS = {
    Platform.LINKEDIN: re.compile(r"^(?:[a-z]{2,3}\.)?linkedin\.com$"),  # www., fr., de., ... (and the bare domain)
    Platform.FACEBOOK: re.compile(r"^(?:(?:www|m|web|mbasic|[a-z]{2}-[a-z]{2})\.)?(?:facebook\.com|fb\.com)$"),
    Platform.INSTAGRAM: re.compile(r"^(?:(?:www|m)\.)?instagram\.com$"),
    Platform.X: re.compile(r"^(?:(?:www|mobile|m)\.)?(?:x\.com|twitter\.com)$"),
    Platform.YOUTUBE: re.compile(r"^(?:(?:www|m)\.)?youtube\.com$"),
    Platform.TIKTOK: re.compile(r"^(?:(?:www|m)\.)?tiktok\.com$"),
}

# Handles, as each platform allows them (letters and digits of any script for LinkedIn's vanity names).
_LINKEDIN_SLUG = re.compile(r"^[\w\-]{3,100}$")
_FACEBOOK_NAME = re.compile(r"^[a-z0-9.\-]{1,80}$")
_INSTAGRAM_HANDLE = re.compile(r"^[a-z0-9._]{1,30}$")
_X_HANDLE = re.compile(r"^[a-z0-9_]{1,15}$")
_YOUTUBE_HANDLE = re.compile(r"^[a-z0-9._\-]{3,30}$")
_YOUTUBE_CHANNEL_ID = re.compile(r"^UC[A-Za-z0-9_\-]{22}$")
_YOUTUBE_NAME = re.compile(r"^[\w.\-]{1,100}$")
_TIKTOK_HANDLE = re.compile(r"^[a-z0-9._]{2,24}$")
_DIGITS = re.compile(r"^[0-9]{1,25}$")

# Paths that are not a person's profile, and what they are (the message says it).
_COMPANY_PAGE = gettext_lazy("a company page")
_GROUP = gettext_lazy("a group")
_POST = gettext_lazy("a post or a video")
_OTHER_PAGE = gettext_lazy("not a profile")
_LINKEDIN_RESERVED = {"company": _COMPANY_PAGE, "school": _COMPANY_PAGE, "showcase": _COMPANY_PAGE, "groups": _GROUP,
                      "posts": _POST, "pulse": _POST, "feed": _POST, "events": _OTHER_PAGE, "jobs": _OTHER_PAGE}
_FACEBOOK_RESERVED = {"pages": _COMPANY_PAGE, "groups": _GROUP, "events": _OTHER_PAGE, "watch": _POST, "reel": _POST,
                      "story.php": _POST, "permalink.php": _POST, "photo.php": _POST, "photo": _POST, "share": _POST,
                      "sharer": _POST, "sharer.php": _POST, "marketplace": _OTHER_PAGE, "gaming": _OTHER_PAGE,
                      "hashtag": _OTHER_PAGE, "login": _OTHER_PAGE, "login.php": _OTHER_PAGE, "home.php": _OTHER_PAGE,
                      "help": _OTHER_PAGE, "policies": _OTHER_PAGE, "settings": _OTHER_PAGE, "messages": _OTHER_PAGE,
                      "notifications": _OTHER_PAGE, "friends": _OTHER_PAGE, "search": _OTHER_PAGE}
_INSTAGRAM_RESERVED = {"p": _POST, "reel": _POST, "reels": _POST, "tv": _POST, "stories": _POST, "explore": _OTHER_PAGE,
                       "accounts": _OTHER_PAGE, "direct": _OTHER_PAGE, "about": _OTHER_PAGE, "developer": _OTHER_PAGE,
                       "legal": _OTHER_PAGE}
_X_RESERVED = {"home": _OTHER_PAGE, "explore": _OTHER_PAGE, "search": _OTHER_PAGE, "i": _OTHER_PAGE, "intent": _POST,
               "share": _POST, "settings": _OTHER_PAGE, "messages": _OTHER_PAGE, "notifications": _OTHER_PAGE,
               "hashtag": _OTHER_PAGE, "login": _OTHER_PAGE, "signup": _OTHER_PAGE, "tos": _OTHER_PAGE,
               "privacy": _OTHER_PAGE, "compose": _POST}
_YOUTUBE_RESERVED = {"watch": _POST, "shorts": _POST, "live": _POST, "playlist": _POST, "results": _OTHER_PAGE,
                     "feed": _OTHER_PAGE, "embed": _POST}


def _shape_error(platform: str) -> ValidationError:
    return ValidationError(
        _("This is not the address of a %(platform)s profile. Expected: %(shape)s.")
        % {"platform": Platform(platform).label, "shape": EXPECTED[platform]},
        code="invalid",
    )


def _reserved_error(platform: str, what) -> ValidationError:
    return ValidationError(
        _("This address is %(what)s, not a personal profile. Give the address of your own %(platform)s profile: %(shape)s.")
        % {"what": what, "platform": Platform(platform).label, "shape": EXPECTED[platform]},
        code="not_a_profile",
    )


def _empty_handle_error(platform: str) -> ValidationError:
    return ValidationError(
        _("The address has no profile name. Expected: %(shape)s.") % {"shape": EXPECTED[platform]}, code="empty_handle",
    )


def _other_platform(host: str, platform: str) -> str | None:
    for other, pattern in _HOSTS.items():
        if other != platform and pattern.match(host):
            return other
    return None


def _split(platform: str, value) -> tuple[str, list[str], str]:
    """(host, path segments, query) of a pasted address, or a ValidationError."""
    if not isinstance(value, str):
        raise _shape_error(platform)
    raw = value.strip()
    if not raw:
        raise ValidationError(_("Give the profile's address."), code="required")
    if len(raw) > RAW_MAX or "\x00" in raw or any(c.isspace() for c in raw):
        raise _shape_error(platform)
    if "://" not in raw:
        raw = "https://" + raw.lstrip("/")
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        raise _shape_error(platform) from None
    host = (parts.hostname or "").lower().rstrip(".")
    if parts.scheme.lower() not in ("http", "https") or parts.username or parts.password or port not in (None, 80, 443):
        raise _shape_error(platform)
    if not _HOSTS[platform].match(host):
        other = _other_platform(host, platform)
        if other:
            raise ValidationError(
                _("This address is on %(other)s: choose %(other)s as the platform, or give the address of your %(platform)s "
                  "profile: %(shape)s.")
                % {"other": Platform(other).label, "platform": Platform(platform).label, "shape": EXPECTED[platform]},
                code="other_platform",
            )
        raise _shape_error(platform)
    segments = [s for s in unquote(parts.path).split("/") if s]
    return host, segments, parts.query


def _handle(platform: str, segment: str, pattern: re.Pattern, *, lower: bool = True) -> str:
    handle = segment.lower() if lower else segment
    if not pattern.match(handle):
        raise _shape_error(platform)
    return handle


def _reserved(platform: str, segments: list[str], reserved: dict) -> None:
    if segments and segments[0].lower() in reserved:
        raise _reserved_error(platform, reserved[segments[0].lower()])


def _linkedin(segments: list[str], query: str) -> str:
    platform = Platform.LINKEDIN
    _reserved(platform, segments, _LINKEDIN_RESERVED)
    if not segments or segments[0].lower() != "in":
        raise _shape_error(platform)
    if len(segments) < 2:
        raise _empty_handle_error(platform)
    # Anything after the name (/details/experience/, /recent-activity/) is a sub-page of the same profile.
    return f"https://www.linkedin.com/in/{_handle(platform, segments[1], _LINKEDIN_SLUG)}"


def _facebook(segments: list[str], query: str) -> str:
    platform = Platform.FACEBOOK
    if segments and segments[0].lower() == "profile.php":
        ids = [v for k, v in (p.partition("=")[::2] for p in query.split("&")) if k == "id"]
        if not ids or not ids[0]:
            raise _empty_handle_error(platform)
        if not _DIGITS.match(ids[0]):
            raise _shape_error(platform)
        return f"https://www.facebook.com/profile.php?id={ids[0]}"
    if segments and segments[0].lower() == "people" and len(segments) >= 3 and _DIGITS.match(segments[2]):
        return f"https://www.facebook.com/profile.php?id={segments[2]}"  # /people/<name>/<id>: the same profile
    _reserved(platform, segments, _FACEBOOK_RESERVED)
    if not segments:
        raise _empty_handle_error(platform)
    return f"https://www.facebook.com/{_handle(platform, segments[0], _FACEBOOK_NAME)}"


def _at_handle(platform: str, segments: list[str], pattern: re.Pattern) -> str | None:
    if segments and segments[0].startswith("@"):
        name = segments[0][1:]
        if not name:
            raise _empty_handle_error(platform)
        return _handle(platform, name, pattern)
    return None


def _instagram(segments: list[str], query: str) -> str:
    platform = Platform.INSTAGRAM
    _reserved(platform, segments, _INSTAGRAM_RESERVED)
    if not segments:
        raise _empty_handle_error(platform)
    handle = segments[0][1:] if segments[0].startswith("@") else segments[0]
    if not handle:
        raise _empty_handle_error(platform)
    return f"https://www.instagram.com/{_handle(platform, handle, _INSTAGRAM_HANDLE)}"


def _x(segments: list[str], query: str) -> str:
    platform = Platform.X
    _reserved(platform, segments, _X_RESERVED)
    if not segments:
        raise _empty_handle_error(platform)
    handle = segments[0][1:] if segments[0].startswith("@") else segments[0]
    if not handle:
        raise _empty_handle_error(platform)
    return f"https://x.com/{_handle(platform, handle, _X_HANDLE)}"


def _youtube(segments: list[str], query: str) -> str:
    platform = Platform.YOUTUBE
    handle = _at_handle(platform, segments, _YOUTUBE_HANDLE)
    if handle is not None:
        return f"https://www.youtube.com/@{handle}"
    _reserved(platform, segments, _YOUTUBE_RESERVED)
    if not segments:
        raise _empty_handle_error(platform)
    kind = segments[0].lower()
    if kind not in ("channel", "c", "user"):
        raise _shape_error(platform)
    if len(segments) < 2:
        raise _empty_handle_error(platform)
    pattern = _YOUTUBE_CHANNEL_ID if kind == "channel" else _YOUTUBE_NAME
    return f"https://www.youtube.com/{kind}/{_handle(platform, segments[1], pattern, lower=False)}"


def _tiktok(segments: list[str], query: str) -> str:
    platform = Platform.TIKTOK
    handle = _at_handle(platform, segments, _TIKTOK_HANDLE)
    if handle is None:
        if not segments:
            raise _empty_handle_error(platform)
        raise _shape_error(platform)
    return f"https://www.tiktok.com/@{handle}"


_NORMALIZERS = {
    Platform.LINKEDIN: _linkedin,
    Platform.FACEBOOK: _facebook,
    Platform.INSTAGRAM: _instagram,
    Platform.X: _x,
    Platform.YOUTUBE: _youtube,
    Platform.TIKTOK: _tiktok,
}


def profile_url_normalize(platform: str, value) -> str:
    """The canonical address of a personal profile on ``platform``, or a ValidationError saying what is expected."""
    if platform not in _NORMALIZERS:
        raise ValidationError(_("Choose a platform: LinkedIn, Facebook, Instagram, X, YouTube or TikTok."), code="platform")
    _host, segments, query = _split(platform, value)
    url = _NORMALIZERS[platform](segments, query)
    if len(url) > STORED_MAX:
        raise _shape_error(platform)
    return url
