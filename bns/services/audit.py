from __future__ import annotations

from typing import Any

from bns.models import AuditEvent, Tenant

# Readable names of audit verbs registered by the other apps (bns must not import them): the audit page shows
# these instead of the code. Apps call ``audit_verb_labels_register`` from their AppConfig.ready().
_VERB_LABELS: dict[str, Any] = {}


def audit_verb_labels_register(labels: dict[str, Any]) -> None:
    _VERB_LABELS.update(labels)


def audit_verb_label(verb: str):
    return _VERB_LABELS.get(verb)


def audit_record(*, tenant: Tenant, actor, verb: str, obj=None, object_type: str = "", data: dict[str, Any] | None = None) -> AuditEvent:
    """Append one audit row; call inside the service's transaction so both land or neither does."""
    return AuditEvent.unscoped.create(
        tenant=tenant,
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        object_type=object_type or (type(obj).__name__.lower() if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        data=data or {},
    )
