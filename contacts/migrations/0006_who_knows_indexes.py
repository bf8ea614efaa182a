"""Who-knows at scale on PostgreSQL: a GIN trigram index on UPPER(position), and short GIN pending lists for the
trigram indexes (no-op elsewhere).

contacts.selectors.who_knows looks the matching persons up first, in one bitmap scan per kind of match
(``who_knows_person_lookup``): a BitmapOr of index scans, which needs EVERY arm of the OR indexable.

1. The position arm, ``UPPER(position) LIKE UPPER('%query%')`` (Django's ``icontains``), had no index: the whole
   OR fell back to a sequential scan of the persons, computing the trigram word similarity of each (~0.2 s at
   40,000 persons). The expression index ``person_position_trgm`` serves it (gin_trgm_ops handles LIKE '%...%').
2. ``gin_pending_list_limit = 256`` (kB) on the trigram indexes (0002's and this one), instead of the server's
   default 4 MB. With fastupdate (kept: without it a trigram index makes inserts ~8x slower), new rows wait in
   the index's pending list until it is full or VACUUM runs, and the planner charges every pending page of it
   to each index scan (random_page_cost): after a large import (~400 pending pages at 40,000 persons) a trigram
   scan looked dearer than a sequential scan, which the planner costs far too cheaply (it charges pg_trgm's
   word_similarity like a plain comparison, when it costs microseconds a row). 256 kB caps the charge at 32
   pages; measured on 40,000 persons, inserting with 256 kB or 4 MB costs the same (64 kB doubled it).

Single-column, not composite with tenant_id, for the reasons given in 0002 (btree_gin not required; every
query filters on tenant_id anyway). The relationships are then read through the existing (tenant_id, person_id)
btree index ``rel_tenant_person``: no new btree index is needed.
"""

from django.db import migrations

PENDING_LIST_KB = 256
NEW_INDEXES = [("person_position_trgm", "contacts_person", "UPPER(position::text)")]
TRIGRAM_INDEXES = ["person_company_key_trgm", "person_name_key_trgm", "account_name_key_trgm", "person_position_trgm"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, expression in NEW_INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (({expression}) gin_trgm_ops)")
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f"ALTER INDEX {name} SET (gin_pending_list_limit = {PENDING_LIST_KB})")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _expression in NEW_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f"ALTER INDEX IF EXISTS {name} RESET (gin_pending_list_limit)")


class Migration(migrations.Migration):
    dependencies = [("contacts", "0005_referrals_plans_intros")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
