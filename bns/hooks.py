"""Tiny hook registry: lets bns announce events to apps it must not import (contacts...).

Apps register their handlers in their AppConfig.ready(); bns services call the runner inside their
transaction, so a handler's writes commit or roll back with the change that triggered them.
"""

from __future__ import annotations

from collections.abc import Callable

_EMPLOYEE_DEACTIVATED: list[Callable] = []


def employee_deactivated_register(handler: Callable) -> None:
    """``handler(*, tenant, actor, employee)`` runs when an active employee is deactivated."""
    if handler not in _EMPLOYEE_DEACTIVATED:
        _EMPLOYEE_DEACTIVATED.append(handler)


def employee_deactivated_run(*, tenant, actor, employee) -> None:
    for handler in list(_EMPLOYEE_DEACTIVATED):
        handler(tenant=tenant, actor=actor, employee=employee)
