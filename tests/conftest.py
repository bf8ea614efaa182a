from __future__ import annotations

import os

import pytest

from bns import tenancy
from bns.models import Role
from bns.tenancy import tenant_scope
from tests.factories import MembershipFactory, TenantFactory, UserFactory


@pytest.fixture(autouse=True)
def _no_tenant_left_in_scope():
    """A test that leaves a tenant in the ContextVar would make every later test in its worker fail: name it."""
    tenancy._current_tenant.set(None)
    yield
    leaked = tenancy.current_tenant()
    if leaked is not None:
        tenancy._current_tenant.set(None)
        pytest.fail(f"this test left tenant {leaked.pk} in scope (a tenant_scope or request edge not closed)")


def services_required() -> bool:
    return os.environ.get("BNS_REQUIRE_SERVICES") == "1"


def pytest_collection_modifyitems(config, items):
    """Service tests need PostgreSQL and Redis: they skip without them, unless BNS_REQUIRE_SERVICES=1."""
    have_services = bool(os.environ.get("DATABASE_URL")) and bool(os.environ.get("REDIS_URL"))
    if have_services:
        return
    if services_required():
        raise pytest.UsageError("BNS_REQUIRE_SERVICES=1 but DATABASE_URL and REDIS_URL are not both set")
    skip = pytest.mark.skip(reason="needs DATABASE_URL (PostgreSQL) and REDIS_URL")
    for item in items:
        if "services" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
    settings.LANGUAGE_CODE = "fr"


@pytest.fixture
def tenant(db):
    return TenantFactory(name="Groupe Armor Test", slug="armor-test")


@pytest.fixture
def other_tenant(db):
    return TenantFactory(name="Groupe Atlantique Test", slug="atlantique-test")


@pytest.fixture
def scope(tenant):
    with tenant_scope(tenant):
        yield tenant


def _member(tenant, role, email):
    user = UserFactory(email=email)
    MembershipFactory(tenant=tenant, user=user, role=role)
    return user


@pytest.fixture
def admin_user(tenant):
    return _member(tenant, Role.ADMIN, "admin@test.example")


@pytest.fixture
def employee_user(tenant):
    return _member(tenant, Role.EMPLOYEE, "employee@test.example")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def employee_client(client, employee_user):
    client.force_login(employee_user)
    return client
