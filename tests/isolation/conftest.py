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


@pytest.fixture
def client_a(db, mirror):
    """A's administrator (the most powerful role of A), not a member of B."""
    client = Client()
    client.force_login(mirror.a.admin)
    return client
