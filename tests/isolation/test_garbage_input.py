"""Garbage to every form and API write: refused with a 4xx, never a 500, nothing written across tenants.

As A's administrator, with A's slug and ids, for every tenant page accepting POST and every API route
accepting POST/PUT/PATCH (discovered from the URL resolver; plus the invitation's set-password form, sent
anonymously with A's invitation token, and the API token endpoint), we send: an empty body, random strings,
100 000-character strings, NUL characters, lists where strings are expected, huge numbers, markup,
B's ids in every reference field, and binary junk to file fields; to the API also invalid JSON text,
JSON that is not an object, and a body that is not JSON at all.

The test client keeps ``raise_request_exception=True``: a 500 surfaces as the exception, with its traceback.
Every request runs in a savepoint rolled back afterwards (each payload meets the same data), after checking
that no row of any tenant points at another tenant's row and that none of B's rows changed.

What is expected (the fields are read from the form the page renders, and from the DRF view's serializer):
- pages: invalid forms re-render with 400 (the project's convention). Every field blank -> 400 when the form
  has a required field (no body at all: 400, or the blank unbound form again with 200, see the test); huge strings and NUL characters -> 400 when it has a field that validates text (anything but
  a checkbox or a file); B's id in a reference field -> 400 with the error on that field; binary junk or an
  empty file -> 400 on a form with a file field. Random strings, lists, huge numbers and markup may happen to
  be valid (a dealership may be named "<script>..."): no 5xx, and the markup is escaped if shown.
  Pages accepting POST with no form (delete, toggle, resend...) are listed in cases.NO_DATA_ACTIONS and may
  succeed on any body; any other POST route without a form must refuse garbage with a 4xx.
- query strings (every tenant route without an object id: lists, exports, forms): NUL characters, junk numbers, lists, huge and markup values in the
  usual filter names -> no 5xx, markup escaped, and no NUL character in any SQL parameter (PostgreSQL refuses
  them; SQLite does not, so the test watches the parameters instead of waiting for the 500).
- API: invalid JSON, non-object JSON, wrong content type, wrong types, huge strings and NUL -> 4xx when the
  view has a writable field; empty body -> 4xx on POST/PUT when a field is required (an empty PATCH is a valid
  no-op); B's id in a reference field -> 400 naming that field.
"""

from __future__ import annotations

import json
import random

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework import serializers

from bns.models import Employee
from bns.tenancy import TenantOwnedModel
from tests.isolation import cases
from tests.isolation.support import (
    MISSING_INT,
    api_serializer_fields,
    body_text,
    cross_tenant_references,
    discover_routes,
    forms_in,
    probe,
    send,
    send_raw,
    wrote_data,
)

pytestmark = pytest.mark.django_db

ROUTES, _UNNAMED = discover_routes()
WRITE_METHODS = ("POST", "PUT", "PATCH")


def _api_methods(route) -> set[str]:
    actions = getattr(route.callback, "actions", None)
    if actions:
        return {m.upper() for m in actions}
    cls = route.view_class
    return {m.upper() for m in cls.http_method_names if hasattr(cls, m)}


# Tenant pages, and the token links of this product (the invitation's set-password form), sent anonymously.
HTML_ROUTES = sorted(
    n for n, r in ROUTES.items() if not r.is_api and (r.tenant_scoped or n in cases.PUBLIC_OBJECT_ROUTES)
)
# Every API write: the tenant resources, and the token endpoint.
API_WRITES = sorted((n, m) for n, r in ROUTES.items() if r.is_api for m in WRITE_METHODS if m in _api_methods(r))


def write_url(name: str, world) -> str:
    route = ROUTES[name]
    if route.tenant_scoped:
        return route.url(tenant_slug=world.slug, **route_kwargs(name, world))
    if name in cases.PUBLIC_OBJECT_ROUTES:
        return route.url(**cases.PUBLIC_OBJECT_ROUTES[name].kwargs(world))
    return route.url()

HUGE = "x" * 100_000
XSS = '<script>alert("bns-xss")</script>'
BIG_NUMBER = "9" * 30
# Names a form or serializer is likely to have: sent too, so a field the introspection missed gets garbage.
LIKELY_FIELDS = (
    "name", "code", "position", "brands", "city", "region", "first_name", "last_name", "email", "external_id",
    "job_title", "site", "department", "manager", "employee", "role", "is_active", "full_name", "locale",
    "password", "password1", "password2", "password_confirm", "require_mfa_for_leaders", "invitation_validity_days", "q", "search",
)
FILE_FIELD_NAMES = ("file", "csv_file")
_RANDOM_ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 éèàçœÉ€£'\"\\;:,.-_/%&<>{}[]()#@!?*+=|~`^"
    "\t\n\r\u200b\u202e😀中文Ωñ"
)


def random_text(rng: random.Random) -> str:
    return "".join(rng.choice(_RANDOM_ALPHABET) for _ in range(rng.randint(1, 300)))


_JUNK = random.Random(7).randbytes(20_000) + b"\x00\xff\xfe" * 100


def junk_file(name: str = "junk.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, _JUNK, content_type="text/csv")


def route_kwargs(name: str, world) -> dict:
    route = ROUTES[name]
    if not route.object_kwargs:
        return {}
    assert name in cases.ROUTE_CASES, f"{name}: no case in cases.ROUTE_CASES (see test_isolation.test_every_route_has_a_case)"
    return cases.ROUTE_CASES[name](world)


def attempt(mirror, what: str, do):
    """Send one request in a savepoint; if it wrote anything, check the cross-tenant invariants; roll back."""
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        response = do()
        body_text(response)
        if wrote_data(queries.captured_queries):
            crossed = cross_tenant_references()
            assert not crossed, f"{what}: a row now points at another tenant: {crossed}"
            changed = mirror.b_changes()
            assert not changed, f"{what}: B's rows changed: {changed}"
        transaction.set_rollback(True)
    if "text/html" in response.get("Content-Type", ""):
        assert XSS not in body_text(response), f"{what}: markup from the input is shown unescaped"
    return response


def other_world_object(mirror, model):
    objs = mirror.b.objects_of(model)
    return objs[0] if objs else None


# --- Pages -----------------------------------------------------------------------------------------------


def _form_value(field, world, n: int):
    """A value this form field accepts (references point at ``world``'s objects)."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        objs = world.objects_of(field.queryset.model)
        return [objs[0].pk] if objs else []
    if isinstance(field, forms.ModelChoiceField):
        objs = world.objects_of(field.queryset.model)
        return objs[0].pk if objs else ""
    if isinstance(field, forms.BooleanField):
        return "on"
    if isinstance(field, forms.ChoiceField):
        values = [str(v) for v, _label in field.choices if v not in ("", None)]
        return values[0] if values else ""
    if isinstance(field, forms.EmailField):
        return f"garbage-{n}@example.com"
    if isinstance(field, forms.IntegerField):
        return str(max(1, field.min_value or 1))
    if isinstance(field, forms.FileField):
        return None
    max_length = getattr(field, "max_length", None) or 50
    return f"Garbage {n}"[:max_length]


def _page_payloads(fields: dict, rng: random.Random):
    names = list(dict.fromkeys([*fields, *LIKELY_FIELDS]))
    has_file = any(isinstance(f, forms.FileField) for f in fields.values())
    yield "blank", lambda: {n: "" for n in names}  # what a browser sends for a form left empty
    yield "random", lambda: {n: random_text(rng) for n in names}
    yield "huge", lambda: {n: HUGE for n in names}
    yield "nul", lambda: {n: "a\x00b" for n in names}
    yield "lists", lambda: {n: ["1", "garbage", XSS] for n in names}
    yield "numbers", lambda: {n: ("-" if i % 2 else "") + BIG_NUMBER for i, n in enumerate(names)}
    yield "markup", lambda: {n: XSS for n in names}
    if has_file or not fields:
        file_names = [n for n, f in fields.items() if isinstance(f, forms.FileField)] or list(FILE_FIELD_NAMES)
        yield "file", lambda: {n: junk_file() for n in file_names}
        yield "empty-file", lambda: {n: SimpleUploadedFile("empty.csv", b"", content_type="text/csv") for n in file_names}


def _expects_4xx(kind: str, fields: dict) -> bool:
    text_fields = [f for f in fields.values() if not isinstance(f, forms.BooleanField | forms.FileField)]
    if not fields:
        return True  # a POST route with no form, not a no-data action: garbage must be refused
    if kind == "blank":
        return any(f.required for f in fields.values())
    if kind in ("huge", "nul"):
        return bool(text_fields)
    if kind in ("file", "empty-file"):
        return any(isinstance(f, forms.FileField) for f in fields.values())
    return False


@pytest.mark.parametrize("name", HTML_ROUTES)
def test_garbage_to_every_page_is_refused_cleanly(name, mirror, client_a):
    route, a = ROUTES[name], mirror.a
    url = write_url(name, a)
    # Token links are for people who are not logged in yet.
    client = client_a if route.tenant_scoped else Client()
    page = probe(client, route, "GET", url)
    page_forms = forms_in(page) if page.status_code == 200 else []
    fields = {form.add_prefix(n): f for form in page_forms for n, f in form.fields.items()}
    no_data = name in cases.NO_DATA_ACTIONS
    rng = random.Random(name)

    what = f"POST {url} (no body at all) as A's admin"
    first = attempt(mirror, what, lambda: client.post(url, {}))
    if first.status_code == 405:
        return  # the page does not accept POST
    if not no_data and fields and any(f.required for f in fields.values()):
        # Views build their form from ``request.POST or None``: an empty body leaves it unbound, so the blank
        # form comes back with 200 and nothing written (a browser always sends the fields: "blank" below).
        assert first.status_code == 400 or (
            first.status_code == 200 and not any(form.is_bound for form in forms_in(first))
        ), f"{what}: {first.status_code}, expected 400 or the blank form again"
    payloads = list(_page_payloads(fields, rng))
    if no_data:  # the body is ignored: a few kinds are enough to show it is ignored safely
        payloads = [(kind, make) for kind, make in payloads if kind in ("blank", "random", "huge")]
    for kind, make in payloads:
        what = f"POST {url} ({kind} payload) as A's admin"
        response = attempt(mirror, what, lambda make=make: client.post(url, make()))
        assert response.status_code < 500, what
        if not no_data and _expects_4xx(kind, fields):
            assert 400 <= response.status_code < 500, (
                f"{what}: {response.status_code}, expected a 4xx (invalid forms re-render with 400). "
                + ("" if fields else "A POST route with no form: if the body is truly ignored, add it to cases.NO_DATA_ACTIONS.")
            )

    # B's ids in every reference field, the rest valid: refused, with the error on that field, and the same
    # error as for an id that exists in no tenant (else the message tells that B's object exists).
    base = {k: v for n, (k, f) in enumerate(fields.items()) if (v := _form_value(f, a, n)) is not None}
    for key, field in fields.items():
        if not isinstance(field, forms.ModelChoiceField) or not issubclass(field.queryset.model, TenantOwnedModel):
            continue
        foreign = other_world_object(mirror, field.queryset.model)
        assert foreign is not None, f"the mirror has no {field.queryset.model.__name__} of B held by the world"
        errors = {}
        for label, pk in (("B's", foreign.pk), ("missing", MISSING_INT)):
            value = [pk] if isinstance(field, forms.ModelMultipleChoiceField) else pk
            what = f"POST {url} with {label} {field.queryset.model.__name__} #{pk} in {key!r}"
            response = attempt(mirror, what, lambda key=key, value=value: client.post(url, {**base, key: value}))
            assert response.status_code == 400, f"{what}: {response.status_code}, expected 400"
            form_errors = {k: v for form in forms_in(response) for k, v in form.errors.items()}
            assert key.split("-")[-1] in form_errors, f"{what}: the form's errors {form_errors} do not name {key!r}"
            errors[label] = str(form_errors[key.split("-")[-1]]).replace(str(pk), "<id>")
        assert errors["B's"] == errors["missing"], f"POST {url}: B's id in {key!r} is refused differently: {errors}"


def test_import_confirm_with_a_garbage_token_writes_nothing(mirror, client_a):
    url = ROUTES["employee_import"].url(tenant_slug=mirror.a.slug)
    before = Employee.unscoped.filter(tenant=mirror.a.tenant).count()
    for token in ("", "garbage", HUGE, "a\x00b"):
        response = attempt(mirror, "import confirm", lambda token=token: client_a.post(url, {"confirm": "1", "token": token}))
        assert response.status_code in (302, 400)
    assert Employee.unscoped.filter(tenant=mirror.a.tenant).count() == before


# --- API -------------------------------------------------------------------------------------------------


def _api_value(field, world, n: int):
    if isinstance(field, serializers.ManyRelatedField):
        objs = world.objects_of(field.child_relation.queryset.model)
        return [objs[0].pk] if objs else []
    if isinstance(field, serializers.RelatedField):
        objs = world.objects_of(field.queryset.model)
        return objs[0].pk if objs else None
    if isinstance(field, serializers.BooleanField):
        return True
    if isinstance(field, serializers.ChoiceField):
        return next(iter(field.choices), None)
    if isinstance(field, serializers.EmailField):
        return f"garbage-{n}@example.com"
    if isinstance(field, serializers.IntegerField):
        return max(1, field.min_value or 1)
    if isinstance(field, serializers.CharField):
        return f"Garbage {n}"[: field.max_length or 50]
    return None


def _related_model(field):
    if isinstance(field, serializers.ManyRelatedField):
        field = field.child_relation
    if isinstance(field, serializers.RelatedField) and getattr(field, "queryset", None) is not None:
        return field.queryset.model
    return None


@pytest.mark.parametrize(("name", "method"), API_WRITES, ids=[f"{n}-{m}" for n, m in API_WRITES])
def test_garbage_to_every_api_write_is_a_4xx(name, method, mirror, client_a):
    route, a = ROUTES[name], mirror.a
    url = write_url(name, a)
    fields = api_serializer_fields(route, method, url, tenant=a.tenant, membership=a.admin_membership, user=a.admin)
    no_data = name in cases.NO_DATA_ACTIONS
    names = list(dict.fromkeys([*fields, *LIKELY_FIELDS]))
    required = any(f.required for f in fields.values()) and method != "PATCH"
    strict = bool(fields) and not no_data
    rng = random.Random(f"{name}-{method}")

    def check(kind: str, response, expect_4xx: bool):
        what = f"{method} {url} ({kind}) as A's admin"
        assert response.status_code < 500, what
        if expect_4xx:
            assert 400 <= response.status_code < 500, f"{what}: {response.status_code} {body_text(response)[:300]}"

    json_payloads = [
        ("empty", {}, required and not no_data),
        ("random", {n: random_text(rng) for n in names}, False),
        ("huge", {n: HUGE for n in names}, strict),
        ("nul", {n: "a\x00b" for n in names}, strict),
        ("lists", {n: [1, "x", None] for n in names}, strict),
        ("objects", {n: {"id": 1, "pk": 1} for n in names}, strict),
        ("numbers", {n: (-1) ** i * int(BIG_NUMBER) for i, n in enumerate(names)}, False),
    ]
    if no_data:  # the body is ignored: a few kinds are enough to show it is ignored safely
        json_payloads = [p for p in json_payloads if p[0] in ("empty", "random", "huge")]
    for kind, payload, expect in json_payloads:
        response = attempt(mirror, f"{method} {url} ({kind})", lambda payload=payload: send(client_a, route, method, url, payload))
        check(kind, response, expect)
    raw_bodies = [
        ("invalid JSON", "{not json", "application/json"),
        ("JSON list", "[1, 2]", "application/json"),
        ("JSON null", "null", "application/json"),
        ("truncated JSON", json.dumps({n: "x" for n in names})[:-3], "application/json"),
        ("not JSON", "name=garbage&code=x", "text/plain"),
        ("binary", bytes(range(256)) * 20, "application/octet-stream"),
    ]
    if no_data:
        raw_bodies = raw_bodies[:1] + raw_bodies[-1:]
    for kind, body, content_type in raw_bodies:
        response = attempt(
            mirror, f"{method} {url} ({kind})", lambda body=body, ct=content_type: send_raw(client_a, method, url, body, ct)
        )
        check(kind, response, strict)

    # B's ids in every reference field, the rest valid: refused, naming that field, with the same message as
    # for an id that exists in no tenant.
    base = {} if method == "PATCH" else {k: v for n, (k, f) in enumerate(fields.items()) if (v := _api_value(f, a, n)) is not None}
    for key, field in fields.items():
        model = _related_model(field)
        if model is None or not issubclass(model, TenantOwnedModel):
            continue
        foreign = other_world_object(mirror, model)
        assert foreign is not None, f"the mirror has no {model.__name__} of B held by the world"
        errors = {}
        for label, pk in (("B's", foreign.pk), ("missing", MISSING_INT)):
            value = [pk] if isinstance(field, serializers.ManyRelatedField) else pk
            what = f"{method} {url} with {label} {model.__name__} #{pk} in {key!r}"
            response = attempt(
                mirror, what, lambda key=key, value=value: send(client_a, route, method, url, {**base, key: value})
            )
            if no_data:
                assert response.status_code < 500, what
                break
            assert response.status_code == 400, f"{what}: {response.status_code} {body_text(response)[:300]}"
            assert key in response.json(), f"{what}: the errors {response.json()} do not name {key!r}"
            errors[label] = json.dumps(response.json()[key]).replace(str(pk), "<id>")
        if not no_data:
            assert errors["B's"] == errors["missing"], f"{method} {url}: B's id in {key!r} is refused differently: {errors}"


# --- Query strings --------------------------------------------------------------------------------------

# Lists, exports and forms without an object: where query strings are read (filters, search, pages).
GET_ROUTES = sorted(n for n, r in ROUTES.items() if r.tenant_scoped and not r.object_kwargs)
QUERY_PARAMS = (
    "q", "search", "site", "department", "manager", "employee", "role", "status", "active", "is_active",
    "page", "ordering", "sort", "user", "verb",
)
QUERY_GARBAGE = [
    ("nul", {p: "a\x00b" for p in QUERY_PARAMS}),
    ("junk", {p: v for p, v in zip(QUERY_PARAMS, ["%", "abc", "-1", BIG_NUMBER, "nope", "maybe"] * 3, strict=False)}),
    ("lists and markup", {p: ["1", "x", XSS] for p in QUERY_PARAMS}),  # .get() reads the last one
    ("huge", {p: "x" * 10_000 for p in ("q", "search", "page", "ordering")}),
]


def _nul_param_spy(found: list[str]):
    """An execute wrapper noting the queries whose parameters carry a NUL character."""

    def has_nul(value) -> bool:
        if isinstance(value, str):
            return "\x00" in value
        if isinstance(value, list | tuple):
            return any(has_nul(v) for v in value)
        if isinstance(value, dict):
            return any(has_nul(v) for v in value.values())
        return False

    def wrapper(execute, sql, params, many, context):
        if has_nul(params):
            found.append(sql[:200])
        return execute(sql, params, many, context)

    return wrapper


# Bugs this test found in the pages, reported to the lead. Strict: once one is fixed its test passes, XPASS
# fails the run, and the entry must go.
KNOWN_QUERY_STRING_BUGS: dict[str, str] = {}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=KNOWN_QUERY_STRING_BUGS[n]))
        if n in KNOWN_QUERY_STRING_BUGS
        else n
        for n in GET_ROUTES
    ],
)
def test_garbage_query_strings_never_fail(name, mirror, client_a):
    """Filters and search from the query string: no 5xx, markup escaped, and no NUL character reaches the
    database (PostgreSQL refuses it in a string: a 500 there even when SQLite, here, shrugs)."""
    route, a = ROUTES[name], mirror.a
    url = write_url(name, a)
    for kind, query in QUERY_GARBAGE:
        what = f"GET {url} ({kind} query string) as A's admin"
        nul_sql: list[str] = []
        with connection.execute_wrapper(_nul_param_spy(nul_sql)):
            response = send(client_a, route, "GET", url, query=query)
            body_text(response)
        assert response.status_code < 500, what
        if response.status_code == 405:
            return
        assert not nul_sql, f"{what}: a NUL character reached the database (a 500 on PostgreSQL): {nul_sql[:2]}"
        if "text/html" in response.get("Content-Type", ""):
            assert XSS not in body_text(response), f"{what}: markup from the query string is shown unescaped"


def test_garbage_suite_sees_the_write_routes():
    """Guards the discovery: forms and API writes of the tenancy core are in the parametrisation."""
    assert {"site_create", "site_edit", "employee_import", "tenant_settings", "invitation_accept"} <= set(HTML_ROUTES)
    assert {("api-site-list", "POST"), ("api-site-detail", "PUT"), ("api-employee-detail", "PATCH")} <= set(API_WRITES)
    assert ("api-token-obtain", "POST") in API_WRITES
