"""REST API v1: authentication, the organisation resources, tenancy (404/400), schema and docs."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from bns.models import AuditEvent, Department, Employee, Role, Site
from tests.factories import (
    DEFAULT_PASSWORD,
    DepartmentFactory,
    EmployeeFactory,
    MembershipFactory,
    SiteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttles():
    # Throttle histories live in the cache, which outlives a test: start each test from zero.
    cache.clear()
    yield
    cache.clear()


def token_client(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def admin_api(admin_user):
    return token_client(admin_user)


@pytest.fixture
def employee_api(employee_user):
    return token_client(employee_user)


def url(tenant, resource, pk=None, action=None):
    slug = tenant if isinstance(tenant, str) else tenant.slug
    if action:
        return reverse(f"api-{resource}-{action}", kwargs={"tenant_slug": slug, "pk": pk})
    if pk is None:
        return reverse(f"api-{resource}-list", kwargs={"tenant_slug": slug})
    return reverse(f"api-{resource}-detail", kwargs={"tenant_slug": slug, "pk": pk})


# --- Authentication -----------------------------------------------------------------------------------


def test_token_obtain_then_token_auth_lists_sites(tenant, admin_user):
    SiteFactory(tenant=tenant, name="Peugeot Rennes")
    client = APIClient()
    response = client.post(
        reverse("api-token-obtain"), {"email": "ADMIN@test.example", "password": DEFAULT_PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    key = response.json()["token"]
    assert key == Token.objects.get(user=admin_user).key
    # Asking again returns the same token (no silent rotation that would break integrations).
    again = client.post(reverse("api-token-obtain"), {"email": admin_user.email, "password": DEFAULT_PASSWORD}, format="json")
    assert again.json()["token"] == key

    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    listing = client.get(url(tenant, "site"))
    assert listing.status_code == 200
    assert [row["name"] for row in listing.json()["results"]] == ["Peugeot Rennes"]


@pytest.mark.parametrize(
    "payload",
    [
        {"email": "admin@test.example", "password": "wrong-password"},
        {"email": "nobody@test.example", "password": DEFAULT_PASSWORD},
    ],
)
def test_token_obtain_wrong_credentials_is_400_with_a_message(admin_user, payload):
    response = APIClient().post(reverse("api-token-obtain"), payload, format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    assert not Token.objects.exists()


def test_token_obtain_missing_fields_and_inactive_user(admin_user):
    client = APIClient()
    response = client.post(reverse("api-token-obtain"), {"email": "not-an-email"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"email", "password"}
    admin_user.is_active = False
    admin_user.save()
    response = client.post(reverse("api-token-obtain"), {"email": admin_user.email, "password": DEFAULT_PASSWORD}, format="json")
    assert response.status_code == 400


def test_token_obtain_refused_when_the_account_uses_two_factor(admin_user):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(user=admin_user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    response = APIClient().post(
        reverse("api-token-obtain"), {"email": admin_user.email, "password": DEFAULT_PASSWORD}, format="json"
    )
    assert response.status_code == 400
    assert "/me/api-token/" in response.json()["non_field_errors"][0]
    assert not Token.objects.filter(user=admin_user).exists()


def test_token_obtain_is_throttled(admin_user):
    client = APIClient()
    codes = [
        client.post(reverse("api-token-obtain"), {"email": admin_user.email, "password": "nope"}, format="json").status_code
        for _ in range(11)
    ]
    assert codes[:10] == [400] * 10
    assert codes[10] == 429


def test_anonymous_is_401_and_bad_token_is_401(tenant):
    assert APIClient().get(url(tenant, "site")).status_code == 401
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get(url(tenant, "site")).status_code == 401


def test_session_auth_works_and_writes_need_csrf(tenant, admin_user):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(admin_user)
    assert client.get(url(tenant, "site")).status_code == 200
    assert client.post(url(tenant, "site"), {"name": "Sans CSRF"}, format="json").status_code == 403
    assert not Site.unscoped.filter(tenant=tenant).exists()
    relaxed = APIClient()
    relaxed.force_login(admin_user)
    assert relaxed.post(url(tenant, "site"), {"name": "Avec session"}, format="json").status_code == 201


def test_me_lists_the_users_groups(tenant, other_tenant):
    consultant = UserFactory(email="consultant@test.example", full_name="Claire Conseil")
    MembershipFactory(tenant=tenant, user=consultant, role=Role.CONSULTANT)
    MembershipFactory(tenant=other_tenant, user=consultant, role=Role.CONSULTANT)
    third = MembershipFactory(user=consultant, role=Role.ADMIN, is_active=False)
    response = token_client(consultant).get(reverse("api-me"))
    assert response.status_code == 200
    data = response.json()
    assert data["email"] == "consultant@test.example"
    assert data["full_name"] == "Claire Conseil"
    slugs = [m["tenant_slug"] for m in data["memberships"]]
    assert slugs == [tenant.slug, other_tenant.slug]  # ordered by group name; inactive one hidden
    assert third.tenant.slug not in slugs
    assert {m["role"] for m in data["memberships"]} == {"consultant"}
    assert APIClient().get(reverse("api-me")).status_code == 401


# --- Sites --------------------------------------------------------------------------------------------


def test_site_crud(admin_api, tenant):
    response = admin_api.post(
        url(tenant, "site"), {"name": " Peugeot Rennes ", "brands": "Peugeot, Citroën", "city": "Rennes"}, format="json"
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["name"] == "Peugeot Rennes"  # the service cleaned it
    assert data["brand_list"] == ["Peugeot", "Citroën"]
    assert data["employee_count"] == 0
    site = Site.unscoped.get(tenant=tenant, pk=data["id"])
    assert AuditEvent.unscoped.filter(tenant=tenant, verb="site.create", object_id=str(site.pk)).exists()

    EmployeeFactory(tenant=tenant, site=site)
    EmployeeFactory(tenant=tenant, site=site, is_active=False)
    detail = admin_api.get(url(tenant, "site", site.pk))
    assert detail.status_code == 200
    assert detail.json()["employee_count"] == 1

    patched = admin_api.patch(url(tenant, "site", site.pk), {"region": "Bretagne"}, format="json")
    assert patched.status_code == 200
    assert patched.json()["region"] == "Bretagne"
    assert patched.json()["employee_count"] == 1
    replaced = admin_api.put(
        url(tenant, "site", site.pk), {"name": "Peugeot Rennes Sud", "brands": "Peugeot", "city": "Rennes", "region": ""}, format="json"
    )
    assert replaced.status_code == 200
    site.refresh_from_db()
    assert (site.name, site.brands, site.region) == ("Peugeot Rennes Sud", "Peugeot", "")
    assert AuditEvent.unscoped.filter(tenant=tenant, verb="site.update").count() == 2

    assert admin_api.delete(url(tenant, "site", site.pk)).status_code == 204
    assert not Site.unscoped.filter(pk=site.pk).exists()
    assert Employee.unscoped.filter(tenant=tenant).count() == 2  # employees stay
    assert AuditEvent.unscoped.filter(tenant=tenant, verb="site.delete").exists()


def test_site_service_errors_are_field_keyed_400(admin_api, tenant):
    SiteFactory(tenant=tenant, name="Peugeot Rennes")
    response = admin_api.post(url(tenant, "site"), {"name": "peugeot rennes"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["name"]
    blank = admin_api.post(url(tenant, "site"), {"name": "   "}, format="json")
    assert blank.status_code == 400
    assert "name" in blank.json()
    assert Site.unscoped.filter(tenant=tenant).count() == 1


def test_site_search(admin_api, tenant):
    SiteFactory(tenant=tenant, name="Peugeot Rennes", city="Rennes")
    SiteFactory(tenant=tenant, name="Renault Brest", city="Brest", brands="Renault")
    response = admin_api.get(url(tenant, "site"), {"search": "brest"})
    assert [row["name"] for row in response.json()["results"]] == ["Renault Brest"]
    ordered = admin_api.get(url(tenant, "site"), {"ordering": "-name"})
    assert [row["name"] for row in ordered.json()["results"]] == ["Renault Brest", "Peugeot Rennes"]


# --- Departments --------------------------------------------------------------------------------------


def test_department_crud(admin_api, tenant):
    response = admin_api.post(url(tenant, "department"), {"code": "FLT", "name": "Flottes"}, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["employee_count"] == 0
    assert set(data) == {"id", "code", "name", "position", "employee_count"}
    pk = data["id"]
    assert admin_api.get(url(tenant, "department", pk)).json()["code"] == "FLT"
    patched = admin_api.patch(url(tenant, "department", pk), {"position": 3}, format="json")
    assert patched.status_code == 200
    assert patched.json()["position"] == 3
    clash = admin_api.patch(url(tenant, "department", pk), {"code": "flt2", "name": "Flottes"}, format="json")
    assert clash.status_code == 200
    DepartmentFactory(tenant=tenant, code="VN", name="Véhicules neufs")
    duplicate = admin_api.post(url(tenant, "department"), {"code": "vn", "name": "Autre"}, format="json")
    assert duplicate.status_code == 400
    assert "code" in duplicate.json()
    assert admin_api.delete(url(tenant, "department", pk)).status_code == 204
    assert not Department.unscoped.filter(pk=pk).exists()
    assert AuditEvent.unscoped.filter(tenant=tenant, verb="department.delete").exists()


def test_department_wrong_types_are_400(admin_api, tenant):
    response = admin_api.post(url(tenant, "department"), {"code": "X", "name": "X", "position": "abc"}, format="json")
    assert response.status_code == 400
    assert "position" in response.json()
    negative = admin_api.post(url(tenant, "department"), {"code": "X", "name": "X", "position": -1}, format="json")
    assert negative.status_code == 400


# --- Employees ----------------------------------------------------------------------------------------


def test_employee_crud_and_no_delete(admin_api, tenant):
    site = SiteFactory(tenant=tenant, name="Peugeot Rennes")
    department = DepartmentFactory(tenant=tenant, name="VN")
    boss = EmployeeFactory(tenant=tenant, first_name="Anne", last_name="Boss")
    payload = {
        "first_name": "Jean",
        "last_name": "Dupont",
        "email": "Jean.Dupont@Example.com",
        "external_id": "E-42",
        "site": site.pk,
        "department": department.pk,
        "job_title": "Vendeur VN",
        "manager": boss.pk,
    }
    response = admin_api.post(url(tenant, "employee"), payload, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["email"] == "jean.dupont@example.com"
    assert data["full_name"] == "Jean Dupont"
    assert (data["site_name"], data["department_name"], data["manager_name"]) == ("Peugeot Rennes", "VN", "Anne Boss")
    assert data["is_active"] is True
    pk = data["id"]
    assert AuditEvent.unscoped.filter(tenant=tenant, verb="employee.create", object_id=str(pk)).exists()

    detail = admin_api.get(url(tenant, "employee", pk)).json()
    assert detail["manager"] == boss.pk

    moved = admin_api.patch(url(tenant, "employee", pk), {"site": None, "manager": None}, format="json")
    assert moved.status_code == 200
    assert (moved.json()["site"], moved.json()["site_name"], moved.json()["manager_name"]) == (None, None, None)

    assert admin_api.delete(url(tenant, "employee", pk)).status_code == 405
    deactivated = admin_api.patch(url(tenant, "employee", pk), {"is_active": False}, format="json")
    assert deactivated.status_code == 200
    assert Employee.unscoped.get(pk=pk).is_active is False

    full = admin_api.put(url(tenant, "employee", pk), {"first_name": "Jean", "last_name": "Durand"}, format="json")
    assert full.status_code == 200
    assert full.json()["full_name"] == "Jean Durand"


def test_employee_business_rules_are_400(admin_api, tenant):
    EmployeeFactory(tenant=tenant, email="taken@example.com")
    employee = EmployeeFactory(tenant=tenant)
    duplicate = admin_api.post(
        url(tenant, "employee"), {"first_name": "A", "last_name": "B", "email": "TAKEN@example.com"}, format="json"
    )
    assert duplicate.status_code == 400
    assert "email" in duplicate.json()
    own_manager = admin_api.patch(url(tenant, "employee", employee.pk), {"manager": employee.pk}, format="json")
    assert own_manager.status_code == 400
    assert "manager" in own_manager.json()


def test_employee_filters_search_and_ordering(admin_api, tenant):
    rennes, brest = SiteFactory(tenant=tenant, name="Rennes"), SiteFactory(tenant=tenant, name="Brest")
    vn, apv = DepartmentFactory(tenant=tenant, name="VN"), DepartmentFactory(tenant=tenant, name="APV")
    boss = EmployeeFactory(tenant=tenant, first_name="Anne", last_name="Alpha", site=rennes, department=vn, job_title="Chef des ventes")
    EmployeeFactory(tenant=tenant, first_name="Bruno", last_name="Bravo", site=rennes, department=apv, manager=boss, job_title="Conseiller")
    EmployeeFactory(
        tenant=tenant, first_name="Chloé", last_name="Charlie", site=brest, department=vn, manager=boss, external_id="M-7",
        job_title="Vendeuse VO",
    )
    EmployeeFactory(tenant=tenant, first_name="Denis", last_name="Delta", site=brest, department=apv, is_active=False)

    def names(**params):
        response = admin_api.get(url(tenant, "employee"), params)
        assert response.status_code == 200, response.content
        return [row["last_name"] for row in response.json()["results"]]

    assert names() == ["Alpha", "Bravo", "Charlie", "Delta"]
    assert names(site=rennes.pk) == ["Alpha", "Bravo"]
    assert names(department=vn.pk) == ["Alpha", "Charlie"]
    assert names(manager=boss.pk) == ["Bravo", "Charlie"]
    assert names(is_active="false") == ["Delta"]
    assert names(is_active="true", site=brest.pk) == ["Charlie"]
    assert names(search="vendeuse") == ["Charlie"]
    assert names(search="M-7") == ["Charlie"]
    assert names(search="anne alpha") == ["Alpha"]
    assert names(ordering="-last_name") == ["Delta", "Charlie", "Bravo", "Alpha"]
    assert names(ordering="not_a_field") == ["Alpha", "Bravo", "Charlie", "Delta"]  # ignored, not a 500
    assert names(site="") == ["Alpha", "Bravo", "Charlie", "Delta"]  # blank filter = no filter


@pytest.mark.parametrize("params", [{"site": "abc"}, {"is_active": "maybe"}, {"manager": "-1"}, {"department": "1.5"}])
def test_employee_bad_filter_values_are_400(admin_api, tenant, params):
    response = admin_api.get(url(tenant, "employee"), params)
    assert response.status_code == 400
    assert set(response.json()) == set(params)


def test_invalid_json_and_wrong_types_are_400(admin_api, tenant):
    response = admin_api.generic(
        "POST", url(tenant, "employee"), '{"first_name": "Jean", ', content_type="application/json"
    )
    assert response.status_code == 400
    assert "detail" in response.json()
    wrong = admin_api.post(
        url(tenant, "employee"),
        {"first_name": ["x"], "last_name": "B", "site": "abc", "is_active": "maybe", "email": "nope"},
        format="json",
    )
    assert wrong.status_code == 400
    assert {"first_name", "site", "is_active", "email"} <= set(wrong.json())
    not_an_object = admin_api.post(url(tenant, "site"), ["a", "list"], format="json")
    assert not_an_object.status_code == 400
    assert admin_api.get(url(tenant, "site"), {"page": "abc"}).status_code == 404
    assert not Employee.unscoped.filter(tenant=tenant).exists()


@pytest.mark.parametrize(
    ("resource", "required"),
    [
        ("site", {"name"}),
        ("department", {"code", "name"}),
        ("employee", {"first_name", "last_name"}),
        ("invitation", {"email", "role"}),
    ],
)
def test_empty_create_is_400_naming_the_required_fields(admin_api, tenant, resource, required):
    response = admin_api.post(url(tenant, resource), {}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == required


# --- Permissions and tenancy --------------------------------------------------------------------------


def test_employee_role_reads_but_cannot_write(employee_api, tenant):
    site = SiteFactory(tenant=tenant)
    department = DepartmentFactory(tenant=tenant)
    person = EmployeeFactory(tenant=tenant, site=site, department=department)
    for resource in ("site", "department", "employee"):
        assert employee_api.get(url(tenant, resource)).status_code == 200
    assert employee_api.post(url(tenant, "site"), {"name": "X"}, format="json").status_code == 403
    assert employee_api.patch(url(tenant, "site", site.pk), {"name": "X"}, format="json").status_code == 403
    assert employee_api.delete(url(tenant, "site", site.pk)).status_code == 403
    assert employee_api.post(url(tenant, "department"), {"code": "X", "name": "X"}, format="json").status_code == 403
    assert employee_api.delete(url(tenant, "department", department.pk)).status_code == 403
    assert employee_api.post(url(tenant, "employee"), {"first_name": "A", "last_name": "B"}, format="json").status_code == 403
    assert employee_api.patch(url(tenant, "employee", person.pk), {"is_active": False}, format="json").status_code == 403
    site.refresh_from_db()
    assert site.name != "X"
    assert Employee.unscoped.get(pk=person.pk).is_active


def test_another_groups_slug_is_404(admin_api, tenant, other_tenant):
    SiteFactory(tenant=other_tenant)
    for resource in ("site", "department", "employee", "membership", "invitation"):
        assert admin_api.get(url(other_tenant, resource)).status_code == 404
        assert admin_api.get(url("no-such-group", resource)).status_code == 404
    assert admin_api.post(url(other_tenant, "site"), {"name": "Intrus"}, format="json").status_code == 404
    assert not Site.unscoped.filter(name="Intrus").exists()


def test_inactive_membership_is_404(tenant, admin_user):
    MembershipFactory(tenant=tenant, user=UserFactory(email="gone@test.example"), role=Role.ADMIN, is_active=False)
    gone = token_client(UserFactory(email="gone@test.example"))
    assert gone.get(url(tenant, "site")).status_code == 404


def test_another_groups_object_ids_are_404(admin_api, tenant, other_tenant):
    site = SiteFactory(tenant=other_tenant)
    department = DepartmentFactory(tenant=other_tenant)
    employee = EmployeeFactory(tenant=other_tenant)
    for resource, obj in (("site", site), ("department", department), ("employee", employee)):
        assert admin_api.get(url(tenant, resource, obj.pk)).status_code == 404
        assert admin_api.patch(url(tenant, resource, obj.pk), {"name": "Volé"}, format="json").status_code == 404
        assert admin_api.put(url(tenant, resource, obj.pk), {}, format="json").status_code == 404
    assert admin_api.delete(url(tenant, "site", site.pk)).status_code == 404
    assert admin_api.delete(url(tenant, "department", department.pk)).status_code == 404
    assert Site.unscoped.filter(pk=site.pk).exists()
    assert Department.unscoped.filter(pk=department.pk).exists()
    assert admin_api.get(url(tenant, "site", 999999)).status_code == 404


def test_another_groups_related_ids_are_400(admin_api, tenant, other_tenant):
    foreign_site = SiteFactory(tenant=other_tenant)
    foreign_department = DepartmentFactory(tenant=other_tenant)
    foreign_manager = EmployeeFactory(tenant=other_tenant)
    payload = {
        "first_name": "Jean",
        "last_name": "Dupont",
        "site": foreign_site.pk,
        "department": foreign_department.pk,
        "manager": foreign_manager.pk,
    }
    response = admin_api.post(url(tenant, "employee"), payload, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"site", "department", "manager"}
    assert str(foreign_site.pk) in errors["site"][0]
    assert not Employee.unscoped.filter(tenant=tenant).exists()

    mine = EmployeeFactory(tenant=tenant)
    patched = admin_api.patch(url(tenant, "employee", mine.pk), {"manager": foreign_manager.pk}, format="json")
    assert patched.status_code == 400
    assert "manager" in patched.json()
    mine.refresh_from_db()
    assert mine.manager_id is None


def test_mfa_policy_applies_to_the_api(admin_api, tenant):
    tenant.require_mfa_for_leaders = True
    tenant.save()
    response = admin_api.get(url(tenant, "site"))
    assert response.status_code == 403


# --- Pagination and query counts ----------------------------------------------------------------------


def test_pagination_structure(admin_api, tenant):
    SiteFactory.create_batch(51, tenant=tenant)
    first = admin_api.get(url(tenant, "site")).json()
    assert set(first) == {"count", "next", "previous", "results"}
    assert first["count"] == 51
    assert len(first["results"]) == 50
    assert first["previous"] is None
    assert "page=2" in first["next"]
    second = admin_api.get(first["next"]).json()
    assert len(second["results"]) == 1
    assert second["next"] is None


def _grow(tenant, resource, n):
    from bns.services.members import invitation_create

    if resource == "site":
        for site in SiteFactory.create_batch(n, tenant=tenant):
            EmployeeFactory(tenant=tenant, site=site)
    elif resource == "department":
        for department in DepartmentFactory.create_batch(n, tenant=tenant):
            EmployeeFactory(tenant=tenant, department=department)
    elif resource == "employee":
        boss = EmployeeFactory(tenant=tenant)
        EmployeeFactory.create_batch(n, tenant=tenant, manager=boss)
    elif resource == "membership":
        for employee in EmployeeFactory.create_batch(n, tenant=tenant):
            MembershipFactory(tenant=tenant, employee=employee)
    else:
        employee = EmployeeFactory(tenant=tenant)
        for i in range(n):
            invitation = invitation_create(
                tenant=tenant, actor=None, email=f"guest{n}-{i}@example.com", role=Role.EMPLOYEE, employee=employee if i == 0 else None
            )
            invitation.invited_by = UserFactory()
            invitation.save()


@pytest.mark.parametrize("resource", ["site", "department", "employee", "membership", "invitation"])
def test_list_query_counts_do_not_grow(admin_api, tenant, resource, django_assert_max_num_queries):
    list_url = url(tenant, resource)
    for size in (2, 25):
        _grow(tenant, resource, size)
        with django_assert_max_num_queries(5):
            response = admin_api.get(list_url)
        assert response.status_code == 200
        assert response.json()["count"] >= size


# --- Schema and docs ----------------------------------------------------------------------------------


def test_schema_endpoint(client):
    response = client.get(reverse("schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in (
        "/api/v1/g/{tenant_slug}/sites/",
        "/api/v1/g/{tenant_slug}/employees/{id}/",
        "/api/v1/g/{tenant_slug}/memberships/{id}/",
        "/api/v1/g/{tenant_slug}/invitations/{id}/revoke/",
        "/api/v1/auth/token/",
        "/api/v1/me/",
    ):
        assert path in paths
    assert "delete" not in paths["/api/v1/g/{tenant_slug}/employees/{id}/"]
    assert set(paths["/api/v1/g/{tenant_slug}/memberships/{id}/"]) == {"get", "patch"}
    params = {p["name"] for p in paths["/api/v1/g/{tenant_slug}/employees/"]["get"]["parameters"]}
    assert {"tenant_slug", "site", "department", "manager", "is_active", "search", "ordering", "page"} <= params


def test_docs_page_loads_only_local_assets(client):
    response = client.get(reverse("swagger-ui"))
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, html
    assert all(asset.startswith("/static/") for asset in assets), assets
    assert "swagger-ui-bundle.js" in html
    assert not re.search(r"https?://", html), re.findall(r"https?://\S+", html)
    assert '"validatorUrl": null' in html
    # Only GET/HEAD: DRF's OPTIONS metadata would otherwise hit the HTML renderer with no template (a 500).
    assert client.options(reverse("swagger-ui")).status_code == 405
    assert client.post(reverse("swagger-ui")).status_code == 405
    assert client.head(reverse("swagger-ui")).status_code == 200


def test_schema_generates_without_warnings():
    from django.core.management import call_command
    from drf_spectacular.drainage import GENERATOR_STATS

    GENERATOR_STATS.reset()  # warnings are counted per process: count only this generation's
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
