"""Writing the behaviours expected of each role: editors only, upsert, an empty text removes them, audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bns.models import AuditEvent
from bns.programme.attitudes import services
from bns.programme.models import Programme, RoleBehaviour
from tests.bns.programme.objectives.conftest import make_programme

pytestmark = pytest.mark.django_db


def set_(org, who, role, text, programme=None):
    return services.role_behaviour_set(tenant=org.tenant, actor=org.user(who), programme=programme or org.programme, role=role,
                                       behaviours=text)


def test_set_replace_and_remove(org):
    first = set_(org, "owner", "manager", "  Coacher chaque vendeur chaque semaine\r\nRépondre aux demandes  \n")
    assert first.behaviours == "Coacher chaque vendeur chaque semaine\nRépondre aux demandes"
    second = set_(org, "executive", "manager", "Coacher chaque semaine")
    assert second.pk == first.pk and RoleBehaviour.unscoped.get().behaviours == "Coacher chaque semaine"
    assert set_(org, "executive", "manager", "Coacher chaque semaine").pk == first.pk  # unchanged: no audit row
    assert set_(org, "owner", "manager", "   ") is None
    assert not RoleBehaviour.unscoped.exists()
    assert set_(org, "owner", "employee", "") is None  # nothing there, nothing written
    verbs = list(AuditEvent.unscoped.filter(tenant=org.tenant, verb__startswith="programme.attitudes").order_by("pk")
                 .values_list("verb", "data__created"))
    assert verbs == [("programme.attitudes.set", True), ("programme.attitudes.set", False), ("programme.attitudes.delete", None)]


def test_one_row_per_iteration_and_role(org):
    set_(org, "owner", "employee", "Profil complet")
    set_(org, "owner", "manager", "Coaching")
    org.programme.status = Programme.Status.CLOSED
    org.programme.save()
    second = make_programme(org.tenant, iteration=2, owner=org.employee("owner"))
    set_(org, "owner", "employee", "Profil complet et à jour", programme=second)
    assert RoleBehaviour.unscoped.filter(role="employee").count() == 2


@pytest.mark.parametrize("who", ["employee", "manager"])
def test_only_editors_write(org, who):
    with pytest.raises(PermissionDenied):
        set_(org, who, "employee", "Profil complet")
    behaviour = set_(org, "owner", "employee", "Profil complet")
    with pytest.raises(PermissionDenied):
        services.role_behaviour_delete(tenant=org.tenant, actor=org.user(who), behaviour=behaviour)
    assert RoleBehaviour.unscoped.count() == 1


def test_a_closed_iteration_is_for_executives_only(org):
    org.programme.status = Programme.Status.CLOSED
    org.programme.save()
    with pytest.raises(PermissionDenied):
        set_(org, "owner", "employee", "Profil complet")
    assert set_(org, "executive", "employee", "Profil complet").role == "employee"


@pytest.mark.parametrize(("role", "text", "key"), [("boss", "x", "role"), ("", "x", "role"), ("manager", "x" * 5001, "behaviours")])
def test_validation(org, role, text, key):
    with pytest.raises(ValidationError) as exc:
        set_(org, "owner", role, text)
    assert key in exc.value.message_dict
    assert not RoleBehaviour.unscoped.exists()


def test_another_groups_rows_are_refused(org, other_tenant):
    theirs = make_programme(other_tenant)
    with pytest.raises(PermissionDenied):
        set_(org, "executive", "manager", "x", programme=theirs)
    row = RoleBehaviour.unscoped.create(tenant=other_tenant, programme=theirs, role="manager", behaviours="theirs")
    with pytest.raises(PermissionDenied):
        services.role_behaviour_delete(tenant=org.tenant, actor=org.user("executive"), behaviour=row)
    assert RoleBehaviour.unscoped.filter(pk=row.pk).exists()


def test_delete(org):
    behaviour = set_(org, "owner", "marketing", "Deux contenus par mois")
    services.role_behaviour_delete(tenant=org.tenant, actor=org.user("executive"), behaviour=behaviour)
    assert not RoleBehaviour.unscoped.exists()
    assert AuditEvent.unscoped.filter(verb="programme.attitudes.delete", data__role="marketing").exists()
