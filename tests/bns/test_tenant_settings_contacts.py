"""The contact policy of the group settings (page, service, API): default visibility and audience of a new
relationship, the group-wide solicitation cap and its window, how long contact data is kept."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from bns.models import AuditEvent, Role, Tenant
from bns.services.org import tenant_update_policy
from tests.bns.test_api import token_client
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory, relationship_make

pytestmark = pytest.mark.django_db

CONTACT_FIELDS = (
    "default_relationship_visibility",
    "default_relationship_scope",
    "solicitation_cap",
    "solicitation_window_days",
    "contact_retention_years",
)


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


def _page(tenant):
    return reverse("tenant_settings", args=[tenant.slug])


def _api(tenant):
    return reverse("api-tenant-settings", kwargs={"tenant_slug": tenant.slug})


def _form_data(tenant, **changes):
    data = {
        "name": tenant.name,
        "locale": tenant.locale,
        "invitation_validity_days": tenant.invitation_validity_days,
        **{field: getattr(tenant, field) for field in CONTACT_FIELDS},
    }
    if tenant.require_mfa_for_leaders:
        data["require_mfa_for_leaders"] = "on"
    data.update(changes)
    return data


def _policy(tenant) -> tuple:
    tenant = Tenant.objects.get(pk=tenant.pk)
    return tuple(getattr(tenant, field) for field in ("name", *CONTACT_FIELDS))


def _executive(tenant):
    user = UserFactory(email="codir@armor.example")
    MembershipFactory(tenant=tenant, user=user, role=Role.EXECUTIVE)
    return user


# --- The page -------------------------------------------------------------------------------------------


def test_page_shows_the_contacts_fieldset_with_current_values(admin_client, tenant):
    tenant.solicitation_cap = 4
    tenant.save()
    response = admin_client.get(_page(tenant))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="settings-contacts"' in body
    contacts_part = body[body.index('data-testid="settings-contacts"') :]
    for field in CONTACT_FIELDS:
        assert f'name="{field}"' in contacts_part
        assert f'id="id_{field}_helptext"' in contacts_part  # every setting says what it does
    assert 'name="solicitation_cap" value="4"' in body
    form = response.context["form"]
    assert [f.name for f in form.contact_fields] == list(CONTACT_FIELDS)


@pytest.mark.parametrize(
    "field, value",
    [
        ("default_relationship_visibility", "shared"),
        ("default_relationship_visibility", "private"),
        ("default_relationship_scope", "group"),
        ("default_relationship_scope", "team"),
        ("solicitation_cap", 1),
        ("solicitation_cap", 20),
        ("solicitation_window_days", 7),
        ("solicitation_window_days", 365),
        ("contact_retention_years", 1),
        ("contact_retention_years", 5),
    ],
)
def test_form_saves_each_contact_setting(admin_client, tenant, admin_user, field, value):
    response = admin_client.post(_page(tenant), _form_data(tenant, **{field: value}))
    assert response.status_code == 302
    tenant.refresh_from_db()
    assert getattr(tenant, field) == value
    event = AuditEvent.unscoped.get(tenant=tenant, verb="tenant.policy")
    assert event.actor == admin_user
    assert event.data == {field: {"from": Tenant._meta.get_field(field).get_default(), "to": value}}


def test_form_saves_all_contact_settings_at_once_with_one_audit_row(admin_client, tenant):
    data = _form_data(
        tenant,
        default_relationship_visibility="private",
        default_relationship_scope="team",
        solicitation_cap=5,
        solicitation_window_days=60,
        contact_retention_years=2,
    )
    assert admin_client.post(_page(tenant), data).status_code == 302
    assert _policy(tenant)[1:] == ("private", "team", 5, 60, 2)
    events = list(AuditEvent.unscoped.filter(tenant=tenant, verb="tenant.policy"))
    assert len(events) == 1
    assert events[0].data == {
        "default_relationship_visibility": {"from": "discoverable", "to": "private"},
        "default_relationship_scope": {"from": "site", "to": "team"},
        "solicitation_cap": {"from": 3, "to": 5},
        "solicitation_window_days": {"from": 30, "to": 60},
        "contact_retention_years": {"from": 3, "to": 2},
    }


def test_saving_unchanged_settings_writes_no_audit_row(admin_client, tenant):
    assert admin_client.post(_page(tenant), _form_data(tenant)).status_code == 302
    assert not AuditEvent.unscoped.filter(tenant=tenant, verb="tenant.policy").exists()


@pytest.mark.parametrize(
    "field, value",
    [
        ("solicitation_cap", 0),
        ("solicitation_cap", 21),
        ("solicitation_cap", -1),
        ("solicitation_cap", "beaucoup"),
        ("solicitation_cap", ""),
        ("solicitation_window_days", 6),
        ("solicitation_window_days", 366),
        ("contact_retention_years", 0),
        ("contact_retention_years", 6),
        ("contact_retention_years", "2.5"),
        ("default_relationship_visibility", "public"),
        ("default_relationship_scope", "planet"),
    ],
)
def test_out_of_range_values_are_a_400_and_change_nothing(admin_client, tenant, field, value):
    before = _policy(tenant)
    # Another, valid change in the same post is not saved either.
    response = admin_client.post(_page(tenant), _form_data(tenant, **{field: value, "name": "Nouveau nom"}))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert errors[field][0].strip()
    assert errors[field][0] in response.content.decode()
    assert _policy(tenant) == before
    assert not AuditEvent.unscoped.filter(tenant=tenant, verb="tenant.policy").exists()


def test_contact_settings_need_manage_policy(employee_client, tenant, client):
    data = _form_data(tenant, solicitation_cap=20)
    assert employee_client.get(_page(tenant)).status_code == 403
    assert employee_client.post(_page(tenant), data).status_code == 403
    client.force_login(_executive(tenant))
    assert client.post(_page(tenant), data).status_code == 403
    assert Tenant.objects.get(pk=tenant.pk).solicitation_cap == 3
    assert not AuditEvent.unscoped.filter(tenant=tenant, verb="tenant.policy").exists()


def test_settings_of_another_group_are_a_404(admin_client, tenant, other_tenant):
    response = admin_client.post(_page(other_tenant), _form_data(other_tenant, solicitation_cap=9))
    assert response.status_code == 404
    assert Tenant.objects.get(pk=other_tenant.pk).solicitation_cap == 3


def test_new_default_visibility_applies_to_the_next_relationship(admin_client, tenant):
    owner = EmployeeFactory(tenant=tenant)
    data = _form_data(tenant, default_relationship_visibility="shared", default_relationship_scope="group")
    assert admin_client.post(_page(tenant), data).status_code == 302
    tenant.refresh_from_db()
    relationship = relationship_make(tenant=tenant, owner=owner)
    assert (relationship.visibility, relationship.scope) == ("shared", "group")


def test_retention_change_does_not_rewrite_existing_deadlines(admin_client, tenant):
    owner = EmployeeFactory(tenant=tenant)
    before = relationship_make(tenant=tenant, owner=owner).person
    deadline = before.retention_until
    assert admin_client.post(_page(tenant), _form_data(tenant, contact_retention_years=1)).status_code == 302
    before.refresh_from_db()
    assert before.retention_until == deadline
    tenant.refresh_from_db()
    after = relationship_make(tenant=tenant, owner=owner, first_name="Anne", last_name="Le Bihan", company="Le Bihan SA").person
    assert after.retention_until.year == after.collected_at.year + 1
    assert deadline.year == before.collected_at.year + 3


# --- The service ------------------------------------------------------------------------------------------


def test_service_checks_every_value_and_writes_nothing_on_one_bad(tenant, admin_user):
    with pytest.raises(ValidationError) as exc:
        tenant_update_policy(
            tenant=tenant, actor=admin_user, solicitation_cap=50, solicitation_window_days=3, contact_retention_years=True,
            default_relationship_visibility="public", name="Nouveau",
        )
    assert set(exc.value.message_dict) == {
        "solicitation_cap", "solicitation_window_days", "contact_retention_years", "default_relationship_visibility"
    }
    assert _policy(tenant) == ("Groupe Armor Test", "discoverable", "site", 3, 30, 3)
    assert not AuditEvent.unscoped.filter(tenant=tenant).exists()


def test_service_refuses_unknown_settings(tenant, admin_user):
    with pytest.raises(TypeError):
        tenant_update_policy(tenant=tenant, actor=admin_user, slug="pirate")


# --- The API ----------------------------------------------------------------------------------------------


def test_api_get_settings(tenant, admin_user):
    response = token_client(admin_user).get(_api(tenant))
    assert response.status_code == 200
    assert response.json() == {
        "slug": "armor-test",
        "name": "Groupe Armor Test",
        "locale": "fr",
        "require_mfa_for_leaders": False,
        "invitation_validity_days": 14,
        "default_relationship_visibility": "discoverable",
        "default_relationship_scope": "site",
        "solicitation_cap": 3,
        "solicitation_window_days": 30,
        "contact_retention_years": 3,
    }


def test_api_patch_changes_only_what_is_sent_and_audits_it(tenant, admin_user):
    response = token_client(admin_user).patch(
        _api(tenant), {"solicitation_cap": 6, "contact_retention_years": 5, "default_relationship_scope": "group"}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["solicitation_cap"], body["contact_retention_years"], body["default_relationship_scope"]) == (6, 5, "group")
    assert _policy(tenant) == ("Groupe Armor Test", "discoverable", "group", 6, 30, 5)
    event = AuditEvent.unscoped.get(tenant=tenant, verb="tenant.policy")
    assert event.actor == admin_user
    assert event.data == {
        "default_relationship_scope": {"from": "site", "to": "group"},
        "solicitation_cap": {"from": 3, "to": 6},
        "contact_retention_years": {"from": 3, "to": 5},
    }


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"solicitation_cap": 21}, "solicitation_cap"),
        ({"solicitation_cap": 0}, "solicitation_cap"),
        ({"solicitation_window_days": 400}, "solicitation_window_days"),
        ({"contact_retention_years": 10}, "contact_retention_years"),
        ({"contact_retention_years": "trois"}, "contact_retention_years"),
        ({"default_relationship_visibility": "public"}, "default_relationship_visibility"),
        ({"intro_sla_days": 3}, "intro_sla_days"),
        ({"name": "  "}, "name"),
    ],
)
def test_api_bad_values_are_a_400_and_change_nothing(tenant, admin_user, payload, field):
    before = _policy(tenant)
    # A valid change sent with the bad value is not saved either.
    valid = {} if field == "solicitation_window_days" else {"solicitation_window_days": 90}
    response = token_client(admin_user).patch(_api(tenant), {**payload, **valid}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert response.json()[field][0]
    assert _policy(tenant) == before
    assert Tenant.objects.get(pk=tenant.pk).solicitation_window_days == 30
    assert not AuditEvent.unscoped.filter(tenant=tenant, verb="tenant.policy").exists()


def test_api_settings_need_manage_policy(tenant, employee_user):
    for user in (employee_user, _executive(tenant)):
        api = token_client(user)
        assert api.get(_api(tenant)).status_code == 403
        assert api.patch(_api(tenant), {"solicitation_cap": 20}, format="json").status_code == 403
    assert Tenant.objects.get(pk=tenant.pk).solicitation_cap == 3


def test_api_settings_of_another_group_are_a_404_and_anonymous_a_401(tenant, other_tenant, admin_user):
    from rest_framework.test import APIClient

    api = token_client(admin_user)
    assert api.get(_api(other_tenant)).status_code == 404
    assert api.patch(_api(other_tenant), {"solicitation_cap": 9}, format="json").status_code == 404
    assert Tenant.objects.get(pk=other_tenant.pk).solicitation_cap == 3
    assert APIClient().get(_api(tenant)).status_code == 401


def test_api_settings_only_get_and_patch(tenant, admin_user):
    api = token_client(admin_user)
    assert api.put(_api(tenant), {"solicitation_cap": 5}, format="json").status_code == 405
    assert api.post(_api(tenant), {"solicitation_cap": 5}, format="json").status_code == 405
    assert api.delete(_api(tenant)).status_code == 405
