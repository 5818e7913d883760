"""Public reads of news articles: an article page and the article index with
50 articles, in each state their caches can be in.

Builds an index of N articles (three authors with photos, three tags, two
categories, a hero image, a body with two images, a quote and an embed;
every third article recommends two others), then times, with query counts:

- the article page and the index with every cache warm (median of 15);
- the article page after another article was published (its related list
  is recomputed), after the article itself was republished, and after the
  whole cache was emptied (the median of 15 rounds of each).

Run on demand, never as a test, on a new database:

    .venv/bin/python benchmarks/article_reads.py                 # SQLite file
    createdb -h 127.0.0.1 -U postgres tuidang_bench_articles
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tuidang_bench_articles \\
        .venv/bin/python benchmarks/article_reads.py

BENCH_ARTICLES sets N (default 50). Results go to stdout as a Markdown table
for docs/benchmarks.md.
"""

import os
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
from wagtail.images import get_image_model

from tests.factories import make_index, make_rich_site
from wagtail_tuidang.pages.models import StatementIndexPage

REPEATS = 15


def timed(client, url):
    reset_queries()
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(connection.queries)


def median(client, url, before=None):
    """Median time of ``REPEATS`` views of ``url``, each after ``before()``;
    and the query count (the same every time, or the range)."""
    timings, counts = [], set()
    if before is None:
        client.get(url)  # warm whatever the previous measurement emptied
    for _ in range(REPEATS):
        if before is not None:
            before()
        elapsed, queries = timed(client, url)
        timings.append(elapsed)
        counts.add(queries)
    low, high = min(counts), max(counts)
    return statistics.median(timings), str(low) if low == high else f"{low}–{high}"


def main():
    setup_test_environment()
    from django.conf import settings

    settings.DEBUG = True  # record queries
    count = int(os.environ.get("BENCH_ARTICLES", "50"))
    call_command("migrate", verbosity=0)
    if get_image_model().objects.exists():
        # Image files live in memory (the test settings' storage): those of
        # an earlier run are gone, and pages showing them would be measured
        # failing to make their renditions.
        sys.exit("Run this benchmark on a new database.")
    call_command("tuidang_demo", verbosity=0)
    home = StatementIndexPage.objects.first().get_parent().specific
    index = make_index(home, title="Bench news", slug="bench-news")
    made = make_rich_site(index, count)[-count:]  # after any demo articles
    article, other = made[0], made[1]
    client = Client()
    client.get(article.url)  # makes the renditions once, as the first reader does
    client.get(index.url)
    client.get(index.url + "?tag=all")

    rows = [
        ("article page, warm", median(client, article.url)),
        (
            "article page, after another article was published",
            median(client, article.url, lambda: other.save_revision().publish()),
        ),
        (
            "article page, after it was republished",
            median(client, article.url, lambda: article.save_revision().publish()),
        ),
        ("article page, cache emptied", median(client, article.url, cache.clear)),
        ("index page, warm", median(client, index.url)),
        ("index page with ?tag=, warm", median(client, index.url + "?tag=all")),
        ("index page, cache emptied", median(client, index.url, cache.clear)),
    ]
    print(f"\n### {connection.vendor}, {count} articles\n")
    print("| request | median | queries |\n|---|---|---|")
    for name, (elapsed, queries) in rows:
        print(f"| {name} | {elapsed:.1f} ms | {queries} |")


if __name__ == "__main__":
    main()
