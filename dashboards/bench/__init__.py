"""The dashboards' benchmark (issue 7, "Performance"): ``python manage.py bench_dashboards``.

A developer tool, PostgreSQL only. ``sizes`` says how much data each bench tenant holds, ``generate`` loads it
with set-based SQL (INSERT ... SELECT generate_series, never the ORM row by row) and drops it, ``measure`` times
the snapshot task against its plain-SQL lower bound, the dashboard pages in-process, and a small tenant's
snapshot with and without the large one. Nothing in the product imports this package.
"""
