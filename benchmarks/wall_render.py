"""What a page of the wall costs to render, per language, and where it goes.

Fills a wall with 200 published statements (varied organisations, regions,
names and texts), then requests its first page (50 statements) in each
language the plugin ships, with a warm cache, and prints a Markdown table:
median ms per page, queries, ``gettext`` calls and ``get_FOO_display``
calls per page (counted with cProfile on one extra request). Run on demand,
never as a test:

    .venv/bin/python benchmarks/wall_render.py
    BENCH_PROFILE=25 .venv/bin/python benchmarks/wall_render.py   # + top 25

``BENCH_PROFILE=N`` also prints the top N functions by internal time of one
request in the first language.
"""

import cProfile
import io
import os
import pstats
import random
import statistics
import time

from _django import BENCH_DIR  # noqa: F401

# isort: split

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import setup_test_environment
from wall_reads import fill

from wagtail_tuidang.pages.models import StatementIndexPage

LANGUAGES = ("zh-hans", "zh-hant", "en")
REPEATS = 30
SIZE = 200


def timed(client, url, language):
    reset_queries()
    started = time.perf_counter()
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, response.status_code
    return elapsed, len(connection.queries)


def calls(stats, module, *names):
    """Calls per request to functions of ``module`` (a path fragment) named
    one of ``names``."""
    return sum(
        row[1]
        for (path, _line, function), row in stats.stats.items()
        if module in path and function in names
    )


def profile(client, url, language):
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    profiler.disable()
    return pstats.Stats(profiler)


def main():
    setup_test_environment()
    from django.conf import settings

    settings.DEBUG = True  # record queries
    call_command("migrate", verbosity=0)
    call_command("tuidang_demo", verbosity=0)
    home = StatementIndexPage.objects.first().get_parent()
    wall = StatementIndexPage(title="Bench", slug="bench")
    home.add_child(instance=wall)
    fill(wall, SIZE, random.Random(7))
    cache.clear()
    client = Client()
    rows = []
    for language in LANGUAGES:
        for _warm in range(3):
            timed(client, wall.url, language)
        runs = [timed(client, wall.url, language) for _run in range(REPEATS)]
        stats = profile(client, wall.url, language)
        gettexts = calls(
            stats, "trans_real", "gettext", "pgettext", "ngettext", "npgettext"
        )
        displays = calls(stats, "django", "_get_FIELD_display")
        ms = statistics.median(run[0] for run in runs)
        rows.append((language, ms, runs[-1][1], gettexts, displays))
    print(f"\n### wall, first page of 50 ({connection.vendor})\n")
    print(
        "| language | ms per page (median) | queries | gettext calls "
        "| get_FOO_display calls |"
    )
    print("|---|---|---|---|---|")
    for language, ms, queries, gettexts, displays in rows:
        print(f"| {language} | {ms:.1f} | {queries} | {gettexts} | {displays} |")
    top = int(os.environ.get("BENCH_PROFILE", "0"))
    if top:
        out = io.StringIO()
        stats = profile(client, wall.url, LANGUAGES[0])
        stats.stream = out
        stats.sort_stats("tottime").print_stats(top)
        print("\n```\n" + out.getvalue().strip() + "\n```")


if __name__ == "__main__":
    main()
