"""Address-book parsers: LinkedIn "Connections.csv", vCard (2.1, 3.0, 4.0) and generic CSV with a column mapping.

Pure functions, no database: bytes -> text (``decode``), text -> ``ParseResult`` (``parse``). Each row carries
its position (the line number in the file for CSV, the card number for vCard), so reports can point at it.
A file that is not what it claims raises ``ImportFileError`` with a message for the user: nothing is imported.
"""

from __future__ import annotations

import codecs
import csv
import io
import quopri
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _

from contacts.normalize import fold

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20000

LINKEDIN = "linkedin"
VCARD = "vcard"
CSV = "csv"
FORMATS = (LINKEDIN, VCARD, CSV)

LINKEDIN_HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]


class ImportFileError(ValueError):
    """The file as a whole is refused (its message is shown to the user)."""


@dataclass
class ParsedContact:
    first_name: str = ""
    last_name: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    company: str = ""
    position: str = ""
    linkedin_url: str = ""
    note: str = ""
    connected_on: date | None = None

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass
class ParsedRow:
    position: int
    contact: ParsedContact | None = None
    skip_reason: str = ""
    error: str = ""


@dataclass
class ParseResult:
    format: str
    rows: list[ParsedRow]
    headers: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)


# --- Decoding and detection ------------------------------------------------------------------------------


def decode(raw: bytes) -> str:
    """Uploaded bytes as text: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252. Binary and empty are refused."""
    if not raw or not raw.strip():
        raise ImportFileError(_("The file is empty."))
    if len(raw) > MAX_FILE_BYTES:
        raise ImportFileError(_("The file is too large (5 MB at most)."))
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFileError(_("This file is not a text file (CSV or vCard).")) from None
    else:
        if b"\x00" in raw[:4096]:
            raise ImportFileError(_("This file is not a text file (CSV or vCard)."))
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\r\n\t" or ch == "\ufffd")
    if controls > max(3, len(text[:4096]) // 100):
        raise ImportFileError(_("This file is not a text file (CSV or vCard)."))
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ImportFileError(_("The file is empty."))
    return text


def _is_vcard(text: str) -> bool:
    return bool(re.search(r"^\s*BEGIN:VCARD\s*$", text, re.IGNORECASE | re.MULTILINE))


def _linkedin_header_index(lines: list[str]) -> int | None:
    for index, line in enumerate(lines[:30]):
        if line.strip().lower().startswith("first name,last name,"):
            return index
    return None


def detect_format(text: str) -> str:
    """"vcard", "linkedin" or "csv" from the content (never from the file name)."""
    if _is_vcard(text):
        return VCARD
    if _linkedin_header_index(text.splitlines()) is not None:
        return LINKEDIN
    return CSV


# --- LinkedIn ------------------------------------------------------------------------------------------


def _parse_linkedin_date(value: str) -> date | None:
    value = (value or "").strip()
    for fmt in ("%d %b %Y", "%d-%b-%y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def parse_linkedin(text: str) -> ParseResult:
    lines = text.splitlines(keepends=True)
    header_index = _linkedin_header_index(lines)
    if header_index is None:
        raise ImportFileError(
            _("This is not a LinkedIn export: the line “First Name,Last Name,URL,Email Address,Company,Position,Connected On” is missing.")
        )
    reader = csv.reader(io.StringIO("".join(lines[header_index:])))
    header = [h.strip() for h in next(reader)]
    index = {name: header.index(name) for name in LINKEDIN_HEADER if name in header}
    if "First Name" not in index or "Last Name" not in index:
        raise ImportFileError(_("This is not a LinkedIn export: the header has no first and last name columns."))
    rows: list[ParsedRow] = []
    previous_line = 1
    for cells in reader:
        position = header_index + previous_line + 1  # line number in the file (1-based) where the row starts
        previous_line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(_("Too many rows (%(max)s at most).") % {"max": MAX_ROWS})

        def cell(name: str, cells=cells) -> str:
            i = index.get(name)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        contact = ParsedContact(
            first_name=cell("First Name"),
            last_name=cell("Last Name"),
            emails=[cell("Email Address")] if cell("Email Address") else [],
            company=cell("Company"),
            position=cell("Position"),
            linkedin_url=cell("URL"),
            connected_on=_parse_linkedin_date(cell("Connected On")),
        )
        if not contact.first_name and not contact.last_name:
            rows.append(ParsedRow(position, contact, skip_reason=_("No name: LinkedIn hides this member's details.")))
        else:
            rows.append(ParsedRow(position, contact))
    return ParseResult(LINKEDIN, rows, headers=header)


# --- vCard ----------------------------------------------------------------------------------------------

_CARD = re.compile(r"^[ \t]*BEGIN:VCARD[ \t]*\r?\n(.*?)^[ \t]*END:VCARD[ \t]*$", re.IGNORECASE | re.MULTILINE | re.DOTALL)


def _qp_lines(card: str) -> str:
    """vCard 2.1: join QUOTED-PRINTABLE soft line breaks and decode the values (vobject does not join them)."""
    out: list[str] = []
    lines = card.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        head, sep, value = line.partition(":")
        if sep and "QUOTED-PRINTABLE" in head.upper():
            while value.endswith("=") and i + 1 < len(lines):
                i += 1
                value = value[:-1] + lines[i].lstrip() if lines[i][:1] in " \t" else value[:-1] + lines[i]
            charset_match = re.search(r"CHARSET=([\w-]+)", head, re.IGNORECASE)
            charset = charset_match.group(1) if charset_match else "utf-8"
            try:
                decoded = quopri.decodestring(value.encode("latin-1", errors="replace")).decode(charset, errors="replace")
            except LookupError:
                decoded = quopri.decodestring(value.encode("latin-1", errors="replace")).decode("utf-8", errors="replace")
            params = [p for p in head.split(";") if p.upper() not in ("ENCODING=QUOTED-PRINTABLE", "QUOTED-PRINTABLE")
                      and not p.upper().startswith("CHARSET=")]
            name = params[0].split(".")[-1].upper() if params else ""
            decoded = decoded.replace("\\", "\\\\").replace(",", "\\,")
            if name not in ("N", "ORG", "ADR"):
                decoded = decoded.replace(";", "\\;")
            decoded = decoded.replace("\r\n", "\\n").replace("\n", "\\n")
            line = ";".join(params) + ":" + decoded
        out.append(line)
        i += 1
    return "\n".join(out)


def _params(line) -> set[str]:
    types: set[str] = set()
    for key, values in line.params.items():
        for value in values:
            for part in str(value).split(","):
                types.add(part.strip().lower())
        types.add(key.lower())
    return types


def _card_contact(card_text: str) -> ParsedContact:
    import vobject

    card = vobject.readOne(_qp_lines(card_text))
    contact = ParsedContact()
    contents = card.contents
    if "n" in contents:
        name = contents["n"][0].value
        if hasattr(name, "given"):
            contact.first_name = " ".join(x for x in [name.given, name.additional] if isinstance(x, str) and x).strip()
            contact.last_name = (name.family if isinstance(name.family, str) else " ".join(name.family)).strip()
    if not (contact.first_name or contact.last_name) and "fn" in contents:
        full = str(contents["fn"][0].value).strip()
        first, _sep, last = full.rpartition(" ")
        contact.first_name, contact.last_name = (first, last) if first else ("", last)
    for line in contents.get("email", []):
        value = str(line.value).strip()
        if value and value.lower() not in (e.lower() for e in contact.emails):
            contact.emails.append(value)
    for line in contents.get("tel", []):
        value = re.sub(r"^tel:", "", str(line.value).strip(), flags=re.IGNORECASE)
        if value and value not in contact.phones:
            contact.phones.append(value)
    if "org" in contents:
        org = contents["org"][0].value
        parts = [org] if isinstance(org, str) else list(org)
        contact.company = (parts[0] if parts else "").strip()
    if "title" in contents:
        contact.position = str(contents["title"][0].value).strip()
    for line in contents.get("url", []) + contents.get("x-socialprofile", []):
        value = str(line.value).strip()
        if "linkedin.com/" in value.lower():
            contact.linkedin_url = value
            break
    if "note" in contents:
        contact.note = str(contents["note"][0].value).strip()
    return contact


def parse_vcard(text: str) -> ParseResult:
    if not _is_vcard(text):
        raise ImportFileError(_("This is not a vCard file: no “BEGIN:VCARD” line was found."))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    rows: list[ParsedRow] = []
    for number, match in enumerate(_CARD.finditer(text), start=1):
        if number > MAX_ROWS:
            raise ImportFileError(_("Too many rows (%(max)s at most).") % {"max": MAX_ROWS})
        card_text = "BEGIN:VCARD\n" + match.group(1).strip("\r\n") + "\nEND:VCARD\n"
        try:
            contact = _card_contact(card_text)
        except Exception as exc:  # vobject raises many kinds of errors on broken cards
            rows.append(ParsedRow(number, error=_("This card could not be read (%(error)s).") % {"error": str(exc)[:120]}))
            continue
        if not (contact.first_name or contact.last_name or contact.emails or contact.linkedin_url):
            rows.append(ParsedRow(number, contact, skip_reason=_("No name, e-mail or LinkedIn profile.")))
        else:
            rows.append(ParsedRow(number, contact))
    if not rows:
        raise ImportFileError(_("This is not a vCard file: no complete card (BEGIN:VCARD … END:VCARD) was found."))
    return ParseResult(VCARD, rows)


# --- Generic CSV ----------------------------------------------------------------------------------------

# field -> accepted header names (compared folded: case, accents and punctuation ignored).
CSV_FIELDS: dict[str, tuple[str, ...]] = {
    "first_name": ("first name", "firstname", "given name", "prenom", "prénom"),
    "last_name": ("last name", "lastname", "surname", "family name", "nom", "nom de famille"),
    "full_name": ("name", "full name", "nom complet", "contact", "display name"),
    "email": ("email", "e-mail", "mail", "courriel", "email address", "adresse e-mail", "adresse mail", "e-mail 1 - value"),
    "email2": ("email 2", "e-mail 2", "mail 2", "courriel 2", "e-mail 2 - value", "other email", "autre e-mail"),
    "phone": ("phone", "telephone", "téléphone", "tel", "mobile", "portable", "mobile phone", "phone 1 - value", "gsm"),
    "phone2": ("phone 2", "telephone 2", "téléphone 2", "work phone", "business phone", "phone 2 - value", "fixe"),
    "company": ("company", "organization", "organisation", "organization 1 - name", "societe", "société", "entreprise", "employer"),
    "position": ("position", "title", "job title", "poste", "fonction", "organization 1 - title", "intitule"),
    "linkedin_url": ("linkedin", "linkedin url", "profil linkedin", "linkedin profile", "url"),
    "note": ("note", "notes", "comment", "commentaire", "remarque"),
}
CSV_FIELD_LABELS = {
    "first_name": "First name", "last_name": "Last name", "full_name": "Full name", "email": "E-mail", "email2": "Second e-mail",
    "phone": "Phone", "phone2": "Second phone", "company": "Company", "position": "Position", "linkedin_url": "LinkedIn profile",
    "note": "Note",
}


def csv_read(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line number, cells) rows; the delimiter (; , tab) is detected on the header line."""
    lines = text.splitlines(keepends=True)
    start = 0
    delimiter = None
    if lines and lines[0].strip().lower().startswith("sep=") and len(lines[0].strip()) == 5:
        delimiter, start = lines[0].strip()[4], 1
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start >= len(lines):
        raise ImportFileError(_("The file is empty."))
    if delimiter is None:
        header_line = lines[start]
        counts = {d: header_line.count(d) for d in (";", ",", "\t")}
        delimiter = max(counts, key=counts.get)
        if counts[delimiter] == 0:
            raise ImportFileError(_("This does not look like a CSV file: no column separator (; , or tab) on the first line."))
    reader = csv.reader(io.StringIO("".join(lines[start:])), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
        rows: list[tuple[int, list[str]]] = []
        previous = 1
        for cells in reader:
            position = start + previous + 1
            previous = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise ImportFileError(_("Too many rows (%(max)s at most).") % {"max": MAX_ROWS})
            rows.append((position, cells))
    except csv.Error as exc:
        raise ImportFileError(_("This CSV file cannot be read (%(error)s).") % {"error": exc}) from None
    return header, rows


def csv_propose_mapping(headers: list[str]) -> dict[str, str]:
    """field -> header, from the header names (French or English synonyms)."""
    folded = {fold(h): h for h in headers if h}
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for field_name, synonyms in CSV_FIELDS.items():
        for synonym in synonyms:
            header = folded.get(fold(synonym))
            if header is not None and header not in used:
                mapping[field_name] = header
                used.add(header)
                break
    return mapping


def parse_csv(text: str, mapping: dict[str, str] | None = None) -> ParseResult:
    header, raw_rows = csv_read(text)
    if len([h for h in header if h]) < 2:
        raise ImportFileError(_("This does not look like a CSV file: the first line should name at least two columns."))
    mapping = {k: v for k, v in (mapping or csv_propose_mapping(header)).items() if k in CSV_FIELDS and v in header}
    index = {k: header.index(v) for k, v in mapping.items()}
    rows: list[ParsedRow] = []
    for position, cells in raw_rows:

        def cell(name: str, cells=cells) -> str:
            i = index.get(name)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        first, last = cell("first_name"), cell("last_name")
        if not (first or last) and cell("full_name"):
            first, _sep, last = cell("full_name").rpartition(" ")
        contact = ParsedContact(
            first_name=first,
            last_name=last,
            emails=[e for e in (cell("email"), cell("email2")) if e],
            phones=[p for p in (cell("phone"), cell("phone2")) if p],
            company=cell("company"),
            position=cell("position"),
            linkedin_url=cell("linkedin_url"),
            note=cell("note"),
        )
        if not (contact.first_name or contact.last_name or contact.emails or contact.linkedin_url):
            rows.append(ParsedRow(position, contact, skip_reason=_("No name, e-mail or LinkedIn profile.")))
        else:
            rows.append(ParsedRow(position, contact))
    return ParseResult(CSV, rows, headers=header, mapping=mapping)


# --- Entry point ----------------------------------------------------------------------------------------


def parse(text: str, format: str, mapping: dict[str, str] | None = None) -> ParseResult:
    """Parse ``text`` as ``format`` ("auto" detects it). Raises ImportFileError when the file is not that format."""
    if format in ("", "auto", None):
        format = detect_format(text)
    if format == VCARD:
        return parse_vcard(text)
    if _is_vcard(text):
        raise ImportFileError(_("This file is a vCard (.vcf), not a CSV file: choose the vCard format."))
    if format == LINKEDIN:
        return parse_linkedin(text)
    if format == CSV:
        return parse_csv(text, mapping)
    raise ImportFileError(_("Unknown format."))
