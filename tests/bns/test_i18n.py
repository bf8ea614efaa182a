"""French is the default locale: the catalogue is complete, compiled, and the pages speak French (English on request)."""

from __future__ import annotations

import ast
import gettext as gnu_gettext
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from bns.models import Department
from bns.services.org import tenant_create
from tests.factories import SiteFactory

ROOT = Path(django_settings.BASE_DIR)
PO_PATH = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")
# Same exclusions as the documented `makemessages` command (README / locale workflow).
MAKEMESSAGES_IGNORE = [".venv", "var", "tests", "node_modules"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]")


# --- A tiny .po parser (stdlib only: the project must not need polib at run time) -------------------


@dataclass
class PoEntry:
    line: int
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def label(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


def parse_po(path: Path) -> list[PoEntry]:
    """Active (non-obsolete) entries of a .po file, the header entry (msgid "") included."""
    entries: list[PoEntry] = []
    current: PoEntry | None = None
    has_msgid = False  # the header's msgid is "", so track whether the current entry's msgid was seen
    target: tuple[str, int] | None = None  # which string the continuation lines extend
    flags: set[str] = set()

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):  # blank line, or an obsolete entry (not compiled)
            continue
        if line.startswith("#"):
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        if line.startswith('"'):
            assert current is not None and target is not None, f"{path}:{number}: string outside an entry"
            name, index = target
            value = ast.literal_eval(line)
        else:
            keyword, _, rest = line.partition(" ")
            value = ast.literal_eval(rest.strip())
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            name, index = ("msgstr", int(match.group(1))) if match else (keyword, 0)
            starts_entry = keyword == "msgctxt" or (keyword == "msgid" and (current is None or has_msgid))
            if starts_entry:
                if current is not None:
                    entries.append(current)
                current, has_msgid, flags = PoEntry(line=number, flags=flags), False, set()
            assert current is not None, f"{path}:{number}: {keyword} before msgid"
            has_msgid = has_msgid or keyword == "msgid"
            target = (name, index)
        if name == "msgstr":
            current.msgstr[index] = current.msgstr.get(index, "") + value
        elif name == "msgctxt":
            current.msgctxt = (current.msgctxt or "") + value
        elif name == "msgid_plural":
            current.msgid_plural = (current.msgid_plural or "") + value
        elif name == "msgid":
            current.msgid += value
        else:
            raise AssertionError(f"{path}:{number}: unexpected keyword {name!r}")
    if current is not None:
        entries.append(current)
    return entries


@pytest.fixture(scope="module")
def po_entries() -> list[PoEntry]:
    assert PO_PATH.exists(), "run makemessages -l fr and translate (see locale/README or the report)"
    entries = parse_po(PO_PATH)
    header = [e for e in entries if e.msgid == "" and e.msgctxt is None]
    assert len(header) == 1 and "fuzzy" not in header[0].flags, "the .po header must exist and not be fuzzy"
    assert "nplurals=2; plural=(n > 1);" in header[0].msgstr[0]
    return [e for e in entries if e.msgid]


def test_the_parser_reads_plurals_contexts_flags_and_continuations(tmp_path):
    sample = tmp_path / "sample.po"
    sample.write_text(
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        '#: a.py:1\n#, python-format\nmsgid "Hello %(name)s"\nmsgstr "Bonjour %(name)s"\n\n'
        '#, fuzzy\nmsgctxt "menu"\nmsgid ""\n"Long "\n"text"\nmsgstr ""\n\n'
        'msgid "%(n)s item"\nmsgid_plural "%(n)s items"\nmsgstr[0] "%(n)s élément"\nmsgstr[1] "%(n)s éléments"\n\n'
        '#~ msgid "Old"\n#~ msgstr "Ancien"\n',
        encoding="utf-8",
    )
    header, hello, menu, items = parse_po(sample)
    assert header.msgid == "" and "nplurals=2" in header.msgstr[0]
    assert (hello.msgid, hello.msgstr, hello.flags) == (
        "Hello %(name)s",
        {0: "Bonjour %(name)s"},
        {"python-format"},
    )
    assert (menu.msgctxt, menu.msgid, menu.msgstr, menu.flags) == ("menu", "Long text", {0: ""}, {"fuzzy"})
    assert items.msgid_plural == "%(n)s items" and items.msgstr == {0: "%(n)s élément", 1: "%(n)s éléments"}


# --- (a) the catalogue is complete --------------------------------------------------------------------


def test_every_entry_is_translated_and_not_fuzzy(po_entries):
    assert len(po_entries) > 300  # the whole product, not a stub
    problems = []
    for entry in po_entries:
        if "fuzzy" in entry.flags:
            problems.append(f"{entry.label} is fuzzy (fuzzy entries are not compiled)")
        expected = [0, 1] if entry.msgid_plural is not None else [0]
        if sorted(entry.msgstr) != expected:
            problems.append(f"{entry.label} has msgstr forms {sorted(entry.msgstr)}, expected {expected}")
        elif not all(s.strip() for s in entry.msgstr.values()):
            problems.append(f"{entry.label} is not translated")
    assert not problems, "\n".join(problems)


def test_translations_keep_the_placeholders(po_entries):
    problems = []
    for entry in po_entries:
        names = {
            "%s" if p in ("%s", "%d") else p
            for p in PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or ""))
        }
        for index, text in entry.msgstr.items():
            found = {"%s" if p in ("%s", "%d") else p for p in PLACEHOLDER.findall(text)}
            # A singular form may drop the count (e.g. "un élément"); every other form keeps every placeholder.
            allowed_missing = names if (entry.msgid_plural is not None and index == 0) else set()
            if not found <= names or not (names - found) <= allowed_missing:
                problems.append(
                    f"{entry.label} form {index}: placeholders {sorted(found)} instead of {sorted(names)}"
                )
        if entry.msgid.endswith("\n") != entry.msgstr.get(0, "").endswith("\n"):
            problems.append(f"{entry.label}: trailing newline differs")
    assert not problems, "\n".join(problems)


def test_the_glossary_words_are_used(po_entries):
    """dealership = concession, department = service, employee = collaborateur (docs/glossary)."""
    by_msgid = {e.msgid: e.msgstr[0] for e in po_entries if e.msgctxt is None}
    assert by_msgid["Dealerships"] == "Concessions"
    assert by_msgid["Departments"] == "Services"
    assert by_msgid["Employees"] == "Collaborateurs"
    assert by_msgid["Audit trail"] == "Journal d'audit"
    assert by_msgid["Sales manager"] == "Chef des ventes"
    assert by_msgid["Executive (CoDir)"] == "Dirigeant (CoDir)"


def _source_is_available() -> bool:
    return shutil.which("xgettext") is not None and shutil.which("msgmerge") is not None


@pytest.mark.skipif(not _source_is_available(), reason="gettext tools (xgettext, msgmerge) are not installed")
def test_every_string_of_the_source_is_in_the_catalogue(tmp_path, monkeypatch, settings):
    """makemessages on a copy of the source adds nothing: no new gettext string is left untranslated."""
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            *MAKEMESSAGES_IGNORE, ".git", "__pycache__", "static", "docs", "*.mo", ".*"
        ),
    )
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["fr"], ignore_patterns=MAKEMESSAGES_IGNORE, verbosity=0)
    committed = {(e.msgctxt, e.msgid, e.msgid_plural) for e in parse_po(PO_PATH) if e.msgid}
    fresh = {
        (e.msgctxt, e.msgid, e.msgid_plural)
        for e in parse_po(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po")
        if e.msgid
    }
    missing = sorted(fresh - committed, key=str)
    assert not missing, (
        "strings in the source but not in locale/fr/LC_MESSAGES/django.po: run makemessages -l fr, translate, "
        "compilemessages:\n" + "\n".join(map(repr, missing))
    )


# --- (b) the compiled .mo matches the .po --------------------------------------------------------------


def test_the_compiled_catalogue_matches_the_po(po_entries):
    assert MO_PATH.exists(), "run compilemessages -l fr (the .mo is committed)"
    with MO_PATH.open("rb") as handle:
        mo = gnu_gettext.GNUTranslations(handle)
    stale = []
    for entry in po_entries:
        if entry.msgid_plural is None:
            got = mo.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else mo.gettext(entry.msgid)
            if got != entry.msgstr[0]:
                stale.append(f"{entry.label}: .mo has {got!r}")
            continue
        for n, index in ((1, 0), (2, 1)):
            if entry.msgctxt:
                got = mo.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
            else:
                got = mo.ngettext(entry.msgid, entry.msgid_plural, n)
            if got != entry.msgstr.get(index):
                stale.append(f"{entry.label} form {index}: .mo has {got!r}")
    assert not stale, "the .mo is older than the .po: run compilemessages -l fr\n" + "\n".join(stale)


def test_django_serves_the_translations(db):
    with translation.override("fr"):
        assert translation.gettext("Dealerships") == "Concessions"
        assert translation.ngettext("%(n)s pending", "%(n)s pending", 3) % {"n": 3} == "3 en attente"
    with translation.override("en"):
        assert translation.gettext("Dealerships") == "Dealerships"


def test_default_departments_follow_the_language(db):
    with translation.override("fr"):
        french = tenant_create(name="Groupe FR", slug="groupe-fr")
    with translation.override("en"):
        english = tenant_create(name="Group EN", slug="group-en", locale="en")
    names_fr = set(Department.unscoped.filter(tenant=french).values_list("name", flat=True))
    names_en = set(Department.unscoped.filter(tenant=english).values_list("name", flat=True))
    assert {"VN (véhicules neufs)", "APV (après-vente)", "Développement commercial"} <= names_fr
    assert {"VN (new vehicles)", "APV (after-sales)", "Business development"} <= names_en


# --- (c) and (d) pages --------------------------------------------------------------------------------


def _switch_language(client, code: str, next_url: str = "/"):
    response = client.post(reverse("set_language"), {"language": code, "next": next_url})
    assert response.status_code == 302


def test_login_page_is_french_by_default_and_english_on_request(client, db):
    url = reverse("account_login")
    page = client.get(url).content.decode()
    assert '<html lang="fr">' in page
    assert "<h1>Se connecter</h1>" in page
    assert "Mot de passe" in page  # allauth's own French for its form
    assert "Pas encore de compte ?" in page
    assert "Log in" not in page

    _switch_language(client, "en", url)
    page = client.get(url).content.decode()
    assert '<html lang="en">' in page
    assert "<h1>Log in</h1>" in page
    assert "Password" in page
    assert "Se connecter" not in page

    _switch_language(client, "fr", url)
    assert "<h1>Se connecter</h1>" in client.get(url).content.decode()


def test_tenant_pages_are_french_with_accents(admin_client, tenant):
    url = reverse("site_list", args=[tenant.slug])
    page = admin_client.get(url).content.decode()
    assert "<h1>Concessions</h1>" in page
    assert "Aucune concession pour l’instant." in page or "Aucune concession pour l'instant." in page
    assert "Ajouter la première concession" in page  # accented and with the glossary word
    assert "Journal d'audit" in page or "Journal d&#x27;audit" in page  # the admin's navigation
    assert "Collaborateurs" in page and "Paramètres" in page

    SiteFactory(tenant=tenant, name="Citroën Vannes")
    page = admin_client.get(url).content.decode()
    assert "Citroën Vannes" in page and "Collaborateurs actifs" in page

    _switch_language(admin_client, "en", url)
    page = admin_client.get(url).content.decode()
    assert "<h1>Dealerships</h1>" in page and "Active employees" in page
    assert "Concessions" not in page


def test_a_form_error_is_french(admin_client, tenant):
    response = admin_client.post(reverse("site_create", args=[tenant.slug]), {"name": "  "})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nouvelle concession" in page
    assert "Ce champ est obligatoire." in page or "Le nom ne peut pas être vide." in page
