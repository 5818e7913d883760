"""Public pages side by side with a limit page, in one process.

The limit page (``tests.testapp.models.LimitPage``) is a bare Wagtail page
that lists the titles of the 50 newest pages, read in one query: Wagtail's
own routing and a template, the floor a page of this plugin is compared
with. Builds an index of N articles (as ``article_reads.py`` does, the same
seeded text for every article) and a wall of M published statements (as
``wall_reads.py`` fills it), warms every cache, then requests the pages in
turn, in a new shuffled order each round, and prints for each: the median
time, its queries and "× limit", its median divided by the limit page's in
the same run.

Run on demand, never as a test, on a new database:

    .venv/bin/python benchmarks/pages.py                 # SQLite file
    createdb -h 127.0.0.1 -U postgres tuidang_bench_pages
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tuidang_bench_pages \\
        .venv/bin/python benchmarks/pages.py

BENCH_ARTICLES sets N (default 200), BENCH_STATEMENTS M (default 10,000),
BENCH_ROUNDS the requests of each page (default 40). On PostgreSQL the
tables are analysed after filling unless BENCH_ANALYZE=0 (a server whose
autovacuum has not run yet plans with stale statistics). Results go to
stdout as a Markdown table for docs/benchmarks.md.
"""

import os
import platform
import random
import statistics
import sys
import time

# Sets Django up: keep it before any import of Django's.
from _django import BENCH_DIR  # noqa: F401

# isort: split

import django
import wagtail
from article_reads import timed
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import setup_test_environment
from wagtail.images import get_image_model
from wall_reads import fill
from wall_reads import urls as wall_urls

from tests.factories import make_index, make_rich_site
from tests.testapp.models import LimitPage
from wagtail_tuidang.pages.models import StatementIndexPage

LIMIT = "limit page"


def build(articles, statements):
    """The pages to request, by name, on a new site."""
    call_command("tuidang_demo", verbosity=0)
    home = StatementIndexPage.objects.first().get_parent()
    limit = home.add_child(instance=LimitPage(title="Limit", slug="limit"))
    index = make_index(home.specific, title="Bench news", slug="bench-news")
    made = make_rich_site(index, articles)[-articles:]  # after any demo articles
    # The middle of the list, one of the articles that recommend others.
    article = made[(articles // 2) // 3 * 3]
    wall = StatementIndexPage(title="Bench wall", slug="bench-wall")
    home.add_child(instance=wall)
    fill(wall, statements, random.Random(7))
    if connection.vendor == "postgresql" and os.environ.get("BENCH_ANALYZE") != "0":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    wall_pages = wall_urls(wall)
    return {
        LIMIT: limit.url,
        "article page": article.url,
        "article index": index.url,
        "article feed/": index.url + "feed/",
        "wall, first page": wall_pages["wall, first page"],
        "wall, deep page": wall_pages["wall, deep page"],
        "permalink": wall_pages["permalink"],
        "stats/": wall_pages["stats/"],
        "wall feed/": wall_pages["feed/"],
    }


def measure(client, pages, rounds):
    """Median milliseconds and query count of each page, requested in
    interleaved rounds so that every page meets the same machine."""
    for url in pages.values():  # renditions, caches: as the first reader does
        timed(client, url)
    timings = {name: [] for name in pages}
    counts = {name: set() for name in pages}
    order = list(pages)
    rng = random.Random(11)
    for _ in range(rounds):
        rng.shuffle(order)
        for name in order:
            elapsed, queries = timed(client, pages[name])
            timings[name].append(elapsed)
            counts[name].add(queries)
    return {
        name: (statistics.median(timings[name]), _count_text(counts[name]))
        for name in pages
    }


def _count_text(counts):
    low, high = min(counts), max(counts)
    return str(low) if low == high else f"{low}–{high}"


def _database_version():
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    return (
        f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
    )


def _load_average():
    with open("/proc/loadavg") as file:
        return " ".join(file.read().split()[:3])


def report(results, articles, statements, load_before):
    limit = results[LIMIT][0]
    versions = (
        f"Python {platform.python_version()}, Django {django.__version__}, "
        f"Wagtail {wagtail.__version__}, {_database_version()}"
    )
    load_after = _load_average()
    print(
        f"\n### {connection.vendor}, {articles} articles, {statements:,} statements\n"
    )
    print(f"{versions}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())};")
    print(f"load average {load_before} before, {load_after} after.\n")
    print("| page | median | queries | × limit |\n|---|---|---|---|")
    for name, (elapsed, queries) in results.items():
        print(f"| {name} | {elapsed:.1f} ms | {queries} | {elapsed / limit:.2f} |")


def main():
    setup_test_environment()
    from django.conf import settings

    settings.DEBUG = True  # record queries
    articles = int(os.environ.get("BENCH_ARTICLES", "200"))
    statements = int(os.environ.get("BENCH_STATEMENTS", "10000"))
    rounds = int(os.environ.get("BENCH_ROUNDS", "40"))
    call_command("migrate", verbosity=0)
    if get_image_model().objects.exists():
        # Image files live in memory (the test settings' storage): see
        # article_reads.py.
        sys.exit("Run this benchmark on a new database.")
    pages = build(articles, statements)
    load_before = _load_average()
    results = measure(Client(), pages, rounds)
    report(results, articles, statements, load_before)


if __name__ == "__main__":
    main()
