"""Sign-in and its guards: closed sign-up, e-mail login, logout, password reset, login rate limits,
mandatory TOTP for leaders, the TOTP step at login, and the friendly error pages."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core import mail
from django.core.cache import cache
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from bns.models import Role, User
from tests.factories import DEFAULT_PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _clean_cache():
    """allauth keeps its rate-limit counters in the cache: start and leave each test with none."""
    cache.clear()
    yield
    cache.clear()


def _login(client, email, password=DEFAULT_PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def _template_names(response):
    return [t.name for t in response.templates]


def _totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def executive(tenant):
    user = UserFactory(email="codir@armor.example")
    MembershipFactory(tenant=tenant, user=user, role=Role.EXECUTIVE)
    return user


# --- Sign-up, login, logout -----------------------------------------------------------------------------


def test_signup_is_closed(client):
    assert reverse("account_signup") == "/accounts/signup/"
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert "account/signup_closed.html" in _template_names(response)
    assert 'data-testid="signup-closed"' in response.content.decode()
    client.post(
        reverse("account_signup"), {"email": "intrus@example.com", "password1": "Xy-12345678!", "password2": "Xy-12345678!"}
    )
    assert not User.objects.filter(email="intrus@example.com").exists()


def test_login_page_is_our_card(client):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="login-form"' in body
    assert "max-width: 30rem" in body  # the entrance layout: one centred card
    assert 'name="login"' in body and 'type="email"' in body
    assert reverse("account_reset_password") in body
    assert reverse("account_signup") not in body  # no "sign up first" link when sign-up is closed


def test_login_with_email_and_password(client, tenant, admin_user):
    response = _login(client, "ADMIN@test.example")
    assert response.status_code == 302
    # The landing sends a one-group member straight to the group.
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"] == reverse("tenant_home", args=[tenant.slug])
    assert client.get(response["Location"]).status_code == 200


def test_wrong_password_is_a_form_error(client, admin_user):
    response = _login(client, "admin@test.example", "not-the-password")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_logout_needs_post(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("account_logout"))
    assert response.status_code == 200  # a confirmation page, still logged in
    assert "_auth_user_id" in client.session
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_anonymous_is_sent_to_login(client, tenant):
    response = client.get(reverse("tenant_home", args=[tenant.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


# --- Password reset -------------------------------------------------------------------------------------


def test_password_reset_by_email(client, admin_user):
    response = client.get(reverse("account_reset_password"))
    assert response.status_code == 200
    assert 'class="field"' in response.content.decode()  # allauth forms render with our fields
    response = client.post(reverse("account_reset_password"), {"email": "admin@test.example"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["admin@test.example"]
    link = re.search(r"https?://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[0].body).group(1)

    response = client.get(link)
    assert response.status_code == 302  # allauth moves the key into the session
    set_url = response["Location"]
    new_password = "Pointe-du-Raz-2025!"
    response = client.post(set_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    admin_user.refresh_from_db()
    assert admin_user.check_password(new_password)
    # The link works once.
    assert client.get(link, follow=True).context.get("token_fail") is True
    client.logout()
    assert _login(client, "admin@test.example", new_password).status_code == 302


# --- Rate limits ----------------------------------------------------------------------------------------


def test_repeated_failed_logins_for_one_email_lock_it(client, admin_user):
    for _ in range(5):  # ACCOUNT_RATE_LIMITS["login_failed"]: 5 per 5 minutes per e-mail
        response = _login(client, "admin@test.example", "wrong-password")
        assert response.status_code == 200
    # Now even the right password is refused, with a clear message rather than a login.
    response = _login(client, "admin@test.example")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session
    # Another address is not locked by this one's failures.
    other = UserFactory(email="other@test.example")
    assert _login(client, other.email).status_code == 302


def test_too_many_login_posts_answer_429_with_our_page(client):
    statuses = [_login(client, f"nobody{i}@test.example", "x").status_code for i in range(30)]  # "login": 30/m/ip
    assert 429 not in statuses
    response = _login(client, "nobody@test.example", "x")
    assert response.status_code == 429
    assert "429.html" in _template_names(response)
    assert 'class="topbar"' in response.content.decode()  # our shell, not a bare page


# --- Mandatory TOTP for leaders ---------------------------------------------------------------------------


def test_executive_without_totp_is_sent_to_totp_setup(client, tenant, executive):
    tenant.require_mfa_for_leaders = True
    tenant.save()
    assert _login(client, executive.email).status_code == 302
    home = reverse("tenant_home", args=[tenant.slug])
    response = client.get(home)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")

    # allauth asks for the password once more before adding an authenticator (MFA_REAUTHENTICATION_REQUIRED).
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(response["Location"], {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")

    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200  # the activation page, in our shell
    assert 'class="topbar"' in response.content.decode()
    assert response.context["messages"]  # says why they are here
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": _totp_code(secret)})
    assert response.status_code == 302
    assert executive.authenticator_set.filter(type="totp").exists()
    assert client.get(home).status_code == 200


def test_creating_the_authenticator_directly_also_lifts_the_redirect(client, tenant, executive):
    tenant.require_mfa_for_leaders = True
    tenant.save()
    client.force_login(executive)
    home = reverse("tenant_home", args=[tenant.slug])
    assert client.get(home)["Location"] == reverse("mfa_activate_totp")
    TOTP.activate(executive, generate_totp_secret())
    assert client.get(home).status_code == 200


def test_mfa_is_enforced_on_every_group_page(client, tenant, executive):
    tenant.require_mfa_for_leaders = True
    tenant.save()
    client.force_login(executive)
    for name in ("site_list", "audit_list"):
        response = client.get(reverse(name, args=[tenant.slug]))
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")


def test_employee_is_not_forced_and_policy_off_forces_nobody(client, tenant, employee_user, executive):
    tenant.require_mfa_for_leaders = True
    tenant.save()
    client.force_login(employee_user)
    assert client.get(reverse("tenant_home", args=[tenant.slug])).status_code == 200
    tenant.require_mfa_for_leaders = False
    tenant.save()
    client.force_login(executive)
    assert client.get(reverse("tenant_home", args=[tenant.slug])).status_code == 200


def test_turning_the_policy_on_from_settings_applies_at_once(admin_client, tenant):
    response = admin_client.post(
        reverse("tenant_settings", args=[tenant.slug]),
        {
            "name": tenant.name,
            "locale": "fr",
            "require_mfa_for_leaders": "on",
            "invitation_validity_days": 14,
            "default_relationship_visibility": tenant.default_relationship_visibility,
            "default_relationship_scope": tenant.default_relationship_scope,
            "solicitation_cap": tenant.solicitation_cap,
            "solicitation_window_days": tenant.solicitation_window_days,
            "contact_retention_years": tenant.contact_retention_years,
        },
    )
    assert response.status_code == 302
    # The admin is a leader too: the next group page asks for the authenticator.
    response = admin_client.get(reverse("tenant_home", args=[tenant.slug]))
    assert response["Location"] == reverse("mfa_activate_totp")


def test_login_with_totp_asks_for_the_code(client, tenant, executive):
    secret = generate_totp_secret()
    TOTP.activate(executive, secret)
    response = _login(client, executive.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # not logged in before the code
    assert client.get(reverse("tenant_home", args=[tenant.slug])).status_code == 302

    page = client.get(reverse("mfa_authenticate"))
    assert page.status_code == 200
    response = client.post(reverse("mfa_authenticate"), {"code": "000000" if _totp_code(secret) != "000000" else "111111"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": _totp_code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(executive.pk)
    assert client.get(reverse("tenant_home", args=[tenant.slug])).status_code == 200


# --- Error pages ----------------------------------------------------------------------------------------


def test_404_and_403_pages_are_friendly(admin_client, employee_client, tenant):
    response = admin_client.get("/no-such-page/")
    assert response.status_code == 404
    assert "404.html" in _template_names(response)
    assert 'class="topbar"' in response.content.decode()
    response = employee_client.get(reverse("membership_list", args=[tenant.slug]))
    assert response.status_code == 403
    assert "403.html" in _template_names(response)
    assert reverse("tenant_home", args=[tenant.slug]) in response.content.decode()


def test_500_page_renders_without_request_context():
    html = render_to_string("500.html")  # no request, no context processors
    assert 'class="topbar"' in html
    assert "Traceback" not in html
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b'class="topbar"' in response.content
