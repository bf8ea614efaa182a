from __future__ import annotations

import pytest
from django.utils import translation

from tests.bns.programme.strategy.support import make_org


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def org(tenant):
    return make_org(tenant)
