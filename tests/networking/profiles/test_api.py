"""The social profile API: CRUD under the same rules as the pages, validation errors as 400 with their messages,
another group's profile as 404, and the checklist definitions."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from networking.models import SocialProfile

pytestmark = pytest.mark.django_db


def api(membership) -> APIClient:
    client = APIClient()
    client.force_authenticate(membership.user)
    return client


def list_url(tenant):
    return reverse("api-networking-social-profile-list", kwargs={"tenant_slug": tenant.slug})


def detail_url(tenant, pk):
    return reverse("api-networking-social-profile-detail", kwargs={"tenant_slug": tenant.slug, "pk": pk})


def test_crud_of_ones_own_profile(tenant, org):
    client = api(org["rep"])
    created = client.post(list_url(tenant), {"platform": "instagram", "url": "instagram.com/Eric.LeGoff/",
                                              "audience_size": 812, "checklist": {"photo": True, "bio": True}}, format="json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["url"] == "https://www.instagram.com/eric.legoff" and data["employee"] == org["rep"].employee.pk
    assert data["completeness"] == 33 and data["editable"] is True  # 2 / 6
    assert [s["code"] for s in data["next_steps"]] == ["link", "highlights", "pinned", "positioning"]
    pk = data["id"]
    patched = client.patch(detail_url(tenant, pk), {"checklist": {"link": True}, "positioning": "Le VO à Lorient"}, format="json")
    assert patched.status_code == 200 and patched.json()["completeness"] == 67  # 4 / 6
    assert patched.json()["checklist"] == {"photo": True, "bio": True, "link": True, "highlights": False, "pinned": False}
    assert client.get(detail_url(tenant, pk)).json()["positioning"] == "Le VO à Lorient"
    listed = client.get(list_url(tenant)).json()
    assert [p["id"] for p in listed["results"]] == [pk]
    assert client.delete(detail_url(tenant, pk)).status_code == 204
    assert not SocialProfile.unscoped.filter(pk=pk).exists()


@pytest.mark.parametrize(("payload", "field", "message"), [
    ({"platform": "linkedin", "url": "https://www.linkedin.com/company/armor"}, "url", "company page"),
    ({"platform": "x", "url": "https://www.instagram.com/eric"}, "url", "This address is on Instagram"),
    ({"platform": "tiktok", "url": "https://www.tiktok.com/eric"}, "url", "Expected: https://www.tiktok.com/@your_handle"),
    ({"platform": "x", "url": "https://x.com/eric", "audience_size": -5}, "audience_size", "greater than or equal to 0"),
    ({"platform": "x", "url": "https://x.com/eric", "checked_on": "2999-12-31"}, "checked_on", "cannot be in the future"),
    ({"platform": "x", "url": "https://x.com/eric", "checklist": {"banner": True}}, "checklist", "Unknown items for X: banner"),
    ({"platform": "myspace", "url": "https://x.com/eric"}, "platform", "not a valid choice"),
    ({"url": "https://x.com/eric"}, "platform", "required"),
])
def test_validation_errors_are_400_with_messages(tenant, org, payload, field, message):
    response = api(org["rep"]).post(list_url(tenant), payload, format="json")
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])
    assert not SocialProfile.unscoped.filter(tenant=tenant).exists()


def test_duplicate_platform_is_400(tenant, org, make_profile):
    make_profile(org["rep"], "linkedin")
    response = api(org["rep"]).post(list_url(tenant), {"platform": "linkedin", "url": "https://www.linkedin.com/in/x2"},
                                    format="json")
    assert response.status_code == 400 and "already has a profile on LinkedIn" in response.json()["platform"][0]


def test_visibility_of_the_list(tenant, org, make_profile):
    rep_profile = make_profile(org["rep"], "linkedin")
    colleague_profile = make_profile(org["colleague"], "x")
    manager_profile = make_profile(org["manager"], "facebook")

    def ids(who, query=""):
        return sorted(p["id"] for p in api(org[who]).get(list_url(tenant) + query).json()["results"])

    assert ids("rep") == [rep_profile.pk]
    assert ids("colleague") == [colleague_profile.pk]
    assert ids("manager") == sorted([rep_profile.pk, manager_profile.pk])  # own + team
    assert ids("executive") == sorted([rep_profile.pk, colleague_profile.pk, manager_profile.pk])
    assert ids("executive", f"?employee={org['colleague'].employee.pk}") == [colleague_profile.pk]
    assert ids("executive", "?platform=facebook") == [manager_profile.pk]
    assert api(org["colleague"]).get(detail_url(tenant, rep_profile.pk)).status_code == 404
    assert api(org["rep"]).get(list_url(tenant) + "?employee=abc").status_code == 400


def test_manager_reads_but_cannot_write_admin_corrects(tenant, org, make_profile):
    profile = make_profile(org["rep"], "linkedin")
    manager = api(org["manager"])
    read = manager.get(detail_url(tenant, profile.pk))
    assert read.status_code == 200 and read.json()["editable"] is False
    assert manager.patch(detail_url(tenant, profile.pk), {"positioning": "x"}, format="json").status_code == 403
    assert manager.delete(detail_url(tenant, profile.pk)).status_code == 403
    assert manager.post(list_url(tenant), {"employee": org["rep"].employee.pk, "platform": "x", "url": "https://x.com/e"},
                        format="json").status_code == 403
    admin = api(org["admin"])
    fixed = admin.patch(detail_url(tenant, profile.pk), {"url": "https://www.linkedin.com/in/eric-le-goff"}, format="json")
    assert fixed.status_code == 200 and fixed.json()["url"] == "https://www.linkedin.com/in/eric-le-goff"
    created = admin.post(list_url(tenant), {"employee": org["rep"].employee.pk, "platform": "x", "url": "https://x.com/eric"},
                         format="json")
    assert created.status_code == 201 and created.json()["employee"] == org["rep"].employee.pk


def test_admin_without_employee_must_say_whose_profile(tenant, org):
    response = api(org["admin"]).post(list_url(tenant), {"platform": "x", "url": "https://x.com/eric"}, format="json")
    assert response.status_code == 400 and "say whose profile" in response.json()["employee"][0]


def test_another_tenants_profile_and_employee_are_404_and_400(tenant, other_tenant, org):
    from bns.models import Role
    from networking.profiles import services
    from tests.factories import EmployeeFactory, MembershipFactory, UserFactory

    stranger = EmployeeFactory(tenant=other_tenant)
    their_admin = MembershipFactory(tenant=other_tenant, user=UserFactory(email="admin@other.example"), role=Role.ADMIN)
    theirs = services.social_profile_create(tenant=other_tenant, actor=their_admin.user, employee=stranger, platform="x",
                                            url="https://x.com/stranger")
    admin = api(org["admin"])
    assert admin.get(detail_url(tenant, theirs.pk)).status_code == 404
    assert admin.patch(detail_url(tenant, theirs.pk), {"positioning": "x"}, format="json").status_code == 404
    assert admin.delete(detail_url(tenant, theirs.pk)).status_code == 404
    response = admin.post(list_url(tenant), {"employee": stranger.pk, "platform": "x", "url": "https://x.com/e"}, format="json")
    assert response.status_code == 400 and "employee" in response.json()
    # and the other group's slug is not ours at all
    other_list = reverse("api-networking-social-profile-list", kwargs={"tenant_slug": other_tenant.slug})
    assert admin.get(other_list).status_code == 404
    theirs.refresh_from_db()
    assert theirs.positioning == ""


def test_checklist_definitions(tenant, org):
    response = api(org["rep"]).get(reverse("api-networking-social-profile-checklist-list", kwargs={"tenant_slug": tenant.slug}))
    assert response.status_code == 200
    data = {row["platform"]: row for row in response.json()}
    assert list(data) == ["linkedin", "facebook", "instagram", "x", "youtube", "tiktok"]
    assert [i["code"] for i in data["linkedin"]["items"]][:3] == ["photo", "banner", "headline"]
    assert data["linkedin"]["positioning"]["code"] == "positioning"
    assert data["x"]["url_shape"] == "https://x.com/your_handle"
