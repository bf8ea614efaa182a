"""Writes of networking activity: one activity (log, update, delete) and batches (the bulk API, the CSV import).

Keyword-only, tenant and actor explicit, atomic, audited in the same transaction. Who may write what:
- a member logs, changes and deletes their own activity (``membership.employee``);
- ``Perm.MANAGE_NETWORKS`` does it for any employee of the group (integrations use such a member's token).

Idempotence: an activity may carry a ``client_key``, unique in the group (constraint ``activity_unique_client_key``).
A batch item whose key is already stored is a "duplicate": nothing changes and it is not counted twice. Two uploads
racing with the same keys are settled by the database: the loser's insert fails, and its items are replayed one by
one in savepoints, each conflict reported as a duplicate.

The CSV import's writes (preview, start, run) are in import_services.py; tool licences in licence_services.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from bns.access import membership_of_actor
from bns.models import Employee, Membership, Tenant
from bns.permissions import Perm
from bns.services.audit import audit_record
from networking.activity import rules
from networking.models import Activity, ActivityImport, ActivitySource

CREATED, DUPLICATE, ERROR = "created", "duplicate", "error"
BULK_MAX_ITEMS = 1000
# Our exports name an activity stored without a client key "bns:<id>": importing the export again finds it.
OWN_KEY = re.compile(r"^bns:([0-9]{1,10})$")


def export_key(activity: Activity) -> str:
    return activity.client_key or f"bns:{activity.pk}"


def actor_membership(tenant: Tenant, actor) -> Membership:
    """The actor's active membership (bns.access.membership_of_actor), which must use the networking."""
    membership = membership_of_actor(tenant=tenant, actor=actor)
    if not membership.has_perm(Perm.USE_NETWORKING):
        raise PermissionDenied
    return membership


def activity_can_edit(membership: Membership, activity: Activity) -> bool:
    """Its employee, or the networking managers."""
    if membership.employee_id and membership.employee_id == activity.employee_id:
        return True
    return membership.has_perm(Perm.MANAGE_NETWORKS)


def _audit_data(activity: Activity) -> dict:
    return {"employee": activity.employee_id, "date": activity.occurred_on.isoformat(), "channel": activity.channel,
            "kind": activity.kind, "source": activity.source}


def _user_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


# --- One activity ------------------------------------------------------------------------------------------


@transaction.atomic
def activity_log(
    *,
    tenant: Tenant,
    actor,
    employee: Employee | int | None = None,
    occurred_on,
    channel: str,
    kind: str,
    reach: int | None = None,
    engagement: int | None = None,
    person=None,
    account=None,
    content_url: str = "",
    note: str = "",
    client_key: str = "",
    source: str = ActivitySource.MANUAL,
) -> Activity:
    """Log one activity (the actor's own when ``employee`` is None). A ``client_key`` already stored in the group is
    refused here (the bulk endpoint is where a known key is a harmless duplicate)."""
    membership = actor_membership(tenant, actor)
    values = {"employee": employee, "occurred_on": occurred_on, "channel": channel, "kind": kind, "reach": reach,
              "engagement": engagement, "person": person, "account": account, "content_url": content_url, "note": note}
    lookups = rules.lookups_build(tenant=tenant, membership=membership, items=[values])
    errors: dict = {}
    key = rules.client_key_clean(client_key, errors, required=False)
    try:
        clean = rules.activity_clean(membership=membership, values=values, lookups=lookups)
    except ValidationError as exc:
        raise ValidationError({**exc.message_dict, **errors}) from None
    if key.startswith("bns:"):
        errors["client_key"] = _("Keys starting with “bns:” are reserved for the application's exports.")
    if errors:
        raise ValidationError(errors)
    if key and Activity.unscoped.filter(tenant=tenant, client_key=key).exists():
        raise ValidationError({"client_key": _("An activity with this client key is already recorded.")})
    activity = Activity(tenant=tenant, source=source if source in ActivitySource.values else ActivitySource.MANUAL,
                        client_key=key, created_by=_user_or_none(actor), **clean)
    try:
        with transaction.atomic():
            activity.save()
    except IntegrityError:  # the same key stored by a concurrent request
        raise ValidationError({"client_key": _("An activity with this client key is already recorded.")}) from None
    audit_record(tenant=tenant, actor=actor, verb="activity.log", obj=activity, data=_audit_data(activity))
    return activity


@transaction.atomic
def activity_update(*, tenant: Tenant, actor, activity: Activity, **changes) -> Activity:
    """Change an activity (its employee, or the networking managers). The client key and the source do not change."""
    membership = actor_membership(tenant, actor)
    if activity.tenant_id != tenant.pk:
        raise PermissionDenied
    activity = Activity.unscoped.select_for_update().get(tenant=tenant, pk=activity.pk)
    if not activity_can_edit(membership, activity):
        raise PermissionDenied
    allowed = {k: v for k, v in changes.items() if k in rules.FIELDS and k != "client_key"}
    lookups = rules.lookups_build(tenant=tenant, membership=membership,
                                  items=[{**allowed, "employee": allowed.get("employee", activity.employee_id)}])
    clean = rules.activity_clean(membership=membership, values=allowed, lookups=lookups, partial_of=activity)
    changed = {}
    for name, value in clean.items():
        attribute = "employee" if name == "employee" else name
        if name == "employee":
            if value.pk != activity.employee_id:
                changed[name] = {"from": activity.employee_id, "to": value.pk}
                activity.employee = value
            continue
        old = getattr(activity, attribute)
        if old != value:
            changed[name] = "changed" if name in ("note", "content_url") else {"from": str(old), "to": str(value)}
            setattr(activity, attribute, value)
    if changed:
        activity.save()
        audit_record(tenant=tenant, actor=actor, verb="activity.update", obj=activity, data={"changes": changed})
    return activity


@transaction.atomic
def activity_delete(*, tenant: Tenant, actor, activity: Activity) -> None:
    membership = actor_membership(tenant, actor)
    if activity.tenant_id != tenant.pk:
        raise PermissionDenied
    if not activity_can_edit(membership, activity):
        raise PermissionDenied
    audit_record(tenant=tenant, actor=actor, verb="activity.delete", obj=activity, data=_audit_data(activity))
    Activity.unscoped.filter(tenant=tenant, pk=activity.pk).delete()


@transaction.atomic
def activity_group_export_record(*, tenant: Tenant, actor, filters: dict) -> None:
    """Who exported the group's activity, with which filters (the audit trail shows it)."""
    audit_record(tenant=tenant, actor=actor, verb="activity.export", object_type="activity",
                 data={k: str(v) for k, v in filters.items() if v not in (None, "")})


# --- Batches -----------------------------------------------------------------------------------------------


@dataclass
class BulkResult:
    results: list[dict] = field(default_factory=list)  # per item: client_key, status, id, errors

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r["status"] == status)

    @property
    def counts(self) -> dict[str, int]:
        return {"created": self.count(CREATED), "duplicates": self.count(DUPLICATE), "errors": self.count(ERROR)}


def _error_dict(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {("non_field_errors" if k == "__all__" else k): [str(m) for m in v] for k, v in exc.message_dict.items()}
    return {"non_field_errors": [str(m) for m in exc.messages]}


def _result(key: str, status: str, pk: int | None = None, errors: dict | None = None) -> dict:
    return {"client_key": key, "status": status, "id": pk, "errors": errors or {}}


def batch_prepare(*, tenant: Tenant, membership: Membership, items: list, source: str, actor,
                  activity_import: ActivityImport | None = None) -> tuple[list[dict], list[tuple[int, Activity]]]:
    """Validate a batch (nothing written): the per-item results so far, and the activities to insert with their
    index. A bounded number of queries whatever the number of items."""
    results: list[dict | None] = [None] * len(items)
    keyed: list[tuple[int, str, dict]] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            results[index] = _result("", ERROR, errors={"non_field_errors": [_("Each item must be an object.")]})
            continue
        errors: dict = {}
        key = rules.client_key_clean(item.get("client_key"), errors, required=True)
        if errors:
            results[index] = _result(key if isinstance(key, str) else "", ERROR, errors={k: [v] for k, v in errors.items()})
        else:
            keyed.append((index, key, item))
    keys = {key for _i, key, _item in keyed}
    stored = dict(Activity.unscoped.filter(tenant=tenant, client_key__in=keys).values_list("client_key", "pk")) if keys else {}
    own_ids = {int(m.group(1)) for key in keys if (m := OWN_KEY.match(key))} - {0}
    if own_ids:
        found = Activity.unscoped.filter(tenant=tenant, pk__in=[i for i in own_ids if i < 2**31]).values_list("pk", flat=True)
        stored.update({f"bns:{pk}": pk for pk in found})
    lookups = rules.lookups_build(tenant=tenant, membership=membership, items=[item for _i, _k, item in keyed if item])
    pending: list[tuple[int, Activity]] = []
    first_in_batch: dict[str, int] = {}
    for index, key, item in keyed:
        if key in stored:
            results[index] = _result(key, DUPLICATE, stored[key])
            continue
        if key.startswith("bns:"):
            results[index] = _result(key, ERROR, errors={"client_key": [
                _("This key names an activity of the group that no longer exists (deleted since the export?).")]})
            continue
        if key in first_in_batch:  # the same key twice in one upload: the first one counts
            results[index] = _result(key, DUPLICATE, errors={})
            continue
        try:
            clean = rules.activity_clean(membership=membership, values=item, lookups=lookups)
        except ValidationError as exc:
            results[index] = _result(key, ERROR, errors=_error_dict(exc))
            continue
        first_in_batch[key] = index
        results[index] = _result(key, CREATED)
        pending.append((index, Activity(tenant=tenant, client_key=key, source=source, created_by=_user_or_none(actor),
                                        activity_import=activity_import, **clean)))
    return results, pending


def batch_write(*, tenant: Tenant, results: list[dict], pending: list[tuple[int, Activity]]) -> None:
    """Insert the prepared activities (inside the caller's transaction) and fill in their ids.

    Set-based first; when a concurrent upload stored some of the same keys meanwhile, the insert fails and the items
    are replayed one by one, each conflict becoming a duplicate."""
    if pending:
        try:
            with transaction.atomic():
                Activity.unscoped.bulk_create([activity for _i, activity in pending], batch_size=500)
        except IntegrityError:
            for index, activity in pending:
                activity.pk = None
                try:
                    with transaction.atomic():
                        activity.save(force_insert=True)
                except IntegrityError:
                    results[index]["status"] = DUPLICATE
    keys = [results[i]["client_key"] for i, _a in pending] + [r["client_key"] for r in results if r["status"] == DUPLICATE]
    ids = dict(Activity.unscoped.filter(tenant=tenant, client_key__in=keys).values_list("client_key", "pk")) if keys else {}
    for result in results:
        if result["status"] in (CREATED, DUPLICATE) and result["id"] is None:
            result["id"] = ids.get(result["client_key"])


@transaction.atomic
def activity_bulk_upsert(*, tenant: Tenant, actor, items: list, source: str = ActivitySource.API) -> BulkResult:
    """Store a batch of activities from an integration: each item needs a ``client_key``; a key already stored in
    the group is a duplicate (nothing changes); valid items are stored even when others are refused.

    Returns the per-item results in the order of ``items``: {client_key, status: created|duplicate|error, id, errors}.
    """
    membership = actor_membership(tenant, actor)
    if not isinstance(items, list):
        raise ValidationError({"items": _("Send a list of activities.")})
    if len(items) > BULK_MAX_ITEMS:
        raise ValidationError({"items": _("At most %(n)s activities per call: split the upload.") % {"n": BULK_MAX_ITEMS}})
    results, pending = batch_prepare(tenant=tenant, membership=membership, items=items, source=source, actor=actor)
    batch_write(tenant=tenant, results=results, pending=pending)
    outcome = BulkResult(results=results)
    if outcome.count(CREATED):
        audit_record(tenant=tenant, actor=actor, verb="activity.bulk", object_type="activity",
                     data={"source": source, **outcome.counts})
    return outcome
