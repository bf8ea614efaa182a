"""Parsers of address books, on realistic fixture files (no database)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from contacts.importing import parsers
from contacts.importing.parsers import ImportFileError, decode, detect_format, parse

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> str:
    return decode((FIXTURES / name).read_bytes())


def test_linkedin_export_with_bom_notes_preamble_and_quoted_commas():
    raw = (FIXTURES / "linkedin_connections.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"Notes:" in raw
    text = decode(raw)
    assert detect_format(text) == "linkedin"
    result = parse(text, "auto")
    assert result.format == "linkedin"
    rows = {r.position: r for r in result.rows}
    # Line numbers as in the file: the header is on line 4.
    assert sorted(rows) == [5, 6, 7, 8, 9]
    yann = rows[5].contact
    assert (yann.first_name, yann.last_name, yann.emails) == ("Yann", "Kervella", ["yann.kervella@transports-kervella.fr"])
    assert yann.connected_on == date(2021, 3, 12)
    sophie = rows[6].contact
    assert sophie.company == "Le Goff, Fils & Cie" and sophie.position == "Responsable flotte, achats" and sophie.emails == []
    assert rows[7].contact.company == 'Garage "Le Relais" SARL'
    assert rows[8].skip_reason and not rows[8].error  # anonymous member
    assert not any(r.skip_reason for p, r in rows.items() if p != 8)


def test_vcard_apple_3_0_groups_types_org_department_note():
    result = parse(load("apple_contacts.vcf"), "vcard")
    assert [r.position for r in result.rows] == [1, 2]
    yann = result.rows[0].contact
    assert yann.emails == ["yann.kervella@transports-kervella.fr", "yann.k@gmail.com"]
    assert yann.phones == ["06 12 34 56 78", "02 99 12 34 56"]
    assert yann.company == "Transports Kervella"  # ORG:company;department
    assert yann.position == "Directeur général"
    assert yann.linkedin_url == "https://www.linkedin.com/in/yann-kervella-3a1b2c"
    assert yann.note == "Rencontré au salon Solutrans, intéressé par des utilitaires."


def test_vcard_google_with_a_broken_card_keeps_the_others():
    result = parse(load("google_contacts.vcf"), "auto")
    assert [r.position for r in result.rows] == [1, 2, 3]
    assert result.rows[1].error and result.rows[1].contact is None
    assert result.rows[0].contact.emails == ["pierre.lebihan@armor-btp.fr", "plebihan@orange.fr"]
    assert result.rows[2].contact.first_name == "Gaëlle"


def test_vcard_2_1_quoted_printable_utf8_and_latin1():
    result = parse(load("android_v21.vcf"), "vcard")
    first, second = (r.contact for r in result.rows)
    assert (first.first_name, first.last_name) == ("Françoise", "Guénnégan")
    assert first.company == "Crêperie de l'Île"
    assert first.note == "Cliente fidèle depuis 2015, très sympathique"  # soft line break joined
    assert first.phones == ["+33612345679", "0298765432"]
    assert (second.first_name, second.last_name) == ("René", "Léon")


def test_vcard_4_0_tel_uri_and_several_emails():
    contact = parse(load("contact_v4.vcf"), "vcard").rows[0].contact
    assert contact.phones == ["+33-6-11-22-33-44"]
    assert contact.emails == ["n.tanguy@oceane-logistique.fr", "nolwenn.tanguy@laposte.net"]
    assert contact.linkedin_url == "https://www.linkedin.com/in/nolwenn-tanguy"


def test_generic_csv_cp1252_semicolon_mapping_proposed_from_french_headers():
    raw = (FIXTURES / "generic_fr.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    result = parse(decode(raw), "auto")
    assert result.format == "csv"
    assert result.mapping == {
        "first_name": "Prénom", "last_name": "Nom", "email": "Courriel", "phone": "Téléphone", "company": "Société",
        "position": "Fonction", "note": "Commentaire",
    }
    assert [r.position for r in result.rows] == [2, 3, 4, 5]
    assert result.rows[1].contact.company == "Pichon; Frères et associés"
    assert result.rows[3].skip_reason


def test_generic_csv_english_headers_comma_and_custom_mapping():
    text = "Name,Work Email,Employer\nJohn Smith,john@acme.com,ACME\n"
    assert parsers.csv_propose_mapping(["Name", "Work Email", "Employer"]) == {"full_name": "Name", "company": "Employer"}
    result = parse(text, "csv", {"full_name": "Name", "email": "Work Email", "company": "Employer"})
    contact = result.rows[0].contact
    assert (contact.first_name, contact.last_name, contact.emails, contact.company) == ("John", "Smith", ["john@acme.com"], "ACME")


@pytest.mark.parametrize(
    "raw, fmt",
    [
        (b"", "auto"),
        (b"   \r\n", "csv"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "auto"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(200), "csv"),
        ("Prénom;Nom\nLoïc;Ménard\n".encode(), "vcard"),  # a CSV given as vCard
        (b"Yann,Kervella,https://www.linkedin.com/in/yk,,ACME,CEO,12 Mar 2021\n", "linkedin"),  # no header
        ((FIXTURES / "apple_contacts.vcf").read_bytes(), "csv"),  # a vCard given as CSV
        (b"just one line of prose without separators\n", "csv"),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused(raw, fmt):
    with pytest.raises(ImportFileError):
        parse(decode(raw), fmt)
