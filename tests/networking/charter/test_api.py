"""The charter's API: versions, publish, current, acknowledgements (own or all), rates per dealership."""

from __future__ import annotations

import pytest

from networking.models import Charter
from tests.networking.charter.conftest import login, url

pytestmark = pytest.mark.django_db


def test_versions_and_current(client, tenant, org, publish):
    login(client, org["rep"])
    assert client.get(url(tenant, "api-networking-charter-current")).status_code == 404
    first = publish()
    second = publish(title="v2", dos="A\nB")
    listed = client.get(url(tenant, "api-networking-charter-list")).json()["results"]
    assert [c["version"] for c in listed] == [2, 1]
    current = client.get(url(tenant, "api-networking-charter-current")).json()
    assert current["id"] == second.pk and current["dos_items"] == ["A", "B"]
    assert client.get(url(tenant, "api-networking-charter-detail", pk=first.pk)).json()["version"] == 1
    assert client.get(url(tenant, "api-networking-charter-detail", pk=999999)).status_code == 404


def test_publish_needs_manage_charter(client, tenant, org):
    login(client, org["manager"])
    payload = {"title": "Charter", "dos": "Say who you are", "donts": "No mass messaging"}
    assert client.post(url(tenant, "api-networking-charter-list"), payload, content_type="application/json").status_code == 403
    login(client, org["executive"])
    response = client.post(url(tenant, "api-networking-charter-list"), payload, content_type="application/json")
    assert response.status_code == 201 and response.json()["version"] == 1
    response = client.post(url(tenant, "api-networking-charter-list"), {"title": ""}, content_type="application/json")
    assert response.status_code == 400
    assert Charter.unscoped.count() == 1


def test_acknowledgements_own_or_all(client, tenant, org, publish, acknowledge):
    old = publish()
    acknowledge("manager")
    current = publish(title="v2")
    acknowledge("manager")
    login(client, org["rep"])
    response = client.post(url(tenant, "api-networking-charter-acknowledgement-list"), {}, content_type="application/json")
    assert response.status_code == 201 and response.json()["version"] == 2
    stale = client.post(url(tenant, "api-networking-charter-acknowledgement-list"), {"charter": old.pk},
                        content_type="application/json")
    assert stale.status_code == 400 and "charter" in stale.json()
    mine = client.get(url(tenant, "api-networking-charter-acknowledgement-list")).json()["results"]
    assert [(a["employee"], a["version"]) for a in mine] == [(org["rep"].employee.pk, 2)]
    login(client, org["executive"])
    everyone = client.get(url(tenant, "api-networking-charter-acknowledgement-list"), {"charter": current.pk}).json()["results"]
    assert sorted(a["employee"] for a in everyone) == sorted([org["rep"].employee.pk, org["manager"].employee.pk])
    login(client, org["admin_noemp"])
    response = client.post(url(tenant, "api-networking-charter-acknowledgement-list"), {}, content_type="application/json")
    assert response.status_code == 400


def test_rates(client, tenant, org, publish, acknowledge):
    login(client, org["director"])
    empty = client.get(url(tenant, "api-networking-charter-acknowledgement-rates")).json()
    assert empty == {"charter": None, "version": None, "sites": [],
                     "total": {"site_id": None, "site_name": "Whole group", "active_employees": 0, "acknowledged": 0,
                               "percent": None}}
    charter = publish()
    acknowledge("rep_quimper")
    body = client.get(url(tenant, "api-networking-charter-acknowledgement-rates")).json()
    assert body["charter"] == charter.pk and body["version"] == 1
    assert [(r["site_name"], r["active_employees"], r["acknowledged"], r["percent"]) for r in body["sites"]] == [
        ("Brest", 3, 0, 0), ("Quimper", 2, 1, 50)]
    assert body["total"]["percent"] == 20
    login(client, org["rep"])
    assert client.get(url(tenant, "api-networking-charter-acknowledgement-rates")).status_code == 403
