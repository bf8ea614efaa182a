"""Machinery of the isolation suites: route discovery, canary filling and checks, tenant fingerprints.

What a developer adds when they add a model or a route lives in ``cases.py``; this module should not
need to change.
"""

from __future__ import annotations

import itertools
import json
import uuid
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import F
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.views import APIView

from bns.models import Membership, Tenant, User
from bns.tenancy import TenantOwnedModel

CANARY = "CANARYB7x"
CANARY_LOWER = CANARY.lower()

# --- Models ----------------------------------------------------------------------------------------------


def model_label(model) -> str:
    return model._meta.label  # "bns.Site"


def tenant_owned_models() -> list[type[models.Model]]:
    """Every concrete (non-proxy) subclass of TenantOwnedModel, in app registry order."""
    return [
        m
        for m in apps.get_models()
        if issubclass(m, TenantOwnedModel) and not m._meta.proxy and not m._meta.abstract
    ]


def text_fields(model, exempt: dict[str, str]) -> list[models.Field]:
    """The fields that must carry the canary: concrete Char/Text (Email, Slug, URL...) fields without choices."""
    out = []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.is_relation or field.choices:
            continue
        if f"{model_label(model)}.{field.name}" in exempt:
            continue
        if isinstance(field, models.CharField | models.TextField):
            out.append(field)
    return out


def json_fields(model, exempt: dict[str, str]) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.JSONField) and f"{model_label(model)}.{f.name}" not in exempt
    ]


def _canary_text(field: models.Field, n: int) -> str:
    if isinstance(field, models.EmailField):
        value = f"{CANARY_LOWER}-{n}@example.com"
    elif isinstance(field, models.URLField):
        value = f"https://{CANARY_LOWER}-{n}.example.com/"
    elif isinstance(field, models.SlugField):
        value = f"{CANARY_LOWER}-{n}"
    else:
        value = f"{CANARY}-{field.name}-{n}"
    max_length = getattr(field, "max_length", None)
    if max_length and len(value) > max_length:
        value = f"{CANARY}{n}"[:max_length]  # too short for the canary: the coverage meta-test will say so
    return value


def _canary_json(value, counter):
    if isinstance(value, dict):
        out = {k: _canary_json(v, counter) for k, v in value.items()}
        out.setdefault("note", f"{CANARY} {next(counter)}")
        return out
    if isinstance(value, list):
        return [_canary_json(v, counter) for v in value] + [f"{CANARY} {next(counter)}"]
    if isinstance(value, str):
        return f"{CANARY} {next(counter)}"
    if value is None:
        return {"note": f"{CANARY} {next(counter)}"}
    return value


def own_user_ids(tenant: Tenant) -> list[int]:
    """Users whose every membership is in ``tenant`` (their personal data belongs to that tenant's side)."""
    members = set(Membership.unscoped.filter(tenant=tenant).values_list("user_id", flat=True))
    elsewhere = set(Membership.unscoped.exclude(tenant=tenant).filter(user_id__in=members).values_list("user_id", flat=True))
    return sorted(members - elsewhere)


def canary_fill(tenant: Tenant, *, exempt: dict[str, str]) -> None:
    """Overwrite every text field of every row of ``tenant`` with a canary, generically from model._meta.

    Covers every tenant-owned model (new ones automatically), the tenant row itself, and the users who
    belong to this tenant only. Uses queryset.update(): no save() hooks (audit rows are append-only).
    """
    counter = itertools.count(1)
    for model in tenant_owned_models():
        tfields, jfields = text_fields(model, exempt), json_fields(model, exempt)
        if not tfields and not jfields:
            continue
        manager = model._base_manager
        for obj in manager.filter(tenant=tenant).order_by("pk"):
            updates: dict[str, Any] = {f.attname: _canary_text(f, next(counter)) for f in tfields}
            for f in jfields:
                updates[f.attname] = _canary_json(getattr(obj, f.attname), counter)
            manager.filter(pk=obj.pk).update(**updates)
    Tenant._base_manager.filter(pk=tenant.pk).update(
        **{f.attname: _canary_text(f, next(counter)) for f in text_fields(Tenant, exempt)}
    )
    for user_id in own_user_ids(tenant):
        User._base_manager.filter(pk=user_id).update(
            **{f.attname: _canary_text(f, next(counter)) for f in text_fields(User, exempt)}
        )


def canary_gaps(tenant: Tenant, *, exempt: dict[str, str]) -> list[str]:
    """Text fields of ``tenant``'s rows that do not carry the canary, and tenant-owned models with no row."""
    gaps = []

    def check(model, obj):
        for f in text_fields(model, exempt):
            if CANARY_LOWER not in str(getattr(obj, f.attname)).lower():
                gaps.append(f"{model_label(model)}.{f.name} of #{obj.pk} = {getattr(obj, f.attname)!r}")
        for f in json_fields(model, exempt):
            if CANARY_LOWER not in json.dumps(getattr(obj, f.attname)).lower():
                gaps.append(f"{model_label(model)}.{f.name} of #{obj.pk} (JSON) has no canary")

    for model in tenant_owned_models():
        rows = list(model._base_manager.filter(tenant=tenant))
        if not rows:
            gaps.append(f"{model_label(model)}: the mirror has no row of it (its builder in cases.MIRROR_BUILDERS creates none)")
        for obj in rows:
            check(model, obj)
    check(Tenant, Tenant._base_manager.get(pk=tenant.pk))
    for user in User._base_manager.filter(pk__in=own_user_ids(tenant)):
        check(User, user)
    return gaps


def tenant_fingerprint(tenant: Tenant, user_ids: list[int] | None = None) -> dict[str, list]:
    """Every value of every row of ``tenant`` (and of its own users): to prove a request changed nothing.

    ``user_ids``: the tenant's own users when known (saves two queries)."""
    fingerprint = {
        model_label(model): list(model._base_manager.filter(tenant=tenant).order_by("pk").values_list())
        for model in tenant_owned_models()
    }
    fingerprint["bns.Tenant"] = list(Tenant._base_manager.filter(pk=tenant.pk).values_list())
    ids = own_user_ids(tenant) if user_ids is None else user_ids
    fingerprint["bns.User"] = list(User._base_manager.filter(pk__in=ids).order_by("pk").values_list())
    return fingerprint


def wrote_data(captured_queries: list[dict]) -> bool:
    """Whether any INSERT/UPDATE/DELETE ran (sessions aside): only then are the invariants worth checking."""
    for query in captured_queries:
        sql = query["sql"].lstrip().upper()
        if sql.startswith(("INSERT", "UPDATE", "DELETE", "REPLACE")) and "DJANGO_SESSION" not in sql:
            return True
    return False


def fingerprint_diff(before: dict[str, list], after: dict[str, list]) -> list[str]:
    return [label for label in before.keys() | after.keys() if before.get(label) != after.get(label)]


def cross_tenant_references() -> list[str]:
    """Rows of one tenant pointing at a row of another tenant (FK or M2M): must never exist."""
    found = []
    for model in tenant_owned_models():
        manager = model._base_manager
        for field in model._meta.concrete_fields:
            if field.many_to_one and issubclass(field.related_model, TenantOwnedModel):
                bad = (
                    manager.filter(**{f"{field.name}__isnull": False})
                    .exclude(**{f"{field.name}__tenant_id": F("tenant_id")})
                    .values_list("pk", flat=True)
                )
                found += [f"{model_label(model)}#{pk}.{field.name} points to another tenant" for pk in bad]
        for field in model._meta.many_to_many:
            if issubclass(field.related_model, TenantOwnedModel):
                through = field.remote_field.through
                source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
                bad = through._base_manager.exclude(**{f"{source}__tenant_id": F(f"{target}__tenant_id")})
                found += [
                    f"{model_label(model)}#{pk}.{field.name} (M2M) points to another tenant"
                    for pk in bad.values_list(f"{source}_id", flat=True)
                ]
    return found


# --- Routes ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    kwargs: tuple[str, ...]
    callback: Any

    @property
    def view_class(self):
        return getattr(self.callback, "cls", None)

    @property
    def is_api(self) -> bool:
        cls = self.view_class
        return cls is not None and isinstance(cls, type) and issubclass(cls, APIView)

    @property
    def tenant_scoped(self) -> bool:
        return "tenant_slug" in self.kwargs

    @property
    def object_kwargs(self) -> tuple[str, ...]:
        return tuple(k for k in self.kwargs if k != "tenant_slug")

    @property
    def view_path(self) -> str:
        cls = self.view_class
        target = cls if cls is not None else self.callback
        return f"{getattr(target, '__module__', '?')}.{getattr(target, '__qualname__', getattr(target, '__name__', '?'))}"

    def url(self, **kwargs) -> str:
        return reverse(self.name, kwargs=kwargs)


# Patterns that are not application routes at all.
IGNORED_VIEW_MODULES = {"django.views.static"}  # static files served in DEBUG


def _walk(patterns, prefix: str, namespace: str | None, kwargs: tuple[str, ...]):
    for p in patterns:
        names = kwargs + tuple(p.pattern.regex.groupindex)
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns, names)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.name, namespace, names, p.callback


def discover_routes() -> tuple[dict[str, Route], list[str]]:
    """All named routes from the resolver, and the patterns that have no name (a meta-test failure).

    Skips static-file serving and DRF's format-suffix duplicates (same view, same name, extra ``format``).
    """
    routes: dict[str, Route] = {}
    unnamed: list[str] = []
    for pattern, name, namespace, kwargs, callback in _walk(get_resolver().url_patterns, "", None, ()):
        if getattr(callback, "__module__", "") in IGNORED_VIEW_MODULES:
            continue
        if "format" in kwargs:
            continue
        if not name:
            unnamed.append(pattern)
            continue
        full = f"{namespace}:{name}" if namespace else name
        routes.setdefault(full, Route(full, pattern, tuple(dict.fromkeys(kwargs)), callback))
    return routes, unnamed


MISSING_INT = 2_000_000_000


def missing_kwargs(kwargs: dict[str, Any], same_as: dict[str, Any] | None = None) -> dict[str, Any]:
    """The same kwargs pointing at objects that do not exist anywhere.

    Values equal in ``same_as`` (A's kwargs) are not object ids (a format, a kind...): they are kept."""
    out = {}
    for key, value in kwargs.items():
        if same_as is not None and same_as.get(key) == value or isinstance(value, bool):
            out[key] = value
        elif isinstance(value, int):
            out[key] = MISSING_INT
        elif isinstance(value, uuid.UUID):
            out[key] = uuid.UUID(int=1)
        elif isinstance(value, str) and value.isdigit():
            out[key] = str(MISSING_INT)
        else:
            out[key] = "z" * max(len(str(value)), 8)
    return out


# --- Responses -------------------------------------------------------------------------------------------


def body_text(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
        # Let later readers (and assertions) see the body again.
        response.streaming_content = [content]
    else:
        content = response.content
    return content.decode("utf-8", errors="replace")


def response_text(response) -> str:
    """Body and headers (a Location or a Content-Disposition can leak too)."""
    headers = "\n".join(f"{k}: {v}" for k, v in response.items())
    return f"{headers}\n\n{body_text(response)}"


def canary_hits(response, *, ignore: tuple[str, ...] = ()) -> list[str]:
    """Snippets of the response around each canary occurrence (empty when clean)."""
    text = response_text(response)
    low = text.lower()
    for chunk in ignore:
        low = low.replace(chunk.lower(), " " * len(chunk))
    hits, start = [], 0
    while (i := low.find(CANARY_LOWER, start)) != -1 and len(hits) < 3:
        hits.append(text[max(0, i - 80) : i + 60].replace("\n", " "))
        start = i + 1
    return hits


def probe(client, route: Route, method: str, url: str, payload: dict | None = None):
    """One request whose writes are rolled back (a savepoint); the body is read before the rollback."""
    with transaction.atomic():
        response = send(client, route, method, url, payload)
        body_text(response)  # consume streaming bodies while the data is there
        transaction.set_rollback(True)
    return response


def send(client, route: Route, method: str, url: str, payload: dict | None = None, *, query: dict | None = None):
    """One request: form-encoded for pages, JSON for the API."""
    from urllib.parse import urlencode

    if query:
        url = f"{url}?{urlencode(query, doseq=True)}"
    try:
        return _send(client, route, method, url, payload)
    except Exception as exc:
        exc.add_note(f"while sending {method} {url} with {str(payload)[:300]}")
        raise


def _send(client, route: Route, method: str, url: str, payload: dict | None):
    from urllib.parse import urlencode

    if method == "GET":
        return client.get(url)
    if method == "HEAD":
        return client.head(url)
    if method == "OPTIONS":
        return client.options(url)
    payload = payload or {}
    if route.is_api:
        return client.generic(method, url, json.dumps(payload), content_type="application/json")
    if method == "POST":
        return client.post(url, payload)
    return client.generic(method, url, urlencode(payload, doseq=True), content_type="application/x-www-form-urlencoded")


def send_raw(client, method: str, url: str, body: str | bytes, content_type: str):
    try:
        return client.generic(method, url, body, content_type=content_type)
    except Exception as exc:
        exc.add_note(f"while sending {method} {url} with a raw {content_type} body {body[:100]!r}")
        raise


# --- What a write accepts --------------------------------------------------------------------------------


def forms_in(response) -> list:
    """The Django forms a page rendered (from the test client's captured template contexts)."""
    from django.forms import BaseForm
    from django.test.utils import ContextList

    context = response.context
    if context is None:
        return []
    contexts = context if isinstance(context, ContextList) else [context]
    found: list = []
    for ctx in contexts:
        for layer in getattr(ctx, "dicts", [ctx]):
            if not isinstance(layer, dict):
                continue
            for value in layer.values():
                if isinstance(value, BaseForm) and all(value is not f for f in found):
                    found.append(value)
    return found


def api_serializer_fields(route: Route, method: str, url: str, *, tenant, membership, user) -> dict:
    """The writable fields of the serializer a DRF view uses for ``method`` on ``url`` (with the tenant set,
    as TenantAPIMixin.initial() would)."""
    from django.urls import resolve
    from rest_framework.test import APIRequestFactory

    callback = route.callback
    view = route.view_class(**getattr(callback, "initkwargs", {}))
    view.action_map = getattr(callback, "actions", None) or {}
    view.action = view.action_map.get(method.lower())
    view.args, view.kwargs = (), resolve(url).kwargs
    view.format_kwarg = None
    view.headers = {}
    request = view.initialize_request(APIRequestFactory().generic(method, url))
    request.user = user
    request.tenant, request.membership = tenant, membership
    view.request = request
    if hasattr(view, "get_serializer"):
        serializer = view.get_serializer()
    elif getattr(view, "serializer_class", None) is not None:
        serializer = view.serializer_class(context={"request": request, "view": view})
    else:
        return {}
    return {name: field for name, field in serializer.fields.items() if not field.read_only}
