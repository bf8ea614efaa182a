"""The attitudes page (the charter's summary and the behaviours per role) and the edit form; bounded queries."""

from __future__ import annotations

import pytest

from bns.models import Role
from bns.programme.attitudes import services
from bns.programme.models import Programme, RoleBehaviour
from tests.bns.programme.attitudes.support import acknowledge, publish
from tests.bns.programme.objectives.conftest import make_programme
from tests.bns.programme.strategy.support import url
from tests.factories import EmployeeFactory, MembershipFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db


def login(client, org, who):
    client.force_login(org.user(who))
    return client


def text(response) -> str:
    return response.content.decode()


def edit_url(org, role):
    return url(org.tenant, "programme_attitudes_edit", role=role)


def test_without_programme_nor_charter(client, tenant):
    member = MembershipFactory(tenant=tenant, user=UserFactory(), role=Role.EMPLOYEE)
    client.force_login(member.user)
    page = text(client.get(url(tenant, "programme_attitudes")))
    assert "has not published its networking charter yet" in page and "ask your process owner or an executive" in page
    assert "has not started its BNS programme yet" in page
    assert client.get(edit_url_for(tenant, "manager")).status_code == 404


def edit_url_for(tenant, role):
    return url(tenant, "programme_attitudes_edit", role=role)


def test_no_charter_tells_the_executives_what_to_do(client, org):
    page = text(login(client, org, "executive").get(url(org.tenant, "programme_attitudes")))
    assert "Write the charter" in page and url(org.tenant, "networking_charter") in page


def test_the_charter_with_its_acknowledgement_rate(client, org):
    brest = SiteFactory(tenant=org.tenant, name="Brest")
    MembershipFactory(tenant=org.tenant, user=UserFactory(), role=Role.EMPLOYEE, employee=EmployeeFactory(tenant=org.tenant, site=brest))
    publish(org, "Charte v1")
    charter = publish(org, "Charte v2")
    for who in ("executive", "owner"):
        acknowledge(org, org.m(who))
    # 2 of the 5 active employees acknowledged version 2: 40 %; Rennes 2 of 4 (50 %), Brest 0 of 1.
    page = text(login(client, org, "employee").get(url(org.tenant, "programme_attitudes")))
    assert "Charte v2" in page and "Version 2, published on" in page and 'data-testid="charter-rate">40 %<' in page
    assert "2 of 5" in page and url(org.tenant, "networking_charter") in page
    assert "Brest" not in page  # the rate per dealership: for those who may read the charter's rates
    page = text(login(client, org, "executive").get(url(org.tenant, "programme_attitudes")))
    assert "<th scope=\"row\">Brest</th><td>1</td><td>0</td>" in page and "<th scope=\"row\">Rennes</th><td>4</td><td>2</td><td>50 %" in page
    assert charter.version == 2


def test_behaviours_per_role_with_suggestions(client, org):
    services.role_behaviour_set(tenant=org.tenant, actor=org.user("owner"), programme=org.programme, role="manager",
                                behaviours="Coacher chaque vendeur 15 minutes par semaine\n- Répondre aux demandes sous 48 h")
    page = text(login(client, org, "employee").get(url(org.tenant, "programme_attitudes")))
    assert page.count('data-testid="role"') == 7
    assert "<li>Coacher chaque vendeur 15 minutes par semaine</li>" in page and "<li>Répondre aux demandes sous 48 h</li>" in page
    assert page.count("suggestion, not written yet") == 6
    assert "Sponsor the programme visibly" in page and "Keep your profile complete" in page
    assert edit_url(org, "manager") not in page  # an employee reads
    page = text(login(client, org, "owner").get(url(org.tenant, "programme_attitudes")))
    assert edit_url(org, "manager") in page and edit_url(org, "employee") in page


def test_employees_and_managers_cannot_write(client, org):
    for who in ("employee", "manager"):
        login(client, org, who)
        assert client.get(edit_url(org, "employee")).status_code == 403
        assert client.post(edit_url(org, "employee"), {"behaviours": "x"}).status_code == 403
    assert not RoleBehaviour.unscoped.exists()


def test_write_change_and_remove(client, org):
    login(client, org, "owner")
    response = client.get(edit_url(org, "employee"))
    assert response.status_code == 200 and 'placeholder="Keep your profile complete' in text(response)
    assert "Start from the suggestion" in text(response)
    prefilled = text(client.get(edit_url(org, "employee"), {"suggest": "1"}))
    assert ">Keep your profile complete" in prefilled  # the textarea starts from the suggestion
    response = client.post(edit_url(org, "employee"), {"behaviours": "Profil complet\nRépondre sous 48 h"})
    assert response.status_code == 302 and response["Location"] == url(org.tenant, "programme_attitudes") + "#role-employee"
    assert RoleBehaviour.unscoped.get().behaviours == "Profil complet\nRépondre sous 48 h"
    assert "Profil complet\nRépondre sous 48 h</textarea>" in text(client.get(edit_url(org, "employee")))
    response = client.post(edit_url(org, "employee"), {"behaviours": ""})
    assert response.status_code == 302 and not RoleBehaviour.unscoped.exists()


def test_invalid_input(client, org):
    login(client, org, "executive")
    response = client.post(edit_url(org, "employee"), {"behaviours": "x" * 5001})
    assert response.status_code == 400 and "at most 5000 characters" in text(response)
    assert client.get(edit_url(org, "boss")).status_code == 404
    assert not RoleBehaviour.unscoped.exists()


def test_iterations(client, org, other_tenant):
    services.role_behaviour_set(tenant=org.tenant, actor=org.user("owner"), programme=org.programme, role="manager",
                                behaviours="Ancien coaching")
    org.programme.status = Programme.Status.CLOSED
    org.programme.save()
    make_programme(org.tenant, iteration=2, owner=org.employee("owner"))
    login(client, org, "owner")
    assert "Ancien coaching" not in text(client.get(url(org.tenant, "programme_attitudes")))
    page = text(client.get(url(org.tenant, "programme_attitudes"), {"programme": org.programme.pk}))
    assert "Ancien coaching" in page and "You are reading iteration 1" in page
    assert edit_url(org, "manager") not in page  # the process owner no longer edits a closed iteration
    assert client.post(f"{edit_url(org, 'manager')}?programme={org.programme.pk}", {"behaviours": "x"}).status_code == 403
    theirs = make_programme(other_tenant)
    assert client.get(url(org.tenant, "programme_attitudes"), {"programme": theirs.pk}).status_code == 404
    assert client.get(edit_url(org, "manager"), {"programme": theirs.pk}).status_code == 404


def _fill(org, n: int, start: int = 0):
    charter = publish(org, f"Charte {start}")
    for i in range(n):
        site = SiteFactory(tenant=org.tenant, name=f"Site {start + i:03d}")
        member = MembershipFactory(tenant=org.tenant, user=UserFactory(), role=Role.EMPLOYEE,
                                   employee=EmployeeFactory(tenant=org.tenant, site=site))
        if i % 2:
            acknowledge(org, member)
    for role in Role.values[: min(len(Role.values), n)]:
        services.role_behaviour_set(tenant=org.tenant, actor=org.user("executive"), programme=org.programme, role=role,
                                    behaviours=f"Comportement {role} {start}")
    return charter


@pytest.mark.parametrize("who", ["employee", "executive"])
def test_the_page_reads_a_bounded_number_of_queries(client, org, who, django_assert_max_num_queries):
    login(client, org, who)
    _fill(org, 3)
    client.get(url(org.tenant, "programme_attitudes"))
    with django_assert_max_num_queries(20) as small:
        assert client.get(url(org.tenant, "programme_attitudes")).status_code == 200
    _fill(org, 20, start=3)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        page = text(client.get(url(org.tenant, "programme_attitudes")))
    print(f"attitudes page as {who}: {len(small.captured_queries)} queries (3 sites), {len(large.captured_queries)} (20 sites)")
    assert "Charte 3" in page and page.count("suggestion, not written yet") == 0
    if who == "executive":
        assert page.count('<th scope="row">Site 0') == 23
