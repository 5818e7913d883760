"""The open data routes of a wall of BENCH_SIZE published statements
(default 10,000,000) on PostgreSQL: ``stats/json/``, ``embed/counter/``,
``embed/badge/`` and, for comparison, ``stats/``. Run on demand, never as a
test:

    createdb -h 127.0.0.1 -U postgres tuidang_open_data
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tuidang_open_data \\
        .venv/bin/python benchmarks/open_data.py

The statements are copies of one statement published through the
transitions module (so that every column holds what the site writes), made
by one ``INSERT … SELECT`` over ``generate_series``, after dropping the
statement table's secondary indexes (the routes never read the statements,
and building the search indexes for ten million rows takes longer than the
rest): one every 9 seconds back
from now (about 9,600 a day, so ten million cover about three years), the
region varied, one to three people each; then the tallies are recounted
with ``tallies.rebuild()`` and the table analysed. Each route is requested
through Django's test client: "cold" with the figures forgotten (as after a
publication), "warm" with them cached; the median of BENCH_RUNS requests
(default 20) and the queries of one request are printed as a Markdown
table, with the load average.
"""

import os
import statistics
import sys
import time

# Sets Django up: keep it before any import of Django's.
from _django import BENCH_DIR  # noqa: F401

# isort: split

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from mirror_export import make_site

from wagtail_tuidang.models import Statement
from wagtail_tuidang.statements import tallies, transitions

REGIONS = (
    "', 'bj', 'tj', 'he', 'sx', 'nm', 'ln', 'jl', 'hl', 'sh', 'js', 'zj', 'ah', "
    "'fj', 'jx', 'sd', 'ha', 'hb', 'hn', 'gd', 'gx', 'hi', 'cq', 'sc', 'gz', 'yn', "
    "'xz', 'sn', 'gs', 'qh', 'nx', 'xj', 'hk', 'mo', 'tw', 'os"
)
#: Columns of the copies that differ from the template statement.
OVERRIDES = {
    "public_id": "'o' || g.i",
    "registration_number": "NULL",
    "receipt_hash": "NULL",
    "submission_key": "NULL",
    "import_key": "NULL",
    "region": f"(ARRAY['{REGIONS}'])[1 + g.i %% 36]",
    "people_count": "1 + g.i %% 3",
    "quit_youth_league": "g.i %% 2 = 0",
    "submitted_at": "now() - g.i * interval '9 seconds'",
    "published_at": "now() - g.i * interval '9 seconds'",
    "decided_at": "now() - g.i * interval '9 seconds'",
    "declared_on": "(now() - g.i * interval '9 seconds')::date",
}
ROUTES = ("stats/json/", "embed/counter/", "embed/badge/", "stats/")


def fill(wall, size):
    template, _code = make_template(wall)
    table = Statement._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = %s AND column_name <> 'id' ORDER BY ordinal_position",
            [table],
        )
        columns = [row[0] for row in cursor.fetchall()]
        values = [OVERRIDES.get(column, f"t.{column}") for column in columns]
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
            [table],
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{name}"')
        started = time.perf_counter()
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 (names from the schema)
            f"SELECT {', '.join(values)} FROM {table} AS t, "
            "generate_series(1, %s) AS g(i) WHERE t.id = %s",
            [size - 1, template.pk],
        )
        print(f"inserted in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    started = time.perf_counter()
    tallies.rebuild(wall)
    print(f"tallies rebuilt in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")


def make_template(wall):
    statement = Statement.objects.create(
        index_page=wall, name="化名", quit_party=True, text="我声明退出中共。"
    )
    transitions.publish(statement)
    return statement, None


def measure(client, wall, route, cold, runs):
    url = wall.url + route
    client.get(url)  # Wagtail's site root paths and the like, cached
    times = []
    for _run in range(runs):
        if cold:
            tallies.invalidate(wall.pk)
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    if cold:
        tallies.invalidate(wall.pk)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times), len(queries)


def main():
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database.")
    size = int(os.environ.get("BENCH_SIZE", "10000000"))
    runs = int(os.environ.get("BENCH_RUNS", "20"))
    call_command("migrate", verbosity=0)
    wall = make_site()
    fill(wall, size)
    client = Client()
    published = Statement.objects.published().count()
    load = os.getloadavg()
    print(f"\n### PostgreSQL, {published:,} published statements, load {load[0]:.1f}\n")
    print("| route | cold: median ms | queries | warm: median ms | queries |")
    print("|---|---|---|---|---|")
    for route in ROUTES:
        cold = measure(client, wall, route, True, runs)
        warm = measure(client, wall, route, False, runs)
        print(f"| `{route}` | {cold[0]:.1f} | {cold[1]} | {warm[0]:.1f} | {warm[1]} |")
    print(f"\nload average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
