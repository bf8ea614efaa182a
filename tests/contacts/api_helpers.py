"""Shared by the contacts API tests: an authenticated client and the URL of a contacts endpoint."""

from __future__ import annotations

from django.urls import reverse
from rest_framework.test import APIClient


def api(membership) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=membership.user)
    return client


def u(tenant, name, pk=None, **kwargs) -> str:
    kw = {"tenant_slug": tenant.slug, **kwargs}
    if pk is not None:
        kw["pk"] = pk
    return reverse(f"api-contacts-{name}", kwargs=kw)
