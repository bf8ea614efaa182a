"""Reviews and lessons' tests reuse the objectives' group (``org``: exec, owner = process owner, rep, brest, admin without
an employee; iteration 1 started 30 days ago). Helpers: support.py."""

from tests.bns.programme.objectives.conftest import _english_messages, org  # noqa: F401  (fixtures)
