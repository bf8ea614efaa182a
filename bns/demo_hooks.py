"""Extension point of ``manage.py seed_demo`` for the other apps (bns must not import them).

An app registers a seeder from its ``AppConfig.ready()``::

    demo_seeder_register(my_seed)

and ``seed_demo`` calls every registered seeder at the end, inside its transaction, with the demo groups by
slug. A seeder must be deterministic and idempotent like the rest of the demo (a second run creates nothing)
and returns a ``{"what": count}`` dict of what it created.
"""

from __future__ import annotations

from collections.abc import Callable

_SEEDERS: list[Callable] = []


def demo_seeder_register(fn: Callable) -> Callable:
    """Register ``fn(*, tenants, stdout) -> dict[str, int]``; registering twice is a no-op."""
    if fn not in _SEEDERS:
        _SEEDERS.append(fn)
    return fn


def demo_seeders_registered() -> list[Callable]:
    return list(_SEEDERS)


def demo_seeders_run(*, tenants: dict, stdout) -> dict[str, int]:
    """Run every registered seeder on the demo groups (``{slug: Tenant}``); returns the merged counts."""
    created: dict[str, int] = {}
    for fn in _SEEDERS:
        for what, n in (fn(tenants=tenants, stdout=stdout) or {}).items():
            created[what] = created.get(what, 0) + n
    return created
