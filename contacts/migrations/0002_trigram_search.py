"""Typo-tolerant "who knows" on PostgreSQL: the pg_trgm extension and GIN trigram indexes (no-op elsewhere).

contacts.selectors.who_knows matches ``key %> query`` (pg_trgm word similarity) on Person.company_key,
Person.name_key and Account.name_key; these GIN ``gin_trgm_ops`` indexes serve that operator and the
``LIKE '%...%'`` substring matches on the same keys.

Decision on tenant-first: the indexes are single-column, NOT composite with tenant_id. A composite GIN
(tenant_id, key gin_trgm_ops) needs the btree_gin extension, one more extension to get installed on every
managed PostgreSQL, for little gain: there are few tenants, so tenant_id is the least selective column,
and the planner combines a trigram bitmap scan with the existing (tenant_id, ...) btree indexes with a
BitmapAnd when it pays. Isolation does not depend on indexes: every query filters on tenant_id.

On SQLite (development, tests) nothing happens: who_knows uses plain substring matching there.
The extension needs CREATE privilege on the database (pg_trgm is a "trusted" extension since PostgreSQL 13,
so the database owner suffices).
"""

from django.db import migrations

INDEXES = [
    ("person_company_key_trgm", "contacts_person", "company_key"),
    ("person_name_key_trgm", "contacts_person", "name_key"),
    ("account_name_key_trgm", "contacts_account", "name_key"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    # The extension stays: other objects may use it, and dropping it needs more rights than creating it.


class Migration(migrations.Migration):
    dependencies = [("contacts", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
