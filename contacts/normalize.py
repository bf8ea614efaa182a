"""Pure normalisation helpers used for deduplication and validation (no database access).

- e-mails: trimmed, lower-cased;
- phones: E.164 through phonenumbers, France as the default region;
- LinkedIn profile URLs: one canonical form whatever the scheme, host variant (fr.linkedin.com,
  www., m.), trailing slash, query string or case;
- names and companies: accent-folded, lower-cased keys with legal forms (SAS, SARL...) dropped;
- SIREN: checked with python-stdnum (Luhn).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import unquote, urlsplit

import phonenumbers
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.fr import siren as stdnum_siren

DEFAULT_PHONE_REGION = "FR"

_LEGAL_FORMS = {"sa", "sas", "sasu", "sarl", "eurl", "sci", "snc", "scop", "gie", "sem", "spa", "gmbh", "ltd", "inc", "llc", "cie", "et"}
_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower-case, accents removed, punctuation to spaces, spaces collapsed."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return _SPACES.sub(" ", _NON_WORD.sub(" ", text)).strip()


def name_key(first_name: str, last_name: str) -> str:
    return fold(f"{first_name} {last_name}")


def company_key(name: str) -> str:
    words = [w for w in fold(name).split(" ") if w and w not in _LEGAL_FORMS]
    return " ".join(words)


def email_normalize(email: str) -> str:
    return (email or "").strip().lower()


def phone_normalize(raw: str, region: str = DEFAULT_PHONE_REGION) -> str | None:
    """The E.164 form of ``raw`` ("06 12 34 56 78" -> "+33612345678"), or None when it is not a valid number."""
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def linkedin_normalize(url: str) -> str | None:
    """Canonical "https://www.linkedin.com/in/<slug>" for a profile URL, or None when it is not one."""
    url = (url or "").strip()
    if not url:
        return None
    if "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not (host == "linkedin.com" or host.endswith(".linkedin.com")):
        return None
    segments = [s for s in unquote(parts.path).split("/") if s]
    if len(segments) < 2 or segments[0].lower() not in {"in", "pub"}:
        return None
    slug = segments[1].lower()
    if not slug:
        return None
    return f"https://www.linkedin.com/{segments[0].lower()}/{slug}"


def siren_validate(value: str) -> str:
    """The 9-digit SIREN (spaces allowed in input); raises ValueError when it is not a valid one."""
    try:
        return stdnum_siren.validate(value or "")
    except StdnumValidationError as exc:
        raise ValueError(str(exc)) from None


def identity_hash(tenant_id: int, value: str) -> str:
    """Salted per tenant so a suppression hash is useless outside its tenant."""
    return hashlib.sha256(f"{tenant_id}:{value}".encode()).hexdigest()
