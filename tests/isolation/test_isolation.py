"""Tenants never meet: walk every route of the pages and the API, from the URL resolver.

Two tenants with mirror data (``cases.build_mirror``); every text field of the second (B) holds the canary.
A's user is the administrator of A (the most powerful role) and no member of B.

1. With B's slug (and B's object ids), every method of every tenant route answers 404.
   Pages: the tenant middleware resolves the membership before the view, so even a method the view does
   not allow answers 404. API: the tenant is resolved in ``initial()``, before DRF dispatches on the
   method, so the same holds. Expectation: exactly 404, for GET, OPTIONS, POST, PUT, PATCH, DELETE.
2. With A's slug and B's object ids, every method answers exactly like it does for ids that exist in no
   tenant, and that answer is 404, or 405 when the route refuses the method for A's own objects too
   (a 405 is decided before any lookup, so it says nothing about the object). DRF's OPTIONS answers 200
   metadata without the object for both. No request changes any of B's rows.
3. Every response to A's user (GET on every route with A's slug and ids, with B's ids in list filters,
   the API as JSON, as the browsable HTML and OPTIONS) is free of the canary (body and headers).
4. Meta-tests: every tenant-owned model has a mirror builder and every text field of B carries the
   canary; every route has a case (object kwargs), or an allowlist entry with its reason.
5. The ways in that are not a URL id: B's invitation link (a bearer token, see cases.PUBLIC_OBJECT_ROUTES),
   B's admin's API token on A, switching to B, and an employee CSV naming B's dealership, department,
   employees and managers.
"""

from __future__ import annotations

import contextlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch

from bns.models import Employee, Invitation, Membership, User
from tests.isolation import cases
from tests.isolation.support import (
    CANARY_LOWER,
    body_text,
    canary_gaps,
    canary_hits,
    cross_tenant_references,
    discover_routes,
    fingerprint_diff,
    missing_kwargs,
    model_label,
    probe,
    send,
    tenant_fingerprint,
    tenant_owned_models,
)

pytestmark = pytest.mark.django_db

# HEAD is left out: Django answers it from the GET view (or 405), DRF maps it to GET.
METHODS = ("GET", "OPTIONS", "POST", "PUT", "PATCH", "DELETE")

ROUTES, UNNAMED_PATTERNS = discover_routes()
TENANT_ROUTES = sorted(name for name, r in ROUTES.items() if r.tenant_scoped)
OBJECT_ROUTES = sorted(name for name in TENANT_ROUTES if ROUTES[name].object_kwargs)


def route_kwargs(name: str, world) -> dict:
    route = ROUTES[name]
    if not route.object_kwargs:
        return {}
    if name not in cases.ROUTE_CASES:
        pytest.fail(f"Route {name!r} ({route.pattern}) takes {route.object_kwargs} and has no case: {HOW_TO_ADD_A_CASE}")
    kwargs = cases.ROUTE_CASES[name](world)
    assert set(kwargs) == set(route.object_kwargs), f"cases.ROUTE_CASES[{name!r}] must return exactly {route.object_kwargs}"
    return kwargs


HOW_TO_ADD_A_CASE = (
    'add `"<route name>": lambda w: {"pk": w.<object>.pk}` to ROUTE_CASES in tests/isolation/cases.py '
    "(w is a World: A's or B's; build the object in a MIRROR_BUILDERS builder if it is not there yet; a kwarg that "
    'names no object, like a file format, gets the same value for both worlds: {"fmt": "csv"}).'
)


def isolation_payload(b) -> dict:
    """A plausible write, pointing at B's objects wherever a reference fits."""
    return {
        "name": "Isolation probe",
        "code": "ISO",
        "first_name": "Iso",
        "last_name": "Probe",
        "email": "iso-probe@example.com",
        "role": "employee",
        "is_active": True,
        "site": b.site.pk,
        "department": b.department.pk,
        "manager": b.manager.pk,
        "employee": b.employee.pk,
        "position": 1,
    }


@contextlib.contextmanager
def b_must_not_change(mirror, what: str):
    """Runs the block in a savepoint (rolled back) and fails if any of B's rows changed in it."""
    with transaction.atomic():
        yield
        changed = mirror.b_changes()
        assert not changed, f"{what} changed B's rows: {changed}"
        transaction.set_rollback(True)


class Control:
    """What A's admin gets on A's own objects, per method (lazily: each costs a request)."""

    def __init__(self, client, route, url, payload):
        self.client, self.route, self.url, self.payload = client, route, url, payload
        self.statuses: dict[str, int] = {}

    def __getitem__(self, method: str) -> int:
        if method not in self.statuses:
            self.statuses[method] = probe(self.client, self.route, method, self.url, self.payload).status_code
        return self.statuses[method]

    def assert_route_answers(self, name: str) -> None:
        """At least one method gets a real answer on A's own objects: else the case (or the route) is wrong."""
        for method in METHODS:
            if self[method] not in (404, 405):
                return
        pytest.fail(f"{name}: A's admin gets {self.statuses} on A's own {self.url}: the case points at no object of A")


# --- Meta-tests ------------------------------------------------------------------------------------------


def test_every_tenant_owned_model_has_a_mirror_builder():
    labels = [model_label(m) for m in tenant_owned_models()]
    missing = [label for label in labels if label not in cases.MIRROR_BUILDERS]
    assert not missing, (
        f"Tenant-owned models with no mirror builder: {missing}. Add a builder to MIRROR_BUILDERS in "
        "tests/isolation/cases.py that creates rows of it (through the services) in the world it is given."
    )
    stale = [label for label in cases.MIRROR_BUILDERS if label not in labels]
    assert not stale, f"MIRROR_BUILDERS entries for models that are not tenant-owned (or gone): {stale}"


def test_canary_is_in_every_text_field_of_b_and_nowhere_in_a(mirror):
    gaps = canary_gaps(mirror.b.tenant, exempt=mirror.exempt)
    assert not gaps, "Text fields of B without the canary (see support.canary_fill):\n" + "\n".join(gaps)
    for model in tenant_owned_models():
        a_rows = model._base_manager.filter(tenant=mirror.a.tenant)
        b_rows = model._base_manager.filter(tenant=mirror.b.tenant)
        assert a_rows.count() == b_rows.count() > 0, f"{model_label(model)}: A and B must have the same shape of data"
        assert CANARY_LOWER not in str(list(a_rows.values_list())).lower(), f"{model_label(model)}: canary in A's data"
    assert CANARY_LOWER in mirror.b.tenant.name.lower() and CANARY_LOWER in mirror.b.slug
    assert CANARY_LOWER in mirror.b.admin.email and CANARY_LOWER in mirror.b.api_token.key.lower()


def test_every_route_has_a_case():
    problems = [f"unnamed URL pattern {p!r}: give it a name= so the suite can reverse it" for p in UNNAMED_PATTERNS]
    for name, route in sorted(ROUTES.items()):
        where = f"{name!r} ({route.pattern}, {route.view_path})"
        if route.tenant_scoped:
            if route.object_kwargs and name not in cases.ROUTE_CASES:
                problems.append(f"{where} takes {route.object_kwargs}: {HOW_TO_ADD_A_CASE}")
            continue
        if name in cases.PUBLIC_OBJECT_ROUTES:
            if not callable(globals().get(cases.PUBLIC_OBJECT_ROUTES[name].test)):
                problems.append(f"{where}: PUBLIC_OBJECT_ROUTES names a test that does not exist in test_isolation.py")
            continue
        if route.object_kwargs and name in cases.NON_TENANT_ROUTES:
            problems.append(f"{where} takes {route.object_kwargs}: a token link belongs in PUBLIC_OBJECT_ROUTES")
        elif cases.non_tenant_reason(name) is None:
            problems.append(
                f"{where} is not under /g/<tenant_slug>/: put it there, or add it to NON_TENANT_ROUTES in "
                "tests/isolation/cases.py with the reason it shows no tenant data (PUBLIC_OBJECT_ROUTES for a token link)"
            )
    for registry in ("ROUTE_CASES", "PUBLIC_OBJECT_ROUTES", "NON_TENANT_ROUTES", "NO_DATA_ACTIONS"):
        stale = sorted(set(getattr(cases, registry)) - set(ROUTES))
        problems += [f"{registry}[{name!r}] names no route: remove or rename it" for name in stale]
    assert not problems, "\n".join(problems)


def test_route_discovery_sees_pages_and_api():
    """Guards the walker itself: the resolver's nested includes and DRF router patterns are found."""
    assert {"site_list", "site_edit", "tenant_home", "home", "api-site-list", "api-site-detail"} <= set(ROUTES)
    assert not any("format" in r.kwargs for r in ROUTES.values())
    assert ROUTES["api-site-detail"].is_api and not ROUTES["site_edit"].is_api
    assert ROUTES["site_edit"].object_kwargs == ("pk",)


# --- 1. B's slug: 404 for every method ------------------------------------------------------------------


@pytest.mark.parametrize("name", TENANT_ROUTES)
def test_other_tenants_slug_answers_404_for_every_method(name, mirror, client_a):
    route, a, b = ROUTES[name], mirror.a, mirror.b
    b_url = route.url(tenant_slug=b.slug, **route_kwargs(name, b))
    a_url = route.url(tenant_slug=a.slug, **route_kwargs(name, a))
    payload = isolation_payload(b)
    Control(client_a, route, a_url, payload).assert_route_answers(name)
    with b_must_not_change(mirror, f"{name} with B's slug"):
        for method in METHODS:
            response = send(client_a, route, method, b_url, payload)
            assert response.status_code == 404, f"{method} {b_url} as A's admin: {response.status_code}, expected 404"
            hits = canary_hits(response, ignore=(b_url,))
            assert not hits, f"{method} {b_url}: the 404 shows B's data: {hits}"


# --- 2. A's slug with B's ids: like ids that do not exist ------------------------------------------------


@pytest.mark.parametrize("name", OBJECT_ROUTES)
def test_other_tenants_ids_answer_like_missing_ones(name, mirror, client_a):
    route, a, b = ROUTES[name], mirror.a, mirror.b
    a_kwargs, b_kwargs = route_kwargs(name, a), route_kwargs(name, b)
    if a_kwargs == b_kwargs:
        return  # its kwargs name no object (a format, a kind): the slug test covers it
    a_url = route.url(tenant_slug=a.slug, **a_kwargs)
    b_url = route.url(tenant_slug=a.slug, **b_kwargs)
    missing_url = route.url(tenant_slug=a.slug, **missing_kwargs(b_kwargs, same_as=a_kwargs))
    payload = isolation_payload(b)
    control = Control(client_a, route, a_url, payload)
    control.assert_route_answers(name)
    with b_must_not_change(mirror, f"{name} with B's ids under A's slug"):
        for method in METHODS:
            where = f"{method} {b_url} (B's ids under A's slug) as A's admin"
            foreign = send(client_a, route, method, b_url, payload)
            hits = canary_hits(foreign)
            assert not hits, f"{where}: the response shows B's data: {hits}"
            if foreign.status_code == 404:
                continue
            if foreign.status_code == 405:
                # Refused before any lookup: only acceptable when A's own object gets the same 405.
                assert control[method] == 405, f"{where}: 405, but {control[method]} for A's own object: expected 404"
                continue
            # DRF's OPTIONS answers metadata without the object: it must be what ids of no tenant get too.
            missing = send(client_a, route, method, missing_url, payload)
            assert method == "OPTIONS" and foreign.status_code == missing.status_code == 200, (
                f"{where}: {foreign.status_code} (ids of no tenant: {missing.status_code}), expected 404"
            )
            assert foreign.content == missing.content, f"{where}: the metadata differs from the one for ids of no tenant"
    assert not cross_tenant_references()


# --- 3. The canary never reaches A's user ----------------------------------------------------------------


def _get_targets(name: str, mirror):
    """(url, kind) pairs to GET as A's user for route ``name``; kind says how."""
    route = ROUTES[name]
    if route.tenant_scoped:
        url = route.url(tenant_slug=mirror.a.slug, **route_kwargs(name, mirror.a))
    elif name in cases.PUBLIC_OBJECT_ROUTES:
        url = route.url(**cases.PUBLIC_OBJECT_ROUTES[name].kwargs(mirror.a))
    else:
        try:
            url = route.url(**{k: "0" for k in route.kwargs})
        except NoReverseMatch:
            return []
    targets = [(url, "plain")]
    if not route.object_kwargs:
        targets.append((url, "foreign-query"))  # lists and exports: B's ids in their filters
    if route.is_api:
        targets += [(url, "browsable"), (url, "options")]
    if name == "tenant_switch":
        targets.append((f"{url}?slug={mirror.a.slug}", "plain"))
    return targets


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_canary_never_appears_in_a_response_to_the_first_tenants_user(name, mirror, client_a):
    known = ROUTES[name].tenant_scoped or name in cases.PUBLIC_OBJECT_ROUTES or cases.non_tenant_reason(name)
    assert known, f"{name}: no case (see test_every_route_has_a_case)"
    for url, kind in _get_targets(name, mirror):
        if kind == "plain":
            response = client_a.get(url)
        elif kind == "foreign-query":
            response = client_a.get(url, cases.foreign_query(mirror.b))
        elif kind == "browsable":
            response = client_a.get(url, HTTP_ACCEPT="text/html")
        else:
            response = client_a.options(url)
        assert response.status_code < 500, f"GET {url} ({kind}): {response.status_code}"
        hits = canary_hits(response)
        assert not hits, f"GET {url} ({kind}) as A's admin shows B's data: {hits}"


def test_options_on_the_api_docs_is_not_a_500(client_a):
    """drf-spectacular's Swagger view has no template for DRF's OPTIONS metadata: the route refuses OPTIONS."""
    assert client_a.options(ROUTES["swagger-ui"].url()).status_code == 405


def test_the_canary_check_can_fail(mirror, client_a):
    """The detector works: B's own admin does see the canary on B's pages and API."""
    client = Client()
    client.force_login(mirror.b.admin)
    assert canary_hits(client.get(ROUTES["site_list"].url(tenant_slug=mirror.b.slug)))
    assert canary_hits(client.get(ROUTES["api-employee-list"].url(tenant_slug=mirror.b.slug)))


def test_home_lists_only_the_users_groups(mirror, client_a):
    response = client_a.get(ROUTES["home"].url())
    assert response.status_code == 200  # A's admin is in A and C: the chooser
    text = body_text(response)
    assert mirror.a.tenant.name in text and mirror.other.name in text
    assert CANARY_LOWER not in text.lower()


def test_switching_to_the_other_tenant_is_404(mirror, client_a):
    url = ROUTES["tenant_switch"].url()
    assert client_a.get(url, {"slug": mirror.b.slug}).status_code == 404
    assert client_a.get(url, {"slug": mirror.a.slug}).status_code == 302


def test_api_token_of_the_other_tenant_opens_nothing_of_a(mirror):
    """B's admin's token works on B and answers 404 on A (the token is the caller, not a tenant key)."""
    client = Client(HTTP_AUTHORIZATION=f"Token {mirror.b.api_token.key}")
    assert client.get(ROUTES["api-site-list"].url(tenant_slug=mirror.b.slug)).status_code == 200
    response = client.get(ROUTES["api-site-list"].url(tenant_slug=mirror.a.slug))
    assert response.status_code == 404
    assert "Mirror site a" not in body_text(response)


# --- Routes outside /g/<slug>/ that take an object --------------------------------------------------------


def test_invitation_link_of_the_other_tenant(mirror, db):
    """See cases.PUBLIC_OBJECT_ROUTES["invitation_accept"].what_is_asserted."""
    route = ROUTES["invitation_accept"]
    a, b = mirror.a, mirror.b
    client_a = Client()  # accepting may change who is logged in: not the shared client
    client_a.force_login(a.admin)
    b_url = route.url(**cases.PUBLIC_OBJECT_ROUTES["invitation_accept"].kwargs(b))
    missing = client_a.get(route.url(token="z" * 43))
    assert missing.status_code < 500 and not canary_hits(missing)

    users_before = User.objects.count()
    a_before = tenant_fingerprint(a.tenant)
    assert client_a.get(b_url).status_code < 500
    response = client_a.post(
        b_url,
        {"full_name": "Intruder", "password1": "a-Long-passw0rd!", "password2": "a-Long-passw0rd!", "password": "a-Long-passw0rd!"},
    )
    assert response.status_code < 500
    assert not Membership.unscoped.filter(tenant=b.tenant, user=a.admin).exists()
    assert Invitation.unscoped.get(pk=b.invitation.pk).status == "pending"
    assert User.objects.count() == users_before
    assert not fingerprint_diff(a_before, tenant_fingerprint(a.tenant))


def test_employee_import_cannot_reach_the_other_tenant(mirror, client_a):
    """A CSV naming B's dealership, department, employees and managers (by e-mail and number): the import
    matches nothing of B (no update of B's employee, no reference to B's rows), and neither the preview nor
    the report shows anything of B that the file did not contain."""
    a, b = mirror.a, mirror.b
    url = ROUTES["employee_import"].url(tenant_slug=a.slug)
    rows = [
        ["first_name", "last_name", "email", "external_id", "site", "department", "job_title", "manager_email", "manager_number"],
        ["Intrus", "Un", b.employee.email, b.employee.external_id, b.site.name, b.department.code, "VN", b.manager.email, ""],
        ["Intrus", "Deux", "intrus-deux@example.com", "X-2", b.site.name, b.department.name, "VO", "", b.manager.external_id],
        ["Intrus", "Trois", b.employee_member.email, b.employee_member.external_id, "", "", "APV", "", ""],
    ]
    typed = tuple(cell for row in rows for cell in row if CANARY_LOWER in cell.lower())
    data = "\r\n".join(";".join(row) for row in rows).encode()
    with b_must_not_change(mirror, "the employee import"):
        preview = client_a.post(url, {"file": SimpleUploadedFile("intrus.csv", data, content_type="text/csv")})
        assert preview.status_code in (200, 400)
        hits = canary_hits(preview, ignore=typed)
        assert not hits, f"the import preview shows B's data the file did not contain: {hits}"
        token = preview.context.get("token") if preview.context is not None else None
        assert token, "the preview should accept the file (its rows are checked one by one)"
        if token:
            report = client_a.post(url, {"confirm": "1", "token": token}, follow=True)
            assert report.status_code < 500
            hits = canary_hits(report, ignore=typed)
            assert not hits, f"the import report shows B's data the file did not contain: {hits}"
        assert not cross_tenant_references()
        assert not Employee.unscoped.filter(tenant=a.tenant, email__iexact=b.employee.email, site__isnull=False).exists()
        # The row carrying only B's e-mail and number became A's own new employee (B's stays as it was).
        assert Employee.unscoped.filter(tenant=a.tenant, email__iexact=b.employee_member.email).count() <= 1
