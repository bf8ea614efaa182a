"""The audit trail shows each row's data readably, in the reader's language: labels for known keys, choice
labels, Oui/Non, names of the group's objects instead of ids, changes as "old → new"; unknown keys as they are."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from bns.models import Membership, Role
from bns.services.audit import audit_record
from bns.services.org import tenant_update_policy
from tests.factories import DepartmentFactory, EmployeeFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db


def _details(response) -> list[str]:
    """The text of each row's "Details" cell, tags stripped."""
    body = response.content.decode()
    cells = re.findall(r'<td data-testid="audit-details">(.*?)</td>', body, re.S)
    return [html.unescape(re.sub(r"<br>", " | ", re.sub(r"<(?!br>)[^>]+>", "", cell))).replace("\xa0", " ") for cell in cells]


def test_known_keys_get_french_labels_and_values(admin_client, tenant, admin_user):
    membership = Membership.unscoped.get(tenant=tenant, user=admin_user)
    audit_record(tenant=tenant, actor=admin_user, verb="membership.update", obj=membership,
                 data={"role": "consultant", "is_active": False})
    response = admin_client.get(reverse("audit_list", args=[tenant.slug]))
    assert response.status_code == 200
    [cell] = _details(response)
    assert cell == "Rôle : Consultant BNS | Actif : Non"
    assert "role:" not in response.content.decode()
    assert "consultant<" not in response.content.decode()


def test_english_reader_gets_english_labels(client, tenant, admin_user):
    membership = Membership.unscoped.get(tenant=tenant, user=admin_user)
    audit_record(tenant=tenant, actor=admin_user, verb="membership.update", obj=membership, data={"role": Role.MANAGER})
    client.force_login(admin_user)
    response = client.get(reverse("audit_list", args=[tenant.slug]), HTTP_ACCEPT_LANGUAGE="en")
    assert _details(response) == ["Role: Sales manager"]


def test_unknown_keys_are_shown_as_they_are(admin_client, tenant, admin_user):
    audit_record(tenant=tenant, actor=admin_user, verb="plugin.thing", object_type="gizmo",
                 data={"frobnication_level": "max", "flag": True})
    [cell] = _details(admin_client.get(reverse("audit_list", args=[tenant.slug])))
    assert cell == "flag : Oui | frobnication_level : max"  # by name: the database may not keep the order


def test_ids_of_the_groups_objects_show_as_names_and_changes_as_old_to_new(admin_client, tenant, other_tenant, admin_user):
    rennes = SiteFactory(tenant=tenant, name="Peugeot Rennes")
    vannes = SiteFactory(tenant=tenant, name="Citroën Vannes")
    vo = DepartmentFactory(tenant=tenant, code="VO2", name="Occasions")
    boss = EmployeeFactory(tenant=tenant, first_name="Anne", last_name="Cheffe")
    stranger = SiteFactory(tenant=other_tenant, name="Secret Nantes")
    employee = EmployeeFactory(tenant=tenant, first_name="Yann", last_name="Vendeur")
    audit_record(tenant=tenant, actor=admin_user, verb="employee.update", obj=employee,
                 data={"site": rennes.pk, "department": vo.pk, "manager": boss.pk})
    audit_record(tenant=tenant, actor=admin_user, verb="employee.update", obj=employee, data={"site": stranger.pk})
    audit_record(tenant=tenant, actor=admin_user, verb="contacts.account_update", object_type="account",
                 data={"city": {"from": "Rennes", "to": "Vannes"}})
    audit_record(tenant=tenant, actor=admin_user, verb="employee.update", obj=employee, data={"site": vannes.pk})
    cells = _details(admin_client.get(reverse("audit_list", args=[tenant.slug])))
    assert cells[0] == "Concession : Citroën Vannes"
    assert cells[1] == "Ville : Rennes → Vannes"
    # Another group's object is never named, even if an id of it were recorded.
    assert cells[2] == f"Concession : #{stranger.pk}"
    assert cells[3] == "Concession : Peugeot Rennes | Service : Occasions | Responsable : Anne Cheffe"


def test_policy_changes_read_as_settings(admin_client, tenant, admin_user):
    tenant_update_policy(tenant=tenant, actor=admin_user, default_relationship_visibility="private", solicitation_cap=5)
    audit_record(tenant=tenant, actor=admin_user, verb="tenant.policy", obj=tenant,
                 data={"require_mfa_for_leaders": {"from": False, "to": True}, "locale": {"from": "fr", "to": "en"}})
    # Rows written before the service kept native values stored str(bool).
    audit_record(tenant=tenant, actor=admin_user, verb="tenant.policy", obj=tenant, data={"require_mfa_for_leaders": "False"})
    cells = _details(admin_client.get(reverse("audit_list", args=[tenant.slug])))
    mfa = "Authentification à deux facteurs obligatoire pour les dirigeants et les administrateurs"
    assert cells[0] == f"{mfa} : Non"
    assert cells[1] == f"Langue par défaut : Français → English | {mfa} : Non → Oui"  # the settings page's order
    visibility, cap = cells[2].split(" | ")
    assert visibility.endswith(" : Visible → Privée")
    assert cap.endswith(" : 3 → 5")


def test_nested_filters_and_lists(admin_client, tenant, admin_user):
    site = SiteFactory(tenant=tenant, name="Peugeot Rennes")
    audit_record(tenant=tenant, actor=admin_user, verb="employee.export", object_type="employee",
                 data={"count": 12, "filters": {"search": "ker", "site_id": site.pk}})
    audit_record(tenant=tenant, actor=None, verb="contacts.account_owners_told", object_type="employee",
                 data={"emails": ["a@armor.example", "b@armor.example"]})
    cells = _details(admin_client.get(reverse("audit_list", args=[tenant.slug])))
    assert cells[0].endswith("a@armor.example, b@armor.example")
    assert "Peugeot Rennes" in cells[1]
    assert "12" in cells[1]
    assert "site_id" not in cells[1]


def test_audit_details_query_count_is_bounded(admin_client, tenant, admin_user, django_assert_max_num_queries):
    url = reverse("audit_list", args=[tenant.slug])

    def add_rows(n):
        for _i in range(n):
            site = SiteFactory(tenant=tenant)
            department = DepartmentFactory(tenant=tenant)
            employee = EmployeeFactory(tenant=tenant, site=site)
            audit_record(tenant=tenant, actor=UserFactory(), verb="employee.update", obj=employee,
                         data={"site": site.pk, "department": department.pk, "manager": employee.pk, "is_active": True,
                               "role": "manager"})

    add_rows(3)
    with django_assert_max_num_queries(10):
        assert admin_client.get(url).status_code == 200
    add_rows(60)
    with django_assert_max_num_queries(10):
        response = admin_client.get(url)
    assert len(response.context["page"].object_list) == 50
    assert all("#" not in cell for cell in _details(response))


def test_import_summary_and_expired_invitation(admin_client, tenant, admin_user):
    audit_record(tenant=tenant, actor=admin_user, verb="employee.import", object_type="employee",
                 data={"file": "rh.csv", "created": 2, "updated": 1, "unchanged": 0, "errors": 0})
    audit_record(tenant=tenant, actor=None, verb="invitation.expired", object_type="invitation",
                 data={"email": "late@armor.example", "expires_at": "2025-03-04T09:30:00+00:00"})
    cells = _details(admin_client.get(reverse("audit_list", args=[tenant.slug])))
    assert cells[0] == "E-mail : late@armor.example | Expire le : 04/03/2025 10:30"
    assert cells[1] == "Fichier : rh.csv | Créés : 2 | Mis à jour : 1 | Inchangés : 0 | Erreurs : 0"


def test_verbs_of_other_apps_get_their_registered_label(client, tenant, admin_user):
    """Apps register readable names for their audit verbs (bns.services.audit); unknown verbs show their code."""
    from django.utils import translation

    audit_record(tenant=tenant, actor=admin_user, verb="reward_rule.create", object_type="rewardrule", data={})
    audit_record(tenant=tenant, actor=admin_user, verb="some_app.unknown_verb", object_type="thing", data={})
    client.force_login(admin_user)
    with translation.override("en"):
        body = client.get(reverse("audit_list", args=[tenant.slug]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    labels = re.findall(r"<td>([^<]*)<br><span class=\"muted\"><code>", body)
    assert "Reward rule created" in labels
    assert "some_app.unknown_verb" in labels
