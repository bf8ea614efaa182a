"""REST API v1: memberships and invitations (the manage-members permission)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import timezone

from bns.models import AuditEvent, Invitation, Membership, Role
from bns.services.members import invitation_create
from tests.bns.test_api import token_client, url
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def admin_api(admin_user):
    return token_client(admin_user)


@pytest.fixture
def admin_membership(tenant, admin_user):
    return Membership.unscoped.get(tenant=tenant, user=admin_user)


# --- Memberships --------------------------------------------------------------------------------------


def test_membership_list_retrieve_and_filters(admin_api, tenant, admin_user):
    employee = EmployeeFactory(tenant=tenant, first_name="Jean", last_name="Vendeur")
    rep = MembershipFactory(
        tenant=tenant, user=UserFactory(email="rep@test.example", full_name="Jean Vendeur"), role=Role.EMPLOYEE, employee=employee
    )
    MembershipFactory(tenant=tenant, user=UserFactory(email="boss@test.example"), role=Role.EXECUTIVE)
    listing = admin_api.get(url(tenant, "membership"))
    assert listing.status_code == 200
    emails = [row["user_email"] for row in listing.json()["results"]]
    assert emails == ["admin@test.example", "boss@test.example", "rep@test.example"]
    row = admin_api.get(url(tenant, "membership", rep.pk)).json()
    assert row == {
        "id": rep.pk,
        "user_email": "rep@test.example",
        "user_name": "Jean Vendeur",
        "role": "employee",
        "employee": employee.pk,
        "is_active": True,
        "created_at": row["created_at"],
    }
    by_role = admin_api.get(url(tenant, "membership"), {"role": "executive"}).json()["results"]
    assert [r["user_email"] for r in by_role] == ["boss@test.example"]
    by_search = admin_api.get(url(tenant, "membership"), {"search": "vendeur"}).json()["results"]
    assert [r["user_email"] for r in by_search] == ["rep@test.example"]
    assert admin_api.get(url(tenant, "membership"), {"role": "king"}).status_code == 400


def test_membership_partial_update_goes_through_the_service(admin_api, tenant):
    rep = MembershipFactory(tenant=tenant, user=UserFactory(email="rep@test.example"), role=Role.EMPLOYEE)
    employee = EmployeeFactory(tenant=tenant)
    response = admin_api.patch(
        url(tenant, "membership", rep.pk), {"role": "manager", "employee": employee.pk}, format="json"
    )
    assert response.status_code == 200, response.content
    assert (response.json()["role"], response.json()["employee"]) == ("manager", employee.pk)
    rep.refresh_from_db()
    assert (rep.role, rep.employee_id) == (Role.MANAGER, employee.pk)
    assert AuditEvent.unscoped.filter(tenant=tenant, verb="membership.update", object_id=str(rep.pk)).exists()

    unlinked = admin_api.patch(url(tenant, "membership", rep.pk), {"employee": None, "is_active": False}, format="json")
    assert unlinked.status_code == 200
    rep.refresh_from_db()
    assert (rep.employee_id, rep.is_active) == (None, False)


def test_membership_rules_and_verbs(admin_api, tenant, admin_membership):
    # The group keeps an active administrator.
    response = admin_api.patch(url(tenant, "membership", admin_membership.pk), {"role": "employee"}, format="json")
    assert response.status_code == 400
    assert "role" in response.json()
    assert admin_api.patch(url(tenant, "membership", admin_membership.pk), {"role": "king"}, format="json").status_code == 400
    # An employee already linked to another login.
    employee = EmployeeFactory(tenant=tenant)
    MembershipFactory(tenant=tenant, employee=employee)
    taken = admin_api.patch(url(tenant, "membership", admin_membership.pk), {"employee": employee.pk}, format="json")
    assert taken.status_code == 400
    assert "employee" in taken.json()
    # Memberships come from invitations: no create, no delete, no full replace.
    assert admin_api.post(url(tenant, "membership"), {"role": "admin"}, format="json").status_code == 405
    assert admin_api.delete(url(tenant, "membership", admin_membership.pk)).status_code == 405
    assert admin_api.put(url(tenant, "membership", admin_membership.pk), {"role": "admin"}, format="json").status_code == 405
    admin_membership.refresh_from_db()
    assert (admin_membership.role, admin_membership.employee_id) == (Role.ADMIN, None)


def test_memberships_and_invitations_need_manage_members(tenant, employee_user):
    other = MembershipFactory(tenant=tenant, role=Role.EMPLOYEE)
    for role in (Role.EMPLOYEE, Role.EXECUTIVE, Role.CONSULTANT):
        Membership.unscoped.filter(tenant=tenant, user=employee_user).update(role=role)
        api = token_client(employee_user)
        assert api.get(url(tenant, "membership")).status_code == 403
        assert api.get(url(tenant, "membership", other.pk)).status_code == 403
        assert api.patch(url(tenant, "membership", other.pk), {"role": "admin"}, format="json").status_code == 403
        assert api.get(url(tenant, "invitation")).status_code == 403
        assert api.post(url(tenant, "invitation"), {"email": "x@example.com", "role": "admin"}, format="json").status_code == 403
    other.refresh_from_db()
    assert other.role == Role.EMPLOYEE
    assert not Invitation.unscoped.exists()


def test_members_of_another_group_are_404_and_their_employees_400(admin_api, tenant, other_tenant, admin_membership):
    foreign = MembershipFactory(tenant=other_tenant, role=Role.EMPLOYEE)
    assert admin_api.get(url(tenant, "membership", foreign.pk)).status_code == 404
    assert admin_api.patch(url(tenant, "membership", foreign.pk), {"role": "admin"}, format="json").status_code == 404
    foreign.refresh_from_db()
    assert foreign.role == Role.EMPLOYEE
    foreign_employee = EmployeeFactory(tenant=other_tenant)
    response = admin_api.patch(
        url(tenant, "membership", admin_membership.pk), {"employee": foreign_employee.pk}, format="json"
    )
    assert response.status_code == 400
    assert "employee" in response.json()


# --- Invitations --------------------------------------------------------------------------------------


def test_invitation_create_list_retrieve(admin_api, tenant, admin_user, django_capture_on_commit_callbacks):
    employee = EmployeeFactory(tenant=tenant)
    with django_capture_on_commit_callbacks() as callbacks:
        response = admin_api.post(
            url(tenant, "invitation"), {"email": " New.Rep@Example.com ", "role": "manager", "employee": employee.pk}, format="json"
        )
    assert response.status_code == 201, response.content
    assert len(callbacks) == 1  # the e-mail is queued once the transaction commits
    data = response.json()
    assert data["email"] == "new.rep@example.com"
    assert (data["role"], data["employee"], data["status"]) == ("manager", employee.pk, "pending")
    assert data["invited_by_email"] == admin_user.email
    assert "token" not in data
    assert AuditEvent.unscoped.filter(tenant=tenant, verb="invitation.create").exists()

    listing = admin_api.get(url(tenant, "invitation")).json()
    assert [row["id"] for row in listing["results"]] == [data["id"]]
    assert admin_api.get(url(tenant, "invitation", data["id"])).json()["email"] == "new.rep@example.com"


def test_invitation_errors_are_400(admin_api, tenant, other_tenant, admin_user):
    invitation_create(tenant=tenant, actor=admin_user, email="pending@example.com", role=Role.EMPLOYEE)
    duplicate = admin_api.post(url(tenant, "invitation"), {"email": "PENDING@example.com", "role": "employee"}, format="json")
    assert duplicate.status_code == 400
    assert "email" in duplicate.json()
    member = admin_api.post(url(tenant, "invitation"), {"email": admin_user.email, "role": "employee"}, format="json")
    assert member.status_code == 400
    bad_role = admin_api.post(url(tenant, "invitation"), {"email": "a@example.com", "role": "king"}, format="json")
    assert bad_role.status_code == 400
    assert "role" in bad_role.json()
    foreign = admin_api.post(
        url(tenant, "invitation"),
        {"email": "b@example.com", "role": "employee", "employee": EmployeeFactory(tenant=other_tenant).pk},
        format="json",
    )
    assert foreign.status_code == 400
    assert "employee" in foreign.json()
    assert Invitation.unscoped.filter(tenant=tenant).count() == 1


def test_invitation_revoke_and_resend(admin_api, tenant, admin_user, django_capture_on_commit_callbacks):
    invitation = invitation_create(tenant=tenant, actor=admin_user, email="guest@example.com", role=Role.EMPLOYEE)
    with django_capture_on_commit_callbacks() as callbacks:
        resent = admin_api.post(url(tenant, "invitation", invitation.pk, action="resend"))
    assert resent.status_code == 200, resent.content
    assert resent.json()["status"] == "pending"
    assert len(callbacks) == 1
    assert AuditEvent.unscoped.filter(tenant=tenant, verb="invitation.resend").exists()

    revoked = admin_api.post(url(tenant, "invitation", invitation.pk, action="revoke"))
    assert revoked.status_code == 200
    assert revoked.json()["status"] == "revoked"
    assert revoked.json()["revoked_at"]
    again = admin_api.post(url(tenant, "invitation", invitation.pk, action="resend"))
    assert again.status_code == 400
    assert "non_field_errors" in again.json()

    accepted = invitation_create(tenant=tenant, actor=admin_user, email="joined@example.com", role=Role.EMPLOYEE)
    Invitation.unscoped.filter(pk=accepted.pk).update(accepted_at=timezone.now())
    assert admin_api.post(url(tenant, "invitation", accepted.pk, action="revoke")).status_code == 400
    # Not a way to change an invitation: only the actions.
    assert admin_api.patch(url(tenant, "invitation", accepted.pk), {"role": "admin"}, format="json").status_code == 405
    assert admin_api.delete(url(tenant, "invitation", accepted.pk)).status_code == 405


def test_another_groups_invitations_are_404(admin_api, tenant, other_tenant):
    foreign = invitation_create(tenant=other_tenant, actor=None, email="theirs@example.com", role=Role.EMPLOYEE)
    assert admin_api.get(url(tenant, "invitation", foreign.pk)).status_code == 404
    assert admin_api.post(url(tenant, "invitation", foreign.pk, action="revoke")).status_code == 404
    assert admin_api.post(url(tenant, "invitation", foreign.pk, action="resend")).status_code == 404
    foreign.refresh_from_db()
    assert foreign.revoked_at is None
