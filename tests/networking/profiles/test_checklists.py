"""Completeness by hand: (ticked items + 1 if a positioning statement is written) / (items + 1), rounded half up;
per employee, the mean of the profiles with a missing LinkedIn profile counting as one at 0 %."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from networking.profiles import checklists
from networking.profiles.checklists import (
    checklist_codes,
    completeness_compute,
    employee_completeness,
    employee_next_steps,
    profile_next_steps,
)
from networking.selectors import profile_completeness_by_employee

LINKEDIN_CODES = ["photo", "banner", "headline", "about", "current_position", "contact_details", "featured",
                  "recommendations", "skills"]


def test_linkedin_checklist_has_the_nine_items_of_the_brief():
    assert checklist_codes("linkedin") == LINKEDIN_CODES


@pytest.mark.parametrize("platform", ["facebook", "instagram", "x", "youtube", "tiktok"])
def test_other_platforms_have_shorter_lists_with_labels_and_next_steps(platform):
    items = checklists.checklist_items(platform)
    assert 3 <= len(items) < len(LINKEDIN_CODES)
    assert len({i.code for i in items}) == len(items)
    assert all(str(i.label) and len(str(i.next_step)) > 20 for i in items)


def test_linkedin_by_hand():
    # 9 items + positioning = 10 parts. 4 ticked, no positioning: 4/10 = 40 %.
    ticks = dict.fromkeys(["photo", "banner", "headline", "about"], True)
    assert completeness_compute(platform="linkedin", checklist=ticks, positioning="") == 40
    # ... plus a positioning statement: 5/10 = 50 %. Blank text does not count.
    assert completeness_compute(platform="linkedin", checklist=ticks, positioning="Le spécialiste VU à Vannes") == 50
    assert completeness_compute(platform="linkedin", checklist=ticks, positioning="   ") == 40
    # Everything: 100 %. Nothing: 0 %. False and unknown codes do not count.
    assert completeness_compute(platform="linkedin", checklist=dict.fromkeys(LINKEDIN_CODES, True), positioning="x") == 100
    assert completeness_compute(platform="linkedin", checklist={"photo": False, "nope": True, "banner": "yes"}) == 0


def test_rounding_is_half_up_on_six_parts():
    # Facebook: 5 items + positioning = 6 parts. 1/6 = 16.67 -> 17; 3/6 = 50; 5/6 = 83.33 -> 83.
    assert completeness_compute(platform="facebook", checklist={"photo": True}) == 17
    assert completeness_compute(platform="facebook", checklist={"photo": True, "cover": True}, positioning="p") == 50
    assert completeness_compute(platform="facebook", checklist=dict.fromkeys(checklist_codes("facebook"), True)) == 83


def test_tiktok_by_hand():
    # 4 items + positioning = 5 parts: 2 ticked + positioning = 3/5 = 60 %.
    assert completeness_compute(platform="tiktok", checklist={"photo": True, "bio": True}, positioning="p") == 60


def _p(platform, completeness, checklist=None, positioning=""):
    return SimpleNamespace(platform=platform, completeness=completeness, checklist=checklist or {}, positioning=positioning)


def test_employee_completeness_counts_a_missing_linkedin_as_zero():
    assert employee_completeness([]) == 0
    assert employee_completeness([_p("instagram", 80)]) == 40  # (80 + 0) / 2
    assert employee_completeness([_p("linkedin", 50), _p("x", 75)]) == 63  # 62.5 rounded half up
    assert employee_completeness([_p("linkedin", 100)]) == 100


def test_next_steps_name_missing_items_and_the_missing_linkedin():
    steps = employee_next_steps([_p("instagram", 0, {"photo": True, "bio": True, "link": True, "highlights": True})])
    assert [(s.platform, s.code) for s in steps] == [("linkedin", "create"), ("instagram", "pinned"), ("instagram", "positioning")]
    assert "LinkedIn" in str(steps[0].text)
    full = _p("linkedin", 100, dict.fromkeys(LINKEDIN_CODES, True), "VU pour artisans")
    assert profile_next_steps(full) == []
    banner = next(s for s in profile_next_steps(_p("linkedin", 0)) if s.code == "banner")
    assert "banner" in str(banner.text)


@pytest.mark.django_db
def test_shared_selector_agrees_with_the_rule(tenant, org, make_profile):
    rep, colleague, manager = org["rep"], org["colleague"], org["manager"]
    make_profile(rep, "linkedin", checklist={"photo": True, "banner": True, "headline": True, "about": True})  # 40
    make_profile(rep, "x", checklist={"photo": True}, positioning="VU")  # 2/6 = 33
    make_profile(colleague, "instagram", checklist={"photo": True, "bio": True, "link": True})  # 3/6 = 50
    result = profile_completeness_by_employee(tenant=tenant, employee_ids=[rep.employee.pk, colleague.employee.pk,
                                                                           manager.employee.pk])
    assert result == {rep.employee.pk: 37, colleague.employee.pk: 25, manager.employee.pk: 0}  # (40+33)/2 = 36.5 -> 37
