import pytest

from contacts.normalize import company_key, linkedin_normalize, name_key, phone_normalize, siren_validate


@pytest.mark.parametrize(
    "raw",
    [
        "https://www.linkedin.com/in/Jean-Dupont/",
        "http://fr.linkedin.com/in/jean-dupont",
        "linkedin.com/in/jean-dupont?trk=abc",
        "https://m.linkedin.com/in/JEAN-DUPONT/detail/",
    ],
)
def test_linkedin_variants_share_one_form(raw):
    assert linkedin_normalize(raw) == "https://www.linkedin.com/in/jean-dupont"


def test_not_a_linkedin_profile():
    assert linkedin_normalize("https://example.com/in/jean") is None
    assert linkedin_normalize("https://www.linkedin.com/company/renault") is None
    assert linkedin_normalize("") is None


def test_french_phones_become_e164():
    assert phone_normalize("06 12 34 56 78") == "+33612345678"
    assert phone_normalize("+33 (0)2 99 12 34 56") is None or phone_normalize("+33 2 99 12 34 56") == "+33299123456"
    assert phone_normalize("0299123456") == "+33299123456"
    assert phone_normalize("12") is None


def test_keys_fold_accents_and_legal_forms():
    assert name_key("Hervé", "Le Gall") == name_key("herve", "LE-GALL")
    assert company_key("Transports Bréal SAS") == company_key("TRANSPORTS BREAL")


def test_siren():
    assert siren_validate("732 829 320") == "732829320"
    with pytest.raises(ValueError):
        siren_validate("732829321")
