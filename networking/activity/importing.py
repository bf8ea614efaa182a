"""Reading a CSV of activity: decoding, columns in French or English, values as people type them.

Pure (no database): ``activity_csv_parse(text)`` gives the rows with their values made canonical (a date, a kind
code, a channel code, numbers) and, per row, what could not be read. The import services (import_services.py)
resolve the employees, validate with the shared rules and write.

The decoding (UTF-8 with or without BOM, UTF-16, else Windows-1252 as French Excel writes it; binary files refused)
and the CSV writer of our exports are bns.imports' (the employee import's), reused as is.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bns.imports import ImportFileError, csv_safe, csv_writer, employee_csv_decode  # noqa: F401  (one import path)
from networking.models import ActivityChannel, ActivityKind

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000

# Column key -> the header names accepted (compared without case, accents, spaces or punctuation).
COLUMNS: dict[str, tuple[str, ...]] = {
    "occurred_on": ("date", "jour", "day", "date de l'activité", "activity date", "occurred on"),
    "kind": ("type", "kind", "action", "activité", "activity", "type d'activité", "activity type", "nature"),
    "channel": ("réseau", "channel", "plateforme", "platform", "where", "où", "canal", "réseau social", "social network"),
    "reach": ("portée", "reach", "vues", "views", "impressions", "reach (views)", "portée (vues)"),
    "engagement": ("engagement", "engagements", "interactions"),
    "content_url": ("lien", "url", "link", "lien du contenu", "content url", "lien du post", "post url", "link (post or relayed content)"),
    "note": ("note", "notes", "remarque", "description"),
    "employee_email": ("e-mail", "email", "courriel", "mail", "adresse e-mail", "e-mail du collaborateur", "employee e-mail"),
    "employee_number": ("matricule", "employee number", "numéro de matricule", "n° matricule", "employee id", "employee no"),
    "client_key": ("clé client", "client key", "client_key", "clé", "key", "identifiant", "id", "external id", "référence",
                   "reference"),
}
REQUIRED = ("occurred_on", "kind", "channel")
LABELS = {
    "occurred_on": gettext_lazy("Date"), "kind": gettext_lazy("Kind"), "channel": gettext_lazy("Where"),
    "reach": gettext_lazy("Reach"), "engagement": gettext_lazy("Engagement"), "content_url": gettext_lazy("Link"),
    "note": gettext_lazy("Note"), "employee_email": gettext_lazy("E-mail"), "employee_number": gettext_lazy("Employee number"),
    "client_key": gettext_lazy("Client key"), "employee": gettext_lazy("Employee"), "person": gettext_lazy("Person"),
    "account": gettext_lazy("Account"),
}

# Values people write, beyond the codes and the labels in French and English.
KIND_WORDS: dict[str, tuple[str, ...]] = {
    ActivityKind.POST: ("publication", "posts", "publier"),
    ActivityKind.SHARE: ("partage", "repost", "relais", "repartage", "partager"),
    ActivityKind.COMMENT: ("commentaire", "commenter", "reply", "réponse"),
    ActivityKind.REACTION: ("réaction", "like", "j'aime", "mention j'aime"),
    ActivityKind.CONNECTION_SENT: ("invitation envoyée", "demande de connexion envoyée", "connection sent", "invitation"),
    ActivityKind.CONNECTION_ACCEPTED: ("invitation acceptée", "demande de connexion acceptée", "connection accepted",
                                       "nouvelle relation"),
    ActivityKind.MESSAGE: ("message privé", "direct message", "dm", "mp"),
    ActivityKind.INMAIL: ("in mail",),
    ActivityKind.ARTICLE: ("article de blog",),
    ActivityKind.LIVE_VIDEO: ("live", "vidéo", "video", "live vidéo", "live video", "direct"),
    ActivityKind.EVENT_ATTENDED: ("événement", "évènement", "event", "événement suivi", "participation à un événement"),
}
CHANNEL_WORDS: dict[str, tuple[str, ...]] = {
    ActivityChannel.FACEBOOK: ("fb",),
    ActivityChannel.INSTAGRAM: ("insta",),
    ActivityChannel.X: ("twitter", "x (twitter)"),
    ActivityChannel.OFFLINE: ("hors ligne", "en personne", "in person", "physique", "terrain", "irl", "présentiel"),
}
_DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d")


def fold(value: str) -> str:
    """Lower case, no accents, letters and digits only: how headers and values are compared."""
    value = unicodedata.normalize("NFKD", value)
    value = "".join(c for c in value if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]+", "", value.casefold())


def _vocabulary(choices, words: dict) -> dict[str, str]:
    out: dict[str, str] = {}
    for code, label in choices.choices:
        names = [code, *words.get(code, ())]
        for language in ("en", "fr"):
            with translation.override(language):
                names.append(str(label))
        for name in names:
            out.setdefault(fold(name), code)
    return out


@dataclass
class ParsedRow:
    row: int  # as in the spreadsheet: the header is row 1
    values: dict = field(default_factory=dict)  # canonical values of the recognised columns
    errors: list[str] = field(default_factory=list)


@dataclass
class ParseResult:
    delimiter: str = ";"
    columns: list[str] = field(default_factory=list)  # recognised column keys
    ignored_columns: list[str] = field(default_factory=list)
    rows: list[ParsedRow] = field(default_factory=list)


def _column_for(header: str) -> str | None:
    key = fold(header)
    for column, names in COLUMNS.items():
        if key in {fold(n) for n in names} or key == fold(str(LABELS[column])):
            return column
    return None


def _delimiter(text: str) -> tuple[str, str]:
    lines = text.splitlines()
    if lines and lines[0].strip().lower().startswith("sep=") and len(lines[0].strip()) == 5:
        return lines[0].strip()[4], text.split("\n", 1)[1] if "\n" in text else ""
    first = next((line for line in lines if line.strip()), "")
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return (best if counts[best] else ";"), text


def parse_date(value: str) -> date | None:
    value = value.strip()
    head = value[:10]
    try:
        return date.fromisoformat(head)
    except ValueError:
        pass
    for candidate in (value.split(" ")[0], value):
        for fmt in _DATE_FORMATS:
            try:
                return datetime.strptime(candidate, fmt).date()
            except ValueError:
                continue
    return None


def _cell(record: list[str], index: int) -> str:
    value = record[index].strip() if index < len(record) else ""
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@":  # our exports' formula protection
        value = value[1:]
    return value


def activity_csv_parse(text: str, *, max_rows: int | None = None) -> ParseResult:
    """The rows of a decoded CSV; ImportFileError for a file that cannot be used at all (no header, missing
    columns, too many rows)."""
    max_rows = max_rows or MAX_ROWS
    result = ParseResult()
    result.delimiter, body = _delimiter(text)
    try:
        records = list(csv.reader(io.StringIO(body, newline=""), delimiter=result.delimiter))
    except csv.Error as exc:
        raise ImportFileError(_("The file could not be read as CSV (%(error)s).") % {"error": exc}) from None
    header_index = next((i for i, rec in enumerate(records) if any(c.strip() for c in rec)), None)
    if header_index is None:
        raise ImportFileError(_("The file is empty."))
    colmap: dict[str, int] = {}
    for index, header in enumerate(records[header_index]):
        column = _column_for(header) if header.strip() else None
        if column is None or column in colmap:
            if header.strip():
                result.ignored_columns.append(header.strip()[:100])
            continue
        colmap[column] = index
    missing = [str(LABELS[c]) for c in REQUIRED if c not in colmap]
    if missing:
        raise ImportFileError(_(
            "Missing columns: %(columns)s. The first line must name the columns, for example: "
            "date;type;réseau;portée;engagement;lien;note."
        ) % {"columns": ", ".join(missing)})
    result.columns = list(colmap)
    data = [(i + 1, rec) for i, rec in enumerate(records) if i > header_index and any(c.strip() for c in rec)]
    if len(data) > max_rows:
        raise ImportFileError(_("This file has %(count)s rows; an import takes at most %(max)s: split it into several files.")
                              % {"count": len(data), "max": max_rows})
    kinds, channels = _vocabulary(ActivityKind, KIND_WORDS), _vocabulary(ActivityChannel, CHANNEL_WORDS)
    for number, record in data:
        row = ParsedRow(row=number)
        cells = {column: _cell(record, index) for column, index in colmap.items()}
        day = parse_date(cells["occurred_on"]) if cells["occurred_on"] else None
        if day is None:
            row.errors.append(_("Date: “%(value)s” is not a date (use 25/11/2026 or 2026-11-25).") % {"value": cells["occurred_on"][:40]}
                              if cells["occurred_on"] else _("Date: missing."))
        row.values["occurred_on"] = day
        for column, vocabulary, label in (("kind", kinds, LABELS["kind"]), ("channel", channels, LABELS["channel"])):
            code = vocabulary.get(fold(cells[column])) if cells[column] else None
            if code is None:
                row.errors.append(_("%(column)s: “%(value)s” is not known.") % {"column": label, "value": cells[column][:40]}
                                  if cells[column] else _("%(column)s: missing.") % {"column": label})
            row.values[column] = code
        for column in ("reach", "engagement", "content_url", "note", "employee_email", "employee_number", "client_key"):
            if column in cells and cells[column] != "":
                row.values[column] = cells[column]
        result.rows.append(row)
    return result


def template_rows() -> list[list[str]]:
    """The header and two example rows of the downloadable template (in the active language)."""
    header = [str(LABELS[c]) for c in ("occurred_on", "kind", "channel", "reach", "engagement", "content_url", "note",
                                       "employee_email", "client_key")]
    today = timezone.localdate().strftime("%d/%m/%Y")
    return [
        header,
        [today, str(ActivityKind.POST.label), "LinkedIn", "850", "32", "https://www.linkedin.com/feed/", "", "", ""],
        [today, str(ActivityKind.EVENT_ATTENDED.label), str(ActivityChannel.OFFLINE.label), "", "", "", "Club entreprises", "", ""],
    ]
