"""allauth pages call the e-mail field « Adresse e-mail » (our glossary), not « Courriel »."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _label(body: str, field_id: str) -> str:
    match = re.search(rf'<label for="{field_id}">(.*?)</label>', body, re.S)
    assert match, f"no label for {field_id}"
    return match.group(1).replace("\xa0", " ")


@pytest.mark.parametrize("route, field_id", [("account_login", "id_login"), ("account_reset_password", "id_email")])
def test_french_pages_say_adresse_e_mail(client, route, field_id):
    response = client.get(reverse(route), HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    body = response.content.decode()
    assert _label(body, field_id) == "Adresse e-mail :"
    assert "Courriel" not in body


def test_english_login_page_says_e_mail_address(client):
    body = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert _label(body, "id_login") == "E-mail address:"


def test_add_email_page_says_adresse_e_mail(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("account_email"), HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    assert "Courriel" not in response.content.decode()


def test_login_still_works_with_the_custom_form(client, admin_user):
    admin_user.set_password("s3cret-Pass!")
    admin_user.save()
    response = client.post(reverse("account_login"), {"login": admin_user.email, "password": "s3cret-Pass!"})
    assert response.status_code == 302
    assert client.get(reverse("home")).wsgi_request.user == admin_user
