"""The charter pages: the current version as two lists, the acknowledgement, previous versions, publishing, the
default first version and the rate per dealership."""

from __future__ import annotations

import pytest

from networking.models import Charter, CharterAcknowledgement
from tests.networking.charter.conftest import login, url

pytestmark = pytest.mark.django_db


def test_the_current_version_and_the_acknowledgement(client, tenant, org, publish):
    charter = publish(dos="Say who you are\n- Share through the app", donts="No mass messaging\nNo personal profile for work")
    login(client, org["rep"])
    text = client.get(url(tenant, "networking_charter")).content.decode()
    assert "<li>Say who you are</li>" in text and "<li>Share through the app</li>" in text
    assert "<li>No mass messaging</li>" in text and "<li>No personal profile for work</li>" in text
    assert "I have read and accept" in text
    assert "Acknowledgement rate per dealership" not in text and "Publish a new version" not in text
    response = client.post(url(tenant, "networking_charter_acknowledge"), {"charter": charter.pk})
    assert response.status_code == 302
    assert CharterAcknowledgement.unscoped.filter(charter=charter, employee=org["rep"].employee).exists()
    text = client.get(url(tenant, "networking_charter")).content.decode()
    assert "Acknowledged on" in text and "I have read and accept" not in text


def test_an_old_version_cannot_be_acknowledged_from_a_stale_page(client, tenant, org, publish):
    old = publish()
    publish(title="v2")
    login(client, org["rep"])
    response = client.post(url(tenant, "networking_charter_acknowledge"), {"charter": old.pk})
    assert response.status_code == 400 and "no longer the current one" in response.content.decode()
    assert not CharterAcknowledgement.unscoped.exists()
    for garbage in ({"charter": "x"}, {}, {"charter": 999999}):
        assert client.post(url(tenant, "networking_charter_acknowledge"), garbage).status_code == 400
    assert not CharterAcknowledgement.unscoped.exists()


def test_previous_versions_are_read_only_pages(client, tenant, org, publish):
    publish(title="First charter")
    publish(title="Second charter")
    login(client, org["rep"])
    text = client.get(url(tenant, "networking_charter")).content.decode()
    assert url(tenant, "networking_charter_version", version=1) in text
    old = client.get(url(tenant, "networking_charter_version", version=1)).content.decode()
    assert "First charter" in old and "This version was replaced" in old and "I have read and accept" not in old
    assert client.get(url(tenant, "networking_charter_version", version=3)).status_code == 404


def test_the_empty_state_offers_a_first_version_to_publishers(client, tenant, org):
    login(client, org["executive"])
    text = client.get(url(tenant, "networking_charter")).content.decode()
    assert "has not published its networking charter yet" in text and "Publish the first version" in text
    assert "No mass messaging of prospects" in text and "Your personal profile stays personal" in text
    assert "Respect a contact&#x27;s objection" in text and "Say who you are" in text
    login(client, org["rep"])
    text = client.get(url(tenant, "networking_charter")).content.decode()
    assert "has not published its networking charter yet" in text and "Publish" not in text


def test_the_default_text_goes_through_gettext(monkeypatch):
    """Every line of the default first version is translated in the member's language (the catalogue may lag)."""
    from django.utils import translation

    from networking.charter import defaults

    monkeypatch.setattr(defaults, "_", lambda message: f"[{translation.get_language()}] {message}")
    with translation.override("fr"):
        default = defaults.charter_default()
    lines = [line for key in ("dos", "donts") for line in default[key].splitlines()]
    assert len(lines) >= 10 and all(line.startswith("[fr] ") for line in lines)
    assert default["title"].startswith("[fr] ") and default["body"].startswith("[fr] ")


def test_publishing_from_the_page(client, tenant, org, publish):
    publish()
    login(client, org["executive"])
    text = client.get(url(tenant, "networking_charter")).content.decode()
    assert "Publish a new version" in text and "Pre-filled with the current version" in text
    response = client.post(url(tenant, "networking_charter_publish"), {"title": "Charter v2", "dos": "One\nTwo", "donts": "",
                                                                       "body": ""})
    assert response.status_code == 302
    assert Charter.unscoped.get(version=2).title == "Charter v2"
    bad = client.post(url(tenant, "networking_charter_publish"), {"title": "", "dos": ""})
    assert bad.status_code == 400
    login(client, org["manager"])
    assert client.post(url(tenant, "networking_charter_publish"), {"title": "Mine", "dos": "x"}).status_code == 403
    assert Charter.unscoped.count() == 2


def test_rates_for_view_networking_and_manage_charter(client, tenant, org, publish, acknowledge):
    publish()
    acknowledge("rep")
    login(client, org["director"])  # VIEW_NETWORKING
    text = client.get(url(tenant, "networking_charter")).content.decode()
    assert "Acknowledgement rate per dealership" in text
    assert "<td>Brest</td><td>3</td><td>1</td><td>33 %</td>" in text
    csv = client.get(url(tenant, "networking_charter_rates_export"))
    assert csv.status_code == 200 and csv.content.decode("utf-8").startswith("\ufeffDealership;Charter version")
    assert "Brest;1;3;1;33" in csv.content.decode("utf-8")
    login(client, org["rep"])
    assert client.get(url(tenant, "networking_charter_rates_export")).status_code == 403


def test_a_member_without_employee_record_reads_it_kindly(client, tenant, org, publish):
    publish()
    login(client, org["admin_noemp"])
    response = client.get(url(tenant, "networking_charter"))
    assert response.status_code == 200 and "not linked to an employee record" in response.content.decode()
