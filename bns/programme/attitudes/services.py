"""Writes of the attitudes: the behaviours expected of each role in an iteration (the charter itself is the networking
app's: published and acknowledged there).

Keyword-only, tenant and actor explicit, atomic, audited. Only the programme's editors write (Perm.MANAGE_PROGRAMME or
the iteration's process owner; a closed iteration: Perm.MANAGE_PROGRAMME only).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bns.access import membership_of_actor
from bns.models import Role, Tenant
from bns.programme.access import programme_require_edit
from bns.programme.models import Programme, RoleBehaviour
from bns.services.audit import audit_record

BEHAVIOURS_MAX = 5_000

AUDIT_VERB_LABELS = {
    "programme.attitudes.set": gettext_lazy("Expected behaviours of a role written"),
    "programme.attitudes.delete": gettext_lazy("Expected behaviours of a role removed"),
}


def _clean(role, behaviours) -> tuple[str, str]:
    errors: dict = {}
    if not isinstance(role, str) or role not in Role.values:
        errors["role"] = _("Choose a role of the group.")
    text = "\n".join(line.rstrip() for line in str(behaviours or "").replace("\x00", "").replace("\r\n", "\n").split("\n")).strip()
    if len(text) > BEHAVIOURS_MAX:
        errors["behaviours"] = _("At most %(n)s characters.") % {"n": BEHAVIOURS_MAX}
    if errors:
        raise ValidationError(errors)
    return role, text


@transaction.atomic
def role_behaviour_set(*, tenant: Tenant, actor, programme: Programme, role: str, behaviours: str) -> RoleBehaviour | None:
    """Write the behaviours expected of ``role`` in the iteration (replacing the earlier text); an empty text removes
    them (the page then shows the suggestion again). Returns the row, or None when removed or nothing was there."""
    if programme.tenant_id != tenant.pk:
        raise PermissionDenied
    programme_require_edit(membership=membership_of_actor(tenant=tenant, actor=actor), programme=programme)
    role, text = _clean(role, behaviours)
    current = RoleBehaviour.unscoped.select_for_update().filter(tenant=tenant, programme=programme, role=role).first()
    if not text:
        if current is not None:
            _delete(tenant=tenant, actor=actor, behaviour=current)
        return None
    if current is None:
        try:
            with transaction.atomic():
                current = RoleBehaviour.unscoped.create(tenant=tenant, programme=programme, role=role, behaviours=text)
        except IntegrityError:  # written at the same moment by another editor: replace theirs
            current = RoleBehaviour.unscoped.select_for_update().get(tenant=tenant, programme=programme, role=role)
        else:
            audit_record(tenant=tenant, actor=actor, verb="programme.attitudes.set", obj=current,
                         data={"programme": programme.pk, "role": role, "created": True})
            return current
    if current.behaviours != text:
        current.behaviours = text
        current.save(update_fields=["behaviours"])
        audit_record(tenant=tenant, actor=actor, verb="programme.attitudes.set", obj=current,
                     data={"programme": programme.pk, "role": role, "created": False})
    return current


def _delete(*, tenant: Tenant, actor, behaviour: RoleBehaviour) -> None:
    audit_record(tenant=tenant, actor=actor, verb="programme.attitudes.delete", obj=behaviour,
                 data={"programme": behaviour.programme_id, "role": behaviour.role})
    behaviour.delete()


@transaction.atomic
def role_behaviour_delete(*, tenant: Tenant, actor, behaviour: RoleBehaviour) -> None:
    """Remove a role's expected behaviours (the page shows the suggestion again)."""
    if behaviour.tenant_id != tenant.pk:
        raise PermissionDenied
    behaviour = RoleBehaviour.unscoped.select_for_update(of=("self",)).select_related("programme").get(tenant=tenant, pk=behaviour.pk)
    programme_require_edit(membership=membership_of_actor(tenant=tenant, actor=actor), programme=behaviour.programme)
    _delete(tenant=tenant, actor=actor, behaviour=behaviour)
