"""Database time of the wall's filters and searches on PostgreSQL, before
and after the indexes of migration 0015 and the search of
``search.first_matches``. Run on demand, never as a test:

    createdb -h 127.0.0.1 -U postgres tuidang_wall_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/tuidang_wall_bench
    DJANGO_SETTINGS_MODULE=tests.settings PYTHONPATH=.:example_site \\
        .venv/bin/python -m django migrate
    psql "$DATABASE_URL" -v rows=10000000 -v page=2 -f benchmarks/wall_fill.sql
    .venv/bin/python benchmarks/wall_plans.py

Each request is run as the wall runs it (the first page, and a deep page:
a cursor 90 % of the way to the oldest statement), its queries captured,
then replayed with ``EXPLAIN (ANALYZE, BUFFERS)`` (planner settings included)
after a warm-up; the median of three runs of the summed execution times is
printed. "Before" is the same request read in order (``first_rows``, the
wall's way before) with the indexes of migration 0015 dropped in a
transaction that is rolled back. Prints a Markdown table; BENCH_PLANS=1
also prints each plan's top lines, BENCH_ONLY=q=,region= only the requests
containing one of those texts, BENCH_RUNS=1 one run (after a warm-up),
BENCH_NO_BEFORE=1 no "before". BENCH_COMPARE=<git revision> adds a column:
the same request read by ``search.first_matches`` as it was at that
revision, measured in the same run.
"""

import os
import statistics
import subprocess
import sys
import types

from _django import BENCH_DIR  # noqa: F401

# isort: split

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from wagtail_tuidang.models import Statement
from wagtail_tuidang.statements import search
from wagtail_tuidang.statements.filters import StatementFilterForm
from wagtail_tuidang.statements.pagination import OLDER, Cursor, first_rows, paginate
from wagtail_tuidang.statements.views.listing import published_statements

NEW_INDEXES = (
    "tuidang_stmt_region_idx",
    "tuidang_stmt_party_idx",
    "tuidang_stmt_youth_league_idx",
    "tuidang_stmt_young_pioneers_idx",
)
REQUESTS = [
    "region=gd",
    "region=qh",
    "region=xz",
    "org=party",
    "org=youth_league",
    "org=young_pioneers",
    "day=DAY",
    "q=声明",
    "q=我声明退出",
    "q=quit",
    "q=王",
    "q=鑫",
    "q=wei",
    "q=zhang wei",
    "q=西",
    "q=西宁",
    "q=kowalski",
    "q=nobody",
]
PER_PAGE = 50
#: What ``search`` sets for one transaction, undone as its end would.
PLANNER_SETTINGS = (
    "enable_seqscan",
    "enable_indexscan",
    "enable_indexonlyscan",
    "enable_bitmapscan",
    "work_mem",
    "jit",
    "max_parallel_workers_per_gather",
)
RUNS = int(os.environ.get("BENCH_RUNS", "3"))


class Page:
    def __init__(self, pk):
        self.pk = pk


def search_at(revision):
    """``wagtail_tuidang.statements.search`` as it was at ``revision``."""
    source = subprocess.run(  # noqa: S603 (a revision given by whoever runs this)
        ["git", "show", f"{revision}:wagtail_tuidang/statements/search.py"],  # noqa: S607
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    module = types.ModuleType("wagtail_tuidang.statements.search_at_revision")
    module.__package__ = "wagtail_tuidang.statements"
    exec(compile(source, f"search.py at {revision}", "exec"), module.__dict__)  # noqa: S102
    return module


def captured(page, params, cursor, before, searching=search):
    """The queries of one request, and the number of statements it shows:
    read as the wall reads it (with the module ``searching``), or as it
    did ``before``."""
    form = StatementFilterForm(params)
    assert not form.errors, form.errors
    words = form.filters.get("q")
    fetch = first_rows if before or not words else searching.first_matches(words)
    listing = form.apply(published_statements(page), search=before)
    with CaptureQueriesContext(connection) as queries:
        result = paginate(listing, PER_PAGE, cursor, fetch)
    return [query["sql"] for query in queries], len(result.items)


def explain(sqls):
    """Summed execution time of ``sqls`` replayed in one transaction."""
    total, plans = 0.0, []
    with transaction.atomic(), connection.cursor() as cursor:
        settings_on = False
        for sql in sqls:
            if "set_config(" in sql:
                cursor.execute(sql)
                settings_on = True
                continue
            if not sql.startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            lines = [row[0] for row in cursor.fetchall()]
            total += float(lines[-1].split()[2])
            plans.append(lines)
            if settings_on:
                # SET LOCAL lasts until its transaction ends, here after
                # the next query.
                for name in PLANNER_SETTINGS:
                    cursor.execute(f"SET LOCAL {name} TO DEFAULT")  # as COMMIT
                settings_on = False
    return total, plans


def count_selects(sqls):
    """Round trips to the database (planner settings included)."""
    return sum(1 for sql in sqls if sql.startswith("SELECT"))


def measure(sqls):
    explain(sqls)
    runs = [explain(sqls) for _run in range(RUNS)]
    return statistics.median(run[0] for run in runs), runs[-1][1]


def deep_cursor(page):
    rows = Statement.objects.published().filter(index_page_id=page.pk)
    newest = rows.order_by("-published_at").values_list("published_at", flat=True)[0]
    oldest = rows.order_by("published_at").values_list("published_at", flat=True)[0]
    return Cursor(OLDER, oldest + (newest - oldest) / 10, 2**62)


def main():
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database (see the docstring).")
    page = Page(int(os.environ.get("BENCH_PAGE", "2")))
    cursor = deep_cursor(page)
    day = (cursor.published_at.date()).isoformat()
    show_plans = os.environ.get("BENCH_PLANS")
    compare = os.environ.get("BENCH_COMPARE")
    earlier = search_at(compare) if compare else None
    at = f" ms at {compare} | queries at {compare} |" if compare else ""
    print(f"| request | page | rows | ms before |{at} ms after | queries after |")
    print("|---|---|---|---|" + "---|---|" * bool(compare) + "---|---|")
    only = os.environ.get("BENCH_ONLY", "").split(",")
    for request in REQUESTS:
        if not any(text in request for text in only):
            continue
        name, value = request.replace("DAY", day).split("=")
        for label, position in (("first", None), ("deep", cursor)):
            after, found = captured(page, {name: value}, position, False)
            before, found_before = captured(page, {name: value}, position, True)
            assert found == found_before, (request, found, found_before)
            ms_after, plans_after = measure(after)
            columns = ""
            if earlier is not None:
                then, found_then = captured(
                    page, {name: value}, position, False, earlier
                )
                assert found == found_then, (request, found, found_then)
                ms_then, _plans = measure(then)
                columns = f" {ms_then:.2f} | {count_selects(then)} |"
            ms_before, plans_before = float("nan"), []
            if not os.environ.get("BENCH_NO_BEFORE"):
                with transaction.atomic():
                    with connection.cursor() as db:
                        db.execute(f"DROP INDEX IF EXISTS {', '.join(NEW_INDEXES)}")
                    ms_before, plans_before = measure(before)
                    transaction.set_rollback(True)
            print(
                f"| `?{name}={value}` | {label} | {found} | {ms_before:.2f} |"
                f"{columns} {ms_after:.2f} | {count_selects(after)} |",
                flush=True,
            )
            if show_plans:
                for lines in plans_before[:1] + plans_after:
                    print("    " + "\n    ".join(line[:140] for line in lines[:6]))


if __name__ == "__main__":
    main()
