"""The programme home's API: iterations (start, change, close, next iteration, overview), steps, visions, workshops.
Every member reads; writes 403 for those who may not; another group's ids 404."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from bns.programme.home import services
from bns.programme.home.selectors import add_months
from bns.programme.models import Programme, ProgrammeStep, VisionVersion, Workshop, WorkshopParticipant
from tests.bns.programme.home.conftest import make_group, start
from tests.bns.programme.objectives.conftest import api, url
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def test_start_through_the_api(group):
    data = {"title": "Programme BNS", "process_owner": group.e("owner").pk, "starts_on": "2026-01-05",
            "target_end_on": "2026-05-05"}
    assert api(group.m("rep")).post(url(group.tenant, "api-programme-list"), data, format="json").status_code == 403
    assert api(group.m("owner")).post(url(group.tenant, "api-programme-list"), data, format="json").status_code == 403
    response = api(group.m("exec")).post(url(group.tenant, "api-programme-list"), {**data, "target_end_on": "2026-03-05"}, format="json")
    assert response.status_code == 400 and "3 to 6 months" in response.json()["target_end_on"][0]
    response = api(group.m("exec")).post(url(group.tenant, "api-programme-list"), data, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["iteration"], body["status"], body["process_owner_name"], body["review_cadence_days"]) == (1, "active", "Paul Pilote", 30)
    response = api(group.m("exec")).post(url(group.tenant, "api-programme-list"), data, format="json")
    assert response.status_code == 400 and "still in progress" in response.json()["non_field_errors"][0]


def test_read_change_close_and_next_iteration(started):
    t, p = started.tenant, started.programme
    rep, owner = api(started.m("rep")), api(started.m("owner"))
    listing = rep.get(url(t, "api-programme-list")).json()
    assert [row["id"] for row in listing["results"]] == [p.pk]
    assert rep.get(url(t, "api-programme-detail", pk=p.pk)).json()["title"] == "Programme BNS"
    assert rep.patch(url(t, "api-programme-detail", pk=p.pk), {"title": "Non"}, format="json").status_code == 403
    response = owner.patch(url(t, "api-programme-detail", pk=p.pk), {"title": "Programme 2026", "current_step": 2}, format="json")
    assert response.status_code == 200 and response.json()["current_step"] == 2
    response = owner.patch(url(t, "api-programme-detail", pk=p.pk), {"current_step": 9}, format="json")
    assert response.status_code == 400
    assert rep.post(url(t, "api-programme-close", pk=p.pk)).status_code == 403
    starts_on = p.target_end_on + timedelta(days=1)
    data = {"title": "Itération 2", "starts_on": f"{starts_on}", "target_end_on": f"{add_months(starts_on, 4)}"}
    assert rep.post(url(t, "api-programme-next-iteration", pk=p.pk), data, format="json").status_code == 403
    response = owner.post(url(t, "api-programme-next-iteration", pk=p.pk), data, format="json")
    assert response.status_code == 201
    new = response.json()
    assert (new["iteration"], new["previous"], new["status"]) == (2, p.pk, "active")
    assert rep.get(url(t, "api-programme-detail", pk=p.pk)).json()["status"] == "closed"
    response = api(started.m("exec")).post(url(t, "api-programme-close", pk=new["id"]))
    assert response.status_code == 200 and response.json()["closed_at"]
    assert api(started.m("exec")).post(url(t, "api-programme-close", pk=new["id"])).status_code == 400


def test_the_overview(started):
    t, p = started.tenant, started.programme
    services.vision_publish(tenant=t, actor=started.u("exec"), text="Vision")
    services.workshop_create(tenant=t, actor=started.u("exec"), programme=p, title="Règles", step=1,
                             held_on=timezone.localdate() - timedelta(days=1))
    response = api(started.m("rep")).get(url(t, "api-programme-overview", pk=p.pk))
    assert response.status_code == 200
    body = response.json()
    assert [s["number"] for s in body["steps"]] == list(range(1, 9))
    first = body["steps"][0]
    assert first["status"] == "in_progress" and first["is_current"] and first["next_is_suggestion"]
    assert first["done"] == ["The group's vision is written (version 1).", "1 workshop held on the new rules."]
    assert body["facts"]["vision_version"] == 1 and body["facts"]["workshops_rules"] == 1 and body["facts"]["objectives"] == 0
    assert body["steps"][2]["missing"] == ["No SMART objective yet."]
    assert body["timeline"]["months"] == 5 and body["review_schedule"]["overdue"] is False
    assert body["programme"]["id"] == p.pk and body["workshops_count"] == 1


def test_steps(started):
    t, p = started.tenant, started.programme
    rows = api(started.m("rep")).get(url(t, "api-programme-step-list")).json()["results"]
    assert [r["number"] for r in rows] == list(range(1, 9)) and rows[0]["label"] == "Understand the new rules"
    step = ProgrammeStep.unscoped.get(tenant=t, programme=p, number=4)
    assert api(started.m("rep")).patch(url(t, "api-programme-step-detail", pk=step.pk), {"status": "done"},
                                       format="json").status_code == 403
    response = api(started.m("owner")).patch(url(t, "api-programme-step-detail", pk=step.pk),
                                              {"status": "done", "owner": started.e("rep").pk, "next_action": "Rien"}, format="json")
    assert response.status_code == 200 and (response.json()["status"], response.json()["owner_name"]) == ("done", "Ronan Vendeur")
    response = api(started.m("owner")).patch(url(t, "api-programme-step-detail", pk=step.pk), {"status": "bogus"}, format="json")
    assert response.status_code == 400


def test_visions(started):
    t = started.tenant
    assert api(started.m("rep")).post(url(t, "api-programme-vision-list"), {"text": "X"}, format="json").status_code == 403
    response = api(started.m("owner")).post(url(t, "api-programme-vision-list"), {"text": "Nos clients"}, format="json")
    assert response.status_code == 201 and response.json()["version"] == 1
    response = api(started.m("exec")).post(url(t, "api-programme-vision-list"), {"text": "Nos clients"}, format="json")
    assert response.status_code == 400 and "identical" in response.json()["text"][0]
    api(started.m("exec")).post(url(t, "api-programme-vision-list"), {"text": "Nos clients, nos équipes"}, format="json")
    rows = api(started.m("rep")).get(url(t, "api-programme-vision-list")).json()["results"]
    assert [r["version"] for r in rows] == [2, 1]
    vision = VisionVersion.unscoped.get(tenant=t, version=1)
    assert api(started.m("rep")).get(url(t, "api-programme-vision-detail", pk=vision.pk)).json()["text"] == "Nos clients"


def test_workshops_crud(started, other_tenant):
    t = started.tenant
    data = {"title": "Atelier règles", "held_on": "2026-02-01", "step": 1, "participants": [started.e("exec").pk, started.e("rep").pk]}
    assert api(started.m("rep")).post(url(t, "api-programme-workshop-list"), data, format="json").status_code == 403
    stranger = EmployeeFactory(tenant=other_tenant)
    response = api(started.m("owner")).post(url(t, "api-programme-workshop-list"), {**data, "participants": [stranger.pk]},
                                            format="json")
    assert response.status_code == 400 and "participants" in response.json()
    response = api(started.m("owner")).post(url(t, "api-programme-workshop-list"), data, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["participant_count"] == 2 and {p["full_name"] for p in body["participants"]} == {"Eva Codir", "Ronan Vendeur"}
    pk = body["id"]
    rows = api(started.m("rep")).get(url(t, "api-programme-workshop-list")).json()["results"]
    assert [r["id"] for r in rows] == [pk]
    assert api(started.m("rep")).get(url(t, "api-programme-workshop-list") + "?step=3").json()["results"] == []
    assert api(started.m("rep")).patch(url(t, "api-programme-workshop-detail", pk=pk), {"title": "X"}, format="json").status_code == 403
    response = api(started.m("exec")).patch(url(t, "api-programme-workshop-detail", pk=pk),
                                            {"outcomes": "Vision écrite", "participants": [started.e("owner").pk]}, format="json")
    assert response.status_code == 200 and response.json()["participant_count"] == 1
    assert list(WorkshopParticipant.unscoped.filter(tenant=t).values_list("employee", flat=True)) == [started.e("owner").pk]
    assert api(started.m("rep")).delete(url(t, "api-programme-workshop-detail", pk=pk)).status_code == 403
    assert api(started.m("owner")).delete(url(t, "api-programme-workshop-detail", pk=pk)).status_code == 204
    assert not Workshop.unscoped.filter(tenant=t).exists()


def test_another_groups_ids_answer_404(started, other_tenant):
    other = make_group(other_tenant)
    start(other)
    workshop = services.workshop_create(tenant=other_tenant, actor=other.u("exec"), programme=other.programme, title="B",
                                        held_on=date(2026, 1, 1))
    vision = services.vision_publish(tenant=other_tenant, actor=other.u("exec"), text="B")
    step = ProgrammeStep.unscoped.filter(tenant=other_tenant).first()
    client = api(started.m("exec"))
    t = started.tenant
    for name, pk in (("api-programme-detail", other.programme.pk), ("api-programme-overview", other.programme.pk),
                     ("api-programme-step-detail", step.pk), ("api-programme-vision-detail", vision.pk),
                     ("api-programme-workshop-detail", workshop.pk)):
        assert client.get(url(t, name, pk=pk)).status_code == 404, name
    assert client.post(url(t, "api-programme-close", pk=other.programme.pk)).status_code == 404
    assert client.patch(url(t, "api-programme-workshop-detail", pk=workshop.pk), {"title": "X"}, format="json").status_code == 404
    assert client.delete(url(t, "api-programme-workshop-detail", pk=workshop.pk)).status_code == 404
    # Another group's programme as a reference is refused like a missing one.
    response = client.post(url(t, "api-programme-workshop-list"), {"title": "X", "held_on": "2026-01-01",
                                                                    "programme": other.programme.pk}, format="json")
    assert response.status_code == 400 and "programme" in response.json()
    assert Programme.unscoped.get(pk=other.programme.pk).status == "active"
