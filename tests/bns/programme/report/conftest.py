"""The report's tests: the objectives' ``org`` (exec, owner = process owner, rep, brest, admin; iteration 1 started 30
days ago) and a ``filled`` iteration built through each area's services (see support.py)."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.bns.programme.objectives.conftest import org  # noqa: F401  (the fixture)
from tests.bns.programme.report.support import fill


@pytest.fixture(autouse=True)
def _english(settings):
    """English by default; the French tests switch explicitly."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def filled(org):  # noqa: F811
    fill(org)
    return org
