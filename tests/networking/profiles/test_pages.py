"""The social profile pages: mine (with the plain and the HTMX checklist), a colleague's (read only, 404 outside the
manager line), the forms, and the group's table with its filters and CSV export."""

from __future__ import annotations

import pytest

from networking.models import SocialProfile
from tests.networking.profiles.conftest import login, url

pytestmark = pytest.mark.django_db


def test_mine_without_profiles_offers_the_six_platforms_and_says_what_is_measured(client, tenant, org):
    body = login(client, org["rep"]).get(url(tenant, "networking_profiles_mine")).content.decode()
    for platform in ("LinkedIn", "Facebook", "Instagram", "X", "YouTube", "TikTok"):
        assert f"Add my {platform} profile" in body
    assert "Create your LinkedIn profile" in body
    assert "What we measure, why, and who sees it" in body
    assert "the content of your posts and your private messages" in body
    assert "0 %" in body


def test_admin_without_employee_record_gets_a_kind_page(client, tenant, org):
    response = login(client, org["admin"]).get(url(tenant, "networking_profiles_mine"))
    assert response.status_code == 200
    assert "not linked to an employee record" in response.content.decode()


def test_add_a_profile_from_the_page(client, tenant, org):
    login(client, org["rep"])
    create = url(tenant, "networking_profiles_create")
    assert "Expected: https://www.linkedin.com/in/your-name" in client.get(create + "?platform=linkedin").content.decode()
    bad = client.post(create, {"platform": "linkedin", "url": "https://www.linkedin.com/company/armor"})
    assert bad.status_code == 400 and "company page" in bad.content.decode()
    good = client.post(create, {"platform": "linkedin", "url": "linkedin.com/in/Eric-Le-Goff/", "audience_size": "300",
                                "positioning": "Le spécialiste du VU pour artisans"})
    assert good.status_code == 302 and good["Location"] == url(tenant, "networking_profiles_mine")
    profile = SocialProfile.unscoped.get(tenant=tenant, employee=org["rep"].employee)
    assert profile.url == "https://www.linkedin.com/in/eric-le-goff" and profile.completeness == 10
    again = client.post(create, {"platform": "linkedin", "url": "https://www.linkedin.com/in/eric2"})
    assert again.status_code == 400 and "already has a profile on LinkedIn" in again.content.decode()


def test_future_date_and_negative_audience_are_refused(client, tenant, org):
    login(client, org["rep"])
    response = client.post(url(tenant, "networking_profiles_create"), {
        "platform": "x", "url": "https://x.com/eric", "audience_size": "-3", "checked_on": "2999-01-01"})
    assert response.status_code == 400
    assert not SocialProfile.unscoped.filter(tenant=tenant).exists()


def test_plain_checklist_form_ticks_and_redirects(client, tenant, org, make_profile):
    profile = make_profile(org["rep"], "tiktok")
    login(client, org["rep"])
    prefix = f"p{profile.pk}"
    response = client.post(url(tenant, "networking_profiles_checklist", pk=profile.pk), {
        f"{prefix}-item_photo": "on", f"{prefix}-item_bio": "on", f"{prefix}-positioning": "Les essais VO en vidéo"})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.completeness == 60 and profile.checklist["bio"] is True and profile.checked_on is not None
    page = client.get(url(tenant, "networking_profiles_mine")).content.decode()
    assert "60 %" in page and "Pin up to three videos" in page


def test_htmx_checklist_returns_the_card_and_the_summary_out_of_band(client, tenant, org, make_profile):
    profile = make_profile(org["rep"], "linkedin")
    login(client, org["rep"])
    response = client.post(url(tenant, "networking_profiles_checklist", pk=profile.pk),
                           {f"p{profile.pk}-item_photo": "on"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="slot-linkedin"' in body and 'id="profiles-summary" hx-swap-oob="true"' in body
    assert "<html" not in body
    profile.refresh_from_db()
    assert profile.completeness == 10


def test_manager_reads_a_reps_profiles_but_cannot_change_them(client, tenant, org, make_profile):
    profile = make_profile(org["rep"], "linkedin", positioning="VU artisans Vannes")
    login(client, org["manager"])
    page = client.get(url(tenant, "networking_profiles_employee", pk=org["rep"].employee.pk))
    body = page.content.decode()
    assert page.status_code == 200 and "VU artisans Vannes" in body and "Read only" in body
    assert "Save the checklist" not in body
    assert client.get(url(tenant, "networking_profiles_edit", pk=profile.pk)).status_code == 403
    assert client.post(url(tenant, "networking_profiles_checklist", pk=profile.pk), {}).status_code == 403
    assert client.post(url(tenant, "networking_profiles_delete", pk=profile.pk)).status_code == 403
    assert SocialProfile.unscoped.filter(pk=profile.pk).exists()


def test_colleague_outside_the_line_gets_404(client, tenant, org, make_profile):
    profile = make_profile(org["rep"])
    login(client, org["colleague"])
    assert client.get(url(tenant, "networking_profiles_employee", pk=org["rep"].employee.pk)).status_code == 404
    assert client.get(url(tenant, "networking_profiles_edit", pk=profile.pk)).status_code == 404
    assert client.post(url(tenant, "networking_profiles_delete", pk=profile.pk)).status_code == 404
    # and a rep does not see their manager's profiles either
    login(client, org["rep"])
    assert client.get(url(tenant, "networking_profiles_employee", pk=org["manager"].employee.pk)).status_code == 404


def test_executive_reads_and_admin_corrects(client, tenant, org, make_profile):
    profile = make_profile(org["rep"], "facebook")
    login(client, org["executive"])
    assert client.get(url(tenant, "networking_profiles_employee", pk=org["rep"].employee.pk)).status_code == 200
    assert client.get(url(tenant, "networking_profiles_edit", pk=profile.pk)).status_code == 403
    login(client, org["admin"])
    body = client.get(url(tenant, "networking_profiles_employee", pk=org["rep"].employee.pk)).content.decode()
    assert "As an administrator you may correct these profiles" in body
    response = client.post(url(tenant, "networking_profiles_edit", pk=profile.pk), {"url": "fb.com/eric.legoff"})
    assert response.status_code == 302
    assert response["Location"] == url(tenant, "networking_profiles_employee", pk=org["rep"].employee.pk)
    profile.refresh_from_db()
    assert profile.url == "https://www.facebook.com/eric.legoff"


def test_other_tenants_employee_is_404(client, tenant, other_tenant, org):
    from tests.factories import EmployeeFactory

    stranger = EmployeeFactory(tenant=other_tenant)
    login(client, org["executive"])
    assert client.get(url(tenant, "networking_profiles_employee", pk=stranger.pk)).status_code == 404


def test_delete_from_the_page(client, tenant, org, make_profile):
    profile = make_profile(org["rep"], "youtube")
    login(client, org["rep"])
    assert "Remove the profile" in client.get(url(tenant, "networking_profiles_delete", pk=profile.pk)).content.decode()
    assert client.post(url(tenant, "networking_profiles_delete", pk=profile.pk)).status_code == 302
    assert not SocialProfile.unscoped.filter(pk=profile.pk).exists()


# --- The group's table ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), [("rep", 403), ("manager", 403), ("colleague", 403), ("executive", 200),
                                             ("director", 200), ("admin", 200)])
def test_group_page_needs_the_networking_view_permission(client, tenant, org, who, status):
    login(client, org[who])
    assert client.get(url(tenant, "networking_profiles_group")).status_code == status
    assert client.get(url(tenant, "networking_profiles_group_export")).status_code == status


def test_group_page_filters_and_averages(client, tenant, org, make_profile):
    make_profile(org["rep"], "linkedin", checklist={"photo": True, "banner": True, "headline": True, "about": True,
                                                     "skills": True}, positioning="VU")  # 60
    make_profile(org["colleague"], "linkedin", checklist={"photo": True})  # 10
    login(client, org["executive"])
    group = url(tenant, "networking_profiles_group")
    body = client.get(group).content.decode()
    assert "Eric" in body and "Zoé" in body and "Average per dealership" in body
    below = client.get(group + "?below=50").content.decode()
    assert "Zoé" in below and "Le Goff" not in below
    brest = client.get(group + f"?site={org['brest'].pk}").content.decode()
    assert "Zoé" in brest and "Le Goff" not in brest
    search = client.get(group + "?q=goff").content.decode()
    assert "Le Goff" in search and "Autre" not in search
    garbage = client.get(group + "?site=abc&below=500&department=999999")
    assert garbage.status_code == 200 and "not understood" in garbage.content.decode()


def test_group_csv_export(client, tenant, org, make_profile):
    make_profile(org["rep"], "linkedin", checklist={"photo": True}, positioning="VU")  # 20
    make_profile(org["rep"], "x")  # 0
    login(client, org["executive"])
    response = client.get(url(tenant, "networking_profiles_group_export") + "?q=goff")
    assert response["Content-Type"].startswith("text/csv") and response["Content-Disposition"].startswith("attachment")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0].split(";")[:6] == ["Last name", "First name", "Dealership", "Department", "Job title", "Completeness (%)"]
    assert lines[1].split(";") == ["Le Goff", "Eric", "Peugeot Vannes", "Véhicules neufs", "Vendeur VN", "10", "20", "", "", "0",
                                   "", ""]
    assert len(lines) == 2


# --- Query counts -------------------------------------------------------------------------------------------------


def _populate(tenant, org, n: int):
    from tests.factories import EmployeeFactory

    for i in range(n):
        emp = EmployeeFactory(tenant=tenant, site=org["vannes"] if i % 2 else org["brest"], department=org["vn"],
                              manager=org["manager"].employee)
        for platform, url_ in (("linkedin", f"https://www.linkedin.com/in/e{i}"), ("instagram", f"https://www.instagram.com/e{i}")):
            SocialProfile.unscoped.create(tenant=tenant, employee=emp, platform=platform, url=url_, checklist={"photo": True},
                                          completeness=20)


@pytest.mark.parametrize("n", [3, 40])
def test_group_page_and_export_queries_do_not_grow(client, tenant, org, n, django_assert_max_num_queries):
    _populate(tenant, org, n)
    login(client, org["executive"])
    with django_assert_max_num_queries(13):  # 12 measured at 3 and at 40 employees
        assert client.get(url(tenant, "networking_profiles_group")).status_code == 200
    with django_assert_max_num_queries(7):  # 6 measured
        assert client.get(url(tenant, "networking_profiles_group_export")).status_code == 200


@pytest.mark.parametrize("n_platforms", [1, 6])
def test_mine_and_employee_pages_queries_do_not_grow(client, tenant, org, make_profile, n_platforms,
                                                    django_assert_max_num_queries):
    for platform in ["linkedin", "facebook", "instagram", "x", "youtube", "tiktok"][:n_platforms]:
        make_profile(org["rep"], platform)
    _populate(tenant, org, 5)  # the manager's team grows too
    login(client, org["rep"])
    with django_assert_max_num_queries(8):  # 7 measured
        assert client.get(url(tenant, "networking_profiles_mine")).status_code == 200
    login(client, org["manager"])
    with django_assert_max_num_queries(11):  # 10 measured (the manager line walked one level per query)
        assert client.get(url(tenant, "networking_profiles_employee", pk=org["rep"].employee.pk)).status_code == 200


def test_htmx_checklist_error_comes_back_in_the_card(client, tenant, org, make_profile):
    profile = make_profile(org["rep"], "x")
    login(client, org["rep"])
    response = client.post(url(tenant, "networking_profiles_checklist", pk=profile.pk),
                           {f"p{profile.pk}-positioning": "x" * 600}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "at most 500 characters" in response.content.decode()
    plain = client.post(url(tenant, "networking_profiles_checklist", pk=profile.pk), {f"p{profile.pk}-positioning": "x" * 600})
    assert plain.status_code == 400
    profile.refresh_from_db()
    assert profile.positioning == ""
