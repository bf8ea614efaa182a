"""The PDF: one A4 page whatever the amount of data, French accents and the euro sign drawn, in French or English."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation
from reportlab.platypus import LayoutError

from bns.programme.report import pdf
from bns.programme.report.selectors import programme_report
from bns.programme.reviews import services as review_services
from tests.bns.programme.report.support import grow, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db

ACCENTS = "Soirée à 1 200 € : garçon, cœur, très réussi"


def build(org, lang="fr") -> bytes:
    with translation.override(lang):
        report = programme_report(tenant=org.tenant, programme=org.programme, today=timezone.localdate())
        return pdf.report_pdf(report)


def test_a_one_page_pdf_with_the_accents_and_the_euro_sign(filled):
    review_services.lesson_create(tenant=filled.tenant, actor=filled.u("owner"), programme=filled.programme, step=5, text=ACCENTS)
    data = build(filled, "fr")
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert pdf_pages(data) == 1
    text = pdf_text(data)
    assert ACCENTS in text  # é, à, €, ç, œ, è: all in the built-in fonts' encoding
    for char in "éèàç€œ":
        assert char in text
    assert "Groupe Armor Test" in text and "Programme 1" in text
    assert "Économie nette de 2 200 €" in text  # the net figure, capitalised, in French
    assert "Porter la complétude des profils LinkedIn des vendeurs à 80 %" in text
    assert "Ambassadeurs volontaires" in text and "Paul Pilote" in text


def test_the_same_pdf_in_english(filled):
    text = pdf_text(build(filled, "en"))
    assert "BNS programme: summary for the executive committee" in text
    assert "Net saving of 2,200 €" in text and "Économie nette" not in text
    assert "Understand the new rules" in text and "Self-assessment" in text
    assert "Last review on" in text and "Next review due on" in text


def test_still_one_page_with_a_lot_of_data(filled):
    grow(filled, 40)  # 42 objectives, 43 KPIs, 44 lessons, long texts
    data = build(filled, "en")
    assert pdf_pages(data) == 1
    text = pdf_text(data)
    # The most generous layout still fits: 6 objectives, 8 KPIs, 3 lessons, then "and N more".
    assert "and 36 more objectives" in text and "and 35 more KPIs" in text and "and 41 more lessons" in text
    assert text.count("Objectif n°") + ("Améliorer l'image" in text) == 6 and "Net saving of" in text
    french = build(filled, "fr")
    assert pdf_pages(french) == 1 and "Économie nette de" in pdf_text(french)


@pytest.mark.parametrize("font", [16, 60])  # 16: two pages; 60: a block taller than a page (reportlab's LayoutError)
def test_a_denser_layout_is_used_when_the_first_does_not_fit(filled, monkeypatch, font):
    """A layout that cannot fit on one page (huge letters) is skipped: the next density gives one page."""
    huge = pdf.Density(font=font, objectives=6, kpis=8, lessons=3, vision=400, next_action=110, text=280, statement=95, reasons=58)
    report = programme_report(tenant=filled.tenant, programme=filled.programme, today=timezone.localdate())
    if font == 16:
        assert pdf._build(report, huge)[1] > 1
    else:
        with pytest.raises(LayoutError):
            pdf._build(report, huge)
    monkeypatch.setattr(pdf, "DENSITIES", (huge, *pdf.DENSITIES))
    data = build(filled)
    assert pdf_pages(data) == 1 and "Économie nette" in pdf_text(data)


def test_an_empty_iteration_still_gives_a_page(org):
    data = build(org, "en")
    assert pdf_pages(data) == 1
    text = pdf_text(data)
    assert "No vision written yet." in text and "No SMART objective yet." in text and "No review held yet." in text


def test_pdf_text_keeps_what_the_fonts_can_draw():
    assert pdf.pdf_text("é è à ç € œ … “x” <b> & Co") == "é è à ç € œ … “x” &lt;b&gt; &amp; Co"
    assert pdf.pdf_text("1\u202f200 → 🚗") == "1\u00a0200 -&gt; ?"
    assert pdf.pdf_text(None) == ""
