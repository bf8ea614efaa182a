from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client

from tests.isolation.cases import build_mirror


@pytest.fixture(scope="module")
def mirror(django_db_setup, django_db_blocker):
    """Tenants A and B with mirror data, built once per module inside a transaction rolled back at the end.

    Each test runs in its own savepoint (pytest-django's ``db``), so what a test writes is undone too.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = build_mirror()
        except BaseException as exc:
            atomic.__exit__(type(exc), exc, exc.__traceback__)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def _client_a(mirror, django_db_blocker):
    # One client per module: its handler (middleware chain, whitenoise's file scan) is built once. Its session
    # row lives in the module's transaction, so it survives each test's rollback.
    client = Client()
    with django_db_blocker.unblock():
        client.force_login(mirror.a.admin)
    return client


@pytest.fixture
def client_a(db, _client_a):
    """A's administrator (the most powerful role of A), not a member of B. Do not log it out: use a fresh
    ``Client()`` for tests that change who is logged in."""
    _client_a.cookies.pop("messages", None)
    return _client_a


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """The suite sends thousands of API requests as one user: start each test with empty throttle counters, or DRF's
    per-user rate (a real limit, tested elsewhere) answers 429 instead of the response under test."""
    from django.core.cache import cache

    cache.clear()
