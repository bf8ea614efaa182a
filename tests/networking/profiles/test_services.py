"""Writes of social profiles: the employee records their own, the manager line may not change them, an
administrator may correct them; one profile per employee and platform; completeness stored; audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from bns.models import AuditEvent
from networking.models import SocialProfile
from networking.profiles import services

pytestmark = pytest.mark.django_db


def test_employee_records_their_own_profile_normalised_with_completeness(tenant, org):
    rep = org["rep"]
    profile = services.social_profile_create(
        tenant=tenant, actor=rep.user, employee=rep.employee, platform="linkedin",
        url="fr.linkedin.com/in/Eric-Le-Goff/?trk=x", audience_size=512, checked_on=timezone.localdate(),
        checklist={"photo": True, "headline": True}, positioning="  L'utilitaire pour les artisans du Morbihan  ")
    profile.refresh_from_db()
    assert profile.url == "https://www.linkedin.com/in/eric-le-goff"
    assert profile.positioning == "L'utilitaire pour les artisans du Morbihan"
    assert profile.checklist["photo"] is True and profile.checklist["banner"] is False and len(profile.checklist) == 9
    assert profile.completeness == 30  # 2 ticks + positioning = 3 / 10
    event = AuditEvent.unscoped.get(tenant=tenant, verb="social_profile.create")
    assert event.actor == rep.user and event.data["platform"] == "linkedin" and event.data["completeness"] == 30


def test_manager_line_cannot_create_edit_or_delete_a_reps_profile(tenant, org, make_profile):
    rep, manager, director = org["rep"], org["manager"], org["director"]
    profile = make_profile(rep)
    for boss in (manager, director):
        with pytest.raises(PermissionDenied):
            services.social_profile_update(tenant=tenant, actor=boss.user, profile=profile, checklist={"photo": True})
        with pytest.raises(PermissionDenied):
            services.social_profile_delete(tenant=tenant, actor=boss.user, profile=profile)
        with pytest.raises(PermissionDenied):
            services.social_profile_create(tenant=tenant, actor=boss.user, employee=rep.employee, platform="x",
                                           url="https://x.com/eric")
    profile.refresh_from_db()
    assert profile.checklist.get("photo") is False
    assert SocialProfile.unscoped.filter(tenant=tenant, employee=rep.employee).count() == 1


def test_a_colleague_cannot_touch_it_either(tenant, org, make_profile):
    profile = make_profile(org["rep"])
    with pytest.raises(PermissionDenied):
        services.social_profile_update(tenant=tenant, actor=org["colleague"].user, profile=profile, positioning="hack")


def test_admin_may_correct_create_and_delete(tenant, org, make_profile):
    rep, admin = org["rep"], org["admin"]
    profile = make_profile(rep)
    services.social_profile_update(tenant=tenant, actor=admin.user, profile=profile, url="https://www.linkedin.com/in/eric-le-goff-56")
    profile.refresh_from_db()
    assert profile.url == "https://www.linkedin.com/in/eric-le-goff-56"
    other = services.social_profile_create(tenant=tenant, actor=admin.user, employee=rep.employee, platform="tiktok",
                                           url="https://www.tiktok.com/@ericvn")
    services.social_profile_delete(tenant=tenant, actor=admin.user, profile=other)
    assert not SocialProfile.unscoped.filter(pk=other.pk).exists()
    verbs = list(AuditEvent.unscoped.filter(tenant=tenant, actor=admin.user).values_list("verb", flat=True).order_by("pk"))
    assert verbs == ["social_profile.update", "social_profile.create", "social_profile.delete"]


def test_one_profile_per_employee_and_platform(tenant, org, make_profile):
    rep = org["rep"]
    make_profile(rep, "instagram")
    with pytest.raises(ValidationError) as exc:
        make_profile(rep, "instagram", url="https://www.instagram.com/another")
    assert exc.value.message_dict["platform"] == ["Eric Le Goff already has a profile on Instagram: edit that one instead."]
    assert SocialProfile.unscoped.filter(tenant=tenant, employee=rep.employee, platform="instagram").count() == 1


@pytest.mark.parametrize(("field", "value", "message"), [
    ("audience_size", -1, "0 or more"),
    ("checked_on", "tomorrow", "cannot be in the future"),
    ("positioning", "x" * 501, "At most 500 characters"),
    ("checklist", {"banner": True, "nonsense": True}, "Unknown items for LinkedIn: nonsense"),
    ("checklist", {"banner": "yes"}, "true or false"),
    ("checklist", ["photo"], "true or false"),
])
def test_bad_values_are_refused_by_field(tenant, org, field, value, message):
    rep = org["rep"]
    if value == "tomorrow":
        value = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.social_profile_create(tenant=tenant, actor=rep.user, employee=rep.employee, platform="linkedin",
                                       url="https://www.linkedin.com/in/eric", **{field: value})
    assert message in " ".join(exc.value.message_dict[field])
    assert not SocialProfile.unscoped.filter(tenant=tenant).exists()


def test_bad_url_is_refused_on_the_url_field(tenant, org):
    rep = org["rep"]
    with pytest.raises(ValidationError) as exc:
        services.social_profile_create(tenant=tenant, actor=rep.user, employee=rep.employee, platform="linkedin",
                                       url="https://www.linkedin.com/company/groupe-armor")
    assert "company page" in exc.value.message_dict["url"][0]


def test_update_merges_checklist_items_and_recomputes_completeness(tenant, org, make_profile):
    rep = org["rep"]
    profile = make_profile(rep, "x", checklist={"photo": True})  # 1/6 -> 17
    assert profile.completeness == 17
    services.social_profile_update(tenant=tenant, actor=rep.user, profile=profile, checklist={"bio": True})
    profile.refresh_from_db()
    assert profile.checklist == {"photo": True, "header": False, "bio": True, "link": False, "pinned": False}
    assert profile.completeness == 33  # 2/6
    services.social_profile_update(tenant=tenant, actor=rep.user, profile=profile, checklist={"photo": False},
                                   positioning="Le VO sans surprise à Lorient")
    profile.refresh_from_db()
    assert profile.completeness == 33  # 1 tick + positioning
    event = AuditEvent.unscoped.filter(tenant=tenant, verb="social_profile.update").latest("pk")
    assert event.data["unticked"] == ["photo"] and event.data["positioning"] == "changed"


def test_unchangeable_fields_are_refused(tenant, org, make_profile):
    profile = make_profile(org["rep"])
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.social_profile_update(tenant=tenant, actor=org["rep"].user, profile=profile, platform="x")


def test_another_tenants_employee_or_profile_is_refused(tenant, other_tenant, org, make_profile):
    from tests.factories import EmployeeFactory

    stranger = EmployeeFactory(tenant=other_tenant)
    with pytest.raises(ValidationError):
        services.social_profile_create(tenant=tenant, actor=org["admin"].user, employee=stranger, platform="x",
                                       url="https://x.com/stranger")
    profile = make_profile(org["rep"])
    with pytest.raises(PermissionDenied):
        services.social_profile_update(tenant=other_tenant, actor=org["admin"].user, profile=profile, positioning="x")
