"""Members page (roles, linked employee, the last-admin rule), group settings and the audit trail."""

import pytest
from django.urls import reverse

from bns.models import AuditEvent, Membership, Role, Tenant
from bns.services.audit import audit_record
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _membership(tenant, user):
    return Membership.unscoped.get(tenant=tenant, user=user)


# --- Members list ---------------------------------------------------------------------------------------


def test_admin_sees_members_with_role_and_employee(admin_client, tenant):
    employee = EmployeeFactory(tenant=tenant, first_name="Maëlle", last_name="Le Goff")
    MembershipFactory(tenant=tenant, user=UserFactory(email="maelle@armor.example"), role=Role.MANAGER, employee=employee)
    response = admin_client.get(reverse("membership_list", args=[tenant.slug]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "maelle@armor.example" in body
    assert "Maëlle Le Goff" in body
    assert "admin@test.example" in body


def test_members_search_and_role_filter(admin_client, tenant):
    MembershipFactory(tenant=tenant, user=UserFactory(email="vendeur@armor.example", full_name="Yann Vendeur"), role=Role.EMPLOYEE)
    MembershipFactory(tenant=tenant, user=UserFactory(email="codir@armor.example", full_name="Anne Dirigeante"), role=Role.EXECUTIVE)
    url = reverse("membership_list", args=[tenant.slug])

    rows = admin_client.get(url, {"q": "Dirigeante"}).context["page"].object_list
    assert [m.user.email for m in rows] == ["codir@armor.example"]

    rows = admin_client.get(url, {"role": Role.EMPLOYEE}).context["page"].object_list
    assert [m.user.email for m in rows] == ["vendeur@armor.example"]

    # An unknown role is ignored rather than an error.
    response = admin_client.get(url, {"role": "pirate"})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 3


def test_members_list_is_paginated(admin_client, tenant):
    for i in range(55):
        MembershipFactory(tenant=tenant, user=UserFactory(email=f"m{i:02}@armor.example"))
    url = reverse("membership_list", args=[tenant.slug])
    first = admin_client.get(url)
    assert len(first.context["page"].object_list) == 50
    second = admin_client.get(url, {"page": 2})
    assert len(second.context["page"].object_list) == 6


def test_members_page_needs_manage_members(employee_client, tenant, client):
    assert employee_client.get(reverse("membership_list", args=[tenant.slug])).status_code == 403
    executive = UserFactory(email="codir@armor.example")
    MembershipFactory(tenant=tenant, user=executive, role=Role.EXECUTIVE)
    client.force_login(executive)
    assert client.get(reverse("membership_list", args=[tenant.slug])).status_code == 403


def test_members_of_another_tenant_are_neither_listed_nor_editable(admin_client, tenant, other_tenant):
    stranger = MembershipFactory(tenant=other_tenant, user=UserFactory(email="stranger@atlantique.example"))
    response = admin_client.get(reverse("membership_list", args=[tenant.slug]))
    assert "stranger@atlantique.example" not in response.content.decode()
    assert admin_client.get(reverse("membership_edit", args=[tenant.slug, stranger.pk])).status_code == 404
    response = admin_client.post(reverse("membership_edit", args=[tenant.slug, stranger.pk]), {"role": Role.ADMIN, "is_active": "on"})
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.role == Role.EMPLOYEE
    # And the other tenant's pages answer 404 for a non-member, like a group that does not exist.
    assert admin_client.get(reverse("membership_list", args=[other_tenant.slug])).status_code == 404


def test_members_list_query_count_does_not_grow(admin_client, tenant, django_assert_max_num_queries):
    url = reverse("membership_list", args=[tenant.slug])
    for _ in range(3):
        MembershipFactory(tenant=tenant, employee=EmployeeFactory(tenant=tenant))
    with django_assert_max_num_queries(12):
        assert admin_client.get(url).status_code == 200
    for _ in range(30):
        MembershipFactory(tenant=tenant, employee=EmployeeFactory(tenant=tenant))
    with django_assert_max_num_queries(12):
        assert admin_client.get(url).status_code == 200


# --- Editing a membership -------------------------------------------------------------------------------


def test_admin_changes_role_and_links_employee(admin_client, tenant, employee_user):
    employee = EmployeeFactory(tenant=tenant)
    membership = _membership(tenant, employee_user)
    url = reverse("membership_edit", args=[tenant.slug, membership.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"role": Role.MANAGER, "employee": employee.pk, "is_active": "on"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.MANAGER
    assert membership.employee == employee
    assert AuditEvent.unscoped.filter(tenant=tenant, verb="membership.update", object_id=str(membership.pk)).exists()


def test_admin_deactivates_a_member_who_then_loses_access(admin_client, tenant, employee_user, client):
    membership = _membership(tenant, employee_user)
    response = admin_client.post(reverse("membership_edit", args=[tenant.slug, membership.pk]), {"role": Role.EMPLOYEE})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.is_active is False
    client.force_login(employee_user)
    assert client.get(reverse("tenant_home", args=[tenant.slug])).status_code == 404


def test_removing_the_last_admin_is_a_form_error(admin_client, tenant, admin_user):
    membership = _membership(tenant, admin_user)
    url = reverse("membership_edit", args=[tenant.slug, membership.pk])
    response = admin_client.post(url, {"role": Role.EMPLOYEE, "is_active": "on"})
    assert response.status_code == 400
    assert response.context["form"].errors
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN
    response = admin_client.post(url, {"role": Role.ADMIN})  # deactivating the only admin
    assert response.status_code == 400
    membership.refresh_from_db()
    assert membership.is_active is True
    assert not AuditEvent.unscoped.filter(tenant=tenant, verb="membership.update").exists()


def test_admin_may_step_down_when_another_admin_remains(admin_client, tenant, admin_user):
    MembershipFactory(tenant=tenant, user=UserFactory(email="admin2@armor.example"), role=Role.ADMIN)
    membership = _membership(tenant, admin_user)
    response = admin_client.post(reverse("membership_edit", args=[tenant.slug, membership.pk]), {"role": Role.EXECUTIVE, "is_active": "on"})
    # No longer allowed on the members page: sent home instead of a 403.
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    membership.refresh_from_db()
    assert membership.role == Role.EXECUTIVE


def test_employee_already_linked_or_of_another_tenant_is_refused(admin_client, tenant, other_tenant, employee_user):
    taken = EmployeeFactory(tenant=tenant)
    MembershipFactory(tenant=tenant, user=UserFactory(email="taken@armor.example"), employee=taken)
    theirs = EmployeeFactory(tenant=other_tenant)
    membership = _membership(tenant, employee_user)
    url = reverse("membership_edit", args=[tenant.slug, membership.pk])
    for employee in (taken, theirs):
        response = admin_client.post(url, {"role": Role.EMPLOYEE, "employee": employee.pk, "is_active": "on"})
        assert response.status_code == 400
        assert "employee" in response.context["form"].errors
    membership.refresh_from_db()
    assert membership.employee is None


def test_unknown_role_is_a_form_error(admin_client, tenant, employee_user):
    membership = _membership(tenant, employee_user)
    response = admin_client.post(reverse("membership_edit", args=[tenant.slug, membership.pk]), {"role": "superhero", "is_active": "on"})
    assert response.status_code == 400
    assert "role" in response.context["form"].errors


# --- Group settings -------------------------------------------------------------------------------------


def test_admin_changes_group_settings(admin_client, tenant):
    url = reverse("tenant_settings", args=[tenant.slug])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {
            "name": "Groupe Armor",
            "locale": "en",
            "require_mfa_for_leaders": "on",
            "invitation_validity_days": 7,
            # The contact policy fields (tested in test_tenant_settings_contacts.py): kept as they are.
            "default_relationship_visibility": tenant.default_relationship_visibility,
            "default_relationship_scope": tenant.default_relationship_scope,
            "solicitation_cap": tenant.solicitation_cap,
            "solicitation_window_days": tenant.solicitation_window_days,
            "contact_retention_years": tenant.contact_retention_years,
        },
    )
    assert response.status_code == 302
    tenant.refresh_from_db()
    assert (tenant.name, tenant.locale, tenant.require_mfa_for_leaders, tenant.invitation_validity_days) == (
        "Groupe Armor",
        "en",
        True,
        7,
    )
    assert AuditEvent.unscoped.filter(tenant=tenant, verb="tenant.policy").exists()


@pytest.mark.parametrize(
    "data, field",
    [
        ({"name": " ", "locale": "fr", "invitation_validity_days": 14}, "name"),
        ({"name": "Armor", "locale": "de", "invitation_validity_days": 14}, "locale"),
        ({"name": "Armor", "locale": "fr", "invitation_validity_days": 0}, "invitation_validity_days"),
        ({"name": "Armor", "locale": "fr", "invitation_validity_days": "abc"}, "invitation_validity_days"),
    ],
)
def test_bad_settings_are_form_errors(admin_client, tenant, data, field):
    response = admin_client.post(reverse("tenant_settings", args=[tenant.slug]), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    tenant.refresh_from_db()
    assert tenant.name == "Groupe Armor Test"


def test_settings_need_manage_policy(employee_client, tenant, client):
    assert employee_client.get(reverse("tenant_settings", args=[tenant.slug])).status_code == 403
    executive = UserFactory(email="codir@armor.example")
    MembershipFactory(tenant=tenant, user=executive, role=Role.EXECUTIVE)
    client.force_login(executive)
    response = client.post(reverse("tenant_settings", args=[tenant.slug]), {"name": "Pirate", "locale": "fr", "invitation_validity_days": 3})
    assert response.status_code == 403
    assert Tenant.objects.get(pk=tenant.pk).name == "Groupe Armor Test"


# --- Audit trail ----------------------------------------------------------------------------------------


def test_audit_page_lists_the_tenants_events_only(admin_client, tenant, other_tenant, admin_user):
    audit_record(tenant=tenant, actor=admin_user, verb="site.create", data={"name": "Peugeot Rennes"})
    audit_record(tenant=other_tenant, actor=None, verb="site.create", data={"name": "Secret Nantes"})
    response = admin_client.get(reverse("audit_list", args=[tenant.slug]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Peugeot Rennes" in body
    assert "admin@test.example" in body
    assert "Secret Nantes" not in body
    assert reverse("audit_list", args=[tenant.slug]) in body  # the nav link


def test_audit_page_search(admin_client, tenant, admin_user):
    audit_record(tenant=tenant, actor=admin_user, verb="site.create", data={"name": "Peugeot Rennes"})
    audit_record(tenant=tenant, actor=None, verb="invitation.expired", data={"email": "late@armor.example"})
    rows = admin_client.get(reverse("audit_list", args=[tenant.slug]), {"q": "invitation"}).context["page"].object_list
    assert [e.verb for e in rows] == ["invitation.expired"]


def test_audit_page_is_for_view_audit_only(employee_client, tenant, client):
    response = employee_client.get(reverse("audit_list", args=[tenant.slug]))
    assert response.status_code == 403
    home = employee_client.get(reverse("tenant_home", args=[tenant.slug])).content.decode()
    assert reverse("audit_list", args=[tenant.slug]) not in home
    executive = UserFactory(email="codir@armor.example")
    MembershipFactory(tenant=tenant, user=executive, role=Role.EXECUTIVE)
    client.force_login(executive)
    assert client.get(reverse("audit_list", args=[tenant.slug])).status_code == 200


def test_audit_page_query_count_does_not_grow(admin_client, tenant, admin_user, django_assert_max_num_queries):
    url = reverse("audit_list", args=[tenant.slug])
    for i in range(3):
        audit_record(tenant=tenant, actor=UserFactory(), verb="site.create", data={"n": i})
    with django_assert_max_num_queries(10):
        assert admin_client.get(url).status_code == 200
    for i in range(60):
        audit_record(tenant=tenant, actor=UserFactory(), verb="site.update", data={"n": i})
    with django_assert_max_num_queries(10):
        response = admin_client.get(url)
    assert len(response.context["page"].object_list) == 50
