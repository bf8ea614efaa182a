"""The networking settings page and API: 5 respondents is the floor, each pillar's weights add up to 25."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from bns.models import AuditEvent
from networking.models import NetworkingSettings
from networking.score.forms import target_field_name, weight_field_name
from networking.score.formula import DEFAULT_WEIGHTS
from tests.networking.score.conftest import login, url


def _form_data(**overrides):
    data = {"pulse_min_respondents": 5, "licence_unused_days": 30}
    for key, value in DEFAULT_WEIGHTS.items():
        data[weight_field_name(key)] = value["weight"]
        if key != "brand.positioning":
            data[target_field_name(key)] = value["target"]
    data.update(overrides)
    return data


def test_admins_edit_the_settings(client, tenant, org):
    login(client, org["admin"])
    page = client.get(url(tenant, "networking_settings"))
    assert page.status_code == 200 and page.context["form"] is not None
    data = _form_data(pulse_min_respondents=8, **{
        weight_field_name("engage.activities"): 12, weight_field_name("engage.events"): 5,
        target_field_name("reach.strength"): "3.5",
    })
    response = client.post(url(tenant, "networking_settings"), data)
    assert response.status_code == 302
    row = NetworkingSettings.unscoped.get(tenant=tenant)
    assert row.pulse_min_respondents == 8
    assert row.score_weights["engage.activities"] == {"weight": 12, "target": 36}
    assert row.score_weights["reach.strength"] == {"weight": 5, "target": 3.5}
    assert AuditEvent.unscoped.filter(tenant=tenant, verb="networking.settings").count() == 1


def test_four_respondents_are_refused_by_the_form(client, tenant, org):
    response = login(client, org["admin"]).post(url(tenant, "networking_settings"), _form_data(pulse_min_respondents=4))
    assert response.status_code == 400
    assert "never shown over fewer than 5 respondents" in response.content.decode()
    assert not NetworkingSettings.unscoped.filter(tenant=tenant).exists()


def test_weights_that_do_not_add_up_are_refused_by_the_form(client, tenant, org):
    response = login(client, org["admin"]).post(url(tenant, "networking_settings"),
                                                _form_data(**{weight_field_name("relate.shared"): 9}))
    assert response.status_code == 400
    assert "add up to 27" in response.content.decode()
    assert not NetworkingSettings.unscoped.filter(tenant=tenant).exists()


def test_figure_readers_see_the_settings_read_only(client, tenant, org):
    login(client, org["executive"])
    page = client.get(url(tenant, "networking_settings"))
    assert page.status_code == 200 and page.context["form"] is None
    assert "Only administrators change these settings" in page.content.decode()
    assert client.post(url(tenant, "networking_settings"), _form_data()).status_code == 403


def test_employees_do_not_open_the_settings(client, tenant, org):
    assert login(client, org["rep"]).get(url(tenant, "networking_settings")).status_code == 403


@pytest.fixture
def api(org):
    def _client(who):
        c = APIClient()
        c.force_authenticate(org[who].user)
        return c
    return _client


def test_api_reads_and_patches_the_settings(tenant, org, api):
    path = url(tenant, "api-networking-settings")
    got = api("executive").get(path)
    assert got.status_code == 200
    assert got.json()["pulse_min_respondents"] == 5 and got.json()["score_weights"]["reach.relationships"] == {"weight": 10, "target": 150}
    assert api("rep").get(path).status_code == 403
    assert api("executive").patch(path, {"licence_unused_days": 60}, format="json").status_code == 403
    patched = api("admin").patch(path, {"licence_unused_days": 60, "score_weights": {"reach.relationships": {"target": 120}}},
                                 format="json")
    assert patched.status_code == 200, patched.json()
    assert patched.json()["licence_unused_days"] == 60
    assert patched.json()["score_weights"]["reach.relationships"] == {"weight": 10, "target": 120}


@pytest.mark.parametrize(("body", "field"), [
    ({"pulse_min_respondents": 4}, "pulse_min_respondents"),
    ({"score_weights": {"reach.relationships": {"weight": 11}}}, "score_weights"),
    ({"score_weights": ["not", "an", "object"]}, "score_weights"),
    ({"score_weights": {"made.up": {"weight": 1}}}, "score_weights"),
    ({"colour": "blue"}, "colour"),
])
def test_api_refuses_bad_settings_and_changes_nothing(tenant, org, api, body, field):
    response = api("admin").patch(url(tenant, "api-networking-settings"), {"licence_unused_days": 60, **body}, format="json")
    assert response.status_code == 400 and field in response.json()
    assert not NetworkingSettings.unscoped.filter(tenant=tenant, licence_unused_days=60).exists()


def test_api_says_why_4_respondents_are_refused(tenant, org, api):
    response = api("admin").patch(url(tenant, "api-networking-settings"), {"pulse_min_respondents": 4}, format="json")
    assert "never shown over fewer than 5" in response.json()["pulse_min_respondents"][0]
