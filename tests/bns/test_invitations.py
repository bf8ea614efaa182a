"""Invitations: list with status, invite (with its e-mail), resend, revoke, accept, and the daily expiry job."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from bns.models import AuditEvent, Invitation, Membership, Role, User
from bns.services import members as member_services
from bns.tasks import invitations_expire
from tests.factories import DEFAULT_PASSWORD, EmployeeFactory, MembershipFactory, TenantFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Rade-de-Brest-2024!"


@pytest.fixture(autouse=True)
def _clean_cache():
    """The accept-page throttle lives in the cache: start and leave each test with none."""
    cache.clear()
    yield
    cache.clear()


def _invite(tenant, actor, email="nouveau@armor.example", role=Role.EMPLOYEE, employee=None):
    return member_services.invitation_create(tenant=tenant, actor=actor, email=email, role=role, employee=employee)


def _accept_url(invitation):
    return reverse("invitation_accept", args=[invitation.token])


# --- Inviting -------------------------------------------------------------------------------------------


def test_admin_invites_and_the_email_is_sent(admin_client, tenant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("invitation_create", args=[tenant.slug]), {"email": "Nouveau@Armor.example", "role": Role.MANAGER}
        )
    assert response.status_code == 302
    invitation = Invitation.unscoped.get(tenant=tenant)
    assert (invitation.email, invitation.role, invitation.status) == ("nouveau@armor.example", Role.MANAGER, "pending")
    assert invitation.sent_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nouveau@armor.example"]
    assert _accept_url(invitation) in mail.outbox[0].body
    assert AuditEvent.unscoped.filter(tenant=tenant, verb="invitation.create", object_id=str(invitation.pk)).exists()


def test_invite_prefills_email_from_employee(admin_client, tenant):
    employee = EmployeeFactory(tenant=tenant, email="yann.le.goff@armor.example")
    url = reverse("invitation_create", args=[tenant.slug])
    response = admin_client.get(url, {"employee": employee.pk})
    assert response.status_code == 200
    assert response.context["form"].initial == {"employee": employee.pk, "email": "yann.le.goff@armor.example"}
    assert 'value="yann.le.goff@armor.example"' in response.content.decode()
    # Left empty, the address is taken from the employee.
    response = admin_client.post(url, {"email": "", "role": Role.EMPLOYEE, "employee": employee.pk})
    assert response.status_code == 302
    invitation = Invitation.unscoped.get(tenant=tenant)
    assert (invitation.email, invitation.employee) == ("yann.le.goff@armor.example", employee)


def test_invite_from_another_tenants_employee_is_404(admin_client, tenant, other_tenant):
    theirs = EmployeeFactory(tenant=other_tenant)
    assert admin_client.get(reverse("invitation_create", args=[tenant.slug]), {"employee": theirs.pk}).status_code == 404
    response = admin_client.post(
        reverse("invitation_create", args=[tenant.slug]), {"email": "x@armor.example", "role": Role.EMPLOYEE, "employee": theirs.pk}
    )
    assert response.status_code == 400
    assert "employee" in response.context["form"].errors
    assert not Invitation.unscoped.exists()


@pytest.mark.parametrize(
    "email, expected",
    [
        ("pas-une-adresse", "email"),
        ("admin@test.example", "email"),  # already a member
        ("", "email"),  # no address and no employee
    ],
)
def test_bad_invitations_are_form_errors(admin_client, tenant, email, expected):
    response = admin_client.post(reverse("invitation_create", args=[tenant.slug]), {"email": email, "role": Role.EMPLOYEE})
    assert response.status_code == 400
    assert expected in response.context["form"].errors
    assert not Invitation.unscoped.exists()
    assert not AuditEvent.unscoped.filter(verb="invitation.create").exists()


def test_second_pending_invitation_for_same_address_is_refused(admin_client, tenant, admin_user):
    _invite(tenant, admin_user, "double@armor.example")
    response = admin_client.post(reverse("invitation_create", args=[tenant.slug]), {"email": "DOUBLE@armor.example", "role": Role.ADMIN})
    assert response.status_code == 400
    assert "email" in response.context["form"].errors
    assert Invitation.unscoped.filter(tenant=tenant).count() == 1


def test_unknown_role_is_refused(admin_client, tenant):
    response = admin_client.post(reverse("invitation_create", args=[tenant.slug]), {"email": "x@armor.example", "role": "king"})
    assert response.status_code == 400
    assert "role" in response.context["form"].errors


def test_invitation_pages_need_manage_members(employee_client, tenant, admin_user):
    invitation = _invite(tenant, admin_user)
    assert employee_client.get(reverse("invitation_list", args=[tenant.slug])).status_code == 403
    assert employee_client.get(reverse("invitation_create", args=[tenant.slug])).status_code == 403
    assert employee_client.post(reverse("invitation_create", args=[tenant.slug]), {"email": "a@b.example", "role": Role.ADMIN}).status_code == 403
    assert employee_client.post(reverse("invitation_revoke", args=[tenant.slug, invitation.pk])).status_code == 403
    assert employee_client.post(reverse("invitation_resend", args=[tenant.slug, invitation.pk])).status_code == 403
    invitation.refresh_from_db()
    assert invitation.status == "pending"


# --- List, resend, revoke -------------------------------------------------------------------------------


def _make_statuses(tenant, admin_user):
    pending = _invite(tenant, admin_user, "pending@armor.example")
    expired = _invite(tenant, admin_user, "expired@armor.example")
    Invitation.unscoped.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    revoked = _invite(tenant, admin_user, "revoked@armor.example")
    member_services.invitation_revoke(tenant=tenant, actor=admin_user, invitation=revoked)
    accepted = _invite(tenant, admin_user, "accepted@armor.example")
    member_services.invitation_accept(invitation=accepted, password=NEW_PASSWORD, full_name="Anne Acceptée")
    return {"pending": pending, "expired": expired, "revoked": revoked, "accepted": accepted}


def test_invitation_list_shows_each_status_and_filters(admin_client, tenant, admin_user):
    invitations = _make_statuses(tenant, admin_user)
    url = reverse("invitation_list", args=[tenant.slug])
    response = admin_client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    for status in ("pending", "expired", "revoked", "accepted"):
        assert f'data-status="{status}"' in body
    for status, invitation in invitations.items():
        rows = admin_client.get(url, {"status": status}).context["page"].object_list
        assert [i.pk for i in rows] == [invitation.pk], status
    rows = admin_client.get(url, {"q": "revoked@"}).context["page"].object_list
    assert [i.email for i in rows] == ["revoked@armor.example"]
    assert admin_client.get(url, {"status": "bogus"}).status_code == 200


def test_invitation_list_query_count_does_not_grow(admin_client, tenant, admin_user, django_assert_max_num_queries):
    url = reverse("invitation_list", args=[tenant.slug])
    for i in range(3):
        _invite(tenant, admin_user, f"a{i}@armor.example", employee=EmployeeFactory(tenant=tenant))
    with django_assert_max_num_queries(12):
        assert admin_client.get(url).status_code == 200
    for i in range(30):
        _invite(tenant, admin_user, f"b{i}@armor.example", employee=EmployeeFactory(tenant=tenant))
    with django_assert_max_num_queries(12):
        assert admin_client.get(url).status_code == 200


def test_resend_extends_and_sends_again(admin_client, tenant, admin_user, django_capture_on_commit_callbacks):
    invitation = _invite(tenant, admin_user)
    Invitation.unscoped.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(hours=1), sent_at=timezone.now() - timedelta(days=15)
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("invitation_resend", args=[tenant.slug, invitation.pk]))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == "pending"
    assert invitation.sent_at > timezone.now() - timedelta(minutes=1)
    assert len(mail.outbox) == 1
    assert AuditEvent.unscoped.filter(tenant=tenant, verb="invitation.resend").exists()


def test_revoke_kills_the_link(admin_client, tenant, admin_user, client):
    invitation = _invite(tenant, admin_user)
    response = admin_client.post(reverse("invitation_revoke", args=[tenant.slug, invitation.pk]))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == "revoked"
    # Resending a revoked invitation is refused with a message, not an error page.
    response = admin_client.post(reverse("invitation_resend", args=[tenant.slug, invitation.pk]), follow=True)
    assert response.status_code == 200
    assert any(m.level_tag == "error" for m in response.context["messages"])
    client.logout()
    assert client.get(_accept_url(invitation)).status_code == 404


def test_resend_and_revoke_need_post_and_own_tenant(admin_client, tenant, other_tenant, admin_user):
    invitation = _invite(tenant, admin_user)
    assert admin_client.get(reverse("invitation_revoke", args=[tenant.slug, invitation.pk])).status_code == 405
    theirs = _invite(other_tenant, None, "theirs@atlantique.example")
    assert admin_client.post(reverse("invitation_revoke", args=[tenant.slug, theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "pending"


# --- Accepting ------------------------------------------------------------------------------------------


def test_newcomer_accepts_sets_password_and_lands_in_the_group(client, tenant, admin_user):
    employee = EmployeeFactory(tenant=tenant)
    invitation = _invite(tenant, admin_user, "nouveau@armor.example", Role.MANAGER, employee)
    response = client.get(_accept_url(invitation))
    assert response.status_code == 200
    body = response.content.decode()
    assert tenant.name in body
    assert "nouveau@armor.example" in body
    response = client.post(
        _accept_url(invitation), {"full_name": "Yann Nouveau", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("tenant_home", args=[tenant.slug])
    user = User.objects.get(email="nouveau@armor.example")
    assert user.full_name == "Yann Nouveau"
    assert user.check_password(NEW_PASSWORD)
    membership = Membership.unscoped.get(tenant=tenant, user=user)
    assert (membership.role, membership.employee) == (Role.MANAGER, employee)
    invitation.refresh_from_db()
    assert invitation.status == "accepted"
    # Logged in: the group's home opens.
    assert client.get(reverse("tenant_home", args=[tenant.slug])).status_code == 200
    # The link works once.
    client.logout()
    assert client.get(_accept_url(invitation)).status_code == 404


@pytest.mark.parametrize(
    "data, field",
    [
        ({"full_name": "Yann", "password": "123", "password_confirm": "123"}, "password"),
        ({"full_name": "Yann", "password": "password123", "password_confirm": "password123"}, "password"),
        ({"full_name": "Yann", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD + "x"}, "password_confirm"),
        ({"full_name": "  ", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}, "full_name"),
    ],
)
def test_weak_or_mismatched_password_is_a_form_error(client, tenant, admin_user, data, field):
    invitation = _invite(tenant, admin_user)
    response = client.post(_accept_url(invitation), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not User.objects.filter(email=invitation.email).exists()
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_existing_user_must_log_in_first_then_joins(client, tenant, other_tenant, admin_user):
    consultant = UserFactory(email="consultant@bns.example")
    MembershipFactory(tenant=other_tenant, user=consultant, role=Role.CONSULTANT)
    invitation = _invite(tenant, admin_user, "consultant@bns.example", Role.CONSULTANT)
    url = _accept_url(invitation)

    response = client.get(url)
    assert response.status_code == 200
    assert response.context["state"] == "login"
    # Posting a password without logging in does not attach or change anything.
    response = client.post(url, {"full_name": "Pirate", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert not Membership.unscoped.filter(tenant=tenant, user=consultant).exists()
    consultant.refresh_from_db()
    assert consultant.check_password(DEFAULT_PASSWORD)

    # Log in through allauth, coming back to the link.
    login_url = response.context["login_url"]
    response = client.post(login_url, {"login": "consultant@bns.example", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == url
    assert client.get(url).context["state"] == "confirm"
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("tenant_home", args=[tenant.slug])
    assert Membership.unscoped.get(tenant=tenant, user=consultant).role == Role.CONSULTANT
    assert Membership.unscoped.filter(user=consultant).count() == 2


def test_logged_in_as_someone_else_cannot_accept(client, tenant, admin_user, employee_user):
    invitation = _invite(tenant, admin_user, "someone.else@armor.example", Role.ADMIN)
    client.force_login(employee_user)
    assert client.get(_accept_url(invitation)).status_code == 403
    assert client.post(_accept_url(invitation)).status_code == 403
    assert Membership.unscoped.get(tenant=tenant, user=employee_user).role == Role.EMPLOYEE
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_expired_revoked_and_unknown_links_look_the_same(client, tenant, admin_user):
    expired = _invite(tenant, admin_user, "late@armor.example")
    Invitation.unscoped.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    revoked = _invite(tenant, admin_user, "gone@armor.example")
    member_services.invitation_revoke(tenant=tenant, actor=admin_user, invitation=revoked)
    bodies = set()
    for url in (_accept_url(expired), _accept_url(revoked), reverse("invitation_accept", args=["x" * 43])):
        response = client.get(url)
        assert response.status_code == 404
        assert response.templates[0].name == "bns/members/invitation_invalid.html"
        body = response.content.decode().replace(url, "")
        bodies.add(re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]*"', "", body))
        response = client.post(url, {"full_name": "X", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
        assert response.status_code == 404
    assert len(bodies) == 1
    assert not User.objects.filter(email__in=["late@armor.example", "gone@armor.example"]).exists()


def test_guessing_tokens_is_throttled(client, tenant, admin_user):
    invitation = _invite(tenant, admin_user)
    for i in range(20):
        assert client.get(reverse("invitation_accept", args=[f"guess-{i:038}"])).status_code == 404
    assert client.get(reverse("invitation_accept", args=["guess-next"])).status_code == 429
    # Even a valid link waits: the throttle does not tell good tokens from bad ones.
    assert client.get(_accept_url(invitation)).status_code == 429


# --- The daily expiry job -------------------------------------------------------------------------------


def test_invitations_expire_records_each_expiry_once_per_tenant(tenant, other_tenant, admin_user):
    ours = _invite(tenant, admin_user, "late@armor.example")
    theirs = _invite(other_tenant, None, "late@atlantique.example")
    still_pending = _invite(tenant, admin_user, "fresh@armor.example")
    revoked = _invite(tenant, admin_user, "revoked@armor.example")
    member_services.invitation_revoke(tenant=tenant, actor=admin_user, invitation=revoked)
    past = timezone.now() - timedelta(hours=2)
    Invitation.unscoped.filter(pk__in=[ours.pk, theirs.pk, revoked.pk]).update(expires_at=past)

    assert invitations_expire() == 2
    events = AuditEvent.unscoped.filter(verb="invitation.expired")
    assert sorted((e.tenant_id, e.object_id) for e in events) == sorted(
        [(tenant.pk, str(ours.pk)), (other_tenant.pk, str(theirs.pk))]
    )
    assert events.get(tenant=tenant).data["email"] == "late@armor.example"
    assert not events.filter(object_id=str(still_pending.pk)).exists()

    # Idempotent: a second run (or a retried delivery) records nothing more.
    assert invitations_expire() == 0
    assert AuditEvent.unscoped.filter(verb="invitation.expired").count() == 2


def test_a_resent_invitation_that_expires_again_is_recorded_again(tenant, admin_user):
    invitation = _invite(tenant, admin_user)
    Invitation.unscoped.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(days=1))
    assert invitations_expire() == 1
    invitation.refresh_from_db()
    member_services.invitation_resend(tenant=tenant, actor=admin_user, invitation=invitation)
    assert invitations_expire() == 0  # pending again
    # Time passes; the new expiry comes after the first record.
    AuditEvent.unscoped.filter(verb="invitation.expired").update(created_at=timezone.now() - timedelta(days=2))
    Invitation.unscoped.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert invitations_expire() == 1
    assert AuditEvent.unscoped.filter(verb="invitation.expired", object_id=str(invitation.pk)).count() == 2


def test_invitations_expire_with_many_tenants_and_none_expired(admin_user):
    for _ in range(3):
        TenantFactory()
    assert invitations_expire() == 0
