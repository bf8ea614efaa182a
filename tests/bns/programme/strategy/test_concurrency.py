"""Two editors retaining two different options of one iteration at the same moment: exactly one is retained.

On PostgreSQL, with two real connections (threads): an option of the iteration is held locked by a third transaction
while both calls start, so both queue on the lock (checked in pg_stat_activity) before it is released; the service's
``select_for_update`` on the iteration's options then serialises them and the second one sees the first decision and is
refused with a clear message. (On SQLite, select_for_update does nothing: test_services.py covers the sequential second
retain and the IntegrityError path of the service.)
"""

from __future__ import annotations

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from bns.models import AuditEvent
from bns.programme.models import StrategyOption
from bns.programme.strategy import services

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _race(lock_pk: int, calls) -> list[str]:
    results: list[str] = []
    threads = []

    def run(call):
        try:
            call()
            results.append("done")
        except ValidationError as exc:
            results.append(f"refused: {' '.join(exc.messages)}")
        finally:
            connection.close()

    with transaction.atomic():
        StrategyOption.unscoped.select_for_update().get(pk=lock_pk)
        for call in calls:
            thread = threading.Thread(target=run, args=(call,))
            thread.start()
            threads.append(thread)
        with connection.cursor() as cursor:
            for _attempt in range(400):  # up to ~20 s for the threads to connect and queue
                cursor.execute("SELECT pg_stat_clear_snapshot()")
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
                if cursor.fetchone()[0] >= len(calls):
                    break
                time.sleep(0.05)
            else:
                pytest.fail("the concurrent calls never queued on the row lock")
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_editors_retaining_at_once_retain_one_option(org):
    a, b, c = (services.strategy_option_create(tenant=org.tenant, actor=org.user("owner"), programme=org.programme, title=title)
               for title in ("Ambassadeurs", "Tout le monde", "Pilote"))
    results = _race(a.pk, [
        lambda: services.strategy_option_retain(tenant=org.tenant, actor=org.user("owner"), option=b, rationale="B"),
        lambda: services.strategy_option_retain(tenant=org.tenant, actor=org.user("executive"), option=c, rationale="C"),
    ])
    assert sorted(r.split(":")[0] for r in results) == ["done", "refused"], results
    assert any("is already retained for this iteration" in r for r in results), results
    retained = StrategyOption.unscoped.filter(programme=org.programme, status="retained")
    assert retained.count() == 1
    assert StrategyOption.unscoped.filter(programme=org.programme, status="rejected").count() == 2
    assert AuditEvent.unscoped.filter(verb="programme.strategy_option.retain").count() == 1
