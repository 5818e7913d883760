"""Public reads of a statement wall at growing sizes: do they stay flat?

Fills a wall with N published statements (bulk insert, tallies rebuilt), then
times the first page, a deep page (a cursor near the oldest statement), a
filtered page, a search, stats/, feed/ and a permalink, with their query
counts. Run on demand, never as a test:

    .venv/bin/python benchmarks/wall_reads.py                 # SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tuidang_bench \\
        .venv/bin/python benchmarks/wall_reads.py

Sizes default to 1,000 and 200,000 (BENCH_SIZES=1000,200000). Results go to
stdout as a Markdown table for docs/benchmarks.md.
"""

import datetime
import os
import random
import statistics
import sys
import time

# Sets Django up: keep it before any import of Django's.
from _django import BENCH_DIR  # noqa: F401

# isort: split

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import setup_test_environment
from django.utils import timezone

from wagtail_tuidang.models import Statement
from wagtail_tuidang.pages.models import StatementIndexPage
from wagtail_tuidang.statements import search, tallies
from wagtail_tuidang.statements.choices import Region, Status
from wagtail_tuidang.statements.pagination import OLDER, Cursor

REPEATS = 15
REGIONS = [code for code, _label in Region.choices if code]


def fill(wall, count, rng):
    now = timezone.now()
    batch = []
    for number in range(count):
        published = now - datetime.timedelta(seconds=rng.randrange(90 * 86400))
        statement = Statement(
            index_page=wall,
            name=f"化名{number}",
            quit_party=True,
            quit_youth_league=number % 3 == 0,
            people_count=1 + number % 4,
            region=rng.choice(REGIONS),
            text="我声明退出中共及其相关组织。" if number % 2 else "",
            status=Status.PUBLISHED,
            published_at=published,
            decided_at=published,
            submitted_at=published,
            receipt_hash=None,
        )
        # bulk_create does not call save(), which writes the search text.
        statement.search_text = search.search_text(statement)
        batch.append(statement)
        if len(batch) == 5000:
            Statement.objects.bulk_create(batch)
            batch = []
    Statement.objects.bulk_create(batch)
    tallies.rebuild(wall)
    # Fresh planner statistics, as autovacuum would gather after a bulk load;
    # without them PostgreSQL may think the new wall holds a single row.
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Statement._meta.db_table}")


def measure(client, url):
    client.get(url)  # warm the site-root and figures caches
    timings, queries = [], 0
    for _ in range(REPEATS):
        reset_queries()
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        queries = len(connection.queries)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings), queries


def urls(wall):
    oldest = Statement.objects.published().for_page(wall).order_by("published_at", "id")
    deep = Cursor.after(oldest[60], OLDER).encode()
    sample = oldest[10]
    return {
        "wall, first page": wall.url,
        "wall, deep page": f"{wall.url}?cursor={deep}",
        "wall, region filter": f"{wall.url}?region=gd",
        "wall, search": f"{wall.url}?q=化名12",
        "stats/": wall.url + "stats/",
        "feed/": wall.url + "feed/",
        "permalink": f"{wall.url}s/{sample.public_id}/",
    }


def main():
    setup_test_environment()
    from django.conf import settings

    settings.DEBUG = True  # record queries
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "1000,200000").split(",")]
    call_command("migrate", verbosity=0)
    call_command("tuidang_demo", verbosity=0)
    home = StatementIndexPage.objects.first().get_parent()
    client = Client()
    rng = random.Random(7)
    results = {}
    for size in sizes:
        wall = StatementIndexPage(title=f"Bench {size}", slug=f"bench-{size}")
        home.add_child(instance=wall)
        started = time.perf_counter()
        fill(wall, size, rng)
        print(f"filled {size} in {time.perf_counter() - started:.1f}s", file=sys.stderr)
        cache.clear()
        results[size] = {name: measure(client, url) for name, url in urls(wall).items()}
    vendor = connection.vendor
    header = " | ".join(f"{size:,} statements" for size in sizes)
    print(f"\n### {vendor}\n\n| request | {header} |")
    print("|---|" + "---|" * len(sizes))
    for name in results[sizes[0]]:
        cells = " | ".join(
            f"{results[size][name][0]:.1f} ms, {results[size][name][1]} queries"
            for size in sizes
        )
        print(f"| {name} | {cells} |")


if __name__ == "__main__":
    main()
