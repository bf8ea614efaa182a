"""What a valid activity is: which kinds happen where, how far back, and the validation every entry point shares
(the quick log, the edit form, the API, the bulk endpoint and the CSV import all go through ``activity_clean``).

``activity_clean`` is pure: the lookups it needs (employees, persons, accounts) are given as a ``Lookups`` built
with a bounded number of queries for a whole batch, so a 1000-item upload costs a few queries, not 1000.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bns.models import Employee, Membership, Tenant
from bns.permissions import Perm
from contacts.models import Account, Person, Relationship
from contacts.selectors import DETAILS, OWNER, relationship_visible
from networking.models import ActivityChannel, ActivityKind

C, K = ActivityChannel, ActivityKind

# Where each kind of activity can happen. A pair outside this table is refused with a clear message: an InMail
# is a LinkedIn message, an event attended happens in person (or as a LinkedIn / Facebook event), a YouTube
# channel has subscribers rather than connection requests...
KINDS_BY_CHANNEL: dict[str, frozenset[str]] = {
    C.LINKEDIN: frozenset(K.values),
    C.FACEBOOK: frozenset({K.POST, K.SHARE, K.COMMENT, K.REACTION, K.CONNECTION_SENT, K.CONNECTION_ACCEPTED, K.MESSAGE,
                           K.LIVE_VIDEO, K.EVENT_ATTENDED}),
    C.INSTAGRAM: frozenset({K.POST, K.SHARE, K.COMMENT, K.REACTION, K.CONNECTION_SENT, K.CONNECTION_ACCEPTED, K.MESSAGE,
                            K.LIVE_VIDEO}),
    C.X: frozenset({K.POST, K.SHARE, K.COMMENT, K.REACTION, K.CONNECTION_SENT, K.CONNECTION_ACCEPTED, K.MESSAGE, K.ARTICLE,
                    K.LIVE_VIDEO}),
    C.YOUTUBE: frozenset({K.POST, K.SHARE, K.COMMENT, K.REACTION, K.LIVE_VIDEO}),
    C.TIKTOK: frozenset({K.POST, K.SHARE, K.COMMENT, K.REACTION, K.CONNECTION_SENT, K.CONNECTION_ACCEPTED, K.MESSAGE,
                         K.LIVE_VIDEO}),
    # Offline: a meeting, a club evening, a phone call or a letter, an article in the local press.
    C.OFFLINE: frozenset({K.EVENT_ATTENDED, K.MESSAGE, K.ARTICLE}),
}

MAX_AGE_DAYS = 2 * 366  # older activity says nothing about today's networking (and is often a wrong year)
MAX_COUNT = 1_000_000_000  # reach and engagement: beyond that it is a typo
CLIENT_KEY_MAX = 100
NOTE_MAX = 500
URL_MAX = 500

FIELDS = ("employee", "occurred_on", "channel", "kind", "reach", "engagement", "person", "account", "content_url", "note",
          "client_key")

WHAT_IS_MEASURED = gettext_lazy(
    "What is counted: the networking acts you log (posts, comments, messages, invitations, events...), one line per "
    "act, with where it happened and, if you wish, its reach and engagement. Why: to see week after week whether "
    "networking becomes a habit, and to coach on it. Who sees it: you, your manager line and the people who steer "
    "the group's networking. What is never counted: the content of your messages, your private contacts' details, "
    "your personal accounts beyond what you log here."
)


def channels_for_kind(kind: str) -> list[str]:
    return [channel for channel, kinds in KINDS_BY_CHANNEL.items() if kind in kinds]


def compatible(channel: str, kind: str) -> bool:
    return kind in KINDS_BY_CHANNEL.get(channel, frozenset())


def compatibility_error(channel: str, kind: str) -> str:
    where = ", ".join(str(C(c).label) for c in channels_for_kind(kind))
    return _("A “%(kind)s” does not happen on %(channel)s. It can be logged on: %(where)s.") % {
        "kind": K(kind).label, "channel": C(channel).label, "where": where,
    }


def date_bounds(today: date | None = None) -> tuple[date, date]:
    today = today or timezone.localdate()
    return today - timedelta(days=MAX_AGE_DAYS), today


def date_error(day: date, today: date | None = None) -> str | None:
    earliest, latest = date_bounds(today)
    if day > latest:
        return _("The date is in the future: log an activity once it has happened.")
    if day < earliest:
        return _("The date is more than two years ago: only recent activity is logged.")
    return None


DATE_HELP = gettext_lazy("Not in the future, and at most two years ago.")


# --- Lookups for a batch -----------------------------------------------------------------------------------


@dataclass
class Lookups:
    """What validation needs to know about the database, fetched once for a batch."""

    employees: dict[int, Employee] = field(default_factory=dict)
    accounts: set[int] = field(default_factory=set)
    known_pairs: set[tuple[int, int]] = field(default_factory=set)  # (employee id, person id) with a relationship
    detail_persons: set[int] = field(default_factory=set)  # persons whose details the actor may see
    existing_persons: set[int] = field(default_factory=set)


def _int_or_none(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value < 2**31 else None
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 11:
        number = int(value.strip())
        return number if 0 < number < 2**31 else None
    return getattr(value, "pk", None)


def lookups_build(*, tenant: Tenant, membership: Membership, items: list[dict]) -> Lookups:
    """Employees, accounts and linkable persons referenced by ``items`` (ids or instances): four queries at most."""
    out = Lookups()
    employee_ids = {_int_or_none(i.get("employee")) for i in items} - {None}
    if membership.employee_id:
        employee_ids.add(membership.employee_id)
    if employee_ids:
        out.employees = {e.pk: e for e in Employee.unscoped.filter(tenant=tenant, pk__in=employee_ids).select_related("site")}
    account_ids = {_int_or_none(i.get("account")) for i in items} - {None}
    if account_ids:
        out.accounts = set(Account.unscoped.filter(tenant=tenant, pk__in=account_ids).values_list("pk", flat=True))
    person_ids = {_int_or_none(i.get("person")) for i in items} - {None}
    if person_ids:
        out.existing_persons = set(Person.unscoped.filter(tenant=tenant, pk__in=person_ids).values_list("pk", flat=True))
        out.known_pairs = set(
            Relationship.unscoped.filter(tenant=tenant, person_id__in=person_ids, owner_id__in=list(out.employees))
            .values_list("owner_id", "person_id")
        )
        out.detail_persons = set(
            relationship_visible(tenant=tenant, membership=membership)
            .filter(person_id__in=person_ids, access__in=[OWNER, DETAILS]).order_by().values_list("person_id", flat=True)
        )
    return out


def linkable_persons(*, tenant: Tenant, membership: Membership, employee: Employee | None):
    """Persons an activity of ``employee`` may name: the employee's own contacts, and the persons whose details the
    acting member may see (a private contact of someone else is never linkable, so never shown through an activity)."""
    condition = Q(pk__in=relationship_visible(tenant=tenant, membership=membership)
                  .filter(access__in=[OWNER, DETAILS]).order_by().values("person_id"))
    if employee is not None:
        condition |= Q(pk__in=Relationship.unscoped.filter(tenant=tenant, owner=employee).values("person_id"))
    return Person.unscoped.filter(tenant=tenant).filter(condition)


# --- Validation ------------------------------------------------------------------------------------------


def _count(value, name: str, errors: dict) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        errors[name] = _("Enter a whole number (0 or more).")
        return None
    text = str(value).strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    if not text.isdigit() or len(text) > 10 or int(text) > MAX_COUNT:
        errors[name] = _("Enter a whole number (0 or more).")
        return None
    return int(text)


def _text(value, name: str, max_length: int, errors: dict) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        errors[name] = _("Enter text.")
        return ""
    value = " ".join(value.replace("\x00", "").split())
    if len(value) > max_length:
        errors[name] = _("At most %(n)s characters.") % {"n": max_length}
    return value


def _date(value, errors: dict, today: date) -> date | None:
    if isinstance(value, date):
        day = value
    elif isinstance(value, str) and value.strip():
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            errors["occurred_on"] = _("Enter a valid date (YYYY-MM-DD).")
            return None
    else:
        errors["occurred_on"] = _("The date is required.")
        return None
    message = date_error(day, today)
    if message:
        errors["occurred_on"] = message
        return None
    return day


def client_key_clean(value, errors: dict, *, required: bool) -> str:
    key = value.strip() if isinstance(value, str) else ""
    if value is not None and not isinstance(value, str | int):
        errors["client_key"] = _("Enter text.")
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        key = str(value)
    if "\x00" in key or any(c in key for c in "\r\n\t"):
        errors["client_key"] = _("The client key cannot contain control characters.")
    elif len(key) > CLIENT_KEY_MAX:
        errors["client_key"] = _("At most %(n)s characters.") % {"n": CLIENT_KEY_MAX}
    elif required and not key:
        errors["client_key"] = _("The client key is required: it makes a retried upload count once.")
    return key


def may_log_for(membership: Membership, employee: Employee) -> bool:
    """A member logs their own activity; the networking managers (and integrations with their token) anyone's."""
    if membership.employee_id and membership.employee_id == employee.pk:
        return True
    return membership.has_perm(Perm.MANAGE_NETWORKS)


def activity_clean(*, membership: Membership, values: dict, lookups: Lookups, today: date | None = None,
                   partial_of=None) -> dict:
    """The activity's clean values, or ValidationError({field: message}).

    ``values`` holds ids or instances for employee/person/account and text, numbers or dates for the rest (what a
    form, a JSON body or a CSV row gives). ``partial_of``: the activity being changed (missing fields keep its values).
    """
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    merged = dict(values)
    if partial_of is not None:
        for name in ("employee", "occurred_on", "channel", "kind"):
            merged.setdefault(name, getattr(partial_of, f"{name}_id" if name == "employee" else name))
    clean: dict = {}

    employee = None
    if merged.get("employee") in (None, ""):
        employee = lookups.employees.get(membership.employee_id) if membership.employee_id else None
        if employee is None:
            errors["employee"] = _("Say whose activity this is: you have no employee record in this group.")
    else:
        employee = lookups.employees.get(_int_or_none(merged.get("employee")))
        if employee is None or (not employee.is_active and (partial_of is None or partial_of.employee_id != employee.pk)):
            errors["employee"] = _("Choose an active employee of the group.")
            employee = None
    if employee is not None and not may_log_for(membership, employee):
        errors["employee"] = _("You can only log your own activity.")
    clean["employee"] = employee

    clean["occurred_on"] = _date(merged.get("occurred_on"), errors, today)
    channel, kind = merged.get("channel"), merged.get("kind")
    if not isinstance(channel, str) or channel not in C.values:
        errors["channel"] = _("Choose where it happened: %(choices)s.") % {"choices": ", ".join(C.values)}
        channel = None
    if not isinstance(kind, str) or kind not in K.values:
        errors["kind"] = _("Choose the kind of activity: %(choices)s.") % {"choices": ", ".join(K.values)}
        kind = None
    if channel and kind and not compatible(channel, kind):
        errors["kind"] = compatibility_error(channel, kind)
    clean["channel"], clean["kind"] = channel, kind

    for name in ("reach", "engagement"):
        if name in merged:
            clean[name] = _count(merged.get(name), name, errors)
    if "content_url" in merged:
        url = _text(merged.get("content_url"), "content_url", URL_MAX, errors)
        if url and "content_url" not in errors:
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                errors["content_url"] = _("Enter a valid link starting with https://.")
        clean["content_url"] = url
    if "note" in merged:
        clean["note"] = _text(merged.get("note"), "note", NOTE_MAX, errors)

    if "account" in merged:
        account_id = _int_or_none(merged.get("account")) if merged.get("account") not in (None, "") else None
        if merged.get("account") not in (None, "") and account_id not in lookups.accounts:
            errors["account"] = _("Choose an account of the group.")
        clean["account_id"] = account_id if account_id in lookups.accounts else None
    if "person" in merged:
        person_id = _int_or_none(merged.get("person")) if merged.get("person") not in (None, "") else None
        allowed = person_id in lookups.existing_persons and (
            person_id in lookups.detail_persons or (employee is not None and (employee.pk, person_id) in lookups.known_pairs)
        )
        if merged.get("person") not in (None, "") and not allowed:
            errors["person"] = _("Choose one of your contacts (or a contact shared with you).")
        clean["person_id"] = person_id if allowed else None
    if errors:
        raise ValidationError(errors)
    return clean


def derived_client_key(*, employee_id: int, values: dict, occurrence: int) -> str:
    """A stable key for a CSV row without one: the same row of the same file gives the same key, so importing the
    file again counts nothing twice; ``occurrence`` tells apart identical rows of one file (two comments the same day)."""
    parts = [str(employee_id), str(values.get("occurred_on")), values.get("channel") or "", values.get("kind") or "",
             str(values.get("reach") or ""), str(values.get("engagement") or ""), values.get("content_url") or "",
             values.get("note") or "", str(values.get("person_id") or ""), str(values.get("account_id") or ""), str(occurrence)]
    return "csv:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]
