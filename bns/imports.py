"""Employee CSV import, and the CSV format it shares with the employee export and the template.

Groups keep their staff lists in spreadsheets; this module turns such a file into a plan, then applies it.

* ``employee_csv_decode(data)`` turns uploaded bytes into text: UTF-8 with or without BOM, UTF-16 with BOM,
  else Windows-1252 (what French Excel writes), else Latin-1. Bytes that are not text (zip/xlsx, PDF, images,
  random binary) are refused with ``ImportFileError``.
* ``employee_import_plan(tenant=, text=)`` is pure (it reads the tenant's dealerships, departments and
  employees, writes nothing) and returns an ``EmployeeImportPlan``: rows to create, to update, unchanged, and
  the rows refused with their spreadsheet row number (header = row 1) and reason. A file-level problem
  (missing required columns, too many rows, unreadable CSV) is ``plan.file_error`` and nothing is planned.
* ``employee_import_apply(tenant=, actor=, text=)`` re-plans against the current data and applies the plan in
  ONE transaction through ``bns.services.org.employee_import_apply``: set-based (bulk_create / bulk_update, a
  bounded number of queries whatever the row count), with one ``employee.import`` audit summary. Managers
  that are new rows are set in a second pass, so a manager may appear later in the file than the people
  they manage.

The pages, the API and a management command can all use these functions.

Matching (idempotence): a row updates the employee with the same employee number, else the same e-mail;
otherwise it creates one. Empty cells leave an existing employee's value unchanged. Importing the same file
twice changes nothing the second time.

Separator: files are read with ``;`` or ``,`` (or tab), detected on the header line (a first line ``sep=;``
as Excel writes it is honoured). Files we write (export, template) use ``;`` with a UTF-8 BOM: that is what
Excel opens correctly on a French system, where ``,`` is the decimal separator.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bns.models import Department, Employee, Site, Tenant
from bns.services import org as org_services

# What we write: French Excel expects ";" (the "," is the decimal separator there) and a BOM to read UTF-8.
CSV_DELIMITER = ";"
CSV_BOM = "\ufeff"
# Uploads larger than this are refused before parsing (the row limit is settings.BNS_EMPLOYEE_IMPORT_MAX_ROWS).
MAX_FILE_BYTES = 5 * 1024 * 1024

# (key, label used in the template/export header, accepted header names in French or English).
# Header names are compared without case, accents, punctuation, word order or filler words ("de", "du"...).
COLUMNS: list[tuple[str, Any, tuple[str, ...]]] = [
    ("first_name", gettext_lazy("First name"), ("first name", "firstname", "first_name", "prénom", "given name")),
    ("last_name", gettext_lazy("Last name"), ("last name", "lastname", "last_name", "nom", "nom de famille", "surname", "family name")),
    ("email", gettext_lazy("E-mail"), ("email", "e-mail", "mail", "courriel", "adresse e-mail", "adresse mail", "email address")),
    (
        "external_id",
        gettext_lazy("Employee number"),
        ("employee number", "employee_number", "employee no", "employee id", "matricule", "numéro de matricule", "n° matricule",
         "external id", "external_id"),
    ),
    ("site", gettext_lazy("Dealership"), ("site", "concession", "dealership", "site name", "nom de la concession", "dealership name")),
    (
        "department",
        gettext_lazy("Department"),
        ("department", "service", "métier", "département", "department code", "code service", "code métier"),
    ),
    ("job_title", gettext_lazy("Job title"), ("job title", "job_title", "title", "poste", "fonction", "intitulé du poste")),
    (
        "manager_email",
        gettext_lazy("Manager e-mail"),
        ("manager email", "manager_email", "e-mail manager", "e-mail du manager", "mail manager", "courriel manager",
         "e-mail du responsable", "courriel du responsable"),
    ),
    (
        "manager_number",
        gettext_lazy("Manager employee number"),
        ("manager employee number", "manager_employee_number", "manager number", "matricule manager",
         "matricule du manager", "matricule du responsable"),
    ),
    # A single "manager" column may hold either an e-mail or an employee number (not written by us).
    ("manager", gettext_lazy("Manager"), ("manager", "responsable", "n+1", "supérieur hiérarchique")),
    ("is_active", gettext_lazy("Active"), ("active", "actif", "is active", "is_active")),
]
REQUIRED_COLUMNS = ("first_name", "last_name")
# The columns of the template and of the export, in this order (the export can be re-imported as is).
WRITTEN_COLUMNS = (
    "first_name", "last_name", "email", "external_id", "site", "department", "job_title",
    "manager_email", "manager_number", "is_active",
)
_LABELS = {key: label for key, label, _aliases in COLUMNS}

_TRUE = {"1", "yes", "y", "oui", "o", "true", "vrai", "x", "active", "actif"}
_FALSE = {"0", "no", "n", "non", "false", "faux", "inactive", "inactif"}
_STOPWORDS = {"de", "du", "des", "la", "le", "les", "l", "d", "of", "the"}
_MAX_LENGTHS = {"first_name": 100, "last_name": 100, "email": 254, "external_id": 50, "job_title": 150}

# Formats that people upload by mistake instead of a CSV, recognised by their first bytes.
_BINARY_SIGNATURES: list[tuple[bytes, Any]] = [
    (b"PK\x03\x04", gettext_lazy("This is an Excel workbook or a zip archive, not a CSV file: in Excel, use "
                                 "“Save as” and choose “CSV (semicolon separated)”.")),
    (b"\xd0\xcf\x11\xe0", gettext_lazy("This is an old Excel (.xls) file, not a CSV file: in Excel, use “Save as” "
                                       "and choose “CSV (semicolon separated)”.")),
    (b"%PDF", gettext_lazy("This is a PDF document, not a CSV file.")),
]
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class ImportFileError(Exception):
    """The whole file is refused (not text, empty...); ``message`` says why, for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ImportApplyError(Exception):
    """Applying a plan failed (the data changed since the preview); nothing was written.

    ``row`` is the refused row (header = row 1), or None when the whole batch was refused by the database.
    """

    def __init__(self, row: int | None, message: str):
        super().__init__(f"row {row}: {message}" if row is not None else message)
        self.row = row
        self.message = message


@dataclass
class RowIssue:
    """A refused row: its number as in the spreadsheet (header = row 1), who it is, and why."""

    row: int
    name: str
    message: str


@dataclass
class PlannedRow:
    """A valid row and what applying it does."""

    row: int
    name: str
    action: str  # "create" | "update" | "unchanged"
    employee_id: int | None = None  # the existing employee it matched
    values: dict[str, Any] = field(default_factory=dict)  # fields to write (all on create, changed ones on update)
    manager_target: tuple[str, int] | None = None  # ("employee", pk) or ("row", row number) when the manager changes
    changes: list[str] = field(default_factory=list)  # labels of the changed fields, for the preview
    depth: int = 0  # levels above the employee once imported (informational: the bulk apply sets all managers at once)


@dataclass
class EmployeeImportPlan:
    encoding: str = ""
    delimiter: str = ""
    columns: list[str] = field(default_factory=list)  # headers recognised, as written in the file
    ignored_columns: list[str] = field(default_factory=list)
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowIssue] = field(default_factory=list)
    file_error: str = ""

    def _count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def to_create(self) -> int:
        return self._count("create")

    @property
    def to_update(self) -> int:
        return self._count("update")

    @property
    def unchanged(self) -> int:
        return self._count("unchanged")

    @property
    def error_count(self) -> int:
        return len(self.errors)

    @property
    def has_changes(self) -> bool:
        return any(r.action != "unchanged" for r in self.rows)

    @property
    def changed_rows(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.action != "unchanged"]

    def summary(self) -> dict[str, int]:
        return {"created": self.to_create, "updated": self.to_update, "unchanged": self.unchanged, "errors": self.error_count}


# --- Text helpers ---------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)  # dealership/department/"active" cells repeat a lot in a file
def _fold(value: str) -> str:
    """Lower-case without accents, spaces collapsed: how names are compared."""
    value = unicodedata.normalize("NFKD", value)
    value = "".join(c for c in value if not unicodedata.combining(c))
    return " ".join(value.casefold().split())


def _header_key(header: str) -> str:
    header = re.sub(r"\(.*?\)", " ", header)  # "Actif (oui/non)" -> "Actif"
    tokens = [t for t in re.split(r"[^0-9a-z+]+", _fold(header)) if t and t not in _STOPWORDS]
    return "".join(sorted(tokens))


def _static_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for key, label, names in COLUMNS:
        for name in (*names, str(label)):
            normalized = _header_key(name)
            if aliases.setdefault(normalized, key) != key:
                raise RuntimeError(f"header alias {name!r} is ambiguous")
    return aliases


_ALIASES = _static_aliases()


def _column_for(header: str) -> str | None:
    normalized = _header_key(header)
    if normalized in _ALIASES:
        return _ALIASES[normalized]
    # The template/export headers in the active language (whatever the translation says).
    for key, label, _names in COLUMNS:
        if _header_key(str(label)) == normalized:
            return key
    return None


def _cell(value: str) -> str:
    value = value.strip()
    # Undo the apostrophe our export puts before a leading = + - @ (spreadsheet formula protection).
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@":
        value = value[1:]
    return value


def csv_safe(value) -> str:
    """A cell for a CSV we write: text starting like a formula is prefixed with an apostrophe."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


# --- Decoding -------------------------------------------------------------------------------------------


def employee_csv_decode(data: bytes) -> tuple[str, str]:
    """(text, encoding label) of an uploaded CSV, or ImportFileError when it is not a text file."""
    if not data or not data.strip():
        raise ImportFileError(_("The file is empty."))
    for signature, message in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise ImportFileError(str(message))
    not_text = _("This file is not a CSV text file. Export your spreadsheet as CSV and upload that file.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text, encoding = data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise ImportFileError(not_text) from None
    else:
        bom = data.startswith(codecs.BOM_UTF8)
        if bom:
            data = data[len(codecs.BOM_UTF8):]
        if b"\x00" in data:
            raise ImportFileError(not_text)
        try:
            text, encoding = data.decode("utf-8"), ("UTF-8 (BOM)" if bom else "UTF-8")
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("cp1252"), "Windows-1252"
            except UnicodeDecodeError:
                text, encoding = data.decode("latin-1"), "ISO-8859-1"
    # Real CSV files have no control characters; binary data decoded as Latin-1 is full of them.
    if "\x00" in text or len(_CONTROL_CHARS.findall(text)) > max(2, len(text) // 100):
        raise ImportFileError(not_text)
    return text, encoding


def _delimiter_and_body(text: str) -> tuple[str, str]:
    lines = text.splitlines()
    if lines and lines[0].strip().lower().startswith("sep=") and len(lines[0].strip()) == 5:
        # Excel's "sep=;" hint line: use it and drop it (Excel does not show it as a row either).
        body = text.split("\n", 1)[1] if "\n" in text else ""
        return lines[0].strip()[4], body
    first = next((line for line in lines if line.strip()), "")
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])  # ties: ";" first
    return (best if counts[best] else ";"), text


# --- Planning -------------------------------------------------------------------------------------------


@dataclass
class _Candidate:
    row: int
    name: str
    cells: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)  # provided (non-empty) fields
    manager_ref: tuple[str, str] | None = None  # ("email" | "number", value)
    manager: Any = None  # resolved: a _Candidate, ("employee", pk), or None
    employee: Employee | None = None
    reasons: list[str] = field(default_factory=list)
    depth: int = 0


def _parse_active(value: str) -> bool | None:
    folded = _fold(value)
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise ValueError(value)


def employee_import_parse(*, tenant: Tenant, data: bytes, max_rows: int | None = None) -> EmployeeImportPlan:
    """Decode uploaded bytes and plan the import (file errors land in ``plan.file_error``)."""
    try:
        text, encoding = employee_csv_decode(data)
    except ImportFileError as exc:
        return EmployeeImportPlan(file_error=exc.message)
    plan = employee_import_plan(tenant=tenant, text=text, max_rows=max_rows)
    plan.encoding = encoding
    return plan


def employee_import_plan(*, tenant: Tenant, text: str, max_rows: int | None = None) -> EmployeeImportPlan:
    """What importing ``text`` (a decoded CSV) into ``tenant`` would do. Reads only, writes nothing."""
    plan = EmployeeImportPlan()
    delimiter, body = _delimiter_and_body(text)
    plan.delimiter = delimiter
    try:
        records = list(csv.reader(io.StringIO(body, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        plan.file_error = _("The file could not be read as CSV (%(error)s).") % {"error": exc}
        return plan

    # Header: the first non-empty record.
    header_index = next((i for i, rec in enumerate(records) if any(c.strip() for c in rec)), None)
    if header_index is None:
        plan.file_error = _("The file is empty.")
        return plan
    colmap: dict[str, int] = {}
    for idx, header in enumerate(records[header_index]):
        key = _column_for(header) if header.strip() else None
        if key is None:
            if header.strip():
                plan.ignored_columns.append(header.strip())
            continue
        if key in colmap:
            plan.file_error = _("The column “%(column)s” appears twice in the header line.") % {"column": header.strip()}
            return plan
        colmap[key] = idx
        plan.columns.append(header.strip())
    missing = [str(_LABELS[key]) for key in REQUIRED_COLUMNS if key not in colmap]
    if missing:
        plan.file_error = _(
            "Missing required columns: %(columns)s. The first line of the file must name the columns "
            "(download the template to see them)."
        ) % {"columns": ", ".join(missing)}
        return plan

    data_rows = [(i + 1, rec) for i, rec in enumerate(records) if i > header_index and any(c.strip() for c in rec)]
    if max_rows is not None and len(data_rows) > max_rows:
        plan.file_error = _("This file has %(count)s rows; an import takes at most %(max)s: split it into several files.") % {
            "count": len(data_rows),
            "max": max_rows,
        }
        return plan

    sites = {_fold(s.name): s for s in Site.unscoped.filter(tenant=tenant)}
    departments = list(Department.unscoped.filter(tenant=tenant))
    departments_by_code = {_fold(d.code): d for d in departments}
    departments_by_name = {_fold(d.name): d for d in departments}
    existing = list(Employee.unscoped.filter(tenant=tenant))
    existing_by_email = {e.email.lower(): e for e in existing if e.email}
    existing_by_number = {e.external_id: e for e in existing if e.external_id}
    existing_by_pk = {e.pk: e for e in existing}

    candidates = [_candidate(row, rec, colmap, sites, departments_by_code, departments_by_name) for row, rec in data_rows]
    _check_duplicates_and_match(candidates, existing_by_email, existing_by_number)
    _resolve_managers(candidates, existing_by_email, existing_by_number, existing_by_pk)

    for cand in candidates:
        if cand.reasons:
            plan.errors.append(RowIssue(row=cand.row, name=cand.name, message=" ".join(cand.reasons)))
        else:
            plan.rows.append(_planned(cand))
    return plan


def _candidate(row, record, colmap, sites, departments_by_code, departments_by_name) -> _Candidate:
    cells = {key: _cell(record[idx]) if idx < len(record) else "" for key, idx in colmap.items()}
    first, last = cells.get("first_name", ""), cells.get("last_name", "")
    cand = _Candidate(row=row, name=f"{first} {last}".strip() or cells.get("email", "") or cells.get("external_id", ""), cells=cells)
    reasons = cand.reasons
    if not first or not last:
        reasons.append(_("First name and last name are required."))
    for key, limit in _MAX_LENGTHS.items():
        if len(cells.get(key, "")) > limit:
            reasons.append(_("“%(column)s” is longer than %(max)s characters.") % {"column": _LABELS[key], "max": limit})
    for key in ("first_name", "last_name", "external_id", "job_title"):
        if cells.get(key):
            cand.values[key] = cells[key]
    email = cells.get("email", "").lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            reasons.append(_("“%(value)s” is not a valid e-mail address.") % {"value": cells["email"]})
        cand.values["email"] = email
    if cells.get("site"):
        site = sites.get(_fold(cells["site"]))
        if site is None:
            reasons.append(_("Unknown dealership “%(value)s”: create it first or fix the name.") % {"value": cells["site"]})
        cand.values["site"] = site
    if cells.get("department"):
        folded = _fold(cells["department"])
        department = departments_by_code.get(folded) or departments_by_name.get(folded)
        if department is None:
            reasons.append(
                _("Unknown department “%(value)s”: use the code or the name of an existing department.") % {"value": cells["department"]}
            )
        cand.values["department"] = department
    if cells.get("is_active"):
        try:
            cand.values["is_active"] = _parse_active(cells["is_active"])
        except ValueError:
            reasons.append(_("“%(value)s” is not a valid “active” value (use yes/no or 1/0).") % {"value": cells["is_active"]})
    if cells.get("manager_email"):
        cand.manager_ref = ("email", cells["manager_email"].lower())
    elif cells.get("manager_number"):
        cand.manager_ref = ("number", cells["manager_number"])
    elif cells.get("manager"):
        value = cells["manager"]
        cand.manager_ref = ("email", value.lower()) if "@" in value else ("number", value)
    return cand


def _check_duplicates_and_match(candidates, existing_by_email, existing_by_number) -> None:
    seen_email: dict[str, int] = {}
    seen_number: dict[str, int] = {}
    seen_employee: dict[int, int] = {}
    for cand in candidates:
        email, number = cand.values.get("email", ""), cand.values.get("external_id", "")
        if email:
            if email in seen_email:
                cand.reasons.append(_("Same e-mail as row %(row)s.") % {"row": seen_email[email]})
            seen_email.setdefault(email, cand.row)
        if number:
            if number in seen_number:
                cand.reasons.append(_("Same employee number as row %(row)s.") % {"row": seen_number[number]})
            seen_number.setdefault(number, cand.row)
        employee = (existing_by_number.get(number) if number else None) or (existing_by_email.get(email) if email else None)
        cand.employee = employee
        if employee is not None:
            if employee.pk in seen_employee and not cand.reasons:
                cand.reasons.append(_("Same employee as row %(row)s.") % {"row": seen_employee[employee.pk]})
            seen_employee.setdefault(employee.pk, cand.row)
        owner = existing_by_email.get(email) if email else None
        if owner is not None and owner != employee:
            cand.reasons.append(
                _("The e-mail %(email)s already belongs to %(name)s.") % {"email": email, "name": owner.full_name}
            )
        owner = existing_by_number.get(number) if number else None
        if owner is not None and owner != employee:
            cand.reasons.append(
                _("The employee number %(number)s already belongs to %(name)s.") % {"number": number, "name": owner.full_name}
            )


def _node(cand: _Candidate) -> tuple[str, int]:
    return ("employee", cand.employee.pk) if cand.employee is not None else ("row", cand.row)


def _resolve_managers(candidates, existing_by_email, existing_by_number, existing_by_pk) -> None:
    # A manager reference points first at a row of the file (it may come later), else at an existing employee.
    file_by_email: dict[str, _Candidate] = {}
    file_by_number: dict[str, _Candidate] = {}
    for cand in candidates:
        if cand.values.get("email"):
            file_by_email.setdefault(cand.values["email"], cand)
        elif cand.employee is not None and cand.employee.email:
            file_by_email.setdefault(cand.employee.email.lower(), cand)
        if cand.values.get("external_id"):
            file_by_number.setdefault(cand.values["external_id"], cand)
        elif cand.employee is not None and cand.employee.external_id:
            file_by_number.setdefault(cand.employee.external_id, cand)
    for cand in candidates:
        if cand.manager_ref is None:
            continue
        kind, value = cand.manager_ref
        in_file = (file_by_email if kind == "email" else file_by_number).get(value)
        if in_file is not None:
            cand.manager = in_file
        else:
            employee = (existing_by_email if kind == "email" else existing_by_number).get(value)
            cand.manager = ("employee", employee.pk) if employee is not None else None
        if cand.manager is None and not cand.reasons:
            cand.reasons.append(_("Manager “%(value)s” not found in the file or among the group's employees.") % {"value": value})

    # Until nothing moves: a row whose manager's row is refused is refused too; manager loops are refused.
    changed = True
    while changed:
        changed = False
        for cand in candidates:
            if cand.reasons or cand.manager is None:
                continue
            target = cand.manager
            if target is cand or (isinstance(target, tuple) and cand.employee is not None and target[1] == cand.employee.pk):
                cand.reasons.append(_("An employee cannot be their own manager."))
                changed = True
            elif isinstance(target, _Candidate) and target.reasons:
                cand.reasons.append(
                    _("Manager “%(value)s” is on row %(row)s, which is refused.") % {"value": cand.manager_ref[1], "row": target.row}
                )
                changed = True
        looping = _rows_in_manager_loops(candidates, existing_by_pk)
        for cand in looping:
            cand.reasons.append(_("The management line of this employee would loop back to them."))
            changed = True

    final = _final_managers(candidates, existing_by_pk)
    depths: dict[tuple[str, int], int] = {}
    for cand in candidates:
        if not cand.reasons:
            cand.depth = _depth(_node(cand), final, depths)


def _depth(node, final, depths) -> int:
    """Number of managers above ``node`` in the final (loop-free) management lines, memoised."""
    path = []
    while node is not None and node not in depths and len(path) <= len(final):
        path.append(node)
        node = final.get(node)
    depth = depths.get(node, -1) if node is not None else -1
    for step in reversed(path):
        depth += 1
        depths[step] = depth
    return depths[path[0]] if path else depths[node]


def _final_managers(candidates, existing_by_pk) -> dict[tuple[str, int], tuple[str, int] | None]:
    """Each employee's manager once the valid rows are applied (rows of the file and the database)."""
    valid = [c for c in candidates if not c.reasons]
    final: dict[tuple[str, int], tuple[str, int] | None] = {}
    for pk, employee in existing_by_pk.items():
        final[("employee", pk)] = ("employee", employee.manager_id) if employee.manager_id else None
    for cand in valid:
        if cand.manager is None:
            if cand.employee is None:
                final[_node(cand)] = None
        elif isinstance(cand.manager, _Candidate):
            final[_node(cand)] = _node(cand.manager)
        else:
            final[_node(cand)] = cand.manager
    return final


def _rows_in_manager_loops(candidates, existing_by_pk) -> list[_Candidate]:
    """Valid rows whose final management line (file + database) comes back to themselves."""
    valid = [c for c in candidates if not c.reasons]
    final = _final_managers(candidates, existing_by_pk)
    looping = []
    limit = len(final) + 1
    for cand in valid:
        start = _node(cand)
        current, steps = final.get(start), 0
        while current is not None and current != start and steps < limit:
            current, steps = final.get(current), steps + 1
        if current == start:
            looping.append(cand)
    return looping


def _differs(employee: Employee, key: str, value) -> bool:
    if key in ("site", "department"):  # compare ids: no query per row
        return getattr(employee, f"{key}_id") != (value.pk if value is not None else None)
    return getattr(employee, key) != value


def _planned(cand: _Candidate) -> PlannedRow:
    manager_target = None
    if cand.manager is not None:
        manager_target = _node(cand.manager) if isinstance(cand.manager, _Candidate) else cand.manager
    if cand.employee is None:
        values = {
            "first_name": cand.values["first_name"],
            "last_name": cand.values["last_name"],
            "email": cand.values.get("email", ""),
            "external_id": cand.values.get("external_id", ""),
            "site": cand.values.get("site"),
            "department": cand.values.get("department"),
            "job_title": cand.values.get("job_title", ""),
            "is_active": cand.values.get("is_active", True),
        }
        return PlannedRow(
            row=cand.row, name=cand.name, action="create", values=values, manager_target=manager_target, depth=cand.depth
        )
    employee = cand.employee
    changed = {k: v for k, v in cand.values.items() if _differs(employee, k, v)}
    changes = [str(Employee._meta.get_field(k).verbose_name) for k in changed]
    if manager_target is not None and manager_target == ("employee", employee.manager_id):
        manager_target = None
    if manager_target is not None:
        changes.append(str(Employee._meta.get_field("manager").verbose_name))
    action = "update" if changes else "unchanged"
    return PlannedRow(
        row=cand.row,
        name=cand.name,
        action=action,
        employee_id=employee.pk,
        values=changed,
        manager_target=manager_target,
        changes=changes,
        depth=cand.depth,
    )


# --- Applying -------------------------------------------------------------------------------------------


def employee_import_apply(
    *, tenant: Tenant, actor, text: str, filename: str = "", max_rows: int | None = None
) -> EmployeeImportPlan:
    """Plan ``text`` again against the current data and apply it in one transaction; returns the plan applied.

    The writes are set-based (``bns.services.org.employee_import_apply``): the number of queries does not
    grow with the number of rows. Refused rows are skipped (they are in ``plan.errors``). A file-level error
    applies nothing. Should the service still refuse a row (data changed meanwhile), ImportApplyError is
    raised and nothing is written.
    """
    with transaction.atomic():
        plan = employee_import_plan(tenant=tenant, text=text, max_rows=max_rows)
        if plan.file_error or not plan.has_changes:
            return plan
        try:
            org_services.employee_import_apply(tenant=tenant, actor=actor, plan=plan, filename=filename)
        except org_services.EmployeeImportConflict as exc:
            raise ImportApplyError(exc.row, exc.reason) from exc
    return plan


# --- Writing (template and export) ----------------------------------------------------------------------


def employee_csv_header() -> list[str]:
    return [str(_LABELS[key]) for key in WRITTEN_COLUMNS]


def employee_csv_row(employee: Employee) -> list[str]:
    """One employee in the export format (select_related site, department and manager beforehand)."""
    manager = employee.manager
    values = {
        "first_name": employee.first_name,
        "last_name": employee.last_name,
        "email": employee.email,
        "external_id": employee.external_id,
        "site": employee.site.name if employee.site else "",
        "department": employee.department.name if employee.department else "",
        "job_title": employee.job_title,
        "manager_email": manager.email if manager else "",
        "manager_number": manager.external_id if manager else "",
        "is_active": _("yes") if employee.is_active else _("no"),
    }
    return [csv_safe(values[key]) for key in WRITTEN_COLUMNS]


def csv_writer(stream):
    """The csv writer for files we produce (``;``; write CSV_BOM first)."""
    return csv.writer(stream, delimiter=CSV_DELIMITER, lineterminator="\r\n")
