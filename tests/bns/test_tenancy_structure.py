"""Every tenant-owned table carries a non-null tenant and its declared indexes and unique constraints lead with it
(brief section 6: the database can then be distributed by tenant)."""

from __future__ import annotations

import pytest
from django.apps import apps

from bns.tenancy import TenantOwnedModel

TENANT_MODELS = [m for m in apps.get_models() if issubclass(m, TenantOwnedModel)]


def test_the_walk_finds_the_tenant_models():
    labels = {m._meta.label for m in TENANT_MODELS}
    assert {"bns.Employee", "contacts.Relationship", "networking.Activity", "networking.PulseAnswer"} <= labels


@pytest.mark.parametrize("model", TENANT_MODELS, ids=lambda m: m._meta.label)
def test_tenant_fk_is_required_and_indexes_lead_with_it(model):
    assert model._meta.get_field("tenant").null is False
    for index in model._meta.indexes:
        if index.fields:
            assert index.fields[0].lstrip("-") == "tenant", f"{model._meta.label}: index {index.name} must lead with tenant"
    for constraint in model._meta.constraints:
        fields = getattr(constraint, "fields", None)
        if fields:
            assert fields[0] == "tenant", f"{model._meta.label}: constraint {constraint.name} must lead with tenant"
