"""The anonymity test the issue asks for: as an administrator and as the CoDir, try every page, every API endpoint
and every export, and find no way to tie a pulse answer to a person.

A closed pulse answered by 6 known employees with distinctive comments (and an open one answered by 3 of them).
Every GET route of the group (pages under /g/<slug>/ and the API under /api/v1/g/<slug>/, found by walking Django's
URL resolver) without other parameters, plus every pulse route with each pulse's id, as HTML and as JSON:
- no response that shows a comment names a respondent (name or e-mail);
- no response that shows a pulse names a respondent;
- no response names several respondents and nobody else (that would be a list of who answered).
"""

from __future__ import annotations

import pytest
from django.test import Client

from bns.models import Employee
from tests.isolation.support import discover_routes

pytestmark = pytest.mark.django_db

ROUTES, _UNNAMED = discover_routes()
PLAIN_ROUTES = sorted(n for n, r in ROUTES.items() if r.tenant_scoped and not r.object_kwargs)
PULSE_ROUTES = sorted(n for n, r in ROUTES.items() if r.tenant_scoped and r.object_kwargs == ("pk",) and "pulse" in n)
COMMENTS = [f"Remarque-confidentielle-{k} sur la concession" for k in range(6)]
OPEN_COMMENTS = [f"Avis-en-cours-{k}" for k in range(3)]


@pytest.fixture
def world(org):
    closed = org.create(title="Baromètre clos")
    for i in range(6):
        org.answer(closed, org.people[i], offered=["never", "uh_no", "yes"][i % 3], pride=1 + i % 5, products=i + 4,
                   employer=10 - i, comment=COMMENTS[i])
    org.close(closed)
    running = org.create(title="Baromètre en cours")
    for i in range(3):
        org.answer(running, org.people[i], comment=OPEN_COMMENTS[i])
    draft = org.create(title="Baromètre brouillon", open_now=False)
    respondents = org.people[:6]
    others = org.people[6:]
    return {"org": org, "pulses": [closed, running, draft], "respondents": respondents, "others": others}


def _identifiers(memberships) -> dict[str, str]:
    """Each person's distinctive marks (last name, e-mails) -> the person."""
    out = {}
    for m in memberships:
        employee = Employee.unscoped.get(pk=m.employee_id)
        for mark in (employee.last_name, employee.email, m.user.email):
            out[mark.lower()] = employee.full_name
    return out


def _requests(tenant, pulses):
    """(what, url, accept) for every GET to try."""
    for name in PLAIN_ROUTES + PULSE_ROUTES:
        route = ROUTES[name]
        kwargs_list = [{}] if not route.object_kwargs else [{"pk": p.pk} for p in pulses]
        for kwargs in kwargs_list:
            url = route.url(tenant_slug=tenant.slug, **kwargs)
            yield name, url, "application/json" if route.is_api else "text/html"
            if route.is_api:
                yield name, url, "text/html"  # the browsable API too


@pytest.mark.parametrize("viewer", ["admin", "executive"])
def test_no_page_api_or_export_ties_an_answer_to_a_person(world, viewer):
    org = world["org"]
    client = Client(raise_request_exception=False)
    client.force_login(getattr(org, viewer).user)
    respondents = _identifiers(world["respondents"])
    others = _identifiers(world["others"])
    titles = [p.title.lower() for p in world["pulses"]]
    comments = [c.lower() for c in COMMENTS + OPEN_COMMENTS]
    seen_comments, tried, problems = set(), 0, []
    for name, url, accept in _requests(org.tenant, world["pulses"]):
        response = client.get(url, HTTP_ACCEPT=accept)
        if response.status_code != 200:
            continue
        tried += 1
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = (body.decode("utf-8", errors="replace") + str(response.headers)).lower()
        named = {person for mark, person in respondents.items() if mark in text}
        shown_comments = [c for c in comments if c in text]
        seen_comments.update(shown_comments)
        if shown_comments and named:
            problems.append(f"{name} {url} ({accept}) shows comments and names {sorted(named)}")
        if named and any(title in text for title in titles):
            problems.append(f"{name} {url} ({accept}) shows a pulse and names {sorted(named)}")
        if len(named) >= 2 and not any(mark in text for mark in others):
            problems.append(f"{name} {url} ({accept}) names only respondents: {sorted(named)}")
    assert not problems, "\n".join(problems)
    # The walk did reach the results (so the checks above were not vacuous), and never an open pulse's comments.
    assert tried > 50
    assert {c.lower() for c in COMMENTS} <= seen_comments
    assert not {c.lower() for c in OPEN_COMMENTS} & seen_comments


def test_the_walk_covers_the_pulse_pages_and_endpoints():
    assert {"networking_pulse_list", "api-networking-pulse-list"} <= set(PLAIN_ROUTES)
    assert {"networking_pulse_results", "networking_pulse_results_export", "api-networking-pulse-results",
            "api-networking-pulse-detail", "networking_pulse_answer"} <= set(PULSE_ROUTES)
